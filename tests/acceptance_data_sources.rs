//! The data sources through the real `terraform` binary against the emulator: lookups by id and name,
//! the paged tenant listing with its filters, applications (never a secret), the cells of an
//! environment, and the errors (plan-time validation with attribute paths, "not found").

mod support;

use resistant_emulator::Config;
use serde_json::json;
use support::diagnostics::{assert_mentions, plan_fails, source_reference};
use support::emulator::Org;
use support::state::outputs;
use support::{configure, workspace};

/// More tenants than fit on one page: the emulator serves at most [`PAGE_SIZE`] tenants a page,
/// whatever the client asks for, so listing them all takes five pages.
const PAGED_TENANTS: usize = 23;
const PAGE_SIZE: u32 = 5;

#[test]
fn data_sources_read_tenants_applications_and_cells() {
    let org = Org::start(Config {
        tenant_quota: 40,
        max_page_size: PAGE_SIZE,
        ..Config::default()
    });
    let acme = org.tenant("acme", &["eu-1", "us-1"]);
    let mut names = vec!["acme".to_string()];
    for i in 1..=PAGED_TENANTS {
        let name = format!("page{i:02}");
        org.tenant(&name, &["eu-1"]);
        names.push(name);
    }
    let (eu_app, secret) = org.secret_application(&acme, "eu-1");
    let (us_app, _) = org.secret_application(&acme, "us-1");

    let body = format!(
        r#"data "resistant_tenant" "by_id" {{
  id = "{acme_id}"
}}
data "resistant_tenant" "by_name" {{
  name = "page07"
}}
data "resistant_tenants" "all" {{}}
data "resistant_tenants" "prefix" {{
  name_prefix = "page1"
}}
data "resistant_tenants" "regex" {{
  name_regex = "^page(0[1-3]|23)$"
}}
data "resistant_tenants" "both" {{
  name_prefix = "page2"
  name_regex  = "[13]$"
}}
data "resistant_tenant_application" "eu" {{
  tenant_id = "{acme_id}"
  id        = "{eu_id}"
}}
data "resistant_tenant_applications" "all" {{
  tenant_id = "{acme_id}"
}}
data "resistant_tenant_applications" "us" {{
  tenant_id = "{acme_id}"
  cell      = "us-1"
}}
data "resistant_cells" "here" {{}}

output "by_id" {{ value = data.resistant_tenant.by_id }}
output "by_name" {{ value = data.resistant_tenant.by_name }}
output "all_names" {{ value = [for t in data.resistant_tenants.all.tenants : t.name] }}
output "all_ids" {{ value = data.resistant_tenants.all.ids }}
output "prefix" {{ value = [for t in data.resistant_tenants.prefix.tenants : t.name] }}
output "regex" {{ value = [for t in data.resistant_tenants.regex.tenants : t.name] }}
output "both" {{ value = [for t in data.resistant_tenants.both.tenants : t.name] }}
output "eu" {{ value = data.resistant_tenant_application.eu }}
output "apps" {{ value = data.resistant_tenant_applications.all.applications }}
output "us_ids" {{ value = data.resistant_tenant_applications.us.ids }}
output "cells" {{ value = data.resistant_cells.here.cells }}
"#,
        acme_id = acme.id,
        eu_id = eu_app.id,
    );
    let ws = workspace(&org.emulator, &body);
    ws.apply();
    let out = outputs(&ws);

    assert_eq!(
        out["by_id"],
        json!({
            "id": acme.id,
            "name": "acme",
            "cells": ["eu-1", "us-1"],
            "created": acme.created,
            "updated": acme.updated,
            "documents_ui": {
                "eu-1": "acme-emulator.documents.localhost",
                "us-1": "acme-emulator.us-1.documents.localhost",
            },
        })
    );
    assert_eq!(out["by_name"]["name"], "page07");
    assert_eq!(out["by_name"]["cells"], json!(["eu-1"]));

    // Every tenant, across pages, in creation order.
    assert_eq!(out["all_names"], json!(names));
    let ids = out["all_ids"].as_array().expect("ids");
    assert_eq!(ids.len(), PAGED_TENANTS + 1);
    assert_eq!(ids[0], json!(acme.id));

    assert_eq!(
        out["prefix"],
        json!([
            "page10", "page11", "page12", "page13", "page14", "page15", "page16", "page17",
            "page18", "page19"
        ])
    );
    assert_eq!(
        out["regex"],
        json!(["page01", "page02", "page03", "page23"])
    );
    assert_eq!(out["both"], json!(["page21", "page23"]));

    assert_eq!(
        out["eu"],
        json!({
            "id": eu_app.id,
            "tenant_id": acme.id,
            "client_id": eu_app.client_id,
            "cell": "eu-1",
            "scopes": ["documents.submissions.read", "documents.submissions.write"],
            "auth_server": eu_app.auth_server,
            "token_url": org.emulator.documents_token_url("eu-1"),
        })
    );
    let apps = out["apps"].as_array().expect("applications");
    assert_eq!(apps.len(), 2);
    assert_eq!(out["us_ids"], json!([us_app.id]));

    let cells = out["cells"].as_array().expect("cells");
    let cell_names: Vec<_> = cells.iter().map(|c| c["name"].clone()).collect();
    assert_eq!(cell_names, ["eu-1", "us-1", "ca-1", "ap-2", "ap-3"]);
    assert_eq!(
        cells[1],
        json!({
            "name": "us-1",
            "documents_api_url": org.emulator.documents_url("us-1"),
            "token_url": org.emulator.documents_token_url("us-1"),
            "ui_domain": "us-1.documents.localhost",
        })
    );

    // Data sources never carry a secret.
    assert!(!ws.read_file("terraform.tfstate").contains(&secret));
    assert!(!ws.show_json().to_string().contains(&secret));
}

#[test]
fn data_source_mistakes_are_reported_on_their_attributes() {
    let org = Org::start(Config::default());
    let acme = org.tenant("acme", &["eu-1"]);

    // Plan-time validation: every mistake at once, each pointing at its attribute.
    let ws = workspace(
        &org.emulator,
        &format!(
            r#"data "resistant_tenant" "both" {{
  id   = "x"
  name = "acme"
}}
data "resistant_tenant" "neither" {{}}
data "resistant_tenant" "bad_name" {{
  name = "Acme Corp"
}}
data "resistant_tenants" "bad_regex" {{
  name_regex = "page("
}}
data "resistant_tenant_applications" "bad_cell" {{
  tenant_id = "{id}"
  cell      = "mars-1"
}}
"#,
            id = acme.id
        ),
    );
    let text = plan_fails(&ws);
    let both = source_reference(&ws, r#"data "resistant_tenant" "both""#, r#"name = "acme""#);
    let regex = source_reference(&ws, r#"data "resistant_tenants" "bad_regex""#, "name_regex");
    assert_mentions(
        &text,
        &[
            "Error: Conflicting lookup keys",
            &format!("with data.resistant_tenant.both, {both}"),
            r#"name = "acme""#,
            "Error: Missing lookup key",
            "Error: Invalid tenant name",
            r#"name = "Acme Corp""#,
            "Error: Invalid regular expression",
            &format!("with data.resistant_tenants.bad_regex, {regex}"),
            r#"name_regex = "page(""#,
            "Error: Unknown cell",
            r#"cell = "mars-1""#,
        ],
    );

    // Reads: what does not exist is an error, not an empty result.
    configure(
        &ws,
        &org.emulator,
        &format!(
            r#"data "resistant_tenant" "no_name" {{
  name = "nosuchtenant"
}}
data "resistant_tenant" "no_id" {{
  id = "ten_doesnotexist"
}}
data "resistant_tenant_application" "no_app" {{
  tenant_id = "{id}"
  id        = "app_doesnotexist"
}}
data "resistant_tenant_applications" "no_tenant" {{
  tenant_id = "ten_doesnotexist"
}}
"#,
            id = acme.id
        ),
    );
    assert_mentions(
        &plan_fails(&ws),
        &[
            r#"The organization has no tenant named "nosuchtenant""#,
            r#"The organization has no tenant with id "ten_doesnotexist""#,
            "Error: Application not found",
            r#"has no application with id "app_doesnotexist""#,
            "Error: Tenant not found",
        ],
    );
}

#[test]
fn cells_follow_the_configured_environment() {
    // No API call is needed for the cells, so the real addresses can be checked offline.
    let ws = support::Workspace::new(support::mirror());
    let credentials = "  client_id     = \"unused\"\n  client_secret = \"unused\"\n";
    ws.write_file(
        "main.tf",
        &(support::provider_block(&format!("  environment   = \"testing\"\n{credentials}"))
            + r#"
data "resistant_cells" "testing" {}
output "cells" { value = data.resistant_cells.testing.cells }
"#),
    );
    ws.init();
    ws.apply();
    assert_eq!(
        outputs(&ws)["cells"],
        json!([{
            "name": "eu-1",
            "documents_api_url": "https://api.documents.testing.resistant.ai/v2",
            "token_url": "https://eu.id.resistant.ai/oauth2/aus17c52xbW6c0yA9417/v1/token",
            "ui_domain": "documents.testing.resistant.ai",
        }])
    );

    ws.write_file(
        "main.tf",
        &(support::provider_block(credentials)
            + r#"
data "resistant_cells" "production" {}
output "cells" { value = data.resistant_cells.production.cells }
"#),
    );
    ws.apply();
    let out = outputs(&ws);
    let cells = out["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 5);
    assert_eq!(
        cells[4],
        json!({
            "name": "ap-3",
            "documents_api_url": "https://api.ap-3.documents.resistant.ai/v2",
            "token_url": "https://eu.id.resistant.ai/oauth2/ausp40dse1Q0rzDq6417/v1/token",
            "ui_domain": "ap-3.documents.resistant.ai",
        })
    );
}
