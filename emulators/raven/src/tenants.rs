//! Tenant endpoints: public registration (`POST /api/v1/tenants`), and the calling key's own tenant
//! (`GET` and `PATCH /api/v1/tenant`).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::caller;
use crate::body::json_object;
use crate::error::ApiError;
use crate::fields::{self, SCOPES};
use crate::secrets::{digest, new_api_key, new_key_id, shown_prefix};
use crate::settings;
use crate::state::Shared;
use crate::store::{NewKey, Tenant};

/// What the answers that carry a key say about it.
pub const SHOWN_ONCE: &str = "Save your API key securely. It will not be shown again.";

/// The Tenant object.
pub fn tenant_json(tenant: &Tenant) -> Value {
    json!({
        "tenant_id": tenant.id,
        "name": tenant.name,
        "email": tenant.email,
        "settings": settings::ordered(&tenant.settings),
        "stats": {
            "user_count": 0,
            "conversation_count": 0,
            "total_interactions": 0,
            "storage_bytes": 0,
        },
        "status": tenant.status,
        "created_at": tenant.created_at,
        "updated_at": tenant.updated_at,
    })
}

/// `POST /api/v1/tenants` (no authentication): a tenant and its first key, which holds every scope.
pub async fn register(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_object(&headers, body)?;
    fields::reject_unknown(&body, &["name", "email", "settings"])?;
    let name = fields::string(body.get("name"), "name")?
        .ok_or_else(|| ApiError::invalid("name is required: the organization's name"))?;
    let name = fields::name(name, "name")?;
    let email = fields::string(body.get("email"), "email")?.ok_or_else(|| {
        ApiError::invalid("email is required: a contact email, unique to the tenant")
    })?;
    let email = fields::email(email)?;
    let mut tenant_settings = settings::defaults();
    settings::merge(
        &mut tenant_settings,
        body.get("settings").filter(|v| !v.is_null()),
    )?;
    let key = new_api_key();
    let scopes: Vec<String> = SCOPES.iter().map(|s| s.to_string()).collect();
    let (id, prefix) = (new_key_id(), shown_prefix(&key));
    let new_key = NewKey {
        id: &id,
        name: "registration",
        scopes: &scopes,
        digest: &digest(&key),
        prefix: &prefix,
    };
    let tenant = state
        .store
        .register(&name, &email, &tenant_settings, &new_key)?;
    tracing::info!(tenant_id = %tenant.id, key_id = %id, "tenant registered");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "tenant_id": tenant.id,
            "api_key": key,
            "api_key_prefix": prefix,
            "message": SHOWN_ONCE,
        })),
    ))
}

/// `GET /api/v1/tenant` (scope `tenant:read`).
pub async fn current(
    State(state): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = caller(&state, &headers)?;
    caller.require("tenant:read")?;
    let tenant = state
        .store
        .tenant(&caller.tenant_id)?
        .ok_or_else(|| ApiError::not_found("the tenant of this API key no longer exists"))?;
    Ok(Json(tenant_json(&tenant)))
}

/// `PATCH /api/v1/tenant` (scope `tenant:admin`): `name` and/or `settings` (merged); answers the
/// updated tenant.
pub async fn update(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let caller = caller(&state, &headers)?;
    caller.require("tenant:admin")?;
    let body = json_object(&headers, body)?;
    if body.contains_key("email") {
        return Err(ApiError::invalid(
            "email cannot be changed; register a new tenant with the new email",
        ));
    }
    fields::reject_unknown(&body, &["name", "settings"])?;
    let name = match fields::string(body.get("name"), "name")? {
        Some(name) => Some(fields::name(name, "name")?),
        None => None,
    };
    if body.get("settings").is_some_and(Value::is_null) {
        return Err(ApiError::invalid(
            "settings cannot be null; give the settings to change, or omit it",
        ));
    }
    let tenant = state.store.modify_tenant(&caller.tenant_id, |tenant| {
        if let Some(name) = name {
            tenant.name = name;
        }
        settings::merge(&mut tenant.settings, body.get("settings"))
    })?;
    tracing::info!(tenant_id = %tenant.id, "tenant updated");
    Ok(Json(tenant_json(&tenant)))
}
