//! Request bodies: a JSON object or a clear refusal (415 for another media type, 413 over the
//! limit, 400 for malformed JSON or a non-object).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use emulator_kit::body;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The body as a JSON object; a refusal in the kit's plain words, with Raven's error code.
pub fn json_object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, ApiError> {
    body::json_object(headers, body).map_err(|refused| {
        let (status, message) = refused.plain(BODY_LIMIT);
        let code = match status {
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            _ => "invalid_request",
        };
        ApiError::new(status, code, message)
    })
}
