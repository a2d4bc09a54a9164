//! `list "resistant_tenant"`: the organization's tenants, page by page through the API's listing
//! (100 a page), optionally only those whose name starts with `name_prefix` (the API has no name
//! filter, so the pages are filtered as they arrive; no request is made per tenant).

use async_trait::async_trait;
use tf_provider_framework::attributes::{Definition, Field, Kind};
use tf_provider_framework::identity::Identity;
use tf_provider_framework::list::{ListResource, Listing};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;

use crate::provider::identity;
use crate::provider::resources::api_error;
use crate::provider::resources::tenant::TenantModel;
use crate::provider::ProviderData;
use tf_provider_framework::model::Model;

/// The list block's `config` arguments.
pub const NAME_PREFIX: Field = Field::optional(
    "name_prefix",
    Kind::String,
    "Only tenants whose name starts with this text. Leave it out to list every tenant.",
);

const FIELDS: &[Field] = &[NAME_PREFIX];

/// The list resource's definition: its type name is the managed resource type it lists.
pub const DEFINITION: Definition = Definition {
    type_name: "resistant_tenant",
    description: "Lists the organization's tenants, for `terraform query` (Terraform 1.14 and \
                  later): each with its identity, ready for an import block, and with \
                  `-generate-config-out` a `resistant_tenant` block that reproduces it.",
    fields: FIELDS,
};

/// `list "resistant_tenant"`.
pub struct TenantList;

impl ObjectType for TenantList {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }
}

#[async_trait]
impl ListResource<ProviderData> for TenantList {
    fn identity(&self) -> &'static Identity {
        &identity::TENANT
    }

    async fn list(
        &self,
        data: &ProviderData,
        config: &Value,
        listing: &mut Listing<'_>,
    ) -> Diagnostics {
        let prefix = config
            .get_str(NAME_PREFIX.name)
            .unwrap_or_default()
            .to_string();
        let mut cursor = None;
        loop {
            let (tenants, next) = match data.client.tenant_page(cursor).await {
                Ok(page) => page,
                Err(error) => return Diagnostics::from(vec![api_error("list tenants", &error)]),
            };
            for tenant in tenants.iter().filter(|t| t.name.starts_with(&prefix)) {
                let state = TenantModel::from_api(tenant, &TenantModel::default()).to_value();
                if !listing.found(state, tenant.name.clone()).await {
                    return Diagnostics::default();
                }
            }
            match next {
                Some(next) if listing.wants_more() => cursor = Some(next),
                _ => return Diagnostics::default(),
            }
        }
    }
}
