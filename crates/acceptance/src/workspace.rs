//! A terraform working directory: a temporary directory whose commands run with the mirror's CLI
//! configuration, `CHECKPOINT_DISABLE=1`, `TF_IN_AUTOMATION=1`, no inherited `TF_*` variables (nor
//! the provider's own, see [`Mirror::scrubbing`]), and failures that show terraform's output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::mirror::Mirror;
use crate::terraform;

/// A terraform working directory whose commands install providers from `mirror` only.
pub struct Workspace {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
    mirror: &'static Mirror,
    terraform: PathBuf,
}

/// A command interrupted as Ctrl-C would: what it printed, and how long it took to exit after
/// the interrupt.
pub struct Interrupted {
    /// The command's output and exit status.
    pub output: Output,
    /// The time from the interrupt to its exit.
    pub took: Duration,
}

impl Interrupted {
    /// Asserts that terraform failed and exited within `limit` of the interrupt; answers what it
    /// printed, as one text with wrapped lines joined (see [`crate::diagnostics::unwrapped`]).
    pub fn failed_within(&self, limit: Duration) -> String {
        let said = crate::diagnostics::unwrapped(&crate::diagnostics::text(&self.output));
        assert!(
            self.took < limit,
            "terraform took {:?} to exit after Ctrl-C\n{said}",
            self.took
        );
        assert!(!self.output.status.success(), "{said}");
        said
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
    /// An empty working directory (removed when dropped) installing providers from `mirror`.
    /// It runs the default terraform ([`terraform::default_terraform`]).
    pub fn new(mirror: &'static Mirror) -> Self {
        Self::with_terraform(mirror, terraform::default_terraform())
    }

    /// An empty working directory running the given terraform executable.
    pub fn with_terraform(mirror: &'static Mirror, terraform: PathBuf) -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("workspace temp dir"),
            env: Vec::new(),
            mirror,
            terraform,
        }
    }

    /// A working directory running Terraform 1.15 (`TF_ACC_TERRAFORM_1_15`), or `None` when the
    /// test `test` is to be skipped (see [`terraform::terraform_1_15`]).
    pub fn terraform_1_15(mirror: &'static Mirror, test: &str) -> Option<Self> {
        terraform::terraform_1_15(test).map(|path| Self::with_terraform(mirror, path))
    }

    /// The terraform executable this workspace runs.
    pub fn terraform(&self) -> &Path {
        &self.terraform
    }

    /// The mirror this workspace installs from.
    pub fn mirror(&self) -> &'static Mirror {
        self.mirror
    }

    /// The directory terraform runs in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// An environment variable for every later command of this workspace.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.push((key.to_string(), value.to_string()));
    }

    /// Writes `text` to `name` (a path relative to the workspace; parents are created).
    pub fn write_file(&self, name: &str, text: &str) {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dir");
        }
        std::fs::write(&path, text).expect("write file");
    }

    /// The text of `name`, relative to the workspace (panics when it cannot be read).
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
        let mirror = self.mirror;
        let mut command = Command::new(&self.terraform);
        command.args(args).current_dir(self.path());
        for (key, _) in std::env::vars() {
            if key.starts_with("TF_")
                || key == "CHECKPOINT_DISABLE"
                || mirror
                    .scrubbed
                    .iter()
                    .any(|prefix| key.starts_with(prefix.as_str()))
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
            .unwrap_or_else(|e| panic!("run {} (is it on PATH?): {e}", self.terraform.display()))
    }

    /// Starts `terraform <args>` without waiting, its output captured (for interrupting it).
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.command(args, &[])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {} (is it on PATH?): {e}", self.terraform.display()))
    }

    /// Starts `terraform <args>`, sends it SIGINT (what Ctrl-C sends) after `after`, and waits
    /// for it to exit. Terraform then asks its providers to stop (`StopProvider`).
    #[cfg(unix)]
    pub fn interrupt_after(&self, args: &[&str], after: Duration) -> Interrupted {
        let child = self.spawn(args);
        std::thread::sleep(after);
        let interrupted = Instant::now();
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -INT {} failed", child.id());
        let output = child.wait_with_output().expect("terraform exits");
        Interrupted {
            output,
            took: interrupted.elapsed(),
        }
    }

    /// `terraform apply -auto-approve` without a refresh (so the slow requests are the changes'
    /// own, not the plan's reads), interrupted after `after`.
    #[cfg(unix)]
    pub fn interrupt_apply_after(&self, after: Duration) -> Interrupted {
        let apply = [
            "apply",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-refresh=false",
        ];
        self.interrupt_after(&apply, after)
    }

    /// Runs `terraform <args>` and returns its output, whatever its exit status.
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

    /// `terraform init`, which must succeed.
    pub fn init(&self) -> Output {
        self.run_ok(&["init", "-input=false", "-no-color"])
    }

    /// `terraform apply -auto-approve`, which must succeed.
    pub fn apply(&self) -> Output {
        self.run_ok(&["apply", "-auto-approve", "-input=false", "-no-color"])
    }

    /// `terraform destroy -auto-approve`, which must succeed.
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

    /// `terraform import ADDRESS ID`, which must succeed.
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
