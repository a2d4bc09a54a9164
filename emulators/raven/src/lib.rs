//! `raven_emulator`: a local emulator of Raven's Tenants API (registration, the current tenant,
//! scoped API keys) with SQLite persistence, fault injection and test-only endpoints. [`spawn`]
//! runs it on its own thread with its own runtime, for tests.

mod api_keys;
mod auth;
mod body;
mod config;
mod control;
mod error;
mod fields;
mod secrets;
mod server;
mod settings;
mod state;
mod store;
mod tenants;

use std::sync::Arc;

use anyhow::Context;
use emulator_kit::{Control, Listener};

pub use config::{Config, Faults};
pub use emulator_kit::{Server, Stats};

use state::{AppState, Shared};

/// A running emulator; dropping it stops the server.
pub struct Emulator {
    state: Shared,
    server: Server,
}

/// Starts the emulator on its own thread with its own tokio runtime (usable from sync and async
/// tests alike).
pub fn spawn(config: Config) -> anyhow::Result<Emulator> {
    config.faults.check().map_err(anyhow::Error::msg)?;
    let listener = Listener::bind(config.listen)?;
    let store = store::Store::open(config.db.as_deref()).with_context(|| match &config.db {
        Some(path) => format!("cannot open the database {}", path.display()),
        None => "cannot open the in-memory database".to_string(),
    })?;
    let control = Arc::new(Control::new(config.faults, config.fault_seed));
    let fault_seed = control.seed();
    let state: Shared = Arc::new(AppState {
        store,
        control: control.clone(),
    });
    let addr = listener.addr();
    let server = listener.serve("raven-emulator", server::router(state.clone()), control)?;
    tracing::info!(%addr, fault_seed, "raven emulator listening");
    Ok(Emulator { state, server })
}

/// The handle's `addr`, `fault_seed`, `stats` and `set_faults` are the kit server's.
impl std::ops::Deref for Emulator {
    type Target = Server;

    fn deref(&self) -> &Server {
        &self.server
    }
}

impl Emulator {
    /// The service URL, `http://HOST:PORT` (the API is under `/api/v1` of it).
    pub fn endpoint(&self) -> String {
        self.server.base_url()
    }

    /// `endpoint() + "/api/v1"`.
    pub fn api_url(&self) -> String {
        format!("{}/api/v1", self.endpoint())
    }

    /// Suspends a tenant: its keys still read, but it cannot be patched or create keys.
    pub fn suspend(&self, tenant_id: &str) -> anyhow::Result<()> {
        self.set_status(tenant_id, store::SUSPENDED)
    }

    /// Makes a suspended tenant active again.
    pub fn resume(&self, tenant_id: &str) -> anyhow::Result<()> {
        self.set_status(tenant_id, store::ACTIVE)
    }

    fn set_status(&self, tenant_id: &str, status: &str) -> anyhow::Result<()> {
        match self.state.store.set_status(tenant_id, status) {
            Ok(true) => Ok(()),
            Ok(false) => anyhow::bail!("no tenant {tenant_id}"),
            Err(err) => anyhow::bail!("cannot set the status of {tenant_id}: {}", err.message),
        }
    }
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr())
            .field("fault_seed", &self.fault_seed())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_handle_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Emulator>();
    }
}
