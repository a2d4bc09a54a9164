//! The HTTP server: the route table with FastAPI-like fallbacks (404/405 `{"detail"}`, a 307 from
//! the tenants collection without its trailing slash), and an accept loop that serves each
//! connection with hyper so a fault can close a connection without answering.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::ServiceExt;

use crate::body::BODY_LIMIT;
use crate::error::ApiError;
use crate::faults::{inject, ConnectionKill};
use crate::state::Shared;
use crate::{control, oauth, tenants};

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

/// An oversized body is left unread, so the connection cannot carry another request.
async fn close_after_unread_body(mut response: Response) -> Response {
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Every route of the emulator.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/api/v1/oauth/token", post(oauth::token))
        .route(COLLECTION, get(tenants::list).post(tenants::create))
        .route(
            "/api/v1/admin/tenants/{tenant_id}",
            get(tenants::get)
                .patch(tenants::update)
                .delete(tenants::delete),
        )
        .route("/health", get(control::health))
        .route("/_emulator/stats", get(control::stats))
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
        match accepted {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, router.clone()));
            }
            Err(err) => {
                tracing::warn!(error = %err, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
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
