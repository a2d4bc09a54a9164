//! The tenant's settings and stats: the settings a `raven_tenant` configures (each with the
//! server's default and its limits) and the same settings as the data source reads them (derived
//! from the configured rows, so they share every name and description); the usage stats; and
//! their typed models ([`SettingsModel`], one model for both settings tables, and [`StatsModel`]).

use tf_provider_framework::attributes::{as_computed, DefaultValue, Field, Kind, Validator};

use crate::provider::catalog::{
    DEFAULT_BATCH_SIZE, DEFAULT_ENCRYPTION_MODE, DEFAULT_MAX_CONVERSATIONS_PER_USER,
    DEFAULT_MAX_USERS, DEFAULT_RETENTION_DAYS, ENCRYPTION_MODES, MAX_RETENTION_DAYS,
    WEBHOOK_URL_MEANING, WEBHOOK_URL_PATTERN,
};

const RETENTION_DAYS_TEXT: &str = "Days memory blobs are retained.";
const BATCH_SIZE_TEXT: &str = "Interactions collected before a flush.";
const MAX_CONVERSATIONS_TEXT: &str = "The most conversations one user may have.";
const MAX_USERS_TEXT: &str = "The most users the tenant may have.";
const ENCRYPTION_MODE_TEXT: &str =
    "How encryption keys are managed: `platform` (by Raven) or `byok` (bring your own key).";
const WEBHOOK_URL_TEXT: &str = "The URL Raven sends events to. Removing it removes the webhook \
                           together with its `webhook_events`.";
const WEBHOOK_EVENTS_TEXT: &str =
    "The events sent to `webhook_url` (a set: order and repeats carry \
                              no meaning); left out, none.";

const COUNT: Validator = Validator::Range {
    min: 1,
    max: i64::MAX,
};

/// The rows of the settings a `raven_tenant` configures: every one optional, the server's default
/// planned when left out, changed in place.
pub mod configured {
    use super::*;
    use crate::provider::catalog::WEBHOOK_EVENTS as WEBHOOK_EVENTS_LIST;

    pub const RETENTION_DAYS: Field =
        Field::optional_computed("retention_days", Kind::Int, super::RETENTION_DAYS_TEXT)
            .updates()
            .default(DefaultValue::Int(DEFAULT_RETENTION_DAYS))
            .validators(&[Validator::Range {
                min: 1,
                max: MAX_RETENTION_DAYS,
            }]);
    pub const BATCH_SIZE: Field =
        Field::optional_computed("batch_size", Kind::Int, super::BATCH_SIZE_TEXT)
            .updates()
            .default(DefaultValue::Int(DEFAULT_BATCH_SIZE))
            .validators(&[COUNT]);
    pub const MAX_CONVERSATIONS_PER_USER: Field = Field::optional_computed(
        "max_conversations_per_user",
        Kind::Int,
        super::MAX_CONVERSATIONS_TEXT,
    )
    .updates()
    .default(DefaultValue::Int(DEFAULT_MAX_CONVERSATIONS_PER_USER))
    .validators(&[COUNT]);
    pub const MAX_USERS: Field =
        Field::optional_computed("max_users", Kind::Int, super::MAX_USERS_TEXT)
            .updates()
            .default(DefaultValue::Int(DEFAULT_MAX_USERS))
            .validators(&[COUNT]);
    pub const ENCRYPTION_MODE: Field =
        Field::optional_computed("encryption_mode", Kind::String, super::ENCRYPTION_MODE_TEXT)
            .updates()
            .default(DefaultValue::String(DEFAULT_ENCRYPTION_MODE))
            .validators(&[Validator::OneOf(ENCRYPTION_MODES)]);
    pub const WEBHOOK_URL: Field =
        Field::optional("webhook_url", Kind::String, super::WEBHOOK_URL_TEXT)
            .updates()
            .validators(&[Validator::Pattern {
                pattern: WEBHOOK_URL_PATTERN,
                meaning: WEBHOOK_URL_MEANING,
            }]);
    pub const WEBHOOK_EVENTS: Field = Field::optional(
        "webhook_events",
        Kind::StringSet,
        super::WEBHOOK_EVENTS_TEXT,
    )
    .updates()
    .validators(&[
        Validator::OneOf(WEBHOOK_EVENTS_LIST),
        Validator::Items {
            min: 1,
            max: usize::MAX,
        },
        Validator::Requires(&["webhook_url"]),
    ]);
}

/// The settings of a `raven_tenant`: [`SettingsModel`]'s table.
pub const RESOURCE_SETTINGS: &[Field] = SettingsModel::FIELDS;

/// The same settings as read (the data source): every one computed, in the same words.
pub const READ_SETTINGS: &[Field] = &as_computed::<{ RESOURCE_SETTINGS.len() }>(RESOURCE_SETTINGS);

/// The rows of the tenant's usage statistics.
pub mod stats {
    use super::*;

    pub const USER_COUNT: Field = Field::computed("user_count", Kind::Int, "Users of the tenant.");
    pub const CONVERSATION_COUNT: Field = Field::computed(
        "conversation_count",
        Kind::Int,
        "Conversations of the tenant.",
    );
    pub const TOTAL_INTERACTIONS: Field = Field::computed(
        "total_interactions",
        Kind::Int,
        "Interactions recorded in all.",
    );
    pub const STORAGE_BYTES: Field =
        Field::computed("storage_bytes", Kind::Int, "Storage used, in bytes.");
}

tf_provider_framework::model! {
    /// A tenant's settings, configured (`raven_tenant`) or read (the data source): its table is
    /// the configured one, [`READ_SETTINGS`] the same names as read, so one model serves both.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct SettingsModel {
        pub retention_days: i64 = configured::RETENTION_DAYS,
        pub batch_size: i64 = configured::BATCH_SIZE,
        pub max_conversations_per_user: i64 = configured::MAX_CONVERSATIONS_PER_USER,
        pub max_users: i64 = configured::MAX_USERS,
        pub encryption_mode: String = configured::ENCRYPTION_MODE,
        pub webhook_url: String = configured::WEBHOOK_URL,
        pub webhook_events: Vec<String> = configured::WEBHOOK_EVENTS,
    }
}

tf_provider_framework::model! {
    /// A tenant's usage statistics; `StatsModel::FIELDS` is their table.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct StatsModel {
        pub user_count: i64 = stats::USER_COUNT,
        pub conversation_count: i64 = stats::CONVERSATION_COUNT,
        pub total_interactions: i64 = stats::TOTAL_INTERACTIONS,
        pub storage_bytes: i64 = stats::STORAGE_BYTES,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tf_provider_framework::model::Attr;

    /// Settings with every value known, for tests.
    pub(crate) fn settings() -> SettingsModel {
        SettingsModel {
            retention_days: Attr::Known(30),
            batch_size: Attr::Known(10),
            max_conversations_per_user: Attr::Known(100),
            max_users: Attr::Known(1000),
            encryption_mode: Attr::Known("platform".into()),
            webhook_url: Attr::Known("https://hooks.example.com".into()),
            webhook_events: Attr::Known(vec!["user.created".into()]),
        }
    }
}
