//! Acceptance tests for Terraform providers with the real `terraform` binary, offline, with the terraform
//! executable chosen by environment ([`terraform`]): the providers under test in a filesystem mirror ([`mirror`]), temporary working directories that run
//! terraform against it ([`workspace`]), readers for what terraform reports ([`state`],
//! [`diagnostics`]), the check that `docs/` is what the schemas render ([`docs`]), and a step runner in the spirit of terraform-plugin-testing ([`steps`]): apply
//! steps with plan checks, import steps with import-state verification, expect-error steps, and a
//! check-destroy that always runs.

#![warn(missing_docs)]

pub mod diagnostics;
pub mod docs;
pub mod mirror;
pub mod state;
pub mod steps;
pub mod terraform;
pub mod workspace;

pub use mirror::{Mirror, ProviderUnderTest};
pub use workspace::{describe, Interrupted, Workspace};
