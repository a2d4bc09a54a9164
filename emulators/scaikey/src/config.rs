//! How the emulator is started: listen address, database file, the admin OAuth2 client, token
//! lifetime, fault injection and its seed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use emulator_kit::Faults;

/// Start-up settings. `Default` is an in-memory emulator on a free loopback port with the client
/// `scaikey-admin` and a random secret, without faults.
#[derive(Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    /// The OAuth2 client allowed to get admin tokens.
    pub client_id: String,
    /// Its secret (only a SHA-256 digest of it is kept by the server).
    pub client_secret: String,
    /// Lifetime of issued access tokens.
    pub token_ttl: Duration,
    /// Fault injection (all off by default).
    pub faults: Faults,
    /// Seed of the fault dice; `None` picks a random seed (readable through `Emulator::fault_seed`).
    pub fault_seed: Option<u64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: None,
            client_id: "scaikey-admin".to_string(),
            client_secret: crate::secrets::random_secret(),
            token_ttl: Duration::from_secs(3600),
            faults: Faults::default(),
            fault_seed: None,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("db", &self.db)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("token_ttl", &self.token_ttl)
            .field("faults", &self.faults)
            .field("fault_seed", &self.fault_seed)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_debug_form_hides_the_client_secret() {
        let config = Config::default();
        assert!(!format!("{config:?}").contains(&config.client_secret));
    }
}
