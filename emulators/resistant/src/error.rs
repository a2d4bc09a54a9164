//! Error responses: `{"message": …}` for the API, OAuth2 `{"error", "error_description"}` for
//! token endpoints.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use emulator_kit::answers;
use serde_json::json;

/// Longest `message` the contract allows.
pub const MESSAGE_MAX: usize = 512;

/// An API error answered as `{"message": …}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub www_authenticate: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            www_authenticate: false,
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError {
            www_authenticate: true,
            ..Self::new(StatusCode::UNAUTHORIZED, message)
        }
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

/// Cuts a message to at most [`MESSAGE_MAX`] bytes on a character boundary.
pub fn clip_message(message: &str) -> String {
    if message.len() <= MESSAGE_MAX {
        return message.to_string();
    }
    let mut end = MESSAGE_MAX;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    message[..end].to_string()
}

/// A `{"message"}` response with the given status.
pub fn message_response(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": clip_message(message) }))).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = message_response(self.status, &self.message);
        if self.www_authenticate {
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

/// An OAuth2 token endpoint error (RFC 6749 §5.2).
#[derive(Debug)]
pub struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::make(StatusCode::BAD_REQUEST, "invalid_request", description)
    }
    pub fn invalid_client(description: impl Into<String>) -> Self {
        Self::make(StatusCode::UNAUTHORIZED, "invalid_client", description)
    }
    pub fn invalid_scope(description: impl Into<String>) -> Self {
        Self::make(StatusCode::BAD_REQUEST, "invalid_scope", description)
    }
    pub fn unsupported_grant_type(description: impl Into<String>) -> Self {
        Self::make(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            description,
        )
    }
    pub fn server_error(description: impl Into<String>) -> Self {
        Self::make(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            description,
        )
    }
    fn make(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        OAuthError {
            status,
            error,
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": self.error,
            "error_description": clip_message(&self.description),
        });
        let mut response = (self.status, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<rusqlite::Error> for OAuthError {
    fn from(err: rusqlite::Error) -> Self {
        OAuthError::server_error(answers::storage_failure(&err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_clipped_on_char_boundaries() {
        assert_eq!(clip_message("short"), "short");
        let long = "é".repeat(400);
        let clipped = clip_message(&long);
        assert!(clipped.len() <= MESSAGE_MAX);
        assert!(clipped.len() >= MESSAGE_MAX - 1);
    }
}
