//! The ScaiKey provider on the framework: its block ([`config`]), what configuring it gives every
//! object ([`ProviderData`]: the API client), and its objects, one file each: the `scaikey_tenant`
//! resource in [`resources`], the `scaikey_tenant` and `scaikey_tenants` data sources in
//! [`data_sources`]; beside them the views of the API's tenant ([`convert`]) and the reference
//! pages ([`docs`]).

pub mod config;
pub mod convert;
pub mod data_sources;
pub mod docs;
pub mod identity;
pub mod list_resources;
pub mod resources;

use async_trait::async_trait;
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::ConfigureRequest;
use tf_provider_framework::protocol::schema::Schema;
use tf_provider_framework::provider::{Configured, Framework, ProviderDefinition};
use tf_provider_framework::resource::Resource;

use crate::client::{Client, Stop};

/// The provider's source address.
pub const SOURCE_ADDRESS: &str = "registry.terraform.io/scaikey/scaikey";

/// What every object receives once the provider is configured.
pub struct ProviderData {
    pub client: Client,
}

#[derive(Default)]
pub struct ScaikeyProvider {
    /// Raised by Terraform's StopProvider; every client made by `configure` watches it.
    stop: Stop,
}

/// The provider served over the plugin protocol (for tests and docs).
pub fn framework() -> Framework<ScaikeyProvider> {
    Framework::new(ScaikeyProvider::default())
}

#[async_trait]
impl ProviderDefinition for ScaikeyProvider {
    type Data = ProviderData;

    fn schema(&self) -> Schema {
        config::provider_schema()
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        config::validate_block(config)
    }

    async fn configure(
        &self,
        request: ConfigureRequest,
    ) -> Result<Configured<ProviderData>, Diagnostics> {
        match config::resolve(&request.config, api_client_kit::env::process_env)? {
            config::Resolved::Unknown(names) => Ok(Configured::Deferred(names)),
            config::Resolved::Ready(mut client_config) => {
                client_config.stop = self.stop.clone();
                let client = Client::new(client_config)
                    .map_err(|e| Diagnostics::error("Cannot configure the provider", e))?;
                Ok(Configured::Ready(ProviderData { client }))
            }
        }
    }

    fn stop(&self) {
        self.stop.trigger();
    }

    fn resources(&self) -> Vec<Box<dyn Resource<ProviderData>>> {
        resources::all()
    }

    fn identities(&self) -> Vec<&'static tf_provider_framework::identity::Identity> {
        vec![&identity::TENANT]
    }

    fn list_resources(
        &self,
    ) -> Vec<Box<dyn tf_provider_framework::list::ListResource<ProviderData>>> {
        list_resources::all()
    }

    fn data_sources(&self) -> Vec<Box<dyn DataSource<ProviderData>>> {
        data_sources::all()
    }
}
