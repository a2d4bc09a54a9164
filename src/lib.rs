//! terraform-provider-resistant: a Terraform provider for the Resistant Documents Tenant Management API.
//!
//! Layers, each unaware of the ones above it: [`protocol`] (the generic plugin protocol),
//! [`client`] (the HTTP API client), and [`provider`] (resources and data sources on top of both).

pub mod client;
pub mod protocol;
pub mod provider;
