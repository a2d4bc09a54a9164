//! `resistant_tenant_application`: one application of a tenant, by `tenant_id` and `id`. Never
//! returns a secret (the API shows secrets only once, at creation).

use async_trait::async_trait;

use super::DataSource;
use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::schema::Presence;
use crate::provider::attributes::{error_at, Config, Definition, Field};
use crate::provider::convert::{application_fields, ApplicationView};
use crate::provider::registry::ObjectType;
use crate::provider::resources::api_error;
use crate::provider::ProviderData;
use tf_provider_framework::model::Model;

pub const TYPE_NAME: &str = "resistant_tenant_application";

/// The lookup keys: the shared rows, required here (and listed first, as the docs show them).
const TENANT_ID: Field = Field {
    presence: Presence::Required,
    ..application_fields::TENANT_ID
};
const ID: Field = Field {
    presence: Presence::Required,
    ..application_fields::ID
};

const FIELDS: &[Field] = &[
    TENANT_ID,
    ID,
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

tf_provider_framework::model! {
    /// The data source's configuration and result: what the API shows of an application, with
    /// the lookup keys required.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct ApplicationDataModel(ApplicationView) for FIELDS;
}

pub struct ApplicationDataSource;

impl ObjectType for ApplicationDataSource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        let config = Config::new(FIELDS, config);
        [
            config.non_empty(TENANT_ID.name, "Empty id"),
            config.non_empty(ID.name, "Empty id"),
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
        let ApplicationDataModel(config) = ApplicationDataModel::from_value(config)?;
        let (Some(tenant_id), Some(id)) = (config.tenant_id.known(), config.id.known()) else {
            return Err(Diagnostics::error(
                "Lookup keys not known",
                "`tenant_id` and `id` must be known to read the application.",
            ));
        };
        match services.client.get_application(tenant_id, id).await {
            // The lookup keys stay as configured; the rest is what the API shows.
            Ok(app) => Ok(ApplicationDataModel(ApplicationView {
                id: config.id.clone(),
                tenant_id: config.tenant_id.clone(),
                ..ApplicationView::from_api(tenant_id, &app)
            })
            .to_value()),
            Err(ApiError::NotFound { message }) => Err(Diagnostics::from(vec![error_at(
                ID.name,
                "Application not found",
                format!(
                    "Tenant {tenant_id:?} has no application with id {id:?} (or the tenant does \
                     not exist): {message}"
                ),
            )])),
            Err(e) => Err(api_error(
                &format!("read application {id:?} of tenant {tenant_id:?}"),
                &e,
            )
            .into()),
        }
    }
}
