//! Bad input and refusals under real terraform: plan-time validation on the offending attribute,
//! a duplicate name, a cell the tenant lacks (at plan when the tenant is known, at apply otherwise),
//! bad import ids, and the organization's tenant quota — each a clear error with nothing
//! half-created in state.

mod support;

use std::rc::Rc;

use serde_json::Value as Json;
use support::diagnostics::{apply_fails, assert_mentions, validation_errors};
use support::emulator::{api, block_on, start_default};
use support::state::{addresses, resources};
use support::{provider_config, workspace, Workspace, FIXTURES};
use tf_acceptance::steps::{Step, TestCase};

#[test]
fn validation_points_at_the_offending_attribute() {
    let emu = start_default();
    let ws = workspace(
        &emu,
        &format!(
            r#"
resource "resistant_tenant" "bad" {{
  name  = "Acme_Corp"
  cells = ["eu-1", "mars-9"]
}}

resource "resistant_tenant_application" "bad" {{
  tenant_id = "t"
  cell      = "xx-1"
  scopes    = ["documents.delete"]
}}

resource "resistant_tenant_application" "small_key" {{
  tenant_id      = "t"
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = file("{FIXTURES}/rsa1024_public_spki.pem")
}}

resource "resistant_tenant_application" "p384" {{
  tenant_id      = "t"
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = file("{FIXTURES}/ec_p384_public.pem")
}}
"#
        ),
    );
    let errors = validation_errors(&ws);
    let expect = |summary: &str, detail_part: &str, needle: &str| {
        let line = ws.line_of(needle);
        assert!(
            errors.iter().any(|d| d["summary"] == summary
                && d["detail"]
                    .as_str()
                    .is_some_and(|detail| detail.contains(detail_part))
                && d["range"]["start"]["line"] == line),
            "no {summary:?} error mentioning {detail_part:?} on line {line}: {errors:#?}"
        );
    };
    expect("Invalid tenant name", "\"Acme_Corp\"", "Acme_Corp");
    expect("Invalid tenant name", "^[a-z0-9]{1,61}$", "Acme_Corp");
    expect("Unknown cell", "mars-9", "mars-9");
    expect("Unknown cell", "xx-1", "xx-1");
    expect("Unknown scope", "documents.delete", "documents.delete");
    expect("Unusable public key", "2048", "rsa1024_public_spki");
    expect("Unusable public key", "P-384", "ec_p384_public");
    assert_eq!(errors.len(), 6, "{errors:#?}");
}

const TENANTS: &str = r#"
resource "resistant_tenant" "t" {
  count               = COUNT
  name                = "t${count.index}"
  deletion_protection = false
}
"#;

fn tenants(count: usize) -> String {
    TENANTS.replace("COUNT", &count.to_string())
}

/// A state check: the state holds exactly these addresses, in any order.
fn holds_exactly(expected: &'static [&'static str]) -> impl Fn(&Json) -> Result<(), String> {
    move |show| {
        let mut held: Vec<String> = resources(show)
            .iter()
            .map(|r| r["address"].as_str().unwrap_or_default().to_string())
            .collect();
        held.sort();
        match held == expected {
            true => Ok(()),
            false => Err(format!("expected {expected:?} in state, found {held:?}")),
        }
    }
}

#[test]
fn refusals_leave_nothing_half_created() {
    let emu = start_default();
    let api = Rc::new(api(&emu));
    let config = |body: &str| provider_config(&emu) + "\n" + body;
    let app_in = |tenant: &str| {
        format!(
            r#"
resource "resistant_tenant_application" "us" {{
  tenant_id = {tenant}.id
  cell      = "us-1"
  scopes    = ["documents.submissions.read"]
}}
"#
        )
    };
    let spare = "resource \"resistant_tenant\" \"spare\" {\n  name = \"spare\"\n}\n";
    let lacking = config(&(tenants(1) + &app_in("resistant_tenant.t[0]") + spare));
    let fresh = r#"
resource "resistant_tenant" "fresh" {
  name                = "fresh"
  deletion_protection = false
}
"#;
    let counted = api.clone();
    TestCase::new(vec![
        // A duplicate name: refused as existing, with how to import it; the duplicate is not in
        // state.
        Step::expect_error(
            config(
                &(tenants(1)
                    + r#"
resource "resistant_tenant" "dup" {
  name       = "t0"
  depends_on = [resistant_tenant.t]
}
"#),
            ),
            &[
                "Could not create tenant \"t0\"",
                "already exists",
                "terraform import ADDRESS name:t0",
            ],
        )
        .check(holds_exactly(&["resistant_tenant.t[0]"])),
        // A cell the (known) tenant lacks: refused at plan on `cell`; the error lists the
        // tenant's cells.
        Step::expect_plan_error(
            lacking.clone(),
            &["Cell not available in the tenant", "\"eu-1\""],
        ),
        // Bad import ids: the expected shape, or what was not found.
        Step::expect_import_error(
            lacking.clone(),
            "resistant_tenant_application.us",
            "nonsense",
            &["<tenant_id>/<application_id>"],
        ),
        Step::expect_import_error(
            lacking,
            "resistant_tenant.spare",
            "name:nobody",
            &["no tenant named \"nobody\""],
        ),
        // A cell the tenant lacks when the tenant is new: refused when terraform plans the
        // application again at apply (the tenant is known by then); no application is created.
        Step::expect_error(
            config(&(tenants(1) + fresh + &app_in("resistant_tenant.fresh"))),
            &["Cell not available in the tenant", "\"fresh\""],
        )
        .check(holds_exactly(&[
            "resistant_tenant.fresh",
            "resistant_tenant.t[0]",
        ])),
        // The quota: the 21st tenant is refused, the other 20 are created and in state.
        Step::expect_error(config(&(tenants(20) + fresh)), &["quota"]).check(move |show| {
            let in_state = resources(show).len();
            let at_api = block_on(counted.list_tenants())
                .map_err(|e| e.to_string())?
                .len();
            match (in_state, at_api) {
                (20, 20) => Ok(()),
                _ => Err(format!(
                    "expected 20 tenants in state and at the API, found {in_state} and {at_api}"
                )),
            }
        }),
    ])
    .check_destroy(move || match block_on(api.list_tenants()) {
        Ok(left) if left.is_empty() => Ok(()),
        Ok(left) => Err(format!("tenants left after destroy: {left:?}")),
        Err(e) => Err(format!("list tenants: {e}")),
    })
    .run(&Workspace::new(support::mirror()));
}

#[test]
fn a_create_that_could_not_reach_the_api_says_nothing_was_created() {
    let emu = start_default();
    let ws = support::Workspace::new(support::mirror());
    // The token endpoint refuses connections (nothing listens on port 1), so no request is sent.
    ws.write_file(
        "main.tf",
        &(support::provider_block(&format!(
            "  endpoint      = \"{}\"\n  token_url     = \"http://127.0.0.1:1/oauth2/tenants/v1/token\"\n  \
             client_id     = \"{}\"\n  client_secret = \"{}\"\n  max_retries   = 1\n",
            emu.endpoint(),
            emu.org_client_id(),
            emu.org_client_secret()
        )) + "\nresource \"resistant_tenant\" \"t\" {\n  name = \"unreached\"\n}\n"),
    );
    ws.init();
    let failed = apply_fails(&ws);
    assert_mentions(&failed, &["never sent", "nothing was created"]);
    assert!(!failed.contains("may exist"), "{failed}");
    assert!(addresses(&ws).is_empty());
    assert!(block_on(api(&emu).list_tenants()).unwrap().is_empty());
}
