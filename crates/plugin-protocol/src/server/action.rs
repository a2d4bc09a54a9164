//! Action RPCs: ValidateActionConfig, PlanAction, and InvokeAction, whose progress events the
//! provider produces on a task of its own, ending with one completion carrying its diagnostics.

use std::pin::Pin;

use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use super::*;
use crate::action::{
    ActionProgress, InvokeActionRequest, PlanActionRequest, ValidateActionConfigRequest,
};

/// The stream of action events answered to Terraform.
pub type ActionStream =
    Pin<Box<dyn tokio_stream::Stream<Item = Result<pb::invoke_action::Event, Status>> + Send>>;

fn completed(diagnostics: &Diagnostics) -> pb::invoke_action::Event {
    pb::invoke_action::Event {
        r#type: Some(pb::invoke_action::event::Type::Completed(
            pb::invoke_action::event::Completed {
                diagnostics: convert::diagnostics(diagnostics),
            },
        )),
    }
}

impl<P: Provider> ProviderService<P> {
    pub(super) async fn handle_validate_action_config(
        &self,
        request: Request<pb::validate_action_config::Request>,
    ) -> Result<Response<pb::validate_action_config::Response>, Status> {
        tracing::debug!(tf_rpc = "ValidateActionConfig", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let diagnostics = diagnostics_of!(
            self.decode_for(
                Kind::Action,
                &name,
                request.config.as_ref(),
                "configuration"
            ),
            |config| self
                .provider
                .validate_action_config(ValidateActionConfigRequest {
                    type_name: name.clone(),
                    config,
                })
                .await
        );
        ok(pb::validate_action_config::Response { diagnostics })
    }

    pub(super) async fn handle_plan_action(
        &self,
        request: Request<pb::plan_action::Request>,
    ) -> Result<Response<pb::plan_action::Response>, Status> {
        tracing::debug!(tf_rpc = "PlanAction", "handling request");
        let request = request.into_inner();
        let name = request.action_type.clone();
        let diagnostics = diagnostics_of!(
            self.decode_for(
                Kind::Action,
                &name,
                request.config.as_ref(),
                "configuration"
            ),
            |config| self
                .provider
                .plan_action(PlanActionRequest {
                    type_name: name.clone(),
                    config,
                })
                .await
        );
        ok(pb::plan_action::Response {
            diagnostics,
            deferred: None,
        })
    }

    pub(super) async fn handle_invoke_action(
        &self,
        request: Request<pb::invoke_action::Request>,
    ) -> Result<Response<ActionStream>, Status> {
        tracing::debug!(tf_rpc = "InvokeAction", "handling request");
        let request = request.into_inner();
        let name = request.action_type.clone();
        let (sender, receiver) = tokio::sync::mpsc::channel(16);
        match self.decode_for(
            Kind::Action,
            &name,
            request.config.as_ref(),
            "configuration",
        ) {
            Err(diagnostics) => {
                let _ = sender.send(Ok(completed(&diagnostics))).await;
            }
            Ok(config) => {
                let provider = self.provider.clone();
                tokio::spawn(async move {
                    let progress = ActionProgress::new(sender.clone());
                    let diagnostics = provider
                        .invoke_action(
                            InvokeActionRequest {
                                type_name: name,
                                config,
                            },
                            &progress,
                        )
                        .await;
                    let _ = sender.send(Ok(completed(&diagnostics))).await;
                });
            }
        }
        Ok(Response::new(
            Box::pin(ReceiverStream::new(receiver)) as ActionStream
        ))
    }
}
