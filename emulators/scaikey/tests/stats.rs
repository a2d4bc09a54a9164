//! Request counters over real HTTP: `GET /_emulator/stats` has exactly the shape
//! `{"requests": {"<METHOD> <route>": count}, "faults_injected": n, "micros": {"<METHOD> <route>": µs}}`
//! with route templates, counts requests that reached their handler (refused ones included) and the
//! faults that answered instead, and leaves its own endpoints out.

mod common;

use common::*;
use scaikey_emulator::Faults;
use serde_json::{json, Value};

async fn stats(emu: &scaikey_emulator::Emulator) -> Value {
    let response = send(http().get(format!("{}/_emulator/stats", emu.endpoint()))).await;
    expect_json(response, 200).await
}

#[tokio::test]
async fn stats_count_each_route_template_and_match_the_handle() {
    let emu = start();
    let api = Api::new(&emu).await;
    let a = api.tenant("A", "a").await;
    let b = api.tenant("B", "b").await;
    for n in 0..3 {
        api.patch(
            &id(&a),
            json!({ "settings": { "session_timeout": 10 + n } }),
        )
        .await;
    }
    api.patch(&id(&b), json!({ "slug": "refused" })).await;
    api.get(&id(&a)).await;
    api.list("search=a").await;
    api.delete(&id(&b)).await;
    stats(&emu).await;
    send(http().get(format!("{}/health", emu.endpoint()))).await;
    send(api.request(reqwest::Method::PUT, &format!("/{}", id(&a)))).await;

    let counted = stats(&emu).await;
    assert_eq!(
        counted["requests"],
        json!({
            "DELETE /api/v1/admin/tenants/{tenant_id}": 1,
            "GET /api/v1/admin/tenants/": 1,
            "GET /api/v1/admin/tenants/{tenant_id}": 1,
            "PATCH /api/v1/admin/tenants/{tenant_id}": 4,
            "POST /api/v1/admin/tenants/": 2,
            "POST /api/v1/oauth/token": 1,
        })
    );
    assert_eq!(counted["faults_injected"], 0);
    let routes = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(routes(&counted["micros"]), routes(&counted["requests"]));
    let handle = emu.stats();
    assert_eq!(handle.count("PATCH /api/v1/admin/tenants/{tenant_id}"), 4);
    assert_eq!(handle.count("PUT /api/v1/admin/tenants/{tenant_id}"), 0);
    assert_eq!(serde_json::to_value(&handle).unwrap(), counted);
}

#[tokio::test]
async fn requests_failed_before_the_handler_are_not_counted() {
    let emu = start_faulty(
        Faults {
            fail_rate: 1.0,
            ..Faults::default()
        },
        2,
    );
    let api = Api::new(&emu).await;
    for _ in 0..3 {
        assert!(api.list("").await.status().is_server_error());
    }
    let counted = stats(&emu).await;
    assert_eq!(
        counted["requests"],
        json!({ "POST /api/v1/oauth/token": 1 })
    );
    assert_eq!(counted["faults_injected"], 3);
}
