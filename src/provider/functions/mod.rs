//! The provider's functions (Terraform 1.8+), called as `provider::resistant::<name>(...)`.

pub mod tenant_name;

pub use tf_provider_framework::function::Function;

/// Every function of the provider.
pub fn all() -> Vec<Box<dyn Function>> {
    vec![Box::new(tenant_name::TenantName)]
}
