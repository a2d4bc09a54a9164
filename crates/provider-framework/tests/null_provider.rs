//! The example provider (`examples/terraform-provider-null.rs`) through the real terraform binary,
//! offline, with the step runner: create, a trigger change that replaces, import verification, and
//! destroy.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value as Json;
use tf_acceptance::state::{resources, values};
use tf_acceptance::steps::{PlanCheck, Step, TestCase};
use tf_acceptance::{Mirror, ProviderUnderTest, Workspace};

/// `cargo test` builds the examples beside the test binaries: `target/<profile>/examples/`.
fn example_binary() -> PathBuf {
    let test = std::env::current_exe().expect("the test binary's path");
    let profile = test
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    profile.join(format!(
        "examples/terraform-provider-null{}",
        std::env::consts::EXE_SUFFIX
    ))
}

fn mirror() -> &'static Mirror {
    static MIRROR: OnceLock<Mirror> = OnceLock::new();
    MIRROR.get_or_init(|| {
        Mirror::new(&[ProviderUnderTest {
            source: "registry.terraform.io/example/null".into(),
            version: "0.1.0".into(),
            binary: example_binary(),
        }])
    })
}

fn config(trigger: &str) -> String {
    format!(
        r#"terraform {{
  required_providers {{
    null = {{
      source  = "example/null"
      version = "0.1.0"
    }}
  }}
}}

resource "null_resource" "n" {{
  triggers = {{
    value = "{trigger}"
  }}
}}
"#
    )
}

fn id(show: &Json) -> String {
    values(show, "null_resource.n")["id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_null_provider_creates_replaces_imports_and_destroys_with_real_terraform() {
    let ws = Workspace::new(mirror());
    let first = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let remember = first.clone();
    let later = first.clone();
    TestCase::new(vec![
        Step::apply(config("one")).check(move |show| {
            let id = id(show);
            if id.parse::<u64>().is_err() {
                return Err(format!("the id is not a number: {id:?}"));
            }
            *remember.borrow_mut() = id;
            Ok(())
        }),
        Step::apply(config("two"))
            .plan_check(PlanCheck::replace_at("null_resource.n", "triggers"))
            .plan_check(PlanCheck::actions("null_resource.n", &["delete", "create"]))
            .check(move |show| {
                if id(show) == *later.borrow() {
                    return Err("the replacement kept the old id".into());
                }
                Ok(())
            }),
        Step::import_from_state(config("two"), "null_resource.n", id, &["triggers"]),
    ])
    .run(&ws);
    assert!(
        resources(&ws.show_json()).is_empty(),
        "everything destroyed"
    );
}

#[test]
fn the_null_provider_starts_applies_and_destroys_under_terraform_1_15() {
    let Some(ws) = Workspace::terraform_1_15(
        mirror(),
        "the_null_provider_starts_applies_and_destroys_under_terraform_1_15",
    ) else {
        return;
    };
    let version = ws.run_ok(&["version", "-json"]);
    let version: Json = serde_json::from_slice(&version.stdout).expect("version JSON");
    assert!(
        version["terraform_version"]
            .as_str()
            .is_some_and(|v| v.starts_with("1.15.")),
        "{} is not Terraform 1.15: {version}",
        ws.terraform().display()
    );
    ws.write_file("main.tf", &config("one"));
    ws.init();
    ws.apply();
    assert!(
        id(&ws.show_json()).parse::<u64>().is_ok(),
        "applied on 1.15"
    );
    assert!(ws.plan_is_empty(), "a second plan on 1.15 is empty");
    ws.destroy();
    assert!(resources(&ws.show_json()).is_empty(), "destroyed on 1.15");
}
