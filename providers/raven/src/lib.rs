//! terraform-provider-raven: Raven's Tenants API on the provider framework. `provider` owns the
//! provider block and what configuring it yields; `resources` and `data_sources` hold one file per
//! Terraform object; `client` is the HTTP client (no Terraform types); `catalog` the service's fixed
//! facts; `convert` JSON to values and back; `docs` the reference pages.

pub mod catalog;
pub mod client;
pub mod convert;
pub mod data_sources;
pub mod docs;
pub mod provider;
pub mod resources;
pub mod settings;

pub use tf_provider_framework::protocol;
