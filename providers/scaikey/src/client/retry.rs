//! How long to wait before the next attempt: exponential backoff with jitter, capped, with a
//! server's `Retry-After` as the floor; and what one operation may still spend ([`Budget`]):
//! `max_retries` for failures that may be the server's fault, rate-limit waits bounded by the
//! operation's deadline instead.

use std::time::{Duration, Instant};

use rand::Rng;

/// Backoff timing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// The wait before the first retry (before jitter), doubled for each further one.
    pub base_delay: Duration,
    /// No wait is longer than this, `Retry-After` included.
    pub max_delay: Duration,
    /// One operation with all its retries and waits ends by then.
    pub operation_timeout: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(30),
            operation_timeout: Duration::from_secs(300),
        }
    }
}

impl Timing {
    /// The wait before retry number `retry` (0 for the first): half fixed, half random, never
    /// shorter than `retry_after`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(16)))
            .min(self.max_delay);
        let half = exponential / 2;
        let jitter = if half.is_zero() {
            Duration::ZERO
        } else {
            rand::thread_rng().gen_range(Duration::ZERO..=half)
        };
        (half + jitter)
            .max(retry_after.unwrap_or_default())
            .min(self.max_delay)
    }
}

/// What one operation may still spend.
#[derive(Debug)]
pub struct Budget {
    timing: Timing,
    max_retries: u32,
    retries: u32,
    throttled: u32,
    deadline: Instant,
}

impl Budget {
    pub fn new(timing: Timing, max_retries: u32) -> Budget {
        Budget {
            timing,
            max_retries,
            retries: 0,
            throttled: 0,
            deadline: Instant::now() + timing.operation_timeout,
        }
    }

    /// The wait before retrying a failure that may be the server's fault, or `None` when
    /// `max_retries` is spent or the wait would pass the deadline.
    pub fn retry(&mut self) -> Option<Duration> {
        if self.retries >= self.max_retries {
            return None;
        }
        let wait = self.timing.delay(self.retries, None);
        self.retries += 1;
        self.within_deadline(wait)
    }

    /// The wait after a rate-limited answer (`Retry-After` honoured, plus a little jitter), or
    /// `None` past the deadline. Spends no retries.
    pub fn throttled(&mut self, retry_after: Option<Duration>) -> Option<Duration> {
        let base = retry_after.unwrap_or_else(|| self.timing.delay(self.throttled, None));
        self.throttled += 1;
        let spread = (base / 4).max(Duration::from_millis(20));
        let wait = (base + rand::thread_rng().gen_range(Duration::ZERO..=spread))
            .min(self.timing.max_delay);
        self.within_deadline(wait)
    }

    /// Retries spent so far.
    pub fn spent(&self) -> u32 {
        self.retries
    }

    fn within_deadline(&self, wait: Duration) -> Option<Duration> {
        (Instant::now() + wait <= self.deadline).then_some(wait)
    }
}

/// A `Retry-After` header in seconds (the HTTP-date form is not used by this API).
pub fn retry_after(value: Option<&str>) -> Option<Duration> {
    value?.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_never_undercuts_retry_after() {
        let timing = Timing {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            operation_timeout: Duration::from_secs(60),
        };
        let first = timing.delay(0, None);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        assert!(timing.delay(10, None) <= Duration::from_secs(1));
        assert!(timing.delay(0, Some(Duration::from_millis(700))) >= Duration::from_millis(700));
    }

    #[test]
    fn retries_run_out_but_rate_limit_waits_spend_none() {
        let mut budget = Budget::new(Timing::default(), 2);
        assert!(budget.throttled(Some(Duration::from_secs(1))).is_some());
        assert!(budget.retry().is_some());
        assert!(budget.retry().is_some());
        assert_eq!(budget.retry(), None);
        assert_eq!(budget.spent(), 2);
    }

    #[test]
    fn a_wait_past_the_deadline_is_refused() {
        let timing = Timing {
            operation_timeout: Duration::from_millis(10),
            ..Timing::default()
        };
        let mut budget = Budget::new(timing, 5);
        assert_eq!(budget.throttled(Some(Duration::from_secs(5))), None);
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(retry_after(Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(retry_after(Some("soon")), None);
        assert_eq!(retry_after(None), None);
    }
}
