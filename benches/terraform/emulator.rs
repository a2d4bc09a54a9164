//! The Resistant emulator as its own process (the release binary): started on a free loopback
//! port, its request counters read from `GET /_emulator/stats`, stopped when dropped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{anyhow, Context};

/// The organization credentials the emulator is started with.
pub const CLIENT_ID: &str = "bench";
pub const CLIENT_SECRET: &str = "bench-secret";

/// A running emulator process.
pub struct EmulatorProcess {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

/// Requests by `"<METHOD> <route>"`.
pub type Counts = BTreeMap<String, u64>;

impl EmulatorProcess {
    /// Starts `binary` with room for `tenants` tenants and waits for the address it prints.
    pub fn start(binary: &Path, tenants: usize) -> anyhow::Result<EmulatorProcess> {
        Self::start_with(binary, tenants, &[])
    }

    /// [`start`](Self::start) with more flags (e.g. `--rate-limit 20`).
    pub fn start_with(
        binary: &Path,
        tenants: usize,
        flags: &[&str],
    ) -> anyhow::Result<EmulatorProcess> {
        let mut child = Command::new(binary)
            .args(flags)
            .args(["--listen", "127.0.0.1:0", "--org-client-id", CLIENT_ID])
            .args(["--org-client-secret", CLIENT_SECRET])
            .args(["--tenant-quota", &tenants.to_string()])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start the emulator {}", binary.display()))?;
        let stdout = child.stdout.take().context("emulator stdout")?;
        let mut reader = BufReader::new(stdout);
        let mut first = String::new();
        reader
            .read_line(&mut first)
            .context("reading the emulator's address")?;
        // The emulator prints more start-up lines and stops when it cannot: keep reading them.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let addr = first.trim();
        if addr.is_empty() {
            let _ = child.kill();
            return Err(anyhow!("the emulator exited before printing its address"));
        }
        Ok(EmulatorProcess {
            child,
            base: format!("http://{addr}"),
        })
    }

    /// The emulator's process id (for its CPU time).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn endpoint(&self) -> String {
        format!("{}/v0", self.base)
    }

    pub fn token_url(&self) -> String {
        format!("{}/oauth2/tenants/v1/token", self.base)
    }

    /// Every request received since start: those that reached a route and those answered by an
    /// injected fault (the 429s of `--rate-limit`).
    pub async fn received(&self, http: &reqwest::Client) -> anyhow::Result<u64> {
        let body: serde_json::Value = http
            .get(format!("{}/_emulator/stats", self.base))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let faults = body
            .get("faults_injected")
            .and_then(|n| n.as_u64())
            .context("GET /_emulator/stats has no \"faults_injected\"")?;
        Ok(self.stats(http).await?.values().sum::<u64>() + faults)
    }

    /// Microseconds spent in each route's handler since start (`micros` of the stats).
    pub async fn handler_micros(&self, http: &reqwest::Client) -> anyhow::Result<Counts> {
        self.per_route(http, "micros").await
    }

    /// The counters since start, without the `/_emulator/` routes themselves.
    pub async fn stats(&self, http: &reqwest::Client) -> anyhow::Result<Counts> {
        self.per_route(http, "requests").await
    }

    /// One per-route object of `GET /_emulator/stats` (`requests` or `micros`), without the
    /// `/_emulator/` routes themselves.
    async fn per_route(&self, http: &reqwest::Client, key: &str) -> anyhow::Result<Counts> {
        let body: serde_json::Value = http
            .get(format!("{}/_emulator/stats", self.base))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let routes = body
            .get(key)
            .and_then(|r| r.as_object())
            .with_context(|| format!("GET /_emulator/stats has no {key:?} object"))?;
        Ok(routes
            .iter()
            .filter(|(route, _)| !route.contains(" /_emulator/"))
            .map(|(route, n)| (route.clone(), n.as_u64().unwrap_or(0)))
            .collect())
    }
}

/// What was served between two snapshots, by route (routes with no new requests left out).
pub fn difference(before: &Counts, after: &Counts) -> Counts {
    after
        .iter()
        .map(|(route, n)| {
            (
                route.clone(),
                n.saturating_sub(before.get(route).copied().unwrap_or(0)),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
