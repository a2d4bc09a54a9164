//! A provider built on the framework: what it declares ([`ProviderDefinition`]: its block, how it
//! configures, and its resources with their identities, data sources, ephemeral resources,
//! functions, list resources and actions) and the
//! [`Framework`] that serves it over the plugin protocol, dispatching every RPC by type name and
//! handing each object the configured data.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use async_trait::async_trait;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::provider::{
    ActionProgress, ImportByIdentityRequest, InvokeActionRequest, ListResourceRequest, ListSink,
    PlanActionRequest, PlanActionResponse, ValidateActionConfigRequest,
    ValidateActionConfigResponse, ValidateListResourceConfigRequest,
    ValidateListResourceConfigResponse,
};
use tf_plugin_protocol::provider::{
    ApplyRequest, ApplyResponse, CallFunctionRequest, CallFunctionResponse, CloseEphemeralRequest,
    CloseEphemeralResponse, ConfigureRequest, ConfigureResponse, ImportRequest, ImportResponse,
    OpenEphemeralRequest, OpenEphemeralResponse, PlanRequest, PlanResponse, Provider,
    ProviderSchemas, ReadDataSourceRequest, ReadDataSourceResponse, ReadRequest, ReadResponse,
    RenewEphemeralRequest, RenewEphemeralResponse, StopRequest, StopResponse,
    ValidateDataResourceConfigRequest, ValidateDataResourceConfigResponse,
    ValidateEphemeralResourceConfigRequest, ValidateEphemeralResourceConfigResponse,
    ValidateProviderConfigRequest, ValidateProviderConfigResponse, ValidateResourceConfigRequest,
    ValidateResourceConfigResponse,
};
use tf_plugin_protocol::schema::Schema;

use crate::action::Action;
use crate::data_source::{DataSource, EphemeralResource};
use crate::function::{Function, Functions};
use crate::identity::Identity;
use crate::list::ListResource;
use crate::registry::Registry;
use crate::resource::Resource;

/// What `configure` made of the provider block.
pub enum Configured<D> {
    /// Ready: every object receives this.
    Ready(D),
    /// These settings are known only after apply; objects that need the configured data fail
    /// with a message naming them and the ways out.
    Deferred(Vec<String>),
}

/// Everything a provider declares. `Data` is what configuration produces (an API client and the
/// settings objects need) and every resource, data source and ephemeral resource receives.
#[async_trait]
pub trait ProviderDefinition: Send + Sync + 'static {
    /// What a successful configure produces, shared (read-only) by every object's calls.
    type Data: Send + Sync + 'static;

    /// The provider block.
    fn schema(&self) -> Schema;

    /// Checks of the provider block that need no API (unknown values skipped).
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }

    /// Turns the provider block (with environment fallbacks, if the provider has them) into
    /// its `Data`, or defers while settings are unknown; errors say which setting is wrong.
    async fn configure(
        &self,
        request: ConfigureRequest,
    ) -> Result<Configured<Self::Data>, Diagnostics>;

    /// The managed resource types (none by default).
    fn resources(&self) -> Vec<Box<dyn Resource<Self::Data>>> {
        Vec::new()
    }

    /// The data source types (none by default).
    fn data_sources(&self) -> Vec<Box<dyn DataSource<Self::Data>>> {
        Vec::new()
    }

    /// The ephemeral resource types (none by default).
    fn ephemeral_resources(&self) -> Vec<Box<dyn EphemeralResource<Self::Data>>> {
        Vec::new()
    }

    /// The provider functions (none by default).
    fn functions(&self) -> Vec<Box<dyn Function>> {
        Vec::new()
    }

    /// The identity tables of managed resource types (Terraform 1.12+); those of the types the
    /// list resources list are added without being named here.
    fn identities(&self) -> Vec<&'static Identity> {
        Vec::new()
    }

    /// The list resource types (Terraform 1.14+; none by default).
    fn list_resources(&self) -> Vec<Box<dyn ListResource<Self::Data>>> {
        Vec::new()
    }

    /// The action types (Terraform 1.14+; none by default).
    fn actions(&self) -> Vec<Box<dyn Action<Self::Data>>> {
        Vec::new()
    }

    /// Terraform asked the provider to stop (Ctrl-C): end waits and requests in flight.
    fn stop(&self) {}
}

enum Slot<D> {
    NotConfigured,
    Deferred(Vec<String>),
    Ready(Arc<D>),
}

/// A [`ProviderDefinition`] served over the plugin protocol.
pub struct Framework<P: ProviderDefinition> {
    definition: P,
    schemas: ProviderSchemas,
    slot: RwLock<Slot<P::Data>>,
    resources: Registry<dyn Resource<P::Data>>,
    data_sources: Registry<dyn DataSource<P::Data>>,
    ephemeral: Registry<dyn EphemeralResource<P::Data>>,
    functions: Functions,
    identities: BTreeMap<&'static str, &'static Identity>,
    lists: Registry<dyn ListResource<P::Data>>,
    actions: Registry<dyn Action<P::Data>>,
}

impl<P: ProviderDefinition> Framework<P> {
    /// Collects the definition's objects into registries and its schemas, once; nothing is
    /// configured until Terraform sends `ConfigureProvider`.
    pub fn new(definition: P) -> Self {
        let resources = Registry::new("resource type", definition.resources());
        let data_sources = Registry::new("data source", definition.data_sources());
        let ephemeral = Registry::new("ephemeral resource", definition.ephemeral_resources());
        let functions = Functions::new(definition.functions());
        let lists = Registry::new("list resource type", definition.list_resources());
        let actions = Registry::new("action type", definition.actions());
        let identities: BTreeMap<&'static str, &'static Identity> = definition
            .identities()
            .into_iter()
            .chain(lists.identities())
            .map(|identity| (identity.type_name, identity))
            .collect();
        let schemas = ProviderSchemas {
            provider: definition.schema(),
            resources: resources.schemas(),
            data_sources: data_sources.schemas(),
            ephemeral_resources: ephemeral.schemas(),
            functions: functions.signatures(),
            identities: identities
                .iter()
                .map(|(name, identity)| (name.to_string(), identity.schema()))
                .collect(),
            list_resources: lists.schemas(),
            actions: actions.schemas(),
        };
        Framework {
            definition,
            schemas,
            slot: RwLock::new(Slot::NotConfigured),
            resources,
            data_sources,
            ephemeral,
            functions,
            identities,
            lists,
            actions,
        }
    }

    /// What the provider declares.
    pub fn definition(&self) -> &P {
        &self.definition
    }

    /// The configured data, or the error to show where it is needed and missing.
    pub fn data(&self) -> Result<Arc<P::Data>, Diagnostics> {
        match &*self.slot.read().unwrap_or_else(|p| p.into_inner()) {
            Slot::Ready(data) => Ok(data.clone()),
            Slot::Deferred(unknown) => Err(deferred_error(unknown)),
            Slot::NotConfigured => Err(Diagnostics::error(
                "Provider not configured",
                "The provider block was not configured, so nothing that needs it can run.",
            )),
        }
    }

    fn put(&self, slot: Slot<P::Data>) {
        *self.slot.write().unwrap_or_else(|p| p.into_inner()) = slot;
    }
}

/// The configured data as the registries take it.
fn borrowed<D>(data: &Result<Arc<D>, Diagnostics>) -> Result<&D, Diagnostics> {
    data.as_deref().map_err(Clone::clone)
}

/// The error of anything that needs the configured provider while some of its settings are known
/// only after apply.
pub fn deferred_error(unknown: &[String]) -> Diagnostics {
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

#[async_trait]
impl<P: ProviderDefinition> Provider for Framework<P> {
    fn schemas(&self) -> &ProviderSchemas {
        &self.schemas
    }

    async fn validate_provider_config(
        &self,
        request: ValidateProviderConfigRequest,
    ) -> ValidateProviderConfigResponse {
        self.definition.validate(&request.config).into()
    }

    async fn configure(&self, request: ConfigureRequest) -> ConfigureResponse {
        match self.definition.configure(request).await {
            Ok(Configured::Ready(data)) => {
                self.put(Slot::Ready(Arc::new(data)));
                ConfigureResponse::default()
            }
            Ok(Configured::Deferred(unknown)) => {
                tracing::debug!(?unknown, "provider configuration not yet known");
                self.put(Slot::Deferred(unknown));
                ConfigureResponse::default()
            }
            Err(diagnostics) => diagnostics.into(),
        }
    }

    async fn stop(&self, _request: StopRequest) -> StopResponse {
        self.definition.stop();
        StopResponse::default()
    }

    async fn validate_resource_config(
        &self,
        request: ValidateResourceConfigRequest,
    ) -> ValidateResourceConfigResponse {
        self.resources
            .validate(&request.type_name, &request.config)
            .into()
    }

    async fn read_resource(&self, request: ReadRequest) -> ReadResponse {
        let data = self.data();
        self.resources.read(borrowed(&data), request).await
    }

    async fn plan_resource_change(&self, request: PlanRequest) -> PlanResponse {
        let data = self.data().ok();
        self.resources.plan(data.as_deref(), request).await
    }

    async fn apply_resource_change(&self, request: ApplyRequest) -> ApplyResponse {
        let data = self.data();
        self.resources.apply(borrowed(&data), request).await
    }

    async fn import_resource_state(&self, request: ImportRequest) -> ImportResponse {
        let data = self.data();
        self.resources
            .import(borrowed(&data), &request.type_name, &request.id)
            .await
    }

    async fn validate_data_resource_config(
        &self,
        request: ValidateDataResourceConfigRequest,
    ) -> ValidateDataResourceConfigResponse {
        self.data_sources
            .validate(&request.type_name, &request.config)
            .into()
    }

    async fn read_data_source(&self, request: ReadDataSourceRequest) -> ReadDataSourceResponse {
        let data = self.data();
        let (state, diagnostics) = self
            .data_sources
            .read(borrowed(&data), &request.type_name, &request.config)
            .await;
        ReadDataSourceResponse { state, diagnostics }
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: ValidateEphemeralResourceConfigRequest,
    ) -> ValidateEphemeralResourceConfigResponse {
        self.ephemeral
            .validate(&request.type_name, &request.config)
            .into()
    }

    async fn open_ephemeral_resource(
        &self,
        request: OpenEphemeralRequest,
    ) -> OpenEphemeralResponse {
        let data = self.data();
        self.ephemeral
            .open(borrowed(&data), &request.type_name, &request.config)
            .await
    }

    async fn renew_ephemeral_resource(
        &self,
        request: RenewEphemeralRequest,
    ) -> RenewEphemeralResponse {
        let data = self.data();
        self.ephemeral
            .renew(borrowed(&data), &request.type_name, &request.private)
            .await
    }

    async fn close_ephemeral_resource(
        &self,
        request: CloseEphemeralRequest,
    ) -> CloseEphemeralResponse {
        self.ephemeral
            .close(&request.type_name, &request.private)
            .await
            .into()
    }

    async fn call_function(&self, request: CallFunctionRequest) -> CallFunctionResponse {
        self.functions
            .call(&request.name, &request.arguments)
            .into()
    }

    fn identity_of(&self, type_name: &str, state: &Value) -> Option<Value> {
        self.identities
            .get(type_name)
            .map(|identity| identity.of(state))
    }

    async fn import_resource_by_identity(
        &self,
        request: ImportByIdentityRequest,
    ) -> ImportResponse {
        let Some(identity) = self.identities.get(request.type_name.as_str()) else {
            return ImportResponse {
                imported: Vec::new(),
                diagnostics: Diagnostics::error(
                    "Resource type without identity",
                    format!(
                        "{} has no identity; import it by ID instead.",
                        request.type_name
                    ),
                ),
            };
        };
        match identity.import_id(&request.identity) {
            Ok(id) => {
                let data = self.data();
                let mut response = self
                    .resources
                    .import(borrowed(&data), &request.type_name, &id)
                    .await;
                for object in &response.imported {
                    if object.type_name != request.type_name {
                        continue;
                    }
                    if let Err(refused) = identity.check_found(&request.identity, &object.state) {
                        response.imported.clear();
                        response.diagnostics.extend(refused);
                        break;
                    }
                }
                response
            }
            Err(diagnostics) => ImportResponse {
                imported: Vec::new(),
                diagnostics,
            },
        }
    }

    async fn validate_list_resource_config(
        &self,
        request: ValidateListResourceConfigRequest,
    ) -> ValidateListResourceConfigResponse {
        self.lists
            .validate(&request.type_name, &request.config)
            .into()
    }

    async fn list_resource(
        &self,
        request: ListResourceRequest,
        sink: &mut ListSink,
    ) -> Diagnostics {
        let data = self.data();
        self.lists
            .list(
                borrowed(&data),
                &request.type_name,
                &request.config,
                request.include_resource_object,
                sink,
            )
            .await
    }

    async fn validate_action_config(
        &self,
        request: ValidateActionConfigRequest,
    ) -> ValidateActionConfigResponse {
        self.actions
            .validate(&request.type_name, &request.config)
            .into()
    }

    async fn plan_action(&self, request: PlanActionRequest) -> PlanActionResponse {
        self.actions
            .validate(&request.type_name, &request.config)
            .into()
    }

    async fn invoke_action(
        &self,
        request: InvokeActionRequest,
        progress: &ActionProgress,
    ) -> Diagnostics {
        let data = self.data();
        self.actions
            .invoke(
                borrowed(&data),
                &request.type_name,
                &request.config,
                progress,
            )
            .await
    }
}
