//! The pace of one process's requests to one API ([`Pacer`]): unlimited until the server answers
//! 429, then an adaptive rate shared by every client of the process (additive increase on
//! success, a cut to what the server has been accepting on a 429) and a hold of every new request
//! until `Retry-After` has passed, with a random spread so that processes throttled together do not
//! come back together.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use rand::Rng;

use crate::{Stop, Stopped};

/// No paced rate goes below this many requests per second.
const MIN_RATE: f64 = 0.5;
/// Requests per second a paced rate gains per second of successes.
const INCREASE_PER_SECOND: f64 = 0.25;
/// A rate this high is as good as unlimited: pacing ends.
const UNPACED_ABOVE: f64 = 1000.0;
/// The window over which accepted requests are counted.
const WINDOW: Duration = Duration::from_secs(1);
/// The hold after a 429 that gives no `Retry-After`.
const DEFAULT_HOLD: Duration = Duration::from_secs(1);

#[derive(Debug)]
struct State {
    /// Requests per second allowed to start; `None` until the first 429.
    rate: Option<f64>,
    /// The earliest start of the next request.
    next_start: Instant,
    /// No request starts before this (set by a 429).
    hold_until: Instant,
    /// When the rate was last cut; one cut per window of 429s.
    last_cut: Option<Instant>,
    /// Successes within the last [`WINDOW`].
    accepted: VecDeque<Instant>,
    /// Raised by every 429, so that waiters holding a slot given before it take a new one.
    epoch: u64,
}

/// The pace of the requests one process sends to one API. Share it ([`Pacer::for_origin`]) among
/// every client of the process that talks to that API, and call [`admit`](Pacer::admit) before
/// each request and [`accepted`](Pacer::accepted) or [`throttled`](Pacer::throttled) after it.
#[derive(Debug)]
pub struct Pacer {
    state: Mutex<State>,
}

impl Default for Pacer {
    fn default() -> Self {
        let now = Instant::now();
        Pacer {
            state: Mutex::new(State {
                rate: None,
                next_start: now,
                hold_until: now,
                last_cut: None,
                accepted: VecDeque::new(),
                epoch: 0,
            }),
        }
    }
}

impl Pacer {
    /// The process's pacer for `origin` (scheme, host and port of an API): one per origin, so
    /// every client of the process talking to one server slows down together.
    pub fn for_origin(origin: &str) -> Arc<Pacer> {
        static PACERS: OnceLock<Mutex<BTreeMap<String, Arc<Pacer>>>> = OnceLock::new();
        let pacers = PACERS.get_or_init(Default::default);
        let mut pacers = pacers.lock().unwrap_or_else(PoisonError::into_inner);
        pacers.entry(origin.to_string()).or_default().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The requests per second now allowed (`None`: not paced).
    pub fn rate(&self) -> Option<f64> {
        self.lock().rate
    }

    /// Waits until this request may start: at once while unpaced and not held; otherwise at its
    /// own slot, one interval of the rate after the previous one and never within a hold.
    pub async fn admit(&self, stop: &Stop) -> Result<(), Stopped> {
        loop {
            let (slot, epoch) = {
                let mut state = self.lock();
                let now = Instant::now();
                let slot = now.max(state.hold_until).max(state.next_start);
                if let Some(rate) = state.rate {
                    state.next_start = slot + Duration::from_secs_f64(1.0 / rate);
                }
                (slot, state.epoch)
            };
            let now = Instant::now();
            if slot > now {
                stop.sleep(slot - now).await?;
            } else if stop.is_stopped() {
                return Err(Stopped);
            }
            if self.lock().epoch == epoch {
                return Ok(());
            }
            // A 429 came meanwhile: the slot was given at the old pace; take a new one.
        }
    }

    /// The server accepted a request (any answer but 429): the rate, if paced, grows.
    pub fn accepted(&self) {
        let mut state = self.lock();
        let now = Instant::now();
        state.accepted.push_back(now);
        while state
            .accepted
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            state.accepted.pop_front();
        }
        if let Some(rate) = state.rate {
            let grown = rate + INCREASE_PER_SECOND / rate;
            state.rate = (grown <= UNPACED_ABOVE).then_some(grown);
        }
    }

    /// The server answered 429: no request starts before `retry_after` (plus up to a quarter of it
    /// at random) has passed, and, once per window, the rate is cut to three quarters of what the
    /// server accepted in the last second (or of the current rate, if lower).
    pub fn throttled(&self, retry_after: Option<Duration>) {
        let mut state = self.lock();
        let now = Instant::now();
        let hold = retry_after.unwrap_or(DEFAULT_HOLD);
        let spread = rand::thread_rng().gen_range(Duration::ZERO..=hold / 4);
        state.hold_until = state.hold_until.max(now + hold + spread);
        state.epoch += 1;
        let cut_lately = state
            .last_cut
            .is_some_and(|at| now.duration_since(at) < WINDOW);
        if !cut_lately {
            while state
                .accepted
                .front()
                .is_some_and(|t| now.duration_since(*t) > WINDOW)
            {
                state.accepted.pop_front();
            }
            let got_through = state.accepted.len() as f64 / WINDOW.as_secs_f64();
            let base = state.rate.map_or(got_through, |rate| rate.min(got_through));
            state.rate = Some((base * 0.75).max(MIN_RATE));
            state.last_cut = Some(now);
            tracing::info!(
                rate = state.rate,
                "the server is rate limiting: requests of this process paced"
            );
        }
        state.next_start = state.next_start.max(state.hold_until);
    }

    /// After an answer with `status` (and its `Retry-After`, if any): [`throttled`] for a 429,
    /// [`accepted`] for anything else.
    ///
    /// [`throttled`]: Pacer::throttled
    /// [`accepted`]: Pacer::accepted
    pub fn observe(&self, status: u16, retry_after: Option<Duration>) {
        if status == 429 {
            self.throttled(retry_after);
        } else {
            self.accepted();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unthrottled_pacer_admits_at_once() {
        let pacer = Pacer::default();
        let started = Instant::now();
        for _ in 0..100 {
            pacer.admit(&Stop::default()).await.unwrap();
            pacer.accepted();
        }
        assert!(started.elapsed() < Duration::from_millis(200));
        assert_eq!(pacer.rate(), None);
    }

    #[tokio::test]
    async fn a_429_holds_every_request_then_paces_them_at_what_got_through() {
        let pacer = Pacer::default();
        for _ in 0..8 {
            pacer.accepted();
        }
        pacer.throttled(Some(Duration::from_millis(200)));
        // Three quarters of the 8 accepted in the last second.
        assert_eq!(pacer.rate(), Some(6.0));
        // A burst of 429s in the same window cuts once.
        pacer.throttled(Some(Duration::from_millis(200)));
        assert_eq!(pacer.rate(), Some(6.0));

        let started = Instant::now();
        pacer.admit(&Stop::default()).await.unwrap();
        let first = started.elapsed();
        assert!(first >= Duration::from_millis(200), "{first:?}");
        assert!(first <= Duration::from_secs(1), "{first:?}");
        pacer.admit(&Stop::default()).await.unwrap();
        let gap = started.elapsed() - first;
        // One interval of 6 per second.
        assert!(gap >= Duration::from_millis(150), "{gap:?}");
    }

    #[test]
    fn successes_grow_the_rate_additively_and_end_pacing_at_last() {
        let pacer = Pacer::default();
        pacer.throttled(None);
        assert_eq!(pacer.rate(), Some(MIN_RATE));
        for _ in 0..4 {
            pacer.accepted();
        }
        let rate = pacer.rate().unwrap();
        assert!(rate > MIN_RATE && rate < MIN_RATE + 2.1, "{rate}");
        for _ in 0..10_000_000 {
            pacer.accepted();
            if pacer.rate().is_none() {
                return;
            }
        }
        panic!("the rate never grew past pacing");
    }

    #[tokio::test]
    async fn a_stop_ends_a_held_wait() {
        let pacer = Pacer::default();
        pacer.throttled(Some(Duration::from_secs(30)));
        let stop = Stop::default();
        let trigger = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            trigger.trigger();
        });
        let started = Instant::now();
        assert!(pacer.admit(&stop).await.is_err());
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn one_origin_one_pacer() {
        let a = Pacer::for_origin("http://127.0.0.1:1");
        let b = Pacer::for_origin("http://127.0.0.1:1");
        let c = Pacer::for_origin("http://127.0.0.1:2");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
    }
}
