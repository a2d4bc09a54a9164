//! Control-plane tenant application endpoints: create (credentials shown once), list, get, delete.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::bearer::require_org_scope;
use crate::body::{json_object, reject_unknown_fields};
use crate::error::ApiError;
use crate::keys::{json_integer, PublicKey};
use crate::model::{is_cell, APPLICATION_SCOPES, CELLS};
use crate::path::Path;
use crate::secrets::{hash_secret, new_secret, random_lower, random_string};
use crate::state::Shared;
use crate::stats::Counters;
use crate::store::{tenant_not_found, timestamp, AppAuth, Application};

/// ApplicationResponse JSON (never with credentials).
fn application_json(app: &Application, base_url: &str) -> Value {
    let auth_server = format!("{base_url}/oauth2/documents-{}", app.cell);
    let token_url = format!("{auth_server}/v1/token");
    json!({
        "id": app.id,
        "client_id": app.client_id,
        "auth_server": auth_server,
        "cell": app.cell,
        "scopes": app.scopes,
        "_links": { "token_url": token_url },
    })
}

fn parse_cell(body: &Map<String, Value>) -> Result<String, ApiError> {
    match body.get("cell") {
        None | Some(Value::Null) => Err(ApiError::bad_request("cell is required")),
        Some(Value::String(cell)) if is_cell(cell) => Ok(cell.clone()),
        Some(Value::String(cell)) => Err(ApiError::bad_request(format!(
            "unknown cell {cell:?}; known cells: {}",
            CELLS.join(", ")
        ))),
        Some(_) => Err(ApiError::bad_request("cell must be a string")),
    }
}

fn parse_scopes(body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let allowed: Vec<&str> = APPLICATION_SCOPES.iter().map(|(s, _)| *s).collect();
    let items = match body.get("scopes") {
        None | Some(Value::Null) => return Err(ApiError::bad_request("scopes is required")),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::bad_request("scopes must be an array of strings")),
    };
    if items.is_empty() {
        return Err(ApiError::bad_request("scopes must not be empty"));
    }
    let mut scopes: Vec<String> = Vec::new();
    for item in items {
        let scope = item
            .as_str()
            .ok_or_else(|| ApiError::bad_request("scopes must be an array of strings"))?;
        if !allowed.contains(&scope) {
            return Err(ApiError::bad_request(format!(
                "unknown scope {scope:?}; allowed: {}",
                allowed.join(", ")
            )));
        }
        // `scopes` is a set: a repeated scope is a mistake in the request, not a duplicate to drop.
        if scopes.iter().any(|s| s == scope) {
            return Err(ApiError::bad_request(format!(
                "scopes lists {scope:?} twice; each scope may appear once"
            )));
        }
        scopes.push(scope.to_string());
    }
    Ok(scopes)
}

fn string_field<'a>(map: &'a Map<String, Value>, name: &str) -> Result<&'a str, ApiError> {
    match map.get(name) {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 256 => Ok(s),
        Some(Value::String(_)) => Err(ApiError::bad_request(format!(
            "auth_method.{name} must be 1 to 256 characters"
        ))),
        None | Some(Value::Null) => Err(ApiError::bad_request(format!(
            "auth_method.{name} is required"
        ))),
        Some(_) => Err(ApiError::bad_request(format!(
            "auth_method.{name} must be a string"
        ))),
    }
}

fn integer_field(map: &Map<String, Value>, name: &str) -> Result<num_bigint::BigUint, ApiError> {
    match map.get(name) {
        None | Some(Value::Null) => Err(ApiError::bad_request(format!(
            "auth_method.{name} is required"
        ))),
        Some(value) => json_integer(value).ok_or_else(|| {
            ApiError::bad_request(format!(
                "auth_method.{name} must be a non-negative JSON integer (not a string or a float)"
            ))
        }),
    }
}

fn expect_alg(map: &Map<String, Value>, expected: &str) -> Result<(), ApiError> {
    let alg = string_field(map, "alg")?;
    if alg != expected {
        return Err(ApiError::bad_request(format!(
            "auth_method.alg must be {expected}, not {alg:?}"
        )));
    }
    Ok(())
}

/// Parses `auth_method`; for CLIENT_SECRET also returns the new secret.
fn parse_auth(body: &Map<String, Value>) -> Result<(AppAuth, Option<String>), ApiError> {
    let method = match body.get("auth_method") {
        None | Some(Value::Null) => return Err(ApiError::bad_request("auth_method is required")),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(ApiError::bad_request("auth_method must be an object")),
    };
    match method.get("type").and_then(Value::as_str) {
        Some("CLIENT_SECRET") => {
            reject_unknown_fields(method, &["type"])?;
            let secret = new_secret();
            Ok((
                AppAuth::ClientSecret {
                    secret_hash: hash_secret(&secret),
                },
                Some(secret),
            ))
        }
        Some("RSA") => {
            reject_unknown_fields(method, &["type", "alg", "kid", "e", "n"])?;
            expect_alg(method, "RS256")?;
            let kid = string_field(method, "kid")?.to_string();
            let n = integer_field(method, "n")?;
            let e = integer_field(method, "e")?;
            PublicKey::rsa(&n, &e).map_err(ApiError::bad_request)?;
            Ok((
                AppAuth::Rsa {
                    kid,
                    n: n.to_string(),
                    e: e.to_string(),
                },
                None,
            ))
        }
        Some("EC") => {
            reject_unknown_fields(method, &["type", "alg", "kid", "x", "y"])?;
            expect_alg(method, "ES256")?;
            let kid = string_field(method, "kid")?.to_string();
            let x = integer_field(method, "x")?;
            let y = integer_field(method, "y")?;
            PublicKey::ec_p256(&x, &y).map_err(ApiError::bad_request)?;
            Ok((
                AppAuth::Ec {
                    kid,
                    x: x.to_string(),
                    y: y.to_string(),
                },
                None,
            ))
        }
        Some(other) => Err(ApiError::bad_request(format!(
            "auth_method.type {other:?} is unknown; use CLIENT_SECRET, RSA or EC"
        ))),
        None => Err(ApiError::bad_request(
            "auth_method.type is required (CLIENT_SECRET, RSA or EC)",
        )),
    }
}

/// `POST /v0/tenants/{tenant_id}/applications`
pub async fn create(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(tenant_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    require_org_scope(&state, &headers, "tenants.applications.write")?;
    let body = json_object(&headers, body)?;
    reject_unknown_fields(&body, &["cell", "scopes", "auth_method"])?;
    let cell = parse_cell(&body)?;
    let scopes = parse_scopes(&body)?;
    let (auth, secret) = parse_auth(&body)?;
    let app = Application {
        id: format!("app_{}", random_lower(20)),
        tenant_id: tenant_id.clone(),
        client_id: format!("0oa{}", random_string(17)),
        cell,
        scopes,
        auth,
        created: timestamp(),
    };
    state.store.create_application(&app)?;
    Counters::bump(&state.counters.application_creates);
    tracing::info!(tenant_id = %tenant_id, application_id = %app.id, cell = %app.cell, "application created");
    let mut json = application_json(&app, &state.base_url(&headers));
    let credentials = match (&app.auth, secret) {
        (AppAuth::ClientSecret { .. }, Some(secret)) => {
            json!({ "type": "CLIENT_SECRET", "client_secret": secret })
        }
        (AppAuth::Rsa { kid, .. }, _) => json!({ "type": "RSA", "alg": "RS256", "kid": kid }),
        (AppAuth::Ec { kid, .. }, _) => json!({ "type": "EC", "alg": "ES256", "kid": kid }),
        (AppAuth::ClientSecret { .. }, None) => return Err(ApiError::internal("secret missing")),
    };
    if let Value::Object(map) = &mut json {
        map.insert("credentials".to_string(), credentials);
    }
    let mut response = (StatusCode::CREATED, Json(json)).into_response();
    if let Ok(location) =
        HeaderValue::from_str(&format!("/v0/tenants/{tenant_id}/applications/{}", app.id))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /v0/tenants/{tenant_id}/applications`
pub async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(tenant_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    require_org_scope(&state, &headers, "tenants.applications.read")?;
    let apps = state
        .store
        .list_applications(&tenant_id)?
        .ok_or_else(|| tenant_not_found(&tenant_id))?;
    let base = state.base_url(&headers);
    let items: Vec<Value> = apps.iter().map(|a| application_json(a, &base)).collect();
    Ok(Json(json!({ "items": items })))
}

fn application_not_found(tenant_id: &str, app_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "application {app_id} not found in tenant {tenant_id}"
    ))
}

/// `GET /v0/tenants/{tenant_id}/applications/{application_id}`
pub async fn get(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((tenant_id, app_id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    require_org_scope(&state, &headers, "tenants.applications.read")?;
    let app = state
        .store
        .get_application(&tenant_id, &app_id)?
        .ok_or_else(|| application_not_found(&tenant_id, &app_id))?;
    Ok(Json(application_json(&app, &state.base_url(&headers))))
}

/// `DELETE /v0/tenants/{tenant_id}/applications/{application_id}`
pub async fn delete(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((tenant_id, app_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    require_org_scope(&state, &headers, "tenants.applications.write")?;
    if !state.store.delete_application(&tenant_id, &app_id)? {
        return Err(application_not_found(&tenant_id, &app_id));
    }
    tracing::info!(tenant_id = %tenant_id, application_id = %app_id, "application deleted");
    Ok(StatusCode::NO_CONTENT)
}
