//! The tfplugin6 `Provider` gRPC service, mapping every RPC onto the [`Provider`] trait: values are
//! decoded with the schema's implied type, results encoded as msgpack, diagnostics converted with
//! their attribute paths. RPCs the trait has no method for answer an error diagnostic (state
//! stores, which no provider here offers, always do).

/// Runs a validation RPC body: decode, then the provider's check, whose response carries only
/// diagnostics.
macro_rules! diagnostics_of {
    ($decoded:expr, |$value:ident| $check:expr) => {
        match $decoded {
            Ok($value) => convert::diagnostics(&$check.diagnostics),
            Err(diagnostics) => convert::diagnostics(&diagnostics),
        }
    };
}

mod action;
pub mod convert;
mod data_sources;
mod ephemeral;
mod functions;
mod generate;
mod identity;
mod list;
mod resources;
mod state_stores;
pub mod upgrade;
pub mod values;
mod write_only;

use std::sync::Arc;

use tonic::{Request, Response, Status};

use crate::cty::{Type, Value};
use crate::diagnostics::Diagnostics;
use crate::proto_gen::tfplugin6 as pb;
use crate::provider::{
    ApplyRequest, CallFunctionRequest, CloseEphemeralRequest, ConfigureRequest,
    ImportByIdentityRequest, ImportRequest, ImportResponse, OpenEphemeralRequest, PlanRequest,
    Provider, ReadDataSourceRequest, ReadRequest, RenewEphemeralRequest, StopRequest,
    ValidateDataResourceConfigRequest, ValidateEphemeralResourceConfigRequest,
    ValidateProviderConfigRequest, ValidateResourceConfigRequest,
};
use crate::schema::Schema;

use values::{decode, encode};

/// The largest message accepted or sent (Terraform sends whole states and plans).
pub const MAX_MESSAGE_SIZE: usize = 256 * 1024 * 1024;

/// The gRPC service around a provider.
pub struct ProviderService<P: Provider> {
    provider: Arc<P>,
}

impl<P: Provider> ProviderService<P> {
    /// The service around `provider`.
    pub fn new(provider: Arc<P>) -> Self {
        ProviderService { provider }
    }

    /// The tonic server for this service, with the message size limits raised.
    pub fn into_server(self) -> pb::provider_server::ProviderServer<Self> {
        pb::provider_server::ProviderServer::new(self)
            .max_decoding_message_size(MAX_MESSAGE_SIZE)
            .max_encoding_message_size(MAX_MESSAGE_SIZE)
    }
}

/// Which family of schemas a type name is looked up in.
#[derive(Clone, Copy)]
enum Kind {
    Resource,
    DataSource,
    Ephemeral,
    List,
    Action,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Resource => "resource type",
            Kind::DataSource => "data source",
            Kind::Ephemeral => "ephemeral resource type",
            Kind::List => "list resource type",
            Kind::Action => "action type",
        }
    }
}

/// Answers an "unsupported feature" error diagnostic.
fn unsupported(feature: &str) -> Vec<pb::Diagnostic> {
    convert::diagnostics(&Diagnostics::error(
        format!("Unsupported: {feature}"),
        format!("This provider does not implement {feature}."),
    ))
}

fn ok<T>(message: T) -> Result<Response<T>, Status> {
    Ok(Response::new(message))
}

fn server_capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: true,
        get_provider_schema_optional: true,
        move_resource_state: false,
        generate_resource_config: true,
    }
}

impl<P: Provider> ProviderService<P> {
    fn schema(&self, kind: Kind, type_name: &str) -> Result<&Schema, Diagnostics> {
        let schemas = self.provider.schemas();
        let map = match kind {
            Kind::Resource => &schemas.resources,
            Kind::DataSource => &schemas.data_sources,
            Kind::Ephemeral => &schemas.ephemeral_resources,
            Kind::List => &schemas.list_resources,
            Kind::Action => &schemas.actions,
        };
        map.get(type_name).ok_or_else(|| {
            Diagnostics::error(
                format!("Unknown {}", kind.noun()),
                format!("This provider has no {} named {type_name:?}.", kind.noun()),
            )
        })
    }

    /// Decodes a configuration-shaped value of `type_name`.
    fn decode_for(
        &self,
        kind: Kind,
        type_name: &str,
        value: Option<&pb::DynamicValue>,
        what: &str,
    ) -> Result<Value, Diagnostics> {
        let schema = self.schema(kind, type_name)?;
        decode(value, &schema.block.implied_type(), what)
    }

    fn encode_for(
        &self,
        kind: Kind,
        type_name: &str,
        value: &Value,
        what: &str,
    ) -> Result<pb::DynamicValue, Diagnostics> {
        let schema = self.schema(kind, type_name)?;
        encode(value, &schema.block.implied_type(), what)
    }

    fn provider_config(&self, value: Option<&pb::DynamicValue>) -> Result<Value, Diagnostics> {
        decode(
            value,
            &self.provider.schemas().provider.block.implied_type(),
            "provider configuration",
        )
    }

    fn full_schema(&self) -> pb::get_provider_schema::Response {
        let schemas = self.provider.schemas();
        let map = |schemas: &std::collections::BTreeMap<String, Schema>| {
            schemas
                .iter()
                .map(|(name, schema)| (name.clone(), convert::schema(schema)))
                .collect()
        };
        pb::get_provider_schema::Response {
            provider: Some(convert::schema(&schemas.provider)),
            resource_schemas: map(&schemas.resources),
            data_source_schemas: map(&schemas.data_sources),
            ephemeral_resource_schemas: map(&schemas.ephemeral_resources),
            list_resource_schemas: map(&schemas.list_resources),
            state_store_schemas: Default::default(),
            action_schemas: schemas
                .actions
                .iter()
                .map(|(name, schema)| {
                    (
                        name.clone(),
                        pb::ActionSchema {
                            schema: Some(convert::schema(schema)),
                        },
                    )
                })
                .collect(),
            functions: self.functions(),
            diagnostics: Vec::new(),
            provider_meta: None,
            server_capabilities: Some(server_capabilities()),
        }
    }

    fn functions(&self) -> std::collections::HashMap<String, pb::Function> {
        self.provider
            .schemas()
            .functions
            .iter()
            .map(|(name, signature)| (name.clone(), convert::function(signature)))
            .collect()
    }
}

#[tonic::async_trait]
impl<P: Provider> pb::provider_server::Provider for ProviderService<P> {
    async fn get_metadata(
        &self,
        _request: Request<pb::get_metadata::Request>,
    ) -> Result<Response<pb::get_metadata::Response>, Status> {
        tracing::debug!(tf_rpc = "GetMetadata", "handling request");
        let schemas = self.provider.schemas();
        ok(pb::get_metadata::Response {
            server_capabilities: Some(server_capabilities()),
            diagnostics: Vec::new(),
            resources: schemas
                .resources
                .keys()
                .map(|name| pb::get_metadata::ResourceMetadata {
                    type_name: name.clone(),
                })
                .collect(),
            data_sources: schemas
                .data_sources
                .keys()
                .map(|name| pb::get_metadata::DataSourceMetadata {
                    type_name: name.clone(),
                })
                .collect(),
            ephemeral_resources: schemas
                .ephemeral_resources
                .keys()
                .map(|name| pb::get_metadata::EphemeralMetadata {
                    type_name: name.clone(),
                })
                .collect(),
            functions: schemas
                .functions
                .keys()
                .map(|name| pb::get_metadata::FunctionMetadata { name: name.clone() })
                .collect(),
            list_resources: schemas
                .list_resources
                .keys()
                .map(|name| pb::get_metadata::ListResourceMetadata {
                    type_name: name.clone(),
                })
                .collect(),
            state_stores: Vec::new(),
            actions: schemas
                .actions
                .keys()
                .map(|name| pb::get_metadata::ActionMetadata {
                    type_name: name.clone(),
                })
                .collect(),
        })
    }

    async fn get_provider_schema(
        &self,
        _request: Request<pb::get_provider_schema::Request>,
    ) -> Result<Response<pb::get_provider_schema::Response>, Status> {
        tracing::debug!(tf_rpc = "GetProviderSchema", "handling request");
        ok(self.full_schema())
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> Result<Response<pb::validate_provider_config::Response>, Status> {
        tracing::debug!(tf_rpc = "ValidateProviderConfig", "handling request");
        let request = request.into_inner();
        let diagnostics =
            diagnostics_of!(self.provider_config(request.config.as_ref()), |config| self
                .provider
                .validate_provider_config(ValidateProviderConfigRequest { config })
                .await);
        ok(pb::validate_provider_config::Response { diagnostics })
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> Result<Response<pb::validate_resource_config::Response>, Status> {
        tracing::debug!(tf_rpc = "ValidateResourceConfig", "handling request");
        let request = request.into_inner();
        let name = &request.type_name;
        let diagnostics = diagnostics_of!(
            self.decode_for(
                Kind::Resource,
                name,
                request.config.as_ref(),
                "configuration"
            ),
            |config| self
                .provider
                .validate_resource_config(ValidateResourceConfigRequest {
                    type_name: name.clone(),
                    config,
                })
                .await
        );
        ok(pb::validate_resource_config::Response { diagnostics })
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> Result<Response<pb::validate_data_resource_config::Response>, Status> {
        tracing::debug!(tf_rpc = "ValidateDataResourceConfig", "handling request");
        let request = request.into_inner();
        let name = &request.type_name;
        let diagnostics = diagnostics_of!(
            self.decode_for(
                Kind::DataSource,
                name,
                request.config.as_ref(),
                "configuration"
            ),
            |config| self
                .provider
                .validate_data_resource_config(ValidateDataResourceConfigRequest {
                    type_name: name.clone(),
                    config,
                })
                .await
        );
        ok(pb::validate_data_resource_config::Response { diagnostics })
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        self.handle_upgrade_resource_state(request).await
    }

    async fn get_resource_identity_schemas(
        &self,
        _request: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        self.handle_get_resource_identity_schemas().await
    }

    async fn upgrade_resource_identity(
        &self,
        request: Request<pb::upgrade_resource_identity::Request>,
    ) -> Result<Response<pb::upgrade_resource_identity::Response>, Status> {
        self.handle_upgrade_resource_identity(request).await
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> Result<Response<pb::configure_provider::Response>, Status> {
        tracing::debug!(tf_rpc = "ConfigureProvider", "handling request");
        let request = request.into_inner();
        let diagnostics =
            diagnostics_of!(self.provider_config(request.config.as_ref()), |config| self
                .provider
                .configure(ConfigureRequest {
                    terraform_version: request.terraform_version.clone(),
                    config,
                })
                .await);
        ok(pb::configure_provider::Response { diagnostics })
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Result<Response<pb::read_resource::Response>, Status> {
        self.handle_read_resource(request).await
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        self.handle_plan_resource_change(request).await
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        self.handle_apply_resource_change(request).await
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        self.handle_import_resource_state(request).await
    }

    async fn move_resource_state(
        &self,
        request: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        self.handle_move_resource_state(request).await
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Result<Response<pb::read_data_source::Response>, Status> {
        self.handle_read_data_source(request).await
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> Result<Response<pb::validate_ephemeral_resource_config::Response>, Status> {
        tracing::debug!(
            tf_rpc = "ValidateEphemeralResourceConfig",
            "handling request"
        );
        let request = request.into_inner();
        let name = &request.type_name;
        let diagnostics = diagnostics_of!(
            self.decode_for(
                Kind::Ephemeral,
                name,
                request.config.as_ref(),
                "configuration"
            ),
            |config| self
                .provider
                .validate_ephemeral_resource_config(ValidateEphemeralResourceConfigRequest {
                    type_name: name.clone(),
                    config,
                })
                .await
        );
        ok(pb::validate_ephemeral_resource_config::Response { diagnostics })
    }

    async fn open_ephemeral_resource(
        &self,
        request: Request<pb::open_ephemeral_resource::Request>,
    ) -> Result<Response<pb::open_ephemeral_resource::Response>, Status> {
        self.handle_open_ephemeral_resource(request).await
    }

    async fn renew_ephemeral_resource(
        &self,
        request: Request<pb::renew_ephemeral_resource::Request>,
    ) -> Result<Response<pb::renew_ephemeral_resource::Response>, Status> {
        self.handle_renew_ephemeral_resource(request).await
    }

    async fn close_ephemeral_resource(
        &self,
        request: Request<pb::close_ephemeral_resource::Request>,
    ) -> Result<Response<pb::close_ephemeral_resource::Response>, Status> {
        self.handle_close_ephemeral_resource(request).await
    }

    async fn get_functions(
        &self,
        request: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        self.handle_get_functions(request).await
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Result<Response<pb::call_function::Response>, Status> {
        self.handle_call_function(request).await
    }

    async fn generate_resource_config(
        &self,
        request: Request<pb::generate_resource_config::Request>,
    ) -> Result<Response<pb::generate_resource_config::Response>, Status> {
        self.handle_generate_resource_config(request).await
    }

    type ListResourceStream = list::ListStream;

    async fn list_resource(
        &self,
        request: Request<pb::list_resource::Request>,
    ) -> Result<Response<Self::ListResourceStream>, Status> {
        self.handle_list_resource(request).await
    }

    async fn validate_list_resource_config(
        &self,
        request: Request<pb::validate_list_resource_config::Request>,
    ) -> Result<Response<pb::validate_list_resource_config::Response>, Status> {
        self.handle_validate_list_resource_config(request).await
    }

    async fn validate_state_store_config(
        &self,
        _request: Request<pb::validate_state_store::Request>,
    ) -> Result<Response<pb::validate_state_store::Response>, Status> {
        tracing::debug!(tf_rpc = "ValidateStateStoreConfig", "handling request");
        ok(self.state_store_validate())
    }

    async fn configure_state_store(
        &self,
        _request: Request<pb::configure_state_store::Request>,
    ) -> Result<Response<pb::configure_state_store::Response>, Status> {
        tracing::debug!(tf_rpc = "ConfigureStateStore", "handling request");
        ok(self.state_store_configure())
    }

    type ReadStateBytesStream = state_stores::StateBytesStream;

    async fn read_state_bytes(
        &self,
        _request: Request<pb::read_state_bytes::Request>,
    ) -> Result<Response<Self::ReadStateBytesStream>, Status> {
        tracing::debug!(tf_rpc = "ReadStateBytes", "handling request");
        Ok(Response::new(self.state_store_read()))
    }

    async fn write_state_bytes(
        &self,
        request: Request<tonic::Streaming<pb::write_state_bytes::RequestChunk>>,
    ) -> Result<Response<pb::write_state_bytes::Response>, Status> {
        tracing::debug!(tf_rpc = "WriteStateBytes", "handling request");
        self.state_store_write(request).await
    }

    async fn lock_state(
        &self,
        _request: Request<pb::lock_state::Request>,
    ) -> Result<Response<pb::lock_state::Response>, Status> {
        tracing::debug!(tf_rpc = "LockState", "handling request");
        ok(pb::lock_state::Response {
            lock_id: String::new(),
            diagnostics: unsupported("state stores"),
        })
    }

    async fn unlock_state(
        &self,
        _request: Request<pb::unlock_state::Request>,
    ) -> Result<Response<pb::unlock_state::Response>, Status> {
        tracing::debug!(tf_rpc = "UnlockState", "handling request");
        ok(pb::unlock_state::Response {
            diagnostics: unsupported("state stores"),
        })
    }

    async fn get_states(
        &self,
        _request: Request<pb::get_states::Request>,
    ) -> Result<Response<pb::get_states::Response>, Status> {
        tracing::debug!(tf_rpc = "GetStates", "handling request");
        ok(pb::get_states::Response {
            state_id: Vec::new(),
            diagnostics: unsupported("state stores"),
        })
    }

    async fn delete_state(
        &self,
        _request: Request<pb::delete_state::Request>,
    ) -> Result<Response<pb::delete_state::Response>, Status> {
        tracing::debug!(tf_rpc = "DeleteState", "handling request");
        ok(pb::delete_state::Response {
            diagnostics: unsupported("state stores"),
        })
    }

    async fn plan_action(
        &self,
        request: Request<pb::plan_action::Request>,
    ) -> Result<Response<pb::plan_action::Response>, Status> {
        self.handle_plan_action(request).await
    }

    type InvokeActionStream = action::ActionStream;

    async fn invoke_action(
        &self,
        request: Request<pb::invoke_action::Request>,
    ) -> Result<Response<Self::InvokeActionStream>, Status> {
        self.handle_invoke_action(request).await
    }

    async fn validate_action_config(
        &self,
        request: Request<pb::validate_action_config::Request>,
    ) -> Result<Response<pb::validate_action_config::Response>, Status> {
        self.handle_validate_action_config(request).await
    }

    async fn stop_provider(
        &self,
        _request: Request<pb::stop_provider::Request>,
    ) -> Result<Response<pb::stop_provider::Response>, Status> {
        tracing::debug!(tf_rpc = "StopProvider", "handling request");
        let error = self
            .provider
            .stop(StopRequest {})
            .await
            .error
            .unwrap_or_default();
        ok(pb::stop_provider::Response { error })
    }
}
