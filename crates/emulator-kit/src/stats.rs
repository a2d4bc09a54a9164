//! The snapshot of the request counters by route, as `GET /_emulator/stats` serves it.

use std::collections::BTreeMap;

use serde::Serialize;

/// Requests per `"<METHOD> <route>"` since start (the route's pattern, such as
/// `"GET /api/v1/tenants/{tenant_id}"`), counting every request that reached its handler.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// The counts by `"<METHOD> <route>"`.
    pub requests: BTreeMap<String, u64>,
    /// Requests answered by an injected fault instead (429s included), which reach no handler
    /// and so no route's count.
    pub faults_injected: u64,
    /// Microseconds the requests of each `"<METHOD> <route>"` spent in its handler, summed.
    pub micros: BTreeMap<String, u64>,
}

impl Stats {
    /// The count of one `"<METHOD> <route>"` (0 when never requested).
    pub fn count(&self, key: &str) -> u64 {
        self.requests.get(key).copied().unwrap_or(0)
    }

    /// Every request that reached a handler, whatever its route.
    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }
}
