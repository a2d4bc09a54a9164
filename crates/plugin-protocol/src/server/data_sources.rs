//! The data source read RPC.

use tonic::{Request, Response, Status};

use super::*;

impl<P: Provider> ProviderService<P> {
    pub(super) async fn handle_read_data_source(
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
            let response = self
                .provider
                .read_data_source(ReadDataSourceRequest {
                    type_name: name.clone(),
                    config,
                })
                .await;
            let state = if response.diagnostics.has_errors() {
                None
            } else {
                Some(self.encode_for(
                    Kind::DataSource,
                    &name,
                    &response.state,
                    "data source state",
                )?)
            };
            Ok::<_, Diagnostics>(pb::read_data_source::Response {
                state,
                diagnostics: convert::diagnostics(&response.diagnostics),
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
}
