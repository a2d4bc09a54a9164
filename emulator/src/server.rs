//! The HTTP server: route table, JSON fallbacks, and an accept loop that serves each connection
//! with hyper so a handler can close its connection without answering.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::ServiceExt;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::Json;

use crate::body::BODY_LIMIT;
use crate::error::message_response;
use crate::faults::{inject, ConnectionKill};
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

/// A body over the limit is left unread, so the connection cannot carry another request: say so,
/// or a client could reuse it and see its next request fail.
async fn close_after_unread_body(mut response: Response) -> Response {
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Counts a request that passed fault injection by its route pattern.
async fn count_route(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    if let Some(route) = route {
        state.counters.bump_route(request.method().as_str(), &route);
    }
    next.run(request).await
}

/// `GET /_emulator/stats`: requests by route since start.
async fn stats(State(state): State<Shared>) -> Response {
    let snapshot = state.counters.snapshot();
    Json(crate::stats::RouteCounts {
        requests: &snapshot.requests,
    })
    .into_response()
}

/// Every route of the emulator.
pub fn router(state: Shared) -> Router {
    Router::new()
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
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            count_route,
        ))
        // Added after the counting layer: the counters do not count their own reads.
        .route("/_emulator/stats", get(stats))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), inject))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::map_response(close_after_unread_body))
        .with_state(state)
}

/// Accepts connections until `shutdown` fires.
pub async fn serve(listener: TcpListener, router: Router, mut shutdown: oneshot::Receiver<()>) {
    loop {
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(err) => {
                tracing::warn!(error = %err, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        tokio::spawn(serve_connection(stream, router));
    }
}

async fn serve_connection(stream: tokio::net::TcpStream, router: Router) {
    let kill = ConnectionKill(Arc::new(tokio::sync::Notify::new()));
    let handle = kill.clone();
    let service =
        hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(handle.clone());
            router.clone().oneshot(request)
        });
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = connection => {
            if let Err(err) = result {
                tracing::debug!(error = %err, "connection ended with an error");
            }
        }
        // Dropping the connection future closes the socket without a response.
        _ = kill.0.notified() => {}
    }
}
