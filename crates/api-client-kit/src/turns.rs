//! Turns: creates whose outcome may have to be proven afterwards take turns, inside one process
//! (a mutex per key) and among every process of the same user on this machine (an advisory lock
//! on one file per key, under a per-user directory). During a turn, nothing that takes the same
//! turn can create in the same place, so what appears there is the turn's own, unless a writer on
//! another machine (or a tool that takes no turns) made it.
//!
//! The operating system drops a lock when the process holding it ends, however it ends, so a
//! killed process never leaves a lock behind. When the directory cannot be used (missing and not
//! creatable, read-only, not a directory), a turn reaches this process only; [`Turn::machine_wide`]
//! says which, so that callers fall back to claiming nothing they cannot prove.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::{Stop, Stopped};

/// Where a provider's lock files live, or why they cannot. Nothing is created until a turn or a
/// caller first needs the directory, so a run that creates nothing writes nothing.
#[derive(Clone, Debug)]
pub struct LockDir {
    chosen: PathBuf,
    /// The outcome of creating and trying the directory, once it was first needed.
    usable: Arc<OnceLock<Result<(), String>>>,
}

impl LockDir {
    /// The directory the environment variable `env_var` names, or else a per-user default for
    /// `provider` (e.g. `resistant`): `$XDG_RUNTIME_DIR/terraform-provider-<provider>/locks`,
    /// `$XDG_CACHE_HOME` or `~/.cache` likewise, else the system's temporary directory. It is
    /// created when first needed.
    pub fn for_provider(provider: &str, env_var: &str) -> LockDir {
        let chosen = std::env::var_os(env_var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| default_dir(provider));
        LockDir::at(chosen)
    }

    /// The directory `path`, created when first needed; an unusable one is remembered with the
    /// reason.
    pub fn at(path: impl Into<PathBuf>) -> LockDir {
        LockDir {
            chosen: path.into(),
            usable: Arc::default(),
        }
    }

    fn check(&self) -> &Result<(), String> {
        self.usable.get_or_init(|| {
            probe(&self.chosen).map_err(|e| {
                format!(
                    "the lock directory {} cannot be used ({e})",
                    self.chosen.display()
                )
            })
        })
    }

    /// The usable directory, if any (created now if it is missing).
    pub fn path(&self) -> Option<&Path> {
        self.check().is_ok().then_some(self.chosen.as_path())
    }

    /// Why provider processes on this machine cannot coordinate, when they cannot.
    pub fn problem(&self) -> Option<&str> {
        self.check().as_ref().err().map(String::as_str)
    }
}

fn default_dir(provider: &str) -> PathBuf {
    let name = format!("terraform-provider-{provider}");
    let env_dir = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(runtime) = env_dir("XDG_RUNTIME_DIR") {
        return runtime.join(name).join("locks");
    }
    if let Some(cache) =
        env_dir("XDG_CACHE_HOME").or_else(|| env_dir("HOME").map(|h| h.join(".cache")))
    {
        return cache.join(name).join("locks");
    }
    let user = std::env::var("USER").unwrap_or_else(|_| "user".into());
    std::env::temp_dir()
        .join(format!("{name}-{user}"))
        .join("locks")
}

/// Creates the directory and checks that a lock file can be made and locked in it.
fn probe(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)?;
    let file = open_lock_file(&path.join("probe.lock"))?;
    match file.try_lock() {
        Ok(()) | Err(TryLockError::WouldBlock) => Ok(()),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// The turns of one API endpoint: keys are places where creates must not overlap (a tenant's
/// applications, a name or slug being claimed).
#[derive(Clone, Debug)]
pub struct Turns {
    dir: LockDir,
    endpoint: String,
}

/// A turn being held; dropping it lets the next one in.
#[derive(Debug)]
pub struct Turn {
    _local: tokio::sync::OwnedMutexGuard<()>,
    file: Option<File>,
}

impl Turn {
    /// Whether every provider process of this user on this machine takes turns with this one
    /// (false when the lock directory is unusable: then only this process does).
    pub fn machine_wide(&self) -> bool {
        self.file.is_some()
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(file) = &self.file {
            // Closing the file unlocks it too; unlocking first keeps the order obvious.
            let _ = file.unlock();
        }
    }
}

/// How long a waiter sleeps between tries of a lock another process holds, at most.
const MAX_POLL: Duration = Duration::from_millis(100);

impl Turns {
    /// Turns for the API at `endpoint`, with lock files in `dir`.
    pub fn new(dir: LockDir, endpoint: &str) -> Turns {
        Turns {
            dir,
            endpoint: endpoint.to_string(),
        }
    }

    /// The lock directory (and whether it is usable).
    pub fn dir(&self) -> &LockDir {
        &self.dir
    }

    /// Waits for the turn of `key` (in this process first, then among processes), unless `stop`
    /// is raised meanwhile.
    pub async fn take(&self, key: &str, stop: &Stop) -> Result<Turn, Stopped> {
        let name = self.file_name(key);
        let local = local_turn(&name);
        let local = stop.unless_stopped(local.lock_owned()).await?;
        let Some(dir) = self.dir.path() else {
            warn_once(self.dir.problem().unwrap_or("no lock directory"));
            return Ok(Turn {
                _local: local,
                file: None,
            });
        };
        let path = dir.join(&name);
        let file = match open_lock_file(&path) {
            Ok(file) => file,
            Err(e) => {
                warn_once(&format!(
                    "the lock file {} cannot be opened ({e})",
                    path.display()
                ));
                return Ok(Turn {
                    _local: local,
                    file: None,
                });
            }
        };
        let mut poll = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(Turn {
                        _local: local,
                        file: Some(file),
                    })
                }
                Err(TryLockError::WouldBlock) => {
                    stop.sleep(poll).await?;
                    poll = (poll * 2).min(MAX_POLL);
                }
                Err(TryLockError::Error(e)) => {
                    warn_once(&format!(
                        "the lock file {} cannot be locked ({e})",
                        path.display()
                    ));
                    return Ok(Turn {
                        _local: local,
                        file: None,
                    });
                }
            }
        }
    }

    /// One file per endpoint and key; hashed, since keys hold URLs and names.
    fn file_name(&self, key: &str) -> String {
        let digest = Sha256::new()
            .chain_update(self.endpoint.as_bytes())
            .chain_update([0u8])
            .chain_update(key.as_bytes())
            .finalize();
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.lock")
    }
}

/// The in-process turn of one lock file name, shared by every client in the process.
fn local_turn(name: &str) -> Arc<tokio::sync::Mutex<()>> {
    static TURNS: LazyLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> =
        LazyLock::new(Mutex::default);
    let mut turns = TURNS.lock().unwrap_or_else(|p| p.into_inner());
    turns.entry(name.to_string()).or_default().clone()
}

fn warn_once(problem: &str) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            "{problem}: creates take turns inside this provider process only, and an object that \
             appears after a create whose outcome is unknown is left alone instead of adopted"
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "api-client-kit-turns-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[tokio::test]
    async fn a_turn_excludes_another_holder_of_the_same_lock_file_until_dropped() {
        let dir = temp_dir("exclude");
        let turns = Turns::new(LockDir::at(&dir), "http://127.0.0.1:1/v0");
        let stop = Stop::default();
        let first = turns.take("tenant-1", &stop).await.unwrap();
        assert!(first.machine_wide());
        // Another process holding the file is what an open file description of our own looks
        // like to the lock: the file cannot be locked a second time.
        let other = open_lock_file(&dir.join(turns.file_name("tenant-1"))).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        other.try_lock().expect("free once the turn ends");
    }

    #[tokio::test]
    async fn unrelated_keys_do_not_wait_for_each_other() {
        let dir = temp_dir("unrelated");
        let turns = Turns::new(LockDir::at(&dir), "http://127.0.0.1:1/v0");
        let stop = Stop::default();
        let _a = turns.take("tenant-a", &stop).await.unwrap();
        let started = Instant::now();
        let b = turns.take("tenant-b", &stop).await.unwrap();
        assert!(b.machine_wide());
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn a_waiter_gets_the_turn_when_the_holder_lets_go_and_a_stop_ends_the_wait() {
        let dir = temp_dir("wait");
        let turns = Turns::new(LockDir::at(&dir), "http://127.0.0.1:1/v0");
        let stop = Stop::default();
        let path = turns
            .dir()
            .path()
            .expect("usable")
            .join(turns.file_name("busy"));
        let outsider = open_lock_file(&path).unwrap();
        outsider.lock().unwrap();
        let waiter = {
            let turns = turns.clone();
            let stop = stop.clone();
            tokio::spawn(async move { turns.take("busy", &stop).await.map(|t| t.machine_wide()) })
        };
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert!(!waiter.is_finished(), "waits while another holds the file");
        outsider.unlock().unwrap();
        assert_eq!(waiter.await.unwrap(), Ok(true));

        outsider.lock().unwrap();
        let stopped = {
            let turns = turns.clone();
            let stop = stop.clone();
            tokio::spawn(async move { turns.take("busy", &stop).await.map(|_| ()) })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.trigger();
        assert_eq!(stopped.await.unwrap(), Err(Stopped));
    }

    #[tokio::test]
    async fn an_unusable_directory_gives_turns_of_this_process_only_and_says_why() {
        let file = temp_dir("not-a-dir");
        std::fs::write(&file, b"a file where the directory should be").unwrap();
        let dir = LockDir::at(file.join("locks"));
        assert!(dir.path().is_none());
        assert!(
            dir.problem().unwrap().contains("cannot be used"),
            "{:?}",
            dir.problem()
        );
        let turns = Turns::new(dir, "http://127.0.0.1:1/v0");
        let turn = turns.take("k", &Stop::default()).await.unwrap();
        assert!(!turn.machine_wide());
    }

    #[test]
    fn nothing_is_created_until_the_directory_is_first_needed() {
        let dir = temp_dir("lazy");
        let lock_dir = LockDir::at(&dir);
        let _turns = Turns::new(lock_dir.clone(), "http://127.0.0.1:1/v0");
        assert!(!dir.exists(), "created before it was needed");
        assert_eq!(lock_dir.path(), Some(dir.as_path()));
        assert!(dir.is_dir());
    }

    #[test]
    fn file_names_depend_on_endpoint_and_key_only() {
        let dir = LockDir::at("/nonexistent-never-probed");
        let a = Turns::new(dir.clone(), "http://h/v0");
        let b = Turns::new(dir, "http://other/v0");
        assert_eq!(a.file_name("k"), a.file_name("k"));
        assert_ne!(a.file_name("k"), a.file_name("j"));
        assert_ne!(a.file_name("k"), b.file_name("k"));
    }
}
