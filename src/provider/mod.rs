//! The resistant provider: its configuration ([`config`]), the service facts ([`catalog`]), the
//! attribute tables every object is described by ([`attributes`]), and the [`ResistantProvider`] that
//! implements the protocol's `Provider` trait. Resources, data sources, ephemeral resources and
//! functions plug into the registry built in [`ResistantProvider::new`].

pub mod attributes;
pub mod catalog;
pub mod config;
pub mod convert;
pub mod data_sources;
pub mod docs;
pub mod ephemeral;
pub mod functions;
pub mod registry;
pub mod resources;
pub mod values;

use std::sync::{Arc, RwLock};

use async_trait::async_trait;

use crate::client::{Client, Stop};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::{
    ApplyRequest, ApplyResponse, ConfigureRequest, FunctionError, ImportResponse,
    OpenEphemeralResponse, PlanRequest, PlanResponse, Provider, ProviderSchemas, ReadRequest,
    ReadResponse, RenewEphemeralResponse,
};

use config::ProviderConfig;

/// The provider's source address in the registry.
pub const SOURCE_ADDRESS: &str = "registry.terraform.io/resistant-ai/resistant";

/// The configured API client, shared by everything the provider serves.
#[derive(Clone, Default)]
pub struct ClientSlot(Arc<RwLock<Slot>>);

/// What `configure` left in the slot.
#[derive(Clone, Default)]
enum Slot {
    #[default]
    NotConfigured,
    /// Configured with these settings unknown (known only after apply): no client yet.
    Deferred(Vec<&'static str>),
    Ready(Client),
}

impl ClientSlot {
    /// The client, or an error diagnostic when the provider has not been configured yet.
    pub fn client(&self) -> Result<Client, Diagnostics> {
        let guard = self
            .0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*guard {
            Slot::Ready(client) => Ok(client.clone()),
            Slot::Deferred(unknown) => Err(deferred_error(unknown)),
            Slot::NotConfigured => Err(Diagnostics::error(
                "Provider not configured",
                "The provider's API client is not available: the provider block was not \
                 configured.",
            )),
        }
    }

    fn put(&self, slot: Slot) {
        let mut guard = self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *guard = slot;
    }

    fn set(&self, client: Client) {
        self.put(Slot::Ready(client));
    }

    /// Remembers that configuration waits for `unknown` settings, to say so when the API is needed.
    fn defer(&self, unknown: Vec<&'static str>) {
        self.put(Slot::Deferred(unknown));
    }
}

/// The error of anything that needs the API while provider settings are known only after apply.
fn deferred_error(unknown: &[&str]) -> Diagnostics {
    let (noun, is, depends, comes) = match unknown {
        [_] => ("setting", "is", "depends", "comes"),
        _ => ("settings", "are", "depend", "come"),
    };
    let names = unknown
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostics::error(
        "Provider not configured",
        format!(
            "The provider block's {noun} {names} {is} known only after apply (from a resource \
             that is not created or changed yet), so the provider cannot call the API to read \
             data sources or refresh resources in this run. Two ways out:\n\
             - apply what the {noun} {depends} on first, e.g. terraform apply \
             -target=<address of that resource>, then run the full plan again;\n\
             - or split the configuration: manage what the provider's {noun} {comes} from in a \
             separate configuration applied before this one, and pass the values in as \
             variables."
        ),
    )
}

/// The Terraform provider for the Tenant Management API.
pub struct ResistantProvider {
    schemas: ProviderSchemas,
    client: ClientSlot,
    resources: resources::Registry,
    /// The configuration the client was built from, for code that needs the environment.
    config: Arc<RwLock<Option<ProviderConfig>>>,
    data_sources: data_sources::Registry,
    ephemeral: ephemeral::Registry,
    functions: functions::Registry,
    /// Raised by Terraform's StopProvider; the client built at configure obeys it.
    stop: Stop,
}

impl Default for ResistantProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ResistantProvider {
    /// Builds the provider and its registry of schemas. Each resource, data source, ephemeral
    /// resource or function adds its schema to the maps below and its handler to the dispatch in
    /// the `Provider` impl.
    pub fn new() -> Self {
        let resources = resources::Registry::default();
        let data_sources = data_sources::Registry::default();
        let ephemeral = ephemeral::Registry::default();
        let functions = functions::Registry::default();
        let mut schemas = ProviderSchemas {
            provider: config::schema(),
            resources: resources.schemas(),
            data_sources: data_sources.schemas(),
            ephemeral_resources: ephemeral.schemas(),
            ..Default::default()
        };
        functions.add_signatures(&mut schemas.functions);
        ResistantProvider {
            schemas,
            client: ClientSlot::default(),
            resources,
            config: Arc::default(),
            data_sources,
            ephemeral,
            functions,
            stop: Stop::default(),
        }
    }

    /// The configured API client (an error diagnostic before `configure`).
    pub fn client(&self) -> Result<Client, Diagnostics> {
        self.client.client()
    }

    /// A handle on the client slot, for handlers that outlive a borrow of the provider.
    pub fn client_slot(&self) -> ClientSlot {
        self.client.clone()
    }

    /// The resolved configuration, once configured.
    pub fn provider_config(&self) -> Option<ProviderConfig> {
        self.config
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

#[async_trait]
impl Provider for ResistantProvider {
    fn schemas(&self) -> &ProviderSchemas {
        &self.schemas
    }

    async fn validate_provider_config(&self, config: &Value) -> Diagnostics {
        config::validate(config)
    }

    async fn configure(&self, request: ConfigureRequest) -> Diagnostics {
        let unknown = config::unknown_settings(&request.config);
        if !unknown.is_empty() {
            // Known only after apply (e.g. credentials from another resource): stay unconfigured
            // for now; handlers see no client and plan accordingly.
            tracing::debug!(
                ?unknown,
                "provider configuration not yet known; client not built"
            );
            self.client.defer(unknown);
            return Diagnostics::default();
        }
        let resolved = match ProviderConfig::resolve(&request.config, env) {
            Ok(resolved) => resolved,
            Err(diagnostics) => return diagnostics,
        };
        let user_agent = format!("terraform/{}", request.terraform_version);
        let client_config = match resolved.client_config(&user_agent, &self.stop) {
            Ok(client_config) => client_config,
            Err(diagnostics) => return diagnostics,
        };
        tracing::debug!(
            environment = resolved.environment.name,
            endpoint = %resolved.endpoint,
            "configuring the API client"
        );
        match Client::new(client_config) {
            Ok(client) => {
                self.client.set(client);
                *self
                    .config
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(resolved);
                Diagnostics::default()
            }
            Err(error) => Diagnostics::error(
                "Cannot create the API client",
                format!("The provider configuration was refused: {error}"),
            ),
        }
    }

    async fn stop(&self) -> Result<(), String> {
        tracing::info!("Terraform asked the provider to stop; ending waits and requests in flight");
        self.stop.trigger();
        Ok(())
    }

    async fn validate_resource_config(&self, type_name: &str, config: &Value) -> Diagnostics {
        self.resources.validate(type_name, config)
    }

    async fn read_resource(&self, request: ReadRequest) -> ReadResponse {
        self.resources.read(&self.client, request).await
    }

    async fn plan_resource_change(&self, request: PlanRequest) -> PlanResponse {
        let environment = self.provider_config().map(|config| config.environment);
        self.resources
            .plan(&self.client, environment, request)
            .await
    }

    async fn apply_resource_change(&self, request: ApplyRequest) -> ApplyResponse {
        self.resources.apply(&self.client, request).await
    }

    async fn import_resource_state(&self, type_name: &str, id: &str) -> ImportResponse {
        self.resources.import(&self.client, type_name, id).await
    }

    async fn validate_data_resource_config(&self, type_name: &str, config: &Value) -> Diagnostics {
        self.data_sources.validate(type_name, config)
    }

    async fn read_data_source(&self, type_name: &str, config: Value) -> (Value, Diagnostics) {
        self.data_sources.read(self, type_name, &config).await
    }

    async fn validate_ephemeral_resource_config(
        &self,
        type_name: &str,
        config: &Value,
    ) -> Diagnostics {
        self.ephemeral.validate(type_name, config)
    }

    async fn open_ephemeral_resource(
        &self,
        type_name: &str,
        config: Value,
    ) -> OpenEphemeralResponse {
        self.ephemeral.open(self, type_name, &config).await
    }

    async fn renew_ephemeral_resource(
        &self,
        type_name: &str,
        private: Vec<u8>,
    ) -> RenewEphemeralResponse {
        self.ephemeral.renew(self, type_name, &private).await
    }

    async fn close_ephemeral_resource(&self, type_name: &str, private: Vec<u8>) -> Diagnostics {
        self.ephemeral.close(type_name, &private).await
    }

    async fn call_function(
        &self,
        name: &str,
        arguments: Vec<Value>,
    ) -> Result<Value, FunctionError> {
        self.functions.call(name, &arguments)
    }
}
