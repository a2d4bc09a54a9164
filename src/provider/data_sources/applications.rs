//! `resistant_tenant_applications`: every application of a tenant, optionally only those of one
//! cell. Never returns a secret.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::{api_failure, DataSource};
use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{self, error_at, Config, Definition, Field, Kind, Setting};
use crate::provider::convert::{application_attributes, APPLICATION_ATTRIBUTES};
use crate::provider::registry::ObjectType;
use crate::provider::resources::CELL;
use crate::provider::values;
use crate::provider::ProviderData;

pub const TYPE_NAME: &str = "resistant_tenant_applications";

const FIELDS: &[Field] = &[
    Field::required(
        "tenant_id",
        Kind::String,
        "The id of the tenant whose applications to list.",
    ),
    Field::optional(
        "cell",
        Kind::String,
        "Keep only the applications of this cell.",
    )
    .validators(&[CELL]),
    Field::computed(
        "applications",
        Kind::NestedList(APPLICATION_ATTRIBUTES),
        "The tenant's applications, in the order the API lists them.",
    ),
    Field::computed(
        "ids",
        Kind::StringList,
        "The ids of the listed applications, in the same order as `applications`.",
    ),
];

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "Lists the applications of a tenant, optionally only those of one cell. Client \
        secrets are never available here.",
    fields: FIELDS,
};

pub struct ApplicationsDataSource;

impl ObjectType for ApplicationsDataSource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let config = Config::new(FIELDS, config);
        let mut diagnostics: Diagnostics = config
            .non_empty("tenant_id", "Empty id")
            .into_iter()
            .collect();
        diagnostics.extend(config.validate_rows());
        diagnostics
    }
}

#[async_trait]
impl DataSource<ProviderData> for ApplicationsDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let services = data.services();
        let config = Config::new(FIELDS, config);
        let Setting::Known(tenant_id) = config.string("tenant_id") else {
            return Err(Diagnostics::error(
                "Tenant id not known",
                "`tenant_id` must be known to list applications.",
            ));
        };
        let cell = config.string("cell").known();
        let apps = match services.client.list_applications(&tenant_id).await {
            Ok(apps) => apps,
            Err(ApiError::NotFound { message }) => {
                return Err(Diagnostics::from(vec![error_at(
                    "tenant_id",
                    "Tenant not found",
                    format!("The organization has no tenant with id {tenant_id:?}: {message}"),
                )]))
            }
            Err(e) => {
                return Err(api_failure(
                    &format!("list the applications of tenant {tenant_id:?}"),
                    &e,
                ))
            }
        };
        let kept: Vec<_> = apps
            .iter()
            .filter(|a| cell.as_deref().is_none_or(|c| a.cell == c))
            .collect();
        let applications = kept
            .iter()
            .map(|a| {
                attributes::object(
                    APPLICATION_ATTRIBUTES,
                    application_attributes(&tenant_id, a),
                )
            })
            .collect();
        let ids: Vec<&str> = kept.iter().map(|a| a.id.as_str()).collect();
        Ok(config.with_computed(BTreeMap::from([
            ("applications".to_string(), Value::List(applications)),
            ("ids".to_string(), values::string_list(&ids)),
        ])))
    }
}
