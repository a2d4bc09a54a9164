//! terraform-provider-scaikey: ScaiKey tenants as Terraform objects. `client` talks to the admin
//! Tenants API (OAuth2 tokens, retries) and knows nothing of Terraform; `provider` maps it onto the
//! framework (the provider block, one file per resource and data source, the reference docs).

pub mod client;
pub mod provider;

pub use tf_provider_framework::protocol;
