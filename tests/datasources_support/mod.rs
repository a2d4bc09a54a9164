//! Test support for the data source, ephemeral and function acceptance tests: an emulator with an
//! API client to seed it, and a Terraform working directory that loads this build of the provider
//! through a `dev_overrides` CLI configuration (no registry, no `terraform init`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use resistant_emulator::{Config, Emulator};
use terraform_provider_resistant::client::{
    Application, ApplicationAuth, Client, ClientConfig, CreateApplication, CreateTenant,
    CreatedApplication, Credentials, IssuedCredentials, Secret, Tenant,
};
use terraform_provider_resistant::provider::catalog::{APPLICATION_SCOPES, CONTROL_PLANE_SCOPES};

const PROVIDER_BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-resistant");

/// A running emulator and an organization client for seeding it.
pub struct Seeded {
    pub emulator: Emulator,
    pub client: Client,
    pub runtime: tokio::runtime::Runtime,
}

impl Seeded {
    pub fn start(config: Config) -> Seeded {
        let emulator = resistant_emulator::spawn(config).expect("emulator starts");
        let client = Client::new(ClientConfig {
            endpoint: emulator.endpoint(),
            token_url: emulator.token_url(),
            credentials: Credentials::ClientSecret {
                client_id: emulator.org_client_id(),
                client_secret: Secret::new(emulator.org_client_secret()),
            },
            scopes: CONTROL_PLANE_SCOPES.iter().map(|s| s.to_string()).collect(),
            request_timeout: Duration::from_secs(10),
            max_retries: 2,
            requests_per_second: None,
            user_agent_suffix: "tests".to_string(),
        })
        .expect("client");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Seeded {
            emulator,
            client,
            runtime,
        }
    }

    pub fn tenant(&self, name: &str, cells: &[&str]) -> Tenant {
        let request = CreateTenant {
            name: name.to_string(),
            cells: Some(cells.iter().map(|c| c.to_string()).collect()),
        };
        self.runtime
            .block_on(self.client.create_tenant(&request))
            .expect("create tenant")
    }

    pub fn application(&self, tenant: &Tenant, cell: &str, auth: ApplicationAuth) -> Application {
        self.create_application(tenant, cell, auth).application
    }

    /// An application with a client secret: the application and its secret.
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
        self.runtime
            .block_on(self.client.create_application(&tenant.id, &request))
            .expect("create application")
    }

    /// The provider block for this emulator.
    pub fn provider_block(&self) -> String {
        format!(
            r#"provider "resistant" {{
  endpoint      = "{}"
  token_url     = "{}"
  client_id     = "{}"
  client_secret = "{}"
}}
"#,
            self.emulator.endpoint(),
            self.emulator.token_url(),
            self.emulator.org_client_id(),
            self.emulator.org_client_secret()
        )
    }
}

/// The `terraform` block every configuration starts with.
pub const REQUIRED_PROVIDERS: &str = r#"terraform {
  required_providers {
    resistant = { source = "resistant-ai/resistant" }
  }
}
"#;

/// A Terraform working directory in a temporary directory.
pub struct Workspace {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

/// What a run printed.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Both streams, with Terraform's line wrapping undone, for matching messages.
    pub fn text(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Workspace {
    pub fn new(main_tf: &str) -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        let plugins = Path::new(PROVIDER_BINARY)
            .parent()
            .expect("binary directory")
            .to_path_buf();
        std::fs::write(
            dir.path().join("cli.tfrc"),
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"resistant-ai/resistant\" = {:?}\n  }}\n  direct {{}}\n}}\n",
                plugins
            ),
        )
        .expect("write cli config");
        let workspace = Workspace {
            dir,
            env: Vec::new(),
        };
        workspace.write(main_tf);
        workspace
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Sets an environment variable for every later run (e.g. `TF_VAR_...`).
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.push((key.to_string(), value.to_string()));
    }

    /// Replaces the configuration.
    pub fn write(&self, main_tf: &str) {
        std::fs::write(self.file("main.tf"), main_tf).expect("write main.tf");
    }

    /// Runs terraform with `args` (plus `-no-color`, `-input=false` where they apply).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new("terraform");
        command
            .args(args)
            .current_dir(self.path())
            .env("TF_CLI_CONFIG_FILE", self.file("cli.tfrc"))
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_LOG")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        Run::from(command.output().expect("terraform runs"))
    }

    pub fn apply(&self) -> Run {
        self.run(&["apply", "-auto-approve", "-input=false", "-no-color"])
    }

    pub fn plan(&self) -> Run {
        self.run(&["plan", "-input=false", "-no-color"])
    }

    /// Applies and panics with Terraform's output when it fails.
    pub fn apply_ok(&self) -> Run {
        let run = self.apply();
        assert!(run.success, "apply failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// The root module's outputs as JSON (`terraform output -json`).
    pub fn outputs(&self) -> serde_json::Value {
        let run = self.run(&["output", "-json", "-no-color"]);
        assert!(run.success, "output failed: {}", run.stderr);
        let all: serde_json::Value = serde_json::from_str(&run.stdout).expect("output JSON");
        let map = all.as_object().expect("outputs object");
        serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect(),
        )
    }

    /// `terraform show -json` of the state, as text.
    pub fn show_json(&self) -> String {
        let run = self.run(&["show", "-json", "-no-color"]);
        assert!(run.success, "show failed: {}", run.stderr);
        run.stdout
    }

    /// The state file's text.
    pub fn state_text(&self) -> String {
        std::fs::read_to_string(self.file("terraform.tfstate")).expect("state file")
    }
}
