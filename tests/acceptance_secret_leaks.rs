//! No secret leaves through what a terraform run shows or writes: with `TF_LOG=TRACE` and
//! `TF_LOG_PATH`, a representative run (private_key_jwt provider auth with the organization key, a
//! tenant, a client-secret application, a key-based application, `resistant_access_token` by secret
//! and by key, a destroy, and applies that fail on bad credentials) leaves no client secret, private
//! key line, client assertion or access token in terraform's stdout and stderr, the log file, the
//! saved plan's JSON or the provider's error texts.
//!
//! The secrets looked for are collected from the state (the issued client secret), from the
//! provisioner that receives the ephemeral tokens, from the fixtures (every base64 line of each
//! private key) and from the bad credentials; client assertions (JWTs) and the emulator's access
//! tokens (48 random letters and digits) are also recognised by their shape, so that tokens the
//! test never sees (the provider's own control-plane token) are caught too.

mod support;

use std::collections::BTreeSet;
use std::process::Output;

use regex::Regex;
use support::emulator::start_default;
use support::state::{str_of, values};
use support::{describe, provider_block, FIXTURES};
use support::{fixture, Workspace};

const ORG_KEY: &str = "org_rsa_pkcs1.pem";
const APP_PRIVATE_KEY: &str = "rsa2048_pkcs8.pem";
const WRONG_SECRET: &str = "wrong-org-secret-5Qx81nVv3";

/// Everything terraform printed or wrote that the test looks through, by where it came from.
#[derive(Default)]
struct Outputs(Vec<(String, String)>);

impl Outputs {
    fn add(&mut self, label: &str, output: &Output) {
        self.0.push((
            format!("{label} stdout"),
            String::from_utf8_lossy(&output.stdout).into(),
        ));
        self.0.push((
            format!("{label} stderr"),
            String::from_utf8_lossy(&output.stderr).into(),
        ));
    }

    fn add_text(&mut self, label: &str, text: String) {
        self.0.push((label.to_string(), text));
    }

    /// Panics naming the source and the kind of secret for any secret found (never printing it).
    fn assert_clean(&self, secrets: &[(String, String)]) {
        let jwt = Regex::new(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")
            .expect("regex");
        let token_shape =
            Regex::new(r"(?:^|[^A-Za-z0-9])([A-Za-z0-9]{48})(?:[^A-Za-z0-9]|$)").expect("regex");
        let mut found = Vec::new();
        for (source, text) in &self.0 {
            for (kind, secret) in secrets {
                if text.contains(secret.as_str()) {
                    found.push(format!("{kind} in {source}"));
                }
            }
            if jwt.is_match(text) {
                found.push(format!("a JWT (client assertion) in {source}"));
            }
            for capture in token_shape.captures_iter(text) {
                let candidate = &capture[1];
                // Mixed letters and digits, as the emulator's random tokens are (not a word run).
                if candidate.bytes().any(|b| b.is_ascii_digit())
                    && candidate.bytes().any(|b| b.is_ascii_uppercase())
                    && candidate.bytes().any(|b| b.is_ascii_lowercase())
                {
                    found.push(format!("a 48-character random token in {source}"));
                }
            }
        }
        found.sort();
        found.dedup();
        assert!(found.is_empty(), "secrets leaked: {found:#?}");
    }
}

/// The base64 lines of a PEM fixture (each is key material).
fn pem_lines(name: &str) -> Vec<String> {
    fixture(name)
        .lines()
        .filter(|line| !line.starts_with("-----") && line.len() > 20)
        .map(str::to_string)
        .collect()
}

fn provider(emulator: &resistant_emulator::Emulator, credentials: &str) -> String {
    provider_block(&format!(
        "  endpoint  = \"{}\"\n  token_url = \"{}\"\n  client_id = \"{}\"\n{credentials}",
        emulator.endpoint(),
        emulator.token_url(),
        emulator.org_client_id()
    ))
}

fn resources() -> String {
    format!(
        r#"
resource "resistant_tenant" "leak" {{
  name                = "leaktest"
  cells               = ["eu-1"]
  deletion_protection = false
}}

resource "resistant_tenant_application" "secret" {{
  tenant_id = resistant_tenant.leak.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}}

resource "resistant_tenant_application" "key" {{
  tenant_id      = resistant_tenant.leak.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = file("{FIXTURES}/rsa2048_public_spki.pem")
}}

ephemeral "resistant_access_token" "by_secret" {{
  client_id     = resistant_tenant_application.secret.client_id
  token_url     = resistant_tenant_application.secret.token_url
  client_secret = resistant_tenant_application.secret.client_secret
  scopes        = ["submissions.read"]
}}

ephemeral "resistant_access_token" "by_key" {{
  client_id       = resistant_tenant_application.key.client_id
  token_url       = resistant_tenant_application.key.token_url
  private_key_pem = file("{FIXTURES}/{APP_PRIVATE_KEY}")
  key_id          = resistant_tenant_application.key.key_id
  scopes          = ["submissions.read"]
}}

resource "terraform_data" "use_tokens" {{
  provisioner "local-exec" {{
    command = "printf '%s\n%s\n' \"$BY_SECRET\" \"$BY_KEY\" > tokens.txt"
    environment = {{
      BY_SECRET = ephemeral.resistant_access_token.by_secret.access_token
      BY_KEY    = ephemeral.resistant_access_token.by_key.access_token
    }}
  }}
}}
"#
    )
}

/// Runs terraform with TRACE logging into `log_name`, recording its output and the log.
fn traced(
    ws: &Workspace,
    outputs: &mut Outputs,
    label: &str,
    args: &[&str],
    log_name: &str,
) -> Output {
    let log_path = ws.path().join(log_name);
    let log = log_path.display().to_string();
    let output = ws.run_with_env(args, &[("TF_LOG", "TRACE"), ("TF_LOG_PATH", log.as_str())]);
    outputs.add(label, &output);
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    assert!(
        text.contains("provider.terraform-provider-resistant"),
        "{label}: the provider's own log lines are in the TRACE log"
    );
    outputs.add_text(&format!("{label} TF_LOG_PATH file"), text);
    output
}

#[test]
fn no_secret_reaches_terraform_output_logs_plans_or_errors() {
    let emulator = start_default();
    let key_auth = format!("  private_key_pem = file(\"{FIXTURES}/{ORG_KEY}\")\n");
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &(provider(&emulator, &key_auth) + &resources()));
    ws.init();
    let mut outputs = Outputs::default();

    let plan_args = ["plan", "-out=tfplan", "-input=false", "-no-color"];
    let output = traced(&ws, &mut outputs, "plan", &plan_args, "plan.log");
    assert!(output.status.success(), "{}", describe(&output));
    let plan_json = ws.run_ok(&["show", "-json", "tfplan"]);
    outputs.add("show -json tfplan", &plan_json);
    let apply_args = ["apply", "-input=false", "-no-color", "tfplan"];
    let output = traced(&ws, &mut outputs, "apply", &apply_args, "apply.log");
    assert!(output.status.success(), "{}", describe(&output));

    // A second plan and apply (refresh, ephemeral tokens opened again), then show.
    let apply_again = ["apply", "-auto-approve", "-input=false", "-no-color"];
    let output = traced(
        &ws,
        &mut outputs,
        "second apply",
        &apply_again,
        "apply2.log",
    );
    assert!(output.status.success(), "{}", describe(&output));
    outputs.add("show", &ws.run_ok(&["show", "-no-color"]));

    let show = ws.show_json();
    let app_secret = str_of(
        &values(&show, "resistant_tenant_application.secret"),
        "client_secret",
    )
    .to_string();
    let tokens: BTreeSet<String> = ws
        .read_file("tokens.txt")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        tokens.len(),
        2,
        "two distinct tokens reached the provisioner"
    );

    // Bad credentials: a wrong organization secret, and a private key the organization does not
    // have. Both fail with the provider's error texts.
    for (label, credentials) in [
        (
            "apply with a wrong secret",
            format!("  client_secret = \"{WRONG_SECRET}\"\n"),
        ),
        (
            "apply with an unknown key",
            format!("  private_key_pem = file(\"{FIXTURES}/rsa2048b_pkcs1.pem\")\n"),
        ),
    ] {
        ws.write_file(
            "main.tf",
            &(provider(&emulator, &credentials) + &resources()),
        );
        let output = traced(&ws, &mut outputs, label, &apply_again, "failing.log");
        assert!(
            !output.status.success(),
            "{label} failed\n{}",
            describe(&output)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("client_id") || stderr.contains("credentials"),
            "{label}: the error says what to check:\n{stderr}"
        );
    }

    // Destroy with the good credentials.
    ws.write_file("main.tf", &(provider(&emulator, &key_auth) + &resources()));
    let destroy = ["destroy", "-auto-approve", "-input=false", "-no-color"];
    let output = traced(&ws, &mut outputs, "destroy", &destroy, "destroy.log");
    assert!(output.status.success(), "{}", describe(&output));

    let mut secrets = vec![
        ("the application's client secret".to_string(), app_secret),
        (
            "the organization's client secret".to_string(),
            emulator.org_client_secret(),
        ),
        (
            "the wrong organization secret".to_string(),
            WRONG_SECRET.to_string(),
        ),
    ];
    for token in tokens {
        secrets.push(("an ephemeral access token".to_string(), token));
    }
    for key in [ORG_KEY, APP_PRIVATE_KEY, "rsa2048b_pkcs1.pem"] {
        for line in pem_lines(key) {
            secrets.push((format!("a line of private key {key}"), line));
        }
    }
    outputs.assert_clean(&secrets);
}

#[test]
fn the_leak_check_finds_each_kind_of_secret() {
    // The check itself can fail: each kind of secret planted in some output is found.
    let secrets = vec![("a planted secret".to_string(), "s3cr3t-planted".to_string())];
    let planted = [
        "value s3cr3t-planted here",
        "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0x.c2lnbmF0dXJlc2lnbmF0dXJl",
        "token=Ab3dEfGh1jKlMn0pQrStUvWxYz0123456789AbCdEfGhIjKl;",
    ];
    for text in planted {
        let mut outputs = Outputs::default();
        outputs.add_text("planted", text.to_string());
        let caught = std::panic::catch_unwind(|| outputs.assert_clean(&secrets));
        assert!(caught.is_err(), "not caught: {text}");
    }
    let mut clean = Outputs::default();
    clean.add_text(
        "clean",
        "sha256 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef id \
         ten_0123456789abcdefghij"
            .to_string(),
    );
    clean.assert_clean(&secrets);
}
