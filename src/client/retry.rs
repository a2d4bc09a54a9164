//! When to retry and how long to wait: exponential backoff with jitter, capped, honouring
//! `Retry-After`.

use std::time::Duration;

use rand::Rng;

/// Backoff timing. The defaults suit the real API; tests shorten `base_delay`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryTiming {
    /// The wait before the first retry (before jitter); doubled for each further retry.
    pub base_delay: Duration,
    /// No wait is ever longer than this, `Retry-After` included.
    pub max_delay: Duration,
}

impl Default for RetryTiming {
    fn default() -> Self {
        RetryTiming {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryTiming {
    /// The wait before retry number `retry` (0 for the first retry). A server's `Retry-After`
    /// is a floor; the exponential part gets "equal jitter" (half fixed, half random).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(20)))
            .min(self.max_delay);
        let half = exponential / 2;
        let jitter = if half.is_zero() {
            Duration::ZERO
        } else {
            rand::thread_rng().gen_range(Duration::ZERO..=half)
        };
        let backoff = half + jitter;
        backoff
            .max(retry_after.unwrap_or_default())
            .min(self.max_delay)
    }
}

/// Reads a `Retry-After` header value: delay in seconds (an HTTP date is not expected from this API).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// Statuses worth another attempt.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_cap() {
        let t = RetryTiming {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        };
        for _ in 0..50 {
            let d0 = t.delay(0, None);
            assert!(
                d0 >= Duration::from_millis(50) && d0 <= Duration::from_millis(100),
                "{d0:?}"
            );
            let d3 = t.delay(3, None);
            assert!(
                d3 >= Duration::from_millis(400) && d3 <= Duration::from_millis(800),
                "{d3:?}"
            );
            let big = t.delay(40, None);
            assert!(
                big >= Duration::from_secs(1) && big <= Duration::from_secs(2),
                "{big:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_a_floor_but_capped() {
        let t = RetryTiming::default();
        assert!(t.delay(0, Some(Duration::from_secs(3))) >= Duration::from_secs(3));
        assert_eq!(
            t.delay(0, Some(Duration::from_secs(600))),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn retryable_statuses() {
        let retryable: Vec<u16> = (400..600).filter(|s| is_retryable_status(*s)).collect();
        assert_eq!(retryable, vec![429, 500, 502, 503, 504]);
    }
}
