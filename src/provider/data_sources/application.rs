//! `resistant_tenant_application`: one application of a tenant, by `tenant_id` and `id`. Never
//! returns a secret (the API shows secrets only once, at creation).

use async_trait::async_trait;

use super::{api_failure, DataSource, Services};
use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{error_at, Config, Definition, Field, Kind, Setting};
use crate::provider::convert::application_attributes;
use crate::provider::registry::ObjectType;

pub const TYPE_NAME: &str = "resistant_tenant_application";

/// The attributes every application shows (shared with `resistant_tenant_applications`); the
/// values come from [`application_attributes`], the same conversion the resource uses.
pub const APPLICATION_ATTRIBUTES: &[Field] = &[
    Field::computed("id", Kind::String, "The application's id."),
    Field::computed(
        "tenant_id",
        Kind::String,
        "The id of the tenant that owns the application.",
    ),
    Field::computed(
        "client_id",
        Kind::String,
        "The OAuth2 client id to request Documents API tokens with.",
    ),
    Field::computed("cell", Kind::String, "The cell the application belongs to."),
    Field::computed(
        "scopes",
        Kind::StringSet,
        "The Documents API scopes granted to the application.",
    ),
    Field::computed(
        "auth_server",
        Kind::String,
        "The application's OAuth2 authorization server.",
    ),
    Field::computed(
        "token_url",
        Kind::String,
        "The token endpoint where the application requests Documents API tokens.",
    ),
];

const FIELDS: &[Field] = &[
    Field::required(
        "tenant_id",
        Kind::String,
        "The id of the tenant that owns the application.",
    ),
    Field::required("id", Kind::String, "The application's id."),
    APPLICATION_ATTRIBUTES[2],
    APPLICATION_ATTRIBUTES[3],
    APPLICATION_ATTRIBUTES[4],
    APPLICATION_ATTRIBUTES[5],
    APPLICATION_ATTRIBUTES[6],
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
impl DataSource for ApplicationDataSource {
    async fn read(&self, services: Services<'_>, config: &Value) -> Result<Value, Diagnostics> {
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
            Err(ApiError::NotFound { message }) => Err(Diagnostics(vec![error_at(
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
