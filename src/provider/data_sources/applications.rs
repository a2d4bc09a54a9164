//! `resistant_tenant_applications`: every application of a tenant, optionally only those of one
//! cell. Never returns a secret.

use async_trait::async_trait;

use super::DataSource;
use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{error_at, Config, Definition, Field, Kind};
use crate::provider::convert::ApplicationView;
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

tf_provider_framework::model! {
    /// The data source's configuration and result; `ApplicationsModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct ApplicationsModel {
        tenant_id: String = TENANT_ID,
        cell: String = Field::optional(
            "cell",
            Kind::String,
            "Keep only the applications of this cell.",
        )
        .validators(&[resources::CELL]),
        applications: objects ApplicationView = Field::computed(
            "applications",
            Kind::NestedList(ApplicationView::FIELDS),
            "The tenant's applications, in the order the API lists them.",
        ),
        ids: Vec<String> = Field::computed(
            "ids",
            Kind::StringList,
            "The ids of the listed applications, in the same order as `applications`.",
        ),
    }
}

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "Lists the applications of a tenant, optionally only those of one cell. Client \
        secrets are never available here.",
    fields: ApplicationsModel::FIELDS,
};

pub struct ApplicationsDataSource;

impl ObjectType for ApplicationsDataSource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        let config = Config::new(ApplicationsModel::FIELDS, config);
        config
            .non_empty(TENANT_ID.name, "Empty id")
            .into_iter()
            .collect()
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
