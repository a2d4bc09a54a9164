//! The ScaiKey list resources (Terraform 1.14+ `terraform query`).

pub mod tenant;

use tf_provider_framework::list::ListResource;

use super::ProviderData;

/// Every list resource of the provider.
pub fn all() -> Vec<Box<dyn ListResource<ProviderData>>> {
    vec![Box::new(tenant::TenantList)]
}
