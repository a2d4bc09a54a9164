//! `raven-emulator` command: parses the flags, starts the emulator, prints the listen address as
//! the first stdout line (then `endpoint=` and `fault_seed=` lines) and serves until interrupted.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use raven_emulator::{Config, Faults};

#[derive(Parser)]
#[command(
    name = "raven-emulator",
    about = "Local emulator of Raven's Tenants API: POST /api/v1/tenants, GET and PATCH \
             /api/v1/tenant, POST /api/v1/api-keys, plus test-only /_emulator/* endpoints"
)]
struct Args {
    /// Address to listen on; port 0 picks a free one (the first stdout line is the address chosen).
    #[arg(long, default_value = "127.0.0.1:3000")]
    listen: SocketAddr,
    /// SQLite database file that keeps tenants and key digests across restarts (omitted: in memory).
    #[arg(long)]
    db: Option<PathBuf>,
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
    let emulator = raven_emulator::spawn(Config {
        listen: args.listen,
        db: args.db,
        faults: Faults {
            fail_rate: args.fail_rate,
            fail_after_commit_rate: args.fail_after_commit_rate,
            drop_after_commit_rate: args.drop_after_commit_rate,
            rate_limit: args.rate_limit,
            latency_ms: args.latency_ms,
        },
        fault_seed: args.fault_seed,
    })?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", emulator.addr())?;
    writeln!(out, "endpoint={}", emulator.endpoint())?;
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
