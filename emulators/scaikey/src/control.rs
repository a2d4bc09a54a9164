//! Test-only endpoints (never faulted, never counted): request counters and the health check.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::state::Shared;
use crate::stats::Stats;

/// `GET /_emulator/stats`
pub async fn stats(State(state): State<Shared>) -> Json<Stats> {
    Json(state.counters.snapshot())
}

/// `GET /health`
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
