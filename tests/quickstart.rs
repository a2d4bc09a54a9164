//! The README's first command works on a clean copy of the repository, for each provider:
//! `./scripts/quickstart.sh [raven|scaikey]` starts the provider's emulator, applies its
//! `examples/quickstart` and prints what it created and how to look around; the printed commands
//! work; a second run reuses the emulator and changes nothing; `down` destroys everything, stops the
//! emulator and leaves nothing behind, and nothing is written outside the project.
//!
//! The script gets the binaries this test run already built (`QUICKSTART_PROVIDER_BIN`,
//! `QUICKSTART_EMULATOR_BIN`), so the project is not compiled a second time.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One provider's quickstart: how it is asked for, and where it keeps its files.
struct Quickstart {
    /// The script's provider argument (none for the default, resistant).
    argument: Option<&'static str>,
    /// The provider's and its emulator's binaries.
    provider: &'static str,
    emulator: &'static str,
    /// The project-local directory the quickstart writes into.
    dir: &'static str,
    /// How many objects its example creates (and `down` destroys).
    objects: usize,
}

const RESISTANT: Quickstart = Quickstart {
    argument: None,
    provider: "terraform-provider-resistant",
    emulator: "resistant-emulator",
    dir: ".quickstart",
    objects: 2,
};
const RAVEN: Quickstart = Quickstart {
    argument: Some("raven"),
    provider: "terraform-provider-raven",
    emulator: "raven-emulator",
    dir: ".quickstart-raven",
    objects: 2,
};
const SCAIKEY: Quickstart = Quickstart {
    argument: Some("scaikey"),
    provider: "terraform-provider-scaikey",
    emulator: "scaikey-emulator",
    dir: ".quickstart-scaikey",
    objects: 1,
};

/// A binary `cargo test --workspace` builds next to the Resistant provider's.
fn binary(name: &str) -> PathBuf {
    let path = Path::new(support::PROVIDER_BINARY)
        .with_file_name(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: run the whole test command (./scripts/test.sh), or build it first with \
         `cargo build --workspace --bins`",
        path.display()
    );
    path
}

impl Quickstart {
    /// The script's arguments for `action` (`up` is the default and not passed).
    fn args(&self, action: Option<&'static str>) -> Vec<&'static str> {
        self.argument.into_iter().chain(action).collect()
    }

    /// Runs the script with `action` in the copy `dir`.
    fn script(&self, dir: &Path, home: &Path, action: Option<&'static str>) -> Output {
        run(
            dir,
            home,
            "./scripts/quickstart.sh",
            &self.args(action),
            self,
        )
    }
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

/// Runs `command` in `dir` with no inherited `TF_*`/`RESISTANT_*`/`RAVEN_*`/`SCAIKEY_*` settings,
/// `HOME` at `home`, and the binaries of `quickstart`'s provider and emulator.
fn run(dir: &Path, home: &Path, program: &str, args: &[&str], quickstart: &Quickstart) -> Output {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    for (key, _) in std::env::vars() {
        let ours = ["TF_", "RESISTANT_", "RAVEN_", "SCAIKEY_", "QUICKSTART_"];
        if ours.iter().any(|prefix| key.starts_with(prefix)) {
            command.env_remove(key);
        }
    }
    command
        .env("HOME", home)
        .env("CHECKPOINT_DISABLE", "1")
        .env("QUICKSTART_PROVIDER_BIN", binary(quickstart.provider))
        .env("QUICKSTART_EMULATOR_BIN", binary(quickstart.emulator))
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

/// The quickstart of `quickstart`'s provider in a clean copy: `up`, then `check_up` with the copy,
/// `HOME` and what `up` printed (which returns what identifies the created object in that output),
/// then what every quickstart promises: `terraform show` and an empty plan with the printed CLI
/// configuration, a second `up` reusing the emulator and printing the same object, and `down`
/// destroying everything, stopping the emulator and removing the directory, with nothing in `HOME`.
fn quickstart_lifecycle(
    quickstart: &Quickstart,
    created: &str,
    check_up: impl Fn(&Path, &Path, &str) -> String,
) {
    let copy = clean_copy();
    let dir = copy.path();
    let home = tempfile::tempdir().expect("home dir");
    let local = dir.join(quickstart.dir);
    let _leftovers = StopLeftovers(local.join("emulator.pid"));

    let up = quickstart.script(dir, home.path(), None);
    assert!(
        up.status.success(),
        "quickstart failed\n{}",
        support::describe(&up)
    );
    let stdout = String::from_utf8_lossy(&up.stdout).to_string();
    let pid = std::fs::read_to_string(local.join("emulator.pid"))
        .expect("the emulator's pid file")
        .trim()
        .to_string();
    let work = format!("-chdir={}/work", quickstart.dir);
    let cli_config = format!("{}/terraform.rc", quickstart.dir);
    let down = match quickstart.argument {
        Some(provider) => format!("./scripts/quickstart.sh {provider} down"),
        None => "./scripts/quickstart.sh down".to_string(),
    };
    for hint in [
        format!("terraform {work} show"),
        format!("TF_CLI_CONFIG_FILE={cli_config} terraform {work} plan"),
        down,
    ] {
        assert!(stdout.contains(&hint), "no {hint:?} in:\n{stdout}");
    }
    assert!(
        !stdout.contains("quickstart-secret"),
        "the emulator's admin secret was printed"
    );
    let identity = check_up(dir, home.path(), &stdout);

    // The printed look-around commands work: show, and an empty plan.
    let show = run(
        dir,
        home.path(),
        "terraform",
        &[&work, "show", "-no-color"],
        quickstart,
    );
    assert!(show.status.success(), "{}", support::describe(&show));
    assert!(
        String::from_utf8_lossy(&show.stdout).contains(created),
        "{}",
        support::describe(&show)
    );
    // The user's own terraform, in the user's home: the provider it starts may keep its lock
    // directory there (`~/.cache`), which is not the quickstart writing outside the project.
    let user_home = tempfile::tempdir().expect("the user's home");
    let plan = Command::new("terraform")
        .args([work.as_str(), "plan", "-detailed-exitcode", "-no-color"])
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", &cli_config)
        .env("HOME", user_home.path())
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .expect("run terraform plan");
    assert_eq!(plan.status.code(), Some(0), "{}", support::describe(&plan));

    // A second run reuses the emulator and changes nothing.
    let again = quickstart.script(dir, home.path(), None);
    assert!(again.status.success(), "{}", support::describe(&again));
    let again = String::from_utf8_lossy(&again.stdout).to_string();
    assert!(again.contains("reusing the running emulator"), "{again}");
    assert_eq!(check_up(dir, home.path(), &again), identity);

    let down = quickstart.script(dir, home.path(), Some("down"));
    assert!(down.status.success(), "{}", support::describe(&down));
    let destroyed = format!(
        "Destroy complete! Resources: {} destroyed",
        quickstart.objects
    );
    assert!(
        String::from_utf8_lossy(&down.stdout).contains(&destroyed),
        "{}",
        support::describe(&down)
    );
    assert!(!process_alive(&pid), "the emulator (pid {pid}) still runs");
    assert!(!local.exists(), "{}/ is left", quickstart.dir);
    let written: Vec<_> = std::fs::read_dir(home.path()).unwrap().flatten().collect();
    assert!(
        written.is_empty(),
        "the quickstart wrote to HOME: {written:?}"
    );
}

/// The shell command printed on the line after `comment` (with its `\` continuation joined).
fn printed_command(stdout: &str, comment: &str) -> String {
    let mut lines = stdout
        .lines()
        .skip_while(|line| !line.contains(comment))
        .skip(1);
    let mut command = String::new();
    for line in lines.by_ref() {
        match line.trim().strip_suffix('\\') {
            Some(start) => command.push_str(start),
            None => {
                command.push_str(line.trim());
                break;
            }
        }
    }
    assert!(
        !command.is_empty(),
        "no command after {comment:?} in:\n{stdout}"
    );
    command
}

#[test]
fn the_quickstart_creates_a_tenant_prints_how_to_use_it_and_cleans_up_after_itself() {
    quickstart_lifecycle(
        &RESISTANT,
        "resistant_tenant.quickstart",
        |dir, home, stdout| {
            let tenant = printed(stdout, "tenant id");
            assert!(tenant.starts_with("ten_"), "tenant id line: {tenant:?}");
            let client_id = printed(stdout, "client id").to_string();
            assert!(client_id.starts_with("0oa"), "client id: {client_id:?}");
            let token_url = printed(stdout, "token URL").to_string();
            assert!(
                token_url.starts_with("http://127.0.0.1:") && token_url.ends_with("/v1/token"),
                "token URL: {token_url:?}"
            );
            assert!(
                printed(stdout, "Documents UI").ends_with(".documents.localhost"),
                "{stdout}"
            );
            assert!(
                stdout.contains("curl -s -u"),
                "no curl command in:\n{stdout}"
            );
            // The application's credentials get a data-plane token.
            let secret = run(
                dir,
                home,
                "terraform",
                &["-chdir=.quickstart/work", "output", "-raw", "client_secret"],
                &RESISTANT,
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
            tenant.to_string()
        },
    );
}

#[test]
fn the_raven_quickstart_registers_a_tenant_and_a_reader_key_and_cleans_up_after_itself() {
    quickstart_lifecycle(&RAVEN, "raven_tenant.quickstart", |dir, home, stdout| {
        let tenant = printed(stdout, "tenant id").to_string();
        assert!(
            tenant.contains("(name: Quickstart)"),
            "tenant id line: {tenant:?}"
        );
        let reader = printed(stdout, "reader key");
        assert!(
            reader.starts_with("rk_live_"),
            "reader key line: {reader:?}"
        );
        // The printed curl reads the tenant with the read-only key.
        let curl = printed_command(stdout, "# The tenant as the read-only key sees it:");
        assert!(curl.starts_with("curl -s -H"), "{curl}");
        let answer = run(dir, home, "bash", &["-c", &curl], &RAVEN);
        assert!(answer.status.success(), "{}", support::describe(&answer));
        let body: serde_json::Value =
            serde_json::from_slice(&answer.stdout).expect("the tenant as JSON");
        assert_eq!(body["name"], "Quickstart", "{body}");
        assert!(tenant.starts_with(body["tenant_id"].as_str().expect("tenant_id")));
        tenant
    });
}

#[test]
fn the_scaikey_quickstart_creates_a_tenant_lists_it_and_cleans_up_after_itself() {
    quickstart_lifecycle(&SCAIKEY, "scaikey_tenant.quickstart", |_, _, stdout| {
        let tenant = printed(stdout, "tenant id").to_string();
        assert!(
            tenant.ends_with("(slug: quickstart)"),
            "tenant id line: {tenant:?}"
        );
        assert_eq!(printed(stdout, "tenants listed"), "1", "{stdout}");
        tenant
    });
}
