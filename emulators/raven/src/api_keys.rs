//! `POST /api/v1/api-keys` (scope `tenant:admin`): another key of the caller's tenant, shown once,
//! holding only scopes the calling key holds.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::caller;
use crate::body::json_object;
use crate::error::ApiError;
use crate::fields;
use crate::secrets::{digest, new_api_key, new_key_id, shown_prefix};
use crate::state::Shared;
use crate::store::NewKey;
use crate::tenants::SHOWN_ONCE;

pub async fn create(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let caller = caller(&state, &headers)?;
    caller.require("tenant:admin")?;
    let body = json_object(&headers, body)?;
    fields::reject_unknown(&body, &["name", "scopes"])?;
    let name = fields::string(body.get("name"), "name")?
        .ok_or_else(|| ApiError::invalid("name is required: what the key is for"))?;
    let name = fields::name(name, "name")?;
    let scopes = fields::scopes(body.get("scopes"))?;
    if let Some(scope) = scopes.iter().find(|scope| !caller.holds(scope)) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            format!(
                "this API key lacks the scope {scope}, so it cannot grant it; \
                 create the key with a key that holds {scope}"
            ),
        ));
    }
    let key = new_api_key();
    let (id, prefix) = (new_key_id(), shown_prefix(&key));
    let new_key = NewKey {
        id: &id,
        name: &name,
        scopes: &scopes,
        digest: &digest(&key),
        prefix: &prefix,
    };
    let stored = state.store.create_key(&caller.tenant_id, &new_key)?;
    tracing::info!(tenant_id = %stored.tenant_id, key_id = %stored.id, "API key created");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "key_id": stored.id,
            "api_key": key,
            "api_key_prefix": stored.prefix,
            "name": stored.name,
            "scopes": stored.scopes,
            "created_at": stored.created_at,
            "message": SHOWN_ONCE,
        })),
    ))
}
