//! The `raven_tenant` data source: the tenant that a key belongs to (its `api_key` argument, else
//! the provider's), with its settings, stats and status.

use async_trait::async_trait;
use tf_provider_framework::attributes::{Definition, Field, Kind};
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;

use crate::client::Effect;
use crate::provider::convert::tenant_fields::{CREATED_AT, ID, STATUS, UPDATED_AT};
use crate::provider::convert::{stats_from_json, TenantView};
use crate::provider::resources::{api_error_as, key_for};
use crate::provider::settings::{SettingsModel, StatsModel, READ_SETTINGS, STATS};
use crate::provider::ProviderData;

const API_KEY: Field = Field::optional(
    "api_key",
    Kind::String,
    "A key (with `tenant:read`) of the tenant to read. Left out, the provider's `api_key`.",
)
.sensitive();
const NAME: Field = Field::computed("name", Kind::String, "The organization's name.");
const EMAIL: Field = Field::computed("email", Kind::String, "The contact email.");
const SETTINGS: Field = Field::computed(
    "settings",
    Kind::Nested(READ_SETTINGS),
    "The tenant's settings.",
);
const STATS_ROW: Field = Field::computed("stats", Kind::Nested(STATS), "Usage statistics.");

const FIELDS: &[Field] = &[
    API_KEY, ID, NAME, EMAIL, SETTINGS, STATS_ROW, STATUS, CREATED_AT, UPDATED_AT,
];

const TENANT: Definition = Definition {
    type_name: "raven_tenant",
    description: "The Raven tenant that an API key belongs to: its name, email, settings, usage \
                  stats and status.",
    fields: FIELDS,
};

tf_provider_framework::model! {
    /// The data source's configuration and result.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantDataModel for FIELDS {
        api_key: String = API_KEY,
        id: String = ID,
        name: String = NAME,
        email: String = EMAIL,
        settings: object SettingsModel = SETTINGS,
        stats: object StatsModel = STATS_ROW,
        status: String = STATUS,
        created_at: String = CREATED_AT,
        updated_at: String = UPDATED_AT,
    }
}

/// The `raven_tenant` data source.
pub struct TenantDataSource;

impl ObjectType for TenantDataSource {
    fn definition(&self) -> &'static Definition {
        &TENANT
    }
}

#[async_trait]
impl DataSource<ProviderData> for TenantDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let config = TenantDataModel::from_value(config)?;
        let Some(key) = key_for(&config.api_key, data) else {
            return Err(Diagnostics::error(
                "No API key to read the tenant with",
                "Set this data source's `api_key`, or the provider's `api_key` (or \
                 RAVEN_API_KEY), to a key of the tenant with the scope `tenant:read`.",
            ));
        };
        let tenant = data
            .client
            .tenant(&key)
            .await
            .map_err(|error| api_error_as("read the tenant", Effect::Read, &error))?;
        let shown = TenantView::from_api(&tenant);
        let found = TenantDataModel {
            api_key: config.api_key,
            id: shown.id,
            name: shown.name,
            email: shown.email,
            settings: shown.settings,
            stats: Attr::Known(stats_from_json(&tenant)),
            status: shown.status,
            created_at: shown.created_at,
            updated_at: shown.updated_at,
        };
        Ok(found.to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::settings::tests::{settings, stats};
    use tf_provider_framework::model::check_model_deep;

    #[test]
    fn the_data_source_model_covers_its_table() {
        let text = |s: &str| Attr::Known(s.to_string());
        let sample = TenantDataModel {
            api_key: text("rk_live_x"),
            id: text("t-1"),
            name: text("Acme"),
            email: text("dev@acme.example"),
            settings: Attr::Known(settings()),
            stats: Attr::Known(stats()),
            status: text("active"),
            created_at: text("2026-01-01T00:00:00Z"),
            updated_at: text("2026-01-02T00:00:00Z"),
        };
        assert_eq!(check_model_deep(&sample), Ok(()));
    }
}
