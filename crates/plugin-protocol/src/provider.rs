//! The interface a provider implements to be served over the plugin protocol: one request type in
//! and one response type out per RPC, in the manner of terraform-plugin-go's `tfprotov6`. Values
//! arrive decoded (with the types the provider's schemas imply) and leave encoded by the server;
//! the provider never sees protobuf or msgpack. Every method except `schemas` has a default: the
//! validations and `configure`, `stop` and `close_ephemeral_resource` accept, the state upgrade
//! keeps the stored JSON as it is, and the others answer an error naming the unsupported feature.

use std::collections::BTreeMap;
use std::time::SystemTime;

use async_trait::async_trait;

use super::cty::Value;
use super::diagnostics::{AttributePath, Diagnostics};
use super::schema::{FunctionSignature, Schema};

pub use super::action::{
    ActionProgress, InvokeActionRequest, PlanActionRequest, PlanActionResponse,
    ValidateActionConfigRequest, ValidateActionConfigResponse,
};
pub use super::identity::{
    IdentityAttribute, IdentitySchema, ImportByIdentityRequest, UpgradeResourceIdentityRequest,
    UpgradeResourceIdentityResponse,
};
pub use super::list::{
    ListResourceRequest, ListSink, ListedObject, ValidateListResourceConfigRequest,
    ValidateListResourceConfigResponse,
};

/// Everything a provider declares up front.
#[derive(Clone, Debug, Default)]
pub struct ProviderSchemas {
    /// The provider block.
    pub provider: Schema,
    /// Managed resource types by name.
    pub resources: BTreeMap<String, Schema>,
    /// Data sources by name.
    pub data_sources: BTreeMap<String, Schema>,
    /// Ephemeral resource types by name.
    pub ephemeral_resources: BTreeMap<String, Schema>,
    /// Provider-defined functions by name.
    pub functions: BTreeMap<String, FunctionSignature>,
    /// Identity schemas of managed resource types, by type name (Terraform 1.12+).
    pub identities: BTreeMap<String, IdentitySchema>,
    /// List resource types by name: each also names a managed resource type with an identity
    /// (Terraform 1.14+).
    pub list_resources: BTreeMap<String, Schema>,
    /// Action types by name (Terraform 1.14+).
    pub actions: BTreeMap<String, Schema>,
}

/// Declares response types that carry diagnostics only, each convertible from [`Diagnostics`].
macro_rules! diagnostics_responses {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            /// Errors and warnings; an error means the call failed.
            pub diagnostics: Diagnostics,
        }

        impl From<Diagnostics> for $name {
            fn from(diagnostics: Diagnostics) -> Self {
                $name { diagnostics }
            }
        }
    )*};
}

diagnostics_responses! {
    /// The answer to [`Provider::validate_provider_config`].
    ValidateProviderConfigResponse;
    /// The answer to [`Provider::configure`].
    ConfigureResponse;
    /// The answer to [`Provider::validate_resource_config`].
    ValidateResourceConfigResponse;
    /// The answer to [`Provider::validate_data_resource_config`].
    ValidateDataResourceConfigResponse;
    /// The answer to [`Provider::validate_ephemeral_resource_config`].
    ValidateEphemeralResourceConfigResponse;
    /// The answer to [`Provider::close_ephemeral_resource`].
    CloseEphemeralResponse;
}

/// The provider block's configuration to check (values may still be unknown).
#[derive(Clone, Debug, Default)]
pub struct ValidateProviderConfigRequest {
    /// The provider block as written.
    pub config: Value,
}

/// The provider block, once Terraform is about to use the provider.
#[derive(Clone, Debug, Default)]
pub struct ConfigureRequest {
    /// The version of the Terraform CLI, e.g. `1.11.4`.
    pub terraform_version: String,
    /// The provider block; values depending on resources not yet applied are unknown.
    pub config: Value,
}

/// Terraform asks the provider to stop work in flight (e.g. on Ctrl-C).
#[derive(Clone, Debug, Default)]
pub struct StopRequest {}

/// The answer to [`Provider::stop`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StopResponse {
    /// Why stopping failed, if it did.
    pub error: Option<String>,
}

/// A resource configuration to check (values may still be unknown).
#[derive(Clone, Debug, Default)]
pub struct ValidateResourceConfigRequest {
    /// The resource type.
    pub type_name: String,
    /// The resource block as written.
    pub config: Value,
}

/// A stored state written under an older schema version, to migrate.
#[derive(Clone, Debug, Default)]
pub struct UpgradeResourceStateRequest {
    /// The resource type.
    pub type_name: String,
    /// The schema version the state was written under (below the current one).
    pub version: i64,
    /// The stored state, parsed from its JSON.
    pub raw_state: serde_json::Value,
}

/// The answer to [`Provider::upgrade_resource_state`].
#[derive(Clone, Debug, Default)]
pub struct UpgradeResourceStateResponse {
    /// The state in the shape of the current schema, as JSON. The server then drops attributes
    /// the schema no longer has, adds missing ones as null, and decodes it.
    pub upgraded_state: serde_json::Value,
    /// Errors and warnings; an error means the state could not be migrated.
    pub diagnostics: Diagnostics,
}

/// Refresh: read the object behind a state.
#[derive(Clone, Debug, Default)]
pub struct ReadRequest {
    /// The resource type.
    pub type_name: String,
    /// The state Terraform holds.
    pub current_state: Value,
    /// The private bytes stored with that state.
    pub private: Vec<u8>,
}

/// The answer to [`Provider::read_resource`].
#[derive(Clone, Debug, Default)]
pub struct ReadResponse {
    /// `Value::Null` means the object is gone and is removed from state.
    pub new_state: Value,
    /// The private bytes to store with the new state.
    pub private: Vec<u8>,
    /// Errors and warnings; after an error Terraform keeps the state it had.
    pub diagnostics: Diagnostics,
}

/// Plan a create, an update or a destroy.
#[derive(Clone, Debug, Default)]
pub struct PlanRequest {
    /// The resource type.
    pub type_name: String,
    /// `Value::Null` on create.
    pub prior_state: Value,
    /// `Value::Null` on destroy.
    pub proposed_new_state: Value,
    /// The resource block as written (write-only attributes are readable here).
    pub config: Value,
    /// The private bytes stored with the prior state.
    pub prior_private: Vec<u8>,
}

/// The answer to [`Provider::plan_resource_change`].
#[derive(Clone, Debug, Default)]
pub struct PlanResponse {
    /// The planned state; the server nulls its write-only attributes.
    pub planned_state: Value,
    /// Attributes whose change forces a replacement.
    pub requires_replace: Vec<AttributePath>,
    /// Private bytes handed to the apply of this plan.
    pub planned_private: Vec<u8>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// Apply a planned create, update or destroy.
#[derive(Clone, Debug, Default)]
pub struct ApplyRequest {
    /// The resource type.
    pub type_name: String,
    /// `Value::Null` on create.
    pub prior_state: Value,
    /// `Value::Null` on destroy.
    pub planned_state: Value,
    /// The resource block as written (write-only attributes are readable here).
    pub config: Value,
    /// The private bytes the plan answered.
    pub planned_private: Vec<u8>,
}

/// The answer to [`Provider::apply_resource_change`].
#[derive(Clone, Debug, Default)]
pub struct ApplyResponse {
    /// `Value::Null` after a destroy; the server nulls write-only attributes.
    pub new_state: Value,
    /// The private bytes to store with the new state.
    pub private: Vec<u8>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// `terraform import` (or an import block): the objects an ID names.
#[derive(Clone, Debug, Default)]
pub struct ImportRequest {
    /// The resource type.
    pub type_name: String,
    /// The import ID the user gave.
    pub id: String,
}

/// One object an import found.
#[derive(Clone, Debug, Default)]
pub struct ImportedObject {
    /// Its resource type.
    pub type_name: String,
    /// Its state (Terraform reads it again before storing it).
    pub state: Value,
    /// The private bytes to store with it.
    pub private: Vec<u8>,
}

/// The answer to [`Provider::import_resource_state`].
#[derive(Clone, Debug, Default)]
pub struct ImportResponse {
    /// The objects found.
    pub imported: Vec<ImportedObject>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// Turn a state into the resource block configuration that reproduces it (for
/// `-generate-config-out`).
#[derive(Clone, Debug, Default)]
pub struct GenerateResourceConfigRequest {
    /// The resource type.
    pub type_name: String,
    /// The state, as read or imported.
    pub state: Value,
}

/// The answer to [`Provider::generate_resource_config`].
#[derive(Clone, Debug, Default)]
pub struct GenerateResourceConfigResponse {
    /// A value of the resource's type holding only what configuration sets.
    pub config: Value,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// A data source configuration to check (values may still be unknown).
#[derive(Clone, Debug, Default)]
pub struct ValidateDataResourceConfigRequest {
    /// The data source.
    pub type_name: String,
    /// The data block as written.
    pub config: Value,
}

/// Read a data source.
#[derive(Clone, Debug, Default)]
pub struct ReadDataSourceRequest {
    /// The data source.
    pub type_name: String,
    /// The data block, wholly known.
    pub config: Value,
}

/// The answer to [`Provider::read_data_source`].
#[derive(Clone, Debug, Default)]
pub struct ReadDataSourceResponse {
    /// The data source's state: the configuration with the computed attributes filled.
    pub state: Value,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// An ephemeral resource configuration to check (values may still be unknown).
#[derive(Clone, Debug, Default)]
pub struct ValidateEphemeralResourceConfigRequest {
    /// The ephemeral resource type.
    pub type_name: String,
    /// The ephemeral block as written.
    pub config: Value,
}

/// Open an ephemeral resource.
#[derive(Clone, Debug, Default)]
pub struct OpenEphemeralRequest {
    /// The ephemeral resource type.
    pub type_name: String,
    /// The ephemeral block, wholly known.
    pub config: Value,
}

/// The answer to [`Provider::open_ephemeral_resource`].
#[derive(Clone, Debug, Default)]
pub struct OpenEphemeralResponse {
    /// The value the configuration sees.
    pub result: Value,
    /// When Terraform should call renew, if ever.
    pub renew_at: Option<SystemTime>,
    /// Bytes handed back to renew and close.
    pub private: Vec<u8>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// Renew an open ephemeral resource.
#[derive(Clone, Debug, Default)]
pub struct RenewEphemeralRequest {
    /// The ephemeral resource type.
    pub type_name: String,
    /// The bytes open (or the last renew) answered.
    pub private: Vec<u8>,
}

/// The answer to [`Provider::renew_ephemeral_resource`].
#[derive(Clone, Debug, Default)]
pub struct RenewEphemeralResponse {
    /// When Terraform should call renew again, if ever.
    pub renew_at: Option<SystemTime>,
    /// Bytes handed to the next renew and to close.
    pub private: Vec<u8>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// Close an ephemeral resource Terraform no longer needs.
#[derive(Clone, Debug, Default)]
pub struct CloseEphemeralRequest {
    /// The ephemeral resource type.
    pub type_name: String,
    /// The bytes open (or the last renew) answered.
    pub private: Vec<u8>,
}

/// Call a provider-defined function.
#[derive(Clone, Debug, Default)]
pub struct CallFunctionRequest {
    /// The function's name.
    pub name: String,
    /// The arguments, decoded with the parameters' types (the variadic ones last).
    pub arguments: Vec<Value>,
}

/// The answer to [`Provider::call_function`]: a result, or an error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallFunctionResponse {
    /// The result, of the signature's return type (ignored when `error` is set).
    pub result: Value,
    /// Why the call failed, if it did.
    pub error: Option<FunctionError>,
}

impl From<Result<Value, FunctionError>> for CallFunctionResponse {
    fn from(outcome: Result<Value, FunctionError>) -> Self {
        match outcome {
            Ok(result) => CallFunctionResponse {
                result,
                error: None,
            },
            Err(error) => CallFunctionResponse {
                result: Value::Null,
                error: Some(error),
            },
        }
    }
}

/// A function call failure: the message, and the zero-based argument it is about, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionError {
    /// What went wrong, for the user.
    pub text: String,
    /// The zero-based position of the argument at fault.
    pub argument: Option<i64>,
}

fn unsupported(feature: &str) -> Diagnostics {
    Diagnostics::error(
        format!("Unsupported: {feature}"),
        format!("This provider does not implement {feature}."),
    )
}

/// A provider as the plugin protocol sees it: one method per RPC.
#[async_trait]
pub trait Provider: Send + Sync + 'static {
    /// The schemas; called often, so return a reference to data built once.
    fn schemas(&self) -> &ProviderSchemas;

    /// Checks the provider block without calling any API.
    async fn validate_provider_config(
        &self,
        _request: ValidateProviderConfigRequest,
    ) -> ValidateProviderConfigResponse {
        ValidateProviderConfigResponse::default()
    }

    /// Configures the provider from its block, before any object is read, planned or applied.
    async fn configure(&self, _request: ConfigureRequest) -> ConfigureResponse {
        ConfigureResponse::default()
    }

    /// Terraform asks the provider to stop work in flight (e.g. on Ctrl-C).
    async fn stop(&self, _request: StopRequest) -> StopResponse {
        StopResponse::default()
    }

    /// Checks a resource block without calling any API.
    async fn validate_resource_config(
        &self,
        _request: ValidateResourceConfigRequest,
    ) -> ValidateResourceConfigResponse {
        ValidateResourceConfigResponse::default()
    }

    /// Migrates a JSON state written under an older schema version to the current one; called
    /// only for states older than the schema. The default keeps the state unchanged.
    async fn upgrade_resource_state(
        &self,
        request: UpgradeResourceStateRequest,
    ) -> UpgradeResourceStateResponse {
        UpgradeResourceStateResponse {
            upgraded_state: request.raw_state,
            diagnostics: Diagnostics::default(),
        }
    }

    /// Reads the object behind a state (refresh).
    async fn read_resource(&self, _request: ReadRequest) -> ReadResponse {
        ReadResponse {
            diagnostics: unsupported("reading resources"),
            ..Default::default()
        }
    }

    /// Plans a create, update or destroy.
    async fn plan_resource_change(&self, _request: PlanRequest) -> PlanResponse {
        PlanResponse {
            diagnostics: unsupported("planning resources"),
            ..Default::default()
        }
    }

    /// Applies a planned create, update or destroy.
    async fn apply_resource_change(&self, _request: ApplyRequest) -> ApplyResponse {
        ApplyResponse {
            diagnostics: unsupported("applying resources"),
            ..Default::default()
        }
    }

    /// Finds the objects an import ID names.
    async fn import_resource_state(&self, _request: ImportRequest) -> ImportResponse {
        ImportResponse {
            diagnostics: unsupported("importing resources"),
            ..Default::default()
        }
    }

    /// Checks a data block without calling any API.
    async fn validate_data_resource_config(
        &self,
        _request: ValidateDataResourceConfigRequest,
    ) -> ValidateDataResourceConfigResponse {
        ValidateDataResourceConfigResponse::default()
    }

    /// Reads a data source.
    async fn read_data_source(&self, _request: ReadDataSourceRequest) -> ReadDataSourceResponse {
        ReadDataSourceResponse {
            diagnostics: unsupported("data sources"),
            ..Default::default()
        }
    }

    /// Checks an ephemeral block without calling any API.
    async fn validate_ephemeral_resource_config(
        &self,
        _request: ValidateEphemeralResourceConfigRequest,
    ) -> ValidateEphemeralResourceConfigResponse {
        ValidateEphemeralResourceConfigResponse::default()
    }

    /// Opens an ephemeral resource.
    async fn open_ephemeral_resource(
        &self,
        _request: OpenEphemeralRequest,
    ) -> OpenEphemeralResponse {
        OpenEphemeralResponse {
            diagnostics: unsupported("ephemeral resources"),
            ..Default::default()
        }
    }

    /// Renews an open ephemeral resource.
    async fn renew_ephemeral_resource(
        &self,
        _request: RenewEphemeralRequest,
    ) -> RenewEphemeralResponse {
        RenewEphemeralResponse {
            diagnostics: unsupported("renewing ephemeral resources"),
            ..Default::default()
        }
    }

    /// Closes an ephemeral resource Terraform no longer needs.
    async fn close_ephemeral_resource(
        &self,
        _request: CloseEphemeralRequest,
    ) -> CloseEphemeralResponse {
        CloseEphemeralResponse::default()
    }

    /// Calls a provider-defined function.
    async fn call_function(&self, request: CallFunctionRequest) -> CallFunctionResponse {
        CallFunctionResponse::from(Err(FunctionError {
            text: format!(
                "This provider does not implement the function {}.",
                request.name
            ),
            argument: None,
        }))
    }

    /// The identity of the object a state of `type_name` describes, in its identity schema (only
    /// asked for types that declare one). Unknown parts are allowed while planning a create. The
    /// server answers it beside every state read, planned, applied or imported.
    fn identity_of(&self, _type_name: &str, _state: &Value) -> Option<Value> {
        None
    }

    /// Migrates a stored identity written under an older identity version. The default keeps
    /// it as it is.
    async fn upgrade_resource_identity(
        &self,
        request: UpgradeResourceIdentityRequest,
    ) -> UpgradeResourceIdentityResponse {
        UpgradeResourceIdentityResponse {
            upgraded_identity: request.raw_identity,
            diagnostics: Diagnostics::default(),
        }
    }

    /// Finds the object an import block's identity names.
    async fn import_resource_by_identity(
        &self,
        _request: ImportByIdentityRequest,
    ) -> ImportResponse {
        ImportResponse {
            diagnostics: unsupported("importing by identity"),
            ..Default::default()
        }
    }

    /// The configuration that reproduces a state. The default keeps what configuration can set
    /// and leaves out computed-only, sensitive and write-only attributes.
    async fn generate_resource_config(
        &self,
        request: GenerateResourceConfigRequest,
    ) -> GenerateResourceConfigResponse {
        match self.schemas().resources.get(&request.type_name) {
            Some(schema) => GenerateResourceConfigResponse {
                config: super::generate::config_from_state(&schema.block, &request.state),
                diagnostics: Diagnostics::default(),
            },
            None => GenerateResourceConfigResponse {
                config: Value::Null,
                diagnostics: unsupported("generating configuration for this type"),
            },
        }
    }

    /// Checks a list block without calling any API.
    async fn validate_list_resource_config(
        &self,
        _request: ValidateListResourceConfigRequest,
    ) -> ValidateListResourceConfigResponse {
        ValidateListResourceConfigResponse::default()
    }

    /// Lists the objects a list block selects into `sink`, stopping when it wants no more;
    /// the diagnostics returned are sent after the last object.
    async fn list_resource(
        &self,
        _request: ListResourceRequest,
        _sink: &mut ListSink,
    ) -> Diagnostics {
        unsupported("list resources")
    }

    /// Checks an action block without calling any API.
    async fn validate_action_config(
        &self,
        _request: ValidateActionConfigRequest,
    ) -> ValidateActionConfigResponse {
        ValidateActionConfigResponse::default()
    }

    /// Plans an invocation (values may be unknown).
    async fn plan_action(&self, _request: PlanActionRequest) -> PlanActionResponse {
        PlanActionResponse::default()
    }

    /// Runs an action, reporting progress; the diagnostics returned complete it.
    async fn invoke_action(
        &self,
        _request: InvokeActionRequest,
        _progress: &ActionProgress,
    ) -> Diagnostics {
        unsupported("actions")
    }
}
