//! The data sources, one file each: `tenant` (the current tenant of a key).

pub mod tenant;
