//! `resistant_emulator`: a local emulator of the Resistant Documents Tenant Management API
//! (control plane), its OAuth2 token endpoints and a stand-in Documents data plane, with
//! SQLite persistence and fault injection. [`spawn`] runs it on its own thread for tests.

mod applications;
mod assertion;
mod bearer;
mod body;
mod config;
mod documents;
mod error;
mod keys;
mod model;
mod oauth;
mod path;
mod secrets;
mod server;
mod state;
mod stats;
mod store;
mod tenants;
mod tokens;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use emulator_kit::{Control, Listener, Server};

pub use config::{Config, Faults};
pub use stats::Stats;

use keys::PublicKey;
use state::{AppState, OrgClient, Shared};

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    org_client_id: String,
    org_client_secret: String,
    state: Shared,
    server: Server,
}

/// Starts the server on its own thread with its own tokio runtime; usable from sync and async tests.
pub fn spawn(config: Config) -> anyhow::Result<Emulator> {
    let listener = Listener::bind(config.listen)?;
    let addr = listener.addr();
    let store = store::Store::open(config.db.as_deref()).context("cannot open the database")?;
    let key = match &config.org_public_key_pem {
        Some(pem) => Some(
            PublicKey::from_pem(pem)
                .map_err(|e| anyhow::anyhow!("organization public key: {e}"))?,
        ),
        None => None,
    };
    let secret = config
        .org_client_secret
        .clone()
        .unwrap_or_else(secrets::new_secret);
    let control = Arc::new(Control::new(config.faults.kit(), config.faults.seed));
    let state: Shared = Arc::new(AppState {
        store,
        counters: stats::Counters::default(),
        control: control.clone(),
        org: OrgClient {
            client_id: config.org_client_id.clone(),
            secret_hash: secrets::hash_secret(&secret),
            key,
        },
        org_name: config.org_name.clone(),
        tenant_quota: config.tenant_quota,
        max_page_size: config.max_page_size.max(1),
        token_ttl: config.token_ttl,
        addr,
        submissions: Mutex::new(HashMap::new()),
    });
    let server = listener.serve("resistant-emulator", server::router(state.clone()), control)?;
    tracing::info!(%addr, org_client_id = %config.org_client_id, "emulator listening");
    Ok(Emulator {
        org_client_id: config.org_client_id,
        org_client_secret: secret,
        state,
        server,
    })
}

impl Emulator {
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }
    /// The control plane endpoint (`base_url + "/v0"`).
    pub fn endpoint(&self) -> String {
        format!("{}/v0", self.base_url())
    }
    /// The organization's token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}/oauth2/tenants/v1/token", self.base_url())
    }
    /// The token endpoint of a cell's Documents auth server.
    pub fn documents_token_url(&self, cell: &str) -> String {
        format!("{}/oauth2/documents-{cell}/v1/token", self.base_url())
    }
    /// The Documents API base of a cell (`…/documents/<cell>/v2`).
    pub fn documents_url(&self, cell: &str) -> String {
        format!("{}/documents/{cell}/v2", self.base_url())
    }
    pub fn org_client_id(&self) -> String {
        self.org_client_id.clone()
    }
    pub fn org_client_secret(&self) -> String {
        self.org_client_secret.clone()
    }
    /// Counters since start.
    pub fn stats(&self) -> Stats {
        self.state.counters.snapshot(&self.state.control)
    }
    /// Changes fault injection at runtime; a `seed` in `faults` restarts the random choices.
    pub fn set_faults(&self, faults: Faults) {
        if let Some(seed) = faults.seed {
            self.state.control.reseed(seed);
        }
        self.state.control.set_faults(faults.kit());
    }
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr())
            .field("org_client_id", &self.org_client_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn emulator_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Emulator>();
    }
}
