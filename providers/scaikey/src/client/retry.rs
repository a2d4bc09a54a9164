//! ScaiKey's retry timing: the shared backoff (exponential with jitter, `Retry-After` as the
//! floor) and the deadline one operation, with all its retries and waits, must end by; and
//! [`Failed`], one failed attempt as the kit's retry loop sees it, in this API's errors.

use std::time::Duration;

use api_client_kit::{Attempt, Budget, Delivery, GiveUp, RetryTiming};

use super::error::ApiError;

/// Backoff and deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// The waits between attempts.
    pub backoff: RetryTiming,
    /// One operation with all its retries and waits ends by then.
    pub operation_timeout: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            backoff: RetryTiming {
                base_delay: Duration::from_millis(300),
                max_delay: Duration::from_secs(30),
            },
            operation_timeout: Duration::from_secs(300),
        }
    }
}

impl Timing {
    /// What one operation may spend: `max_retries` for failures that may be the server's fault,
    /// rate-limit waits bounded by the deadline alone.
    pub fn budget(&self, max_retries: u32) -> Budget {
        Budget::new(self.backoff, max_retries, self.operation_timeout)
    }
}

/// One failed attempt: the error it ends the operation with, and what it says about trying again.
#[derive(Debug)]
pub struct Failed {
    pub error: ApiError,
    delivery: Delivery,
    retry_after: Option<Duration>,
    /// The HTTP status answered, when there was an answer (for the audit trail).
    pub status: Option<u16>,
}

impl Failed {
    /// A failure no further attempt can mend; the operation ends with `error` as it is.
    pub fn last(error: ApiError) -> Failed {
        Failed {
            error,
            delivery: Delivery::Rejected,
            retry_after: None,
            status: None,
        }
    }

    /// A failure worth another attempt (`delivery` says which kind); `what` says what went
    /// wrong if the budget runs out first.
    pub fn transient(what: String, delivery: Delivery, retry_after: Option<Duration>) -> Failed {
        Failed {
            error: ApiError::Unreachable { what },
            delivery,
            retry_after,
            status: None,
        }
    }

    /// The same failure, answered with `status`.
    pub fn answered(self, status: u16) -> Failed {
        Failed {
            status: Some(status),
            ..self
        }
    }

    /// The error an operation ends with when the retry loop gives up after this failure.
    pub fn gave_up(self, why: GiveUp, retries: u32) -> ApiError {
        match (why, self.error) {
            (GiveUp::Stopped, _) => ApiError::Stopped { sent: false },
            (GiveUp::OutOfRetries | GiveUp::Deadline, ApiError::Unreachable { what }) => {
                ApiError::Unreachable {
                    what: format!("{what} (after {retries} retries)"),
                }
            }
            (_, error) => error,
        }
    }
}

impl Attempt for Failed {
    fn delivery(&self) -> Delivery {
        self.delivery
    }

    fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_past_the_operation_deadline_is_refused() {
        let timing = Timing {
            operation_timeout: Duration::from_millis(10),
            ..Timing::default()
        };
        let mut budget = timing.budget(5);
        assert!(budget.throttled(Some(Duration::from_secs(5))).is_err());
        assert!(timing.budget(0).retry(None).is_err());
    }
}
