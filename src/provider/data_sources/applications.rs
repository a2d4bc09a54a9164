//! `resistant_tenant_applications`: every application of a tenant, optionally only those of one
//! cell. Never returns a secret.

use async_trait::async_trait;

use super::DataSource;
use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{error_at, Config, Definition, Field, Kind};
use crate::provider::convert::{ApplicationView, APPLICATION_ATTRIBUTES};
use crate::provider::registry::ObjectType;
use crate::provider::resources;
use crate::provider::resources::api_error;
use crate::provider::ProviderData;
use tf_provider_framework::model::{Attr, Model};

pub const TYPE_NAME: &str = "resistant_tenant_applications";

const TENANT_ID: Field = Field::required(
    "tenant_id",
    Kind::String,
    "The id of the tenant whose applications to list.",
);
const CELL: Field = Field::optional(
    "cell",
    Kind::String,
    "Keep only the applications of this cell.",
)
.validators(&[resources::CELL]);
const APPLICATIONS: Field = Field::computed(
    "applications",
    Kind::NestedList(APPLICATION_ATTRIBUTES),
    "The tenant's applications, in the order the API lists them.",
);
const IDS: Field = Field::computed(
    "ids",
    Kind::StringList,
    "The ids of the listed applications, in the same order as `applications`.",
);

const FIELDS: &[Field] = &[TENANT_ID, CELL, APPLICATIONS, IDS];

tf_provider_framework::model! {
    /// The data source's configuration and result.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct ApplicationsModel for FIELDS {
        tenant_id: String = TENANT_ID,
        cell: String = CELL,
        applications: objects ApplicationView = APPLICATIONS,
        ids: Vec<String> = IDS,
    }
}

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
            .non_empty(TENANT_ID.name, "Empty id")
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
        let config = ApplicationsModel::from_value(config)?;
        let Some(tenant_id) = config.tenant_id.known() else {
            return Err(Diagnostics::error(
                "Tenant id not known",
                "`tenant_id` must be known to list applications.",
            ));
        };
        let cell = config.cell.known();
        let apps = match services.client.list_applications(tenant_id).await {
            Ok(apps) => apps,
            Err(ApiError::NotFound { message }) => {
                return Err(Diagnostics::from(vec![error_at(
                    TENANT_ID.name,
                    "Tenant not found",
                    format!("The organization has no tenant with id {tenant_id:?}: {message}"),
                )]))
            }
            Err(e) => {
                return Err(api_error(
                    &format!("list the applications of tenant {tenant_id:?}"),
                    &e,
                )
                .into())
            }
        };
        let kept: Vec<_> = apps
            .iter()
            .filter(|a| cell.is_none_or(|c| &a.cell == c))
            .collect();
        let applications = kept
            .iter()
            .map(|a| ApplicationView::from_api(tenant_id, a))
            .collect();
        let ids = kept.iter().map(|a| a.id.clone()).collect();
        Ok(ApplicationsModel {
            applications: Attr::Known(applications),
            ids: Attr::Known(ids),
            ..config.clone()
        }
        .to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::convert::tests::application;
    use tf_provider_framework::model::check_model;

    #[test]
    fn the_applications_model_covers_its_table() {
        let sample = ApplicationsModel {
            tenant_id: Attr::Known("t1".into()),
            cell: Attr::Known("eu-1".into()),
            applications: Attr::Known(vec![ApplicationView::from_api("t1", &application())]),
            ids: Attr::Known(vec!["a1".into()]),
        };
        assert_eq!(check_model(&sample), Ok(()));
    }
}
