//! The resistant provider (placeholder until the configuration lands).
pub mod catalog;
pub mod data_sources;
pub mod ephemeral;
pub mod functions;
