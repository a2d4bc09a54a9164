//! Request counters by route (`"PATCH /api/v1/tenant"`), counting every request that reached its
//! handler; served at `GET /_emulator/stats` and by `Emulator::stats`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

/// Requests per `"<METHOD> <route>"` since start.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub requests: BTreeMap<String, u64>,
}

impl Stats {
    /// The count of one `"<METHOD> <route>"` (0 when never requested).
    pub fn count(&self, key: &str) -> u64 {
        self.requests.get(key).copied().unwrap_or(0)
    }
}

/// The live counters.
#[derive(Default)]
pub struct Counters(Mutex<BTreeMap<String, u64>>);

impl Counters {
    pub fn bump(&self, method: &str, route: &str) {
        let mut counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *counts.entry(format!("{method} {route}")).or_insert(0) += 1;
    }

    pub fn snapshot(&self) -> Stats {
        Stats {
            requests: self.0.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        }
    }
}
