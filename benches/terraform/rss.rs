//! Peak memory of the provider processes Terraform starts: a wrapper script placed in the mirror
//! instead of the binary runs the real one under GNU time, which appends each process's maximum
//! resident set size (`getrusage` maxrss, in KiB) to a log when it exits.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// GNU time, the one external tool this measurement needs.
pub const GNU_TIME: &str = "/usr/bin/time";

/// The wrapper script and the log it appends to.
pub struct Wrapper {
    pub script: PathBuf,
    pub log: PathBuf,
}

/// Writes a wrapper around `real` into `dir`.
pub fn wrapper(dir: &Path, real: &Path) -> anyhow::Result<Wrapper> {
    if !Path::new(GNU_TIME).is_file() {
        bail!("{GNU_TIME} (GNU time) is not installed; install the `time` package");
    }
    std::fs::create_dir_all(dir)?;
    let script = dir.join("provider-under-gnu-time");
    let log = dir.join("maxrss.log");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec {GNU_TIME} -f '%M' -a -o '{}' '{}' \"$@\"\n",
            log.display(),
            real.display()
        ),
    )?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    Ok(Wrapper { script, log })
}

/// The peak RSS of every process logged so far, in KiB.
pub fn peaks(log: &Path) -> anyhow::Result<Vec<u64>> {
    let text = std::fs::read_to_string(log)
        .with_context(|| format!("no provider process wrote {}", log.display()))?;
    // GNU time adds a line of its own before the figure when a process fails or is signalled.
    Ok(text.lines().filter_map(|l| l.trim().parse().ok()).collect())
}
