//! Shared setup for the client's integration tests: emulators, configurations and fixtures.
#![allow(dead_code)]

use std::time::Duration;

use resistant_emulator::{Config, Emulator};
use terraform_provider_resistant::client::{
    Client, ClientConfig, Credentials, RetryTiming, Secret,
};

pub const CONTROL_PLANE_SCOPES: &[&str] = &[
    "tenants.read",
    "tenants.write",
    "tenants.applications.read",
    "tenants.applications.write",
    "organization.read",
];

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An emulator that also accepts private_key_jwt with the organization's test key.
pub fn emulator(config: Config) -> Emulator {
    resistant_emulator::spawn(Config {
        org_public_key_pem: Some(fixture("org_rsa_public.pem")),
        ..config
    })
    .expect("emulator starts")
}

pub fn default_emulator() -> Emulator {
    emulator(Config::default())
}

pub fn secret_config(emu: &Emulator) -> ClientConfig {
    ClientConfig {
        endpoint: emu.endpoint(),
        token_url: emu.token_url(),
        credentials: Credentials::ClientSecret {
            client_id: emu.org_client_id(),
            client_secret: Secret::new(emu.org_client_secret()),
        },
        scopes: CONTROL_PLANE_SCOPES.iter().map(|s| s.to_string()).collect(),
        request_timeout: Duration::from_secs(10),
        max_retries: 5,
        requests_per_second: None,
        user_agent_suffix: "terraform/1.11.4".into(),
    }
}

pub fn key_config(emu: &Emulator) -> ClientConfig {
    ClientConfig {
        credentials: Credentials::PrivateKey {
            client_id: emu.org_client_id(),
            private_key_pem: Secret::new(fixture("org_rsa_pkcs1.pem")),
            key_id: None,
        },
        ..secret_config(emu)
    }
}

/// Short backoff so retry tests stay fast (still at least the 1 s `Retry-After` cap).
pub fn fast_timing() -> RetryTiming {
    RetryTiming {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(1500),
    }
}

pub fn client(config: ClientConfig) -> Client {
    Client::with_retry_timing(config, fast_timing()).expect("client builds")
}

/// A tenant name unique within one test run (`^[a-z0-9]{1,61}$`).
pub fn unique_name(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}{}", &id[..12])
}

pub fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}
