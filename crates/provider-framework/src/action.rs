//! Actions (Terraform 1.14+) in Terraform's words: an [`Action`] is declared like a data source
//! (a [`Definition`](crate::attributes::Definition) whose table is the action's `config` block,
//! with its validators run at plan) and, when invoked, does its one operation, reporting progress
//! as it goes. It keeps no state.

use async_trait::async_trait;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::provider::ActionProgress;

use crate::registry::{ObjectType, Registry};

/// One action type of a provider whose configured data is `D`.
#[async_trait]
pub trait Action<D: Send + Sync>: ObjectType {
    /// Runs the action with its wholly known `config`; errors fail it. `data` is the configured
    /// provider, or why there is none (an action that needs no API of the provider may go on).
    async fn invoke(
        &self,
        data: Result<&D, Diagnostics>,
        config: &Value,
        progress: &ActionProgress,
    ) -> Diagnostics;
}

impl<D: Send + Sync> Registry<dyn Action<D>> {
    /// Invokes `type_name`.
    pub async fn invoke(
        &self,
        data: Result<&D, Diagnostics>,
        type_name: &str,
        config: &Value,
        progress: &ActionProgress,
    ) -> Diagnostics {
        match self.get(type_name) {
            Ok(action) => action.invoke(data, config, progress).await,
            Err(diagnostics) => diagnostics,
        }
    }
}
