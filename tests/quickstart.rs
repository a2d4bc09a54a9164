//! The README's first command works on a clean copy of the repository: `./scripts/quickstart.sh`
//! starts an emulator, applies `examples/quickstart` and prints what it created and how to look
//! around; the printed commands work; `./scripts/quickstart.sh down` destroys everything, stops the
//! emulator and leaves nothing behind, and nothing is written outside the project.
//!
//! The script gets the binaries this test run already built (`QUICKSTART_PROVIDER_BIN`,
//! `QUICKSTART_EMULATOR_BIN`), so the project is not compiled a second time.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The emulator binary `cargo test --workspace` builds next to the provider's.
fn emulator_binary() -> PathBuf {
    let path = Path::new(support::PROVIDER_BINARY).with_file_name(format!(
        "resistant-emulator{}",
        std::env::consts::EXE_SUFFIX
    ));
    assert!(
        path.exists(),
        "{} is missing: run the whole test command (./scripts/test.sh), or build it first with \
         `cargo build -p resistant-emulator`",
        path.display()
    );
    path
}

/// The repository's files (tracked, and new ones not ignored) copied into a temporary directory,
/// as a fresh clone would have them.
fn clean_copy() -> tempfile::TempDir {
    let listing = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(ROOT)
        .output()
        .expect("run git ls-files");
    assert!(listing.status.success(), "{}", support::describe(&listing));
    let copy = tempfile::tempdir().expect("temp dir");
    for name in listing.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).to_string();
        let source = Path::new(ROOT).join(&name);
        if !source.is_file() {
            continue; // listed but deleted in the work tree
        }
        let target = copy.path().join(&name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&source, &target).unwrap_or_else(|e| panic!("copy {name}: {e}"));
    }
    copy
}

/// Runs `command` in `dir` with no inherited `TF_*`/`RESISTANT_*` settings and `HOME` at `home`.
fn run(dir: &Path, home: &Path, program: &str, args: &[&str]) -> Output {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("TF_") || key.starts_with("RESISTANT_") || key.starts_with("QUICKSTART_")
        {
            command.env_remove(key);
        }
    }
    command
        .env("HOME", home)
        .env("CHECKPOINT_DISABLE", "1")
        .env("QUICKSTART_PROVIDER_BIN", support::PROVIDER_BINARY)
        .env("QUICKSTART_EMULATOR_BIN", emulator_binary())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"))
}

/// The value printed after `label` on its line of the quickstart's summary.
fn printed<'a>(stdout: &'a str, label: &str) -> &'a str {
    stdout
        .lines()
        .find_map(|line| line.trim_start().strip_prefix(label))
        .map(str::trim)
        .unwrap_or_else(|| panic!("the quickstart printed no {label:?} line:\n{stdout}"))
}

fn process_alive(pid: &str) -> bool {
    Path::new("/proc").join(pid).exists()
        && std::fs::read_to_string(Path::new("/proc").join(pid).join("stat"))
            .map(|stat| !stat.contains(") Z "))
            .unwrap_or(false)
}

/// Stops the quickstart's emulator if the test ends before `down` did (a failed assertion), so a
/// failing run leaves no process behind either.
struct StopLeftovers(PathBuf);

impl Drop for StopLeftovers {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(&self.0) {
            let pid = pid.trim();
            if process_alive(pid) {
                let _ = Command::new("kill").arg(pid).status();
            }
        }
    }
}

#[test]
fn the_quickstart_creates_a_tenant_prints_how_to_use_it_and_cleans_up_after_itself() {
    let copy = clean_copy();
    let dir = copy.path();
    let home = tempfile::tempdir().expect("home dir");
    let _leftovers = StopLeftovers(dir.join(".quickstart/emulator.pid"));

    let up = run(dir, home.path(), "./scripts/quickstart.sh", &[]);
    assert!(
        up.status.success(),
        "quickstart failed\n{}",
        support::describe(&up)
    );
    let stdout = String::from_utf8_lossy(&up.stdout).to_string();
    let pid = std::fs::read_to_string(dir.join(".quickstart/emulator.pid"))
        .expect("the emulator's pid file")
        .trim()
        .to_string();

    let tenant = printed(&stdout, "tenant id");
    assert!(tenant.starts_with("ten_"), "tenant id line: {tenant:?}");
    let client_id = printed(&stdout, "client id").to_string();
    assert!(client_id.starts_with("0oa"), "client id: {client_id:?}");
    let token_url = printed(&stdout, "token URL").to_string();
    assert!(
        token_url.starts_with("http://127.0.0.1:") && token_url.ends_with("/v1/token"),
        "token URL: {token_url:?}"
    );
    assert!(
        printed(&stdout, "Documents UI").ends_with(".documents.localhost"),
        "{stdout}"
    );
    for hint in [
        "terraform -chdir=.quickstart/work show",
        "curl -s -u",
        "./scripts/quickstart.sh down",
    ] {
        assert!(stdout.contains(hint), "no {hint:?} in:\n{stdout}");
    }
    assert!(
        !stdout.contains("quickstart-secret"),
        "the organization secret was printed"
    );

    // The printed look-around commands work: show, outputs, a data-plane token, an empty plan.
    let show = run(
        dir,
        home.path(),
        "terraform",
        &["-chdir=.quickstart/work", "show", "-no-color"],
    );
    assert!(show.status.success(), "{}", support::describe(&show));
    assert!(String::from_utf8_lossy(&show.stdout).contains("resistant_tenant.quickstart"));
    let secret = run(
        dir,
        home.path(),
        "terraform",
        &["-chdir=.quickstart/work", "output", "-raw", "client_secret"],
    );
    assert!(secret.status.success(), "{}", support::describe(&secret));
    let token = support::tokens::data_plane_token(
        &token_url,
        &client_id,
        Some(String::from_utf8_lossy(&secret.stdout).trim()),
        None,
        &["submissions.write".to_string()],
    );
    assert!(token.is_ok(), "no data-plane token: {:?}", token.err());
    let plan = Command::new("terraform")
        .args([
            "-chdir=.quickstart/work",
            "plan",
            "-detailed-exitcode",
            "-no-color",
        ])
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", ".quickstart/terraform.rc")
        .env("HOME", home.path())
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .expect("run terraform plan");
    assert_eq!(plan.status.code(), Some(0), "{}", support::describe(&plan));

    // A second run reuses the emulator and changes nothing.
    let again = run(dir, home.path(), "./scripts/quickstart.sh", &[]);
    assert!(again.status.success(), "{}", support::describe(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("reusing the running emulator"));
    assert_eq!(
        printed(&String::from_utf8_lossy(&again.stdout), "tenant id"),
        tenant
    );

    let down = run(dir, home.path(), "./scripts/quickstart.sh", &["down"]);
    assert!(down.status.success(), "{}", support::describe(&down));
    assert!(
        String::from_utf8_lossy(&down.stdout).contains("Destroy complete! Resources: 2 destroyed"),
        "{}",
        support::describe(&down)
    );
    assert!(!process_alive(&pid), "the emulator (pid {pid}) still runs");
    assert!(!dir.join(".quickstart").exists(), ".quickstart/ is left");
    let written: Vec<_> = std::fs::read_dir(home.path()).unwrap().flatten().collect();
    assert!(
        written.is_empty(),
        "the quickstart wrote to HOME: {written:?}"
    );
}
