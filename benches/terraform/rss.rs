//! Peak memory and CPU time of the processes of one round: a wrapper script placed in the mirror
//! instead of the provider binary runs the real one under GNU time, which appends each process's
//! maximum resident set size (`getrusage` maxrss) and CPU seconds to a log when it exits; terraform
//! itself can run under GNU time the same way, and the emulator's CPU time is read from `/proc`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// GNU time, the one external tool this measurement needs.
pub const GNU_TIME: &str = "/usr/bin/time";
/// What GNU time writes per process: maxrss in KiB, user and system CPU seconds.
pub const FORMAT: &str = "%M %U %S";

/// The wrapper script and the log it appends to.
pub struct Wrapper {
    pub script: PathBuf,
    pub log: PathBuf,
}

/// What one process used.
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    pub max_rss_kib: u64,
    pub cpu_secs: f64,
}

/// Whether GNU time is there; the error says how to get it.
pub fn check_gnu_time() -> anyhow::Result<()> {
    if Path::new(GNU_TIME).is_file() {
        Ok(())
    } else {
        bail!("{GNU_TIME} (GNU time) is not installed; install the `time` package")
    }
}

/// Writes a wrapper around `real` into `dir`.
pub fn wrapper(dir: &Path, real: &Path) -> anyhow::Result<Wrapper> {
    check_gnu_time()?;
    std::fs::create_dir_all(dir)?;
    let script = dir.join("provider-under-gnu-time");
    let log = dir.join("providers.log");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec {GNU_TIME} -f '{FORMAT}' -a -o '{}' '{}' \"$@\"\n",
            log.display(),
            real.display()
        ),
    )?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    Ok(Wrapper { script, log })
}

/// Every process logged to `log` so far.
pub fn usages(log: &Path) -> anyhow::Result<Vec<Usage>> {
    let text = std::fs::read_to_string(log)
        .with_context(|| format!("no process wrote {}", log.display()))?;
    // GNU time adds a line of its own before the figures when a process fails or is signalled.
    Ok(text
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields[..] {
                [rss, user, system] => Some(Usage {
                    max_rss_kib: rss.parse().ok()?,
                    cpu_secs: user.parse::<f64>().ok()? + system.parse::<f64>().ok()?,
                }),
                _ => None,
            }
        })
        .collect())
}

/// User + system CPU seconds of process `pid` so far (from `/proc/<pid>/stat`, in USER_HZ = 100
/// ticks per second, as on every Linux the project builds on).
pub fn process_cpu_secs(pid: u32) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name may hold spaces; the fields after it are fixed.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| -> anyhow::Result<f64> {
        Ok(fields.get(i).context("short /proc stat")?.parse::<f64>()?)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}
