//! `raven-emulator` command: parses the flags, starts the emulator, prints the listen address as
//! the first stdout line (then `endpoint=` and `fault_seed=` lines) and serves until interrupted.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use emulator_kit::cli::{self, Flags};
use raven_emulator::Config;

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
    #[command(flatten)]
    common: Flags,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    cli::init_logging(args.common.log_json);
    let emulator = raven_emulator::spawn(Config {
        listen: args.listen,
        db: args.db,
        faults: args.common.faults(false),
        fault_seed: args.common.fault_seed,
    })?;
    cli::announce_and_wait(
        emulator.addr(),
        &[
            ("endpoint", emulator.endpoint()),
            ("fault_seed", emulator.fault_seed().to_string()),
        ],
    )
}
