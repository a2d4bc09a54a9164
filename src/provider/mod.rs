//! The resistant provider: its configuration ([`config`]), the service facts ([`catalog`]), and the
//! [`ResistantProvider`] that the framework serves: the provider block, how it configures (the API
//! client in [`ProviderData`]), and its resources, data sources, ephemeral resources and functions.

pub mod actions;
pub mod catalog;
pub mod config;
pub mod convert;
pub mod data_sources;
pub mod docs;
pub mod ephemeral;
pub mod functions;
pub mod identity;
pub mod list_resources;
pub mod resources;

pub use tf_provider_framework::{attributes, registry, values};

use async_trait::async_trait;

use crate::client::{Client, Stop};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::ConfigureRequest;
use crate::protocol::schema::Schema;
use tf_provider_framework::data_source::{DataSource, EphemeralResource};
use tf_provider_framework::function::Function;
use tf_provider_framework::provider::{Configured, Framework, ProviderDefinition};
use tf_provider_framework::resource::Resource;

use config::ProviderConfig;
use data_sources::Services;

/// The provider's source address in the registry.
pub const SOURCE_ADDRESS: &str = "registry.terraform.io/resistant-ai/resistant";

/// What a configured provider hands every resource, data source and ephemeral resource: the API
/// client and the settings it was built from.
pub struct ProviderData {
    pub client: Client,
    pub config: ProviderConfig,
}

impl ProviderData {
    /// What data sources and ephemeral resources use of it.
    pub fn services(&self) -> Services<'_> {
        Services {
            client: &self.client,
            environment: self.config.environment,
            endpoint: &self.config.endpoint,
            http_timeout: self.config.request_timeout,
        }
    }
}

/// The Terraform provider for the Tenant Management API, as the framework serves it.
#[derive(Default)]
pub struct ResistantProvider {
    /// Raised by Terraform's StopProvider; the client built at configure obeys it.
    stop: Stop,
}

/// The provider, ready to serve.
pub fn framework() -> Framework<ResistantProvider> {
    Framework::new(ResistantProvider::default())
}

#[async_trait]
impl ProviderDefinition for ResistantProvider {
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
        let unknown = config::unknown_settings(&request.config);
        if !unknown.is_empty() {
            // Known only after apply (e.g. credentials from another resource): stay unconfigured
            // for now; handlers see no client and plan accordingly.
            return Ok(Configured::Deferred(
                unknown.into_iter().map(str::to_string).collect(),
            ));
        }
        let resolved = ProviderConfig::resolve(&request.config, api_client_kit::env::process_env)?;
        let user_agent = format!("terraform/{}", request.terraform_version);
        let client_config = resolved.client_config(&user_agent, &self.stop)?;
        tracing::debug!(
            environment = resolved.environment.name,
            endpoint = %resolved.endpoint,
            "configuring the API client"
        );
        let audit = resolved.audit();
        match Client::new(client_config).map(|client| client.reading_in_batches().auditing(audit)) {
            Ok(client) => Ok(Configured::Ready(ProviderData {
                client,
                config: resolved,
            })),
            Err(error) => Err(Diagnostics::error(
                "Cannot create the API client",
                format!("The provider configuration was refused: {error}"),
            )),
        }
    }

    fn resources(&self) -> Vec<Box<dyn Resource<ProviderData>>> {
        resources::all()
    }

    fn data_sources(&self) -> Vec<Box<dyn DataSource<ProviderData>>> {
        data_sources::all()
    }

    fn ephemeral_resources(&self) -> Vec<Box<dyn EphemeralResource<ProviderData>>> {
        ephemeral::all()
    }

    fn functions(&self) -> Vec<Box<dyn Function>> {
        functions::all()
    }

    fn identities(&self) -> Vec<&'static tf_provider_framework::identity::Identity> {
        identity::all()
    }

    fn actions(&self) -> Vec<Box<dyn tf_provider_framework::action::Action<ProviderData>>> {
        actions::all()
    }

    fn list_resources(
        &self,
    ) -> Vec<Box<dyn tf_provider_framework::list::ListResource<ProviderData>>> {
        list_resources::all()
    }

    fn stop(&self) {
        tracing::info!("Terraform asked the provider to stop; ending waits and requests in flight");
        self.stop.trigger();
    }
}
