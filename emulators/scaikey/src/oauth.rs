//! `POST /api/v1/oauth/token`: the client-credentials grant with HTTP Basic client authentication,
//! answering an HS256 JWT; errors as `{"detail": …}`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::json;

use crate::body::{media_type, read_bytes};
use crate::error::ApiError;
use crate::secrets::{digest, same_digest};
use crate::state::Shared;
use crate::tokens::SCOPES;

fn bad_request(detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, detail)
}

fn bad_client() -> ApiError {
    ApiError {
        www_authenticate: Some("Basic"),
        ..ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid client credentials: authenticate with HTTP Basic client_id:client_secret",
        )
    }
}

/// (client_id, client_secret) from `Authorization: Basic …`.
fn basic_credentials(headers: &HeaderMap) -> Result<(String, String), ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(bad_client)?;
    let (scheme, encoded) = value.split_once(' ').ok_or_else(bad_client)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(bad_client());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| bad_client())?;
    let text = String::from_utf8(decoded).map_err(|_| bad_client())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad_client)?;
    Ok((id.to_string(), secret.to_string()))
}

/// Undoes the form encoding RFC 6749 §2.3.1 asks clients to apply to Basic credentials (clients
/// that send them raw are accepted too).
fn form_decode(text: &str) -> String {
    form_urlencoded::parse(format!("v={text}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// The form fields; a repeated field is refused.
fn form_fields(bytes: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for (key, value) in form_urlencoded::parse(bytes) {
        if fields.iter().any(|(k, _)| *k == key) {
            return Err(bad_request(format!("the form field {key} is repeated")));
        }
        fields.push((key.into_owned(), value.into_owned()));
    }
    Ok(fields)
}

fn requested_scopes(scope: Option<&str>) -> Result<Vec<String>, ApiError> {
    let asked: Vec<&str> = scope.unwrap_or("").split_whitespace().collect();
    if asked.is_empty() {
        return Ok(SCOPES.iter().map(|s| s.to_string()).collect());
    }
    if let Some(unknown) = asked.iter().find(|s| !SCOPES.contains(s)) {
        return Err(bad_request(format!(
            "unknown scope {unknown:?}; known scopes: {}",
            SCOPES.join(" ")
        )));
    }
    Ok(SCOPES
        .iter()
        .filter(|s| asked.contains(s))
        .map(|s| s.to_string())
        .collect())
}

pub async fn token(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    if media_type(&headers).as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the token request must be form-encoded: Content-Type: application/x-www-form-urlencoded",
        ));
    }
    let fields = form_fields(&read_bytes(body)?)?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (client_id, secret) = basic_credentials(&headers)?;
    let matches = |id: &str, secret: &str| {
        same_digest(&digest(secret), &state.client_secret_digest) && id == state.client_id
    };
    if !(matches(&client_id, &secret) || matches(&form_decode(&client_id), &form_decode(&secret))) {
        tracing::info!("token refused: bad client credentials");
        return Err(bad_client());
    }
    match field("grant_type") {
        Some("client_credentials") => {}
        Some(other) => {
            return Err(bad_request(format!(
                "unsupported grant_type {other:?}; use grant_type=client_credentials"
            )))
        }
        None => {
            return Err(bad_request(
                "grant_type is required: grant_type=client_credentials",
            ))
        }
    }
    let scopes = requested_scopes(field("scope"))?;
    let access_token = state.signer.issue(&scopes)?;
    tracing::info!(%client_id, scope = %scopes.join(" "), "token issued");
    let body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": state.signer.ttl_secs(),
    });
    let mut response = (StatusCode::OK, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoded_basic_credentials_are_decoded() {
        assert_eq!(form_decode("a%2Bb+c%3A"), "a+b c:");
        assert_eq!(form_decode("plain"), "plain");
    }

    #[test]
    fn an_empty_scope_grants_both_and_unknown_scopes_are_refused() {
        assert_eq!(requested_scopes(None).unwrap(), SCOPES);
        assert_eq!(requested_scopes(Some("  ")).unwrap(), SCOPES);
        assert_eq!(
            requested_scopes(Some("tenants:write tenants:read")).unwrap(),
            SCOPES
        );
        assert_eq!(
            requested_scopes(Some("tenants:read")).unwrap(),
            ["tenants:read"]
        );
        assert!(requested_scopes(Some("tenants:read admin")).is_err());
    }
}
