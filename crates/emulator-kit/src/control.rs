//! The test-control state an emulator carries next to its own: the fault settings, the seeded
//! source of their dice, the rate-limit window, and the counters of requests and injected faults.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{Faults, Stats};

/// Faults, dice and counters, shared by every request of one emulator.
#[derive(Debug)]
pub struct Control {
    faults: RwLock<Faults>,
    seed: AtomicU64,
    dice: Mutex<StdRng>,
    /// (second since the epoch, requests seen in it).
    rate_window: Mutex<(u64, u32)>,
    routes: Mutex<BTreeMap<String, u64>>,
    /// Microseconds spent in each route's handler, summed.
    route_micros: Mutex<BTreeMap<String, u64>>,
    faults_injected: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Control {
    /// Control state with `faults` and dice seeded by `seed` (a random seed when `None`).
    pub fn new(faults: Faults, seed: Option<u64>) -> Control {
        let seed = seed.unwrap_or_else(rand::random);
        Control {
            faults: RwLock::new(faults),
            seed: AtomicU64::new(seed),
            dice: Mutex::new(StdRng::seed_from_u64(seed)),
            rate_window: Mutex::new((0, 0)),
            routes: Mutex::new(BTreeMap::new()),
            route_micros: Mutex::new(BTreeMap::new()),
            faults_injected: AtomicU64::new(0),
        }
    }

    /// The fault settings in force.
    pub fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the fault settings as they are.
    pub fn set_faults(&self, faults: Faults) {
        *self.faults.write().unwrap_or_else(PoisonError::into_inner) = faults;
    }

    /// Replaces the fault settings once they pass [`Faults::check`]; the error names the flag.
    pub fn try_set_faults(&self, faults: Faults) -> anyhow::Result<()> {
        faults.check().map_err(anyhow::Error::msg)?;
        self.set_faults(faults);
        Ok(())
    }

    /// Restarts the dice from `seed`, so that the requests from now on meet repeatable faults.
    pub fn reseed(&self, seed: u64) {
        self.seed.store(seed, Ordering::Relaxed);
        *lock(&self.dice) = StdRng::seed_from_u64(seed);
    }

    /// The seed the dice last started from (given, or picked at random); print it in a test so a
    /// failure can be replayed.
    pub fn seed(&self) -> u64 {
        self.seed.load(Ordering::Relaxed)
    }

    /// Dice for one request, drawn from the seeded source: with one seed, the same sequence of
    /// requests meets the same faults, however many rolls each takes.
    pub fn request_dice(&self) -> StdRng {
        let seed = lock(&self.dice).gen();
        StdRng::seed_from_u64(seed)
    }

    /// Counts a request in the current one-second window; `false` once more than `rps` arrived.
    pub fn within_rate(&self, rps: u32) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut window = lock(&self.rate_window);
        if window.0 != now {
            *window = (now, 0);
        }
        window.1 = window.1.saturating_add(1);
        window.1 <= rps
    }

    /// Counts one request that reached the handler of `route` (its pattern, not the path).
    pub fn count_route(&self, method: &str, route: &str) {
        *lock(&self.routes)
            .entry(format!("{method} {route}"))
            .or_insert(0) += 1;
    }

    /// Adds the time one request of `route` spent in its handler.
    pub fn time_route(&self, method: &str, route: &str, spent: std::time::Duration) {
        *lock(&self.route_micros)
            .entry(format!("{method} {route}"))
            .or_insert(0) += spent.as_micros() as u64;
    }

    /// Counts one injected fault.
    pub fn count_fault(&self) {
        self.faults_injected.fetch_add(1, Ordering::Relaxed);
    }

    /// Faults injected since start (429s, 500/503s, dropped connections).
    pub fn faults_injected(&self) -> u64 {
        self.faults_injected.load(Ordering::Relaxed)
    }

    /// Requests by route since start.
    pub fn stats(&self) -> Stats {
        Stats {
            requests: lock(&self.routes).clone(),
            faults_injected: self.faults_injected(),
            micros: lock(&self.route_micros).clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_seed_gives_the_same_dice_again() {
        let roll = |control: &Control| control.request_dice().gen::<u64>();
        let first = Control::new(Faults::default(), Some(9));
        let again = Control::new(Faults::default(), Some(3));
        again.reseed(9);
        assert_eq!(roll(&first), roll(&again));
        assert_eq!(again.seed(), 9);
    }

    #[test]
    fn the_rate_window_refuses_what_exceeds_it() {
        let control = Control::new(Faults::default(), Some(1));
        let allowed = (0..5).filter(|_| control.within_rate(3)).count();
        // A second may turn between the calls; then the new window allows more.
        assert!((3..=5).contains(&allowed), "{allowed}");
    }

    #[test]
    fn routes_are_counted_by_method_and_pattern() {
        let control = Control::new(Faults::default(), None);
        control.count_route("GET", "/t/{id}");
        control.count_route("GET", "/t/{id}");
        control.count_route("POST", "/t");
        let stats = control.stats();
        assert_eq!(stats.count("GET /t/{id}"), 2);
        assert_eq!(stats.count("DELETE /t"), 0);
        assert_eq!(stats.total_requests(), 3);
    }
}
