//! The `scaikey-emulator` binary: the first stdout line is the address, `--help` describes every
//! flag, the client flags are required, `--token-ttl-secs` is honoured, and its logs never contain
//! the client secret or a token.

mod common;

use std::process::Command;

use common::expect_json;
use emulator_kit::process::Launched;
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_scaikey-emulator");
const SECRET: &str = "binary-test-secret-4711";

/// Starts the binary with the admin client and `args`, and reads its address and the three
/// lines after it.
fn start(args: &[&str]) -> Launched {
    let client = ["--client-id", "admin", "--client-secret", SECRET];
    Launched::start(BIN, &[&client[..], args].concat(), 3)
}

#[test]
fn the_first_line_is_the_address_then_the_urls_and_seed() {
    let child = start(&["--fault-seed", "9"]);
    let (addr, rest) = (child.addr.clone(), child.lines.clone());
    let parsed: std::net::SocketAddr = addr.parse().expect("the first line is HOST:PORT");
    assert_ne!(parsed.port(), 0);
    assert_eq!(
        rest,
        [
            format!("endpoint=http://{addr}"),
            format!("token_url=http://{addr}/api/v1/oauth/token"),
            "fault_seed=9".to_string(),
        ]
    );
    let logs = child.stop();
    assert!(!logs.contains(SECRET));
}

#[test]
fn help_describes_every_flag() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--listen",
        "--client-id",
        "--client-secret",
        "--db",
        "--token-ttl-secs",
        "--fail-rate",
        "--fail-after-commit-rate",
        "--drop-after-commit-rate",
        "--rate-limit",
        "--latency-ms",
        "--fault-seed",
        "--faults-on-token",
        "--log-json",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn missing_or_bad_flags_are_refused_with_the_flag_named() {
    let cases: [&[&str]; 4] = [
        &["--client-secret", "s"],
        &[
            "--client-id",
            "a",
            "--client-secret",
            "s",
            "--fail-after-commit-rate",
            "1.5",
        ],
        &[
            "--client-id",
            "a",
            "--client-secret",
            "s",
            "--token-ttl-secs",
            "0",
        ],
        &[
            "--client-id",
            "a",
            "--client-secret",
            "s",
            "--latency-ms",
            "soon",
        ],
    ];
    let named = [
        "--client-id",
        "--fail-after-commit-rate",
        "--token-ttl-secs",
        "--latency-ms",
    ];
    for (args, flag) in cases.iter().zip(named) {
        let output = Command::new(BIN).args(*args).output().unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
    }
}

#[test]
fn tokens_follow_the_ttl_flag_and_logs_hold_no_secrets() {
    let child = start(&["--token-ttl-secs", "120", "--log-json"]);
    let addr = child.addr.clone();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let token = runtime.block_on(async {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("http://{addr}/api/v1/oauth/token"))
            .basic_auth("admin", Some(SECRET))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        let body: Value = expect_json(response, 200).await;
        assert_eq!(body["expires_in"], 120);
        let token = body["access_token"].as_str().unwrap().to_string();
        let tenants = format!("http://{addr}/api/v1/admin/tenants/");
        let created = http
            .post(&tenants)
            .bearer_auth(&token)
            .json(&json!({ "name": "Logs", "slug": "logs" }))
            .send()
            .await
            .unwrap();
        expect_json(created, 201).await;
        http.post(format!("http://{addr}/api/v1/oauth/token"))
            .basic_auth("admin", Some("wrong-secret"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        token
    });
    let logs = child.stop();
    assert!(logs.contains("tenant created"), "{logs}");
    assert!(
        !logs.contains(SECRET),
        "the client secret leaked into the logs"
    );
    assert!(
        !logs.contains("wrong-secret"),
        "a tried secret leaked into the logs"
    );
    assert!(!logs.contains(&token), "a token leaked into the logs");
}
