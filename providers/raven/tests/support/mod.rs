//! What the integration tests share: the provider under test in a filesystem mirror (keeping
//! `RAVEN_*` variables out), an emulator per test, provider blocks pointing at it, and tenants
//! registered straight through the API for tests that need one made outside Terraform.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

#[allow(unused_imports)]
pub use tf_acceptance::{diagnostics, state, Mirror, ProviderUnderTest, Workspace};

use raven_emulator::Emulator;
use terraform_provider_raven::client::Client;

pub const SOURCE: &str = "registry.terraform.io/raven/raven";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The shared mirror holding the provider under test, built on first use.
pub fn mirror() -> &'static Mirror {
    static MIRROR: OnceLock<Mirror> = OnceLock::new();
    MIRROR.get_or_init(|| {
        Mirror::new(&[ProviderUnderTest {
            source: SOURCE.to_string(),
            version: VERSION.to_string(),
            binary: env!("CARGO_BIN_EXE_terraform-provider-raven").into(),
        }])
        .scrubbing("RAVEN_")
    })
}

/// A fresh in-memory emulator, shareable with step checks.
pub fn emulator() -> Arc<Emulator> {
    Arc::new(raven_emulator::spawn(raven_emulator::Config::default()).expect("start the emulator"))
}

/// `required_providers` plus a provider block with `body` (whole lines).
pub fn provider_block(body: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    raven = {{\n      source  = \"raven/raven\"\n      \
         version = \"{VERSION}\"\n    }}\n  }}\n}}\n\nprovider \"raven\" {{\n{body}\n}}\n"
    )
}

/// The provider block for `emulator`, with `extra` lines, followed by `body`.
pub fn config(emulator: &Emulator, extra: &str, body: &str) -> String {
    provider_block(&format!(
        "  endpoint = \"{}\"\n{extra}",
        emulator.endpoint()
    )) + "\n"
        + body
}

/// A tenant registered through the API (not Terraform): its id and registration key.
pub fn register(emulator: &Emulator, name: &str, email: &str) -> (String, String) {
    let client = Client::new(&emulator.endpoint()).expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let body = serde_json::json!({"name": name, "email": email});
    let answer = runtime.block_on(client.register(&body)).expect("register");
    let key = answer["api_key"].as_str().expect("a key").to_string();
    (
        answer["tenant_id"].as_str().expect("an id").to_string(),
        key,
    )
}

/// How often `"<METHOD> <route>"` reached the emulator.
pub fn count(emulator: &Emulator, route: &str) -> u64 {
    emulator.stats().count(route)
}
