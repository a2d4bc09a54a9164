//! `resistant-emulator` command: parses flags, starts the emulator, prints the listen address as
//! the first stdout line (and a generated client secret once), then serves until interrupted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use emulator_kit::cli::{self, Flags};
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
    #[command(flatten)]
    common: Flags,
    /// Fault: apply the faults to the OAuth2 token endpoints too (default: API requests only).
    #[arg(long)]
    faults_on_token: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    cli::init_logging(args.common.log_json);
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
            seed: args.common.fault_seed,
            ..Faults::from(args.common.faults(args.faults_on_token))
        },
    };
    let emulator = resistant_emulator::spawn(config)?;
    let mut lines = vec![
        ("endpoint", emulator.endpoint()),
        ("token_url", emulator.token_url()),
        ("org_client_id", emulator.org_client_id()),
    ];
    if generated {
        lines.push(("org_client_secret", emulator.org_client_secret()));
    }
    cli::announce_and_wait(emulator.addr(), &lines)
}
