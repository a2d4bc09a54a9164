//! What one failed attempt tells about the request: never sent, refused for now (429), rejected,
//! of unknown effect (5xx, a timeout or a connection lost after sending), or stopped. A client
//! decides what to recover, and its retry budget what to spend, by this classification alone.

use std::time::Duration;

use crate::retry::{is_retryable_status, parse_retry_after};

/// Whether the server may have acted on a request that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The request never reached the server (connection refused, DNS, TLS, or no token to send
    /// it with): nothing can have happened. `retryable` when trying again may help.
    NotSent {
        /// Whether another attempt may get through.
        retryable: bool,
    },
    /// The server declined to process it now (429): nothing happened; try again later.
    Throttled,
    /// The server answered that it did not process it (a 4xx): final.
    Rejected,
    /// The server may have acted on it: a 5xx, a timeout, or a connection lost after sending.
    Unknown {
        /// Whether another attempt may succeed (a 501 will not).
        retryable: bool,
    },
    /// Terraform asked the provider to stop; `in_flight` when the request had been sent.
    Stopped {
        /// Whether the request was on its way when the stop came.
        in_flight: bool,
    },
}

impl Delivery {
    /// The delivery an unsuccessful HTTP status says.
    pub fn of_status(status: u16) -> Delivery {
        match status {
            429 => Delivery::Throttled,
            500..=599 => Delivery::Unknown {
                retryable: is_retryable_status(status),
            },
            _ => Delivery::Rejected,
        }
    }

    /// The delivery a transport error says: a failed connection (refused, DNS, TLS handshake)
    /// never carried the request; anything later may have.
    pub fn of_transport(error: &reqwest::Error) -> Delivery {
        if error.is_connect() || error.is_builder() {
            Delivery::NotSent {
                retryable: !error.is_builder(),
            }
        } else {
            Delivery::Unknown { retryable: true }
        }
    }

    /// Whether another attempt may succeed.
    pub fn retryable(self) -> bool {
        match self {
            Delivery::NotSent { retryable } | Delivery::Unknown { retryable } => retryable,
            Delivery::Throttled => true,
            Delivery::Rejected | Delivery::Stopped { .. } => false,
        }
    }

    /// Whether the server may have acted on the request.
    pub fn maybe_processed(self) -> bool {
        matches!(
            self,
            Delivery::Unknown { .. } | Delivery::Stopped { in_flight: true }
        )
    }

    /// The same failure seen from a request that could not be sent because this one failed (a
    /// token request failing before the API request): nothing was sent to the API.
    pub fn before_sending(self) -> Delivery {
        match self {
            Delivery::Throttled => Delivery::Throttled,
            Delivery::Stopped { .. } => Delivery::Stopped { in_flight: false },
            Delivery::NotSent { retryable } | Delivery::Unknown { retryable } => {
                Delivery::NotSent { retryable }
            }
            Delivery::Rejected => Delivery::NotSent { retryable: false },
        }
    }
}

/// A failed attempt as a retry budget sees it.
pub trait Attempt {
    /// What the failure says about the request.
    fn delivery(&self) -> Delivery;
    /// The server's `Retry-After`, if it gave one.
    fn retry_after(&self) -> Option<Duration>;
}

/// The `Retry-After` of an answer's headers, in seconds.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after)
}

/// An error and its causes on one line (reqwest's own text names only the URL, which is no
/// secret; it never holds headers).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_say_whether_the_server_may_have_acted() {
        assert_eq!(Delivery::of_status(429), Delivery::Throttled);
        assert!(Delivery::Throttled.retryable() && !Delivery::Throttled.maybe_processed());
        assert_eq!(Delivery::of_status(409), Delivery::Rejected);
        assert!(!Delivery::of_status(400).retryable());
        let unavailable = Delivery::of_status(503);
        assert!(unavailable.retryable() && unavailable.maybe_processed());
        let unimplemented = Delivery::of_status(501);
        assert!(!unimplemented.retryable() && unimplemented.maybe_processed());
    }

    #[test]
    fn a_failed_token_request_means_the_api_request_was_never_sent() {
        let token = Delivery::of_status(503).before_sending();
        assert_eq!(token, Delivery::NotSent { retryable: true });
        assert!(!token.maybe_processed());
        assert_eq!(
            Delivery::of_status(401).before_sending(),
            Delivery::NotSent { retryable: false }
        );
        assert_eq!(
            Delivery::of_status(429).before_sending(),
            Delivery::Throttled
        );
    }

    #[tokio::test]
    async fn a_refused_connection_was_never_sent() {
        // Port 1 on loopback: nothing listens there.
        let error = reqwest::Client::new()
            .get("http://127.0.0.1:1/")
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            Delivery::of_transport(&error),
            Delivery::NotSent { retryable: true }
        );
        assert!(error_chain(&error).contains("127.0.0.1:1"));
    }

    #[test]
    fn retry_after_is_read_from_the_headers() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(reqwest::header::RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
    }
}
