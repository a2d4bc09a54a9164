//! What a new user notices, under real terraform against the emulator: a public key compared by the
//! key it holds (any encoding plans nothing, another key replaces), an imported key-based
//! application adopting its key without replacement, the EU-only testing environment refusing other
//! cells at plan time, a credentials conflict naming the environment variable it came from, and
//! "Provider not configured" naming the unknown settings and the ways out.

mod support;

use support::diagnostics::{plan_fails, text, unwrapped};
use support::emulator::{public_key, Org};
use support::state::{actions, plan_json, replace_paths, str_of, values};
use support::tokens::assert_token_works;
use support::{fixture, provider_block, provider_config, provider_config_with, Workspace};
use tf_acceptance::steps::{PlanCheck, Step, TestCase};

const APP: &str = "resistant_tenant_application.key";

/// A tenant and one key-based application whose key is the file `key.pem` of the workspace.
fn key_app(tenant: &str) -> String {
    format!(
        r#"
resource "resistant_tenant" "t" {{
  name                = "{tenant}"
  deletion_protection = false
}}

resource "resistant_tenant_application" "key" {{
  tenant_id      = resistant_tenant.t.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = file("key.pem")
}}
"#
    )
}

fn workspace_with(provider: &str, body: &str) -> Workspace {
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &format!("{provider}\n{body}"));
    ws.init();
    ws
}

#[test]
fn another_encoding_of_the_same_key_plans_nothing_and_another_key_replaces() {
    let org = Org::start(Default::default());
    let spki = fixture("rsa2048_public_spki.pem");
    let ws = workspace_with(&provider_config(&org.emulator), &key_app("keytext"));
    ws.write_file("key.pem", &spki);
    ws.apply();
    let created = values(&ws.show_json(), APP);

    let same_key = [
        ("PKCS#1", fixture("rsa2048_public_pkcs1.pem")),
        ("CRLF", spki.replace('\n', "\r\n")),
        ("surrounding whitespace", format!("\n\n   {spki}  \n\n")),
        (
            "PKCS#1 with CRLF",
            fixture("rsa2048_public_pkcs1.pem").replace('\n', "\r\n"),
        ),
    ];
    for (what, text) in same_key {
        ws.write_file("key.pem", &text);
        assert!(ws.plan_is_empty(), "{what}: the same key plans no change");
    }
    // Applying keeps the text in state that the key was created with.
    ws.apply();
    let kept = values(&ws.show_json(), APP);
    assert_eq!(kept["public_key_pem"], created["public_key_pem"]);
    assert_eq!(kept["client_id"], created["client_id"]);

    ws.write_file("key.pem", &fixture("rsa2048b_public_spki.pem"));
    let plan = plan_json(&ws);
    assert_eq!(actions(&plan, APP), ["delete", "create"]);
    assert_eq!(replace_paths(&plan, APP), ["key_id", "public_key_pem"]);
    ws.destroy();
}

#[test]
fn an_imported_key_application_adopts_its_key_without_replacement() {
    let org = Org::start(Default::default());
    let tenant = org.tenant("adopt", &["eu-1"]);
    let key = public_key("rsa2048_public_spki.pem");
    let application = org.application(&tenant, "eu-1", key.to_application_auth(None));

    // Configuration that names the key (with CRLF line endings, as from a Windows checkout).
    let body = format!(
        r#"
resource "resistant_tenant_application" "key" {{
  tenant_id      = "{tenant_id}"
  cell           = "eu-1"
  scopes         = ["documents.submissions.read", "documents.submissions.write"]
  public_key_pem = file("key.pem")
}}
"#,
        tenant_id = tenant.id
    );
    let ws = workspace_with(&provider_config(&org.emulator), &body);
    ws.write_file(
        "key.pem",
        &fixture("rsa2048_public_spki.pem").replace('\n', "\r\n"),
    );
    ws.import(APP, &format!("{}/{}", tenant.id, application.id));
    assert_eq!(
        values(&ws.show_json(), APP)["public_key_pem"],
        serde_json::Value::Null
    );

    let plan = plan_json(&ws);
    assert_eq!(actions(&plan, APP), ["update"], "adopted, not replaced");
    let output = ws.run_ok(&["plan", "-input=false", "-no-color"]);
    let said = unwrapped(&text(&output));
    for needle in [
        "Public key adopted without confirmation",
        "cannot confirm",
        "resistant_access_token",
        "curl",
    ] {
        assert!(said.contains(needle), "{needle:?} missing:\n{said}");
    }

    ws.apply();
    assert!(ws.plan_is_empty(), "the adopted key plans no change");
    let show = ws.show_json();
    let adopted = values(&show, APP);
    assert_eq!(str_of(&adopted, "client_id"), application.client_id);
    assert_eq!(str_of(&adopted, "id"), application.id);
    assert_eq!(str_of(&adopted, "key_id"), key.thumbprint());
    assert_eq!(str_of(&adopted, "auth_method"), "private_key_jwt");
    // The confirmation the warning suggests: a token with the matching private key.
    assert_token_works(&show, APP, Some(&fixture("rsa2048_pkcs8.pem")));

    // From now on, a different key replaces the application as usual.
    ws.write_file("key.pem", &fixture("rsa2048b_public_spki.pem"));
    assert_eq!(actions(&plan_json(&ws), APP), ["delete", "create"]);
}

#[test]
fn the_testing_environment_refuses_cells_outside_the_eu_at_plan_time() {
    let org = Org::start(Default::default());
    let tenant = org.tenant("testingenv", &["eu-1", "us-1"]);
    let testing = provider_config_with(&org.emulator, "  environment   = \"testing\"\n");
    let body = format!(
        r#"
resource "resistant_tenant" "t" {{
  name  = "testingnew"
  cells = ["eu-1", "us-1"]
}}

resource "resistant_tenant_application" "us" {{
  tenant_id = "{tenant_id}"
  cell      = "ca-1"
  scopes    = ["documents.submissions.read"]
}}
"#,
        tenant_id = tenant.id
    );
    let eu_only =
        "resource \"resistant_tenant\" \"t\" {\n  name                = \"testingeu\"\n  \
                   deletion_protection = false\n}\n";
    TestCase::new(vec![
        Step::expect_plan_error(
            format!("{testing}\n{body}"),
            &[
                "Cell not in the environment",
                "\"us-1\" is not available in the testing environment",
                "\"ca-1\" is not available in the testing environment",
                "EU only",
                "with resistant_tenant.t",
                "with resistant_tenant_application.us",
            ],
        ),
        // eu-1 is fine in testing.
        Step::apply(format!("{testing}\n{eu_only}"))
            .plan_check(PlanCheck::actions("resistant_tenant.t", &["create"])),
    ])
    .run(&Workspace::new(support::mirror()));
}

#[test]
fn a_credentials_conflict_names_the_environment_variable() {
    let org = Org::start(Default::default());
    let mut ws = Workspace::new(support::mirror());
    ws.set_env("RESISTANT_PRIVATE_KEY_PEM", &fixture("rsa2048_pkcs8.pem"));
    TestCase::new(vec![Step::expect_plan_error(
        format!(
            "{}\ndata \"resistant_cells\" \"all\" {{}}\n",
            provider_config(&org.emulator)
        ),
        &[
            "Conflicting credentials",
            "RESISTANT_PRIVATE_KEY_PEM",
            "client_secret is set in the provider block",
        ],
    )
    // No key text.
    .never_mentions(&["PRIVATE KEY-----"])])
    .run(&ws);
}

#[test]
fn provider_not_configured_names_the_unknown_setting_and_the_ways_out() {
    let org = Org::start(Default::default());
    let emu = &org.emulator;
    // The client secret comes from a resource, so it is unknown until that resource is applied.
    let provider = provider_block(&format!(
        "  endpoint      = \"{}\"\n  token_url     = \"{}\"\n  client_id     = \"{}\"\n  \
         client_secret = terraform_data.secret.output\n",
        emu.endpoint(),
        emu.token_url(),
        emu.org_client_id(),
    ));
    let body = format!(
        "resource \"terraform_data\" \"secret\" {{\n  input = \"{}\"\n}}\n\n\
         data \"resistant_cells\" \"all\" {{}}\n",
        emu.org_client_secret()
    );
    let ws = workspace_with(&provider, &body);
    let said = plan_fails(&ws);
    for needle in [
        "Provider not configured",
        "`client_secret` is known only after apply",
        "-target=",
        "split the configuration",
    ] {
        assert!(said.contains(needle), "{needle:?} missing:\n{said}");
    }
    // The first way out works: apply the dependency alone, then everything.
    ws.run_ok(&[
        "apply",
        "-auto-approve",
        "-input=false",
        "-no-color",
        "-target=terraform_data.secret",
    ]);
    ws.apply();
}
