//! The state every handler shares: the database, request counters, fault settings and their dice.

use std::sync::{Arc, Mutex, RwLock};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::config::Faults;
use crate::stats::Counters;
use crate::store::Store;

pub struct AppState {
    pub store: Store,
    pub counters: Counters,
    pub faults: RwLock<Faults>,
    /// The seeded source every request's fault dice are drawn from.
    pub dice: Mutex<StdRng>,
    /// Rate-limit window: (second since the epoch, requests seen in it).
    pub rate_window: Mutex<(u64, u32)>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(store: Store, faults: Faults, seed: u64) -> AppState {
        AppState {
            store,
            counters: Counters::default(),
            faults: RwLock::new(faults),
            dice: Mutex::new(StdRng::seed_from_u64(seed)),
            rate_window: Mutex::new((0, 0)),
        }
    }

    pub fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.write().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    /// Dice for one request, drawn from the seeded source: with one seed, the same sequence of
    /// requests meets the same faults.
    pub fn request_dice(&self) -> StdRng {
        let seed = self.dice.lock().unwrap_or_else(|p| p.into_inner()).gen();
        StdRng::seed_from_u64(seed)
    }

    /// Counts a request in the current one-second window; `false` once more than `rps` arrived.
    pub fn within_rate(&self, rps: u32) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut window = self.rate_window.lock().unwrap_or_else(|p| p.into_inner());
        if window.0 != now {
            *window = (now, 0);
        }
        window.1 = window.1.saturating_add(1);
        window.1 <= rps
    }
}
