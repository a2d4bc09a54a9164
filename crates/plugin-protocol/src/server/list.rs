//! List resource RPCs: ValidateListResourceConfig, and ListResource, whose events the provider
//! produces on a task of its own while tonic streams them to Terraform.

use std::pin::Pin;

use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use super::*;
use crate::list::{ListResourceRequest, ListSink, ValidateListResourceConfigRequest};

/// The stream of list events answered to Terraform.
pub type ListStream =
    Pin<Box<dyn tokio_stream::Stream<Item = Result<pb::list_resource::Event, Status>> + Send>>;

impl<P: Provider> ProviderService<P> {
    pub(super) async fn handle_validate_list_resource_config(
        &self,
        request: Request<pb::validate_list_resource_config::Request>,
    ) -> Result<Response<pb::validate_list_resource_config::Response>, Status> {
        tracing::debug!(tf_rpc = "ValidateListResourceConfig", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let decoded = (|| {
            let config =
                self.decode_for(Kind::List, &name, request.config.as_ref(), "configuration")?;
            let include = decode(
                request.include_resource_object.as_ref(),
                &Type::Bool,
                "include_resource",
            )?;
            let limit = decode(request.limit.as_ref(), &Type::Number, "limit")?;
            Ok::<_, Diagnostics>((config, include, limit))
        })();
        let diagnostics = diagnostics_of!(decoded, |values| self
            .provider
            .validate_list_resource_config(ValidateListResourceConfigRequest {
                type_name: name.clone(),
                config: values.0,
                include_resource_object: values.1,
                limit: values.2,
            })
            .await);
        ok(pb::validate_list_resource_config::Response { diagnostics })
    }

    pub(super) async fn handle_list_resource(
        &self,
        request: Request<pb::list_resource::Request>,
    ) -> Result<Response<ListStream>, Status> {
        tracing::debug!(tf_rpc = "ListResource", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let (sender, receiver) = tokio::sync::mpsc::channel(64);
        let prepared = (|| {
            let config =
                self.decode_for(Kind::List, &name, request.config.as_ref(), "configuration")?;
            let identity_type = self
                .provider
                .schemas()
                .identities
                .get(&name)
                .map(|schema| schema.implied_type())
                .ok_or_else(|| {
                    Diagnostics::error(
                        "List resource without identity",
                        format!(
                            "The provider lists {name:?} but declares no identity for that \
                             resource type; this is a bug in the provider."
                        ),
                    )
                })?;
            let resource_type = self.schema(Kind::Resource, &name)?.block.implied_type();
            Ok::<_, Diagnostics>((config, identity_type, resource_type))
        })();
        let mut sink_for_errors = ListSink::new(sender.clone(), Type::Bool, Type::Bool, 1);
        match prepared {
            Err(diagnostics) => {
                drop(sender);
                sink_for_errors.diagnostics(&diagnostics).await;
            }
            Ok((config, identity_type, resource_type)) => {
                let provider = self.provider.clone();
                let mut sink = ListSink::new(sender, identity_type, resource_type, request.limit);
                let list = ListResourceRequest {
                    type_name: name,
                    config,
                    include_resource_object: request.include_resource_object,
                    limit: request.limit,
                };
                tokio::spawn(async move {
                    let diagnostics = provider.list_resource(list, &mut sink).await;
                    sink.diagnostics(&diagnostics).await;
                });
            }
        }
        drop(sink_for_errors);
        Ok(Response::new(
            Box::pin(ReceiverStream::new(receiver)) as ListStream
        ))
    }
}
