//! The Raven provider on Terraform 1.15 (`TF_ACC_TERRAFORM_1_15`), through the real binary against
//! the emulator: a tenant imported by identity through the provider's key of that tenant (then an
//! empty plan, the identity stored), an identity naming another tenant refused with what to do and
//! nothing written, and `raven_api_key` declaring no identity. One broad test, to keep CI short.

mod support;

use support::state::{identity_of, resources};
use support::{config, emulator, mirror, register, Workspace};

fn tenant_import(id: &str) -> String {
    format!(
        r#"resource "raven_tenant" "t" {{
  name  = "Identity Co"
  email = "identity@acme.example"
}}

import {{
  to       = raven_tenant.t
  identity = {{ id = "{id}" }}
}}
"#
    )
}

#[test]
fn a_tenant_is_imported_by_identity_through_its_own_key_and_another_tenants_identity_is_refused() {
    let Some(ws) = Workspace::terraform_1_15(
        mirror(),
        "a_tenant_is_imported_by_identity_through_its_own_key_and_another_tenants_identity_is_refused",
    ) else {
        return;
    };
    let emulator = emulator();
    let (id, key) = register(&emulator, "Identity Co", "identity@acme.example");
    let (other_id, _) = register(&emulator, "Other Co", "other@acme.example");
    let provider_key = format!("  api_key = \"{key}\"");

    // Another tenant's identity: refused, naming both tenants, nothing written.
    ws.write_file(
        "main.tf",
        &config(&emulator, &provider_key, &tenant_import(&other_id)),
    );
    ws.init();
    let refused = ws.run_fails(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let said = String::from_utf8_lossy(&refused.stderr).replace('\n', " ");
    let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in ["raven_tenant identity not found", &id, &other_id, "api_key"] {
        assert!(said.contains(words), "{words:?} is not in: {said}");
    }
    assert!(resources(&ws.show_json()).is_empty(), "nothing imported");

    // Its own identity: imported, stored with its identity, nothing to change.
    ws.write_file(
        "main.tf",
        &config(&emulator, &provider_key, &tenant_import(&id)),
    );
    let plan = ws.run_ok(&["plan", "-input=false", "-no-color"]);
    let plan = String::from_utf8_lossy(&plan.stdout);
    assert!(
        plan.contains("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    ws.apply();
    assert_eq!(
        identity_of(&ws, "raven_tenant.t"),
        serde_json::json!({ "id": id })
    );
    assert!(ws.plan_is_empty(), "no changes after import by identity");

    // An API key has no identity to import by.
    let schemas = ws.run_ok(&["providers", "schema", "-json"]);
    let schemas: serde_json::Value = serde_json::from_slice(&schemas.stdout).expect("JSON");
    let provider = &schemas["provider_schemas"]["registry.terraform.io/raven/raven"];
    assert!(provider["resource_identity_schemas"]["raven_tenant"].is_object());
    assert!(provider["resource_identity_schemas"]["raven_api_key"].is_null());
}
