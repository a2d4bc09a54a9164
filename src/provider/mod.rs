//! The resistant provider (placeholder until the configuration lands).
pub mod catalog;
