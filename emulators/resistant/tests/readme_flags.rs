//! The emulator commands of the READMEs parse: each `cargo run -p resistant-emulator -- FLAGS`
//! line of README.md and emulators/resistant/README.md is run through the built binary as `FLAGS --help`,
//! which the argument parser refuses (exit 2) when a flag or its value is not accepted, and
//! answers with the help text otherwise. (Which package and binary cargo selects is checked by the
//! provider's `tests/readme_commands.rs`.)

use std::path::Path;
use std::process::Command;

const BINARY: &str = env!("CARGO_BIN_EXE_resistant-emulator");
const DOCUMENTS: &[&str] = &["../../README.md", "README.md"];

/// The flags after `--` of every `cargo run` line of the document's `sh` blocks that runs the
/// emulator (`\` continuations joined).
fn emulator_flags(markdown: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut in_shell = false;
    let mut pending = String::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_shell = !in_shell && trimmed == "```sh";
            continue;
        }
        if !in_shell {
            continue;
        }
        if let Some(start) = trimmed.strip_suffix('\\') {
            pending.push_str(start);
            continue;
        }
        pending.push_str(trimmed);
        let command = std::mem::take(&mut pending);
        if command.starts_with("cargo run") && command.contains("resistant-emulator") {
            let flags = command.split_once(" -- ").map_or("", |(_, flags)| flags);
            found.push(flags.split_whitespace().map(str::to_string).collect());
        }
    }
    found
}

#[test]
fn the_readme_emulator_commands_parse() {
    let mut checked = 0;
    for document in DOCUMENTS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(document);
        let text = std::fs::read_to_string(&path).expect("read README");
        for flags in emulator_flags(&text) {
            let output = Command::new(BINARY)
                .args(&flags)
                .arg("--help")
                .output()
                .expect("run the emulator");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "{document}: the flags {flags:?} do not parse:\n{stderr}"
            );
            assert!(String::from_utf8_lossy(&output.stdout).contains("--listen"));
            checked += 1;
        }
    }
    assert_eq!(checked, 2, "one emulator command in each README");
}

#[test]
fn a_flag_the_emulator_does_not_know_fails_the_check() {
    let output = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0", "--no-such-flag", "--help"])
        .output()
        .expect("run the emulator");
    assert!(!output.status.success());
    let output = Command::new(BINARY)
        .args(["--listen", "not-an-address", "--help"])
        .output()
        .expect("run the emulator");
    assert!(!output.status.success(), "a bad value is refused too");
}

/// Every fault flag, as `--help` and the emulator's README must both describe it.
const FAULT_FLAGS: &[&str] = &[
    "--fail-rate",
    "--fail-after-commit-rate",
    "--drop-after-commit-rate",
    "--rate-limit",
    "--latency-ms",
    "--fault-seed",
    "--faults-on-token",
];

#[test]
fn every_fault_flag_is_described_in_the_help_and_the_readme() {
    let output = Command::new(BINARY)
        .arg("--help")
        .output()
        .expect("run the emulator");
    let help = String::from_utf8_lossy(&output.stdout);
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("read README");
    for flag in FAULT_FLAGS {
        assert!(
            help.contains(flag),
            "--help does not describe {flag}:\n{help}"
        );
        assert!(
            readme.contains(&format!("`{flag}")),
            "emulators/resistant/README.md does not describe {flag}"
        );
    }
}
