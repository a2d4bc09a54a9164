//! Control-plane tenant endpoints: create, paged list, get, delete.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::bearer::require_org_scope;
use crate::body::{json_object, reject_unknown_fields};
use crate::error::ApiError;
use crate::model::{
    documents_ui_host, is_cell, is_valid_tenant_name, CELLS, DEFAULT_CELL, TENANT_NAME_MAX,
};
use crate::path::Path;
use crate::state::Shared;
use crate::stats::Counters;
use crate::store::{tenant_not_found, Tenant};

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;

/// TenantResponse JSON.
pub fn tenant_json(tenant: &Tenant, org: &str) -> Value {
    let links: Vec<Value> = tenant
        .cells
        .iter()
        .map(|cell| json!({ "href": documents_ui_host(&tenant.name, org, cell), "rel": cell }))
        .collect();
    json!({
        "id": tenant.id,
        "name": tenant.name,
        "created": tenant.created,
        "updated": tenant.updated,
        "cells": tenant.cells,
        "_links": { "documents-ui": links },
    })
}

fn parse_name(body: &Map<String, Value>) -> Result<String, ApiError> {
    let name = match body.get("name") {
        None | Some(Value::Null) => return Err(ApiError::bad_request("name is required")),
        Some(Value::String(name)) => name,
        Some(_) => return Err(ApiError::bad_request("name must be a string")),
    };
    if !is_valid_tenant_name(name) {
        return Err(ApiError::bad_request(format!(
            "name must match ^[a-z0-9]{{1,{TENANT_NAME_MAX}}}$ (1 to {TENANT_NAME_MAX} lowercase letters and digits)"
        )));
    }
    Ok(name.clone())
}

fn parse_cells(body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let items = match body.get("cells") {
        None => return Ok(vec![DEFAULT_CELL.to_string()]),
        // The contract makes `cells` optional, not nullable: null is refused, not defaulted.
        Some(Value::Null) => {
            return Err(ApiError::bad_request(
                "cells must be an array of cell names, not null; omit it to get the default",
            ))
        }
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ApiError::bad_request(
                "cells must be an array of cell names",
            ))
        }
    };
    if items.is_empty() {
        return Err(ApiError::bad_request("cells must not be empty"));
    }
    let mut cells: Vec<String> = Vec::new();
    for item in items {
        let cell = item
            .as_str()
            .ok_or_else(|| ApiError::bad_request("cells must be an array of strings"))?;
        if !is_cell(cell) {
            return Err(ApiError::bad_request(format!(
                "unknown cell {cell:?}; known cells: {}",
                CELLS.join(", ")
            )));
        }
        if cells.iter().any(|c| c == cell) {
            return Err(ApiError::bad_request(format!(
                "cell {cell:?} is listed twice"
            )));
        }
        cells.push(cell.to_string());
    }
    Ok(cells)
}

/// `POST /v0/tenants`
pub async fn create(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    require_org_scope(&state, &headers, "tenants.write")?;
    let body = json_object(&headers, body)?;
    reject_unknown_fields(&body, &["name", "cells"])?;
    let name = parse_name(&body)?;
    let cells = parse_cells(&body)?;
    let tenant = state
        .store
        .create_tenant(&name, &cells, state.tenant_quota)?;
    Counters::bump(&state.counters.tenant_creates);
    tracing::info!(tenant_id = %tenant.id, name = %tenant.name, "tenant created");
    let mut response = (
        StatusCode::CREATED,
        Json(tenant_json(&tenant, &state.org_name)),
    )
        .into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/v0/tenants/{}", tenant.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /v0/tenants?limit=&after_id=`
pub async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Json<Value>, ApiError> {
    require_org_scope(&state, &headers, "tenants.read")?;
    let mut limit = DEFAULT_LIMIT;
    let mut after_id: Option<String> = None;
    for (key, value) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "limit" => {
                limit = value
                    .parse::<u32>()
                    .ok()
                    .filter(|l| (1..=MAX_LIMIT).contains(l))
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "limit must be an integer from 1 to {MAX_LIMIT}"
                        ))
                    })?;
            }
            "after_id" => after_id = Some(value.into_owned()).filter(|v| !v.is_empty()),
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter {other:?}; expected limit or after_id"
                )))
            }
        }
    }
    let page_size = limit.min(state.max_page_size);
    let (tenants, more) = state.store.list_tenants(page_size, after_id.as_deref())?;
    let items: Vec<Value> = tenants
        .iter()
        .map(|t| tenant_json(t, &state.org_name))
        .collect();
    let links = match (more, tenants.last()) {
        (true, Some(last)) => json!({
            "next": { "href": format!("/tenants?limit={limit}&after_id={}", last.id) }
        }),
        _ => json!({}),
    };
    Ok(Json(json!({ "items": items, "_links": links })))
}

/// `GET /v0/tenants/{tenant_id}`
pub async fn get(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(tenant_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    require_org_scope(&state, &headers, "tenants.read")?;
    let tenant = state
        .store
        .get_tenant(&tenant_id)?
        .ok_or_else(|| tenant_not_found(&tenant_id))?;
    Ok(Json(tenant_json(&tenant, &state.org_name)))
}

/// `DELETE /v0/tenants/{tenant_id}`
pub async fn delete(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(tenant_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    require_org_scope(&state, &headers, "tenants.write")?;
    state.store.delete_tenant(&tenant_id)?;
    tracing::info!(tenant_id = %tenant_id, "tenant deleted");
    Ok(StatusCode::NO_CONTENT)
}
