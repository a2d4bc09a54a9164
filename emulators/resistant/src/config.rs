//! Emulator configuration: listen address, storage, organization credentials, quota, token
//! lifetime and the fault-injection knobs.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How the emulator is started. `Default` gives an in-memory emulator on a free loopback port.
#[derive(Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    /// The organization's OAuth2 client id.
    pub org_client_id: String,
    /// The organization's client secret; `None` generates one.
    pub org_client_secret: Option<String>,
    /// PEM public key (RSA or EC P-256, SPKI or PKCS#1) that enables private_key_jwt for the org client.
    pub org_public_key_pem: Option<String>,
    /// Organization name, used in Documents UI hosts.
    pub org_name: String,
    /// Maximum number of tenants in the organization.
    pub tenant_quota: u32,
    /// Lifetime of issued access tokens.
    pub token_ttl: Duration,
    /// The most tenants one listing page holds, whatever `limit` asks for (at most 100, the API's
    /// own bound). Lower it to make clients page with few tenants.
    pub max_page_size: u32,
    /// Fault injection (all off by default).
    pub faults: Faults,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: None,
            org_client_id: "emulator-org".to_string(),
            org_client_secret: None,
            org_public_key_pem: None,
            org_name: "emulator".to_string(),
            tenant_quota: 20,
            max_page_size: 100,
            token_ttl: Duration::from_secs(3600),
            faults: Faults::default(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("db", &self.db)
            .field("org_client_id", &self.org_client_id)
            .field(
                "org_client_secret",
                &self.org_client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("org_public_key_pem", &self.org_public_key_pem.is_some())
            .field("org_name", &self.org_name)
            .field("tenant_quota", &self.tenant_quota)
            .field("token_ttl", &self.token_ttl)
            .field("faults", &self.faults)
            .finish()
    }
}

/// Fault injection settings. Rates are probabilities in `0.0..=1.0`.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Probability of answering a request with a random 500 or 503 before handling it.
    pub fail_rate: f64,
    /// Requests per second allowed; excess requests get 429 with `Retry-After`.
    pub rate_limit: Option<u32>,
    /// Delay added before every affected request.
    pub latency_ms: u64,
    /// Probability that a successful change is committed and then the connection is closed
    /// without any response.
    pub drop_after_commit_rate: f64,
    /// Probability that a successful change is committed and then answered with a 500 as if it
    /// had failed.
    pub fail_after_commit_rate: f64,
    /// Seeds the random choices of the faults, so a run can be told apart and repeated (as far as
    /// the order of concurrent requests allows); `None` seeds from the operating system.
    pub seed: Option<u64>,
    /// Whether the faults also apply to the token endpoints.
    pub faults_on_token: bool,
}

impl Faults {
    /// The settings the shared fault middleware applies (the seed is the dice's, not a fault).
    pub(crate) fn kit(&self) -> emulator_kit::Faults {
        emulator_kit::Faults {
            fail_rate: self.fail_rate,
            fail_after_commit_rate: self.fail_after_commit_rate,
            drop_after_commit_rate: self.drop_after_commit_rate,
            rate_limit: self.rate_limit,
            latency_ms: self.latency_ms,
            on_token: self.faults_on_token,
        }
    }
}

impl From<emulator_kit::Faults> for Faults {
    /// The shared settings, with no seed (the dice keep theirs).
    fn from(kit: emulator_kit::Faults) -> Faults {
        Faults {
            fail_rate: kit.fail_rate,
            rate_limit: kit.rate_limit,
            latency_ms: kit.latency_ms,
            drop_after_commit_rate: kit.drop_after_commit_rate,
            fail_after_commit_rate: kit.fail_after_commit_rate,
            seed: None,
            faults_on_token: kit.on_token,
        }
    }
}
