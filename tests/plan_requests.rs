//! What a `terraform plan` of existing objects costs in requests to the API, counted by the
//! emulator between commands (nothing is reset): tenants are read from pages of the tenant listing
//! and each tenant's applications from one listing, so N tenants with one application each cost at
//! most ⌈N/100⌉ + N + 3 requests; a few tenants of an organization holding many more cost at most
//! one request per object plus 3. Drift made through the API between commands is seen by the next
//! plan, and after every apply the plan is empty.

mod support;

use resistant_emulator::{Config, Emulator};
use support::emulator::{block_on, requests_between, seed_tenants, Org};
use support::state::{actions, id_of, plan_json, values};
use support::{workspace, Workspace};

/// `count` tenants named `<prefix><i>`, each with one application.
fn tenants_with_an_application(prefix: &str, count: usize) -> String {
    format!(
        r#"resource "resistant_tenant" "t" {{
  count               = {count}
  name                = "{prefix}${{count.index}}"
  deletion_protection = false
}}

resource "resistant_tenant_application" "a" {{
  count     = {count}
  tenant_id = resistant_tenant.t[count.index].id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}}
"#
    )
}

/// Runs `terraform plan` and answers whether it was empty and how many requests it cost.
fn plan_cost(ws: &Workspace, emulator: &Emulator, what: &str) -> (bool, u64) {
    let before = emulator.stats();
    let empty = ws.plan_is_empty();
    let requests = requests_between(&before, &emulator.stats());
    let total = requests.values().sum();
    println!("plan of {what}: {total} requests {requests:?}");
    (empty, total)
}

#[test]
fn a_plan_of_30_tenants_and_30_applications_costs_one_page_and_a_listing_per_tenant() {
    const N: u64 = 30;
    let org = Org::start(Config {
        tenant_quota: 40,
        ..Config::default()
    });
    let ws = workspace(
        &org.emulator,
        &tenants_with_an_application("plan", N as usize),
    );
    ws.apply();

    let (empty, cost) = plan_cost(&ws, &org.emulator, "30 tenants + 30 applications");
    assert!(empty, "the plan after apply is empty");
    let bound = N.div_ceil(100) + N + 3;
    assert!(cost <= bound, "{cost} requests, more than {bound}");

    // Drift: tenant 0 (with its application) and the application of tenant 1 deleted outside.
    let show = ws.show_json();
    let app0 = values(&show, "resistant_tenant_application.a[0]");
    let app1 = values(&show, "resistant_tenant_application.a[1]");
    let tenant0 = id_of(&show, "resistant_tenant.t[0]");
    let tenant1 = id_of(&show, "resistant_tenant.t[1]");
    let api = &org.client;
    block_on(api.delete_application(&tenant0, app0["id"].as_str().unwrap())).unwrap();
    block_on(api.delete_tenant(&tenant0)).unwrap();
    block_on(api.delete_application(&tenant1, app1["id"].as_str().unwrap())).unwrap();

    let before = org.emulator.stats();
    let plan = plan_json(&ws);
    let requests = requests_between(&before, &org.emulator.stats());
    println!("plan after drift: {requests:?}");
    for created in [
        "resistant_tenant.t[0]",
        "resistant_tenant_application.a[0]",
        "resistant_tenant_application.a[1]",
    ] {
        assert_eq!(actions(&plan, created), ["create"], "{created}");
    }
    for kept in ["resistant_tenant.t[1]", "resistant_tenant_application.a[2]"] {
        assert_eq!(actions(&plan, kept), ["no-op"], "{kept}");
    }
    let changed = plan["resource_changes"]
        .as_array()
        .expect("resource_changes")
        .iter()
        .filter(|c| c["change"]["actions"] != serde_json::json!(["no-op"]))
        .count();
    assert_eq!(changed, 3, "only what was deleted is created again");

    ws.apply();
    let (empty, _) = plan_cost(
        &ws,
        &org.emulator,
        "30 tenants after the drift was repaired",
    );
    assert!(empty, "the plan after apply is empty");
    let show = ws.show_json();
    assert_ne!(
        id_of(&show, "resistant_tenant.t[0]"),
        tenant0,
        "a new tenant 0"
    );
    assert_eq!(
        id_of(&show, "resistant_tenant.t[1]"),
        tenant1,
        "tenant 1 kept"
    );
}

#[test]
fn a_plan_of_3_tenants_in_an_organization_of_253_costs_at_most_one_request_per_object_plus_3() {
    let org = Org::start(Config {
        tenant_quota: 260,
        ..Config::default()
    });
    block_on(seed_tenants(&org.client, "other", 250));
    let ws = workspace(&org.emulator, &tenants_with_an_application("mine", 3));
    ws.apply();

    let (empty, cost) = plan_cost(&ws, &org.emulator, "3 of 253 tenants + 3 applications");
    assert!(empty, "the plan after apply is empty");
    assert!(cost <= 3 + 3 + 3, "{cost} requests, more than 9");
}
