//! A framework for Terraform providers on [`tf_plugin_protocol`]: what a provider declares (attribute
//! tables with validators, plan modifiers and defaults on each row), the generic planner that turns
//! a table into plans Terraform accepts, the by-name registry of object types, value helpers, and
//! the Markdown reference pages rendered from the same schemas Terraform receives.

#![warn(missing_docs)]

pub mod action;
pub mod attributes;
pub mod data_source;
pub mod docs;
pub mod function;
pub mod identity;
pub mod list;
pub mod model;
pub mod plan;
pub mod program;
pub mod provider;
pub mod registry;
pub mod resource;
pub mod site;
pub mod validators;
pub mod values;

/// The plugin protocol this framework is built on, for providers that need its types directly.
pub use tf_plugin_protocol as protocol;
