//! Request bodies: the media type, the raw bytes (413 over the limit), and a JSON object for the
//! tenants endpoints (415 for another media type, 422 `json_invalid` or `model_attributes_type`
//! for malformed JSON or a non-object, as FastAPI answers).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use emulator_kit::body::{self, BodyError};
use serde_json::{Map, Value};

use crate::error::{ApiError, Issue};
use crate::loc;

pub use emulator_kit::body::media_type;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The body bytes, or 413 / 400 when they cannot be read.
pub fn read_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        let (status, message) = body::unreadable(&rejection, BODY_LIMIT);
        ApiError::new(status, message)
    })
}

/// The byte offset of a JSON syntax error, from its line and column.
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    line_start + column.saturating_sub(1)
}

/// The body as a JSON object.
pub fn json_object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, ApiError> {
    body::json_object(headers, body).map_err(|refused| match refused {
        BodyError::NotJson { .. } | BodyError::Unreadable(_) => {
            let (status, message) = refused.plain(BODY_LIMIT);
            ApiError::new(status, message)
        }
        BodyError::Malformed { bytes, .. } if bytes.iter().all(u8::is_ascii_whitespace) => {
            ApiError::validation(vec![Issue::new(&loc!["body"], "missing", "Field required")])
        }
        BodyError::NotObject => ApiError::validation(vec![Issue::new(
            &loc!["body"],
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
        )]),
        BodyError::Malformed { error, bytes } => ApiError::validation(vec![Issue::new(
            &loc!["body", offset(&bytes, error.line(), error.column())],
            "json_invalid",
            format!("JSON decode error: {error}"),
        )]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_offsets_count_bytes_across_lines() {
        assert_eq!(offset(b"{\n  x", 2, 3), 4);
        assert_eq!(offset(b"{x", 1, 2), 1);
    }
}
