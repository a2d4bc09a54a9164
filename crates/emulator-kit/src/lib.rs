//! `emulator_kit`: the machinery every local API emulator of this workspace shares, so that each
//! emulator holds only its own routes, store and domain rules.
//!
//! - [`Faults`] and [`Control`]: fault settings, their seeded dice, the rate-limit window and the
//!   request counters by route;
//! - [`Emulated`] and [`inject`]: the middleware that applies the faults (429 with `Retry-After`,
//!   latency, 500/503 before the handler, a 500 or a dropped connection after a committed change),
//!   counts and logs each request, in the emulator's own error shape;
//! - [`routes`] and [`finish`]: the routes every router starts from (`GET /_emulator/stats`) and
//!   the layers it gets (faults, body limit);
//! - [`Listener`] and [`Server`]: a loopback port served on its own thread, stopped on drop;
//! - [`cli`]: the flags, logging and signal handling of the emulators' commands, and [`process`]:
//!   such a command started by its tests;
//! - [`body`] and [`answers`]: media types, JSON object bodies and why a body is refused, the
//!   bearer challenge, storage failures;
//! - [`secrets`]: random secrets, the digest a store keeps of one, and comparing digests;
//! - [`Database`]: the SQLite connection an emulator's store runs its transactions on.
//!
//! It depends on no other crate of the workspace, and no provider depends on it.
#![warn(missing_docs)]

pub mod answers;
pub mod body;
pub mod cli;
mod control;
mod faults;
mod middleware;
pub mod process;
pub mod secrets;
mod server;
mod sqlite;
mod stats;

pub use control::Control;
pub use faults::Faults;
pub use middleware::{inject, Emulated, EXEMPT_PREFIX, HEALTH_PATH};
pub use server::{finish, health, routes, Listener, Server};
pub use sqlite::Database;
pub use stats::Stats;
