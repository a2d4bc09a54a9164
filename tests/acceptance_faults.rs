//! Real terraform against a misbehaving API: random 500/503 answers and changes committed whose
//! response is then lost (the connection closes). Apply and destroy must still converge with no
//! duplicate tenant, no orphaned application, every secret in state belonging to a live application,
//! and an empty plan afterwards.

mod support;

use std::collections::BTreeSet;

use resistant_emulator::{Config, Emulator, Faults};
use serde_json::Value as Json;
use support::emulator::{api, block_on, start, tenant_count};
use support::state::{resources, str_of};
use support::tokens::assert_token_works;
use support::{describe, fixture, provider_config_with, Workspace};

const TENANTS: [&str; 3] = ["flakyone", "flakytwo", "flakythree"];

fn faults() -> Faults {
    Faults {
        fail_rate: 0.1,
        drop_after_commit_rate: 0.1,
        ..Faults::default()
    }
}

fn config(emulator: &Emulator) -> String {
    let provider = provider_config_with(emulator, "  max_retries   = 8\n");
    let names = TENANTS.map(|n| format!("\"{n}\"")).join(", ");
    provider
        + &format!(
            r#"
resource "resistant_tenant" "customer" {{
  for_each            = toset([{names}])
  name                = each.key
  cells               = ["eu-1", "us-1"]
  deletion_protection = false
}}

resource "resistant_tenant_application" "secret" {{
  for_each  = resistant_tenant.customer
  tenant_id = each.value.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read", "documents.submissions.write"]
}}

resource "resistant_tenant_application" "key" {{
  for_each       = resistant_tenant.customer
  tenant_id      = each.value.id
  cell           = "us-1"
  scopes         = ["documents.submissions.write"]
  public_key_pem = <<-EOT
{key}
EOT
}}
"#,
            key = fixture("rsa2048_public_spki.pem").trim_end()
        )
}

/// The ids of the managed objects of `kind` in `terraform show -json`.
fn ids_in_state(show: &Json, kind: &str) -> BTreeSet<String> {
    resources(show)
        .iter()
        .filter(|r| r["type"] == kind)
        .map(|r| str_of(&r["values"], "id").to_string())
        .collect()
}

#[test]
fn apply_and_destroy_converge_under_injected_faults() {
    let emulator = start(Config {
        faults: faults(),
        ..Config::default()
    });
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &config(&emulator));
    ws.init();
    let applied = ws.apply();

    // Inspect with faults off: what exists must be exactly what Terraform recorded.
    emulator.set_faults(Faults::default());
    let show = ws.show_json();
    let org = api(&emulator);
    let tenants = block_on(org.list_tenants()).expect("list tenants");
    let live_tenants: BTreeSet<String> = tenants.iter().map(|t| t.id.clone()).collect();
    assert_eq!(
        live_tenants,
        ids_in_state(&show, "resistant_tenant"),
        "tenants in the API are exactly those in state\n{}",
        describe(&applied)
    );
    let mut live_apps = BTreeSet::new();
    for tenant in &tenants {
        let apps = block_on(org.list_applications(&tenant.id)).expect("list applications");
        assert_eq!(
            apps.len(),
            2,
            "tenant {} has one application per cell",
            tenant.name
        );
        live_apps.extend(apps.into_iter().map(|a| a.id));
    }
    let mut state_apps = ids_in_state(&show, "resistant_tenant_application");
    assert_eq!(
        live_apps,
        std::mem::take(&mut state_apps),
        "no orphan, no duplicate"
    );
    for name in TENANTS {
        assert_token_works(
            &show,
            &format!("resistant_tenant_application.secret[\"{name}\"]"),
            None,
        );
        assert_token_works(
            &show,
            &format!("resistant_tenant_application.key[\"{name}\"]"),
            Some(&fixture("rsa2048_pkcs1.pem")),
        );
    }
    assert!(ws.plan_is_empty(), "a plan right after the apply is empty");

    // Destroy with faults back on: deletes whose answer was lost are retried into 404s.
    emulator.set_faults(faults());
    ws.destroy();
    emulator.set_faults(Faults::default());
    // With ~60 requests at a 20% fault rate, a run that met no fault at all would prove nothing.
    assert!(
        emulator.stats().faults_injected > 0,
        "the run met injected faults"
    );
    assert_eq!(tenant_count(&org), 0, "everything was destroyed");
}
