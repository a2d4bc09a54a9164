//! Request counters: totals the tests read through `Emulator::stats`, and requests by route
//! (`"GET /v0/tenants/{tenant_id}"`), counting every request that reached its handler, served at
//! `GET /_emulator/stats` in the same shape as the Raven and ScaiKey emulators.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

/// A snapshot of the counters since start.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub org_token_requests: u64,
    pub documents_token_requests: u64,
    pub api_requests: u64,
    pub tenant_creates: u64,
    pub application_creates: u64,
    pub faults_injected: u64,
    /// Requests per `"<METHOD> <route>"` that reached their handler.
    pub requests: BTreeMap<String, u64>,
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

/// The body of `GET /_emulator/stats`.
#[derive(Serialize)]
pub struct RouteCounts<'a> {
    pub requests: &'a BTreeMap<String, u64>,
}

/// The live counters.
#[derive(Default)]
pub struct Counters {
    pub org_token_requests: AtomicU64,
    pub documents_token_requests: AtomicU64,
    pub api_requests: AtomicU64,
    pub tenant_creates: AtomicU64,
    pub application_creates: AtomicU64,
    pub faults_injected: AtomicU64,
    pub by_route: Mutex<BTreeMap<String, u64>>,
}

impl Counters {
    /// Counts one request to `route` (the route's pattern, not the concrete path).
    pub fn bump_route(&self, method: &str, route: &str) {
        let mut counts = self.by_route.lock().unwrap_or_else(|p| p.into_inner());
        *counts.entry(format!("{method} {route}")).or_insert(0) += 1;
    }

    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            org_token_requests: get(&self.org_token_requests),
            documents_token_requests: get(&self.documents_token_requests),
            api_requests: get(&self.api_requests),
            tenant_creates: get(&self.tenant_creates),
            application_creates: get(&self.application_creates),
            faults_injected: get(&self.faults_injected),
            requests: self
                .by_route
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        }
    }
}
