//! Test-only endpoints under `/_emulator/` (never faulted, never counted): suspending and
//! resuming a tenant. (`/_emulator/stats` and `/health` come from the emulator kit.)

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::error::ApiError;
use crate::state::Shared;
use crate::store::{ACTIVE, SUSPENDED};

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
