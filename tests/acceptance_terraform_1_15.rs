//! The Resistant provider on Terraform 1.15 (`TF_ACC_TERRAFORM_1_15`), through the real binary
//! against the emulator: identities stored wholly known after apply, import by identity then an
//! empty plan (and malformed or unknown identities refused with nothing written), and state
//! written by Terraform 1.11 taking its identities on 1.15 after a refresh; `terraform query`
//! over 25 tenants and 30 applications paging through the API (never a request per object) and
//! generating configuration that plans imports only, and a block's `limit` ending the paging; the
//! `resistant_check_credentials` action invoked with working and refused credentials and run by an
//! `action_trigger` after a create; the guide's commands as written. Few and
//! broad, to keep CI short.

mod support;

use resistant_emulator::Config;
use serde_json::{json, Value as Json};
use support::emulator::{
    add_application, api, block_on, requests_between, routes, seed_tenants, start, start_default,
};
use support::{configure, mirror, provider_config};
use terraform_provider_resistant::client::ApplicationAuth;
use tf_acceptance::state::{id_of, identity_of, resources};
use tf_acceptance::{describe, Workspace};

const TENANT: &str = "resistant_tenant.acme";
const APP: &str = "resistant_tenant_application.eu";

/// The tenant and one application; `protection` is the tenant's `deletion_protection` line
/// (empty for the default, which is what an import gives).
fn body_with(name: &str, protection: &str) -> String {
    format!(
        r#"
resource "resistant_tenant" "acme" {{
  name                = "{name}"
  cells               = ["eu-1"]
  {protection}
}}

resource "resistant_tenant_application" "eu" {{
  tenant_id = resistant_tenant.acme.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}}
"#
    )
}

fn body(name: &str) -> String {
    body_with(name, "deletion_protection = false")
}

/// A workspace on Terraform 1.15, or `None` when the test is skipped.
fn workspace_1_15(test: &str) -> Option<Workspace> {
    Workspace::terraform_1_15(mirror(), test)
}

fn plan_summary(ws: &Workspace) -> String {
    let output = ws.run_ok(&["plan", "-input=false", "-no-color"]);
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn identities_are_stored_after_apply_and_import_by_identity_plans_no_changes() {
    let Some(ws) =
        workspace_1_15("identities_are_stored_after_apply_and_import_by_identity_plans_no_changes")
    else {
        return;
    };
    let emu = start_default();
    configure(&ws, &emu, &body("identityacme"));
    ws.init();
    ws.apply();
    let show = ws.show_json();
    let (tenant_id, app_id) = (id_of(&show, TENANT), id_of(&show, APP));
    assert_eq!(identity_of(&ws, TENANT), json!({ "id": tenant_id }));
    assert_eq!(
        identity_of(&ws, APP),
        json!({ "tenant_id": tenant_id, "id": app_id }),
        "identities are wholly known after apply"
    );
    assert!(ws.plan_is_empty(), "nothing to change after apply on 1.15");

    // A second configuration adopts both objects by identity alone.
    let adopt = Workspace::with_terraform(mirror(), ws.terraform().to_path_buf());
    let imports = format!(
        r#"
import {{
  to       = resistant_tenant.acme
  identity = {{ id = "{tenant_id}" }}
}}

import {{
  to       = resistant_tenant_application.eu
  identity = {{
    tenant_id = "{tenant_id}"
    id        = "{app_id}"
  }}
}}
"#
    );
    configure(&adopt, &emu, &(body_with("identityacme", "") + &imports));
    adopt.init();
    let plan = plan_summary(&adopt);
    assert!(
        plan.contains("Plan: 2 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    let applied = adopt.apply();
    let applied = String::from_utf8_lossy(&applied.stdout);
    assert!(applied.contains("Client secret not imported"), "{applied}");
    assert_eq!(identity_of(&adopt, TENANT), json!({ "id": tenant_id }));
    assert!(adopt.plan_is_empty(), "no changes after import by identity");

    // Identities naming nothing, or malformed, are refused and nothing is written.
    let refuse = Workspace::with_terraform(mirror(), ws.terraform().to_path_buf());
    let unknown = r#"
import {
  to       = resistant_tenant.acme
  identity = { id = "no-such-tenant" }
}
"#;
    configure(&refuse, &emu, &(body("identityother") + unknown));
    refuse.init();
    let failed = refuse.run_fails(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("Tenant not found"), "{}", describe(&failed));
    let malformed = r#"
import {
  to       = resistant_tenant_application.eu
  identity = {
    tenant_id = ""
    id        = "x"
  }
}
"#;
    configure(&refuse, &emu, &(body("identityother") + malformed));
    let failed = refuse.run_fails(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("Invalid resistant_tenant_application identity")
            && stderr.contains("needs `tenant_id`"),
        "the empty tenant_id is named: {}",
        describe(&failed)
    );
    assert!(
        resources(&refuse.show_json()).is_empty(),
        "nothing imported"
    );
    configure(&adopt, &emu, &body("identityacme"));
    adopt.apply();
    adopt.destroy();
}

#[test]
fn state_written_by_terraform_1_11_takes_identities_on_1_15_after_a_refresh() {
    let Some(new) =
        workspace_1_15("state_written_by_terraform_1_11_takes_identities_on_1_15_after_a_refresh")
    else {
        return;
    };
    let emu = start_default();
    // The default terraform (1.11) writes the state.
    let old = Workspace::new(mirror());
    configure(&old, &emu, &body("upgradeacme"));
    old.init();
    old.apply();
    assert_eq!(
        identity_of(&old, TENANT),
        Json::Null,
        "1.11 stores no identity"
    );

    // The same directory and state, now driven by 1.15.
    for file in ["main.tf", "terraform.tfstate", ".terraform.lock.hcl"] {
        std::fs::copy(old.path().join(file), new.path().join(file)).expect("copy");
    }
    new.init();
    new.run_ok(&[
        "apply",
        "-refresh-only",
        "-auto-approve",
        "-input=false",
        "-no-color",
    ]);
    let show = new.show_json();
    assert_eq!(
        identity_of(&new, APP),
        json!({ "tenant_id": id_of(&show, TENANT), "id": id_of(&show, APP) })
    );
    assert!(new.plan_is_empty(), "the upgraded state plans no changes");
    new.destroy();
    let api = api(&emu);
    assert!(
        block_on(api.find_tenant_by_name("upgradeacme"))
            .expect("lookup")
            .is_none(),
        "destroyed on 1.15"
    );
}

/// `list` blocks for the tenants named `query…` and the applications of `tenant_ids`.
fn query_file(tenant_ids: &[String]) -> String {
    let mut text = String::from(
        r#"list "resistant_tenant" "all" {
  provider         = resistant
  include_resource = true

  config {
    name_prefix = "query"
  }
}
"#,
    );
    for (n, id) in tenant_ids.iter().enumerate() {
        text += &format!(
            r#"
list "resistant_tenant_application" "of_{n}" {{
  provider         = resistant
  include_resource = true

  config {{
    tenant_id = "{id}"
  }}
}}
"#
        );
    }
    text
}

#[test]
fn query_generates_configuration_that_imports_25_tenants_and_30_applications_and_changes_nothing() {
    let Some(ws) = workspace_1_15(
        "query_generates_configuration_that_imports_25_tenants_and_30_applications_and_changes_nothing",
    ) else {
        return;
    };
    // Pages of 10, so the listing pages through the API.
    let emu = start(Config {
        tenant_quota: 40,
        max_page_size: 10,
        ..Config::default()
    });
    let api = api(&emu);
    let tenants = block_on(seed_tenants(&api, "query", 25));
    // Someone else's tenant, which the name_prefix leaves out.
    block_on(seed_tenants(&api, "other", 1));
    let with_apps: Vec<String> = tenants.iter().take(15).map(|t| t.id.clone()).collect();
    for id in &with_apps {
        for _ in 0..2 {
            block_on(add_application(
                &api,
                id,
                "eu-1",
                &["documents.submissions.read"],
                ApplicationAuth::ClientSecret,
            ));
        }
    }
    ws.write_file("main.tf", &provider_config(&emu));
    ws.write_file("search.tfquery.hcl", &query_file(&with_apps));
    ws.init();
    let before = emu.stats();
    let query = ws.run_ok(&["query", "-no-color", "-generate-config-out=generated.tf"]);
    let asked = requests_between(&before, &emu.stats());
    assert_eq!(
        asked.get(routes::TENANT_PAGE),
        Some(&3),
        "26 tenants in pages of 10: {asked:?}"
    );
    assert_eq!(
        asked.get(routes::TENANT),
        None,
        "no request per tenant: {asked:?}"
    );
    assert_eq!(asked.get(routes::APPLICATION_LIST), Some(&15), "{asked:?}");
    let listed = String::from_utf8_lossy(&query.stdout);
    assert!(listed.contains("query0"), "{listed}");
    assert!(!listed.contains("other0"), "the prefix filters: {listed}");

    let generated = ws.read_file("generated.tf");
    assert_eq!(generated.matches("import {").count(), 55, "{generated}");
    for absent in ["client_secret =", "created", "documents_ui", "token_url"] {
        assert!(!generated.contains(absent), "{absent} in {generated}");
    }
    assert!(
        generated.contains("deletion_protection = true"),
        "{generated}"
    );
    ws.run_ok(&["fmt", "-check", "-no-color", "generated.tf"]);
    ws.run_ok(&["validate", "-no-color"]);
    let plan = ws.run_ok(&["plan", "-input=false", "-no-color"]);
    let plan = String::from_utf8_lossy(&plan.stdout);
    assert!(
        plan.contains("Plan: 55 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );

    // A block's limit is honoured: the listing stops there.
    ws.write_file(
        "search.tfquery.hcl",
        r#"list "resistant_tenant" "few" {
  provider = resistant
  limit    = 3
}
"#,
    );
    let before = emu.stats();
    let few = ws.run_ok(&["query", "-no-color"]);
    let few = String::from_utf8_lossy(&few.stdout);
    assert_eq!(few.matches("list.resistant_tenant.few").count(), 3, "{few}");
    let asked = requests_between(&before, &emu.stats());
    assert_eq!(
        asked.get(routes::TENANT_PAGE),
        Some(&1),
        "the listing stopped at the limit, before a second page: {asked:?}"
    );
}

const REFUSED: &str = r#"
action "resistant_check_credentials" "refused" {
  config {
    token_url     = resistant_tenant_application.eu.token_url
    client_id     = resistant_tenant_application.eu.client_id
    client_secret = "not-the-secret"
    scopes        = ["documents.submissions.read"]
  }
}
"#;

#[test]
fn the_credentials_check_action_reports_granted_scopes_or_the_refusal_and_never_a_secret() {
    let Some(ws) = workspace_1_15(
        "the_credentials_check_action_reports_granted_scopes_or_the_refusal_and_never_a_secret",
    ) else {
        return;
    };
    let emu = start_default();
    // The documented example, plus one with a wrong secret.
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/actions/resistant_check_credentials/action.tf"
    ))
    .expect("the action example");
    configure(&ws, &emu, &(body("actionacme") + &example + REFUSED));
    ws.init();
    ws.apply();
    let state = ws.state_json().to_string();
    let secret = state
        .split("\"client_secret\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the application's secret in state")
        .to_string();

    // The provider's own log at its most verbose goes to a file, to be read for secrets below.
    let log = ws.path().join("provider-trace.log");
    let log_path = log.to_string_lossy().to_string();
    let invoke = |name: &str| {
        ws.run_with_env(
            &[
                "apply",
                "-auto-approve",
                "-input=false",
                "-no-color",
                &format!("-invoke=action.resistant_check_credentials.{name}"),
            ],
            &[
                ("TF_LOG_PROVIDER", "trace"),
                ("TF_LOG_CORE", "off"),
                ("TF_LOG_PATH", &log_path),
            ],
        )
    };
    let worked = invoke("eu");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&worked.stdout),
        String::from_utf8_lossy(&worked.stderr)
    );
    assert!(worked.status.success(), "{}", describe(&worked));
    assert!(said.contains("work: granted scopes"), "{said}");
    assert!(said.contains("submissions.read"), "{said}");
    assert!(!said.contains(&secret), "the secret was printed: {said}");
    let logged = std::fs::read_to_string(&log).expect("the provider's trace log");
    assert!(
        logged.contains("resistant"),
        "the provider logged at trace level: {logged}"
    );
    assert!(!logged.contains(&secret), "the secret reached the log");
    // Access tokens (JWTs) begin with the encoding of `{"`; none may reach the log.
    assert!(!logged.contains("eyJ"), "a token reached the log");

    let refused = invoke("refused");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(!refused.status.success(), "{said}");
    assert!(said.contains("Credentials check failed"), "{said}");
    assert!(
        !said.contains("not-the-secret"),
        "the wrong secret was printed: {said}"
    );
    assert!(ws.plan_is_empty(), "invoking actions changed nothing");

    // From an action_trigger: the check runs right after the new application is created.
    let triggered = r#"
resource "resistant_tenant_application" "us" {
  tenant_id = resistant_tenant.acme.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.write"]

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.resistant_check_credentials.us]
    }
  }
}

action "resistant_check_credentials" "us" {
  config {
    token_url     = resistant_tenant_application.us.token_url
    client_id     = resistant_tenant_application.us.client_id
    client_secret = resistant_tenant_application.us.client_secret
    scopes        = ["documents.submissions.write"]
  }
}
"#;
    configure(
        &ws,
        &emu,
        &(body("actionacme") + &example + REFUSED + triggered),
    );
    let applied = ws.apply();
    let said = String::from_utf8_lossy(&applied.stdout);
    assert!(said.contains("work: granted scopes"), "{said}");
    assert!(said.contains("submissions.write"), "{said}");
    ws.destroy();
}

/// The guide's files (code blocks whose first line is `# file: NAME`) and its commands (the
/// `terraform ...` lines of its `sh` blocks), in order.
fn guide_steps(guide: &str) -> (Vec<(String, String)>, Vec<Vec<String>>) {
    let mut files = Vec::new();
    let mut commands = Vec::new();
    let mut block: Option<(String, Vec<&str>)> = None;
    for line in guide.lines() {
        match (&mut block, line.strip_prefix("```")) {
            (None, Some(language)) => block = Some((language.to_string(), Vec::new())),
            (Some(_), Some(_)) => {
                let (language, lines) = block.take().expect("a block");
                if language == "sh" {
                    commands.extend(lines.iter().filter_map(|line| {
                        line.strip_prefix("terraform ")
                            .map(|args| args.split_whitespace().map(str::to_string).collect())
                    }));
                } else if let Some(name) = lines.first().and_then(|l| l.strip_prefix("# file: ")) {
                    files.push((name.to_string(), lines[1..].join("\n") + "\n"));
                }
            }
            (Some((_, lines)), None) => lines.push(line),
            (None, None) => {}
        }
    }
    (files, commands)
}

#[test]
fn the_bring_existing_tenants_guide_works_as_written_on_terraform_1_15() {
    let Some(mut ws) =
        workspace_1_15("the_bring_existing_tenants_guide_works_as_written_on_terraform_1_15")
    else {
        return;
    };
    let guide = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/guides/bring-existing-tenants-under-terraform.md"
    ))
    .expect("the guide");
    let (files, commands) = guide_steps(&guide);
    assert_eq!(files.len(), 2, "main.tf and the query file");
    assert!(commands.len() >= 5, "{commands:?}");
    let emu = start_default();
    let api = api(&emu);
    block_on(seed_tenants(&api, "cust", 3));
    block_on(seed_tenants(&api, "internal", 1));
    // The guide's environment, as the emulator guide exports it.
    for (key, value) in [
        ("RESISTANT_ENDPOINT", emu.endpoint()),
        ("RESISTANT_TOKEN_URL", emu.token_url()),
        ("RESISTANT_CLIENT_ID", emu.org_client_id()),
        ("RESISTANT_CLIENT_SECRET", emu.org_client_secret()),
    ] {
        ws.set_env(key, &value);
    }
    for (name, text) in &files {
        ws.write_file(name, text);
    }
    let mut printed = String::new();
    for command in &commands {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        if args[0] == "apply" {
            args.push("-auto-approve");
        }
        args.push("-no-color");
        let output = ws.run_ok(&args);
        printed += &String::from_utf8_lossy(&output.stdout);
    }
    assert!(
        printed.contains("cust0") && !printed.contains("internal0"),
        "{printed}"
    );
    assert!(
        printed.contains("Plan: 3 to import, 0 to add, 0 to change, 0 to destroy."),
        "{printed}"
    );
    assert_eq!(resources(&ws.show_json()).len(), 3, "three tenants adopted");
    assert!(ws.plan_is_empty(), "nothing to change after adopting them");
}
