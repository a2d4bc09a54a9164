//! `scaikey_emulator`: a local emulator of ScaiKey's admin Tenants API (list with filters and
//! paging, create, get, PATCH, soft delete) and its OAuth2 client-credentials token endpoint
//! issuing HS256 JWTs, with SQLite persistence, fault injection and request counters. [`spawn`]
//! runs it on its own thread with its own runtime, for tests.

mod auth;
mod body;
mod config;
mod error;
mod oauth;
mod secrets;
mod server;
mod settings;
mod state;
mod store;
mod tenants;
mod tokens;
mod validation;

use std::sync::Arc;

use anyhow::Context;
use emulator_kit::{Control, Listener};

pub use config::{Config, Faults};
pub use emulator_kit::{Server, Stats};

use state::{AppState, Shared};

/// A running emulator; dropping it stops the server.
pub struct Emulator {
    client_id: String,
    client_secret: String,
    server: Server,
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
    let listener = Listener::bind(config.listen)?;
    let store = store::Store::open(config.db.as_deref()).with_context(|| match &config.db {
        Some(path) => format!("cannot open the database {}", path.display()),
        None => "cannot open the in-memory database".to_string(),
    })?;
    let key_hex = store
        .meta_or_insert("signing_key", || hex(&rand::random::<[u8; 32]>()))
        .context("cannot read the token signing key")?;
    let key = unhex(&key_hex).context("the stored token signing key is not hex")?;
    let control = Arc::new(Control::new(config.faults, config.fault_seed));
    let state: Shared = Arc::new(AppState {
        store,
        client_id: config.client_id.clone(),
        client_secret_digest: secrets::digest(&config.client_secret),
        signer: tokens::Signer::new(key, config.client_id.clone(), config.token_ttl),
        control: control.clone(),
    });
    let addr = listener.addr();
    let server = listener.serve("scaikey-emulator", server::router(state), control)?;
    let fault_seed = server.fault_seed();
    tracing::info!(%addr, client_id = %config.client_id, fault_seed, "scaikey emulator listening");
    Ok(Emulator {
        client_id: config.client_id,
        client_secret: config.client_secret,
        server,
    })
}

/// The handle's `addr`, `fault_seed`, `stats` and `set_faults` are the kit server's.
impl std::ops::Deref for Emulator {
    type Target = Server;

    fn deref(&self) -> &Server {
        &self.server
    }
}

impl Emulator {
    /// The service URL, `http://HOST:PORT`.
    pub fn endpoint(&self) -> String {
        self.server.base_url()
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
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr())
            .field("client_id", &self.client_id)
            .field("fault_seed", &self.fault_seed())
            .finish_non_exhaustive()
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
