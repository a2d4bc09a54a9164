//! `scaikey_emulator`: a local emulator of ScaiKey's admin Tenants API (list with filters and
//! paging, create, get, PATCH, soft delete) and its OAuth2 client-credentials token endpoint
//! issuing HS256 JWTs, with SQLite persistence, fault injection and request counters. [`spawn`]
//! runs it on its own thread with its own runtime, for tests.

mod auth;
mod body;
mod config;
mod control;
mod error;
mod faults;
mod oauth;
mod secrets;
mod server;
mod settings;
mod state;
mod stats;
mod store;
mod tenants;
mod tokens;
mod validation;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;

use anyhow::Context;
use rand::SeedableRng;
use tokio::sync::oneshot;

pub use config::{Config, Faults};
pub use stats::Stats;

use state::{AppState, Shared};

/// A running emulator; dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    client_id: String,
    client_secret: String,
    fault_seed: u64,
    state: Shared,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Starts the emulator on its own thread with its own tokio runtime (usable from sync and async
/// tests alike).
pub fn spawn(config: Config) -> anyhow::Result<Emulator> {
    config.faults.check().map_err(anyhow::Error::msg)?;
    if config.client_id.is_empty() || config.client_secret.is_empty() {
        anyhow::bail!("the client id and client secret must not be empty");
    }
    let listener = std::net::TcpListener::bind(config.listen)
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let store = store::Store::open(config.db.as_deref()).with_context(|| match &config.db {
        Some(path) => format!("cannot open the database {}", path.display()),
        None => "cannot open the in-memory database".to_string(),
    })?;
    let key_hex = store
        .meta_or_insert("signing_key", || hex(&rand::random::<[u8; 32]>()))
        .context("cannot read the token signing key")?;
    let key = unhex(&key_hex).context("the stored token signing key is not hex")?;
    let fault_seed = config.fault_seed.unwrap_or_else(rand::random);
    let state: Shared = Arc::new(AppState {
        store,
        client_id: config.client_id.clone(),
        client_secret_digest: secrets::digest(&config.client_secret),
        signer: tokens::Signer::new(key, config.client_id.clone(), config.token_ttl),
        counters: stats::Counters::default(),
        faults: RwLock::new(config.faults),
        dice: Mutex::new(rand::rngs::StdRng::seed_from_u64(fault_seed)),
        rate_window: Mutex::new((0, 0)),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("scaikey-emulator")
        .enable_all()
        .build()?;
    let (shutdown_tx, shutdown_rx) = oneshot::channel();
    let router = server::router(state.clone());
    let thread = std::thread::Builder::new()
        .name("scaikey-emulator".to_string())
        .spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => server::serve(listener, router, shutdown_rx).await,
                    Err(err) => tracing::error!(error = %err, "cannot register the listener"),
                }
            });
            runtime.shutdown_background();
        })?;
    tracing::info!(%addr, client_id = %config.client_id, fault_seed, "scaikey emulator listening");
    Ok(Emulator {
        addr,
        client_id: config.client_id,
        client_secret: config.client_secret,
        fault_seed,
        state,
        shutdown: Some(shutdown_tx),
        thread: Some(thread),
    })
}

impl Emulator {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The service URL, `http://HOST:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `<service URL>/api/v1/oauth/token`
    pub fn token_url(&self) -> String {
        format!("{}/api/v1/oauth/token", self.endpoint())
    }

    /// `<service URL>/api/v1/admin/tenants/` (the collection, with its trailing slash).
    pub fn tenants_url(&self) -> String {
        format!("{}/api/v1/admin/tenants/", self.endpoint())
    }

    pub fn client_id(&self) -> String {
        self.client_id.clone()
    }

    /// The admin client's secret, for tests to request tokens with.
    pub fn client_secret(&self) -> String {
        self.client_secret.clone()
    }

    /// The seed of the fault dice (the one given, or the one picked at random); print it in a
    /// test so a failure can be replayed with `Config::fault_seed`.
    pub fn fault_seed(&self) -> u64 {
        self.fault_seed
    }

    /// Requests per route since start, as `GET /_emulator/stats` shows them.
    pub fn stats(&self) -> Stats {
        self.state.counters.snapshot()
    }

    /// Replaces the fault settings; rates outside 0..=1 are refused.
    pub fn set_faults(&self, faults: Faults) -> anyhow::Result<()> {
        faults.check().map_err(anyhow::Error::msg)?;
        self.state.set_faults(faults);
        Ok(())
    }
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .field("client_id", &self.client_id)
            .field("fault_seed", &self.fault_seed)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handle_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Emulator>();
    }

    #[test]
    fn hex_round_trips_and_refuses_junk() {
        assert_eq!(unhex(&hex(&[0, 1, 254, 255])).unwrap(), [0, 1, 254, 255]);
        assert!(unhex("zz").is_none());
        assert!(unhex("abc").is_none());
    }

    #[test]
    fn the_debug_form_hides_the_client_secret() {
        let emu = spawn(Config::default()).unwrap();
        assert!(!format!("{emu:?}").contains(&emu.client_secret()));
    }
}
