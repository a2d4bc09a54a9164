//! terraform-provider-raven: Raven's Tenants API on the provider framework. `client` is the HTTP
//! client (no Terraform types); `provider` maps it onto the framework: the provider block, one file
//! per resource and data source, the service's fixed facts, JSON to values and back, and the
//! reference docs.

pub mod client;
pub mod provider;

pub use tf_provider_framework::protocol;
