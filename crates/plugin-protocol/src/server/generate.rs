//! GenerateResourceConfig: a state turned into the resource block that reproduces it, by the
//! provider (whose default leaves out computed-only, sensitive and write-only attributes).

use tonic::{Request, Response, Status};

use super::*;
use crate::provider::GenerateResourceConfigRequest;

impl<P: Provider> ProviderService<P> {
    pub(super) async fn handle_generate_resource_config(
        &self,
        request: Request<pb::generate_resource_config::Request>,
    ) -> Result<Response<pb::generate_resource_config::Response>, Status> {
        tracing::debug!(tf_rpc = "GenerateResourceConfig", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let state = self.decode_for(Kind::Resource, &name, request.state.as_ref(), "state")?;
            let response = self
                .provider
                .generate_resource_config(GenerateResourceConfigRequest {
                    type_name: name.clone(),
                    state,
                })
                .await;
            let config = if response.diagnostics.has_errors() {
                None
            } else {
                Some(self.encode_for(Kind::Resource, &name, &response.config, "configuration")?)
            };
            Ok::<_, Diagnostics>(pb::generate_resource_config::Response {
                config,
                diagnostics: convert::diagnostics(&response.diagnostics),
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::generate_resource_config::Response {
                config: None,
                diagnostics: convert::diagnostics(&diagnostics),
            }),
        )
    }
}
