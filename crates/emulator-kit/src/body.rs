//! Request bodies as every emulator reads them: the media type, and what to answer when the body
//! cannot be read.

use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderMap, StatusCode};

/// The request's media type, lowercased, without parameters.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

/// Whether a media type is JSON (`application/json` or `application/<x>+json`).
pub fn is_json(media: &str) -> bool {
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// Whether the request says its body is JSON.
pub fn has_json_body(headers: &HeaderMap) -> bool {
    media_type(headers).is_some_and(|media| is_json(&media))
}

/// The status and message for a body that could not be read: 413 over `limit` bytes (the
/// connection is then closed, see [`finish`](crate::finish)), 400 otherwise.
pub fn unreadable(rejection: &BytesRejection, limit: usize) -> (StatusCode, String) {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {limit} bytes"),
        )
    } else {
        (
            StatusCode::BAD_REQUEST,
            "the request body could not be read".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types_are_recognised_with_or_without_parameters() {
        let mut headers = HeaderMap::new();
        assert!(!has_json_body(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "Application/JSON; charset=utf-8".parse().unwrap(),
        );
        assert!(has_json_body(&headers));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/json"));
    }
}
