//! Keeping customer data safe under real terraform: deletion_protection refuses a destroy, a removed
//! block and a replacement at plan time (nothing else is destroyed first) and allows them once set
//! false; force_destroy decides what happens to applications Terraform does not manage; a tenant
//! destroyed alongside applications it has no dependency on waits for them; a failing read keeps
//! the state.

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use resistant_emulator::Faults;
use serde_json::Value as Json;
use support::diagnostics::{apply_fails, assert_mentions, destroy_fails};
use support::emulator::{
    api, application_count, block_on, new_application, start_default, tenant_count,
};
use support::state::{actions, addresses, id_of, plan_json, values};
use support::{configure, provider_config, workspace, Workspace};
use terraform_provider_resistant::client::ApplicationAuth;
use tf_acceptance::steps::{PlanCheck, Step, TestCase};

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
    let emu = start_default();
    let api = api(&emu);
    let ws = workspace(&emu, &body("guarded", ""));
    ws.apply();
    let show = ws.show_json();
    assert_eq!(
        values(&show, TENANT)["deletion_protection"],
        true,
        "protected by default"
    );
    let tenant_id = id_of(&show, TENANT);
    let app_count = || application_count(&api, &tenant_id);

    // Destroy, a removed block, and a replacement are all refused at plan time.
    let refused = destroy_fails(&ws);
    assert_mentions(&refused, &["deletion_protection = false"]);
    configure(&ws, &emu, "");
    let refused = apply_fails(&ws);
    assert_mentions(&refused, &["protected against destroy"]);
    configure(&ws, &emu, &body("renamed", ""));
    let refused = apply_fails(&ws);
    assert_mentions(&refused, &["protected against replace"]);
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

    // An application Terraform does not manage blocks the destroy, which is refused at plan time,
    // naming it, before the managed application is deleted.
    let unmanaged = block_on(api.create_application(
        &tenant_id,
        &new_application(
            "eu-1",
            &["documents.submissions.write"],
            ApplicationAuth::ClientSecret,
        ),
    ))
    .expect("create an unmanaged application")
    .application;
    let refused = destroy_fails(&ws);
    assert_mentions(
        &refused,
        &[&unmanaged.id, &unmanaged.client_id, "eu-1", "force_destroy"],
    );
    assert!(
        block_on(api.get_tenant(&tenant_id)).is_ok(),
        "the tenant stays"
    );
    assert_eq!(
        addresses(&ws),
        [TENANT, APP],
        "nothing was destroyed, {APP} included"
    );
    assert_eq!(app_count(), 2, "the managed application is still there");

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
    assert_eq!(tenant_count(&api), 0);
}

/// Applications whose `tenant_id` is a literal give Terraform no dependency, so it destroys them
/// and their tenant at the same time: the tenant's destroy waits for them instead of calling them
/// unmanaged.
#[test]
fn destroy_waits_for_applications_without_a_dependency() {
    let emu = start_default();
    let api = api(&emu);
    let tenant = "resource \"resistant_tenant\" \"t\" {\n  name = \"nodeps\"\n  deletion_protection = false\n}\n";
    let ws = workspace(&emu, tenant);
    ws.apply();
    let tenant_id = id_of(&ws.show_json(), "resistant_tenant.t");
    let apps: String = (0..3)
        .map(|i| {
            format!(
                "resource \"resistant_tenant_application\" \"a{i}\" {{\n  tenant_id = \"{tenant_id}\"\n  \
                 cell      = \"eu-1\"\n  scopes    = [\"documents.submissions.read\"]\n}}\n"
            )
        })
        .collect();
    configure(&ws, &emu, &(tenant.to_string() + &apps));
    ws.apply();
    assert_eq!(application_count(&api, &tenant_id), 3);
    ws.destroy();
    assert_eq!(tenant_count(&api), 0);
}

/// Only a true 404 removes an object from state: a server failure during refresh is an error and
/// the state stays as it was.
#[test]
fn a_failing_read_keeps_the_state() {
    let emu = start_default();
    let body = format!(
        "{}\n{}",
        "resource \"resistant_tenant\" \"t\" {\n  name = \"steady\"\n  deletion_protection = false\n}\n",
        "resource \"resistant_tenant_application\" \"a\" {\n  tenant_id = resistant_tenant.t.id\n  \
         cell      = \"eu-1\"\n  scopes    = [\"documents.submissions.read\"]\n}\n"
    );
    let config =
        provider_config(&emu).replace("client_id ", "max_retries   = 0\n  client_id ") + &body;
    let emu = Rc::new(emu);
    let (failing, healed) = (emu.clone(), emu);
    let before = Rc::new(RefCell::new(Json::Null));
    let (saved, compare, refreshed) = (before.clone(), before.clone(), before);
    TestCase::new(vec![
        Step::apply(config.clone()),
        Step::expect_plan_error(config.clone(), &["Could not read"])
            .before(move |show| {
                *saved.borrow_mut() = show["values"].clone();
                failing.set_faults(Faults {
                    fail_rate: 1.0,
                    ..Faults::default()
                });
                Ok(())
            })
            .check(move |show| match show["values"] == *compare.borrow() {
                true => Ok(()),
                false => Err(format!("the state changed: {:#}", show["values"])),
            }),
        // Once the API answers again, a refresh finds everything as it was, and nothing is planned.
        Step::refresh_only(config.clone())
            .before(move |_| {
                healed.set_faults(Faults::default());
                Ok(())
            })
            .check(move |show| match show["values"] == *refreshed.borrow() {
                true => Ok(()),
                false => Err(format!(
                    "the refresh changed the state: {:#}",
                    show["values"]
                )),
            }),
        Step::apply(config).plan_check(PlanCheck::ExpectEmpty),
    ])
    .run(&Workspace::new(support::mirror()));
}
