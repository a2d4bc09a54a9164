//! terraform-provider-resistant: a Terraform provider for the Resistant Documents Tenant Management API.
//!
//! Layers, each unaware of the ones above it: the plugin protocol (crate `tf-plugin-protocol`,
//! re-exported as [`protocol`]), the provider framework (crate `tf-provider-framework`), [`client`]
//! (the HTTP API client, no Terraform types), and [`provider`] (resources, data sources, ephemeral
//! resources and functions on top of them).

pub mod client;
pub mod provider;

pub use tf_provider_framework::protocol;
