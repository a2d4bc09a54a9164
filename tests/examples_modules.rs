//! The `terraform test` suites of `examples/modules/customer/` pass: the mocked one on its own (no
//! service at all), then both with the provider pointed at an emulator started here, which must
//! end empty since `terraform test` destroys what it created.

mod support;

use std::path::Path;

use support::emulator::{api, start_default, tenant_count};
use support::{describe, Workspace};

/// A workspace holding a copy of the module's files (its `tests/` included), initialised.
fn module_workspace() -> Workspace {
    let ws = Workspace::new(support::mirror());
    let module = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/modules/customer");
    for dir in [module.clone(), module.join("tests")] {
        for entry in std::fs::read_dir(&dir).expect("read module dir").flatten() {
            let path = entry.path();
            if path.is_file() {
                let relative = path
                    .strip_prefix(&module)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                ws.write_file(&relative, &std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    ws.init();
    ws
}

/// Runs `terraform test` with `args`, panicking with its output unless every run passed.
fn assert_tests_pass(ws: &Workspace, args: &[&str], expected_runs: usize) {
    let mut command = vec!["test", "-no-color"];
    command.extend_from_slice(args);
    let output = ws.run(&command);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "terraform test failed\n{}",
        describe(&output)
    );
    let summary = format!("Success! {expected_runs} passed, 0 failed.");
    assert!(
        stdout.contains(&summary),
        "expected {summary:?}\n{}",
        describe(&output)
    );
}

#[test]
fn the_mocked_module_suite_passes_without_any_service() {
    let ws = module_workspace();
    assert_tests_pass(&ws, &["-filter=tests/mock.tftest.hcl"], 6);
}

#[test]
fn both_module_suites_pass_against_an_emulator_and_leave_it_empty() {
    let emulator = start_default();
    let mut ws = module_workspace();
    ws.set_env("RESISTANT_ENDPOINT", &emulator.endpoint());
    ws.set_env("RESISTANT_TOKEN_URL", &emulator.token_url());
    ws.set_env("RESISTANT_CLIENT_ID", &emulator.org_client_id());
    ws.set_env("RESISTANT_CLIENT_SECRET", &emulator.org_client_secret());
    assert_tests_pass(&ws, &[], 8);
    assert_eq!(
        tenant_count(&api(&emulator)),
        0,
        "terraform test destroyed what it created"
    );
}
