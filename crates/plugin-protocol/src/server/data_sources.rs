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
}
