//! One failed attempt of this API: its [`ApiError`] with the shared classification
//! ([`Delivery`]: never sent, throttled, rejected, unknown, stopped) and the server's
//! `Retry-After`. Creates decide what to recover, and retries what to spend, by the
//! classification alone.

use std::time::Duration;

pub use api_client_kit::Delivery;
use api_client_kit::{error_chain, retry_after, Attempt};

use super::{wire, ApiError};

/// The outcome of one failed attempt, with what the retry logic needs to know.
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    pub retry_after: Option<Duration>,
    pub delivery: Delivery,
}

impl Failure {
    /// A failure that no retry can mend and that provably changed nothing.
    pub fn fatal(error: ApiError) -> Failure {
        Failure {
            error,
            retry_after: None,
            delivery: Delivery::NotSent { retryable: false },
        }
    }

    /// A step before the request (a lookup, a lock) failed with `error`, so it was never sent.
    pub fn not_sent(error: ApiError) -> Failure {
        let delivery = match error {
            ApiError::Stopped { .. } => Delivery::Stopped { in_flight: false },
            _ => Delivery::NotSent { retryable: false },
        };
        Failure {
            error,
            retry_after: None,
            delivery,
        }
    }

    /// The request was interrupted by Terraform's stop.
    pub fn stopped(what: &str, in_flight: bool) -> Failure {
        let message = if in_flight {
            format!("{what}: interrupted by Terraform while the request was in flight")
        } else {
            format!("{what}: interrupted by Terraform before the request was sent")
        };
        Failure {
            error: ApiError::Stopped { message },
            retry_after: None,
            delivery: Delivery::Stopped { in_flight },
        }
    }

    /// Whether the server may have acted on the request.
    pub fn maybe_processed(&self) -> bool {
        self.delivery.maybe_processed()
    }

    /// The same failure seen from a request that could not be sent because this one failed
    /// (a token request failing before the API request): nothing was sent to the API.
    pub fn before_sending(self) -> Failure {
        Failure {
            delivery: self.delivery.before_sending(),
            ..self
        }
    }
}

impl Attempt for Failure {
    fn delivery(&self) -> Delivery {
        self.delivery
    }

    fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

/// The failure for a reqwest error; `timeout` and `what` make the message say what happened.
pub fn transport_failure(error: &reqwest::Error, what: &str, timeout: Duration) -> Failure {
    // A failed connection (refused, DNS, TLS handshake) never carried the request.
    let never_sent = error.is_connect() || error.is_builder();
    let message = if error.is_timeout() && never_sent {
        format!(
            "{what}: could not connect within {:.1}s; the request was never sent",
            timeout.as_secs_f64().min(30.0)
        )
    } else if error.is_timeout() {
        format!(
            "{what}: no response within the request timeout of {:.1}s",
            timeout.as_secs_f64()
        )
    } else if never_sent {
        format!(
            "{what}: could not connect, so the request was never sent: {}",
            error_chain(error)
        )
    } else {
        format!("{what}: {}", error_chain(error))
    };
    Failure {
        error: ApiError::Transport { message },
        retry_after: None,
        delivery: Delivery::of_transport(error),
    }
}

/// The failure for an unsuccessful status with its body and headers.
pub fn status_failure(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    prefix: &str,
) -> Failure {
    let message = wire::error_message(body);
    let message = if prefix.is_empty() || message.is_empty() {
        message
    } else {
        format!("{prefix}: {message}")
    };
    let mut error = ApiError::from_status(status, message);
    // OAuth2 token endpoints answer 400 for bad client credentials and scopes.
    if let ApiError::Validation { message } = &error {
        if message.contains("invalid_client") || message.contains("unauthorized_client") {
            error = ApiError::Unauthorized {
                message: message.clone(),
            };
        } else if message.contains("invalid_scope") {
            error = ApiError::Forbidden {
                message: message.clone(),
            };
        }
    }
    Failure {
        error,
        retry_after: retry_after(headers),
        delivery: Delivery::of_status(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: u16) -> Failure {
        status_failure(status, &reqwest::header::HeaderMap::new(), b"", "")
    }

    #[test]
    fn a_status_failure_carries_the_classification_and_the_retry_after() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "3".parse().unwrap());
        let throttled = status_failure(429, &headers, b"", "");
        assert_eq!(throttled.delivery, Delivery::Throttled);
        assert_eq!(throttled.retry_after, Some(Duration::from_secs(3)));
        assert!(failure(503).delivery.retryable() && failure(503).maybe_processed());
        let token = failure(503).before_sending();
        assert_eq!(token.delivery, Delivery::NotSent { retryable: true });
    }

    #[test]
    fn a_token_endpoint_refusing_the_client_is_unauthorized() {
        let body = br#"{"error": "invalid_client", "error_description": "bad secret"}"#;
        let refused = status_failure(400, &reqwest::header::HeaderMap::new(), body, "token");
        assert!(
            matches!(refused.error, ApiError::Unauthorized { .. }),
            "{:?}",
            refused.error
        );
        assert!(!refused.delivery.retryable());
    }

    #[tokio::test]
    async fn a_refused_connection_is_never_sent_and_says_so() {
        let http = reqwest::Client::new();
        // Port 1 on loopback: nothing listens there.
        let error = http.get("http://127.0.0.1:1/").send().await.unwrap_err();
        let failure = transport_failure(&error, "GET /v0/tenants", Duration::from_secs(5));
        assert_eq!(failure.delivery, Delivery::NotSent { retryable: true });
        assert!(
            failure.error.message().contains("never sent"),
            "{}",
            failure.error
        );
    }
}
