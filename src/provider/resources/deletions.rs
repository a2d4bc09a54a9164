//! The applications that the current terraform command plans to delete, by tenant. A destroy plan
//! visits a tenant's applications before the tenant itself (they depend on it), so when the
//! tenant's destroy is planned, this tells which of its applications go with it and which would
//! stay.
//!
//! Each provider alias is a process of its own, started by the same terraform process, so what one
//! process planned is also written to a small file in the lock directory named after that
//! terraform process (its pid and, where the system tells, its start time); every provider process
//! of the command reads it. When the file cannot be written or read, only this process's own plans
//! are known, and [`Planned::complete`] says so.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, SystemTime};

static PLANNED: LazyLock<Mutex<HashMap<String, HashSet<String>>>> = LazyLock::new(Mutex::default);

/// The file shared by the provider processes of this terraform command, if it can be used.
static SHARED: LazyLock<Option<PathBuf>> = LazyLock::new(|| {
    let command = command_id()?;
    let dir = crate::client::default_lock_dir();
    let dir = dir.path()?;
    remove_old_records(dir);
    Some(dir.join(format!("planned-deletions-{command}")))
});

/// Records older than this are left over from earlier commands and removed.
const RECORD_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The terraform process that started this provider: its pid, with its start time where
/// `/proc` tells it, so that a reused pid never reads an old command's plans.
/// The process that started this one (terraform, for a provider).
#[cfg(unix)]
fn parent_pid() -> u32 {
    std::os::unix::process::parent_id()
}

#[cfg(unix)]
fn command_id() -> Option<String> {
    let parent = parent_pid();
    let started = std::fs::read_to_string(format!("/proc/{parent}/stat"))
        .ok()
        .and_then(|stat| {
            // The command name (field 2) may hold spaces; fields after its ')' are plain.
            let after = stat.rsplit_once(')')?.1;
            after.split_whitespace().nth(19).map(str::to_string)
        });
    Some(match started {
        Some(started) => format!("{parent}-{started}"),
        None => parent.to_string(),
    })
}

/// Elsewhere the parent is not known, so only this process's own plans are.
#[cfg(not(unix))]
fn command_id() -> Option<String> {
    None
}

fn remove_old_records(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > RECORD_LIFETIME);
        if old
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with("planned-deletions-")
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Notes that the plan deletes (destroys or replaces) application `application_id` of `tenant_id`.
pub fn plan_application_deletion(tenant_id: &str, application_id: &str) {
    PLANNED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(tenant_id.to_string())
        .or_default()
        .insert(application_id.to_string());
    if let Some(path) = SHARED.as_ref() {
        // One short line in one append: whole lines, whichever process writes.
        let line = format!("{tenant_id} {application_id}\n");
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut file| file.write_all(line.as_bytes()));
        if let Err(e) = written {
            tracing::warn!(path = %path.display(), "could not record a planned deletion: {e}");
        }
    }
}

/// What the current command plans to delete in one tenant.
#[derive(Debug, Default)]
pub struct Planned {
    /// The applications planned for deletion so far.
    pub applications: HashSet<String>,
    /// Whether the other provider processes of this command (aliases) were heard too.
    pub complete: bool,
}

/// The applications of `tenant_id` planned for deletion so far by this terraform command.
pub fn planned_application_deletions(tenant_id: &str) -> Planned {
    let mut applications = PLANNED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(tenant_id)
        .cloned()
        .unwrap_or_default();
    let shared = SHARED
        .as_ref()
        .map(|path| match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(String::new()),
            Err(_) => None,
        });
    let complete = match shared.flatten() {
        Some(text) => {
            applications.extend(text.lines().filter_map(|line| {
                let (tenant, application) = line.split_once(' ')?;
                (tenant == tenant_id).then(|| application.to_string())
            }));
            true
        }
        None => false,
    };
    Planned {
        applications,
        complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_are_kept_per_tenant() {
        plan_application_deletion("deletions-test-t1", "a1");
        plan_application_deletion("deletions-test-t1", "a2");
        plan_application_deletion("deletions-test-t2", "b1");
        let planned = planned_application_deletions("deletions-test-t1");
        assert_eq!(planned.applications.len(), 2);
        assert!(planned.applications.contains("a1") && planned.applications.contains("a2"));
        assert!(planned_application_deletions("deletions-test-none")
            .applications
            .is_empty());
    }

    #[test]
    fn deletions_another_process_of_the_command_recorded_are_heard() {
        let Some(path) = SHARED.as_ref() else {
            panic!("the lock directory is usable in tests");
        };
        // What an alias's process appends to the command's file.
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        file.write_all(b"deletions-test-t3 from-alias\n").unwrap();
        let planned = planned_application_deletions("deletions-test-t3");
        assert!(planned.complete);
        assert!(planned.applications.contains("from-alias"), "{planned:?}");
    }

    #[cfg(unix)]
    #[test]
    fn the_command_is_named_by_the_parent_process() {
        let id = command_id().unwrap();
        assert!(id.starts_with(&parent_pid().to_string()), "{id}");
    }
}
