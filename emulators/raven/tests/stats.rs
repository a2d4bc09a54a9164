//! Request counters over real HTTP: `GET /_emulator/stats` has exactly the shape
//! `{"requests": {"<METHOD> <route>": count}, "faults_injected": n, "micros": {"<METHOD> <route>": µs}}`,
//! counts requests that reached their handler (refused ones included) and the faults that answered
//! instead, and leaves its own endpoints out.

mod common;

use common::*;
use raven_emulator::Faults;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn stats_count_each_route_and_match_the_handle() {
    let emu = start();
    let t = register(&emu, "stats@example.com").await;
    for _ in 0..2 {
        patch_tenant(&emu, &t.key, json!({ "settings": { "batch_size": 20 } })).await;
    }
    get_tenant(&emu, &t.key).await;
    get_tenant(&emu, "rk_live_unknown").await;
    new_key(&emu, &t.key, &["tenant:read"]).await;
    control(&emu, Method::POST, &format!("tenants/{}/suspend", t.id)).await;
    send(http().get(format!("{}/health", emu.endpoint()))).await;
    send(request(&emu, Method::GET, "/nowhere", None)).await;
    send(request(&emu, Method::DELETE, "/tenant", None)).await;

    let stats = expect_json(control(&emu, Method::GET, "stats").await, 200).await;
    assert_eq!(
        stats["requests"],
        json!({
            "GET /api/v1/tenant": 2,
            "PATCH /api/v1/tenant": 2,
            "POST /api/v1/api-keys": 1,
            "POST /api/v1/tenants": 1,
        })
    );
    assert_eq!(stats["faults_injected"], 0);
    let routes = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(routes(&stats["micros"]), routes(&stats["requests"]));
    let handle = emu.stats();
    assert_eq!(handle.count("PATCH /api/v1/tenant"), 2);
    assert_eq!(handle.count("DELETE /api/v1/tenant"), 0);
    assert_eq!(serde_json::to_value(&handle).unwrap(), stats);
}

#[tokio::test]
async fn requests_failed_before_the_handler_are_not_counted() {
    let emu = start_faulty(
        Faults {
            fail_rate: 1.0,
            ..Faults::default()
        },
        1,
    );
    for _ in 0..3 {
        assert!(get_tenant(&emu, "rk_live_x")
            .await
            .status()
            .is_server_error());
    }
    let stats: Value = control(&emu, Method::GET, "stats")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["requests"], json!({}));
    assert_eq!(stats["faults_injected"], 3);
}
