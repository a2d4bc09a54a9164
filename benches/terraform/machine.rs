//! What the figures were measured on: the date, the machine (cores, CPU model, memory, load) and
//! the terraform version, read from `/proc` and `terraform version`.

use std::process::Command;

/// The first value of `key` in a `/proc` file of `key: value` lines.
fn proc_value(file: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name.trim() == key).then(|| value.trim().to_string())
    })
}

/// Total memory in GiB, from `MemTotal` (kB).
fn memory_gib() -> Option<f64> {
    let kb: f64 = proc_value("/proc/meminfo", "MemTotal")?
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0 / 1024.0)
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The first line of `terraform version`.
pub fn terraform_version() -> String {
    Command::new("terraform")
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "terraform not found on PATH".into())
}

/// The header lines: date, machine, load and terraform.
pub fn describe() -> Vec<String> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "?".into());
    let cpu = proc_value("/proc/cpuinfo", "model name").unwrap_or_else(|| "unknown CPU".into());
    let memory = memory_gib()
        .map(|gib| format!("{gib:.1} GiB"))
        .unwrap_or_else(|| "unknown".into());
    vec![
        format!(
            "date: {}",
            chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
        ),
        format!("machine: {cores} cores, {cpu}, {memory} memory"),
        format!("load average at start: {}", load_average()),
        format!("terraform: {}", terraform_version()),
    ]
}
