//! The configurations in `examples/` stay true: every standalone example validates with the real
//! provider, the per-object snippets the docs embed validate together, and the emulator example
//! applies and destroys against a live emulator.

mod support;

use std::path::{Path, PathBuf};

use support::emulator::start_default;
use support::{describe, provider_block, Workspace};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn assert_valid(ws: &Workspace, what: &str) {
    ws.init();
    let report = ws.validate_json();
    assert_eq!(
        report["valid"], true,
        "{what} does not validate: {report:#}"
    );
}

/// The per-object snippet folders the docs embed; they validate together, not alone.
const SNIPPET_KINDS: &[&str] = &[
    "resources",
    "data-sources",
    "ephemeral-resources",
    "functions",
    "provider",
    // Terraform 1.14+ only: checked on Terraform 1.15 by tests/acceptance_terraform_1_15.rs.
    "actions",
    "list-resources",
];

/// Every file under `dir`, relative to `base`.
fn files_under(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read examples").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(base, &path, out);
        } else {
            out.push(path.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

#[test]
fn every_standalone_example_directory_validates() {
    let root = examples_dir();
    let mut files = Vec::new();
    files_under(&root, &root, &mut files);
    // The whole tree is copied, so modules are found at their relative sources.
    let ws = Workspace::new(support::mirror());
    for file in &files {
        ws.write_file(&file.to_string_lossy(), &read(&root.join(file)));
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "tf"))
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .filter(|dir| {
            let top = dir.components().next().unwrap().as_os_str();
            !SNIPPET_KINDS.iter().any(|kind| top == *kind)
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    for expected in [
        "quickstart",
        "customers",
        "modules/customer",
        "key-rotation",
    ] {
        assert!(
            dirs.contains(&PathBuf::from(expected)),
            "examples/{expected} is not among {dirs:?}"
        );
    }
    for dir in &dirs {
        let chdir = format!("-chdir={}", dir.display());
        ws.run_ok(&[&chdir, "init", "-input=false", "-no-color"]);
        let output = ws.run(&[&chdir, "validate", "-json", "-no-color"]);
        let report: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("validate printed no JSON: {e}\n{}", describe(&output)));
        assert_eq!(
            report["valid"],
            true,
            "examples/{} does not validate: {report:#}",
            dir.display()
        );
    }
}

#[test]
fn documentation_snippets_validate_together() {
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &provider_block("  environment = \"production\""));
    // The provider snippet declares the variables it reads.
    ws.write_file(
        "variables.tf",
        "variable \"resistant_client_id\" {\n  type = string\n}\n\
         variable \"resistant_client_secret\" {\n  type = string\n  sensitive = true\n}\n",
    );
    ws.write_file(
        "acme-us-1.pub.pem",
        &support::fixture("rsa2048_public_spki.pem"),
    );
    let mut count = 0;
    for kind in [
        "resources",
        "data-sources",
        "ephemeral-resources",
        "functions",
    ] {
        let Ok(objects) = std::fs::read_dir(examples_dir().join(kind)) else {
            continue;
        };
        for object in objects.flatten() {
            for file in std::fs::read_dir(object.path()).unwrap().flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "tf") {
                    let name = format!("{kind}-{}", object.file_name().to_string_lossy());
                    ws.write_file(&format!("{name}.tf"), &read(&path));
                    count += 1;
                }
            }
        }
    }
    assert!(count >= 9, "expected a snippet per object, found {count}");
    let provider_snippet = read(&examples_dir().join("provider/provider.tf"));
    // The provider snippet replaces the minimal provider block.
    ws.write_file(
        "main.tf",
        &(provider_block("").replace("provider \"resistant\" {\n\n}\n", "") + &provider_snippet),
    );
    assert_valid(&ws, "the documentation snippets");
}

#[test]
fn emulator_example_applies_and_destroys() {
    let emulator = start_default();
    let text = read(&examples_dir().join("emulator/main.tf"))
        .replace("http://127.0.0.1:8080", &emulator.base_url())
        .replace(
            "\"local-secret\"",
            &format!("\"{}\"", emulator.org_client_secret()),
        )
        .replace("\"local\"", &format!("\"{}\"", emulator.org_client_id()));
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &text);
    ws.init();
    let applied = ws.apply();
    assert!(
        ws.plan_is_empty(),
        "plan after apply: {}",
        describe(&applied)
    );
    let outputs = ws.show_json();
    let token_url = outputs["values"]["outputs"]["token_url"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        token_url.starts_with(&emulator.base_url()),
        "token_url {token_url:?} is the emulator's"
    );
    ws.destroy();
    let api = support::emulator::api(&emulator);
    assert_eq!(support::emulator::tenant_count(&api), 0);
}
