//! Peak memory of this process (`VmHWM` in `/proc/self/status`) after building the provider's
//! schemas (`provider::framework()`) and decoding and encoding 1 000 states of its resources and
//! data sources in both formats, against the provider's memory budget.

#[path = "../crates/plugin-protocol/benches/support/mod.rs"]
mod support;

use std::error::Error;

use support::{states, target};
use terraform_provider_resistant::protocol::cty::{json, msgpack, Type, Value};
use terraform_provider_resistant::protocol::provider::Provider;
use terraform_provider_resistant::provider::framework;

const STATES: usize = 1_000;
/// The provider's peak resident memory budget.
const PEAK_MAX_MIB: f64 = 64.0;

/// A memory figure from `/proc/self/status` (e.g. `VmHWM`, `VmRSS`) in MiB, when the system has one.
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.split(':').next() == Some(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn print_memory(phase: &str) -> Option<f64> {
    let peak = status_mib("VmHWM");
    match (peak, status_mib("VmRSS")) {
        (Some(peak), Some(rss)) => println!("{phase}: peak {peak:.1} MiB, now {rss:.1} MiB"),
        _ => println!("{phase}: /proc/self/status has no memory figures on this system"),
    }
    peak
}

/// Decodes `count` distinct states, spread over `types`, from both encodings, keeps them all,
/// then encodes them again. Answers the bytes written and whether every value came back equal.
fn churn(types: &[Type], count: usize) -> Result<(usize, bool), Box<dyn Error>> {
    let typed = |n: usize| &types[n % types.len()];
    let mut encoded = Vec::with_capacity(count);
    for n in 0..count {
        let (ty, state) = (typed(n), states::sample(typed(n), n));
        encoded.push((
            msgpack::encode(&state, ty)?,
            json::encode(&state, ty)?,
            state,
        ));
    }
    let mut decoded: Vec<(Value, Value)> = Vec::with_capacity(count);
    for (n, (mp, js, _)) in encoded.iter().enumerate() {
        decoded.push((msgpack::decode(mp, typed(n))?, json::decode(js, typed(n))?));
    }
    let same = decoded
        .iter()
        .zip(&encoded)
        .all(|((a, b), (_, _, original))| a == original && b == original);
    let mut written = 0;
    for (n, (a, b)) in decoded.iter().enumerate() {
        written += msgpack::encode(a, typed(n))?.len() + json::encode(b, typed(n))?.len();
    }
    Ok((written, same))
}

fn main() -> Result<(), Box<dyn Error>> {
    if !support::invoked_as_bench() {
        return Ok(());
    }
    support::banner("provider memory");
    let start = print_memory("at start");
    let provider = framework();
    let schemas = provider.schemas();
    let types: Vec<Type> = schemas
        .resources
        .values()
        .chain(schemas.data_sources.values())
        .map(|schema| schema.implied_type())
        .collect();
    if types.is_empty() {
        return Err("the provider declares no resources or data sources".into());
    }
    print_memory(&format!(
        "after provider::framework() ({} resources, {} data sources, {} ephemeral resources, {} functions)",
        schemas.resources.len(),
        schemas.data_sources.len(),
        schemas.ephemeral_resources.len(),
        schemas.functions.len()
    ));
    let (written, same) = churn(&types, STATES)?;
    println!("{STATES} states decoded and re-encoded ({written} bytes written)");
    let mut checks = vec![target(
        "states decode to the values encoded",
        if same { "equal" } else { "different" },
        "equal",
        same,
    )];
    let peak = print_memory(&format!("after {STATES} states"));
    match (start, peak) {
        (Some(start), Some(peak)) => {
            println!("growth over the start: {:.1} MiB", peak - start);
            checks.push(target(
                "peak resident memory",
                &format!("{peak:.1} MiB"),
                &format!("< {PEAK_MAX_MIB} MiB"),
                peak < PEAK_MAX_MIB,
            ));
        }
        _ => checks.push(target(
            "peak resident memory",
            "unavailable",
            "measured",
            false,
        )),
    }
    support::summary(&checks);
    Ok(())
}
