//! `list "resistant_tenant_application"`: one tenant's applications (one request: the API lists
//! them all at once), optionally only those of one `cell`.

use async_trait::async_trait;
use tf_provider_framework::attributes::{Definition, Field, Kind};
use tf_provider_framework::identity::Identity;
use tf_provider_framework::list::{ListResource, Listing};
use tf_provider_framework::model::Model;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::{AttributePath, Diagnostics};
use tf_provider_framework::registry::ObjectType;

use crate::client::ApiError;
use crate::provider::identity;
use crate::provider::resources::tenant_application::ApplicationModel;
use crate::provider::resources::{self, api_error};
use crate::provider::ProviderData;

/// The tenant whose applications are listed.
pub const TENANT_ID: Field = Field::required(
    "tenant_id",
    Kind::String,
    "The ID of the tenant whose applications are listed.",
);

/// Only applications of this cell.
pub const CELL: Field = Field::optional(
    "cell",
    Kind::String,
    "Only the applications of this cell (one of the tenant's `cells`). Leave it out for all.",
)
.validators(&[resources::CELL]);

const FIELDS: &[Field] = &[TENANT_ID, CELL];

/// The list resource's definition: its type name is the managed resource type it lists.
pub const DEFINITION: Definition = Definition {
    type_name: "resistant_tenant_application",
    description: "Lists one tenant's applications, for `terraform query` (Terraform 1.14 and \
                  later): each with its identity and, with `-generate-config-out`, a \
                  `resistant_tenant_application` block. Their client secrets are never listed: \
                  the API shows a secret only once, when the application is created.",
    fields: FIELDS,
};

/// `list "resistant_tenant_application"`.
pub struct ApplicationList;

impl ObjectType for ApplicationList {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }
}

#[async_trait]
impl ListResource<ProviderData> for ApplicationList {
    fn identity(&self) -> &'static Identity {
        &identity::TENANT_APPLICATION
    }

    async fn list(
        &self,
        data: &ProviderData,
        config: &Value,
        listing: &mut Listing<'_>,
    ) -> Diagnostics {
        let tenant_id = config
            .get_str(TENANT_ID.name)
            .unwrap_or_default()
            .to_string();
        let cell = config.get_str(CELL.name).map(str::to_string);
        let applications = match data.client.list_applications(&tenant_id).await {
            Ok(applications) => applications,
            Err(ApiError::NotFound { .. }) => {
                let mut diagnostics = Diagnostics::default();
                diagnostics.error_at(
                    AttributePath::root("config").attribute(TENANT_ID.name),
                    "Tenant not found",
                    format!(
                        "The organization has no tenant with id {tenant_id:?}. List the tenants \
                         with `list \"resistant_tenant\"` to find its ID."
                    ),
                );
                return diagnostics;
            }
            Err(error) => {
                return Diagnostics::from(vec![api_error(
                    &format!("list the applications of tenant {tenant_id}"),
                    &error,
                )])
            }
        };
        for application in applications
            .iter()
            .filter(|a| cell.as_deref().is_none_or(|cell| a.cell == cell))
        {
            let state = ApplicationModel::from_api(&tenant_id, application).to_value();
            let name = format!("{} ({})", application.id, application.cell);
            if !listing.found(state, name).await {
                break;
            }
        }
        Diagnostics::default()
    }
}
