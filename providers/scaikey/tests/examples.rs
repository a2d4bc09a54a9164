//! The configurations in `examples/` stay true: the snippets the docs embed validate together with
//! the real provider, and the emulator quickstart validates on its own.

mod support;

use std::path::Path;

use support::{provider_block, Workspace};

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

#[test]
fn the_documentation_snippets_validate_together() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let ws = Workspace::new(support::mirror());
    let provider = read(&examples.join("provider/provider.tf"));
    let header = provider_block("").replace("provider \"scaikey\" {\n\n}\n", "");
    ws.write_file("main.tf", &(header + &provider));
    ws.write_file(
        "variables.tf",
        "variable \"scaikey_client_id\" {\n  type = string\n}\n\
         variable \"scaikey_client_secret\" {\n  type      = string\n  sensitive = true\n}\n",
    );
    let mut count = 0;
    for kind in ["resources", "data-sources"] {
        for object in std::fs::read_dir(examples.join(kind)).unwrap().flatten() {
            for file in std::fs::read_dir(object.path()).unwrap().flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "tf") {
                    let name = format!("{kind}-{}.tf", object.file_name().to_string_lossy());
                    ws.write_file(&name, &read(&path));
                    count += 1;
                }
            }
        }
    }
    assert_eq!(count, 3, "one snippet per object");
    assert_valid(&ws, "the documentation snippets");
}

#[test]
fn the_emulator_quickstart_validates() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let ws = Workspace::new(support::mirror());
    let text = read(&examples.join("emulator/main.tf")).replace(
        "source = \"scaikey/scaikey\"",
        &format!(
            "source  = \"scaikey/scaikey\"\n      version = \"{}\"",
            support::VERSION
        ),
    );
    ws.write_file("main.tf", &text);
    assert_valid(&ws, "examples/emulator");
}
