//! Where (a)'s time goes inside the provider: the JSON lines its RPC timings wrote
//! (`PROVIDER_RPC_TIMINGS`, one `{"rpc","us","pid"}` per RPC), summed per RPC.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

/// One line per RPC: calls, total, median and largest time, most total first.
pub fn rpc_lines(timings: &Path) -> anyhow::Result<Vec<String>> {
    let text = match std::fs::read_to_string(timings) {
        Ok(text) => text,
        Err(_) => return Ok(vec!["no timings were written".into()]),
    };
    let mut by_rpc: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("a timing line: {line}"))?;
        let rpc = value["rpc"].as_str().unwrap_or("?").to_string();
        by_rpc
            .entry(rpc)
            .or_default()
            .push(value["us"].as_u64().unwrap_or(0));
    }
    let mut rows: Vec<(String, Vec<u64>)> = by_rpc.into_iter().collect();
    rows.sort_by_key(|(_, us)| std::cmp::Reverse(us.iter().sum::<u64>()));
    Ok(rows
        .into_iter()
        .map(|(rpc, mut us)| {
            us.sort_unstable();
            let total: u64 = us.iter().sum();
            format!(
                "{rpc}: {} calls, {:.1} ms in all, median {:.2} ms, largest {:.2} ms",
                us.len(),
                total as f64 / 1e3,
                us[(us.len() - 1) / 2] as f64 / 1e3,
                us[us.len() - 1] as f64 / 1e3
            )
        })
        .collect())
}
