//! The emulators' commands: the flags they all take (faults, their seed, the log format), logging
//! on stderr, printing the start-up lines and waiting for an interrupt.

use std::io::Write;
use std::net::SocketAddr;

use clap::Args;

use crate::Faults;

/// The flags every emulator command takes, flattened into its arguments with
/// `#[command(flatten)]`.
#[derive(Args, Debug, Clone)]
pub struct Flags {
    /// Fault: probability (0 to 1) of a random 500 or 503 before the handler runs; nothing is
    /// committed.
    #[arg(long, default_value_t = 0.0, value_parser = probability)]
    pub fail_rate: f64,
    /// Fault: probability (0 to 1) that a successful change is committed and then answered with
    /// a 500.
    #[arg(long, default_value_t = 0.0, value_parser = probability)]
    pub fail_after_commit_rate: f64,
    /// Fault: probability (0 to 1) that a successful change is committed and the connection
    /// closed unanswered.
    #[arg(long, default_value_t = 0.0, value_parser = probability)]
    pub drop_after_commit_rate: f64,
    /// Fault: requests allowed per second; the excess is answered 429 with `Retry-After: 1`.
    #[arg(long, value_name = "N")]
    pub rate_limit: Option<u32>,
    /// Fault: milliseconds of delay before each API request is handled.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Fault: seed of the fault dice, to replay a run's faults (omitted: random).
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
    /// Log JSON lines on stderr instead of text.
    #[arg(long)]
    pub log_json: bool,
}

impl Flags {
    /// The settings these flags give; `on_token` from the emulator's own flag, if it has one.
    pub fn faults(&self, on_token: bool) -> Faults {
        Faults {
            fail_rate: self.fail_rate,
            fail_after_commit_rate: self.fail_after_commit_rate,
            drop_after_commit_rate: self.drop_after_commit_rate,
            rate_limit: self.rate_limit,
            latency_ms: self.latency_ms,
            on_token,
        }
    }
}

/// A probability from 0 to 1, or the reason it is not.
pub fn probability(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!("{text:?} is not a probability from 0 to 1")),
    }
}

/// Logs on stderr, as text or as JSON lines (stdout carries only the start-up lines scripts read);
/// the level comes from `RUST_LOG` (default `info`).
pub fn init_logging(json: bool) {
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

/// Prints the start-up lines scripts read on stdout (the listen address first, then one
/// `name=value` line each), then blocks until interrupted.
pub fn announce_and_wait(addr: SocketAddr, lines: &[(&str, String)]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{addr}")?;
    for (name, value) in lines {
        writeln!(out, "{name}={value}")?;
    }
    out.flush()?;
    drop(out);
    wait_for_signal()?;
    tracing::info!("shutting down");
    Ok(())
}

/// Blocks until Ctrl-C (or, on Unix, SIGTERM).
pub fn wait_for_signal() -> anyhow::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_outside_zero_to_one_are_refused() {
        assert_eq!(probability("0.25"), Ok(0.25));
        assert!(probability("1.5").unwrap_err().contains("\"1.5\""));
        assert!(probability("often").is_err());
    }
}
