//! Test-only endpoints under `/_emulator/` (never faulted, never counted): request counters,
//! suspending and resuming a tenant, and the health check.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::Shared;
use crate::stats::Stats;
use crate::store::{ACTIVE, SUSPENDED};

/// `GET /_emulator/stats`
pub async fn stats(State(state): State<Shared>) -> Json<Stats> {
    Json(state.counters.snapshot())
}

/// `GET /health`
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

fn set_status(
    state: &Shared,
    tenant_id: Result<Path<String>, PathRejection>,
    status: &str,
) -> Result<StatusCode, ApiError> {
    let Ok(Path(tenant_id)) = tenant_id else {
        return Err(ApiError::not_found("no tenant with that id"));
    };
    let tenant_id = tenant_id.as_str();
    if state.store.set_status(tenant_id, status)? {
        tracing::info!(%tenant_id, %status, "tenant status set");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no tenant {tenant_id}")))
    }
}

/// `POST /_emulator/tenants/{tenant_id}/suspend`
pub async fn suspend(
    State(state): State<Shared>,
    tenant_id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    set_status(&state, tenant_id, SUSPENDED)
}

/// `POST /_emulator/tenants/{tenant_id}/resume`
pub async fn resume(
    State(state): State<Shared>,
    tenant_id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    set_status(&state, tenant_id, ACTIVE)
}
