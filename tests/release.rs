//! `./scripts/release.sh [raven|scaikey] VERSION` writes what a registry or a private mirror serves,
//! and Terraform accepts it: checksums match, `terraform providers lock -fs-mirror` hashes the packed
//! mirror, and `terraform init` installs from that mirror with the lock file, offline. The release
//! packages the binary this test run built (`RELEASE_PROVIDER_BIN`), so nothing is compiled twice.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{describe, provider_block, Workspace, VERSION};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One provider as the release script packages it.
struct Released {
    /// The script's provider argument (none for the default, resistant).
    argument: Option<&'static str>,
    /// Its package and binary.
    package: &'static str,
    /// Its source address without the registry, as `terraform init` reports it.
    source: &'static str,
    /// Its manifest, relative to the root.
    manifest: &'static str,
}

impl Released {
    /// The version in the `[package]` table of its manifest.
    fn version(&self) -> String {
        let text = std::fs::read_to_string(Path::new(ROOT).join(self.manifest)).expect("manifest");
        let package = text.split("[package]").nth(1).expect("a [package] table");
        package
            .lines()
            .find_map(|line| line.strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .expect("a version")
            .to_string()
    }
}

const RESISTANT: Released = Released {
    argument: None,
    package: "terraform-provider-resistant",
    source: "resistant-ai/resistant",
    manifest: "Cargo.toml",
};
const RAVEN: Released = Released {
    argument: Some("raven"),
    package: "terraform-provider-raven",
    source: "raven/raven",
    manifest: "providers/raven/Cargo.toml",
};
const SCAIKEY: Released = Released {
    argument: Some("scaikey"),
    package: "terraform-provider-scaikey",
    source: "scaikey/scaikey",
    manifest: "providers/scaikey/Cargo.toml",
};

/// A binary `cargo test --workspace` builds next to the Resistant provider's.
fn binary(name: &str) -> PathBuf {
    let path = Path::new(support::PROVIDER_BINARY).with_file_name(name);
    assert!(
        path.exists(),
        "{} is missing: run the whole test command (./scripts/test.sh), or build it first with \
         `cargo build -p {name}`",
        path.display()
    );
    path
}

fn release_of(released: &Released, dist: &Path, version: &str) -> Output {
    Command::new("./scripts/release.sh")
        .args(released.argument)
        .arg(version)
        .current_dir(ROOT)
        .env("RELEASE_PROVIDER_BIN", binary(released.package))
        .env("RELEASE_DIST_DIR", dist)
        .env_remove("RELEASE_GPG_KEY_ID")
        .output()
        .expect("run scripts/release.sh")
}

fn release(dist: &Path, version: &str) -> Output {
    release_of(&RESISTANT, dist, version)
}

/// Releases `released`, checks what was written, then locks from the packed mirror and installs
/// from it offline with that lock file; `main_tf` requires the provider and configures it.
fn a_release_installs_offline(released: &Released, main_tf: &str) {
    let version = released.version();
    let dist = tempfile::tempdir().expect("dist dir");
    let output = release_of(released, dist.path(), &version);
    assert!(
        output.status.success(),
        "release failed\n{}",
        describe(&output)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("not signed"), "{stdout}");
    assert!(stdout.contains("not built here"), "{stdout}");

    let name = format!("{}_{version}", released.package);
    let manifest = std::fs::read_to_string(dist.path().join(format!("{name}_manifest.json")))
        .expect("the manifest");
    assert_eq!(
        manifest.trim(),
        r#"{"version":1,"metadata":{"protocol_versions":["6.0"]}}"#
    );
    let check = Command::new("sha256sum")
        .args(["-c", &format!("{name}_SHA256SUMS")])
        .current_dir(dist.path())
        .output()
        .expect("run sha256sum");
    assert!(check.status.success(), "{}", describe(&check));
    let sums = std::fs::read_to_string(dist.path().join(format!("{name}_SHA256SUMS"))).unwrap();
    let zip_name = format!("{name}_linux_amd64.zip");
    let zip_sum = sums
        .lines()
        .find(|line| line.ends_with(&zip_name))
        .and_then(|line| line.split_whitespace().next())
        .unwrap_or_else(|| panic!("no {zip_name} in SHA256SUMS:\n{sums}"))
        .to_string();
    assert_eq!(zip_sum.len(), 64, "a SHA-256 in hex: {zip_sum}");
    let listing = Command::new("unzip")
        .args(["-Z1", &zip_name])
        .current_dir(dist.path())
        .output()
        .expect("run unzip");
    assert_eq!(
        String::from_utf8_lossy(&listing.stdout).trim(),
        format!("{}_v{version}", released.package),
        "the zip holds only the binary, named as Terraform expects"
    );

    // Lock from the packed mirror, then install from it with that lock file and nothing else.
    let mirror = dist.path().join("mirror");
    let mut ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", main_tf);
    ws.run_ok(&[
        "providers",
        "lock",
        &format!("-fs-mirror={}", mirror.display()),
        "-platform=linux_amd64",
    ]);
    // A filesystem mirror yields the package's h1: hash; `-lockfile=readonly` below makes init
    // check the installed package against it.
    let lock = ws.read_file(".terraform.lock.hcl");
    assert!(
        lock.contains(&format!("version     = \"{version}\"")) && lock.contains("\"h1:"),
        "the lock file records the version and its hash:\n{lock}"
    );
    let cli_config = ws.path().join("mirror.tfrc");
    ws.write_file(
        "mirror.tfrc",
        &format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path = \"{}\"\n  }}\n}}\n",
            mirror.display()
        ),
    );
    ws.set_env("TF_CLI_CONFIG_FILE", &cli_config.display().to_string());
    let init = ws.run_ok(&["init", "-input=false", "-no-color", "-lockfile=readonly"]);
    assert!(
        String::from_utf8_lossy(&init.stdout)
            .contains(&format!("Installed {} v{version}", released.source)),
        "{}",
        describe(&init)
    );
    let validate = ws.validate_json();
    assert_eq!(validate["valid"], true, "{validate:#}");
}

/// A configuration that requires `released` in its version, with an empty provider block.
fn requiring(name: &str, released: &Released) -> String {
    let (source, version) = (released.source, released.version());
    format!(
        "terraform {{\n  required_providers {{\n    {name} = {{\n      source  = \"{source}\"\n      \
         version = \"{version}\"\n    }}\n  }}\n}}\n\nprovider \"{name}\" {{}}\n"
    )
}

#[test]
fn a_release_installs_offline_from_its_packed_mirror_with_a_lock_file() {
    a_release_installs_offline(
        &RESISTANT,
        &provider_block("  environment = \"production\""),
    );
}

#[test]
fn a_raven_release_installs_offline_from_its_packed_mirror_with_a_lock_file() {
    a_release_installs_offline(&RAVEN, &requiring("raven", &RAVEN));
}

#[test]
fn a_scaikey_release_installs_offline_from_its_packed_mirror_with_a_lock_file() {
    a_release_installs_offline(&SCAIKEY, &requiring("scaikey", &SCAIKEY));
}

#[test]
fn a_release_of_another_version_than_the_crate_is_refused() {
    let dist = tempfile::tempdir().expect("dist dir");
    let output = release(dist.path(), "9.9.9");
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("differs from Cargo.toml"));
    assert_eq!(std::fs::read_dir(dist.path()).unwrap().count(), 0);
    let output = release_of(&RAVEN, dist.path(), "9.9.9");
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("differs from providers/raven/Cargo.toml")
    );
    assert_eq!(std::fs::read_dir(dist.path()).unwrap().count(), 0);
}

#[test]
fn a_release_of_an_unknown_provider_is_refused_with_the_usage() {
    let dist = tempfile::tempdir().expect("dist dir");
    let output = Command::new("./scripts/release.sh")
        .args(["nosuch", VERSION])
        .current_dir(ROOT)
        .env("RELEASE_DIST_DIR", dist.path())
        .output()
        .expect("run scripts/release.sh");
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("resistant raven scaikey"),
        "{}",
        describe(&output)
    );
    assert_eq!(std::fs::read_dir(dist.path()).unwrap().count(), 0);
}

/// Runs gpg with its home at `home`, panicking with its output unless it succeeds.
fn gpg(home: &Path, args: &[&str]) -> Output {
    let output = Command::new("gpg")
        .args(["--batch", "--quiet"])
        .args(args)
        .env("GNUPGHOME", home)
        .output()
        .expect("run gpg");
    assert!(
        output.status.success(),
        "gpg {args:?}\n{}",
        describe(&output)
    );
    output
}

#[test]
fn a_release_with_a_gpg_key_signs_its_checksums() {
    if Command::new("gpg").arg("--version").output().is_err() {
        eprintln!("gpg is not installed: the signing step is not exercised here");
        return;
    }
    let home = tempfile::tempdir().expect("GNUPGHOME");
    gpg(
        home.path(),
        &[
            "--passphrase",
            "",
            "--quick-generate-key",
            "Release Test <release@example.invalid>",
            "ed25519",
            "sign",
            "1d",
        ],
    );
    let dist = tempfile::tempdir().expect("dist dir");
    let output = Command::new("./scripts/release.sh")
        .arg(VERSION)
        .current_dir(ROOT)
        .env("RELEASE_PROVIDER_BIN", support::PROVIDER_BINARY)
        .env("RELEASE_DIST_DIR", dist.path())
        .env("RELEASE_GPG_KEY_ID", "release@example.invalid")
        .env("GNUPGHOME", home.path())
        .output()
        .expect("run scripts/release.sh");
    let stopped = Command::new("gpgconf")
        .args(["--kill", "gpg-agent"])
        .env("GNUPGHOME", home.path())
        .status();
    assert!(
        output.status.success(),
        "release failed\n{}",
        describe(&output)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("signed with key"));
    let sums = dist
        .path()
        .join(format!("terraform-provider-resistant_{VERSION}_SHA256SUMS"));
    let signature = sums.with_file_name(format!(
        "terraform-provider-resistant_{VERSION}_SHA256SUMS.sig"
    ));
    gpg(
        home.path(),
        &[
            "--verify",
            &signature.display().to_string(),
            &sums.display().to_string(),
        ],
    );
    assert!(stopped.is_ok_and(|s| s.success()), "gpg-agent stopped");
}
