//! Benchmark of the cty codec: decode and encode of a realistic resource state object and of a
//! large list of objects, in msgpack (every RPC) and JSON (state files, raw state), with the
//! msgpack/JSON ratio and PASS/MISS against the targets.

mod support;

use std::error::Error;

use support::{measure, ratio, states, target, Measurement};
use tf_plugin_protocol::cty::{json, msgpack, CodecError, Type, Value};

type Decode = fn(&[u8], &Type) -> Result<Value, CodecError>;
type Encode = fn(&Value, &Type) -> Result<Vec<u8>, CodecError>;

/// Rows in the large list.
const LARGE_LEN: usize = 10_000;

/// Realistic state decode must stay below this (µs), in either format.
const STATE_DECODE_MAX_US: f64 = 20.0;
/// Large list throughput, decode + encode, must reach this (MB/s), in either format.
const LARGE_MIN_MB_S: f64 = 50.0;

/// One format's figures for one value.
struct Figures {
    decode: Measurement,
    encode: Measurement,
    round_trip: Measurement,
}

/// A format under test: its name and its two functions.
struct Format {
    name: &'static str,
    decode: Decode,
    encode: Encode,
}

const FORMATS: [Format; 2] = [
    Format {
        name: "msgpack",
        decode: msgpack::decode,
        encode: msgpack::encode,
    },
    Format {
        name: "json",
        decode: json::decode,
        encode: json::encode,
    },
];

/// Measures one format on one value; `Err` when the codec refuses the sample.
fn run(
    case: &str,
    format: &Format,
    ty: &Type,
    value: &Value,
    iterations: usize,
    checks: &mut Vec<bool>,
) -> Result<Figures, Box<dyn Error>> {
    let bytes = (format.encode)(value, ty)?;
    let back = (format.decode)(&bytes, ty)?;
    checks.push(target(
        &format!("{case} {} round trip", format.name),
        if back == *value { "equal" } else { "different" },
        "equal",
        back == *value,
    ));
    let size = bytes.len();
    let label = |op: &str| format!("{case} {} {op}", format.name);
    Ok(Figures {
        decode: measure(&label("decode"), iterations, size, || {
            (format.decode)(&bytes, ty)
        }),
        encode: measure(&label("encode"), iterations, size, || {
            (format.encode)(value, ty)
        }),
        round_trip: measure(&label("decode+encode"), iterations, size, || {
            (format.decode)(&bytes, ty).and_then(|v| (format.encode)(&v, ty))
        }),
    })
}

/// Runs both formats on one value and prints the msgpack/JSON time ratios.
fn compare(
    case: &str,
    ty: &Type,
    value: &Value,
    iterations: usize,
    checks: &mut Vec<bool>,
) -> Result<[Figures; 2], Box<dyn Error>> {
    let [mp, js] = &FORMATS;
    let mp = run(case, mp, ty, value, iterations, checks)?;
    let js = run(case, js, ty, value, iterations, checks)?;
    ratio(
        &format!("{case} msgpack/json size"),
        mp.decode.bytes_per_op as f64,
        js.decode.bytes_per_op as f64,
    );
    ratio(
        &format!("{case} msgpack/json decode time"),
        mp.decode.ns_per_op,
        js.decode.ns_per_op,
    );
    ratio(
        &format!("{case} msgpack/json encode time"),
        mp.encode.ns_per_op,
        js.encode.ns_per_op,
    );
    ratio(
        &format!("{case} msgpack/json decode+encode time"),
        mp.round_trip.ns_per_op,
        js.round_trip.ns_per_op,
    );
    Ok([mp, js])
}

fn main() -> Result<(), Box<dyn Error>> {
    if !support::invoked_as_bench() {
        return Ok(());
    }
    support::banner("cty codec");
    let mut checks = Vec::new();

    let state_ty = states::state_type();
    let state = states::state(42);
    let state_figures = compare("state object", &state_ty, &state, 2_000, &mut checks)?;

    let large_ty = states::large_list_type();
    let large = states::large_list(LARGE_LEN);
    let large_figures = compare(
        &format!("list of {LARGE_LEN} objects"),
        &large_ty,
        &large,
        2,
        &mut checks,
    )?;

    for (format, figures) in FORMATS.iter().zip(&state_figures) {
        let us = figures.decode.micros();
        checks.push(target(
            &format!("state object {} decode", format.name),
            &format!("{us:.2} µs"),
            &format!("< {STATE_DECODE_MAX_US} µs"),
            us < STATE_DECODE_MAX_US,
        ));
    }
    for (format, figures) in FORMATS.iter().zip(&large_figures) {
        let rate = figures.round_trip.mb_per_s();
        checks.push(target(
            &format!("list of {LARGE_LEN} objects {} decode+encode", format.name),
            &format!("{rate:.1} MB/s"),
            &format!(">= {LARGE_MIN_MB_S} MB/s"),
            rate >= LARGE_MIN_MB_S,
        ));
    }
    let [mp, js] = &state_figures;
    let r = mp.round_trip.ns_per_op / js.round_trip.ns_per_op;
    checks.push(target(
        "state object msgpack/json decode+encode time",
        &format!("{r:.2}"),
        "<= 1.00: msgpack, on every RPC, no slower than JSON",
        r <= 1.0,
    ));
    support::summary(&checks);
    Ok(())
}
