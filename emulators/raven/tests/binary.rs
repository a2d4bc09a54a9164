//! The `raven-emulator` binary: the first stdout line is the address, `--help` describes every
//! flag, bad flags are refused, and its logs never contain an API key.

mod common;

use std::process::Command;

use common::expect_json;
use emulator_kit::process::Launched;
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_raven-emulator");

/// Starts the binary with `args` and reads its address and the two lines after it.
fn start(args: &[&str]) -> Launched {
    Launched::start(BIN, args, 2)
}

#[test]
fn the_first_line_is_the_address_then_the_endpoint_and_seed() {
    let child = start(&["--fault-seed", "42"]);
    let (addr, rest) = (child.addr.clone(), child.lines.clone());
    let parsed: std::net::SocketAddr = addr.parse().expect("the first line is HOST:PORT");
    assert_ne!(parsed.port(), 0);
    assert_eq!(
        rest,
        [
            format!("endpoint=http://{addr}"),
            "fault_seed=42".to_string()
        ]
    );
    child.stop();
}

#[test]
fn help_describes_every_flag() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--listen",
        "--db",
        "--fail-rate",
        "--fail-after-commit-rate",
        "--drop-after-commit-rate",
        "--rate-limit",
        "--latency-ms",
        "--fault-seed",
        "--log-json",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn bad_flags_are_refused_with_the_flag_named() {
    for args in [
        ["--fail-rate", "2"],
        ["--drop-after-commit-rate", "x"],
        ["--rate-limit", "many"],
    ] {
        let output = Command::new(BIN).args(args).output().unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(args[0]), "{args:?}: {stderr}");
    }
}

#[test]
fn the_logs_never_contain_an_api_key() {
    let child = start(&["--log-json"]);
    let addr = child.addr.clone();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let keys = runtime.block_on(async {
        let http = reqwest::Client::new();
        let api = format!("http://{addr}/api/v1");
        let registered = http
            .post(format!("{api}/tenants"))
            .json(&json!({ "name": "Logs", "email": "logs@example.com" }))
            .send()
            .await
            .unwrap();
        let key = expect_json(registered, 201).await["api_key"]
            .as_str()
            .unwrap()
            .to_string();
        let created = http
            .post(format!("{api}/api-keys"))
            .bearer_auth(&key)
            .json(&json!({ "name": "second", "scopes": ["tenant:read"] }))
            .send()
            .await
            .unwrap();
        let second: Value = expect_json(created, 201).await;
        let second = second["api_key"].as_str().unwrap().to_string();
        for k in [&key, &second] {
            http.get(format!("{api}/tenant"))
                .bearer_auth(k)
                .send()
                .await
                .unwrap();
            http.patch(format!("{api}/tenant"))
                .bearer_auth(k)
                .json(&json!({ "name": "x" }))
                .send()
                .await
                .unwrap();
        }
        vec![key, second]
    });
    let logs = child.stop();
    assert!(logs.contains("tenant registered"), "{logs}");
    for key in keys {
        assert!(!logs.contains(&key), "a key leaked into the logs");
        assert!(
            !logs.contains(&key[8..]),
            "part of a key leaked into the logs"
        );
    }
}
