//! `provider::resistant::tenant_name` through the real `terraform` binary: results in outputs (no
//! provider configuration needed), and the error when nothing is left of the display name.

mod datasources_support;

use datasources_support::{Workspace, REQUIRED_PROVIDERS};
use serde_json::json;

#[test]
fn tenant_name_derives_names_and_refuses_empty_ones() {
    let workspace = Workspace::new(&format!(
        r#"{REQUIRED_PROVIDERS}
locals {{
  customers = ["ACME Corp. (EU)", "Müller & Söhne 42", "{long}"]
}}
output "names" {{
  value = [for c in local.customers : provider::resistant::tenant_name(c)]
}}
"#,
        long = "Very Long Customer Name ".repeat(4)
    ));
    workspace.apply_ok();
    assert_eq!(
        workspace.outputs()["names"],
        json!([
            "acmecorpeu",
            "mllershne42",
            "verylongcustomernameverylongcustomernameverylongcustomernamev"
        ])
    );

    workspace.write(&format!(
        r#"{REQUIRED_PROVIDERS}
output "empty" {{
  value = provider::resistant::tenant_name("--- ÄÖÜ ---")
}}
"#
    ));
    let run = workspace.plan();
    assert!(!run.success, "plan should fail:\n{}", run.stdout);
    let text = run.text();
    for expected in [
        "Error: Invalid function argument",
        r#"Invalid value for "display_name" parameter: "--- ÄÖÜ ---" has no letters a-z or digits 0-9, so no tenant name (^[a-z0-9]{1,61}$) can be derived from it."#,
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}
