//! Time spent in each RPC, for measuring a provider: when `PROVIDER_RPC_TIMINGS` names a file,
//! every RPC handled appends one JSON line to it (`{"rpc":"ApplyResourceChange","us":1234}`, the
//! microseconds from the decoded request to the encoded answer, this process's pid). Nothing is
//! written, and nothing costs more than one check, when it is unset.

use std::future::Future;
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The environment variable naming the file the timings are appended to.
pub const TIMINGS_ENV: &str = "PROVIDER_RPC_TIMINGS";

fn sink() -> Option<&'static Mutex<std::fs::File>> {
    static SINK: OnceLock<Option<Mutex<std::fs::File>>> = OnceLock::new();
    SINK.get_or_init(|| {
        let path = std::env::var_os(TIMINGS_ENV)?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(Mutex::new)
    })
    .as_ref()
}

/// Runs `work`, recording how long it took under `rpc` when timings are on.
pub async fn timed<T>(rpc: &'static str, work: impl Future<Output = T>) -> T {
    let Some(sink) = sink() else {
        return work.await;
    };
    let started = Instant::now();
    let out = work.await;
    let us = started.elapsed().as_micros();
    let line = format!(
        "{{\"rpc\":\"{rpc}\",\"us\":{us},\"pid\":{}}}\n",
        std::process::id()
    );
    if let Ok(mut file) = sink.lock() {
        // One write per line, so lines of concurrent processes do not interleave.
        let _ = file.write_all(line.as_bytes());
    }
    out
}
