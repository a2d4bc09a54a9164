//! The tfplugin6 `Provider` gRPC service, mapping every RPC onto the [`Provider`] trait: values are
//! decoded with the schema's implied type, results encoded as msgpack, diagnostics converted with
//! their attribute paths. RPCs the trait has no method for answer an error diagnostic.

pub mod convert;
pub mod upgrade;
pub mod values;

use std::sync::Arc;

use tonic::{Request, Response, Status};

use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::proto_gen::tfplugin6 as pb;
use crate::protocol::provider::{
    ApplyRequest, ConfigureRequest, PlanRequest, Provider, ReadRequest,
};
use crate::protocol::schema::Schema;

use values::{decode, encode};

/// The largest message accepted or sent (Terraform sends whole states and plans).
pub const MAX_MESSAGE_SIZE: usize = 256 * 1024 * 1024;

/// The gRPC service around a provider.
pub struct ProviderService<P: Provider> {
    provider: Arc<P>,
}

impl<P: Provider> ProviderService<P> {
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
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Resource => "resource type",
            Kind::DataSource => "data source",
            Kind::Ephemeral => "ephemeral resource type",
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
    }
}

impl<P: Provider> ProviderService<P> {
    fn schema(&self, kind: Kind, type_name: &str) -> Result<&Schema, Diagnostics> {
        let schemas = self.provider.schemas();
        let map = match kind {
            Kind::Resource => &schemas.resources,
            Kind::DataSource => &schemas.data_sources,
            Kind::Ephemeral => &schemas.ephemeral_resources,
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

/// Runs a validation RPC body: decode, then the provider's check.
macro_rules! diagnostics_of {
    ($decoded:expr, |$value:ident| $check:expr) => {
        match $decoded {
            Ok($value) => convert::diagnostics(&$check),
            Err(diagnostics) => convert::diagnostics(&diagnostics),
        }
    };
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
                .validate_provider_config(&config)
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
            |config| self.provider.validate_resource_config(name, &config).await
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
                .validate_data_resource_config(name, &config)
                .await
        );
        ok(pb::validate_data_resource_config::Response { diagnostics })
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        tracing::debug!(tf_rpc = "UpgradeResourceState", "handling request");
        let request = request.into_inner();
        let name = &request.type_name;
        let result = async {
            let schema = self.schema(Kind::Resource, name)?;
            let raw = request.raw_state.unwrap_or_default();
            if raw.json.is_empty() && !raw.flatmap.is_empty() {
                return Err(Diagnostics::error(
                    "Unsupported: legacy flatmap state",
                    "This provider cannot read state stored in the pre-0.12 flatmap format.",
                ));
            }
            if raw.json.is_empty() {
                return Ok(pb::DynamicValue::default());
            }
            let value =
                upgrade::upgrade_state(&*self.provider, name, schema, request.version, &raw.json)
                    .await?;
            encode(&value, &schema.block.implied_type(), "upgraded state")
        }
        .await;
        ok(match result {
            Ok(state) => pb::upgrade_resource_state::Response {
                upgraded_state: Some(state),
                diagnostics: Vec::new(),
            },
            Err(diagnostics) => pb::upgrade_resource_state::Response {
                upgraded_state: None,
                diagnostics: convert::diagnostics(&diagnostics),
            },
        })
    }

    async fn get_resource_identity_schemas(
        &self,
        _request: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        tracing::debug!(tf_rpc = "GetResourceIdentitySchemas", "handling request");
        // No resource declares an identity: an empty answer, which Terraform accepts.
        ok(pb::get_resource_identity_schemas::Response::default())
    }

    async fn upgrade_resource_identity(
        &self,
        _request: Request<pb::upgrade_resource_identity::Request>,
    ) -> Result<Response<pb::upgrade_resource_identity::Response>, Status> {
        tracing::debug!(tf_rpc = "UpgradeResourceIdentity", "handling request");
        ok(pb::upgrade_resource_identity::Response {
            upgraded_identity: None,
            diagnostics: unsupported("resource identity"),
        })
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
        tracing::debug!(tf_rpc = "ReadResource", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let current_state = self.decode_for(
                Kind::Resource,
                &name,
                request.current_state.as_ref(),
                "current state",
            )?;
            let response = self
                .provider
                .read_resource(ReadRequest {
                    type_name: name.clone(),
                    current_state,
                    private: request.private,
                })
                .await;
            let new_state = if response.diagnostics.has_errors() {
                // Keep Terraform's idea of the object when reading failed.
                request.current_state
            } else {
                Some(self.encode_for(Kind::Resource, &name, &response.new_state, "new state")?)
            };
            Ok::<_, Diagnostics>(pb::read_resource::Response {
                new_state,
                diagnostics: convert::diagnostics(&response.diagnostics),
                private: response.private,
                deferred: None,
                new_identity: None,
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::read_resource::Response {
                diagnostics: convert::diagnostics(&diagnostics),
                ..Default::default()
            }),
        )
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        tracing::debug!(tf_rpc = "PlanResourceChange", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let decode = |value: Option<&pb::DynamicValue>, what| {
                self.decode_for(Kind::Resource, &name, value, what)
            };
            let plan = PlanRequest {
                type_name: name.clone(),
                prior_state: decode(request.prior_state.as_ref(), "prior state")?,
                proposed_new_state: decode(
                    request.proposed_new_state.as_ref(),
                    "proposed new state",
                )?,
                config: decode(request.config.as_ref(), "configuration")?,
                prior_private: request.prior_private,
            };
            let response = self.provider.plan_resource_change(plan).await;
            let planned_state = if response.diagnostics.has_errors() {
                None
            } else {
                Some(self.encode_for(
                    Kind::Resource,
                    &name,
                    &response.planned_state,
                    "planned state",
                )?)
            };
            Ok::<_, Diagnostics>(pb::plan_resource_change::Response {
                planned_state,
                requires_replace: response
                    .requires_replace
                    .iter()
                    .map(convert::attribute_path)
                    .collect(),
                planned_private: response.planned_private,
                diagnostics: convert::diagnostics(&response.diagnostics),
                legacy_type_system: false,
                deferred: None,
                planned_identity: None,
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::plan_resource_change::Response {
                diagnostics: convert::diagnostics(&diagnostics),
                ..Default::default()
            }),
        )
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        tracing::debug!(tf_rpc = "ApplyResourceChange", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let decode = |value: Option<&pb::DynamicValue>, what| {
                self.decode_for(Kind::Resource, &name, value, what)
            };
            let apply = ApplyRequest {
                type_name: name.clone(),
                prior_state: decode(request.prior_state.as_ref(), "prior state")?,
                planned_state: decode(request.planned_state.as_ref(), "planned state")?,
                config: decode(request.config.as_ref(), "configuration")?,
                planned_private: request.planned_private,
            };
            let response = self.provider.apply_resource_change(apply).await;
            // Even a failed apply may return a partial state, which Terraform records.
            let new_state =
                self.encode_for(Kind::Resource, &name, &response.new_state, "new state")?;
            Ok::<_, Diagnostics>(pb::apply_resource_change::Response {
                new_state: Some(new_state),
                private: response.private,
                diagnostics: convert::diagnostics(&response.diagnostics),
                legacy_type_system: false,
                new_identity: None,
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::apply_resource_change::Response {
                diagnostics: convert::diagnostics(&diagnostics),
                ..Default::default()
            }),
        )
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        tracing::debug!(tf_rpc = "ImportResourceState", "handling request");
        let request = request.into_inner();
        let response = self
            .provider
            .import_resource_state(&request.type_name, &request.id)
            .await;
        let mut diagnostics = response.diagnostics;
        let mut imported_resources = Vec::new();
        for object in &response.imported {
            match self.encode_for(
                Kind::Resource,
                &object.type_name,
                &object.state,
                "imported state",
            ) {
                Ok(state) => imported_resources.push(pb::import_resource_state::ImportedResource {
                    type_name: object.type_name.clone(),
                    state: Some(state),
                    private: object.private.clone(),
                    identity: None,
                }),
                Err(more) => diagnostics.0.extend(more.0),
            }
        }
        ok(pb::import_resource_state::Response {
            imported_resources,
            diagnostics: convert::diagnostics(&diagnostics),
            deferred: None,
        })
    }

    async fn move_resource_state(
        &self,
        _request: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        tracing::debug!(tf_rpc = "MoveResourceState", "handling request");
        ok(pb::move_resource_state::Response {
            diagnostics: unsupported("moving resource state between resource types"),
            ..Default::default()
        })
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Result<Response<pb::read_data_source::Response>, Status> {
        tracing::debug!(tf_rpc = "ReadDataSource", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let config = self.decode_for(
                Kind::DataSource,
                &name,
                request.config.as_ref(),
                "configuration",
            )?;
            let (state, diagnostics) = self.provider.read_data_source(&name, config).await;
            let state = if diagnostics.has_errors() {
                None
            } else {
                Some(self.encode_for(Kind::DataSource, &name, &state, "data source state")?)
            };
            Ok::<_, Diagnostics>(pb::read_data_source::Response {
                state,
                diagnostics: convert::diagnostics(&diagnostics),
                deferred: None,
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::read_data_source::Response {
                diagnostics: convert::diagnostics(&diagnostics),
                ..Default::default()
            }),
        )
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
                .validate_ephemeral_resource_config(name, &config)
                .await
        );
        ok(pb::validate_ephemeral_resource_config::Response { diagnostics })
    }

    async fn open_ephemeral_resource(
        &self,
        request: Request<pb::open_ephemeral_resource::Request>,
    ) -> Result<Response<pb::open_ephemeral_resource::Response>, Status> {
        tracing::debug!(tf_rpc = "OpenEphemeralResource", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let config = self.decode_for(
                Kind::Ephemeral,
                &name,
                request.config.as_ref(),
                "configuration",
            )?;
            let response = self.provider.open_ephemeral_resource(&name, config).await;
            let result = if response.diagnostics.has_errors() {
                None
            } else {
                Some(self.encode_for(Kind::Ephemeral, &name, &response.result, "result")?)
            };
            Ok::<_, Diagnostics>(pb::open_ephemeral_resource::Response {
                diagnostics: convert::diagnostics(&response.diagnostics),
                renew_at: response.renew_at.map(values::timestamp),
                result,
                private: Some(response.private),
                deferred: None,
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::open_ephemeral_resource::Response {
                diagnostics: convert::diagnostics(&diagnostics),
                ..Default::default()
            }),
        )
    }

    async fn renew_ephemeral_resource(
        &self,
        request: Request<pb::renew_ephemeral_resource::Request>,
    ) -> Result<Response<pb::renew_ephemeral_resource::Response>, Status> {
        tracing::debug!(tf_rpc = "RenewEphemeralResource", "handling request");
        let request = request.into_inner();
        let response = self
            .provider
            .renew_ephemeral_resource(&request.type_name, request.private.unwrap_or_default())
            .await;
        ok(pb::renew_ephemeral_resource::Response {
            diagnostics: convert::diagnostics(&response.diagnostics),
            renew_at: response.renew_at.map(values::timestamp),
            private: Some(response.private),
        })
    }

    async fn close_ephemeral_resource(
        &self,
        request: Request<pb::close_ephemeral_resource::Request>,
    ) -> Result<Response<pb::close_ephemeral_resource::Response>, Status> {
        tracing::debug!(tf_rpc = "CloseEphemeralResource", "handling request");
        let request = request.into_inner();
        let diagnostics = self
            .provider
            .close_ephemeral_resource(&request.type_name, request.private.unwrap_or_default())
            .await;
        ok(pb::close_ephemeral_resource::Response {
            diagnostics: convert::diagnostics(&diagnostics),
        })
    }

    async fn get_functions(
        &self,
        _request: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        tracing::debug!(tf_rpc = "GetFunctions", "handling request");
        ok(pb::get_functions::Response {
            functions: self.functions(),
            diagnostics: Vec::new(),
        })
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Result<Response<pb::call_function::Response>, Status> {
        tracing::debug!(tf_rpc = "CallFunction", "handling request");
        let request = request.into_inner();
        let failure = |text: String, argument: Option<i64>| pb::call_function::Response {
            result: None,
            error: Some(pb::FunctionError {
                text,
                function_argument: argument,
            }),
        };
        let Some(signature) = self.provider.schemas().functions.get(&request.name) else {
            return ok(failure(
                format!("This provider has no function named {:?}.", request.name),
                None,
            ));
        };
        let mut arguments = Vec::with_capacity(request.arguments.len());
        for (index, argument) in request.arguments.iter().enumerate() {
            let position = i64::try_from(index).unwrap_or(i64::MAX);
            let Some(ty) = convert::argument_type(signature, index) else {
                return ok(failure("Too many arguments.".to_string(), Some(position)));
            };
            match decode(Some(argument), ty, "argument") {
                Ok(value) => arguments.push(value),
                Err(diagnostics) => {
                    let text = diagnostics
                        .0
                        .first()
                        .map(|d| d.detail.clone())
                        .unwrap_or_default();
                    return ok(failure(text, Some(position)));
                }
            }
        }
        let response = match self.provider.call_function(&request.name, arguments).await {
            Ok(value) => match encode(&value, &signature.return_type, "function result") {
                Ok(result) => pb::call_function::Response {
                    result: Some(result),
                    error: None,
                },
                Err(diagnostics) => failure(
                    diagnostics
                        .0
                        .first()
                        .map(|d| d.detail.clone())
                        .unwrap_or_default(),
                    None,
                ),
            },
            Err(error) => pb::call_function::Response {
                result: None,
                error: Some(convert::function_error(&error)),
            },
        };
        ok(response)
    }

    async fn stop_provider(
        &self,
        _request: Request<pb::stop_provider::Request>,
    ) -> Result<Response<pb::stop_provider::Response>, Status> {
        tracing::debug!(tf_rpc = "StopProvider", "handling request");
        let error = self.provider.stop().await.err().unwrap_or_default();
        ok(pb::stop_provider::Response { error })
    }
}
