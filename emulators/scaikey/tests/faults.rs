//! Fault injection over real HTTP: failures before the handler commit nothing, after-commit
//! failures and dropped connections keep the change, a seed replays the same faults, 429 with
//! Retry-After, latency, the token endpoint spared unless asked, `/_emulator/*` never faulted.

mod common;

use std::time::{Duration, Instant};

use common::*;
use reqwest::Method;
use scaikey_emulator::Faults;
use serde_json::json;

fn faults(edit: impl FnOnce(&mut Faults)) -> Faults {
    let mut faults = Faults::default();
    edit(&mut faults);
    faults
}

async fn stats_status(emu: &scaikey_emulator::Emulator) -> u16 {
    send(http().get(format!("{}/_emulator/stats", emu.endpoint())))
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_failure_before_the_handler_commits_nothing() {
    let emu = start_faulty(faults(|f| f.fail_rate = 1.0), 11);
    // The token endpoint is spared by default.
    let api = Api::new(&emu).await;
    for _ in 0..4 {
        let response = api.create(json!({ "name": "A", "slug": "before" })).await;
        let status = response.status().as_u16();
        assert!(status == 500 || status == 503, "{status}");
        expect_detail(response, status).await;
    }
    assert_eq!(stats_status(&emu).await, 200);
    emu.set_faults(Faults::default()).unwrap();
    assert_eq!(api.page("").await["total"], 0);
    assert_eq!(
        api.create(json!({ "name": "A", "slug": "before" }))
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn the_token_endpoint_is_faulted_only_when_asked() {
    let emu = start_faulty(faults(|f| f.fail_rate = 1.0), 12);
    token(&emu, None).await;
    emu.set_faults(faults(|f| {
        f.fail_rate = 1.0;
        f.on_token = true;
    }))
    .unwrap();
    let request = token_request(&emu, &emu.client_id(), &emu.client_secret(), None);
    assert!(send(request).await.status().is_server_error());
}

#[tokio::test]
async fn a_failure_after_commit_answers_500_but_keeps_the_change() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tenant = api.tenant("After", "after").await;
    emu.set_faults(faults(|f| f.fail_after_commit_rate = 1.0))
        .unwrap();
    let patch = api
        .patch(&id(&tenant), json!({ "name": "Committed" }))
        .await;
    expect_detail(patch, 500).await;
    assert_eq!(
        expect_json(api.get(&id(&tenant)).await, 200).await["name"],
        "Committed"
    );
    expect_detail(api.delete(&id(&tenant)).await, 500).await;
    assert_eq!(
        expect_json(api.get(&id(&tenant)).await, 200).await["status"],
        "deleted"
    );
    // A refused change committed nothing, so it is answered as it is.
    expect_422(api.create(json!({ "name": "" , "slug": "x" })).await).await;
    let created = api.create(json!({ "name": "Lost", "slug": "lost" })).await;
    assert_eq!(created.status(), 500);
    emu.set_faults(Faults::default()).unwrap();
    expect_detail(
        api.create(json!({ "name": "Lost", "slug": "lost" })).await,
        409,
    )
    .await;
}

#[tokio::test]
async fn a_dropped_connection_after_commit_keeps_the_change() {
    let emu = start();
    let api = Api::new(&emu).await;
    emu.set_faults(faults(|f| f.drop_after_commit_rate = 1.0))
        .unwrap();
    let result = api
        .request(Method::POST, "/")
        .json(&json!({ "name": "Ghost", "slug": "ghost" }))
        .send()
        .await;
    let err = result.expect_err("the connection closes without an answer");
    assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    assert_eq!(slugs(&api.page("").await), ["ghost"]);
    assert_eq!(emu.stats().count("POST /api/v1/admin/tenants/"), 1);
}

/// The statuses of `n` list requests against an emulator failing half the time with this seed.
async fn statuses_with_seed(seed: u64, n: usize) -> Vec<u16> {
    let emu = start_faulty(faults(|f| f.fail_rate = 0.5), seed);
    assert_eq!(emu.fault_seed(), seed);
    let api = Api::new(&emu).await;
    let mut statuses = Vec::new();
    for _ in 0..n {
        statuses.push(api.list("").await.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn one_seed_replays_the_same_faults() {
    let seed = 4_004;
    println!("fault seed {seed}");
    let first = statuses_with_seed(seed, 24).await;
    assert_eq!(first, statuses_with_seed(seed, 24).await);
    assert!(
        first.contains(&200) && first.iter().any(|s| *s >= 500),
        "{first:?}"
    );
    assert_ne!(first, statuses_with_seed(seed + 1, 24).await);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let emu = start_faulty(faults(|f| f.rate_limit = Some(3)), 5);
    let api = Api::new(&emu).await;
    let mut limited = 0;
    for _ in 0..10 {
        let response = api.list("").await;
        if response.status() == 429 {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(retry >= 1);
            expect_detail(response, 429).await;
            limited += 1;
        } else {
            assert_eq!(response.status(), 200);
        }
    }
    assert!(limited >= 4, "{limited}");
    for _ in 0..5 {
        assert_eq!(stats_status(&emu).await, 200);
    }
}

#[tokio::test]
async fn latency_delays_api_requests_but_not_tokens_or_test_endpoints() {
    let emu = start_faulty(faults(|f| f.latency_ms = 400), 3);
    let started = Instant::now();
    let api = Api::new(&emu).await;
    stats_status(&emu).await;
    assert!(started.elapsed() < Duration::from_millis(400));
    let started = Instant::now();
    api.list("").await;
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[test]
fn rates_outside_zero_to_one_are_refused() {
    let emu = start();
    let err = emu
        .set_faults(faults(|f| f.drop_after_commit_rate = 1.01))
        .unwrap_err();
    assert!(
        err.to_string().contains("--drop-after-commit-rate"),
        "{err}"
    );
}
