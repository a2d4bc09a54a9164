//! The state every handler shares: the database, the admin client (its secret only as a digest),
//! the token signer, and the kit's fault settings, dice and counters. It tells the shared
//! middleware how ScaiKey words an error and which path is its token endpoint.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use emulator_kit::{Control, Emulated};

use crate::error::ApiError;
use crate::store::Store;
use crate::tokens::Signer;

/// The token endpoint, spared by faults unless `Faults::on_token`.
pub const TOKEN_PATH: &str = "/api/v1/oauth/token";

pub struct AppState {
    pub store: Store,
    pub client_id: String,
    pub client_secret_digest: String,
    pub signer: Signer,
    pub control: Arc<Control>,
}

pub type Shared = Arc<AppState>;

impl Emulated for AppState {
    fn control(&self) -> &Control {
        &self.control
    }

    fn error(&self, status: StatusCode, message: &str) -> Response {
        ApiError::new(status, message).into_response()
    }

    fn is_token_path(&self, path: &str) -> bool {
        path == TOKEN_PATH
    }
}
