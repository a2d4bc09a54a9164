//! `resistant_tenant_application`: one application of a tenant, by `tenant_id` and `id`. Never
//! returns a secret (the API shows secrets only once, at creation).

use async_trait::async_trait;

use super::{api_failure, DataSource};
use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::schema::Presence;
use crate::provider::attributes::{error_at, Config, Definition, Field, Setting};
use crate::provider::convert::{application_attributes, application_fields};
use crate::provider::registry::ObjectType;
use crate::provider::ProviderData;

pub const TYPE_NAME: &str = "resistant_tenant_application";

const FIELDS: &[Field] = &[
    Field {
        presence: Presence::Required,
        ..application_fields::TENANT_ID
    },
    Field {
        presence: Presence::Required,
        ..application_fields::ID
    },
    application_fields::CLIENT_ID,
    application_fields::CELL,
    application_fields::SCOPES,
    application_fields::AUTH_SERVER,
    application_fields::TOKEN_URL,
];

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "Reads one application of a tenant. The client secret is never available here: \
        the API shows it only once, when the application is created.",
    fields: FIELDS,
};

pub struct ApplicationDataSource;

impl ObjectType for ApplicationDataSource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let config = Config::new(FIELDS, config);
        [
            config.non_empty("tenant_id", "Empty id"),
            config.non_empty("id", "Empty id"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[async_trait]
impl DataSource<ProviderData> for ApplicationDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let services = data.services();
        let config = Config::new(FIELDS, config);
        let (Setting::Known(tenant_id), Setting::Known(id)) =
            (config.string("tenant_id"), config.string("id"))
        else {
            return Err(Diagnostics::error(
                "Lookup keys not known",
                "`tenant_id` and `id` must be known to read the application.",
            ));
        };
        match services.client.get_application(&tenant_id, &id).await {
            Ok(app) => Ok(config.with_computed(application_attributes(&tenant_id, &app))),
            Err(ApiError::NotFound { message }) => Err(Diagnostics::from(vec![error_at(
                "id",
                "Application not found",
                format!(
                    "Tenant {tenant_id:?} has no application with id {id:?} (or the tenant does \
                     not exist): {message}"
                ),
            )])),
            Err(e) => Err(api_failure(
                &format!("read application {id:?} of tenant {tenant_id:?}"),
                &e,
            )),
        }
    }
}
