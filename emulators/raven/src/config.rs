//! How the emulator is started: listen address, database file, fault injection and its seed.

use std::net::SocketAddr;
use std::path::PathBuf;

pub use emulator_kit::Faults;

/// Start-up settings. `Default` is an in-memory emulator on a free loopback port, without faults.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    /// Fault injection (all off by default).
    pub faults: Faults,
    /// Seed of the fault dice; `None` picks a random seed (readable through `Emulator::fault_seed`).
    pub fault_seed: Option<u64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: None,
            faults: Faults::default(),
            fault_seed: None,
        }
    }
}
