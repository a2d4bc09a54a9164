//! One failed attempt and what it tells about the request: never sent, refused for now (429),
//! rejected, or of unknown effect (5xx, a timeout or a connection lost after sending). Creates
//! decide what to recover, and retries what to spend, by this classification alone.

use std::time::Duration;

use super::retry::{is_retryable_status, parse_retry_after};
use super::{wire, ApiError};

/// What a failed attempt says about whether the server acted on the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The request never reached the server (connection refused, DNS, TLS, or no token to send
    /// it with): nothing can have happened. `retryable` when trying again may help.
    NotSent { retryable: bool },
    /// The server declined to process it now (429): nothing happened; try again later.
    Throttled,
    /// The server answered that it did not process it (a 4xx): final.
    Rejected,
    /// The server may have acted on it: a 5xx, a timeout, or a connection lost after sending.
    Unknown { retryable: bool },
    /// Terraform asked the provider to stop; `in_flight` when the request had been sent.
    Stopped { in_flight: bool },
}

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

    /// Whether another attempt may succeed.
    pub fn retryable(&self) -> bool {
        match self.delivery {
            Delivery::NotSent { retryable } | Delivery::Unknown { retryable } => retryable,
            Delivery::Throttled => true,
            Delivery::Rejected | Delivery::Stopped { .. } => false,
        }
    }

    /// Whether the server may have acted on the request.
    pub fn maybe_processed(&self) -> bool {
        matches!(
            self.delivery,
            Delivery::Unknown { .. } | Delivery::Stopped { in_flight: true }
        )
    }

    /// The same failure seen from a request that could not be sent because this one failed
    /// (a token request failing before the API request): nothing was sent to the API.
    pub fn before_sending(self) -> Failure {
        let delivery = match self.delivery {
            Delivery::Throttled => Delivery::Throttled,
            Delivery::Stopped { .. } => Delivery::Stopped { in_flight: false },
            Delivery::NotSent { retryable } | Delivery::Unknown { retryable } => {
                Delivery::NotSent { retryable }
            }
            Delivery::Rejected => Delivery::NotSent { retryable: false },
        };
        Failure { delivery, ..self }
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
        delivery: if never_sent {
            Delivery::NotSent {
                retryable: !error.is_builder(),
            }
        } else {
            Delivery::Unknown { retryable: true }
        },
    }
}

/// The error and its causes on one line (reqwest's own text only names the URL, which is no secret).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
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
    let delivery = match status {
        429 => Delivery::Throttled,
        500..=599 => Delivery::Unknown {
            retryable: is_retryable_status(status),
        },
        _ => Delivery::Rejected,
    };
    Failure {
        error,
        retry_after: headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after),
        delivery,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: u16) -> Failure {
        status_failure(status, &reqwest::header::HeaderMap::new(), b"", "")
    }

    #[test]
    fn statuses_say_whether_the_server_may_have_acted() {
        assert_eq!(failure(429).delivery, Delivery::Throttled);
        assert!(failure(429).retryable() && !failure(429).maybe_processed());
        assert_eq!(failure(409).delivery, Delivery::Rejected);
        assert!(!failure(400).retryable());
        assert!(failure(503).retryable() && failure(503).maybe_processed());
        assert!(!failure(501).retryable() && failure(501).maybe_processed());
    }

    #[test]
    fn a_failed_token_request_means_the_api_request_was_never_sent() {
        let token = failure(503).before_sending();
        assert_eq!(token.delivery, Delivery::NotSent { retryable: true });
        assert!(!token.maybe_processed());
        assert_eq!(
            failure(401).before_sending().delivery,
            Delivery::NotSent { retryable: false }
        );
        assert_eq!(failure(429).before_sending().delivery, Delivery::Throttled);
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
