//! The route table with JSON fallbacks; the emulator kit adds the fault middleware, the body
//! limit and `/_emulator/stats`, and serves it.

use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use emulator_kit::{health, HEALTH_PATH};

use crate::body::BODY_LIMIT;
use crate::error::ApiError;
use crate::state::Shared;
use crate::{api_keys, control, tenants};

async fn not_found(method: Method, uri: Uri) -> Response {
    ApiError::not_found(format!(
        "no route for {method} {}; the API is under /api/v1",
        uri.path()
    ))
    .into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this method is not allowed on this path",
    )
    .into_response()
}

/// Every route of the emulator.
pub fn router(state: Shared) -> Router {
    let routes = emulator_kit::routes()
        .route("/api/v1/tenants", post(tenants::register))
        .route(
            "/api/v1/tenant",
            get(tenants::current).patch(tenants::update),
        )
        .route("/api/v1/api-keys", post(api_keys::create))
        .route(HEALTH_PATH, get(health))
        .route(
            "/_emulator/tenants/{tenant_id}/suspend",
            post(control::suspend),
        )
        .route(
            "/_emulator/tenants/{tenant_id}/resume",
            post(control::resume),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    emulator_kit::finish(routes, state, BODY_LIMIT)
}
