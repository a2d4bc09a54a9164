//! Fault injection over real HTTP: random 500/503, rate limiting with Retry-After, latency,
//! drop-after-commit (a real connection error after the change is stored), token endpoints exempt
//! unless asked, and runtime changes through `set_faults`.

mod common;

use std::time::{Duration, Instant};

use common::*;
use resistant_emulator::Faults;
use serde_json::{json, Value};

#[tokio::test]
async fn fail_rate_gives_500_or_503_and_spares_tokens() {
    let emu = start_faulty(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    // Token endpoint unaffected by default.
    let api = Api::new(&emu).await;
    for _ in 0..6 {
        let response = api.get("/tenants").await;
        let status = response.status().as_u16();
        assert!(status == 500 || status == 503, "{status}");
        expect_error(response, status).await;
    }
    assert_eq!(emu.stats().faults_injected, 6);
    assert_eq!(emu.stats().api_requests, 6);

    emu.set_faults(Faults {
        fail_rate: 1.0,
        faults_on_token: true,
        ..Faults::default()
    });
    let response = org_token_response(&emu, None).await;
    assert!(response.status().is_server_error());

    emu.set_faults(Faults::default());
    assert_eq!(api.get("/tenants").await.status(), 200);
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let emu = start_faulty(Faults {
        rate_limit: Some(3),
        ..Faults::default()
    });
    let api = Api::new(&emu).await;
    let mut limited = 0;
    for _ in 0..10 {
        let response = api.get("/tenants").await;
        if response.status() == 429 {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(retry >= 1);
            limited += 1;
        } else {
            assert_eq!(response.status(), 200);
        }
    }
    // 10 quick requests span at most two one-second windows of 3.
    assert!(limited >= 4, "{limited}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(api.get("/tenants").await.status(), 200);
}

#[tokio::test]
async fn latency_delays_api_requests() {
    let emu = start_faulty(Faults {
        latency_ms: 600,
        ..Faults::default()
    });
    let started = Instant::now();
    let api = Api::new(&emu).await;
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "token endpoint is not delayed"
    );
    let started = Instant::now();
    assert_eq!(api.get("/tenants").await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(600));
}

#[tokio::test]
async fn drop_after_commit_closes_the_connection_but_keeps_the_change() {
    let emu = start_faulty(Faults {
        drop_after_commit_rate: 1.0,
        ..Faults::default()
    });
    let api = Api::new(&emu).await;
    let result = api
        .http
        .post(format!("{}/tenants", emu.endpoint()))
        .bearer_auth(&api.token)
        .json(&json!({ "name": "ghost" }))
        .send()
        .await;
    let err = result.expect_err("the connection is closed without a response");
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    assert_eq!(emu.stats().faults_injected, 1);

    // Reads are not dropped, and the tenant was committed.
    let page: Value = api.get_json("/tenants").await;
    assert_eq!(page["items"][0]["name"], "ghost");
    // A retried create now sees the conflict.
    emu.set_faults(Faults::default());
    expect_error(api.post("/tenants", &json!({ "name": "ghost" })).await, 409).await;
}

#[test]
fn binary_prints_address_first_and_serves() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_resistant-emulator"))
        .args(["--listen", "127.0.0.1:0", "--tenant-quota", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr: std::net::SocketAddr = first.parse().expect("first line is HOST:PORT");
    assert_ne!(addr.port(), 0);
    let mut secret = None;
    for line in lines.by_ref().take(4) {
        let line = line.unwrap();
        if let Some(value) = line.strip_prefix("org_client_secret=") {
            secret = Some(value.to_string());
        }
    }
    let secret = secret.expect("a generated secret is printed");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let status = runtime.block_on(async {
        let url = format!("http://{addr}/oauth2/tenants/v1/token");
        token_basic(&url, "emulator-org", &secret, None)
            .await
            .status()
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 200);
}

#[test]
fn binary_rejects_bad_flags() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_resistant-emulator"))
        .args(["--listen", "127.0.0.1:0", "--fail-rate", "2"])
        .output()
        .unwrap();
    assert!(!output.status.success());
}

#[test]
fn binary_uses_given_credentials_and_key_file() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let key_file = format!(
        "{}/../../tests/fixtures/org_rsa_public.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_resistant-emulator"))
        .args(["--listen", "127.0.0.1:0", "--org-client-id", "my-org"])
        .args([
            "--org-client-secret",
            "given-secret",
            "--org-public-key-file",
            &key_file,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr: std::net::SocketAddr = lines.next().unwrap().unwrap().parse().unwrap();
    let header: Vec<String> = lines.by_ref().take(3).map(Result::unwrap).collect();
    assert!(
        header.iter().all(|l| !l.contains("given-secret")),
        "{header:?}"
    );
    assert!(
        header.contains(&"org_client_id=my-org".to_string()),
        "{header:?}"
    );
    let url = format!("http://{addr}/oauth2/tenants/v1/token");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (secret_status, jwt_status) = runtime.block_on(async {
        let secret = token_basic(&url, "my-org", "given-secret", None)
            .await
            .status();
        let assertion = Assertion::new("my-org", &url).sign(
            &fixture("org_rsa_pkcs1.pem"),
            jsonwebtoken::Algorithm::RS256,
        );
        let jwt = token_assertion(&url, &assertion, None).await.status();
        (secret, jwt)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(secret_status, 200);
    assert_eq!(jwt_status, 200);
}
