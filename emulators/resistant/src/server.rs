//! The route table and its JSON fallbacks; the emulator kit adds the fault middleware, the body
//! limit and `GET /_emulator/stats`, and serves it.

use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;

use crate::body::BODY_LIMIT;
use crate::error::message_response;
use crate::state::Shared;
use crate::{applications, documents, oauth, tenants};

async fn not_found(uri: Uri) -> Response {
    message_response(
        StatusCode::NOT_FOUND,
        &format!("no route for {}", uri.path()),
    )
}

async fn method_not_allowed() -> Response {
    message_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this resource",
    )
}

/// Every route of the emulator.
pub fn router(state: Shared) -> Router {
    let routes = emulator_kit::routes()
        .route("/v0/tenants", post(tenants::create).get(tenants::list))
        .route(
            "/v0/tenants/{tenant_id}",
            get(tenants::get).delete(tenants::delete),
        )
        .route(
            "/v0/tenants/{tenant_id}/applications",
            post(applications::create).get(applications::list),
        )
        .route(
            "/v0/tenants/{tenant_id}/applications/{application_id}",
            get(applications::get).delete(applications::delete),
        )
        .route("/oauth2/{server}/v1/token", post(oauth::token))
        .route(
            "/documents/{cell}/v2/submission",
            post(documents::create_submission),
        )
        .route(
            "/documents/{cell}/v2/submission/{submission_id}/fraud",
            get(documents::fraud),
        )
        .route(
            "/documents/{cell}/v2/upload/{upload_id}",
            put(documents::upload),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    emulator_kit::finish(routes, state, BODY_LIMIT)
}
