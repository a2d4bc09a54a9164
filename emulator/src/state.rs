//! The shared server state every handler receives.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::http::{header, HeaderMap};

use crate::config::Faults;
use crate::keys::PublicKey;
use crate::stats::Counters;
use crate::store::Store;

/// The organization's OAuth2 client.
pub struct OrgClient {
    pub client_id: String,
    pub secret_hash: String,
    pub key: Option<PublicKey>,
}

/// A document submission on the data plane.
#[derive(Clone, Debug)]
pub struct Submission {
    pub tenant_id: String,
    pub cell: String,
    pub upload_id: String,
    pub uploaded_bytes: Option<usize>,
}

/// Everything the handlers share.
pub struct AppState {
    pub store: Store,
    pub counters: Counters,
    pub faults: RwLock<Faults>,
    pub org: OrgClient,
    pub org_name: String,
    pub tenant_quota: u32,
    /// The most tenants one listing page holds.
    pub max_page_size: u32,
    pub token_ttl: Duration,
    pub addr: SocketAddr,
    /// Submissions by id (in memory: the data plane is a stand-in).
    pub submissions: Mutex<HashMap<String, Submission>>,
    /// Rate limiter window: (second, requests seen in it).
    pub rate_window: Mutex<(u64, u32)>,
    /// The random source of fault injection (seeded by `Faults::seed`).
    pub fault_rng: Mutex<rand::rngs::StdRng>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// `http://<host>` as the client addressed us (Host header), else the listen address.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()));
        match host {
            Some(host) => format!("http://{host}"),
            None => format!("http://{}", self.addr),
        }
    }

    /// A fault's random source for `seed` (the operating system's when `None`).
    pub fn fault_rng(seed: Option<u64>) -> rand::rngs::StdRng {
        use rand::SeedableRng;
        match seed {
            Some(seed) => rand::rngs::StdRng::seed_from_u64(seed),
            None => rand::rngs::StdRng::from_entropy(),
        }
    }

    /// `true` with probability `p`, from the fault random source.
    pub fn roll(&self, p: f64) -> bool {
        use rand::Rng;
        p > 0.0
            && self
                .fault_rng
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .gen::<f64>()
                < p
    }

    pub fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
