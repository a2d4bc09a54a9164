//! `scaikey-emulator` command: parses the flags, starts the emulator, prints the listen address as
//! the first stdout line (then `endpoint=`, `token_url=` and `fault_seed=` lines) and serves until
//! interrupted.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use scaikey_emulator::{Config, Faults};

#[derive(Parser)]
#[command(
    name = "scaikey-emulator",
    about = "Local emulator of ScaiKey's admin Tenants API (/api/v1/admin/tenants/) and its \
             client-credentials token endpoint (/api/v1/oauth/token), plus /_emulator/stats"
)]
struct Args {
    /// Address to listen on; port 0 picks a free one (the first stdout line is the address chosen).
    #[arg(long, default_value = "127.0.0.1:8000")]
    listen: SocketAddr,
    /// The OAuth2 client id allowed to request admin tokens.
    #[arg(long, value_name = "ID")]
    client_id: String,
    /// That client's secret (the server keeps only its SHA-256 digest; it is never printed).
    #[arg(long, value_name = "SECRET")]
    client_secret: String,
    /// SQLite database file that keeps tenants and the token signing key across restarts
    /// (omitted: in memory).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 3600, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    token_ttl_secs: u64,
    /// Probability (0 to 1) of a random 500 or 503 before the handler runs; nothing is committed.
    #[arg(long, default_value_t = 0.0, value_parser = probability)]
    fail_rate: f64,
    /// Probability (0 to 1) that a successful change is committed and then answered with a 500.
    #[arg(long, default_value_t = 0.0, value_parser = probability)]
    fail_after_commit_rate: f64,
    /// Probability (0 to 1) that a successful change is committed and the connection closed unanswered.
    #[arg(long, default_value_t = 0.0, value_parser = probability)]
    drop_after_commit_rate: f64,
    /// Requests per second allowed; the excess is answered 429 with Retry-After.
    #[arg(long, value_name = "N")]
    rate_limit: Option<u32>,
    /// Milliseconds of delay before each API request is handled.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    latency_ms: u64,
    /// Seed of the fault dice, to replay a run's faults (omitted: random, printed as fault_seed=).
    #[arg(long, value_name = "N")]
    fault_seed: Option<u64>,
    /// Apply the faults to the token endpoint too (by default it is spared).
    #[arg(long)]
    faults_on_token: bool,
    /// Log JSON lines on stderr instead of text.
    #[arg(long)]
    log_json: bool,
}

fn probability(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!("{text:?} is not a probability from 0 to 1")),
    }
}

/// Logs on stderr (stdout carries only the start-up lines scripts read).
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

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    init_logging(args.log_json);
    let emulator = scaikey_emulator::spawn(Config {
        listen: args.listen,
        db: args.db,
        client_id: args.client_id,
        client_secret: args.client_secret,
        token_ttl: Duration::from_secs(args.token_ttl_secs),
        faults: Faults {
            fail_rate: args.fail_rate,
            fail_after_commit_rate: args.fail_after_commit_rate,
            drop_after_commit_rate: args.drop_after_commit_rate,
            rate_limit: args.rate_limit,
            latency_ms: args.latency_ms,
            on_token: args.faults_on_token,
        },
        fault_seed: args.fault_seed,
    })?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", emulator.addr())?;
    writeln!(out, "endpoint={}", emulator.endpoint())?;
    writeln!(out, "token_url={}", emulator.token_url())?;
    writeln!(out, "fault_seed={}", emulator.fault_seed())?;
    out.flush()?;
    drop(out);
    wait_for_signal()?;
    tracing::info!("shutting down");
    drop(emulator);
    Ok(())
}

fn wait_for_signal() -> anyhow::Result<()> {
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
    })
}
