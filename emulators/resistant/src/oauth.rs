//! OAuth2 `client_credentials` token endpoints: the organization's (`/oauth2/tenants/v1/token`)
//! and one per cell for tenant applications (`/oauth2/documents-<cell>/v1/token`).
//! Client authentication: client_secret_basic, client_secret_post, private_key_jwt.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use num_bigint::BigUint;
use serde_json::{json, Value};

use crate::assertion::check_assertion;
use crate::body::{form_fields, media_type};
use crate::error::OAuthError;
use crate::keys::{peek_claims, PublicKey};
use crate::model::{data_plane_scope, is_cell, CONTROL_PLANE_SCOPES};
use crate::path::Path;
use crate::secrets::{hash_secret, hashes_equal};
use crate::state::{AppState, Shared};
use crate::stats::Counters;
use crate::store::{AppAuth, Application};
use crate::tokens::{self, Principal};

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Which authorization server a token request reached.
enum Server {
    Organization,
    Documents(String),
}

fn server_from_path(id: &str) -> Option<Server> {
    if id == "tenants" {
        return Some(Server::Organization);
    }
    let cell = id.strip_prefix("documents-")?;
    is_cell(cell).then(|| Server::Documents(cell.to_string()))
}

/// How the client authenticated.
enum ClientAuth {
    Secret {
        client_id: String,
        secret: String,
    },
    Assertion {
        client_id: String,
        assertion: String,
    },
}

struct TokenRequest {
    fields: Vec<(String, String)>,
}

impl TokenRequest {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `POST /oauth2/{server}/v1/token`
pub async fn token(
    State(state): State<Shared>,
    Path(server_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(server) = server_from_path(&server_id) else {
        return crate::error::ApiError::not_found(format!("no authorization server {server_id:?}"))
            .into_response();
    };
    match &server {
        Server::Organization => Counters::bump(&state.counters.org_token_requests),
        Server::Documents(_) => Counters::bump(&state.counters.documents_token_requests),
    }
    let token_url = format!("{}{}", state.base_url(&headers), uri.path());
    match issue(&state, &server, &token_url, &headers, body) {
        Ok(response) => response,
        Err(err) => {
            tracing::info!(server = %server_id, error = err.error, description = %err.description, "token request refused");
            err.into_response()
        }
    }
}

fn issue(
    state: &AppState,
    server: &Server,
    token_url: &str,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, OAuthError> {
    if media_type(headers).as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(OAuthError::invalid_request(
            "the token request must be application/x-www-form-urlencoded",
        ));
    }
    let bytes = body
        .map_err(|_| OAuthError::invalid_request("the request body is unreadable or too large"))?;
    let request = TokenRequest {
        fields: form_fields(&bytes).map_err(OAuthError::invalid_request)?,
    };
    match request.get("grant_type") {
        Some("client_credentials") => {}
        Some(other) => {
            return Err(OAuthError::unsupported_grant_type(format!(
                "grant_type {other:?} is not supported; use client_credentials"
            )))
        }
        None => return Err(OAuthError::invalid_request("grant_type is required")),
    }
    let auth = client_auth(headers, &request)?;
    let requested: Option<Vec<String>> = request
        .get("scope")
        .map(|s| s.split_whitespace().map(str::to_string).collect());

    let (principal, allowed) = match server {
        Server::Organization => {
            authenticate_org(state, &auth, token_url)?;
            let allowed: Vec<String> = CONTROL_PLANE_SCOPES.iter().map(|s| s.to_string()).collect();
            (None, allowed)
        }
        Server::Documents(cell) => {
            let app = authenticate_app(state, cell, &auth, token_url)?;
            let allowed: Vec<String> = app
                .scopes
                .iter()
                .filter_map(|s| data_plane_scope(s))
                .map(str::to_string)
                .collect();
            (Some(app), allowed)
        }
    };
    let granted = match requested {
        None => allowed,
        Some(requested) if requested.is_empty() => allowed,
        Some(requested) => {
            if let Some(bad) = requested.iter().find(|s| !allowed.contains(s)) {
                return Err(OAuthError::invalid_scope(format!(
                    "scope {bad:?} is not allowed for this client (allowed: {})",
                    allowed.join(" ")
                )));
            }
            let mut unique: Vec<String> = Vec::new();
            for scope in requested {
                if !unique.contains(&scope) {
                    unique.push(scope);
                }
            }
            unique
        }
    };
    let principal = match principal {
        None => Principal::Organization {
            scopes: granted.clone(),
        },
        Some(app) => Principal::Application {
            tenant_id: app.tenant_id,
            application_id: app.id,
            cell: app.cell,
            scopes: granted.clone(),
        },
    };
    let access_token = tokens::issue(&state.store, &principal, state.token_ttl)?;
    let mut response = Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": state.token_ttl.as_secs(),
        "scope": granted.join(" "),
    }))
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Finds the one client authentication method the request used.
fn client_auth(headers: &HeaderMap, request: &TokenRequest) -> Result<ClientAuth, OAuthError> {
    let basic = basic_credentials(headers)?;
    let post_secret = request.get("client_secret");
    let assertion = request.get("client_assertion");
    let methods = [basic.is_some(), post_secret.is_some(), assertion.is_some()]
        .iter()
        .filter(|used| **used)
        .count();
    if methods > 1 {
        return Err(OAuthError::invalid_request(
            "use exactly one client authentication method",
        ));
    }
    let form_client_id = request.get("client_id");
    if let Some((client_id, secret)) = basic {
        if form_client_id.is_some_and(|id| id != client_id) {
            return Err(OAuthError::invalid_request(
                "client_id in the body differs from the Basic credentials",
            ));
        }
        return Ok(ClientAuth::Secret { client_id, secret });
    }
    if let Some(secret) = post_secret {
        let client_id = form_client_id.ok_or_else(|| {
            OAuthError::invalid_request("client_id is required with client_secret")
        })?;
        return Ok(ClientAuth::Secret {
            client_id: client_id.to_string(),
            secret: secret.to_string(),
        });
    }
    if let Some(assertion) = assertion {
        if request.get("client_assertion_type") != Some(JWT_BEARER) {
            return Err(OAuthError::invalid_request(format!(
                "client_assertion_type must be {JWT_BEARER}"
            )));
        }
        let claims = peek_claims(assertion).map_err(OAuthError::invalid_client)?;
        let iss = claims
            .get("iss")
            .and_then(Value::as_str)
            .ok_or_else(|| OAuthError::invalid_client("client_assertion has no iss claim"))?;
        if form_client_id.is_some_and(|id| id != iss) {
            return Err(OAuthError::invalid_client(
                "client_id differs from the client_assertion iss",
            ));
        }
        return Ok(ClientAuth::Assertion {
            client_id: iss.to_string(),
            assertion: assertion.to_string(),
        });
    }
    Err(OAuthError::invalid_client("no client authentication"))
}

/// `Authorization: Basic base64(urlencode(id):urlencode(secret))`, if present.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || OAuthError::invalid_client("malformed Basic authorization");
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, encoded) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(OAuthError::invalid_client(
            "the token endpoint accepts only Basic authorization",
        ));
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    Ok(Some((form_decode(id), form_decode(secret))))
}

fn form_decode(text: &str) -> String {
    let encoded = format!("v={text}");
    form_urlencoded::parse(encoded.as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn authenticate_org(
    state: &AppState,
    auth: &ClientAuth,
    token_url: &str,
) -> Result<(), OAuthError> {
    let org = &state.org;
    match auth {
        ClientAuth::Secret { client_id, secret } => {
            if client_id != &org.client_id || !hashes_equal(&hash_secret(secret), &org.secret_hash)
            {
                return Err(OAuthError::invalid_client("invalid client credentials"));
            }
            Ok(())
        }
        ClientAuth::Assertion {
            client_id,
            assertion,
        } => {
            if client_id != &org.client_id {
                return Err(OAuthError::invalid_client("unknown client"));
            }
            let key = org.key.as_ref().ok_or_else(|| {
                OAuthError::invalid_client("no public key is registered for this client")
            })?;
            check_assertion(state, client_id, assertion, key, None, token_url)
        }
    }
}

fn authenticate_app(
    state: &AppState,
    cell: &str,
    auth: &ClientAuth,
    token_url: &str,
) -> Result<Application, OAuthError> {
    let client_id = match auth {
        ClientAuth::Secret { client_id, .. } | ClientAuth::Assertion { client_id, .. } => client_id,
    };
    let app = state
        .store
        .find_application_by_client_id(client_id)?
        .filter(|app| app.cell == cell)
        .ok_or_else(|| {
            OAuthError::invalid_client("unknown client for this authorization server")
        })?;
    match (&app.auth, auth) {
        (AppAuth::ClientSecret { secret_hash }, ClientAuth::Secret { secret, .. }) => {
            if !hashes_equal(&hash_secret(secret), secret_hash) {
                return Err(OAuthError::invalid_client("invalid client credentials"));
            }
        }
        (AppAuth::Rsa { kid, n, e }, ClientAuth::Assertion { assertion, .. }) => {
            let key = stored_key(n, e, PublicKey::rsa)?;
            check_assertion(state, client_id, assertion, &key, Some(kid), token_url)?;
        }
        (AppAuth::Ec { kid, x, y }, ClientAuth::Assertion { assertion, .. }) => {
            let key = stored_key(x, y, PublicKey::ec_p256)?;
            check_assertion(state, client_id, assertion, &key, Some(kid), token_url)?;
        }
        (AppAuth::ClientSecret { .. }, ClientAuth::Assertion { .. }) => {
            return Err(OAuthError::invalid_client(
                "this application authenticates with a client secret",
            ))
        }
        (_, ClientAuth::Secret { .. }) => {
            return Err(OAuthError::invalid_client(
                "this application authenticates with private_key_jwt",
            ))
        }
    }
    Ok(app)
}

fn stored_key(
    a: &str,
    b: &str,
    build: fn(&BigUint, &BigUint) -> Result<PublicKey, String>,
) -> Result<PublicKey, OAuthError> {
    let parse = |t: &str| BigUint::parse_bytes(t.as_bytes(), 10);
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => build(&a, &b).map_err(OAuthError::server_error),
        _ => Err(OAuthError::server_error("stored key is unreadable")),
    }
}
