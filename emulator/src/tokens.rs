//! Issued access tokens (opaque random strings, kept only as SHA-256 hashes with their expiry)
//! and the replay cache of client-assertion `jti`s.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::secrets::{hash_secret, new_secret};

/// Whom a token was issued to.
#[derive(Clone, Debug)]
pub enum Principal {
    /// The organization client (control plane).
    Organization { scopes: Vec<String> },
    /// A tenant application (data plane of one cell).
    Application {
        tenant_id: String,
        application_id: String,
        cell: String,
        scopes: Vec<String>,
    },
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

struct Issued {
    principal: Principal,
    expires_at: SystemTime,
}

/// Live tokens and seen assertion ids.
#[derive(Default)]
pub struct TokenStore {
    tokens: Mutex<HashMap<String, Issued>>,
    seen_jtis: Mutex<HashMap<(String, String), u64>>,
}

impl TokenStore {
    /// Issues a new token for `principal`, valid for `ttl`.
    pub fn issue(&self, principal: Principal, ttl: Duration) -> String {
        let token = new_secret();
        let now = SystemTime::now();
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens.retain(|_, issued| issued.expires_at > now);
        tokens.insert(
            hash_secret(&token),
            Issued {
                principal,
                expires_at: now + ttl,
            },
        );
        token
    }

    /// The principal of a live token; `None` when unknown or expired.
    pub fn lookup(&self, token: &str) -> Option<Principal> {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens
            .get(&hash_secret(token))
            .filter(|issued| issued.expires_at > SystemTime::now())
            .map(|issued| issued.principal.clone())
    }

    /// Records a `jti` of `client_id` until `expires` (Unix seconds); `false` when already seen.
    pub fn record_jti(&self, client_id: &str, jti: &str, expires: u64) -> bool {
        let now = unix_now();
        let mut seen = self.seen_jtis.lock().unwrap_or_else(|p| p.into_inner());
        // Keep entries a little past expiry: an assertion is refused once expired anyway.
        seen.retain(|_, exp| *exp + 120 > now);
        let key = (client_id.to_string(), jti.to_string());
        if seen.contains_key(&key) {
            return false;
        }
        seen.insert(key, expires);
        true
    }
}
