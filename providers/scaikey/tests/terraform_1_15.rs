//! The ScaiKey provider on Terraform 1.15 (`TF_ACC_TERRAFORM_1_15`), through the real binary
//! against the emulator: `terraform query` with the API's filters generating configuration that
//! imports the tenants found by identity and changes nothing, identities stored, and a filter
//! value refused at its attribute with nothing written. One broad test, to keep CI short.

mod support;

use serde_json::json;
use support::state::{identity_of, resources};
use support::{mirror, tenant_body, Api, Workspace};

#[test]
fn query_with_filters_generates_imports_by_identity_that_change_nothing() {
    let Some(ws) = Workspace::terraform_1_15(
        mirror(),
        "query_with_filters_generates_imports_by_identity_that_change_nothing",
    ) else {
        return;
    };
    let api = Api::start();
    let partner = "7d0c8a5e-4f7b-4c3e-9a51-0d2f3b6c1e11";
    let mut ids = Vec::new();
    for n in 0..4 {
        let made = api.create(tenant_body(
            &format!("Acme {n}"),
            &format!("acme-{n}"),
            Some(partner),
        ));
        ids.push(made["id"].as_str().expect("an id").to_string());
    }
    // Left out by the filters: another partner's tenant, and a suspended one.
    api.create(tenant_body("Other", "other", None));
    api.patch(&ids[3], json!({"status": "suspended"}));

    let query = format!(
        r#"list "scaikey_tenant" "acme" {{
  provider         = scaikey
  include_resource = true

  config {{
    status     = "active"
    partner_id = "{partner}"
    search     = "acme"
  }}
}}
"#
    );
    ws.write_file("main.tf", &api.config(""));
    ws.write_file("search.tfquery.hcl", &query);
    ws.init();
    let listed = ws.run_ok(&["query", "-no-color", "-generate-config-out=generated.tf"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    for n in 0..3 {
        assert!(listed.contains(&format!("acme-{n}")), "{listed}");
    }
    assert!(
        !listed.contains("acme-3") && !listed.contains("other"),
        "{listed}"
    );
    let generated = ws.read_file("generated.tf");
    assert_eq!(generated.matches("identity").count(), 3, "{generated}");
    ws.run_ok(&["fmt", "-check", "-no-color", "generated.tf"]);
    let plan = ws.run_ok(&["plan", "-input=false", "-no-color"]);
    let plan = String::from_utf8_lossy(&plan.stdout);
    assert!(
        plan.contains("Plan: 3 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    ws.apply();
    let address = resources(&ws.show_json())[0]["address"]
        .as_str()
        .expect("an address")
        .to_string();
    let stored = identity_of(&ws, &address);
    assert!(
        ids.iter().any(|id| stored == json!({ "id": id })),
        "{stored}"
    );
    assert!(ws.plan_is_empty(), "nothing to change after the imports");

    // A status the API does not know is refused at the attribute; nothing is written.
    let refused = Workspace::with_terraform(mirror(), ws.terraform().to_path_buf());
    refused.write_file("main.tf", &api.config(""));
    refused.write_file(
        "search.tfquery.hcl",
        &query.replace("\"active\"", "\"sleeping\""),
    );
    refused.init();
    let failed = refused.run_fails(&["query", "-no-color", "-generate-config-out=generated.tf"]);
    let said = String::from_utf8_lossy(&failed.stderr);
    assert!(said.contains("status"), "{said}");
    assert!(said.contains("sleeping"), "{said}");
    assert!(
        !refused.path().join("generated.tf").exists(),
        "nothing generated"
    );
}
