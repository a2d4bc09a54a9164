//! `provider::resistant::tenant_name` through the real `terraform` binary: results in outputs (no
//! provider configuration needed), and the error when nothing is left of the display name.

mod support;

use serde_json::json;
use support::Workspace;
use tf_acceptance::steps::{Step, TestCase};

/// Functions need no provider settings: an empty provider block.
fn configuration(body: &str) -> String {
    support::provider_block("") + body
}

#[test]
fn tenant_name_derives_names_and_refuses_empty_ones() {
    let derive = configuration(&format!(
        r#"
locals {{
  customers = ["ACME Corp. (EU)", "Müller & Söhne 42", "{long}"]
}}
output "names" {{
  value = [for c in local.customers : provider::resistant::tenant_name(c)]
}}
"#,
        long = "Very Long Customer Name ".repeat(4)
    ));
    let empty = configuration(
        r#"
output "empty" {
  value = provider::resistant::tenant_name("--- ÄÖÜ ---")
}
"#,
    );
    TestCase::new(vec![
        Step::apply(derive).check(|show| {
            let names = &show["values"]["outputs"]["names"]["value"];
            let expected = json!([
                "acmecorpeu",
                "mllershne42",
                "verylongcustomernameverylongcustomernameverylongcustomernamev"
            ]);
            match *names == expected {
                true => Ok(()),
                false => Err(format!("names: {names}")),
            }
        }),
        Step::expect_plan_error(
            empty,
            &[
                "Error: Invalid function argument",
                r#"Invalid value for "display_name" parameter: "--- ÄÖÜ ---" has no letters a-z or digits 0-9, so no tenant name (^[a-z0-9]{1,61}$) can be derived from it."#,
            ],
        ),
    ])
    .run(&Workspace::new(support::mirror()));
}
