//! `resistant_access_token` through the real `terraform` binary against the emulator: tokens obtained
//! with a client secret (by cell) and with a private key (by token URL) are used by `local-exec`
//! provisioners to create submissions in the emulator's Documents API, and are renewed when a run
//! outlives them; neither the tokens nor the credentials reach the state, `terraform show -json` or
//! a saved plan. Tokens also work for an application created in the same run. Bad configurations
//! and bad credentials fail the plan.

mod support;

use std::time::Duration;

use resistant_emulator::Config;
use serde_json::Value as Json;
use support::diagnostics::{assert_mentions, plan_fails, source_reference, text};
use support::emulator::{block_on, public_key, Org};
use support::tokens::data_plane_token;
use support::{configure, fixture, workspace};
use terraform_provider_resistant::client::Application;

/// The provisioners' helper (plain `python3` standard library, proxies bypassed): creates a
/// submission with the token, uploads a document, records what the test checks (including the
/// token, so that the test can look for it elsewhere), then keeps the token in use for a while.
const SUBMIT_PY: &str = r#"import json, os, sys, time, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
def call(method, url, data, headers):
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with opener.open(request, timeout=10) as response:
        return response.read()
token = os.environ["TOKEN"]
created = json.loads(call("POST", os.environ["DOCS_URL"] + "/submission", b"{}",
    {"Authorization": "Bearer " + token, "Content-Type": "application/json"}))
call("PUT", created["upload_url"], os.environ["DOCUMENT"].encode(), {"Content-Type": "application/pdf"})
with open(sys.argv[1], "w") as out:
    json.dump({"submission_id": created["submission_id"], "token": token,
               "expires_at": os.environ["EXPIRES_AT"], "scope": os.environ["SCOPE"]}, out)
time.sleep(float(sys.argv[2]))
"#;
const DOCUMENT: &str = "%PDF-1.4 a document for the emulator";
/// Emulator token lifetime: short, so that a provisioner can outlive it and trigger a renewal.
const TOKEN_TTL: Duration = Duration::from_secs(5);

/// A `terraform_data` resource `name` whose `local-exec` provisioner runs [`SUBMIT_PY`] with the
/// token of `ephemeral.resistant_access_token.<token>`: it submits `document` to `docs_url` (an HCL
/// expression), writes its report to `report` and then holds the token for `hold_secs`.
fn submission(
    name: &str,
    report: &str,
    hold_secs: u64,
    token: &str,
    docs_url: &str,
    document: &str,
) -> String {
    let token = format!("ephemeral.resistant_access_token.{token}");
    format!(
        r#"resource "terraform_data" "{name}" {{
  provisioner "local-exec" {{
    command = "python3 submit.py {report} {hold_secs}"
    environment = {{
      TOKEN      = {token}.access_token
      EXPIRES_AT = {token}.expires_at
      SCOPE      = {token}.scope
      DOCS_URL   = {docs_url}
      DOCUMENT   = "{document}"
    }}
  }}
}}
"#
    )
}

fn read_json(text: &str) -> Json {
    serde_json::from_str(text).expect("the provisioner's report is JSON")
}

/// Asks the emulator, with a token of the application's own (its secret or its key), for the
/// submission's result.
fn submission_result(
    org: &Org,
    app: &Application,
    secret: Option<&str>,
    private_key_pem: Option<&str>,
    report: &Json,
) -> Json {
    let token = data_plane_token(
        &app.token_url,
        &app.client_id,
        secret,
        private_key_pem,
        &["submissions.read".to_string()],
    )
    .expect("test token");
    let url = format!(
        "{}/submission/{}/fraud",
        org.emulator.documents_url(&app.cell),
        report["submission_id"].as_str().expect("submission id")
    );
    block_on(async {
        let response = reqwest::Client::new()
            .get(url)
            .bearer_auth(token.access_token.expose())
            .send()
            .await
            .expect("fraud request");
        assert_eq!(response.status(), 200, "submission visible to its tenant");
        response.json().await.expect("fraud JSON")
    })
}

#[test]
fn access_tokens_reach_the_documents_api_but_never_state_or_plan() {
    let org = Org::start(Config {
        token_ttl: TOKEN_TTL,
        ..Config::default()
    });
    let tenant = org.tenant("acme", &["eu-1", "us-1"]);
    let (secret_app, secret) = org.secret_application(&tenant, "eu-1");
    let private_pem = fixture("rsa2048_pkcs8.pem");
    let public = public_key("rsa2048_public_spki.pem");
    let key_app = org.application(
        &tenant,
        "us-1",
        public.to_application_auth(Some("k1".into())),
    );

    let body = format!(
        r#"variable "app_secret" {{
  type      = string
  ephemeral = true
}}
data "resistant_cells" "all" {{}}
locals {{
  docs = {{ for c in data.resistant_cells.all.cells : c.name => c.documents_api_url }}
}}

ephemeral "resistant_access_token" "by_secret" {{
  cell          = "eu-1"
  client_id     = "{secret_client}"
  client_secret = var.app_secret
  scopes        = ["submissions.write", "submissions.read"]
}}
ephemeral "resistant_access_token" "by_key" {{
  token_url       = "{key_token_url}"
  client_id       = "{key_client}"
  private_key_pem = file("${{path.module}}/key.pem")
  key_id          = "k1"
  scopes          = ["documents.submissions.write"]
}}

"#,
        secret_client = secret_app.client_id,
        key_token_url = key_app.token_url,
        key_client = key_app.client_id,
    ) + &submission("submit_eu", "eu.json", 0, "by_secret", r#"local.docs["eu-1"]"#, DOCUMENT)
        // Keeps the token in use past its renewal time.
        + &submission(
            "submit_us",
            "us.json",
            TOKEN_TTL.as_secs(),
            "by_key",
            r#"local.docs["us-1"]"#,
            DOCUMENT,
        );
    let mut ws = workspace(&org.emulator, &body);
    ws.set_env("TF_VAR_app_secret", &secret);
    ws.write_file("submit.py", SUBMIT_PY);
    ws.write_file("key.pem", &private_pem);

    // A saved plan opens the tokens too, and must hold neither them nor the credentials.
    ws.run_ok(&["plan", "-input=false", "-no-color", "-out=tfplan"]);
    let plan_json = text(&ws.run_ok(&["show", "-json", "-no-color", "tfplan"]));
    let before_apply = org.emulator.stats().documents_token_requests;
    assert!(before_apply >= 2, "the plan opened both tokens");

    // With the provider's and Terraform's trace logging on: nothing secret may appear there either.
    let apply = ws.run_with_env(
        &["apply", "-input=false", "-no-color", "tfplan"],
        &[("TF_LOG", "trace")],
    );
    assert!(apply.status.success(), "{}", support::describe(&apply));
    let apply = text(&apply);
    assert!(
        apply.contains("OpenEphemeralResource"),
        "the trace log is on"
    );
    let issued = org.emulator.stats().documents_token_requests - before_apply;
    // Two opens, plus at least one renewal while the US provisioner held its token.
    assert!(
        issued >= 3,
        "expected a renewal, got {issued} token requests"
    );

    let eu = read_json(&ws.read_file("eu.json"));
    let us = read_json(&ws.read_file("us.json"));
    assert_eq!(eu["scope"], "submissions.read submissions.write");
    assert_eq!(us["scope"], "submissions.write");
    let expires_at = eu["expires_at"].as_str().expect("expires_at");
    assert!(
        chrono::DateTime::parse_from_rfc3339(expires_at).is_ok(),
        "expires_at {expires_at:?} is RFC 3339"
    );

    // The submissions exist, with the document, for the applications' tenant.
    let result = submission_result(&org, &secret_app, Some(&secret), None, &eu);
    assert_eq!(result["analyzed_bytes"], DOCUMENT.len());
    let result = submission_result(&org, &key_app, None, Some(&private_pem), &us);
    assert_eq!(result["analyzed_bytes"], DOCUMENT.len());

    // Nothing secret was written down or shown.
    let state = ws.read_file("terraform.tfstate");
    let shown = ws.show_json().to_string();
    let private_key_body = private_pem.lines().nth(1).expect("key body");
    for (what, value) in [
        ("client-secret token", eu["token"].as_str().expect("token")),
        ("private-key token", us["token"].as_str().expect("token")),
        ("client secret", secret.as_str()),
        ("private key", private_key_body),
    ] {
        assert!(!state.contains(value), "{what} in the state file");
        assert!(!shown.contains(value), "{what} in terraform show -json");
        assert!(!plan_json.contains(value), "{what} in the saved plan");
        assert!(
            !apply.contains(value),
            "{what} in the apply output or its trace log"
        );
    }
}

#[test]
fn bad_access_token_configurations_fail_the_plan() {
    let org = Org::start(Config::default());
    let tenant = org.tenant("acme", &["eu-1"]);
    let (app, _) = org.secret_application(&tenant, "eu-1");

    let ws = workspace(
        &org.emulator,
        &format!(
            r#"ephemeral "resistant_access_token" "both" {{
  cell          = "eu-1"
  token_url     = "{url}"
  client_id     = "{client}"
  client_secret = "whatever"
  scopes        = ["submissions.read", "tenants.write"]
}}
"#,
            url = app.token_url,
            client = app.client_id
        ),
    );
    let text = plan_fails(&ws);
    let cell = source_reference(
        &ws,
        r#"ephemeral "resistant_access_token" "both""#,
        r#"cell          = "eu-1""#,
    );
    assert_mentions(
        &text,
        &[
            "Error: Conflicting token endpoint",
            &cell,
            r#"cell = "eu-1""#,
            "Error: Unknown scope",
            r#""tenants.write" is not a Documents API scope"#,
        ],
    );

    let wrong_secret = "definitely-not-the-secret";
    configure(
        &ws,
        &org.emulator,
        &format!(
            r#"ephemeral "resistant_access_token" "wrong" {{
  cell          = "eu-1"
  client_id     = "{client}"
  client_secret = "{wrong_secret}"
  scopes        = ["submissions.read"]
}}
"#,
            client = app.client_id
        ),
    );
    let text = plan_fails(&ws);
    assert_mentions(
        &text,
        &[
            "Error: Could not obtain a Documents API access token",
            &app.token_url,
        ],
    );
    assert!(!text.contains(wrong_secret), "the secret leaked: {text}");
}

#[test]
fn a_token_for_an_application_created_in_the_same_run() {
    // During the plan the application does not exist yet, so Terraform leaves the token unknown
    // and opens it during the apply, once the application and its secret are known.
    let org = Org::start(Config::default());
    let body = r#"resource "resistant_tenant" "customer" {
  name                = "customer"
  deletion_protection = false
}
resource "resistant_tenant_application" "app" {
  tenant_id = resistant_tenant.customer.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.write"]
}
data "resistant_cells" "all" {}

ephemeral "resistant_access_token" "app" {
  token_url     = resistant_tenant_application.app.token_url
  client_id     = resistant_tenant_application.app.client_id
  client_secret = resistant_tenant_application.app.client_secret
  scopes        = ["submissions.write"]
}
"#
    .to_string()
        + &submission(
            "submit",
            "report.json",
            0,
            "app",
            "data.resistant_cells.all.cells[0].documents_api_url",
            "hello",
        );
    let ws = workspace(&org.emulator, &body);
    ws.write_file("submit.py", SUBMIT_PY);
    ws.apply();
    let report = read_json(&ws.read_file("report.json"));
    assert_eq!(report["scope"], "submissions.write");
    assert!(report["submission_id"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));
    let token = report["token"].as_str().expect("token");
    assert!(!ws.read_file("terraform.tfstate").contains(token));
}
