//! The data sources, one file each: `tenant` (`scaikey_tenant`, one tenant by `id` or `slug`) and
//! `tenants` (`scaikey_tenants`, the tenants some filters select).

pub mod tenant;
pub mod tenants;

use tf_provider_framework::data_source::DataSource;

use crate::provider::ProviderData;

/// Every data source of the provider.
pub fn all() -> Vec<Box<dyn DataSource<ProviderData>>> {
    vec![
        Box::new(tenant::TenantDataSource),
        Box::new(tenants::TenantsDataSource),
    ]
}
