//! How the emulator is started: listen address, database file, the admin OAuth2 client, token
//! lifetime, fault injection and its seed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

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

/// Fault injection settings. Rates are probabilities from 0 to 1. Faults never touch
/// `/_emulator/*` or the health check, and spare the token endpoint unless `on_token` is set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Probability of a random 500 or 503 before the handler runs (nothing is committed).
    pub fail_rate: f64,
    /// Probability that a successful change is committed and its answer replaced by a 500.
    pub fail_after_commit_rate: f64,
    /// Probability that a successful change is committed and the connection closed unanswered.
    pub drop_after_commit_rate: f64,
    /// Requests allowed per one-second window; the excess gets 429 with `Retry-After`.
    pub rate_limit: Option<u32>,
    /// Delay added before every affected request is handled.
    pub latency_ms: u64,
    /// Whether the faults also apply to the token endpoint.
    pub on_token: bool,
}

impl Faults {
    /// Checks that every rate is a probability; the error names the flag.
    pub fn check(&self) -> Result<(), String> {
        let rates = [
            ("fail-rate", self.fail_rate),
            ("fail-after-commit-rate", self.fail_after_commit_rate),
            ("drop-after-commit-rate", self.drop_after_commit_rate),
        ];
        match rates.iter().find(|(_, rate)| !(0.0..=1.0).contains(rate)) {
            Some((name, rate)) => Err(format!(
                "--{name} must be a probability from 0 to 1, not {rate}"
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_outside_zero_to_one_are_refused_with_the_flag_name() {
        let faults = Faults {
            fail_after_commit_rate: -0.5,
            ..Faults::default()
        };
        let err = faults.check().unwrap_err();
        assert!(err.contains("--fail-after-commit-rate"), "{err}");
        assert!(Faults::default().check().is_ok());
    }

    #[test]
    fn the_debug_form_hides_the_client_secret() {
        let config = Config::default();
        assert!(!format!("{config:?}").contains(&config.client_secret));
    }
}
