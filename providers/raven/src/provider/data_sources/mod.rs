//! The data sources, one file each: `tenant` (the current tenant of a key).

pub mod tenant;

use tf_provider_framework::data_source::DataSource;

use crate::provider::ProviderData;

/// Every data source of the provider.
pub fn all() -> Vec<Box<dyn DataSource<ProviderData>>> {
    vec![Box::new(tenant::TenantDataSource)]
}
