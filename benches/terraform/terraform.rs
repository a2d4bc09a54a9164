//! A terraform working directory for one scenario: `init` once from the mirror, then timed
//! `apply`, `plan` and `destroy`, offline (`CHECKPOINT_DISABLE=1`, the mirror's CLI configuration,
//! no inherited `TF_*` variables), with terraform's output shown when a command fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use tf_acceptance::Mirror;

/// One initialized working directory.
pub struct WorkDir {
    dir: PathBuf,
    cli_config: PathBuf,
    home: PathBuf,
    /// When set, every command runs under GNU time, which appends its usage to this log.
    accounting: Option<PathBuf>,
    /// More environment for terraform and the providers it starts.
    env: Vec<(String, PathBuf)>,
}

/// Whether a plan found nothing to do.
pub struct PlanOutcome {
    pub took: Duration,
    pub empty: bool,
}

fn tail(output: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

impl WorkDir {
    /// Writes `config` as `main.tf` in `dir` and runs `terraform init` against `mirror`.
    pub fn init(dir: &Path, mirror: &Mirror, config: &str) -> anyhow::Result<WorkDir> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("main.tf"), config)?;
        let work = WorkDir {
            dir: dir.to_path_buf(),
            cli_config: mirror.cli_config.clone(),
            home: mirror.home.clone(),
            accounting: None,
            env: Vec::new(),
        };
        work.run(&["init", "-input=false", "-no-color"])?;
        Ok(work)
    }

    /// The same directory, its later commands run under GNU time logging to `log`
    /// (see [`crate::rss::usages`]).
    pub fn accounted(mut self, log: PathBuf) -> WorkDir {
        self.accounting = Some(log);
        self
    }

    /// The same directory, its later commands run with `key` set to `value`.
    pub fn with_env(mut self, key: &str, value: PathBuf) -> WorkDir {
        self.env.push((key.to_string(), value));
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = match &self.accounting {
            None => Command::new("terraform"),
            Some(log) => {
                let mut command = Command::new(crate::rss::GNU_TIME);
                command
                    .args(["-f", crate::rss::FORMAT, "-a", "-o"])
                    .arg(log)
                    .arg("terraform");
                command
            }
        };
        command.args(args).current_dir(&self.dir);
        for (key, _) in std::env::vars() {
            if key.starts_with("TF_") || key.starts_with("RESISTANT_") {
                command.env_remove(key);
            }
        }
        command
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("HOME", &self.home)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null());
        command
    }

    /// Runs terraform with `args`; fails with its output when it fails.
    fn run(&self, args: &[&str]) -> anyhow::Result<Duration> {
        let start = Instant::now();
        let output = self
            .command(args)
            .output()
            .context("cannot run terraform (is it on the PATH?)")?;
        let took = start.elapsed();
        if !output.status.success() {
            bail!(
                "terraform {} in {} failed ({}):\n{}",
                args.join(" "),
                self.dir.display(),
                output.status,
                tail(&output)
            );
        }
        Ok(took)
    }

    pub fn apply(&self) -> anyhow::Result<Duration> {
        self.run(&["apply", "-auto-approve", "-input=false", "-no-color"])
    }

    pub fn destroy(&self) -> anyhow::Result<Duration> {
        self.run(&["destroy", "-auto-approve", "-input=false", "-no-color"])
    }

    /// `terraform plan -detailed-exitcode`: exit 0 is an empty plan, 2 a plan with changes.
    pub fn plan(&self) -> anyhow::Result<PlanOutcome> {
        let args = [
            "plan",
            "-input=false",
            "-no-color",
            "-lock=false",
            "-detailed-exitcode",
        ];
        let start = Instant::now();
        let output = self
            .command(&args)
            .output()
            .context("cannot run terraform")?;
        let took = start.elapsed();
        match output.status.code() {
            Some(0) => Ok(PlanOutcome { took, empty: true }),
            Some(2) => Ok(PlanOutcome { took, empty: false }),
            _ => bail!(
                "terraform plan in {} failed ({}):\n{}",
                self.dir.display(),
                output.status,
                tail(&output)
            ),
        }
    }
}
