//! The data sources with real terraform: `scaikey_tenants` reads every page (more tenants than the
//! largest page) and filters by partner, search and status; `scaikey_tenant` reads by slug and by ID.

mod support;

use serde_json::json;
use support::state::outputs;
use support::{tenant_body, Api, Workspace};
use tf_acceptance::steps::{Step, TestCase};

const LIST: &str = "GET /api/v1/admin/tenants/";

#[test]
fn the_tenants_data_source_pages_through_every_result_and_filters() {
    let api = Api::start();
    for n in 0..105 {
        api.create(tenant_body(
            &format!("Bulk {n:03}"),
            &format!("bulk-{n:03}"),
            Some("p-many"),
        ));
    }
    let lone = api.create(tenant_body("Lone Star", "lone", Some("p-few")));
    let sleepy = api.create(tenant_body("Sleepy", "sleepy", Some("p-few")));
    let sleepy_id = sleepy["id"].as_str().unwrap();
    api.patch(
        sleepy_id,
        json!({"status": "suspended", "settings": {"session_timeout": 15}}),
    );
    let lone_id = lone["id"].as_str().unwrap();

    let body = format!(
        r#"data "scaikey_tenants" "many" {{
  partner_id = "p-many"
}}
data "scaikey_tenants" "search" {{
  search = "BULK-01"
}}
data "scaikey_tenants" "suspended" {{
  status = "suspended"
}}
data "scaikey_tenant" "by_slug" {{
  slug = "sleepy"
}}
data "scaikey_tenant" "by_id" {{
  id = "{lone_id}"
}}
output "many" {{
  value = length(data.scaikey_tenants.many.tenants)
}}
output "last" {{
  value = data.scaikey_tenants.many.tenants[104].slug
}}
output "search" {{
  value = [for t in data.scaikey_tenants.search.tenants : t.slug]
}}
output "suspended" {{
  value = [for t in data.scaikey_tenants.suspended.tenants : t.settings.session_timeout]
}}
output "by_slug" {{
  value = [data.scaikey_tenant.by_slug.id, data.scaikey_tenant.by_slug.status]
}}
output "by_id" {{
  value = [data.scaikey_tenant.by_id.slug, data.scaikey_tenant.by_id.partner_id]
}}
"#
    );
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &api.config(&body));
    ws.init();
    let before = api.count(LIST);
    ws.apply();
    let out = outputs(&ws);
    assert_eq!(out["many"], 105, "{out:#}");
    assert_eq!(out["last"], "bulk-104");
    let expected: Vec<String> = (10..20).map(|n| format!("bulk-{n:03}")).collect();
    assert_eq!(out["search"], json!(expected));
    assert_eq!(out["suspended"], json!([15]));
    assert_eq!(out["by_slug"], json!([sleepy_id, "suspended"]));
    assert_eq!(out["by_id"], json!(["lone", "p-few"]));
    assert!(
        api.count(LIST) - before >= 2,
        "the 105 tenants of one partner take two pages"
    );
}

#[test]
fn a_tenant_data_source_needs_exactly_one_of_id_and_slug() {
    let api = Api::start();
    TestCase::new(vec![
        Step::expect_plan_error(
            api.config("data \"scaikey_tenant\" \"x\" {\n  id   = \"a\"\n  slug = \"b\"\n}\n"),
            &["Both id and slug are set"],
        ),
        Step::expect_plan_error(
            api.config("data \"scaikey_tenant\" \"x\" {\n  slug = \"nobody\"\n}\n"),
            &["Tenant not found", "\"nobody\""],
        ),
    ])
    .run(&Workspace::new(support::mirror()));
}
