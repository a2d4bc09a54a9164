//! The Raven provider on the framework: its block ([`config`]), what configuring it gives every
//! object ([`ProviderData`]: the API client and the provider's own key), and its objects, one file
//! each in [`resources`] and [`data_sources`]; beside them the service's fixed facts
//! ([`catalog`]), the settings tables ([`settings`]), JSON to values and back ([`convert`]) and
//! the reference pages ([`docs`]).

pub mod catalog;
pub mod config;
pub mod convert;
pub mod data_sources;
pub mod docs;
pub mod identity;
pub mod resources;
pub mod settings;

use async_trait::async_trait;
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::ConfigureRequest;
use tf_provider_framework::protocol::schema::Schema;
use tf_provider_framework::provider::{Configured, Framework, ProviderDefinition};
use tf_provider_framework::resource::Resource;

use crate::client::{Client, Secret, Stop};

/// The provider's source address.
pub const SOURCE_ADDRESS: &str = "registry.terraform.io/raven/raven";

/// What every object receives once the provider is configured.
#[derive(Debug)]
pub struct ProviderData {
    pub client: Client,
    /// The provider's `api_key`, if set.
    pub api_key: Option<Secret>,
}

/// The Raven provider.
#[derive(Default)]
pub struct RavenProvider {
    /// Raised by Terraform's StopProvider; every client made by `configure` watches it.
    stop: Stop,
}

/// The provider served over the plugin protocol (for tests and docs).
pub fn framework() -> Framework<RavenProvider> {
    Framework::new(RavenProvider::default())
}

#[async_trait]
impl ProviderDefinition for RavenProvider {
    type Data = ProviderData;

    fn schema(&self) -> Schema {
        config::schema()
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        config::validate(config)
    }

    async fn configure(
        &self,
        request: ConfigureRequest,
    ) -> Result<Configured<ProviderData>, Diagnostics> {
        match config::resolve(&request.config)? {
            config::Resolved::Unknown(names) => Ok(Configured::Deferred(names)),
            config::Resolved::Ready {
                endpoint,
                api_key,
                audit,
            } => {
                let client = Client::new(&endpoint)
                    .map_err(|e| Diagnostics::error("Cannot start the Raven client", e))?
                    .with_stop(self.stop.clone())
                    .with_audit(audit);
                Ok(Configured::Ready(ProviderData { client, api_key }))
            }
        }
    }

    fn stop(&self) {
        self.stop.trigger();
    }

    fn resources(&self) -> Vec<Box<dyn Resource<ProviderData>>> {
        resources::all()
    }

    /// Only the tenant has an identity (see [`identity`]).
    fn identities(&self) -> Vec<&'static tf_provider_framework::identity::Identity> {
        vec![&identity::TENANT]
    }

    fn data_sources(&self) -> Vec<Box<dyn DataSource<ProviderData>>> {
        data_sources::all()
    }
}
