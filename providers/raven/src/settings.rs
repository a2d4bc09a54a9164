//! The tenant's settings and stats as attribute tables: the settings a `raven_tenant` configures
//! (each with the server's default and its limits) and the same settings as the data source reads
//! them, sharing one description each; and the usage stats.

use tf_provider_framework::attributes::{DefaultValue, Field, Kind, Validator};

use crate::catalog::{
    DEFAULT_BATCH_SIZE, DEFAULT_ENCRYPTION_MODE, DEFAULT_MAX_CONVERSATIONS_PER_USER,
    DEFAULT_MAX_USERS, DEFAULT_RETENTION_DAYS, ENCRYPTION_MODES, MAX_RETENTION_DAYS,
    WEBHOOK_URL_MEANING, WEBHOOK_URL_PATTERN,
};

const RETENTION_DAYS: &str = "Days memory blobs are retained.";
const BATCH_SIZE: &str = "Interactions collected before a flush.";
const MAX_CONVERSATIONS: &str = "The most conversations one user may have.";
const MAX_USERS: &str = "The most users the tenant may have.";
const ENCRYPTION_MODE: &str =
    "How encryption keys are managed: `platform` (by Raven) or `byok` (bring your own key).";
const WEBHOOK_URL: &str = "The URL Raven sends events to. Removing it removes the webhook \
                           together with its `webhook_events`.";
const WEBHOOK_EVENTS: &str = "The events sent to `webhook_url` (a set: order and repeats carry \
                              no meaning); left out, none.";

const COUNT: Validator = Validator::Range {
    min: 1,
    max: i64::MAX,
};

/// The settings of a `raven_tenant`: every one optional, the server's default planned when left
/// out, changed in place.
pub const RESOURCE_SETTINGS: &[Field] = &[
    Field::optional_computed("retention_days", Kind::Int, RETENTION_DAYS)
        .updates()
        .default(DefaultValue::Int(DEFAULT_RETENTION_DAYS))
        .validators(&[Validator::Range {
            min: 1,
            max: MAX_RETENTION_DAYS,
        }]),
    Field::optional_computed("batch_size", Kind::Int, BATCH_SIZE)
        .updates()
        .default(DefaultValue::Int(DEFAULT_BATCH_SIZE))
        .validators(&[COUNT]),
    Field::optional_computed("max_conversations_per_user", Kind::Int, MAX_CONVERSATIONS)
        .updates()
        .default(DefaultValue::Int(DEFAULT_MAX_CONVERSATIONS_PER_USER))
        .validators(&[COUNT]),
    Field::optional_computed("max_users", Kind::Int, MAX_USERS)
        .updates()
        .default(DefaultValue::Int(DEFAULT_MAX_USERS))
        .validators(&[COUNT]),
    Field::optional_computed("encryption_mode", Kind::String, ENCRYPTION_MODE)
        .updates()
        .default(DefaultValue::String(DEFAULT_ENCRYPTION_MODE))
        .validators(&[Validator::OneOf(ENCRYPTION_MODES)]),
    Field::optional("webhook_url", Kind::String, WEBHOOK_URL)
        .updates()
        .validators(&[Validator::Pattern {
            pattern: WEBHOOK_URL_PATTERN,
            meaning: WEBHOOK_URL_MEANING,
        }]),
    Field::optional("webhook_events", Kind::StringSet, WEBHOOK_EVENTS)
        .updates()
        .validators(&[
            Validator::OneOf(WEBHOOK_EVENTS_LIST),
            Validator::Items {
                min: 1,
                max: usize::MAX,
            },
            Validator::Requires(&["webhook_url"]),
        ]),
];

use crate::catalog::WEBHOOK_EVENTS as WEBHOOK_EVENTS_LIST;

/// The same settings as read.
pub const READ_SETTINGS: &[Field] = &[
    Field::computed("retention_days", Kind::Int, RETENTION_DAYS),
    Field::computed("batch_size", Kind::Int, BATCH_SIZE),
    Field::computed("max_conversations_per_user", Kind::Int, MAX_CONVERSATIONS),
    Field::computed("max_users", Kind::Int, MAX_USERS),
    Field::computed("encryption_mode", Kind::String, ENCRYPTION_MODE),
    Field::computed("webhook_url", Kind::String, WEBHOOK_URL),
    Field::computed("webhook_events", Kind::StringSet, WEBHOOK_EVENTS),
];

/// The tenant's usage statistics.
pub const STATS: &[Field] = &[
    Field::computed("user_count", Kind::Int, "Users of the tenant."),
    Field::computed(
        "conversation_count",
        Kind::Int,
        "Conversations of the tenant.",
    ),
    Field::computed(
        "total_interactions",
        Kind::Int,
        "Interactions recorded in all.",
    ),
    Field::computed("storage_bytes", Kind::Int, "Storage used, in bytes."),
];
