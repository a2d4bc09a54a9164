//! State store RPCs (protocol 6.10): this server offers no state stores, so it declares none and
//! answers every call with an error diagnostic (Terraform only calls them for a declared store).

use std::pin::Pin;

use tonic::{Request, Response, Status, Streaming};

use super::*;

/// The (always empty) stream answered to ReadStateBytes.
pub type StateBytesStream = Pin<
    Box<dyn tokio_stream::Stream<Item = Result<pb::read_state_bytes::Response, Status>> + Send>,
>;

const FEATURE: &str = "state stores";

impl<P: Provider> ProviderService<P> {
    pub(super) fn state_store_validate(&self) -> pb::validate_state_store::Response {
        pb::validate_state_store::Response {
            diagnostics: unsupported(FEATURE),
        }
    }

    pub(super) fn state_store_configure(&self) -> pb::configure_state_store::Response {
        pb::configure_state_store::Response {
            diagnostics: unsupported(FEATURE),
            capabilities: None,
        }
    }

    pub(super) fn state_store_read(&self) -> StateBytesStream {
        let answer = pb::read_state_bytes::Response {
            diagnostics: unsupported(FEATURE),
            ..Default::default()
        };
        Box::pin(tokio_stream::iter([Ok(answer)]))
    }

    pub(super) async fn state_store_write(
        &self,
        _request: Request<Streaming<pb::write_state_bytes::RequestChunk>>,
    ) -> Result<Response<pb::write_state_bytes::Response>, Status> {
        ok(pb::write_state_bytes::Response {
            diagnostics: unsupported(FEATURE),
        })
    }
}
