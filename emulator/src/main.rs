//! `resistant-emulator` command: parses flags, starts the emulator, prints the listen address as
//! the first stdout line (and a generated client secret once), then serves until interrupted.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use resistant_emulator::{Config, Faults};

#[derive(Parser)]
#[command(
    name = "resistant-emulator",
    about = "Local emulator of the Resistant Documents Tenant Management API"
)]
struct Args {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// SQLite database file (omitted: in memory).
    #[arg(long)]
    db: Option<PathBuf>,
    /// The organization's client id.
    #[arg(long, default_value = "emulator-org")]
    org_client_id: String,
    /// The organization's client secret (omitted: generated and printed once).
    #[arg(long)]
    org_client_secret: Option<String>,
    /// PEM public key enabling private_key_jwt for the organization client.
    #[arg(long)]
    org_public_key_file: Option<PathBuf>,
    /// Organization name used in Documents UI hosts.
    #[arg(long, default_value = "emulator")]
    org_name: String,
    /// Maximum number of tenants.
    #[arg(long, default_value_t = 20)]
    tenant_quota: u32,
    /// The most tenants one listing page holds, whatever `limit` asks for.
    #[arg(long, default_value_t = 100)]
    max_page_size: u32,
    /// Lifetime of access tokens in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl_secs: u64,
    /// Fault: probability (0 to 1) of answering an API request with a random 500 or 503 before
    /// handling it (nothing is changed).
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// Fault: API requests allowed per second; more get 429 with `Retry-After: 1`.
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Fault: delay in milliseconds added before every API request is handled.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fault: probability (0 to 1) that a change (POST, DELETE) is committed and then its
    /// connection is closed without an answer.
    #[arg(long, default_value_t = 0.0)]
    drop_after_commit_rate: f64,
    /// Fault: probability (0 to 1) that a change (POST, DELETE) is committed and then answered
    /// with a 500 as if it had failed.
    #[arg(long, default_value_t = 0.0)]
    fail_after_commit_rate: f64,
    /// Fault: seed for the random choices of the faults, to repeat a run (default: random).
    #[arg(long)]
    fault_seed: Option<u64>,
    /// Fault: apply the faults to the OAuth2 token endpoints too (default: API requests only).
    #[arg(long)]
    faults_on_token: bool,
    /// Log as JSON lines on stderr instead of human-readable text.
    #[arg(long)]
    log_json: bool,
}

/// Structured logs on stderr (stdout carries only the startup lines scripts read).
fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
}

fn probability(name: &str, value: f64) -> anyhow::Result<f64> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        anyhow::bail!("--{name} must be between 0 and 1")
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    init_logging(args.log_json);
    let org_public_key_pem = match &args.org_public_key_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        ),
        None => None,
    };
    let generated = args.org_client_secret.is_none();
    let config = Config {
        listen: args.listen,
        db: args.db,
        org_client_id: args.org_client_id,
        org_client_secret: args.org_client_secret,
        org_public_key_pem,
        org_name: args.org_name,
        tenant_quota: args.tenant_quota,
        max_page_size: args.max_page_size,
        token_ttl: Duration::from_secs(args.token_ttl_secs.max(1)),
        faults: Faults {
            fail_rate: probability("fail-rate", args.fail_rate)?,
            rate_limit: args.rate_limit,
            latency_ms: args.latency_ms,
            drop_after_commit_rate: probability(
                "drop-after-commit-rate",
                args.drop_after_commit_rate,
            )?,
            fail_after_commit_rate: probability(
                "fail-after-commit-rate",
                args.fail_after_commit_rate,
            )?,
            seed: args.fault_seed,
            faults_on_token: args.faults_on_token,
        },
    };
    let emulator = resistant_emulator::spawn(config)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", emulator.addr())?;
    writeln!(out, "endpoint={}", emulator.endpoint())?;
    writeln!(out, "token_url={}", emulator.token_url())?;
    writeln!(out, "org_client_id={}", emulator.org_client_id())?;
    if generated {
        writeln!(out, "org_client_secret={}", emulator.org_client_secret())?;
    }
    out.flush()?;
    drop(out);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await?;
        anyhow::Ok(())
    })?;
    tracing::info!("shutting down");
    drop(emulator);
    Ok(())
}
