//! `resistant_access_token` through the real `terraform` binary against the emulator: tokens obtained
//! with a client secret (by cell) and with a private key (by token URL) are used by `local-exec`
//! provisioners to create submissions in the emulator's Documents API, and are renewed when a run
//! outlives them; neither the tokens nor the credentials reach the state, `terraform show -json` or
//! a saved plan. Bad credentials fail the plan with the token endpoint's answer.

mod datasources_support;

use std::time::Duration;

use datasources_support::{Seeded, Workspace, REQUIRED_PROVIDERS};
use resistant_emulator::Config;
use terraform_provider_resistant::client::{keys, request_access_token, Credentials, Secret};

/// The provisioners' helper: creates a submission with the token, uploads a document, records what
/// the test checks (including the token, so the test can look for it elsewhere), then optionally
/// keeps the token in use for a while. Plain `python3` standard library, no proxies.
const SUBMIT_PY: &str = r#"import json, os, sys, time, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
def call(method, url, data, headers):
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with opener.open(request, timeout=10) as response:
        return response.read()
token = os.environ["TOKEN"]
created = json.loads(call("POST", os.environ["DOCS_URL"] + "/submission", b"{}",
    {"Authorization": "Bearer " + token, "Content-Type": "application/json"}))
call("PUT", created["upload_url"], DOCUMENT, {"Content-Type": "application/pdf"})
with open(sys.argv[1], "w") as out:
    json.dump({"submission_id": created["submission_id"], "token": token,
               "expires_at": os.environ["EXPIRES_AT"], "scope": os.environ["SCOPE"]}, out)
time.sleep(float(sys.argv[2]))
"#;
const DOCUMENT: &str = "%PDF-1.4 a document for the emulator";
/// Emulator token lifetime: short, so that a provisioner can outlive it and trigger a renewal.
const TOKEN_TTL: Duration = Duration::from_secs(5);

fn read_json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("provisioner wrote its report");
    serde_json::from_str(&text).expect("report JSON")
}

#[test]
fn access_tokens_reach_the_documents_api_but_never_state_or_plan() {
    let seeded = Seeded::start(Config {
        token_ttl: TOKEN_TTL,
        ..Config::default()
    });
    let tenant = seeded.tenant("acme", &["eu-1", "us-1"]);
    let (secret_app, secret) = seeded.secret_application(&tenant, "eu-1");
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture")
    };
    let private_pem = fixture("rsa2048_pkcs8.pem");
    let public = keys::parse_public_key_pem(&fixture("rsa2048_public_spki.pem")).expect("key");
    let key_app = seeded.application(
        &tenant,
        "us-1",
        public.to_application_auth(Some("k1".into())),
    );

    let config = format!(
        r#"{REQUIRED_PROVIDERS}{provider}
variable "app_secret" {{
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

resource "terraform_data" "submit_eu" {{
  provisioner "local-exec" {{
    command = "python3 submit.py eu.json 0"
    environment = {{
      TOKEN      = ephemeral.resistant_access_token.by_secret.access_token
      EXPIRES_AT = ephemeral.resistant_access_token.by_secret.expires_at
      SCOPE      = ephemeral.resistant_access_token.by_secret.scope
      DOCS_URL   = local.docs["eu-1"]
    }}
  }}
}}
resource "terraform_data" "submit_us" {{
  provisioner "local-exec" {{
    # Keeps the token in use past its renewal time.
    command = "python3 submit.py us.json {hold}"
    environment = {{
      TOKEN      = ephemeral.resistant_access_token.by_key.access_token
      EXPIRES_AT = ephemeral.resistant_access_token.by_key.expires_at
      SCOPE      = ephemeral.resistant_access_token.by_key.scope
      DOCS_URL   = local.docs["us-1"]
    }}
  }}
}}
"#,
        provider = seeded.provider_block(),
        secret_client = secret_app.client_id,
        key_token_url = key_app.token_url,
        key_client = key_app.client_id,
        hold = TOKEN_TTL.as_secs(),
    );
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_VAR_app_secret", &secret);
    std::fs::write(
        workspace.file("submit.py"),
        SUBMIT_PY.replace("DOCUMENT", &format!("b{DOCUMENT:?}")),
    )
    .expect("write helper");
    std::fs::write(workspace.file("key.pem"), &private_pem).expect("write key");

    // A saved plan opens the tokens too, and must hold neither them nor the credentials.
    let plan = workspace.run(&["plan", "-input=false", "-no-color", "-out=tfplan"]);
    assert!(
        plan.success,
        "plan failed:\n{}\n{}",
        plan.stdout, plan.stderr
    );
    let plan_json = workspace.run(&["show", "-json", "-no-color", "tfplan"]);
    assert!(plan_json.success, "{}", plan_json.stderr);
    let before_apply = seeded.emulator.stats().documents_token_requests;
    assert!(before_apply >= 2, "the plan opened both tokens");

    let apply = workspace.run(&["apply", "-input=false", "-no-color", "tfplan"]);
    assert!(
        apply.success,
        "apply failed:\n{}\n{}",
        apply.stdout, apply.stderr
    );
    let issued = seeded.emulator.stats().documents_token_requests - before_apply;
    // Two opens, plus at least one renewal while the US provisioner held its token.
    assert!(
        issued >= 3,
        "expected a renewal, got {issued} token requests"
    );

    let eu = read_json(&workspace.file("eu.json"));
    let us = read_json(&workspace.file("us.json"));
    assert_eq!(eu["scope"], "submissions.read submissions.write");
    assert_eq!(us["scope"], "submissions.write");
    let expires_at = eu["expires_at"].as_str().expect("expires_at");
    assert!(
        chrono::DateTime::parse_from_rfc3339(expires_at).is_ok(),
        "expires_at {expires_at:?} is RFC 3339"
    );

    // The submissions exist, with the document, for the applications' tenant.
    let http = reqwest::Client::new();
    for (report, cell, credentials, token_url) in [
        (
            &eu,
            "eu-1",
            Credentials::ClientSecret {
                client_id: secret_app.client_id.clone(),
                client_secret: Secret::new(secret.clone()),
            },
            secret_app.token_url.clone(),
        ),
        (
            &us,
            "us-1",
            Credentials::PrivateKey {
                client_id: key_app.client_id.clone(),
                private_key_pem: Secret::new(private_pem.clone()),
                key_id: Some("k1".to_string()),
            },
            key_app.token_url.clone(),
        ),
    ] {
        let result: serde_json::Value = seeded.runtime.block_on(async {
            let token = request_access_token(
                Duration::from_secs(10),
                &token_url,
                &credentials,
                &["submissions.read".to_string()],
            )
            .await
            .expect("test token");
            let url = format!(
                "{}/submission/{}/fraud",
                seeded.emulator.documents_url(cell),
                report["submission_id"].as_str().expect("submission id")
            );
            let response = http
                .get(url)
                .bearer_auth(token.access_token.expose())
                .send()
                .await
                .expect("fraud request");
            assert_eq!(response.status(), 200, "submission visible to its tenant");
            response.json().await.expect("fraud JSON")
        });
        assert_eq!(result["analyzed_bytes"], DOCUMENT.len());
    }

    // Nothing secret was written down.
    let state = workspace.state_text();
    let shown = workspace.show_json();
    let private_key_body = private_pem.lines().nth(1).expect("key body");
    for (what, value) in [
        ("client-secret token", eu["token"].as_str().expect("token")),
        ("private-key token", us["token"].as_str().expect("token")),
        ("client secret", secret.as_str()),
        ("private key", private_key_body),
    ] {
        assert!(!state.contains(value), "{what} in the state file");
        assert!(!shown.contains(value), "{what} in terraform show -json");
        assert!(
            !plan_json.stdout.contains(value),
            "{what} in the saved plan"
        );
        assert!(!apply.stdout.contains(value), "{what} in the apply output");
    }
}

#[test]
fn bad_access_token_configurations_fail_the_plan() {
    let seeded = Seeded::start(Config::default());
    let tenant = seeded.tenant("acme", &["eu-1"]);
    let (app, _) = seeded.secret_application(&tenant, "eu-1");
    let provider = seeded.provider_block();

    let workspace = Workspace::new(&format!(
        r#"{REQUIRED_PROVIDERS}{provider}
ephemeral "resistant_access_token" "both" {{
  cell          = "eu-1"
  token_url     = "{url}"
  client_id     = "{client}"
  client_secret = "whatever"
  scopes        = ["submissions.read", "tenants.write"]
}}
"#,
        url = app.token_url,
        client = app.client_id
    ));
    let run = workspace.plan();
    assert!(!run.success, "plan should fail:\n{}", run.stdout);
    let text = run.text();
    for expected in [
        "Error: Conflicting token endpoint",
        r#"on main.tf line 14, in ephemeral "resistant_access_token" "both": 14: cell = "eu-1""#,
        "Error: Unknown scope",
        r#""tenants.write" is not a Documents API scope"#,
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }

    let wrong_secret = "definitely-not-the-secret";
    workspace.write(&format!(
        r#"{REQUIRED_PROVIDERS}{provider}
ephemeral "resistant_access_token" "wrong" {{
  cell          = "eu-1"
  client_id     = "{client}"
  client_secret = "{wrong_secret}"
  scopes        = ["submissions.read"]
}}
"#,
        client = app.client_id
    ));
    let run = workspace.plan();
    assert!(!run.success, "plan should fail:\n{}", run.stdout);
    let text = run.text();
    assert!(
        text.contains("Error: Could not obtain a Documents API access token"),
        "{text}"
    );
    assert!(text.contains(&app.token_url), "{text}");
    assert!(!text.contains(wrong_secret), "the secret leaked: {text}");
}
