//! Timing and reporting helpers shared by the benchmarks: run a closure many times, keep the median
//! of several rounds, and print figures, ratios and target verdicts (PASS/MISS, never a panic).
#![allow(dead_code)]

pub mod states;

use std::hint::black_box;
use std::time::{Duration, Instant};

/// How many timed rounds a measurement takes; the median round is reported.
pub const ROUNDS: usize = 7;

/// One timed operation: its median time per call and, when it moves bytes, their count per call.
#[derive(Clone, Copy, Debug)]
pub struct Measurement {
    pub ns_per_op: f64,
    pub bytes_per_op: usize,
}

impl Measurement {
    /// Throughput in MB/s (10^6 bytes), 0 when the operation moves no bytes.
    pub fn mb_per_s(&self) -> f64 {
        if self.ns_per_op <= 0.0 {
            return 0.0;
        }
        self.bytes_per_op as f64 / self.ns_per_op * 1e9 / 1e6
    }

    pub fn micros(&self) -> f64 {
        self.ns_per_op / 1e3
    }
}

/// Whether to run: `cargo bench` passes `--bench`; `cargo test --benches` (or `--all-targets`)
/// does not, and then the benchmark only says it was skipped.
pub fn invoked_as_bench() -> bool {
    let asked = std::env::args().skip(1).any(|a| a == "--bench");
    if !asked {
        println!("benchmark skipped: run it with `cargo bench` (or pass --bench to the binary)");
    }
    asked
}

/// Prints which build the figures come from; targets are stated for optimized builds.
pub fn banner(title: &str) {
    let build = if cfg!(debug_assertions) {
        "debug build: figures are far slower than release, targets assume `cargo bench`"
    } else {
        "optimized build"
    };
    println!("== {title} ({build})");
}

/// Runs `op` `iterations` times per round for [`ROUNDS`] rounds after one warm-up round, prints
/// `name: X ns/op, Y MB/s` for the median round and returns it. `bytes` is the payload size one
/// call processes (0 to leave MB/s out).
pub fn measure<T>(
    name: &str,
    iterations: usize,
    bytes: usize,
    mut op: impl FnMut() -> T,
) -> Measurement {
    let iterations = iterations.max(1);
    let mut round = || {
        let start = Instant::now();
        for _ in 0..iterations {
            black_box(op());
        }
        start.elapsed().as_nanos() as f64 / iterations as f64
    };
    round();
    let mut per_op: Vec<f64> = (0..ROUNDS).map(|_| round()).collect();
    let result = Measurement {
        ns_per_op: median(&mut per_op),
        bytes_per_op: bytes,
    };
    report(name, &result);
    result
}

/// Prints one measurement line.
pub fn report(name: &str, m: &Measurement) {
    if m.bytes_per_op > 0 {
        println!(
            "{name}: {:.0} ns/op, {:.1} MB/s ({} bytes/op)",
            m.ns_per_op,
            m.mb_per_s(),
            m.bytes_per_op
        );
    } else {
        println!("{name}: {:.0} ns/op", m.ns_per_op);
    }
}

/// The median of `values` (sorted in place); 0 for an empty slice.
pub fn median(values: &mut [f64]) -> f64 {
    percentile(values, 50.0)
}

/// The nearest-rank percentile `p` (0..=100) of `values` (sorted in place); 0 when empty.
pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let rank = (p / 100.0 * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

/// Percentile of durations, in microseconds.
pub fn percentile_us(samples: &[Duration], p: f64) -> f64 {
    let mut micros: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e6).collect();
    percentile(&mut micros, p)
}

/// Prints `ratio name: a/b = r` and returns r.
pub fn ratio(name: &str, numerator: f64, denominator: f64) -> f64 {
    let r = if denominator == 0.0 {
        f64::NAN
    } else {
        numerator / denominator
    };
    println!("ratio {name}: {r:.2}");
    r
}

/// Prints a target line with its verdict, e.g. `TARGET x: 12.3 µs (target < 20 µs) PASS`,
/// and returns whether it passed.
pub fn target(name: &str, actual: &str, wanted: &str, pass: bool) -> bool {
    let verdict = if pass { "PASS" } else { "MISS" };
    println!("TARGET {name}: {actual} (target {wanted}) {verdict}");
    pass
}

/// Prints the closing count of targets met.
pub fn summary(results: &[bool]) {
    let passed = results.iter().filter(|p| **p).count();
    println!("targets met: {passed}/{}", results.len());
}
