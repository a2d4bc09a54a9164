//! The tenant's safety flags under real terraform: deletion_protection refuses a destroy, a removed
//! block and a replacement at plan time (nothing else is destroyed first) and allows them once set
//! false; force_destroy decides what happens to applications Terraform does not manage.

#[path = "support/resistant.rs"]
mod resistant;
mod support;

use resistant::*;
use terraform_provider_resistant::client::{ApplicationAuth, CreateApplication};

const TENANT: &str = "resistant_tenant.guarded";
const APP: &str = "resistant_tenant_application.app";

fn body(name: &str, flags: &str) -> String {
    format!(
        r#"
resource "resistant_tenant" "guarded" {{
  name = "{name}"
{flags}
}}

resource "resistant_tenant_application" "app" {{
  tenant_id = resistant_tenant.guarded.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}}
"#
    )
}

#[test]
fn deletion_protection_and_force_destroy() {
    let emu = emulator(20);
    let api = api(&emu);
    let ws = workspace(&emu, &body("guarded", ""));
    ws.apply();
    let show = ws.show_json();
    assert_eq!(
        values(&show, TENANT)["deletion_protection"],
        true,
        "protected by default"
    );
    let tenant_id = str_of(&values(&show, TENANT), "id").to_string();
    let app_count = || {
        block_on(api.list_applications(&tenant_id))
            .expect("list")
            .len()
    };

    // Destroy, a removed block, and a replacement are all refused at plan time.
    let refused = unwrapped(&run_fails(&ws, &["destroy", "-auto-approve", "-no-color"]));
    assert!(refused.contains("deletion_protection = false"), "{refused}");
    configure(&ws, &emu, "");
    let refused = unwrapped(&run_fails(&ws, &["apply", "-auto-approve", "-no-color"]));
    assert!(refused.contains("protected against destroy"), "{refused}");
    configure(&ws, &emu, &body("renamed", ""));
    let refused = unwrapped(&run_fails(&ws, &["apply", "-auto-approve", "-no-color"]));
    assert!(refused.contains("protected against replace"), "{refused}");
    assert!(block_on(api.get_tenant(&tenant_id)).is_ok());
    assert_eq!(app_count(), 1, "the application was not destroyed first");

    // Switching protection off is an in-place change of state only.
    configure(&ws, &emu, &body("guarded", "  deletion_protection = false"));
    let plan = plan_json(&ws);
    assert_eq!(actions(&plan, TENANT), ["update"]);
    let requests = emu.stats().api_requests;
    ws.run_ok(&["apply", "-auto-approve", "-refresh=false", "-no-color"]);
    assert_eq!(
        emu.stats().api_requests,
        requests,
        "no API call for a state-only flag"
    );
    assert!(ws.plan_is_empty());

    // An application Terraform does not manage blocks the destroy and is named in the error.
    let unmanaged = block_on(api.create_application(
        &tenant_id,
        &CreateApplication {
            cell: "eu-1".into(),
            scopes: vec!["documents.submissions.write".into()],
            auth: ApplicationAuth::ClientSecret,
        },
    ))
    .expect("create an unmanaged application")
    .application;
    let refused = unwrapped(&run_fails(&ws, &["destroy", "-auto-approve", "-no-color"]));
    for needle in [
        unmanaged.id.as_str(),
        &unmanaged.client_id,
        "eu-1",
        "force_destroy",
    ] {
        assert!(refused.contains(needle), "{needle} missing from: {refused}");
    }
    assert!(
        block_on(api.get_tenant(&tenant_id)).is_ok(),
        "the tenant stays"
    );
    let left: Vec<_> = resources(&ws.show_json())
        .iter()
        .map(|r| r["address"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        left,
        [TENANT],
        "the managed application went first, {APP} is gone"
    );

    // With force_destroy, the destroy deletes it too.
    configure(
        &ws,
        &emu,
        &body(
            "guarded",
            "  deletion_protection = false\n  force_destroy       = true",
        ),
    );
    ws.apply();
    ws.destroy();
    assert!(block_on(api.list_tenants()).expect("list").is_empty());
}
