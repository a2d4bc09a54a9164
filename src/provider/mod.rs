//! The resistant provider (placeholder until the configuration lands).
pub mod catalog;
pub mod convert;
pub mod resources;
