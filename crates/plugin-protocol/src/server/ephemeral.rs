//! Ephemeral resource RPCs: open, renew, close (private bytes and renew_at timestamps).

use tonic::{Request, Response, Status};

use super::*;

impl<P: Provider> ProviderService<P> {
    pub(super) async fn handle_open_ephemeral_resource(
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
            let response = self
                .provider
                .open_ephemeral_resource(OpenEphemeralRequest {
                    type_name: name.clone(),
                    config,
                })
                .await;
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

    pub(super) async fn handle_renew_ephemeral_resource(
        &self,
        request: Request<pb::renew_ephemeral_resource::Request>,
    ) -> Result<Response<pb::renew_ephemeral_resource::Response>, Status> {
        tracing::debug!(tf_rpc = "RenewEphemeralResource", "handling request");
        let request = request.into_inner();
        let response = self
            .provider
            .renew_ephemeral_resource(RenewEphemeralRequest {
                type_name: request.type_name,
                private: request.private.unwrap_or_default(),
            })
            .await;
        ok(pb::renew_ephemeral_resource::Response {
            diagnostics: convert::diagnostics(&response.diagnostics),
            renew_at: response.renew_at.map(values::timestamp),
            private: Some(response.private),
        })
    }

    pub(super) async fn handle_close_ephemeral_resource(
        &self,
        request: Request<pb::close_ephemeral_resource::Request>,
    ) -> Result<Response<pb::close_ephemeral_resource::Response>, Status> {
        tracing::debug!(tf_rpc = "CloseEphemeralResource", "handling request");
        let request = request.into_inner();
        let response = self
            .provider
            .close_ephemeral_resource(CloseEphemeralRequest {
                type_name: request.type_name,
                private: request.private.unwrap_or_default(),
            })
            .await;
        ok(pb::close_ephemeral_resource::Response {
            diagnostics: convert::diagnostics(&response.diagnostics),
        })
    }
}
