//! What the resource acceptance tests share on top of the terraform harness: an emulator, workspaces
//! configured for it, an API client to change things behind Terraform's back, data-plane tokens, and
//! readers for `terraform show -json` output. Include with
//! `#[path = "support/resistant.rs"] mod resistant;` next to `mod support;`.

#![allow(dead_code)]

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use resistant_emulator::{Config, Emulator};
use serde_json::Value as Json;
use terraform_provider_resistant::client::{
    request_access_token, AccessToken, ApiError, Client, ClientConfig, Credentials, Secret,
};

use super::support::{provider_block, Workspace};

/// The test fixtures directory.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("read fixture")
}

/// An in-memory emulator with the given tenant quota.
pub fn emulator(tenant_quota: u32) -> Emulator {
    resistant_emulator::spawn(Config {
        tenant_quota,
        ..Config::default()
    })
    .expect("start the emulator")
}

/// The provider block pointing at the emulator.
pub fn provider_config(emulator: &Emulator) -> String {
    provider_block(&format!(
        "  endpoint      = \"{}\"\n  token_url     = \"{}\"\n  client_id     = \"{}\"\n  \
         client_secret = \"{}\"\n",
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
    let ws = Workspace::new();
    configure(&ws, emulator, body);
    ws.init();
    ws
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

/// Runs a future to completion from a synchronous test.
pub fn block_on<F: Future>(future: F) -> F::Output {
    runtime().block_on(future)
}

/// An API client with the organization's credentials (real HTTP to the emulator).
pub fn api(emulator: &Emulator) -> Client {
    Client::new(ClientConfig {
        endpoint: emulator.endpoint(),
        token_url: emulator.token_url(),
        credentials: Credentials::ClientSecret {
            client_id: emulator.org_client_id(),
            client_secret: Secret::new(emulator.org_client_secret()),
        },
        scopes: [
            "tenants.read",
            "tenants.write",
            "tenants.applications.read",
            "tenants.applications.write",
        ]
        .map(String::from)
        .to_vec(),
        request_timeout: Duration::from_secs(10),
        max_retries: 2,
        requests_per_second: None,
        user_agent_suffix: "acceptance-tests".into(),
    })
    .expect("API client")
}

/// A Documents API token for an application, with its secret or its private key.
pub fn data_plane_token(
    token_url: &str,
    client_id: &str,
    secret: Option<&str>,
    private_key_pem: Option<&str>,
    scopes: &[String],
) -> Result<AccessToken, ApiError> {
    let credentials = match (secret, private_key_pem) {
        (Some(secret), _) => Credentials::ClientSecret {
            client_id: client_id.into(),
            client_secret: Secret::new(secret),
        },
        (None, Some(pem)) => Credentials::PrivateKey {
            client_id: client_id.into(),
            private_key_pem: Secret::new(pem),
            key_id: None,
        },
        (None, None) => panic!("an application needs a secret or a key"),
    };
    block_on(request_access_token(
        Duration::from_secs(10),
        token_url,
        &credentials,
        scopes,
    ))
}

/// Requests a token with the credentials of the application at `address` in `show`, panicking with
/// the error unless it works. Key-based applications use `private_key_pem`.
pub fn assert_token_works(show: &Json, address: &str, private_key_pem: Option<&str>) {
    let app = values(show, address);
    let secret = app["client_secret"].as_str();
    // Data-plane scope names drop the control plane's `documents.` prefix.
    let scopes: Vec<String> = sorted(&app["scopes"])
        .iter()
        .map(|s| s.trim_start_matches("documents.").to_string())
        .collect();
    let result = data_plane_token(
        str_of(&app, "token_url"),
        str_of(&app, "client_id"),
        secret,
        private_key_pem,
        &scopes,
    );
    assert!(result.is_ok(), "{address}: no token: {:?}", result.err());
}

/// The string attribute `name` of a resource's values.
pub fn str_of<'a>(values: &'a Json, name: &str) -> &'a str {
    values[name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} is not a string in {values:#}"))
}

/// The resources of `terraform show -json` (state) output, by address.
pub fn resources(show: &Json) -> Vec<Json> {
    show["values"]["root_module"]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The attribute values of the resource at `address`.
pub fn values(show: &Json, address: &str) -> Json {
    resources(show)
        .into_iter()
        .find(|r| r["address"] == address)
        .map(|r| r["values"].clone())
        .unwrap_or_else(|| panic!("no {address} in state: {show:#}"))
}

/// A set attribute as sorted strings.
pub fn sorted(value: &Json) -> Vec<String> {
    let mut items: Vec<String> = value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    items.sort();
    items
}

/// Plans into a file and returns `terraform show -json` of that plan.
pub fn plan_json(ws: &Workspace) -> Json {
    ws.run_ok(&["plan", "-out=tfplan", "-input=false", "-no-color"]);
    let output = ws.run_ok(&["show", "-json", "tfplan"]);
    serde_json::from_slice(&output.stdout).expect("plan JSON")
}

/// The actions planned for `address` (e.g. `["delete", "create"]`), empty when it is absent.
pub fn actions(plan: &Json, address: &str) -> Vec<String> {
    plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["address"] == address)
        .map(|c| {
            c["change"]["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| a.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The attributes Terraform reports as forcing the replacement of `address`.
pub fn replace_paths(plan: &Json, address: &str) -> Vec<String> {
    plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["address"] == address)
        .map(|c| {
            c["change"]["replace_paths"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p[0].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// stdout and stderr of a run, as text.
pub fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Terraform wraps long diagnostics; this joins the lines back for substring checks.
pub fn unwrapped(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}
