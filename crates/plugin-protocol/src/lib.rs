//! The Terraform plugin protocol, generic: handshake, mutual TLS, the gRPC services, the cty value
//! codec, the schema model and diagnostics. Nothing here knows what the provider manages.

#![warn(missing_docs)]

pub mod action;
pub mod cty;
pub mod diagnostics;
pub mod generate;
pub mod handshake;
pub mod identity;
pub mod list;
pub mod logging;
pub mod proto_gen;
pub mod provider;
pub mod schema;
pub mod serve;
pub mod server;
pub mod tls;
