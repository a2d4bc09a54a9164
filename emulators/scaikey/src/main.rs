//! `scaikey-emulator` command: parses the flags, starts the emulator, prints the listen address as
//! the first stdout line (then `endpoint=`, `token_url=` and `fault_seed=` lines) and serves until
//! interrupted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use emulator_kit::cli::{self, Flags};
use scaikey_emulator::Config;

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
    #[command(flatten)]
    common: Flags,
    /// Apply the faults to the token endpoint too (by default it is spared).
    #[arg(long)]
    faults_on_token: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    cli::init_logging(args.common.log_json);
    let emulator = scaikey_emulator::spawn(Config {
        listen: args.listen,
        db: args.db,
        client_id: args.client_id,
        client_secret: args.client_secret,
        token_ttl: Duration::from_secs(args.token_ttl_secs),
        faults: args.common.faults(args.faults_on_token),
        fault_seed: args.common.fault_seed,
    })?;
    cli::announce_and_wait(
        emulator.addr(),
        &[
            ("endpoint", emulator.endpoint()),
            ("token_url", emulator.token_url()),
            ("fault_seed", emulator.fault_seed().to_string()),
        ],
    )
}
