//! Error answers: `{"error": "<code>", "message": "<text>"}` with the status, plus
//! `WWW-Authenticate` on 401 (the kit adds `Retry-After` to its 429s).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use emulator_kit::answers;
use serde_json::json;

/// An API error; its message says what went wrong and what to do, and never holds a key.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    /// 400: the body is invalid; the message names the field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }
    /// 401: no key, or one Raven does not know.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }
    /// 403: the calling key lacks `scope`.
    pub fn missing_scope(scope: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            format!("this API key lacks the scope {scope}; use a key that holds it"),
        )
    }
    /// 403: the tenant is suspended, so it may read but not change anything.
    pub fn suspended() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "tenant_suspended",
            "the tenant is suspended: its keys can still read it, but it cannot be updated \
             and no API keys can be created until Raven resumes it",
        )
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.code, "message": self.message });
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            answers::challenge_bearer(&mut response);
        }
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::internal(answers::storage_failure(&err))
    }
}
