//! Raven's retry timing: a few retries with a doubling backoff (with jitter) from 200 ms,
//! `Retry-After` honoured when Raven throttles, and the deadline one call, with all its retries
//! and waits, ends by. The loop itself is the kit's.

use std::time::Duration;

use api_client_kit::{Budget, RetryTiming};

/// Retries one call may spend on failures that may be Raven's fault (four attempts in all).
const MAX_RETRIES: u32 = 3;
/// The waits between attempts: from 200 ms, doubled each time, never longer than 30 s.
const TIMING: RetryTiming = RetryTiming {
    base_delay: Duration::from_millis(200),
    max_delay: Duration::from_secs(30),
};
/// One call, with its retries and its waits for throttling, ends by then.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// What one call may spend on retries.
pub fn budget() -> Budget {
    Budget::new(TIMING, MAX_RETRIES, OPERATION_TIMEOUT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_client_kit::GiveUp;

    #[test]
    fn three_retries_then_giving_up_and_throttling_bounded_by_the_deadline() {
        let mut budget = budget();
        for _ in 0..MAX_RETRIES {
            assert!(budget.retry(None).is_ok());
        }
        assert_eq!(budget.retry(None), Err(GiveUp::OutOfRetries));
        assert!(budget.throttled(Some(Duration::from_secs(1))).is_ok());
    }
}
