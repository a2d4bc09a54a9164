//! The shell commands of README.md, CONTRIBUTING.md and the emulators' READMEs work when pasted at
//! the root of a fresh clone: every `cargo` command selects a package, binary, test or bench that
//! the manifests declare (the form cargo accepts at the workspace root), scripts exist and are
//! executable (and a provider named after one is a provider the scripts know), and no document
//! names a path outside the repository. Cargo itself is not run (it would wait for the
//! build lock this test run holds); the emulator's own test runs its README flags with `--help`.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const DOCUMENTS: &[&str] = &[
    "README.md",
    "emulators/resistant/README.md",
    "emulators/raven/README.md",
    "emulators/scaikey/README.md",
    "CONTRIBUTING.md",
    "examples/modules/customer/README.md",
];

/// One package of the workspace, as its manifest declares it.
#[derive(Debug)]
struct Package {
    name: String,
    dir: PathBuf,
    bins: Vec<String>,
    benches: Vec<String>,
}

/// `name = "..."` of each `[package]`, `[[bin]]` and `[[bench]]` table of a manifest.
fn package(dir: &Path) -> Package {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("read Cargo.toml");
    let mut package = Package {
        name: String::new(),
        dir: dir.to_path_buf(),
        bins: Vec::new(),
        benches: Vec::new(),
    };
    let mut table = String::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            table = line.to_string();
            continue;
        }
        let Some(value) = line
            .strip_prefix("name = \"")
            .and_then(|rest| rest.strip_suffix('"'))
        else {
            continue;
        };
        match table.as_str() {
            "[package]" => package.name = value.to_string(),
            "[[bin]]" => package.bins.push(value.to_string()),
            "[[bench]]" => package.benches.push(value.to_string()),
            _ => {}
        }
    }
    // A package without [[bin]] tables has its default binary, named after it.
    if package.bins.is_empty() && dir.join("src/main.rs").exists() {
        package.bins.push(package.name.clone());
    }
    package
}

/// The root package (what cargo selects at the root without `-p`) and the other members, as the
/// root manifest's `[workspace] members` lists them.
fn workspace() -> (Package, Vec<Package>) {
    let root = package(Path::new(ROOT));
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).expect("read");
    let members = manifest
        .split_once("members = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .unwrap_or_default();
    let others = members
        .split(',')
        .map(|item| item.trim().trim_matches('"'))
        .filter(|dir| !dir.is_empty() && *dir != ".")
        .map(|dir| package(&Path::new(ROOT).join(dir)))
        .collect();
    (root, others)
}

/// The commands of a Markdown document: each line of its `sh` blocks (with `\` continuations
/// joined) and each inline code span that starts like a command.
fn commands(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_shell = false;
    let mut pending = String::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_shell = !in_shell && trimmed == "```sh";
            continue;
        }
        if in_shell {
            let code = trimmed.split(" #").next().unwrap_or_default().trim();
            match code.strip_suffix('\\') {
                Some(start) => pending.push_str(start),
                None => {
                    pending.push_str(code);
                    if !pending.trim().is_empty() {
                        found.push(pending.trim().to_string());
                    }
                    pending.clear();
                }
            }
            continue;
        }
        for (i, span) in line.split('`').enumerate() {
            let command = without_env(span);
            if i % 2 == 1 && (command.starts_with("cargo ") || command.starts_with("./scripts/")) {
                found.push(span.to_string());
            }
        }
    }
    found
}

/// A command without leading `NAME=value` environment assignments.
fn without_env(command: &str) -> &str {
    let mut rest = command.trim();
    while let Some((word, tail)) = rest.split_once(' ') {
        let is_assignment = word.split_once('=').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        });
        if !is_assignment {
            break;
        }
        rest = tail.trim_start();
    }
    rest
}

/// Why a `cargo` command would fail at the workspace root, if it would.
fn cargo_problem(words: &[&str], root: &Package, others: &[Package]) -> Option<String> {
    let (subcommand, options) = words.split_first()?;
    // Installing a tool from crates.io and running `cargo machete` select nothing in the workspace.
    if ["install", "machete"].contains(subcommand) {
        return None;
    }
    if !["run", "test", "bench", "build", "clippy", "fmt"].contains(subcommand) {
        return Some(format!("unexpected cargo subcommand {subcommand:?}"));
    }
    let mut selected = root;
    let mut chosen: Vec<(&str, &str)> = Vec::new();
    let mut options = options.iter();
    while let Some(option) = options.next() {
        match *option {
            "--" => break,
            "-p" | "--package" => {
                let name = options.next()?;
                match others.iter().chain([root]).find(|p| p.name == *name) {
                    Some(package) => selected = package,
                    None => return Some(format!("no package named {name:?} in the workspace")),
                }
            }
            "--bin" | "--bench" | "--test" => chosen.push((option, options.next()?)),
            "--release" | "--locked" | "--offline" | "--frozen" | "--workspace" | "--all"
            | "--all-targets" | "--benches" => {}
            other => return Some(format!("option {other:?} is not one this test knows")),
        }
    }
    chosen.into_iter().find_map(|(kind, name)| {
        let known = match kind {
            "--bin" => selected.bins.contains(&name.to_string()),
            "--bench" => selected.benches.contains(&name.to_string()),
            _ => selected
                .dir
                .join("tests")
                .join(format!("{name}.rs"))
                .exists(),
        };
        (!known).then(|| {
            format!(
                "package {:?} (selected {}) has no {kind} target {name:?}",
                selected.name,
                if std::ptr::eq(selected, root) {
                    "by default at the root; add -p for another member"
                } else {
                    "with -p"
                }
            )
        })
    })
}

/// The providers the scripts know (`providers=` in scripts/lib.sh).
fn script_providers() -> Vec<String> {
    let lib = std::fs::read_to_string(Path::new(ROOT).join("scripts/lib.sh")).expect("read lib.sh");
    lib.lines()
        .find_map(|line| line.strip_prefix("providers=\""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("scripts/lib.sh lists its providers")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Why a script's arguments would fail, if they would: a first word that is a name (not `up`,
/// `down`, a version or a path) must be a provider the scripts know.
fn script_problem(arguments: &[&str]) -> Option<String> {
    let first = arguments.first()?;
    let is_name = first.chars().all(|c| c.is_ascii_lowercase());
    let providers = script_providers();
    (is_name && !["up", "down"].contains(first) && !providers.iter().any(|p| p == first))
        .then(|| format!("{first:?} is none of the scripts' providers {providers:?}"))
}

#[test]
fn every_readme_command_names_targets_that_exist_from_the_root() {
    let (root, others) = workspace();
    let mut checked = 0;
    for document in DOCUMENTS {
        let text = std::fs::read_to_string(Path::new(ROOT).join(document)).expect("read");
        for command in commands(&text) {
            let words: Vec<&str> = without_env(&command).split_whitespace().collect();
            let problem = match words.first() {
                Some(&"cargo") => cargo_problem(&words[1..], &root, &others),
                Some(script) if script.starts_with("./") => {
                    let path = Path::new(ROOT).join(script);
                    let executable = std::fs::metadata(&path).is_ok_and(|meta| {
                        std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o111 != 0
                    });
                    if !executable {
                        Some(format!("{script} is not an executable file"))
                    } else {
                        script_problem(&words[1..])
                    }
                }
                _ => None,
            };
            assert!(
                problem.is_none(),
                "{document}: `{command}`: {}",
                problem.unwrap()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "too few commands found ({checked}): is the parsing broken?"
    );
}

#[test]
fn the_checks_refuse_the_forms_cargo_refuses() {
    let (root, others) = workspace();
    let problem = |command: &str| {
        let words: Vec<&str> = command.split_whitespace().collect();
        cargo_problem(&words[1..], &root, &others)
    };
    // What the README said before: at the root, only the provider package is selected.
    assert!(problem("cargo run --release --bin resistant-emulator -- --help").is_some());
    assert!(problem("cargo run -p resistant-emulator -- --help").is_none());
    assert!(problem("cargo run -p no-such-package").is_some());
    assert!(problem("cargo machete").is_none());
    assert!(script_problem(&["raven", "down"]).is_none());
    assert!(script_problem(&["down"]).is_none());
    assert!(script_problem(&["0.1.0"]).is_none());
    assert!(script_problem(&["ravne"]).is_some());
    assert!(problem("cargo frobnicate").is_some());
    assert!(problem("cargo bench --bench client").is_none());
    assert!(problem("cargo bench --bench codec").is_some());
    assert!(problem("cargo bench -p tf-plugin-protocol --bench codec").is_none());
    assert!(problem("cargo bench --bench nope").is_some());
    assert!(problem("cargo test --test docs").is_none());
    assert!(problem("cargo test -p resistant-emulator --test docs").is_some());
    assert_eq!(
        commands("```sh\ncargo run -p x -- \\\n  --a 1 # note\n./scripts/test.sh\n```\nsee `UPDATE_DOCS=1 cargo test --test docs`."),
        ["cargo run -p x -- --a 1", "./scripts/test.sh", "UPDATE_DOCS=1 cargo test --test docs"]
    );
}

#[test]
fn no_document_names_a_path_outside_the_repository() {
    let mut documents: Vec<PathBuf> = DOCUMENTS.iter().map(|d| Path::new(ROOT).join(d)).collect();
    documents.push(Path::new(ROOT).join("ARCHITECTURE.md"));
    for dir in [
        "docs",
        "docs/resources",
        "docs/data-sources",
        "docs/guides",
        "benches",
        "examples",
    ] {
        if let Ok(entries) = std::fs::read_dir(Path::new(ROOT).join(dir)) {
            documents.extend(
                entries
                    .flatten()
                    .map(|entry| entry.path())
                    .filter(|path| path.extension().is_some_and(|ext| ext == "md")),
            );
        }
    }
    for path in documents {
        let text = std::fs::read_to_string(&path).expect("read");
        for outside in ["/work/", "/tmp/", "/home/", "/Users/"] {
            assert!(
                !text.contains(outside),
                "{} names a path outside the repository ({outside})",
                path.display()
            );
        }
    }
}

#[test]
fn the_readme_opens_with_exactly_the_two_set_up_commands_the_ci_runs() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("read");
    // The first shell block: the set-up commands.
    let first_block = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README.md has a shell block");
    let setup = commands(&format!("```sh\n{first_block}```\n"));
    assert_eq!(setup, ["./scripts/quickstart.sh", "./scripts/test.sh"]);
    let first_heading = readme.find("\n## ").unwrap();
    assert!(
        readme[first_heading..].starts_with("\n## Set up"),
        "the set-up commands come first"
    );
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).expect("read .ci/run");
    assert!(
        ci.lines()
            .any(|line| line.trim() == "exec ./scripts/test.sh"),
        ".ci/run runs the README's test command"
    );
    // The clean-up command is named, and the sections follow in order.
    assert!(readme.contains("`./scripts/quickstart.sh down`"));
    let order = [
        "## Set up",
        "## Point the provider at the real service",
        "## Features",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|h| {
            readme
                .find(h)
                .unwrap_or_else(|| panic!("README lacks {h:?}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "README order: {order:?}"
    );
}
