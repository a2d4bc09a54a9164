//! The interface a provider implements to be served over the plugin protocol. Values arrive decoded
//! (using the schemas the provider declares) and leave encoded by the server; the provider never sees
//! protobuf or msgpack. Every method except `schemas` has a default that answers an error diagnostic
//! naming the unsupported feature.

use std::collections::BTreeMap;
use std::time::SystemTime;

use async_trait::async_trait;

use super::cty::Value;
use super::diagnostics::{AttributePath, Diagnostics};
use super::schema::{FunctionSignature, Schema};

/// Everything a provider declares up front.
#[derive(Clone, Debug, Default)]
pub struct ProviderSchemas {
    pub provider: Schema,
    pub resources: BTreeMap<String, Schema>,
    pub data_sources: BTreeMap<String, Schema>,
    pub ephemeral_resources: BTreeMap<String, Schema>,
    pub functions: BTreeMap<String, FunctionSignature>,
}

#[derive(Clone, Debug, Default)]
pub struct ConfigureRequest {
    pub terraform_version: String,
    pub config: Value,
}

#[derive(Clone, Debug, Default)]
pub struct ReadRequest {
    pub type_name: String,
    pub current_state: Value,
    pub private: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct ReadResponse {
    /// `Value::Null` means the object is gone and is removed from state.
    pub new_state: Value,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

#[derive(Clone, Debug, Default)]
pub struct PlanRequest {
    pub type_name: String,
    /// `Value::Null` on create.
    pub prior_state: Value,
    /// `Value::Null` on destroy.
    pub proposed_new_state: Value,
    pub config: Value,
    pub prior_private: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct PlanResponse {
    pub planned_state: Value,
    pub requires_replace: Vec<AttributePath>,
    pub planned_private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

#[derive(Clone, Debug, Default)]
pub struct ApplyRequest {
    pub type_name: String,
    pub prior_state: Value,
    /// `Value::Null` on destroy.
    pub planned_state: Value,
    pub config: Value,
    pub planned_private: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct ApplyResponse {
    /// `Value::Null` after a destroy.
    pub new_state: Value,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

#[derive(Clone, Debug, Default)]
pub struct ImportedObject {
    pub type_name: String,
    pub state: Value,
    pub private: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct ImportResponse {
    pub imported: Vec<ImportedObject>,
    pub diagnostics: Diagnostics,
}

#[derive(Clone, Debug, Default)]
pub struct OpenEphemeralResponse {
    pub result: Value,
    pub renew_at: Option<SystemTime>,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

#[derive(Clone, Debug, Default)]
pub struct RenewEphemeralResponse {
    pub renew_at: Option<SystemTime>,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

/// A function call failure: the message, and the zero-based argument it is about, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionError {
    pub text: String,
    pub argument: Option<i64>,
}

fn unsupported(feature: &str) -> Diagnostics {
    Diagnostics::error(
        format!("Unsupported: {feature}"),
        format!("This provider does not implement {feature}."),
    )
}

#[async_trait]
pub trait Provider: Send + Sync + 'static {
    /// The schemas; called often, so return a reference to data built once.
    fn schemas(&self) -> &ProviderSchemas;

    async fn validate_provider_config(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }

    async fn configure(&self, _request: ConfigureRequest) -> Diagnostics {
        Diagnostics::default()
    }

    /// Terraform asks the provider to stop in-flight work (e.g. on Ctrl-C).
    async fn stop(&self) -> Result<(), String> {
        Ok(())
    }

    async fn validate_resource_config(&self, _type_name: &str, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }

    /// Migrates a JSON state written under an older schema version to the current one. The default
    /// returns it unchanged; the server then decodes it against the current schema.
    async fn upgrade_resource_state(
        &self,
        _type_name: &str,
        _from_version: i64,
        state: serde_json::Value,
    ) -> Result<serde_json::Value, Diagnostics> {
        Ok(state)
    }

    async fn read_resource(&self, _request: ReadRequest) -> ReadResponse {
        ReadResponse {
            diagnostics: unsupported("reading resources"),
            ..Default::default()
        }
    }

    async fn plan_resource_change(&self, _request: PlanRequest) -> PlanResponse {
        PlanResponse {
            diagnostics: unsupported("planning resources"),
            ..Default::default()
        }
    }

    async fn apply_resource_change(&self, _request: ApplyRequest) -> ApplyResponse {
        ApplyResponse {
            diagnostics: unsupported("applying resources"),
            ..Default::default()
        }
    }

    async fn import_resource_state(&self, _type_name: &str, _id: &str) -> ImportResponse {
        ImportResponse {
            diagnostics: unsupported("importing resources"),
            ..Default::default()
        }
    }

    async fn validate_data_resource_config(
        &self,
        _type_name: &str,
        _config: &Value,
    ) -> Diagnostics {
        Diagnostics::default()
    }

    /// Returns the data source's state (the config with computed attributes filled).
    async fn read_data_source(&self, _type_name: &str, _config: Value) -> (Value, Diagnostics) {
        (Value::Null, unsupported("data sources"))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        _type_name: &str,
        _config: &Value,
    ) -> Diagnostics {
        Diagnostics::default()
    }

    async fn open_ephemeral_resource(
        &self,
        _type_name: &str,
        _config: Value,
    ) -> OpenEphemeralResponse {
        OpenEphemeralResponse {
            diagnostics: unsupported("ephemeral resources"),
            ..Default::default()
        }
    }

    async fn renew_ephemeral_resource(
        &self,
        _type_name: &str,
        _private: Vec<u8>,
    ) -> RenewEphemeralResponse {
        RenewEphemeralResponse {
            diagnostics: unsupported("renewing ephemeral resources"),
            ..Default::default()
        }
    }

    async fn close_ephemeral_resource(&self, _type_name: &str, _private: Vec<u8>) -> Diagnostics {
        Diagnostics::default()
    }

    async fn call_function(
        &self,
        name: &str,
        _arguments: Vec<Value>,
    ) -> Result<Value, FunctionError> {
        Err(FunctionError {
            text: format!("This provider does not implement the function {name}."),
            argument: None,
        })
    }
}
