//! The Resistant list resources (Terraform 1.14+ `terraform query`): tenants, and a tenant's
//! applications. Each lists the objects of the managed resource type of the same name, with their
//! identities and, when asked, their whole state as an import would give it.

pub mod tenant;
pub mod tenant_application;

use tf_provider_framework::list::ListResource;

use super::ProviderData;

/// Every list resource of the provider.
pub fn all() -> Vec<Box<dyn ListResource<ProviderData>>> {
    vec![
        Box::new(tenant::TenantList),
        Box::new(tenant_application::ApplicationList),
    ]
}
