//! Captures everything the client (and the HTTP stack under it) logs at TRACE level while it
//! authenticates, creates applications and fetches data-plane tokens, and checks that no secret,
//! token, assertion or key material is in it.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::emulator::*;
use support::fixture;
use support::tokens::secret_token;
use terraform_provider_resistant::client::{request_access_token, ApplicationAuth, Secret};
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the run handled that must not be logged.
struct Handled {
    secrets: Vec<String>,
}

async fn exercise(handled: &mut Handled) {
    let emu = start_default();
    handled.secrets.push(emu.org_client_secret());

    // Client secret authentication, a 401 and refresh, a tenant, a secret application.
    let secret_client = api(&emu);
    let t = unique_tenant(&secret_client, "logs", None).await;
    secret_client
        .replace_cached_token_for_tests(Secret::new("stale-token-value-that-must-not-be-logged"))
        .await;
    handled
        .secrets
        .push("stale-token-value-that-must-not-be-logged".into());
    let created = add_application(
        &secret_client,
        &t.id,
        "eu-1",
        &["documents.submissions.read"],
        ApplicationAuth::ClientSecret,
    )
    .await;
    let (application, app_secret) = issued_secret(created);
    handled.secrets.push(app_secret.expose().to_string());

    // A data-plane token with that secret.
    let token = secret_token(&application, app_secret, &["submissions.read"])
        .await
        .unwrap();
    handled
        .secrets
        .push(token.access_token.expose().to_string());

    // An organization token as the client gets one (a fresh one; the cached one is never exposed).
    let org_token = request_access_token(
        Duration::from_secs(5),
        &emu.token_url(),
        &secret_config(&emu).credentials,
        &scopes(CONTROL_PLANE_SCOPES),
        &terraform_provider_resistant::client::Stop::default(),
    )
    .await
    .unwrap();
    handled
        .secrets
        .push(org_token.access_token.expose().to_string());

    // private_key_jwt: the assertion and the key must not show either.
    let key_client = client(key_config(&emu));
    key_client.list_applications(&t.id).await.unwrap();
    let pem = fixture("org_rsa_pkcs1.pem");
    for line in pem.lines().filter(|l| !l.starts_with("-----")) {
        handled.secrets.push(line.to_string());
    }
}

#[test]
fn trace_output_carries_no_secrets() {
    // Forward `log` records (used by parts of the HTTP stack) into tracing.
    let _ = tracing_subscriber::registry().try_init();
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let mut handled = Handled { secrets: vec![] };
    {
        let _guard = tracing::subscriber::set_default(subscriber);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(exercise(&mut handled));
    }
    let output = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();

    // The capture works and sees the client's requests.
    assert!(output.contains("token request"), "{output}");
    assert!(output.contains("/v0/tenants"), "{output}");
    assert!(
        output.contains("status=401"),
        "the refresh path ran: {output}"
    );

    for secret in &handled.secrets {
        assert!(!secret.is_empty());
        assert!(
            !output.contains(secret.as_str()),
            "a secret leaked into:\n{output}"
        );
    }
    let lowered = output.to_ascii_lowercase();
    for marker in [
        "authorization",
        "bearer ",
        "basic ",
        "eyj",
        "client_assertion=",
        "private key-----",
    ] {
        assert!(!lowered.contains(marker), "{marker:?} in:\n{output}");
    }
    // Emulator secrets and tokens are 48 alphanumerics; nothing of that shape may appear.
    let token_shape = regex::Regex::new(r"\b[A-Za-z0-9]{40,}\b").unwrap();
    assert!(
        token_shape.find(&output).is_none(),
        "token-like text in:\n{output}"
    );
}
