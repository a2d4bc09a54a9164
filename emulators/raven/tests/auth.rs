//! Authentication and authorization over real HTTP: 401 without a valid key, 403 naming a missing
//! scope, keys granting only scopes their creator holds, and suspended tenants that read but
//! cannot change.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn every_endpoint_but_registration_needs_a_known_key() {
    let emu = start();
    let t = register(&emu, "auth@example.com").await;
    let unknown = format!("rk_live_{}", "A".repeat(32));
    let body = json!({ "name": "k", "scopes": ["tenant:read"] });
    let cases = [
        (
            "GET without a key",
            request(&emu, Method::GET, "/tenant", None),
        ),
        (
            "GET with an unknown key",
            request(&emu, Method::GET, "/tenant", Some(&unknown)),
        ),
        (
            "GET with a foreign token",
            request(&emu, Method::GET, "/tenant", Some("eyJhbGciOi.x.y")),
        ),
        (
            "GET with basic auth",
            request(&emu, Method::GET, "/tenant", None).basic_auth("user", Some(&t.key)),
        ),
        (
            "PATCH without a key",
            request(&emu, Method::PATCH, "/tenant", None).json(&json!({ "name": "x" })),
        ),
        (
            "key creation with an unknown key",
            request(&emu, Method::POST, "/api-keys", Some(&unknown)).json(&body),
        ),
    ];
    for (what, request) in cases {
        let response = send(request).await;
        assert_eq!(
            response
                .headers()
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap()),
            Some("Bearer"),
            "{what}"
        );
        let message = expect_error(response, 401, "unauthorized").await;
        assert!(
            !message.contains(&unknown) && !message.contains(&t.key),
            "{what}: {message}"
        );
    }
    // The registration key itself works, so the refusals above were about the key.
    assert_eq!(get_tenant(&emu, &t.key).await.status(), 200);
}

#[tokio::test]
async fn a_key_without_the_endpoint_scope_gets_a_403_naming_it() {
    let emu = start();
    let t = register(&emu, "scopes@example.com").await;
    let memory_only = new_key(&emu, &t.key, &["memory:read"]).await;
    let message = expect_error(
        get_tenant(&emu, &memory_only).await,
        403,
        "insufficient_scope",
    )
    .await;
    assert!(message.contains("tenant:read"), "{message}");

    let reader = new_key(&emu, &t.key, &["tenant:read"]).await;
    assert_eq!(get_tenant(&emu, &reader).await.status(), 200);
    let patch = patch_tenant(&emu, &reader, json!({ "name": "Renamed" })).await;
    let message = expect_error(patch, 403, "insufficient_scope").await;
    assert!(message.contains("tenant:admin"), "{message}");
    let create = create_key(&emu, &reader, "k", &["tenant:read"]).await;
    let message = expect_error(create, 403, "insufficient_scope").await;
    assert!(message.contains("tenant:admin"), "{message}");

    let tenant = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    assert_eq!(
        tenant["name"], "Acme AI",
        "the refused PATCH changed nothing"
    );
}

#[tokio::test]
async fn a_key_may_only_grant_scopes_the_calling_key_holds() {
    let emu = start();
    let t = register(&emu, "grant@example.com").await;
    let admin = new_key(
        &emu,
        &t.key,
        &["tenant:admin", "tenant:read", "memory:read"],
    )
    .await;
    let narrower = create_key(&emu, &admin, "narrower", &["memory:read", "tenant:read"]).await;
    assert_eq!(narrower.status(), 201);
    let wider = create_key(&emu, &admin, "wider", &["memory:read", "memory:write"]).await;
    let message = expect_error(wider, 403, "insufficient_scope").await;
    assert!(message.contains("memory:write"), "{message}");
    // The registration key holds every scope, so it can grant all of them.
    let all = create_key(&emu, &t.key, "all", &ALL_SCOPES).await;
    assert_eq!(expect_json(all, 201).await["scopes"], json!(ALL_SCOPES));
}

#[tokio::test]
async fn keys_act_only_on_their_own_tenant() {
    let emu = start();
    let a = register(&emu, "a@example.com").await;
    let b = register(&emu, "b@example.com").await;
    let patched = patch_tenant(&emu, &a.key, json!({ "name": "Only A" })).await;
    assert_eq!(patched.status(), 200);
    let b_tenant = expect_json(get_tenant(&emu, &b.key).await, 200).await;
    assert_eq!(b_tenant["tenant_id"], b.id.as_str());
    assert_eq!(b_tenant["name"], "Acme AI");
}

#[tokio::test]
async fn a_suspended_tenant_reads_but_cannot_patch_or_create_keys() {
    let emu = start();
    let t = register(&emu, "suspend@example.com").await;
    let suspended = control(&emu, Method::POST, &format!("tenants/{}/suspend", t.id)).await;
    assert_eq!(suspended.status(), 204);

    let tenant = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    assert_eq!(tenant["status"], "suspended");
    let patch = patch_tenant(&emu, &t.key, json!({ "name": "Renamed" })).await;
    let message = expect_error(patch, 403, "tenant_suspended").await;
    assert!(message.contains("suspended"), "{message}");
    let create = create_key(&emu, &t.key, "k", &["tenant:read"]).await;
    let message = expect_error(create, 403, "tenant_suspended").await;
    assert!(message.contains("suspended"), "{message}");

    let resumed = control(&emu, Method::POST, &format!("tenants/{}/resume", t.id)).await;
    assert_eq!(resumed.status(), 204);
    let patch = patch_tenant(&emu, &t.key, json!({ "name": "Renamed" })).await;
    let tenant = expect_json(patch, 200).await;
    assert_eq!(tenant["status"], "active");
    assert_eq!(tenant["name"], "Renamed");
}

#[tokio::test]
async fn the_handle_suspends_and_resumes_tenants_too() {
    let emu = start();
    let t = register(&emu, "handle@example.com").await;
    emu.suspend(&t.id).unwrap();
    let patch = patch_tenant(&emu, &t.key, json!({ "name": "X" })).await;
    expect_error(patch, 403, "tenant_suspended").await;
    emu.resume(&t.id).unwrap();
    assert_eq!(
        patch_tenant(&emu, &t.key, json!({ "name": "X" }))
            .await
            .status(),
        200
    );
    assert!(emu.suspend("no-such-tenant").is_err());
    let unknown = control(&emu, Method::POST, "tenants/no-such-tenant/suspend").await;
    expect_error(unknown, 404, "not_found").await;
    let undecodable = control(&emu, Method::POST, "tenants/%FF/resume").await;
    expect_error(undecodable, 404, "not_found").await;
}
