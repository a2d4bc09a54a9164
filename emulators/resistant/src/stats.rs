//! Request counters: the totals the tests read through `Emulator::stats` (token requests, API
//! requests, creates), next to the emulator kit's counts of injected faults and of requests by
//! route (`"GET /v0/tenants/{tenant_id}"`), which it serves at `GET /_emulator/stats`.

use std::sync::atomic::{AtomicU64, Ordering};

use emulator_kit::Control;

/// A snapshot of the counters since start.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub org_token_requests: u64,
    pub documents_token_requests: u64,
    pub api_requests: u64,
    pub tenant_creates: u64,
    pub application_creates: u64,
    pub faults_injected: u64,
    /// Requests per `"<METHOD> <route>"` that reached their handler (the kit's counts).
    pub routes: emulator_kit::Stats,
}

impl Stats {
    /// The count of one `"<METHOD> <route>"` (0 when never requested).
    pub fn count(&self, key: &str) -> u64 {
        self.routes.count(key)
    }
}

/// The live counters of this emulator's own.
#[derive(Default)]
pub struct Counters {
    pub org_token_requests: AtomicU64,
    pub documents_token_requests: AtomicU64,
    pub api_requests: AtomicU64,
    pub tenant_creates: AtomicU64,
    pub application_creates: AtomicU64,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// These counters with the kit's (faults injected, requests by route).
    pub fn snapshot(&self, control: &Control) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            org_token_requests: get(&self.org_token_requests),
            documents_token_requests: get(&self.documents_token_requests),
            api_requests: get(&self.api_requests),
            tenant_creates: get(&self.tenant_creates),
            application_creates: get(&self.application_creates),
            faults_injected: control.faults_injected(),
            routes: control.stats(),
        }
    }
}
