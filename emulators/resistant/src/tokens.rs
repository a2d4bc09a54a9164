//! Access tokens: opaque random strings stored only as SHA-256 hashes with their principal and
//! expiry (in the database, so they survive a restart), and the replay cache of assertion `jti`s.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::secrets::{hash_secret, new_secret};
use crate::store::Store;

/// Whom a token was issued to.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    since_epoch().as_secs()
}

fn unix_now_ms() -> i64 {
    i64::try_from(since_epoch().as_millis()).unwrap_or(i64::MAX)
}

/// Issues a new token for `principal`, valid for `ttl`.
pub fn issue(store: &Store, principal: &Principal, ttl: Duration) -> rusqlite::Result<String> {
    let token = new_secret();
    let now = unix_now_ms();
    let expires = now.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
    let principal = serde_json::to_string(principal)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    store.insert_token(&hash_secret(&token), &principal, expires, now)?;
    Ok(token)
}

/// The principal of a live token; `None` when unknown or expired.
pub fn lookup(store: &Store, token: &str) -> rusqlite::Result<Option<Principal>> {
    Ok(store
        .find_token(&hash_secret(token))?
        .filter(|(_, expires)| *expires > unix_now_ms())
        .and_then(|(principal, _)| serde_json::from_str(&principal).ok()))
}

/// Records a `jti` of `client_id` valid until `expires` (Unix seconds); `false` when already seen.
pub fn record_jti(
    store: &Store,
    client_id: &str,
    jti: &str,
    expires: u64,
) -> rusqlite::Result<bool> {
    let clamp = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    // Kept a little past expiry: an expired assertion is refused anyway.
    let forget_before = clamp(unix_now()).saturating_sub(120);
    store.record_jti(client_id, jti, clamp(expires), forget_before)
}
