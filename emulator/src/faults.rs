//! Fault injection middleware (rate limit with 429 + Retry-After, latency, random 500/503 before
//! handling, and after a committed change either a 500 or a connection closed unanswered) and the
//! per-connection handle that closes a TCP connection without a response.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Notify;

use crate::error::ApiError;
use crate::state::{AppState, Shared};
use crate::stats::Counters;
use crate::tokens::unix_now;

/// Signals the connection task to drop its connection (closing the socket unanswered).
#[derive(Clone, Default)]
pub struct ConnectionKill(pub Arc<Notify>);

fn is_token_endpoint(path: &str) -> bool {
    path.starts_with("/oauth2/")
}

/// Counts the request in the current one-second window; `false` when over `rps`.
fn within_rate(state: &AppState, rps: u32) -> bool {
    let now = unix_now();
    let mut window = state.rate_window.lock().unwrap_or_else(|p| p.into_inner());
    if window.0 != now {
        *window = (now, 0);
    }
    window.1 += 1;
    window.1 <= rps
}

/// Applies the configured faults to API requests (and token requests when asked to).
pub async fn inject(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let path = loggable_path(&request);
    let method = request.method().clone();
    if request.uri().path().starts_with("/_emulator/") {
        return next.run(request).await;
    }
    let token = is_token_endpoint(request.uri().path());
    if !token {
        Counters::bump(&state.counters.api_requests);
    }
    let faults = state.faults();
    if token && !faults.faults_on_token {
        return log(&method, &path, next.run(request).await);
    }
    if let Some(rps) = faults.rate_limit {
        if !within_rate(&state, rps) {
            Counters::bump(&state.counters.faults_injected);
            let mut err = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate limit exceeded; retry later",
            );
            err.retry_after = Some(1);
            return log(&method, &path, err.into_response());
        }
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if state.roll(faults.fail_rate) {
        Counters::bump(&state.counters.faults_injected);
        let status = if state.roll(0.5) {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        return log(
            &method,
            &path,
            ApiError::new(status, "injected fault").into_response(),
        );
    }
    let kill = request.extensions().get::<ConnectionKill>().cloned();
    let response = next.run(request).await;
    let changes = matches!(
        method,
        Method::POST | Method::PUT | Method::DELETE | Method::PATCH
    );
    let committed = changes && response.status().is_success();
    if committed && state.roll(faults.drop_after_commit_rate) {
        if let Some(kill) = kill {
            Counters::bump(&state.counters.faults_injected);
            tracing::info!(%method, %path, "fault: dropping the connection after commit");
            kill.0.notify_one();
            std::future::pending::<()>().await;
        }
    }
    if committed && state.roll(faults.fail_after_commit_rate) {
        Counters::bump(&state.counters.faults_injected);
        tracing::info!(%method, %path, "fault: answering 500 after commit");
        return log(
            &method,
            &path,
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "injected fault after the change was committed",
            )
            .into_response(),
        );
    }
    log(&method, &path, response)
}

/// The request path for logs; upload URLs are capabilities, so only their route is logged.
fn loggable_path(request: &Request) -> String {
    match request.extensions().get::<MatchedPath>() {
        Some(route) if route.as_str().contains("{upload_id}") => route.as_str().to_string(),
        _ => request.uri().path().to_string(),
    }
}

fn log(method: &Method, path: &str, response: Response) -> Response {
    tracing::info!(%method, %path, status = response.status().as_u16(), "request");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_paths_are_recognised() {
        assert!(is_token_endpoint("/oauth2/tenants/v1/token"));
        assert!(!is_token_endpoint("/v0/tenants"));
    }
}
