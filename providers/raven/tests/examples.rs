//! The configurations in `examples/` stay true: the per-object snippets the docs embed validate
//! together with the provider snippet, and the emulator example applies against a live emulator,
//! plans nothing more, and destroys.

mod support;

use std::path::{Path, PathBuf};

use support::state::outputs;
use support::{emulator, mirror, provider_block, Workspace};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn the_documentation_snippets_validate_together() {
    let ws = Workspace::new(mirror());
    let required = provider_block("").replace("provider \"raven\" {\n\n}\n", "");
    ws.write_file(
        "main.tf",
        &(required + &read(&examples().join("provider/provider.tf"))),
    );
    let mut count = 0;
    for kind in ["resources", "data-sources"] {
        for object in std::fs::read_dir(examples().join(kind)).unwrap().flatten() {
            for file in std::fs::read_dir(object.path()).unwrap().flatten() {
                if file.path().extension().is_some_and(|e| e == "tf") {
                    let name = format!("{kind}-{}.tf", object.file_name().to_string_lossy());
                    ws.write_file(&name, &read(&file.path()));
                    count += 1;
                }
            }
        }
    }
    assert_eq!(count, 3, "a snippet per object");
    ws.init();
    let report = ws.validate_json();
    assert_eq!(
        report["valid"], true,
        "the snippets do not validate: {report:#}"
    );
}

#[test]
fn the_emulator_example_applies_plans_nothing_more_and_destroys() {
    let emulator = emulator();
    let ws = Workspace::new(mirror());
    let text = read(&examples().join("emulator/main.tf"))
        .replace("http://127.0.0.1:3000", &emulator.endpoint())
        .replace(
            "source = \"raven/raven\"",
            &format!(
                "source  = \"raven/raven\"\n      version = \"{}\"",
                support::VERSION
            ),
        );
    ws.write_file("main.tf", &text);
    ws.init();
    ws.apply();
    assert!(
        ws.plan_is_empty(),
        "the plan after applying the example is not empty"
    );
    let seen = &outputs(&ws)["settings_seen_by_reader"];
    assert_eq!(seen["retention_days"], 14, "{seen:#}");
    ws.destroy();
}
