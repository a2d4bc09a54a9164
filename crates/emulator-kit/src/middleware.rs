//! The fault and counting middleware: what an emulator tells it ([`Emulated`]) and the layer
//! itself ([`inject`]), which applies the faults, counts each request by route and logs it.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use rand::rngs::StdRng;
use rand::Rng;
use tokio::sync::Notify;

use crate::Control;

/// Paths under this prefix are the emulator's test controls: never faulted, never counted.
pub const EXEMPT_PREFIX: &str = "/_emulator/";

/// The health check: never faulted, never counted.
pub const HEALTH_PATH: &str = "/health";

/// What the shared middleware needs to know of one emulator.
pub trait Emulated: Send + Sync + 'static {
    /// Its fault settings, dice and counters.
    fn control(&self) -> &Control;

    /// An error answer in the API's own shape (status and a message saying what to do).
    fn error(&self, status: StatusCode, message: &str) -> Response;

    /// Whether `path` is a token endpoint, spared by faults unless `Faults::on_token`.
    fn is_token_path(&self, _path: &str) -> bool {
        false
    }

    /// The path as logged; a path that holds a capability should log its route instead.
    fn loggable_path(&self, request: &Request) -> String {
        request.uri().path().to_string()
    }

    /// Sees every request that is not exempt, before any fault (for the emulator's own counters).
    fn observe(&self, _path: &str) {}
}

/// Tells a connection's task to drop its connection without answering.
#[derive(Clone, Default)]
pub(crate) struct ConnectionKill(pub(crate) Arc<Notify>);

fn is_exempt(path: &str) -> bool {
    path.starts_with(EXEMPT_PREFIX) || path == HEALTH_PATH
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

/// The middleware: `axum::middleware::from_fn_with_state(state, inject::<AppState>)` (as
/// [`finish`](crate::finish) adds it). Exempt paths pass untouched; the rest meet, in order, the
/// rate limit, the latency, a 500/503 before the handler, and after a committed change (a
/// successful POST, PUT, PATCH or DELETE) a dropped connection or a 500.
pub async fn inject<S: Emulated>(
    State(state): State<Arc<S>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    if is_exempt(request.uri().path()) {
        return next.run(request).await;
    }
    let path = state.loggable_path(&request);
    state.observe(request.uri().path());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    let control = state.control();
    let mut faults = control.faults();
    if state.is_token_path(request.uri().path()) && !faults.on_token {
        faults = crate::Faults::default();
    }
    let mut dice = control.request_dice();
    if let Some(rps) = faults.rate_limit {
        if !control.within_rate(rps) {
            control.count_fault();
            let message =
                format!("more than {rps} requests per second; retry after the Retry-After delay");
            let mut response = state.error(StatusCode::TOO_MANY_REQUESTS, &message);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(1));
            return log(&method, &path, response);
        }
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if roll(&mut dice, faults.fail_rate) {
        control.count_fault();
        let status = if dice.gen::<bool>() {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        tracing::info!(%method, %path, "fault: failing before the handler");
        let response = state.error(status, "injected fault: nothing was changed; retry");
        return log(&method, &path, response);
    }
    let kill = request.extensions().get::<ConnectionKill>().cloned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    // A method the route does not serve never reached a handler.
    if let Some(route) = route.filter(|_| response.status() != StatusCode::METHOD_NOT_ALLOWED) {
        control.count_route(method.as_str(), &route);
        control.time_route(method.as_str(), &route, started.elapsed());
    }
    let committed = is_change(&method) && response.status().is_success();
    if committed && roll(&mut dice, faults.drop_after_commit_rate) {
        if let Some(kill) = kill {
            control.count_fault();
            tracing::info!(%method, %path, "fault: dropping the connection after commit");
            kill.0.notify_one();
            std::future::pending::<()>().await;
        }
    }
    if committed && roll(&mut dice, faults.fail_after_commit_rate) {
        control.count_fault();
        tracing::info!(%method, %path, "fault: answering 500 after commit");
        let response = state.error(
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
    fn test_controls_and_the_health_check_are_exempt() {
        assert!(is_exempt("/_emulator/stats"));
        assert!(is_exempt("/health"));
        assert!(!is_exempt("/api/v1/tenant"));
        assert!(!is_exempt("/healthz"));
    }

    #[test]
    fn only_writes_count_as_changes() {
        assert!(is_change(&Method::PATCH));
        assert!(!is_change(&Method::GET));
    }
}
