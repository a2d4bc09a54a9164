//! The full life of a tenant and its applications under real terraform against the emulator:
//! create (two cells, three applications, one key-based), an empty plan afterwards, the secret held
//! once in state and shown as sensitive, secrets absent from TF_LOG=TRACE output, objects deleted
//! behind Terraform's back planned again, replacements for every immutable attribute, imports by CLI
//! and by import block (with generated configuration), and one `terraform destroy` for everything.

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use resistant_emulator::Emulator;
use serde_json::Value as Json;
use support::diagnostics::{text, unwrapped};
use support::emulator::{api, block_on, public_key, start_default};
use support::state::{actions, id_of, plan_json, replace_paths, sorted, str_of, values};
use support::tokens::assert_token_works;
use support::{configure, fixture, provider_config, workspace, FIXTURES};
use terraform_provider_resistant::client::Client;
use tf_acceptance::steps::{PlanCheck, Step, TestCase};

const SECRET_APPS: [&str; 2] = [
    "resistant_tenant_application.eu",
    "resistant_tenant_application.us",
];
const KEY_APP: &str = "resistant_tenant_application.key";
const TENANT: &str = "resistant_tenant.acme";

/// The configuration under test; each argument is one attribute the steps change.
struct Shape<'a> {
    name: &'a str,
    cells: &'a str,
    us_scopes: &'a str,
    key_file: &'a str,
}

const FIRST: Shape = Shape {
    name: "acme",
    cells: r#"["eu-1", "us-1"]"#,
    us_scopes: r#"["documents.submissions.read"]"#,
    key_file: "rsa2048_public_spki.pem",
};

fn body(shape: &Shape) -> String {
    format!(
        r#"
resource "resistant_tenant" "acme" {{
  name                = "{name}"
  cells               = {cells}
  deletion_protection = false
}}

resource "resistant_tenant_application" "eu" {{
  tenant_id = resistant_tenant.acme.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read", "documents.submissions.write"]
}}

resource "resistant_tenant_application" "us" {{
  tenant_id = resistant_tenant.acme.id
  cell      = "us-1"
  scopes    = {us_scopes}
}}

resource "resistant_tenant_application" "key" {{
  tenant_id      = resistant_tenant.acme.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.write"]
  public_key_pem = file("{fixtures}/{key_file}")
}}
"#,
        name = shape.name,
        cells = shape.cells,
        us_scopes = shape.us_scopes,
        key_file = shape.key_file,
        fixtures = FIXTURES,
    )
}

fn thumbprint(file: &str) -> String {
    public_key(file).thumbprint()
}

/// The private key matching a public key fixture.
fn private_key_for(public_file: &str) -> String {
    match public_file {
        "rsa2048_public_spki.pem" => fixture("rsa2048_pkcs8.pem"),
        "rsa2048b_public_spki.pem" => fixture("rsa2048b_pkcs1.pem"),
        other => panic!("no private key for {other}"),
    }
}

#[test]
fn tenant_and_applications_full_lifecycle() {
    let emu = start_default();
    let api = api(&emu);
    let ws = workspace(&emu, &body(&FIRST));

    // Create, with every log line of terraform and the provider captured.
    let output = ws.run_with_env(
        &["apply", "-auto-approve", "-input=false", "-no-color"],
        &[("TF_LOG", "TRACE")],
    );
    assert!(output.status.success(), "{}", support::describe(&output));
    let trace = text(&output);
    let show = ws.show_json();
    check_created(&show, &FIRST);
    let secrets: Vec<String> = SECRET_APPS
        .iter()
        .map(|a| str_of(&values(&show, a), "client_secret").to_string())
        .collect();
    for secret in secrets.iter().chain([&emu.org_client_secret()]) {
        assert!(
            !trace.contains(secret.as_str()),
            "a secret is in the TRACE log"
        );
    }
    assert!(
        trace.contains("provider.terraform-provider-resistant"),
        "the provider logs are in the output"
    );
    for address in SECRET_APPS {
        assert_token_works(&show, address, None);
    }
    assert_token_works(&show, KEY_APP, Some(&private_key_for(FIRST.key_file)));
    assert!(
        ws.plan_is_empty(),
        "the plan right after the apply is empty"
    );

    // The state holds each secret once; plan and show print it as sensitive.
    let state_text = ws.state_json().to_string();
    for secret in &secrets {
        assert_eq!(state_text.matches(secret.as_str()).count(), 1);
    }
    let human_show = text(&ws.run_ok(&["show", "-no-color"]));
    assert!(human_show.contains("(sensitive value)"), "{human_show}");
    let changed = Shape {
        us_scopes: r#"["documents.submissions.write"]"#,
        ..FIRST
    };
    configure(&ws, &emu, &body(&changed));
    let plan_text = text(&ws.run_ok(&["plan", "-no-color", "-input=false"]));
    for secret in secrets.iter().chain([&emu.org_client_secret()]) {
        assert!(!human_show.contains(secret.as_str()) && !plan_text.contains(secret.as_str()));
    }
    assert!(plan_text.contains("(sensitive value)"), "{plan_text}");
    configure(&ws, &emu, &body(&FIRST));

    let tenant_id = id_of(&show, TENANT);
    imports(&emu, &show, &tenant_id);

    // Then, with the step runner: objects deleted behind Terraform's back, replacements, and one
    // destroy that removes everything, applications before their tenant.
    let api = Rc::new(api);
    let mut steps = deleted_behind_terraforms_back(&emu, &api);
    steps.extend(replacements(&emu));
    TestCase::new(steps)
        .check_destroy(move || {
            let left = block_on(api.list_tenants()).map_err(|e| format!("list tenants: {e}"))?;
            match left.is_empty() {
                true => Ok(()),
                false => Err(format!("tenants left after destroy: {left:?}")),
            }
        })
        .run(&ws);
}

/// The whole `main.tf` of a shape: the provider block for `emu`, then the objects.
fn config(emu: &Emulator, shape: &Shape) -> String {
    provider_config(emu) + "\n" + &body(shape)
}

/// Runs one of this file's assertion helpers as a state check.
fn asserting(check: impl Fn(&Json) + 'static) -> impl Fn(&Json) -> Result<(), String> {
    move |show| {
        check(show);
        Ok(())
    }
}

/// Checks the created state against the configuration and the API.
fn check_created(show: &Json, shape: &Shape) {
    let tenant = values(show, TENANT);
    assert_eq!(tenant["name"], shape.name);
    let mut cells: Vec<String> = serde_json::from_str(shape.cells).expect("cells");
    cells.sort();
    assert_eq!(sorted(&tenant["cells"]), cells);
    let ui = tenant["documents_ui"].as_object().expect("documents_ui");
    assert_eq!(ui.keys().cloned().collect::<Vec<_>>(), cells);
    assert_eq!(tenant["deletion_protection"], false);
    assert_eq!(tenant["force_destroy"], false);
    for address in SECRET_APPS {
        let app = values(show, address);
        assert_eq!(app["auth_method"], "client_secret", "{address}");
        assert!(!str_of(&app, "client_secret").is_empty());
        assert_eq!(app["key_id"], Json::Null);
        assert_eq!(app["tenant_id"], tenant["id"]);
    }
    let key_app = values(show, KEY_APP);
    assert_eq!(key_app["auth_method"], "private_key_jwt");
    assert_eq!(key_app["client_secret"], Json::Null);
    assert_eq!(key_app["key_id"], thumbprint(shape.key_file));
}

/// Imports the objects into other workspaces, by CLI and by import blocks with generated
/// configuration, and compares with the state that created them.
fn imports(emu: &Emulator, created: &Json, tenant_id: &str) {
    let import_id = |address: &str| format!("{tenant_id}/{}", id_of(created, address));

    // CLI import into a copy of the configuration; the tenant by name, the applications by id.
    let cli = workspace(emu, &body(&FIRST));
    cli.import(TENANT, "name:acme");
    let output = cli.import(SECRET_APPS[0], &import_id(SECRET_APPS[0]));
    let warning = unwrapped(&text(&output));
    assert!(
        warning.contains("Client secret not imported") && warning.contains("rotate_when_changed"),
        "the import warns about the secret and says how to rotate: {warning}"
    );
    cli.import(KEY_APP, &import_id(KEY_APP));
    let imported = cli.show_json();
    compare_imported(created, &imported, &[TENANT, SECRET_APPS[0], KEY_APP]);
    assert_eq!(values(&imported, TENANT)["deletion_protection"], true);
    let plan = plan_json(&cli);
    assert_eq!(
        actions(&plan, TENANT),
        ["update"],
        "only the safety flag differs"
    );
    assert_eq!(actions(&plan, SECRET_APPS[0]), ["no-op"]);
    assert_eq!(
        actions(&plan, KEY_APP),
        ["update"],
        "the key is not imported, so the configured one is adopted into state, not replaced"
    );
    assert!(replace_paths(&plan, KEY_APP).is_empty());

    // Import blocks with generated configuration: the plan after importing is empty.
    let blocks = workspace(
        emu,
        &format!(
            "import {{\n  to = {TENANT}\n  id = \"{tenant_id}\"\n}}\n\
             import {{\n  to = {us}\n  id = \"{us_id}\"\n}}\n\
             import {{\n  to = {KEY_APP}\n  id = \"{key_id}\"\n}}\n",
            us = SECRET_APPS[1],
            us_id = import_id(SECRET_APPS[1]),
            key_id = import_id(KEY_APP),
        ),
    );
    blocks.run_ok(&[
        "plan",
        "-generate-config-out=generated.tf",
        "-no-color",
        "-input=false",
    ]);
    blocks.apply();
    assert!(
        blocks.plan_is_empty(),
        "generated configuration plans empty:\n{}",
        blocks.read_file("generated.tf")
    );
    let imported = blocks.show_json();
    compare_imported(created, &imported, &[TENANT, SECRET_APPS[1], KEY_APP]);
}

/// Attributes the API returns match; those it cannot return are null after an import.
fn compare_imported(created: &Json, imported: &Json, addresses: &[&str]) {
    for address in addresses {
        let (a, b) = (values(created, address), values(imported, address));
        for (name, value) in a.as_object().expect("object") {
            match name.as_str() {
                "deletion_protection" | "force_destroy" => {}
                "client_secret" | "auth_method" | "key_id" | "public_key_pem" => {
                    assert_eq!(b[name], Json::Null, "{address}.{name} after import")
                }
                "cells" | "scopes" => {
                    assert_eq!(sorted(value), sorted(&b[name]), "{address}.{name}")
                }
                _ => assert_eq!(value, &b[name], "{address}.{name}"),
            }
        }
    }
}

/// Deletes an application, then everything, through the API: each is planned again and recreated.
fn deleted_behind_terraforms_back(emu: &Emulator, api: &Rc<Client>) -> Vec<Step> {
    let (one, all) = (api.clone(), api.clone());
    let mut everything = Step::apply(config(emu, &FIRST)).before(move |show| {
        let tenant_id = id_of(show, TENANT);
        let apps = block_on(all.list_applications(&tenant_id)).map_err(|e| e.to_string())?;
        for app in apps {
            block_on(all.delete_application(&tenant_id, &app.id)).map_err(|e| e.to_string())?;
        }
        block_on(all.delete_tenant(&tenant_id)).map_err(|e| e.to_string())
    });
    for address in [TENANT, SECRET_APPS[0], SECRET_APPS[1], KEY_APP] {
        everything = everything.plan_check(PlanCheck::actions(address, &["create"]));
    }
    vec![
        Step::apply(config(emu, &FIRST))
            .before(move |show| {
                let (tenant_id, us_id) = (id_of(show, TENANT), id_of(show, SECRET_APPS[1]));
                block_on(one.delete_application(&tenant_id, &us_id)).map_err(|e| e.to_string())
            })
            .plan_check(PlanCheck::actions(SECRET_APPS[1], &["create"]))
            .plan_check(PlanCheck::actions(TENANT, &["no-op"])),
        everything,
    ]
}

/// Every immutable attribute's change is planned as a replacement, applied, and then plans empty.
fn replacements(emu: &Emulator) -> Vec<Step> {
    let second = Shape {
        us_scopes: r#"["documents.submissions.read", "documents.submissions.write"]"#,
        key_file: "rsa2048b_public_spki.pem",
        ..FIRST
    };
    let third = Shape {
        name: "acmerenamed",
        cells: r#"["eu-1", "us-1", "ca-1"]"#,
        ..second
    };
    // The ids before the second shape is applied, to compare with those after.
    let before = Rc::new(RefCell::new(Json::Null));
    let (remember, compare) = (before.clone(), before);
    let mut renamed = Step::apply(config(emu, &third))
        .plan_check(PlanCheck::actions(TENANT, &["delete", "create"]))
        .plan_check(PlanCheck::replace_at(TENANT, "cells"))
        .plan_check(PlanCheck::replace_at(TENANT, "name"))
        .check(asserting(move |show| check_created(show, &third)));
    for address in SECRET_APPS.iter().chain([&KEY_APP]) {
        renamed = renamed.plan_check(PlanCheck::actions(address, &["delete", "create"]));
    }
    vec![
        Step::apply(config(emu, &second))
            .before(move |show| {
                *remember.borrow_mut() = show.clone();
                Ok(())
            })
            .plan_check(PlanCheck::actions(SECRET_APPS[1], &["delete", "create"]))
            .plan_check(PlanCheck::replace_at(SECRET_APPS[1], "scopes"))
            .plan_check(PlanCheck::actions(KEY_APP, &["delete", "create"]))
            .plan_check(PlanCheck::replace_at(KEY_APP, "key_id"))
            .plan_check(PlanCheck::replace_at(KEY_APP, "public_key_pem"))
            .plan_check(PlanCheck::actions(SECRET_APPS[0], &["no-op"]))
            .plan_check(PlanCheck::actions(TENANT, &["no-op"]))
            .check(asserting(move |after| {
                let before = compare.borrow();
                assert_ne!(id_of(&before, KEY_APP), id_of(after, KEY_APP));
                assert_eq!(id_of(&before, SECRET_APPS[0]), id_of(after, SECRET_APPS[0]));
                assert_eq!(
                    values(after, KEY_APP)["key_id"],
                    thumbprint(second.key_file)
                );
                assert_token_works(after, KEY_APP, Some(&private_key_for(second.key_file)));
            })),
        renamed,
    ]
}
