//! Request bodies as every emulator reads them: the media type, a JSON object body with the reason
//! it is refused (each emulator answers that in its own error shape), and what to answer when the
//! body cannot be read.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderMap, StatusCode};
use serde_json::{Map, Value};

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

/// Why a request body is not a JSON object.
#[derive(Debug)]
pub enum BodyError {
    /// The `Content-Type` is not JSON; `media` is the one sent, if any.
    NotJson {
        /// The media type sent, lowercased, without parameters.
        media: Option<String>,
    },
    /// The body could not be read (over the body limit, or cut off).
    Unreadable(BytesRejection),
    /// The body is not valid JSON (an empty one included); `bytes` is what was sent.
    Malformed {
        /// What the parser says.
        error: serde_json::Error,
        /// The body as sent.
        bytes: Bytes,
    },
    /// Valid JSON, but not an object.
    NotObject,
}

impl BodyError {
    /// The status and a plain message for the refusal: 415 for another media type, 413 over
    /// `limit` bytes, 400 for an unreadable body, malformed JSON or a non-object. An emulator
    /// whose API words some refusals its own way answers those itself.
    pub fn plain(&self, limit: usize) -> (StatusCode, String) {
        match self {
            BodyError::NotJson { .. } => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "the body must be JSON: send Content-Type: application/json".to_string(),
            ),
            BodyError::Unreadable(rejection) => unreadable(rejection, limit),
            BodyError::Malformed { error, .. } => (
                StatusCode::BAD_REQUEST,
                format!("the body is not valid JSON: {error}"),
            ),
            BodyError::NotObject => (
                StatusCode::BAD_REQUEST,
                "the body must be a JSON object".to_string(),
            ),
        }
    }
}

/// The body as a JSON object: checked in the order every emulator answers, the media type first,
/// then the bytes, then the JSON.
pub fn json_object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, BodyError> {
    let media = media_type(headers);
    if !media.as_deref().is_some_and(is_json) {
        return Err(BodyError::NotJson { media });
    }
    let bytes = body.map_err(BodyError::Unreadable)?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(BodyError::NotObject),
        Err(error) => Err(BodyError::Malformed { error, bytes }),
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

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        headers
    }

    #[test]
    fn a_json_object_body_is_read_and_each_refusal_says_why() {
        let map = json_object(&json_headers(), Ok(Bytes::from_static(b"{\"a\": 1}"))).unwrap();
        assert_eq!(map["a"], 1);
        let text = json_object(&HeaderMap::new(), Ok(Bytes::new()));
        assert!(matches!(text, Err(BodyError::NotJson { media: None })));
        let list = json_object(&json_headers(), Ok(Bytes::from_static(b"[1]")));
        assert!(matches!(list, Err(BodyError::NotObject)));
        let (status, _) = list.unwrap_err().plain(10);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let broken = json_object(&json_headers(), Ok(Bytes::from_static(b"{\n x")));
        match broken {
            Err(BodyError::Malformed { error, bytes }) => {
                assert_eq!(error.line(), 2);
                assert_eq!(&bytes[..], b"{\n x");
            }
            other => panic!("{other:?}"),
        }
    }
}
