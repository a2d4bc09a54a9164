//! Benchmark of the API client against the emulator on loopback: get_tenant latency with the token
//! cached, requests per second with 1 and 8 concurrent tasks (CPU-bound, and with a server-side
//! delay so that the tasks' waits can overlap), the number of organization token
//! requests (one for the whole run), and creating and deleting 50 tenants end to end.

#[path = "../crates/plugin-protocol/benches/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use anyhow::Context;
use resistant_emulator::{Config, Emulator, Faults};
use support::{percentile_us, ratio, target};
use terraform_provider_resistant::client::{
    Client, ClientConfig, CreateTenant, Credentials, Secret, Stop, DEFAULT_OPERATION_TIMEOUT,
};
use tokio::task::JoinSet;

/// Sequential calls timed one by one for the latency percentiles.
const LATENCY_CALLS: usize = 1_000;
/// Calls per throughput run, split evenly over the tasks.
const THROUGHPUT_CALLS: usize = 1_000;
const TASKS: usize = 8;
const TENANTS: usize = 50;

const P50_MAX_US: f64 = 500.0;
const P99_MAX_US: f64 = 5_000.0;
/// With the server busy on the CPU the gain is bounded by free cores; it must at least not drop.
const CPU_BOUND_MIN_GAIN: f64 = 1.0;
/// Server-side delay for the latency-bound run, where tasks should overlap their waits.
const SERVER_DELAY_MS: u64 = 5;
const DELAYED_CALLS: usize = 200;
const LATENCY_BOUND_MIN_GAIN: f64 = 4.0;
const TENANTS_MAX_SECS: f64 = 1.0;

fn client_config(emu: &Emulator) -> ClientConfig {
    ClientConfig {
        endpoint: emu.endpoint(),
        token_url: emu.token_url(),
        credentials: Credentials::ClientSecret {
            client_id: emu.org_client_id(),
            client_secret: Secret::new(emu.org_client_secret()),
        },
        scopes: ["tenants.read", "tenants.write"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        request_timeout: Duration::from_secs(10),
        operation_timeout: DEFAULT_OPERATION_TIMEOUT,
        max_retries: 0,
        requests_per_second: None,
        user_agent_suffix: "bench".into(),
        stop: Stop::default(),
        lock_dir: terraform_provider_resistant::client::default_lock_dir(),
    }
}

fn tenant(name: String) -> CreateTenant {
    CreateTenant { name, cells: None }
}

/// `calls` get_tenant calls spread over `tasks` tasks; answers requests per second.
async fn throughput(client: &Client, id: &str, tasks: usize, calls: usize) -> anyhow::Result<f64> {
    let per_task = calls / tasks;
    let start = Instant::now();
    let mut set = JoinSet::new();
    for _ in 0..tasks {
        let (client, id) = (client.clone(), id.to_string());
        set.spawn(async move {
            for _ in 0..per_task {
                client.get_tenant(&id).await?;
            }
            Ok::<_, anyhow::Error>(())
        });
    }
    while let Some(done) = set.join_next().await {
        done??;
    }
    let rate = (per_task * tasks) as f64 / start.elapsed().as_secs_f64();
    println!("get_tenant with {tasks} task(s): {rate:.0} requests/s");
    Ok(rate)
}

async fn run(emu: &Emulator, client: Client) -> anyhow::Result<Vec<bool>> {
    let mut checks = Vec::new();
    let probe = client
        .create_tenant(&tenant("benchprobe".into()))
        .await
        .context("creating the probe tenant")?;
    for _ in 0..50 {
        client.get_tenant(&probe.id).await?;
    }

    let mut samples = Vec::with_capacity(LATENCY_CALLS);
    for _ in 0..LATENCY_CALLS {
        let start = Instant::now();
        client.get_tenant(&probe.id).await?;
        samples.push(start.elapsed());
    }
    let (p50, p99) = (percentile_us(&samples, 50.0), percentile_us(&samples, 99.0));
    println!("get_tenant latency ({LATENCY_CALLS} calls): p50 {p50:.0} µs, p99 {p99:.0} µs");
    checks.push(target(
        "get_tenant p50",
        &format!("{p50:.0} µs"),
        &format!("< {P50_MAX_US} µs"),
        p50 < P50_MAX_US,
    ));
    checks.push(target(
        "get_tenant p99",
        &format!("{p99:.0} µs"),
        &format!("< {P99_MAX_US} µs"),
        p99 < P99_MAX_US,
    ));

    let one = throughput(&client, &probe.id, 1, THROUGHPUT_CALLS).await?;
    let many = throughput(&client, &probe.id, TASKS, THROUGHPUT_CALLS).await?;
    let gain = ratio(&format!("requests/s {TASKS} tasks / 1 task"), many, one);
    checks.push(target(
        &format!("{TASKS}-task speed-up, CPU-bound"),
        &format!("{gain:.2}x"),
        &format!(">= {CPU_BOUND_MIN_GAIN}x"),
        gain >= CPU_BOUND_MIN_GAIN,
    ));

    println!("with {SERVER_DELAY_MS} ms added by the server to every API request:");
    emu.set_faults(Faults {
        latency_ms: SERVER_DELAY_MS,
        ..Faults::default()
    });
    let one = throughput(&client, &probe.id, 1, DELAYED_CALLS).await?;
    let many = throughput(&client, &probe.id, TASKS, DELAYED_CALLS).await?;
    emu.set_faults(Faults::default());
    let gain = ratio(
        &format!("requests/s {TASKS} tasks / 1 task, latency-bound"),
        many,
        one,
    );
    checks.push(target(
        &format!("{TASKS}-task speed-up, latency-bound"),
        &format!("{gain:.2}x"),
        &format!(">= {LATENCY_BOUND_MIN_GAIN}x"),
        gain >= LATENCY_BOUND_MIN_GAIN,
    ));

    let start = Instant::now();
    let mut ids = Vec::with_capacity(TENANTS);
    for i in 0..TENANTS {
        let created = client
            .create_tenant(&tenant(format!("bench{i:03}")))
            .await?;
        ids.push(created.id);
    }
    let created_in = start.elapsed();
    for id in &ids {
        client.delete_tenant(id).await?;
    }
    let total = start.elapsed().as_secs_f64();
    println!(
        "create {TENANTS} tenants: {:.1} ms/tenant; delete: {:.1} ms/tenant; total {total:.2} s",
        created_in.as_secs_f64() * 1e3 / TENANTS as f64,
        (total - created_in.as_secs_f64()) * 1e3 / TENANTS as f64,
    );
    checks.push(target(
        &format!("create+delete {TENANTS} tenants"),
        &format!("{total:.2} s"),
        &format!("< {TENANTS_MAX_SECS} s"),
        total < TENANTS_MAX_SECS,
    ));
    let left = client.list_tenants().await?.len();
    checks.push(target(
        "tenants left after the deletes",
        &left.to_string(),
        "1 (the probe)",
        left == 1,
    ));
    client.delete_tenant(&probe.id).await?;

    let stats = emu.stats();
    println!(
        "emulator counted {} API requests, {} organization token requests",
        stats.api_requests, stats.org_token_requests
    );
    checks.push(target(
        "organization token requests",
        &stats.org_token_requests.to_string(),
        "== 1",
        stats.org_token_requests == 1,
    ));
    Ok(checks)
}

fn main() -> anyhow::Result<()> {
    if !support::invoked_as_bench() {
        return Ok(());
    }
    support::banner("API client against the emulator");
    let emu = resistant_emulator::spawn(Config {
        tenant_quota: (TENANTS + 10) as u32,
        ..Config::default()
    })?;
    let client = Client::new(client_config(&emu))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let checks = runtime.block_on(run(&emu, client))?;
    support::summary(&checks);
    Ok(())
}
