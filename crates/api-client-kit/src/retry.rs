//! When to retry and how long to wait: exponential backoff with jitter, capped, honouring
//! `Retry-After`; the [`Budget`] of one operation: `max_retries` for failures that may be the
//! server's fault, and rate-limit waits bounded by the operation's deadline instead; and the one
//! retry loop ([`retry`]) whose waits end when Terraform asks the provider to stop.

use std::future::Future;
use std::time::{Duration, Instant};

use rand::Rng;

use crate::{Attempt, Delivery, Stop};

/// Backoff timing. The defaults suit real services; tests shorten `base_delay`.
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
        (half + jitter)
            .max(retry_after.unwrap_or_default())
            .min(self.max_delay)
    }

    /// The wait after the `throttled`-th rate-limited answer in a row: the server's `Retry-After`
    /// (or the backoff when it gives none) plus up to a quarter more at random, so that callers
    /// throttled together do not all come back in the same instant.
    pub fn throttle_delay(&self, throttled: u32, retry_after: Option<Duration>) -> Duration {
        let base = retry_after.unwrap_or_else(|| self.delay(throttled, None));
        let spread = (base / 4).max(Duration::from_millis(20));
        let jitter = rand::thread_rng().gen_range(Duration::ZERO..=spread);
        (base + jitter).min(self.max_delay)
    }
}

/// Why an operation stops retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiveUp {
    /// Another attempt cannot help (a rejection, a stop, a failure that is not transient).
    Final,
    /// `max_retries` retries were spent on failures that may be the server's fault.
    OutOfRetries,
    /// The next wait would end after the operation's deadline.
    Deadline,
    /// Terraform asked the provider to stop during the wait.
    Stopped,
}

/// What one operation (a read, a create with its recovery, a delete) may still spend on retries.
#[derive(Debug)]
pub struct Budget {
    timing: RetryTiming,
    max_retries: u32,
    deadline: Instant,
    retries: u32,
    throttled: u32,
}

impl Budget {
    /// A fresh budget: `max_retries` retries, and every wait ending within `operation_timeout`.
    pub fn new(timing: RetryTiming, max_retries: u32, operation_timeout: Duration) -> Budget {
        Budget {
            timing,
            max_retries,
            deadline: Instant::now() + operation_timeout,
            retries: 0,
            throttled: 0,
        }
    }

    /// The number of the next attempt, counting from 1.
    pub fn attempt(&self) -> u32 {
        self.retries + self.throttled + 1
    }

    /// Retries spent so far on failures that may be the server's fault.
    pub fn spent(&self) -> u32 {
        self.retries
    }

    /// The wait before another attempt after `failure`, spending from the budget; or why not.
    /// A 429 spends no retry: its waits count against the deadline alone.
    pub fn next_delay(&mut self, failure: &impl Attempt) -> Result<Duration, GiveUp> {
        match failure.delivery() {
            delivery if !delivery.retryable() => Err(GiveUp::Final),
            Delivery::Throttled => self.throttled(failure.retry_after()),
            _ => self.retry(failure.retry_after()),
        }
    }

    /// The wait before retrying a failure that may be the server's fault (`retry_after` as a
    /// floor), spending one retry.
    pub fn retry(&mut self, retry_after: Option<Duration>) -> Result<Duration, GiveUp> {
        if self.retries >= self.max_retries {
            return Err(GiveUp::OutOfRetries);
        }
        self.retries += 1;
        self.within_deadline(self.timing.delay(self.retries - 1, retry_after))
    }

    /// The wait after a rate-limited answer; it spends no retry.
    pub fn throttled(&mut self, retry_after: Option<Duration>) -> Result<Duration, GiveUp> {
        self.throttled += 1;
        self.within_deadline(self.timing.throttle_delay(self.throttled - 1, retry_after))
    }

    /// After a failed attempt: the wait before the next one, as the budget allows, slept unless
    /// `stop` is raised meanwhile. `announce` gets the number of the attempt that failed and the
    /// wait, before the wait begins (for a log line).
    pub async fn wait_after(
        &mut self,
        failure: &impl Attempt,
        stop: &Stop,
        announce: impl FnOnce(u32, Duration),
    ) -> Result<(), GiveUp> {
        let delay = self.next_delay(failure)?;
        announce(self.attempt() - 1, delay);
        stop.sleep(delay).await.map_err(|_| GiveUp::Stopped)
    }

    fn within_deadline(&self, delay: Duration) -> Result<Duration, GiveUp> {
        if Instant::now() + delay > self.deadline {
            Err(GiveUp::Deadline)
        } else {
            Ok(delay)
        }
    }
}

/// The retry loop: runs `attempt` (given the attempt's number, from 1) until it succeeds, or until
/// the failure's classification, the budget or `stop` ends it; then answers the last failure and
/// why no further attempt was made. `announce` gets each failure to be retried, the number of its
/// attempt and the wait before the next (for a log line). What a failure means is the caller's:
/// it classifies each one through [`Attempt`].
pub async fn retry<T, E, Fut>(
    budget: &mut Budget,
    stop: &Stop,
    mut attempt: impl FnMut(u32) -> Fut,
    mut announce: impl FnMut(&E, u32, Duration),
) -> Result<T, (E, GiveUp)>
where
    E: Attempt,
    Fut: Future<Output = Result<T, E>>,
{
    loop {
        let failure = match attempt(budget.attempt()).await {
            Ok(done) => return Ok(done),
            Err(failure) => failure,
        };
        let waited = budget
            .wait_after(&failure, stop, |number, delay| {
                announce(&failure, number, delay)
            })
            .await;
        if let Err(why) = waited {
            return Err((failure, why));
        }
    }
}

/// Reads a `Retry-After` header value: a delay in seconds (the HTTP-date form is not expected).
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

    struct Failed(Delivery);

    impl Attempt for Failed {
        fn delivery(&self) -> Delivery {
            self.0
        }
        fn retry_after(&self) -> Option<Duration> {
            None
        }
    }

    fn failure(status: u16) -> Failed {
        Failed(Delivery::of_status(status))
    }

    #[test]
    fn rate_limits_spend_no_retries_until_the_deadline() {
        let timing = RetryTiming {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        };
        let mut budget = Budget::new(timing, 1, Duration::from_secs(60));
        for _ in 0..50 {
            assert!(budget.next_delay(&failure(429)).is_ok());
        }
        assert!(budget.next_delay(&failure(503)).is_ok());
        assert_eq!(budget.next_delay(&failure(503)), Err(GiveUp::OutOfRetries));
        assert_eq!(budget.next_delay(&failure(400)), Err(GiveUp::Final));
        assert_eq!(budget.attempt(), 52);
        assert_eq!(budget.spent(), 1);

        let mut short = Budget::new(timing, 5, Duration::ZERO);
        assert_eq!(short.next_delay(&failure(429)), Err(GiveUp::Deadline));
    }

    fn quick() -> RetryTiming {
        RetryTiming {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        }
    }

    #[tokio::test]
    async fn the_loop_retries_transient_failures_until_one_succeeds() {
        let mut budget = Budget::new(quick(), 3, Duration::from_secs(60));
        let mut announced = Vec::new();
        let answer = retry(
            &mut budget,
            &Stop::default(),
            |number| async move {
                match number {
                    1 => Err(failure(503)),
                    2 => Err(failure(429)),
                    _ => Ok(number),
                }
            },
            |_: &Failed, number, _| announced.push(number),
        )
        .await;
        assert_eq!(answer.ok(), Some(3));
        assert_eq!(announced, [1, 2]);
    }

    #[tokio::test]
    async fn the_loop_gives_the_last_failure_back_with_the_reason() {
        let mut budget = Budget::new(quick(), 1, Duration::from_secs(60));
        let out = retry(
            &mut budget,
            &Stop::default(),
            |_| async { Err::<(), _>(failure(503)) },
            |_, _, _| {},
        )
        .await;
        let (last, why) = out.unwrap_err();
        assert_eq!(
            (last.0, why),
            (Delivery::of_status(503), GiveUp::OutOfRetries)
        );

        let mut budget = Budget::new(quick(), 5, Duration::from_secs(60));
        let out = retry(
            &mut budget,
            &Stop::default(),
            |_| async { Err::<(), _>(failure(404)) },
            |_, _, _| {},
        )
        .await;
        assert_eq!(out.unwrap_err().1, GiveUp::Final);
    }

    #[tokio::test]
    async fn a_stop_ends_the_wait_between_attempts() {
        let slow = RetryTiming {
            base_delay: Duration::from_secs(20),
            max_delay: Duration::from_secs(30),
        };
        let mut budget = Budget::new(slow, 5, Duration::from_secs(300));
        let stop = Stop::default();
        let trigger = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            trigger.trigger();
        });
        let started = Instant::now();
        let out = retry(
            &mut budget,
            &stop,
            |_| async { Err::<(), _>(failure(503)) },
            |_, _, _| {},
        )
        .await;
        assert_eq!(out.unwrap_err().1, GiveUp::Stopped);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn throttled_waits_honour_retry_after_with_some_spread() {
        let t = RetryTiming::default();
        for _ in 0..50 {
            let d = t.throttle_delay(0, Some(Duration::from_secs(1)));
            assert!(
                d >= Duration::from_secs(1) && d <= Duration::from_millis(1250),
                "{d:?}"
            );
        }
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
