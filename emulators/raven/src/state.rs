//! The state every handler shares: the database, and the kit's fault settings, dice and counters.
//! It tells the shared middleware how Raven words an error.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use emulator_kit::{Control, Emulated};

use crate::error::ApiError;
use crate::store::Store;

pub struct AppState {
    pub store: Store,
    pub control: Arc<Control>,
}

pub type Shared = Arc<AppState>;

impl Emulated for AppState {
    fn control(&self) -> &Control {
        &self.control
    }

    fn error(&self, status: StatusCode, message: &str) -> Response {
        let code = match status {
            StatusCode::TOO_MANY_REQUESTS => "rate_limited",
            StatusCode::SERVICE_UNAVAILABLE => "service_unavailable",
            _ => "internal_error",
        };
        ApiError::new(status, code, message).into_response()
    }
}
