//! How long to wait before the next attempt, and when to give up: a few attempts with a doubling
//! backoff, `Retry-After` honoured (capped) when Raven throttles.

use std::time::Duration;

/// Attempts a request may make in all.
const MAX_ATTEMPTS: u32 = 4;
/// The first backoff; doubled after each failed attempt.
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
/// The longest `Retry-After` honoured; a longer one gives up instead.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// The attempts of one request.
pub struct Attempts {
    made: u32,
}

impl Attempts {
    pub fn new() -> Attempts {
        Attempts { made: 0 }
    }

    /// After a failed attempt: the wait before the next one, or `None` to give up (`again` says
    /// whether the failure may be retried at all).
    pub fn next_wait(&mut self, again: bool, retry_after: Option<Duration>) -> Option<Duration> {
        self.made += 1;
        if !again || self.made >= MAX_ATTEMPTS {
            return None;
        }
        match retry_after {
            Some(wait) if wait > MAX_RETRY_AFTER => None,
            Some(wait) => Some(wait),
            None => Some(FIRST_BACKOFF * 2u32.pow(self.made - 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_their_wait_and_stop_after_the_last_attempt() {
        let mut attempts = Attempts::new();
        assert_eq!(attempts.next_wait(true, None), Some(FIRST_BACKOFF));
        assert_eq!(attempts.next_wait(true, None), Some(FIRST_BACKOFF * 2));
        let after = Duration::from_secs(1);
        assert_eq!(attempts.next_wait(true, Some(after)), Some(after));
        assert_eq!(attempts.next_wait(true, None), None);
    }

    #[test]
    fn failures_that_may_not_be_repeated_and_long_retry_afters_give_up() {
        assert_eq!(Attempts::new().next_wait(false, None), None);
        let long = Some(Duration::from_secs(3600));
        assert_eq!(Attempts::new().next_wait(true, long), None);
    }
}
