//! Emulator throughput: `GET /v0/tenants/{id}` of one tenant from a fixed number of keep-alive
//! loopback connections, each sending its next request when the previous answer is read (a
//! bounded load), for a fixed number of requests per window; the median window is reported.

use std::time::Instant;

use anyhow::Context;

use crate::emulator::{EmulatorProcess, CLIENT_ID, CLIENT_SECRET};

/// Concurrent connections, one request in flight on each.
pub const CONNECTIONS: usize = 4;
/// Requests per timed window (and a tenth of that as warm-up).
pub const REQUESTS: usize = 8_000;
pub const WINDOWS: usize = 3;

/// An organization token with the control-plane scopes.
async fn token(http: &reqwest::Client, emu: &EmulatorProcess) -> anyhow::Result<String> {
    let body: serde_json::Value = http
        .post(emu.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("scope", "tenants.read tenants.write"),
        ])
        .send()
        .await?
        .error_for_status()
        .context("the emulator refused the benchmark's token request")?
        .json()
        .await?;
    body["access_token"]
        .as_str()
        .map(str::to_string)
        .context("the token answer has no access_token")
}

/// `requests` GETs of `url` spread over [`CONNECTIONS`] tasks; requests per second.
async fn window(
    http: &reqwest::Client,
    url: &str,
    bearer: &str,
    requests: usize,
) -> anyhow::Result<f64> {
    let per_task = requests / CONNECTIONS;
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONNECTIONS {
        let (http, url, bearer) = (http.clone(), url.to_string(), bearer.to_string());
        tasks.spawn(async move {
            for _ in 0..per_task {
                let answer = http.get(&url).bearer_auth(&bearer).send().await?;
                let status = answer.status();
                answer.bytes().await?;
                anyhow::ensure!(status.is_success(), "GET {url} answered {status}");
            }
            Ok::<_, anyhow::Error>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok((per_task * CONNECTIONS) as f64 / start.elapsed().as_secs_f64())
}

/// What the windows measured.
pub struct Load {
    /// Requests per second of each window.
    pub rates: Vec<f64>,
    /// The emulator's CPU time (user + system) per request over all windows, in microseconds: how
    /// many requests one core could serve, whatever else the machine is doing.
    pub emulator_cpu_us: f64,
}

/// The requests per second of each window, after a warm-up.
pub async fn measure(emu: &EmulatorProcess) -> anyhow::Result<Load> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()?;
    let bearer = token(&http, emu).await?;
    let created: serde_json::Value = http
        .post(format!("{}/tenants", emu.endpoint()))
        .bearer_auth(&bearer)
        .json(&serde_json::json!({ "name": "benchload" }))
        .send()
        .await?
        .error_for_status()
        .context("creating the load test's tenant")?
        .json()
        .await?;
    let id = created["id"]
        .as_str()
        .context("the created tenant has no id")?;
    let url = format!("{}/tenants/{id}", emu.endpoint());
    window(&http, &url, &bearer, REQUESTS / 10).await?;
    let mut rates = Vec::with_capacity(WINDOWS);
    let cpu_before = crate::rss::process_cpu_secs(emu.pid())?;
    for _ in 0..WINDOWS {
        rates.push(window(&http, &url, &bearer, REQUESTS).await?);
    }
    let cpu = crate::rss::process_cpu_secs(emu.pid())? - cpu_before;
    let served = (REQUESTS / CONNECTIONS * CONNECTIONS * WINDOWS) as f64;
    http.delete(&url)
        .bearer_auth(&bearer)
        .send()
        .await?
        .error_for_status()
        .context("deleting the load test's tenant")?;
    Ok(Load {
        rates,
        emulator_cpu_us: cpu / served * 1e6,
    })
}
