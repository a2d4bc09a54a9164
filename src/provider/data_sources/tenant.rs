//! `resistant_tenant`: one existing tenant, looked up by `id` or by `name`.

use async_trait::async_trait;

use super::DataSource;
use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::schema::Presence;
use crate::provider::attributes::{error_at, with_rows, Config, Definition, Field};
use crate::provider::convert::{tenant_fields, TenantView};
use crate::provider::registry::ObjectType;
use crate::provider::resources::api_error;
use crate::provider::resources::TENANT_NAME;
use crate::provider::ProviderData;
use tf_provider_framework::model::{Attr, Model};

pub const TYPE_NAME: &str = "resistant_tenant";

/// The lookup keys: the shared rows, settable here.
const ID: Field = Field {
    presence: Presence::OptionalComputed,
    description: "The tenant's id. Exactly one of `id` and `name` must be set.",
    ..tenant_fields::ID
};
const NAME: Field = Field {
    presence: Presence::OptionalComputed,
    description: "The tenant's name. Exactly one of `id` and `name` must be set.",
    validators: &[TENANT_NAME],
    ..tenant_fields::NAME
};

/// What a [`TenantView`] shows, with the lookup keys settable.
const FIELDS: &[Field] =
    &with_rows::<{ TenantView::FIELDS.len() }>(TenantView::FIELDS, &[ID, NAME]);

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "Reads one existing tenant of the organization, by `id` or by `name`. A tenant \
        that does not exist is an error.",
    fields: FIELDS,
};

tf_provider_framework::model! {
    /// The data source's configuration and result: what the API shows of a tenant, with the lookup
    /// keys settable.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantDataModel(TenantView) for FIELDS;
}

pub struct TenantDataSource;

impl ObjectType for TenantDataSource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        let config = Config::new(FIELDS, config);
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(config.exactly_one(
            ID.name,
            NAME.name,
            "Conflicting lookup keys".to_string(),
            (
                "Missing lookup key".to_string(),
                "Set `id` or `name` to choose the tenant to read.".to_string(),
            ),
        ));
        diagnostics.extend(config.non_empty(ID.name, "Empty tenant id"));
        diagnostics
    }
}

#[async_trait]
impl DataSource<ProviderData> for TenantDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let services = data.services();
        let TenantDataModel(config) = TenantDataModel::from_value(config)?;
        let tenant = match (&config.id, &config.name) {
            (Attr::Known(id), _) => match services.client.get_tenant(id).await {
                Ok(tenant) => tenant,
                Err(ApiError::NotFound { .. }) => {
                    return Err(Diagnostics::from(vec![error_at(
                        ID.name,
                        "Tenant not found",
                        format!("The organization has no tenant with id {id:?}."),
                    )]))
                }
                Err(e) => return Err(api_error(&format!("read tenant {id:?}"), &e).into()),
            },
            (_, Attr::Known(name)) => match services.client.find_tenant_by_name(name).await {
                Ok(Some(tenant)) => tenant,
                Ok(None) => {
                    return Err(Diagnostics::from(vec![error_at(
                        NAME.name,
                        "Tenant not found",
                        format!("The organization has no tenant named {name:?}."),
                    )]))
                }
                Err(e) => return Err(api_error(&format!("look up tenant {name:?}"), &e).into()),
            },
            _ => {
                return Err(Diagnostics::error(
                    "Lookup key not known",
                    "`id` or `name` must be known to read the tenant.",
                ))
            }
        };
        Ok(TenantDataModel(TenantView::from_api(&tenant)).to_value())
    }
}
