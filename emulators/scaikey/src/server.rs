//! The HTTP server: the route table with FastAPI-like fallbacks (404/405 `{"detail"}`, a 307 from
//! the tenants collection without its trailing slash); the emulator kit adds the fault
//! middleware, the body limit and `/_emulator/stats`, and serves it.

use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use emulator_kit::{health, HEALTH_PATH};

use crate::body::BODY_LIMIT;
use crate::error::ApiError;
use crate::state::{Shared, TOKEN_PATH};
use crate::{oauth, tenants};

/// The tenants collection; FastAPI redirects the path without its slash to it.
const COLLECTION: &str = "/api/v1/admin/tenants/";

async fn not_found(method: Method, uri: Uri) -> Response {
    if uri.path() == COLLECTION.trim_end_matches('/') {
        let target = match uri.query() {
            Some(query) => format!("{COLLECTION}?{query}"),
            None => COLLECTION.to_string(),
        };
        return Redirect::temporary(&target).into_response();
    }
    ApiError::not_found(format!("Not Found: no route for {method} {}", uri.path())).into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response()
}

/// Every route of the emulator.
pub fn router(state: Shared) -> Router {
    let routes = emulator_kit::routes()
        .route(TOKEN_PATH, post(oauth::token))
        .route(COLLECTION, get(tenants::list).post(tenants::create))
        .route(
            "/api/v1/admin/tenants/{tenant_id}",
            get(tenants::get)
                .patch(tenants::update)
                .delete(tenants::delete),
        )
        .route(HEALTH_PATH, get(health))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    emulator_kit::finish(routes, state, BODY_LIMIT)
}
