//! Error answers in FastAPI's shapes: `{"detail": "<text>"}` for most errors and 422
//! `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}` for validation, plus
//! `WWW-Authenticate` on 401 (the kit adds `Retry-After` to its 429s).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use emulator_kit::answers;
use serde::Serialize;
use serde_json::{json, Value};

/// One validation problem: where (`loc`), what (`msg`) and its pydantic-style `type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    pub loc: Vec<Value>,
    pub msg: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

impl Issue {
    pub fn new(loc: &[Value], kind: &'static str, msg: impl Into<String>) -> Issue {
        Issue {
            loc: loc.to_vec(),
            msg: msg.into(),
            kind,
        }
    }
}

/// A location as an array of JSON values, e.g. `loc!["body", "settings", "session_timeout"]`.
#[macro_export]
macro_rules! loc {
    ($($part:expr),* $(,)?) => { [$(serde_json::Value::from($part)),*] };
}

/// An API error.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub detail: Value,
    pub www_authenticate: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            detail: Value::String(detail.into()),
            www_authenticate: None,
        }
    }
    /// 401 for a missing, invalid or expired bearer token.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        ApiError {
            www_authenticate: Some("Bearer"),
            ..Self::new(StatusCode::UNAUTHORIZED, detail)
        }
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail)
    }
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, detail)
    }
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, detail)
    }
    /// 422 with every problem found.
    pub fn validation(issues: Vec<Issue>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: json!(issues),
            www_authenticate: None,
        }
    }
}

impl From<Vec<Issue>> for ApiError {
    fn from(issues: Vec<Issue>) -> Self {
        ApiError::validation(issues)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "detail": self.detail }))).into_response();
        if let Some(scheme) = self.www_authenticate {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(scheme));
        }
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::internal(answers::storage_failure(&err))
    }
}
