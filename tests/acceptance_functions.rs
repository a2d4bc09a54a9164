//! `provider::resistant::tenant_name` through the real `terraform` binary: results in outputs (no
//! provider configuration needed), and the error when nothing is left of the display name.

mod support;

use serde_json::json;
use support::diagnostics::{assert_mentions, plan_fails};
use support::state::outputs;
use support::Workspace;

/// Functions need no provider settings: an empty provider block.
fn configuration(body: &str) -> String {
    support::provider_block("") + body
}

#[test]
fn tenant_name_derives_names_and_refuses_empty_ones() {
    let ws = Workspace::new(support::mirror());
    ws.write_file(
        "main.tf",
        &configuration(&format!(
            r#"
locals {{
  customers = ["ACME Corp. (EU)", "Müller & Söhne 42", "{long}"]
}}
output "names" {{
  value = [for c in local.customers : provider::resistant::tenant_name(c)]
}}
"#,
            long = "Very Long Customer Name ".repeat(4)
        )),
    );
    ws.init();
    ws.apply();
    assert_eq!(
        outputs(&ws)["names"],
        json!([
            "acmecorpeu",
            "mllershne42",
            "verylongcustomernameverylongcustomernameverylongcustomernamev"
        ])
    );

    ws.write_file(
        "main.tf",
        &configuration(
            r#"
output "empty" {
  value = provider::resistant::tenant_name("--- ÄÖÜ ---")
}
"#,
        ),
    );
    assert_mentions(
        &plan_fails(&ws),
        &[
            "Error: Invalid function argument",
            r#"Invalid value for "display_name" parameter: "--- ÄÖÜ ---" has no letters a-z or digits 0-9, so no tenant name (^[a-z0-9]{1,61}$) can be derived from it."#,
        ],
    );
}
