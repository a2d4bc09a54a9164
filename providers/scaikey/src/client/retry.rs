//! ScaiKey's retry timing: the shared backoff (exponential with jitter, `Retry-After` as the
//! floor) and the deadline one operation, with all its retries and waits, must end by.

use std::time::Duration;

use api_client_kit::{Budget, RetryTiming};

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
