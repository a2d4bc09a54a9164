//! Fault injection around every API request: rate limit (429 with `Retry-After`), latency, random
//! 500/503 before the handler, and after a committed change either a 500 in place of the answer or a
//! connection closed unanswered. Also counts and logs each request. `/_emulator/*` and `/health`
//! pass untouched; the token endpoint is counted but faulted only when asked to.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::Rng;
use tokio::sync::Notify;

use crate::config::Faults;
use crate::error::ApiError;
use crate::state::Shared;

/// Tells a connection's task to drop its connection without answering.
#[derive(Clone, Default)]
pub struct ConnectionKill(pub Arc<Notify>);

/// Paths that faults and counters leave alone.
pub fn is_exempt(path: &str) -> bool {
    path.starts_with("/_emulator/") || path == "/health"
}

fn roll(dice: &mut StdRng, probability: f64) -> bool {
    probability > 0.0 && dice.gen::<f64>() < probability
}

fn is_change(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// The token endpoint, spared by faults unless `Faults::on_token`.
pub const TOKEN_PATH: &str = "/api/v1/oauth/token";

fn injected(status: StatusCode, message: &str) -> Response {
    ApiError::new(status, message).into_response()
}

pub async fn inject(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    if is_exempt(&path) {
        return next.run(request).await;
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    let mut faults = state.faults();
    if path == TOKEN_PATH && !faults.on_token {
        faults = Faults::default();
    }
    let mut dice = state.request_dice();
    if let Some(rps) = faults.rate_limit {
        if !state.within_rate(rps) {
            let mut err = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("more than {rps} requests per second; retry after the Retry-After delay"),
            );
            err.retry_after = Some(1);
            return log(&method, &path, err.into_response());
        }
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if roll(&mut dice, faults.fail_rate) {
        let status = if dice.gen::<bool>() {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        tracing::info!(%method, %path, "fault: failing before the handler");
        let response = injected(status, "injected fault: nothing was changed; retry");
        return log(&method, &path, response);
    }
    let kill = request.extensions().get::<ConnectionKill>().cloned();
    let response = next.run(request).await;
    // A method the route does not serve never reached a handler.
    if let Some(route) = route.filter(|_| response.status() != StatusCode::METHOD_NOT_ALLOWED) {
        state.counters.bump(method.as_str(), &route);
    }
    let committed = is_change(&method) && response.status().is_success();
    if committed && roll(&mut dice, faults.drop_after_commit_rate) {
        if let Some(kill) = kill {
            tracing::info!(%method, %path, "fault: dropping the connection after commit");
            kill.0.notify_one();
            std::future::pending::<()>().await;
        }
    }
    if committed && roll(&mut dice, faults.fail_after_commit_rate) {
        tracing::info!(%method, %path, "fault: answering 500 after commit");
        let response = injected(
            StatusCode::INTERNAL_SERVER_ERROR,
            "injected fault after the change was committed",
        );
        return log(&method, &path, response);
    }
    log(&method, &path, response)
}

fn log(method: &Method, path: &str, response: Response) -> Response {
    tracing::info!(%method, %path, status = response.status().as_u16(), "request");
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn rolls_respect_the_extremes() {
        let mut dice = StdRng::seed_from_u64(7);
        assert!(!roll(&mut dice, 0.0));
        assert!(roll(&mut dice, 1.0));
    }

    #[test]
    fn test_only_paths_are_exempt() {
        assert!(is_exempt("/_emulator/stats"));
        assert!(is_exempt("/health"));
        assert!(!is_exempt("/api/v1/admin/tenants/"));
    }
}
