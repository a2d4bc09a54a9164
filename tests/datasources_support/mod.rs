//! What the data source, ephemeral resource and function acceptance tests add to the shared
//! harness (`support`, `support/resistant.rs`): seeding the emulator's organization through the API
//! client, and reading outputs. Include after `mod support;` and `mod resistant;`.

#![allow(dead_code)]

use resistant_emulator::{Config, Emulator};
use serde_json::Value as Json;
use terraform_provider_resistant::client::{
    Application, ApplicationAuth, Client, CreateApplication, CreateTenant, CreatedApplication,
    IssuedCredentials, Tenant,
};
use terraform_provider_resistant::provider::catalog::APPLICATION_SCOPES;

use super::resistant::{api, block_on};
use super::support::Workspace;

/// An emulator and an organization client to seed it with.
pub struct Org {
    pub emulator: Emulator,
    pub client: Client,
}

impl Org {
    pub fn start(config: Config) -> Org {
        let emulator = resistant_emulator::spawn(config).expect("start the emulator");
        let client = api(&emulator);
        Org { emulator, client }
    }

    pub fn tenant(&self, name: &str, cells: &[&str]) -> Tenant {
        let request = CreateTenant {
            name: name.to_string(),
            cells: Some(cells.iter().map(|c| c.to_string()).collect()),
        };
        block_on(self.client.create_tenant(&request)).expect("create tenant")
    }

    /// An application authenticating with a key.
    pub fn application(&self, tenant: &Tenant, cell: &str, auth: ApplicationAuth) -> Application {
        self.create_application(tenant, cell, auth).application
    }

    /// An application with a client secret, and the secret.
    pub fn secret_application(&self, tenant: &Tenant, cell: &str) -> (Application, String) {
        let created = self.create_application(tenant, cell, ApplicationAuth::ClientSecret);
        let IssuedCredentials::ClientSecret(secret) = created.credentials else {
            panic!("a client secret application got no secret");
        };
        (created.application, secret.expose().to_string())
    }

    fn create_application(
        &self,
        tenant: &Tenant,
        cell: &str,
        auth: ApplicationAuth,
    ) -> CreatedApplication {
        let request = CreateApplication {
            cell: cell.to_string(),
            scopes: APPLICATION_SCOPES.iter().map(|s| s.to_string()).collect(),
            auth,
        };
        block_on(self.client.create_application(&tenant.id, &request)).expect("create application")
    }
}

/// The root module's output values (`terraform output -json`), by name.
pub fn outputs(ws: &Workspace) -> Json {
    let output = ws.run_ok(&["output", "-json", "-no-color"]);
    let all: Json = serde_json::from_slice(&output.stdout).expect("output JSON");
    let map = all.as_object().expect("outputs object");
    Json::Object(
        map.iter()
            .map(|(name, output)| (name.clone(), output["value"].clone()))
            .collect(),
    )
}

/// Runs `terraform plan` expecting failure; the output with Terraform's wrapping undone.
pub fn plan_fails(ws: &Workspace) -> String {
    let output = ws.run_fails(&["plan", "-input=false", "-no-color"]);
    super::resistant::unwrapped(&super::resistant::text(&output))
}

/// Asserts that every expected piece appears in `text`.
pub fn assert_mentions(text: &str, expected: &[&str]) {
    for piece in expected {
        assert!(text.contains(piece), "missing {piece:?} in:\n{text}");
    }
}

/// The 1-based line of `main.tf` holding `needle` (for matching Terraform's source references).
pub fn line_of(ws: &Workspace, needle: &str) -> usize {
    ws.read_file("main.tf")
        .lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
        .unwrap_or_else(|| panic!("{needle:?} is not in main.tf"))
}
