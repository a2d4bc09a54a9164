//! Request counters the tests read through `Emulator::stats`.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of the counters since start.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub org_token_requests: u64,
    pub documents_token_requests: u64,
    pub api_requests: u64,
    pub tenant_creates: u64,
    pub application_creates: u64,
    pub faults_injected: u64,
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
}

impl Counters {
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
        }
    }
}
