//! Actions (protocol 6.10, Terraform 1.14+): a provider operation run by `terraform apply
//! -invoke=action.TYPE.NAME` or from a resource's `action_trigger`, with no state of its own. The
//! requests, and the handle an invoked action reports progress through.

use tokio::sync::mpsc;

use crate::cty::Value;
use crate::proto_gen::tfplugin6 as pb;

/// An action block to check (its values may still be unknown).
#[derive(Clone, Debug, Default)]
pub struct ValidateActionConfigRequest {
    /// The action type.
    pub type_name: String,
    /// The action's `config` block.
    pub config: Value,
}

/// The answer to [`crate::provider::Provider::validate_action_config`].
pub type ValidateActionConfigResponse = crate::provider::ValidateResourceConfigResponse;

/// Plan an invocation (values may still be unknown).
#[derive(Clone, Debug, Default)]
pub struct PlanActionRequest {
    /// The action type.
    pub type_name: String,
    /// The action's `config` block.
    pub config: Value,
}

/// The answer to [`crate::provider::Provider::plan_action`].
pub type PlanActionResponse = crate::provider::ValidateResourceConfigResponse;

/// Invoke an action.
#[derive(Clone, Debug, Default)]
pub struct InvokeActionRequest {
    /// The action type.
    pub type_name: String,
    /// The action's `config` block, wholly known.
    pub config: Value,
}

/// How a running action tells Terraform what it is doing; each message is shown to the user.
pub struct ActionProgress {
    sender: mpsc::Sender<Result<pb::invoke_action::Event, tonic::Status>>,
}

impl ActionProgress {
    pub(crate) fn new(
        sender: mpsc::Sender<Result<pb::invoke_action::Event, tonic::Status>>,
    ) -> Self {
        ActionProgress { sender }
    }

    /// Reports one step; never put a secret in `message`.
    pub async fn report(&self, message: impl Into<String>) {
        let event = pb::invoke_action::Event {
            r#type: Some(pb::invoke_action::event::Type::Progress(
                pb::invoke_action::event::Progress {
                    message: message.into(),
                },
            )),
        };
        let _ = self.sender.send(Ok(event)).await;
    }
}
