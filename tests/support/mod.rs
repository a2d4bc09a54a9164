//! The one support tree shared by the integration tests. Every test file that needs it includes it
//! with `mod support;`; each test binary compiles it separately and uses only part of it, hence the
//! `allow(dead_code)` below.
//!
//! - this module: the harness for the real `terraform` binary. Once per test binary the provider
//!   executable is placed in a filesystem mirror in a temporary directory, with a CLI configuration
//!   file that installs `resistant-ai/resistant` from there and never from the network. Each
//!   [`Workspace`] is a temporary working directory; its commands run with that configuration,
//!   `CHECKPOINT_DISABLE=1`, `TF_IN_AUTOMATION=1` and no inherited `TF_*` or `RESISTANT_*`
//!   variables, and failures show terraform's stdout and stderr.
//!   [`workspace`] gives one whose provider block points at an emulator.
//! - [`emulator`]: starting the emulator, API clients for it, and seeding it.
//! - [`tokens`]: data-plane tokens for applications, proving their credentials work.
//! - [`state`]: reading `terraform show -json` (state and plans) and outputs.
//! - [`diagnostics`]: reading terraform's error output and `terraform validate -json`.
//! - [`markdown`]: the Terraform code blocks of Markdown documents.
//!
//! ```ignore
//! mod support;
//! let ws = support::Workspace::new();
//! ws.write_file("main.tf", &support::provider_block("endpoint = \"http://127.0.0.1:1/v0\""));
//! ws.init();
//! ```

#![allow(dead_code)]

pub mod diagnostics;
pub mod emulator;
pub mod markdown;
pub mod state;
pub mod tokens;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
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

/// The shared mirror and CLI configuration.
pub struct Mirror {
    _root: tempfile::TempDir,
    /// The `TF_CLI_CONFIG_FILE` to use.
    pub cli_config: PathBuf,
    /// Used as `HOME` for terraform, so no user configuration leaks in.
    pub home: PathBuf,
}

fn platform() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("{os}_{arch}")
}

/// The mirror, built on first use.
pub fn mirror() -> &'static Mirror {
    static MIRROR: OnceLock<Mirror> = OnceLock::new();
    MIRROR.get_or_init(|| {
        let root = tempfile::tempdir().expect("mirror temp dir");
        let mirror_dir = root.path().join("mirror");
        let package = mirror_dir
            .join(SOURCE)
            .join(VERSION)
            .join(platform());
        std::fs::create_dir_all(&package).expect("mirror package dir");
        let target = package.join(format!("terraform-provider-resistant_v{VERSION}"));
        if std::fs::hard_link(PROVIDER_BINARY, &target).is_err() {
            std::fs::copy(PROVIDER_BINARY, &target).expect("copy provider into mirror");
        }
        let home = root.path().join("home");
        std::fs::create_dir_all(&home).expect("home dir");
        let cli_config = root.path().join("terraform.rc");
        let mirror_text = mirror_dir.display().to_string().replace('\\', "/");
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{mirror_text}\"\n    \
                 include = [\"{SOURCE}\"]\n  }}\n  direct {{\n    exclude = [\"{SOURCE}\"]\n  }}\n}}\n"
            ),
        )
        .expect("write CLI config");
        Mirror {
            _root: root,
            cli_config,
            home,
        }
    })
}

/// A `terraform { required_providers }` block plus a provider block with the given body.
pub fn provider_block(body: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    resistant = {{\n      source  = \"resistant-ai/resistant\"\n      \
         version = \"{VERSION}\"\n    }}\n  }}\n}}\n\nprovider \"resistant\" {{\n{body}\n}}\n"
    )
}

/// A terraform working directory.
pub struct Workspace {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

/// Renders a command's output for failure messages.
pub fn describe(output: &Output) -> String {
    format!(
        "exit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("workspace temp dir"),
            env: Vec::new(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// An environment variable for every later command of this workspace.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.push((key.to_string(), value.to_string()));
    }

    pub fn write_file(&self, name: &str, text: &str) {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dir");
        }
        std::fs::write(&path, text).expect("write file");
    }

    pub fn read_file(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).expect("read file")
    }

    /// The 1-based number of the first line of `main.tf` holding `needle` (to match the source
    /// references in terraform's diagnostics).
    pub fn line_of(&self, needle: &str) -> u64 {
        let index = self
            .read_file("main.tf")
            .lines()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} is not in main.tf"));
        index as u64 + 1
    }

    fn command(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Command {
        let mirror = mirror();
        let mut command = Command::new("terraform");
        command.args(args).current_dir(self.path());
        for (key, _) in std::env::vars() {
            if key.starts_with("TF_")
                || key.starts_with("RESISTANT_")
                || key == "CHECKPOINT_DISABLE"
            {
                command.env_remove(key);
            }
        }
        command
            .env("TF_CLI_CONFIG_FILE", &mirror.cli_config)
            .env("HOME", &mirror.home)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        for (key, value) in extra_env {
            command.env(key, value);
        }
        command
    }

    /// Runs `terraform <args>` with this workspace's environment plus `extra_env`.
    pub fn run_with_env(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
        self.command(args, extra_env)
            .output()
            .expect("run terraform (is it on PATH?)")
    }

    /// Starts `terraform <args>` without waiting, its output captured (for interrupting it).
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.command(args, &[])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start terraform (is it on PATH?)")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[])
    }

    /// Runs and panics with the full output unless terraform succeeded.
    pub fn run_ok(&self, args: &[&str]) -> Output {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "terraform {} failed\n{}",
            args.join(" "),
            describe(&output)
        );
        output
    }

    pub fn init(&self) -> Output {
        self.run_ok(&["init", "-input=false", "-no-color"])
    }

    pub fn apply(&self) -> Output {
        self.run_ok(&["apply", "-auto-approve", "-input=false", "-no-color"])
    }

    pub fn destroy(&self) -> Output {
        self.run_ok(&["destroy", "-auto-approve", "-input=false", "-no-color"])
    }

    /// Runs and panics with the full output if terraform unexpectedly succeeded.
    pub fn run_fails(&self, args: &[&str]) -> Output {
        let output = self.run(args);
        assert!(
            !output.status.success(),
            "terraform {} should have failed\n{}",
            args.join(" "),
            describe(&output)
        );
        output
    }

    /// `terraform import ADDRESS ID`.
    pub fn import(&self, address: &str, id: &str) -> Output {
        self.run_ok(&["import", "-input=false", "-no-color", address, id])
    }

    /// Whether `terraform plan` proposes no changes (panics when planning fails).
    pub fn plan_is_empty(&self) -> bool {
        let output = self.run(&["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
        match output.status.code() {
            Some(0) => true,
            Some(2) => false,
            _ => panic!("terraform plan failed\n{}", describe(&output)),
        }
    }

    fn json_of(&self, args: &[&str]) -> serde_json::Value {
        let output = self.run_ok(args);
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "terraform {} printed no JSON: {error}\n{}",
                args.join(" "),
                describe(&output)
            )
        })
    }

    /// `terraform show -json`.
    pub fn show_json(&self) -> serde_json::Value {
        self.json_of(&["show", "-json", "-no-color"])
    }

    /// The raw state file (`terraform state pull`).
    pub fn state_json(&self) -> serde_json::Value {
        self.json_of(&["state", "pull"])
    }

    /// `terraform validate -json` (whose exit status is not checked: errors are the point).
    pub fn validate_json(&self) -> serde_json::Value {
        let output = self.run(&["validate", "-json", "-no-color"]);
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "terraform validate printed no JSON: {error}\n{}",
                describe(&output)
            )
        })
    }
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
    let ws = Workspace::new();
    configure(&ws, emulator, body);
    ws.init();
    ws
}
