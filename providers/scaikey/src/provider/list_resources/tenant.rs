//! `list "scaikey_tenant"`: the tenants the API's `status`, `partner_id` and `search` filters select
//! (the rows and checks of the `scaikey_tenants` data source), page by page, stopping when
//! Terraform has enough. Deleted tenants are never listed: they cannot be managed or imported.

use async_trait::async_trait;
use tf_provider_framework::attributes::{Definition, Field};
use tf_provider_framework::identity::Identity;
use tf_provider_framework::list::{ListResource, Listing};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;

use crate::client::Filters;
use crate::provider::data_sources::tenants::{PARTNER_ID, SEARCH, STATUS};
use crate::provider::identity;
use crate::provider::resources::api_error;
use crate::provider::resources::tenant::state_of;
use crate::provider::ProviderData;

const FIELDS: &[Field] = &[STATUS, PARTNER_ID, SEARCH];

/// The list resource's definition: its type name is the managed resource type it lists.
pub const DEFINITION: Definition = Definition {
    type_name: "scaikey_tenant",
    description:
        "Lists ScaiKey tenants for `terraform query` (Terraform 1.14 and later), filtered \
                  by the API: each with its identity and, with `-generate-config-out`, a \
                  `scaikey_tenant` block. Deleted tenants are never listed.",
    fields: FIELDS,
};

/// `list "scaikey_tenant"`.
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
        let filter = |row: &Field| config.get_str(row.name).map(str::to_string);
        let filters = Filters {
            search: filter(&SEARCH),
            status: filter(&STATUS),
            partner_id: filter(&PARTNER_ID),
        };
        for page in 1u32.. {
            let (tenants, more) = match data.client.list_page(&filters, page).await {
                Ok(found) => found,
                Err(error) => return api_error("list tenants", FIELDS, &error),
            };
            for tenant in tenants.iter().filter(|t| !t.is_deleted()) {
                let name = format!("{} ({})", tenant.name, tenant.slug);
                if !listing.found(state_of(tenant), name).await {
                    return Diagnostics::default();
                }
            }
            if !more || !listing.wants_more() {
                break;
            }
        }
        Diagnostics::default()
    }
}
