//! The one support tree shared by the integration tests. Every test file that needs it includes it
//! with `mod support;`; each test binary compiles it separately and uses only part of it, hence the
//! `allow(dead_code)` below.
//!
//! - this module: the resistant provider in the acceptance harness (crate `tf-acceptance`). Once per
//!   test binary the provider executable is placed in a filesystem mirror ([`mirror`]) that
//!   installs `resistant-ai/resistant` from there and never from the network, keeping `RESISTANT_*`
//!   variables out. [`workspace`] gives a [`Workspace`] whose provider block points at an emulator.
//! - [`emulator`]: starting the emulator, API clients for it, and seeding it.
//! - [`tokens`]: data-plane tokens for applications, proving their credentials work.
//! - [`state`], [`diagnostics`] (from the harness): reading `terraform show -json`, plans and
//!   outputs; terraform's error output and `terraform validate -json`.
//! - [`markdown`]: the Terraform code blocks of Markdown documents.
//!
//! ```ignore
//! mod support;
//! let ws = support::Workspace::new(support::mirror());
//! ws.write_file("main.tf", &support::provider_block("endpoint = \"http://127.0.0.1:1/v0\""));
//! ws.init();
//! ```

#![allow(dead_code)]

pub mod emulator;
pub mod markdown;
pub mod tokens;

#[allow(unused_imports)]
pub use tf_acceptance::{describe, diagnostics, state, Mirror, ProviderUnderTest, Workspace};

use std::sync::OnceLock;

use resistant_emulator::Emulator;

/// The provider's source address.
pub const SOURCE: &str = "registry.terraform.io/resistant-ai/resistant";
/// The provider version placed in the mirror.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The provider executable under test.
pub const PROVIDER_BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-resistant");
/// The test fixtures directory (keys in PEM files).
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// The text of a file in [`FIXTURES`].
pub fn fixture(name: &str) -> String {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The shared mirror holding the provider under test, built on first use.
pub fn mirror() -> &'static Mirror {
    static MIRROR: OnceLock<Mirror> = OnceLock::new();
    MIRROR.get_or_init(|| {
        Mirror::new(&[ProviderUnderTest {
            source: SOURCE.to_string(),
            version: VERSION.to_string(),
            binary: PROVIDER_BINARY.into(),
        }])
        .scrubbing("RESISTANT_")
    })
}

/// A `terraform { required_providers }` block plus a provider block with the given body.
pub fn provider_block(body: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    resistant = {{\n      source  = \"resistant-ai/resistant\"\n      \
         version = \"{VERSION}\"\n    }}\n  }}\n}}\n\nprovider \"resistant\" {{\n{body}\n}}\n"
    )
}

/// The provider block pointing at the emulator, with the organization's client secret.
pub fn provider_config(emulator: &Emulator) -> String {
    provider_config_with(emulator, "")
}

/// [`provider_config`] with `extra` settings (whole lines) added to the provider block.
pub fn provider_config_with(emulator: &Emulator, extra: &str) -> String {
    provider_block(&format!(
        "  endpoint      = \"{}\"\n  token_url     = \"{}\"\n  client_id     = \"{}\"\n  \
         client_secret = \"{}\"\n{extra}",
        emulator.endpoint(),
        emulator.token_url(),
        emulator.org_client_id(),
        emulator.org_client_secret()
    ))
}

/// Writes `main.tf` (provider block plus `body`).
pub fn configure(ws: &Workspace, emulator: &Emulator, body: &str) {
    ws.write_file("main.tf", &(provider_config(emulator) + "\n" + body));
}

/// A fresh workspace with `main.tf` written and `terraform init` done.
pub fn workspace(emulator: &Emulator, body: &str) -> Workspace {
    let ws = Workspace::new(mirror());
    configure(&ws, emulator, body);
    ws.init();
    ws
}
