//! The four endpoints over real HTTP: registration, reading and patching the current tenant,
//! creating keys, and the validation of every field with errors that name it.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn registration_returns_a_key_once_with_its_ten_character_prefix() {
    let emu = start();
    let body = json!({
        "name": "My AI Company",
        "email": "developer@example.com",
        "settings": { "retention_days": 90, "max_conversations_per_user": 50 }
    });
    let response = send(request(&emu, Method::POST, "/tenants", None).json(&body)).await;
    let created = expect_json(response, 201).await;
    let key = created["api_key"].as_str().unwrap();
    assert!(key.starts_with("rk_live_") && key.len() > 20, "{key}");
    assert_eq!(created["api_key_prefix"], key[..10]);
    assert!(created["message"]
        .as_str()
        .unwrap()
        .contains("not be shown again"));
    assert!(!created["tenant_id"].as_str().unwrap().is_empty());

    let tenant = expect_json(get_tenant(&emu, key).await, 200).await;
    assert_eq!(tenant["tenant_id"], created["tenant_id"]);
    assert!(
        !tenant.to_string().contains(key),
        "a read never shows the key"
    );
}

#[tokio::test]
async fn a_new_tenant_has_the_documented_defaults_stats_and_status() {
    let emu = start();
    let t = register_with(
        &emu,
        json!({ "name": "My AI Company", "email": "dev@example.com", "settings": { "retention_days": 90 } }),
    )
    .await;
    let tenant = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    assert_eq!(tenant["name"], "My AI Company");
    assert_eq!(tenant["email"], "dev@example.com");
    assert_eq!(
        tenant["settings"],
        json!({
            "retention_days": 90, "batch_size": 10, "max_conversations_per_user": 100,
            "max_users": 1000, "encryption_mode": "platform"
        })
    );
    assert_eq!(
        tenant["stats"],
        json!({ "user_count": 0, "conversation_count": 0, "total_interactions": 0, "storage_bytes": 0 })
    );
    assert_eq!(tenant["status"], "active");
    assert_eq!(tenant["created_at"], tenant["updated_at"]);
    let created = tenant["created_at"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.contains('T'), "{created}");
}

#[tokio::test]
async fn an_email_registers_only_once_whatever_its_case() {
    let emu = start();
    register(&emu, "once@example.com").await;
    let again = json!({ "name": "Other", "email": "Once@Example.com" });
    let response = send(request(&emu, Method::POST, "/tenants", None).json(&again)).await;
    let message = expect_error(response, 409, "conflict").await;
    assert!(message.contains("already registered"), "{message}");
}

#[tokio::test]
async fn a_patch_merges_settings_and_answers_the_updated_tenant() {
    let emu = start();
    let t = register(&emu, "patch@example.com").await;
    let before = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    let body = json!({
        "name": "My AI Company Inc.",
        "settings": {
            "retention_days": 180,
            "webhook_url": "https://api.example.com/webhook",
            "webhook_events": ["conversation.created", "memory.ingested", "memory.ingested"]
        }
    });
    let updated = expect_json(patch_tenant(&emu, &t.key, body).await, 200).await;
    assert_eq!(updated["name"], "My AI Company Inc.");
    assert_eq!(updated["settings"]["retention_days"], 180);
    assert_eq!(
        updated["settings"]["batch_size"], 10,
        "settings not given keep their value"
    );
    assert_eq!(
        updated["settings"]["webhook_url"],
        "https://api.example.com/webhook"
    );
    assert_eq!(
        updated["settings"]["webhook_events"],
        json!(["memory.ingested", "conversation.created"]),
        "events are a set"
    );
    assert_ne!(updated["updated_at"], before["updated_at"]);
    assert_eq!(updated["created_at"], before["created_at"]);
    let read = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    assert_eq!(read, updated);
}

#[tokio::test]
async fn a_null_webhook_url_removes_the_webhook_and_its_events() {
    let emu = start();
    let t = register_with(
        &emu,
        json!({
            "name": "Hooks", "email": "hooks@example.com",
            "settings": { "webhook_url": "http://localhost:9000/hook", "webhook_events": ["user.created"] }
        }),
    )
    .await;
    let patched = patch_tenant(&emu, &t.key, json!({ "settings": { "webhook_url": null } })).await;
    let settings = expect_json(patched, 200).await["settings"].clone();
    assert!(settings.get("webhook_url").is_none(), "{settings}");
    assert!(settings.get("webhook_events").is_none(), "{settings}");
}

#[tokio::test]
async fn a_patch_that_changes_nothing_keeps_updated_at() {
    let emu = start();
    let t = register(&emu, "same@example.com").await;
    let before = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    let body = json!({ "name": "Acme AI", "settings": { "batch_size": 10 } });
    let after = expect_json(patch_tenant(&emu, &t.key, body).await, 200).await;
    assert_eq!(after["updated_at"], before["updated_at"]);
}

#[tokio::test]
async fn a_created_key_is_shown_once_and_acts_on_its_tenant() {
    let emu = start();
    let t = register(&emu, "keys@example.com").await;
    let response = create_key(
        &emu,
        &t.key,
        "Production Read-Only",
        &["users:read", "tenant:read"],
    )
    .await;
    let created = expect_json(response, 201).await;
    let key = created["api_key"].as_str().unwrap();
    assert!(key.starts_with("rk_live_"));
    assert_ne!(key, t.key);
    assert_eq!(created["api_key_prefix"], key[..10]);
    assert!(created["key_id"].as_str().unwrap().starts_with("key_"));
    assert_eq!(created["name"], "Production Read-Only");
    assert_eq!(created["scopes"], json!(["tenant:read", "users:read"]));
    assert!(created["created_at"].as_str().is_some());
    assert!(created["message"]
        .as_str()
        .unwrap()
        .contains("not be shown again"));
    let tenant = expect_json(get_tenant(&emu, key).await, 200).await;
    assert_eq!(tenant["tenant_id"], t.id.as_str());
}

/// (what, body, field the message must name)
fn bad_registrations() -> Vec<(&'static str, Value, &'static str)> {
    let long = "x".repeat(201);
    vec![
        ("no name", json!({ "email": "a@b.co" }), "name"),
        (
            "empty name",
            json!({ "name": "", "email": "a@b.co" }),
            "name",
        ),
        (
            "long name",
            json!({ "name": long, "email": "a@b.co" }),
            "name",
        ),
        (
            "numeric name",
            json!({ "name": 7, "email": "a@b.co" }),
            "name",
        ),
        ("no email", json!({ "name": "A" }), "email"),
        (
            "bad email",
            json!({ "name": "A", "email": "not-an-address" }),
            "email",
        ),
        (
            "unknown field",
            json!({ "name": "A", "email": "a@b.co", "plan": "pro" }),
            "plan",
        ),
        (
            "settings not an object",
            json!({ "name": "A", "email": "a@b.co", "settings": [] }),
            "settings",
        ),
        (
            "unknown setting",
            json!({ "name": "A", "email": "a@b.co", "settings": { "colour": 1 } }),
            "settings.colour",
        ),
        (
            "zero retention",
            json!({ "name": "A", "email": "a@b.co", "settings": { "retention_days": 0 } }),
            "settings.retention_days",
        ),
        (
            "retention over ten years",
            json!({ "name": "A", "email": "a@b.co", "settings": { "retention_days": 3651 } }),
            "settings.retention_days",
        ),
        (
            "fractional batch",
            json!({ "name": "A", "email": "a@b.co", "settings": { "batch_size": 2.5 } }),
            "settings.batch_size",
        ),
        (
            "negative max_users",
            json!({ "name": "A", "email": "a@b.co", "settings": { "max_users": -1 } }),
            "settings.max_users",
        ),
        (
            "string max_conversations",
            json!({ "name": "A", "email": "a@b.co", "settings": { "max_conversations_per_user": "5" } }),
            "settings.max_conversations_per_user",
        ),
        (
            "bad encryption mode",
            json!({ "name": "A", "email": "a@b.co", "settings": { "encryption_mode": "none" } }),
            "settings.encryption_mode",
        ),
        (
            "plain http webhook",
            json!({ "name": "A", "email": "a@b.co", "settings": { "webhook_url": "http://example.com/h" } }),
            "settings.webhook_url",
        ),
        (
            "unknown event",
            json!({ "name": "A", "email": "a@b.co", "settings": { "webhook_url": "https://h.example", "webhook_events": ["user.deleted"] } }),
            "settings.webhook_events[0]",
        ),
        (
            "events without a webhook",
            json!({ "name": "A", "email": "a@b.co", "settings": { "webhook_events": ["user.created"] } }),
            "settings.webhook_url",
        ),
    ]
}

#[tokio::test]
async fn every_invalid_registration_is_a_400_naming_the_field() {
    let emu = start();
    for (what, body, field) in bad_registrations() {
        let response = send(request(&emu, Method::POST, "/tenants", None).json(&body)).await;
        let message = expect_error(response, 400, "invalid_request").await;
        assert!(message.contains(field), "{what}: {message}");
    }
}

#[tokio::test]
async fn an_invalid_patch_is_a_400_naming_the_field_and_changes_nothing() {
    let emu = start();
    let t = register(&emu, "strict@example.com").await;
    let before = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    let cases = [
        (json!({ "email": "new@example.com" }), "email"),
        (json!({ "name": "" }), "name"),
        (json!({ "name": null }), "name"),
        (json!({ "settings": null }), "settings"),
        (
            json!({ "settings": { "retention_days": 10, "batch_size": 0 } }),
            "settings.batch_size",
        ),
        (
            json!({ "settings": { "max_users": null } }),
            "settings.max_users",
        ),
        (
            json!({ "settings": { "webhook_url": null, "webhook_events": ["user.created"] } }),
            "settings.webhook_events",
        ),
        (json!({ "status": "active" }), "status"),
    ];
    for (body, field) in cases {
        let message = expect_error(
            patch_tenant(&emu, &t.key, body.clone()).await,
            400,
            "invalid_request",
        )
        .await;
        assert!(message.contains(field), "{body}: {message}");
    }
    let after = expect_json(get_tenant(&emu, &t.key).await, 200).await;
    assert_eq!(after, before);
}

#[tokio::test]
async fn an_invalid_key_request_is_a_400_naming_the_field() {
    let emu = start();
    let t = register(&emu, "badkeys@example.com").await;
    let cases = [
        (json!({ "scopes": ["tenant:read"] }), "name"),
        (json!({ "name": "k" }), "scopes"),
        (json!({ "name": "k", "scopes": [] }), "scopes"),
        (json!({ "name": "k", "scopes": "tenant:read" }), "scopes"),
        (
            json!({ "name": "k", "scopes": ["tenant:read", "tenant:root"] }),
            "scopes[1]",
        ),
        (
            json!({ "name": "k", "scopes": ["tenant:read"], "expires": 1 }),
            "expires",
        ),
    ];
    for (body, field) in cases {
        let response =
            send(request(&emu, Method::POST, "/api-keys", Some(&t.key)).json(&body)).await;
        let message = expect_error(response, 400, "invalid_request").await;
        assert!(message.contains(field), "{body}: {message}");
    }
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_are_refused_without_a_500() {
    let emu = start();
    let t = register(&emu, "bodies@example.com").await;
    let form = request(&emu, Method::POST, "/tenants", None)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=a&email=a@b.co");
    expect_error(send(form).await, 415, "unsupported_media_type").await;
    let untyped = request(&emu, Method::PATCH, "/tenant", Some(&t.key)).body("{}");
    expect_error(send(untyped).await, 415, "unsupported_media_type").await;
    for raw in ["{", "[1]", "\"text\"", "", "{\"name\": \"a\",}", "\u{0}"] {
        let bad = request(&emu, Method::POST, "/tenants", None)
            .header("content-type", "application/json")
            .body(raw);
        expect_error(send(bad).await, 400, "invalid_request").await;
    }
    let huge = request(&emu, Method::POST, "/tenants", None)
        .header("content-type", "application/json")
        .body(format!("{{\"name\": \"{}\"}}", "x".repeat(100_000)));
    assert_eq!(send(huge).await.status(), 413);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    let emu = start();
    let missing = send(request(&emu, Method::GET, "/tenants/abc", None)).await;
    expect_error(missing, 404, "not_found").await;
    let listing = send(request(&emu, Method::GET, "/api-keys", None)).await;
    expect_error(listing, 405, "method_not_allowed").await;
    let delete = send(request(&emu, Method::DELETE, "/tenant", None)).await;
    expect_error(delete, 405, "method_not_allowed").await;
    let health = send(http().get(format!("{}/health", emu.endpoint()))).await;
    assert_eq!(expect_json(health, 200).await["status"], "ok");
}
