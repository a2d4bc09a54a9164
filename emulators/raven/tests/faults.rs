//! Fault injection over real HTTP: failures before the handler commit nothing, after-commit
//! failures and dropped connections keep the change, a seed replays the same faults, 429 with
//! Retry-After, latency, and `/_emulator/*` never faulted.

mod common;

use std::time::{Duration, Instant};

use common::*;
use raven_emulator::Faults;
use reqwest::Method;
use serde_json::json;

fn faults(edit: impl FnOnce(&mut Faults)) -> Faults {
    let mut faults = Faults::default();
    edit(&mut faults);
    faults
}

#[tokio::test]
async fn a_failure_before_the_handler_commits_nothing() {
    let emu = start_faulty(faults(|f| f.fail_rate = 1.0), 11);
    let body = json!({ "name": "A", "email": "before@example.com" });
    for _ in 0..4 {
        let response = send(request(&emu, Method::POST, "/tenants", None).json(&body)).await;
        let status = response.status().as_u16();
        assert!(status == 500 || status == 503, "{status}");
        let code = if status == 500 {
            "internal_error"
        } else {
            "service_unavailable"
        };
        expect_error(response, status, code).await;
    }
    // Test-only endpoints are never faulted.
    assert_eq!(control(&emu, Method::GET, "stats").await.status(), 200);
    emu.set_faults(Faults::default()).unwrap();
    let response = send(request(&emu, Method::POST, "/tenants", None).json(&body)).await;
    assert_eq!(response.status(), 201, "the email is still free");
}

#[tokio::test]
async fn a_failure_after_commit_answers_500_but_keeps_the_change() {
    let emu = start();
    let t = register(&emu, "after@example.com").await;
    emu.set_faults(faults(|f| f.fail_after_commit_rate = 1.0))
        .unwrap();
    let patch = patch_tenant(&emu, &t.key, json!({ "name": "Committed" })).await;
    expect_error(patch, 500, "internal_error").await;
    // Reads are not changes, so they are answered.
    let tenant = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    assert_eq!(tenant["name"], "Committed");
    // A refused change committed nothing, so it is answered as it is.
    let refused = patch_tenant(&emu, &t.key, json!({ "name": "" })).await;
    expect_error(refused, 400, "invalid_request").await;

    let body = json!({ "name": "A", "email": "lost@example.com" });
    let response = send(request(&emu, Method::POST, "/tenants", None).json(&body)).await;
    assert_eq!(response.status(), 500);
    emu.set_faults(Faults::default()).unwrap();
    let again = send(request(&emu, Method::POST, "/tenants", None).json(&body)).await;
    expect_error(again, 409, "conflict").await;
}

#[tokio::test]
async fn a_dropped_connection_after_commit_keeps_the_change() {
    let emu = start();
    let t = register(&emu, "drop@example.com").await;
    emu.set_faults(faults(|f| f.drop_after_commit_rate = 1.0))
        .unwrap();
    let result = request(&emu, Method::PATCH, "/tenant", Some(&t.key))
        .json(&json!({ "settings": { "max_users": 5 } }))
        .send()
        .await;
    let err = result.expect_err("the connection closes without an answer");
    assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    let tenant = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    assert_eq!(tenant["settings"]["max_users"], 5);
    assert_eq!(emu.stats().count("PATCH /api/v1/tenant"), 1);
}

/// The statuses of `n` reads against an emulator failing half the time with this seed.
async fn statuses_with_seed(seed: u64, n: usize) -> Vec<u16> {
    let emu = start_faulty(faults(|f| f.fail_rate = 0.5), seed);
    assert_eq!(emu.fault_seed(), seed);
    let mut statuses = Vec::new();
    for _ in 0..n {
        statuses.push(get_tenant(&emu, "rk_live_none").await.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn one_seed_replays_the_same_faults() {
    let seed = 20_261_201;
    println!("fault seed {seed}");
    let first = statuses_with_seed(seed, 24).await;
    let second = statuses_with_seed(seed, 24).await;
    assert_eq!(first, second);
    assert!(
        first.contains(&401) && first.iter().any(|s| *s >= 500),
        "{first:?}"
    );
    let other = statuses_with_seed(seed + 1, 24).await;
    assert_ne!(first, other);
}

#[tokio::test]
async fn an_unseeded_emulator_reports_the_seed_it_picked() {
    let a = start();
    let b = start();
    assert_ne!(a.fault_seed(), b.fault_seed());
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let emu = start_faulty(faults(|f| f.rate_limit = Some(3)), 5);
    let mut limited = 0;
    for _ in 0..10 {
        let response = get_tenant(&emu, "rk_live_none").await;
        if response.status() == 429 {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(retry >= 1);
            expect_error(response, 429, "rate_limited").await;
            limited += 1;
        } else {
            assert_eq!(response.status(), 401);
        }
    }
    // Ten quick requests span at most two one-second windows of three.
    assert!(limited >= 4, "{limited}");
    for _ in 0..5 {
        assert_eq!(control(&emu, Method::GET, "stats").await.status(), 200);
    }
}

#[tokio::test]
async fn latency_delays_api_requests_but_not_test_endpoints() {
    let emu = start_faulty(faults(|f| f.latency_ms = 400), 3);
    let started = Instant::now();
    control(&emu, Method::GET, "stats").await;
    assert!(started.elapsed() < Duration::from_millis(400));
    let started = Instant::now();
    get_tenant(&emu, "rk_live_none").await;
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[test]
fn rates_outside_zero_to_one_are_refused() {
    let emu = start();
    let err = emu
        .set_faults(faults(|f| f.fail_after_commit_rate = 2.0))
        .unwrap_err();
    assert!(
        err.to_string().contains("--fail-after-commit-rate"),
        "{err}"
    );
    let started = raven_emulator::spawn(raven_emulator::Config {
        faults: faults(|f| f.fail_rate = -0.1),
        ..raven_emulator::Config::default()
    });
    assert!(started.is_err());
}
