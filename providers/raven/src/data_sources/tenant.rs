//! The `raven_tenant` data source: the tenant that a key belongs to (its `api_key` argument, else
//! the provider's), with its settings, stats and status.

use async_trait::async_trait;
use tf_provider_framework::attributes::{Definition, Field, Kind};
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::values::attr;

use crate::convert::{object_from_json, tenant_attributes};
use crate::provider::RavenData;
use crate::resources::{api_failure, key_for};
use crate::settings::{READ_SETTINGS, STATS};

const FIELDS: &[Field] = &[
    Field::optional(
        "api_key",
        Kind::String,
        "A key (with `tenant:read`) of the tenant to read. Left out, the provider's `api_key`.",
    )
    .sensitive(),
    Field::computed("id", Kind::String, "The tenant's ID at Raven."),
    Field::computed("name", Kind::String, "The organization's name."),
    Field::computed("email", Kind::String, "The contact email."),
    Field::computed(
        "settings",
        Kind::Nested(READ_SETTINGS),
        "The tenant's settings.",
    ),
    Field::computed("stats", Kind::Nested(STATS), "Usage statistics."),
    Field::computed(
        "status",
        Kind::String,
        "`active`, `suspended` (keys still read, changes are refused) or `deleted`.",
    ),
    Field::computed(
        "created_at",
        Kind::String,
        "When the tenant was registered (RFC 3339).",
    ),
    Field::computed(
        "updated_at",
        Kind::String,
        "When the tenant last changed (RFC 3339).",
    ),
];

const TENANT: Definition = Definition {
    type_name: "raven_tenant",
    description: "The Raven tenant that an API key belongs to: its name, email, settings, usage \
                  stats and status.",
    fields: FIELDS,
};

/// The `raven_tenant` data source.
pub struct TenantDataSource;

impl ObjectType for TenantDataSource {
    fn definition(&self) -> &'static Definition {
        &TENANT
    }
}

#[async_trait]
impl DataSource<RavenData> for TenantDataSource {
    async fn read(&self, data: &RavenData, config: &Value) -> Result<Value, Diagnostics> {
        let own = attr(config, "api_key");
        let Some(key) = key_for(own, data) else {
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
            .map_err(|error| api_failure(&error, "read the tenant"))?;
        let mut state = tenant_attributes(READ_SETTINGS, &tenant);
        state.insert("stats".into(), object_from_json(STATS, &tenant["stats"]));
        state.insert("api_key".into(), own.clone());
        Ok(Value::Object(state))
    }
}
