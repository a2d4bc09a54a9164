//! The provider's data sources, one file each, and the small interface the provider calls them
//! through. Each data source is a declarative attribute table (see [`table`]) plus a read function:
//! configuration in, state out (the configuration with the computed attributes filled in).

pub mod application;
pub mod applications;
pub mod cells;
pub mod table;
pub mod tenant;
pub mod tenants;

use std::time::Duration;

use async_trait::async_trait;

use crate::client::{ApiError, Client};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::schema::Schema;
use crate::provider::catalog::Environment;

/// What a configured provider lends to data sources and ephemeral resources.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    pub client: &'a Client,
    /// The environment the provider is configured for.
    pub environment: &'static Environment,
    /// The control plane address in use (the environment's, or an override such as an emulator).
    pub endpoint: &'a str,
    /// Timeout for single HTTP requests the provider makes outside the client (token requests).
    pub http_timeout: Duration,
}

/// One data source type.
#[async_trait]
pub trait DataSource: Send + Sync {
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> Schema;

    /// Plan-time checks of a configuration that may still hold unknown values.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }

    /// Reads the data: `config` is wholly known; the answer is the full state object.
    async fn read(&self, services: Services<'_>, config: &Value) -> Result<Value, Diagnostics>;
}

/// Every data source of the provider.
pub fn all() -> Vec<Box<dyn DataSource>> {
    vec![
        Box::new(tenant::TenantDataSource),
        Box::new(tenants::TenantsDataSource),
        Box::new(application::ApplicationDataSource),
        Box::new(applications::ApplicationsDataSource),
        Box::new(cells::CellsDataSource),
    ]
}

/// An API failure as a diagnostic: what was being done, and the server's own words.
pub(crate) fn api_failure(action: &str, error: &ApiError) -> Diagnostics {
    Diagnostics::error(format!("Could not {action}"), error.to_string())
}
