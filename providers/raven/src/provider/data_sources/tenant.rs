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
use crate::provider::settings::{SettingsModel, StatsModel, READ_SETTINGS};
use crate::provider::ProviderData;

tf_provider_framework::model! {
    /// The data source's configuration and result; `TenantDataModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantDataModel {
        api_key: String = Field::optional(
            "api_key",
            Kind::String,
            "A key (with `tenant:read`) of the tenant to read. Left out, the provider's `api_key`.",
        )
        .sensitive(),
        id: String = ID,
        name: String = Field::computed("name", Kind::String, "The organization's name."),
        email: String = Field::computed("email", Kind::String, "The contact email."),
        settings: object SettingsModel = Field::computed(
            "settings",
            Kind::Nested(READ_SETTINGS),
            "The tenant's settings.",
        ),
        stats: object StatsModel = Field::computed(
            "stats",
            Kind::Nested(StatsModel::FIELDS),
            "Usage statistics.",
        ),
        status: String = STATUS,
        created_at: String = CREATED_AT,
        updated_at: String = UPDATED_AT,
    }
}

const TENANT: Definition = Definition {
    type_name: "raven_tenant",
    description: "The Raven tenant that an API key belongs to: its name, email, settings, usage \
                  stats and status.",
    fields: TenantDataModel::FIELDS,
};

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
