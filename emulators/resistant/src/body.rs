//! Reading request bodies: JSON for the API (415 for another content type, 413 over the limit,
//! 400 for malformed JSON) and form encoding for token endpoints.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use emulator_kit::body::{self, BodyError};
use serde_json::{Map, Value};

use crate::error::ApiError;

pub use emulator_kit::body::media_type;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Turns a body extraction failure into an API error with its status (413 over the limit).
pub fn body_error(rejection: BytesRejection) -> ApiError {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            status,
            format!("request body is larger than the limit of {BODY_LIMIT} bytes"),
        )
    } else if status.is_client_error() {
        ApiError::new(status, "the request body could not be read")
    } else {
        ApiError::bad_request("the request body could not be read")
    }
}

/// A JSON object body.
pub fn json_object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, ApiError> {
    body::json_object(headers, body).map_err(|refused| match refused {
        BodyError::NotJson { media: Some(media) } => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type must be application/json, not {media:?}"),
        ),
        BodyError::NotJson { media: None } => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        ),
        BodyError::Unreadable(rejection) => body_error(rejection),
        BodyError::NotObject => ApiError::bad_request("the request body must be a JSON object"),
        BodyError::Malformed { error, .. } => {
            ApiError::bad_request(format!("the request body is not valid JSON: {error}"))
        }
    })
}

/// Rejects fields outside `allowed`.
pub fn reject_unknown_fields(map: &Map<String, Value>, allowed: &[&str]) -> Result<(), ApiError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(ApiError::bad_request(format!(
            "unknown field {key:?}; expected one of: {}",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

/// Form fields of a token request; a repeated field is an error (RFC 6749 §3.2).
pub fn form_fields(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for (key, value) in form_urlencoded::parse(bytes) {
        if fields.iter().any(|(k, _)| *k == key) {
            return Err(format!("parameter {key:?} is repeated"));
        }
        fields.push((key.into_owned(), value.into_owned()));
    }
    Ok(fields)
}
