//! Validation over real HTTP: every bad body or query is a FastAPI-style 422 whose `loc` points at
//! the field (e.g. `["body", "settings", "session_timeout"]`), non-JSON bodies are 415, and nothing
//! malformed produces a 500 or changes a tenant.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// (body, the loc that must be reported, its type)
fn bad_creates() -> Vec<(Value, Value, &'static str)> {
    let long = "n".repeat(101);
    vec![
        (json!({ "slug": "a" }), json!(["body", "name"]), "missing"),
        (json!({ "name": "A" }), json!(["body", "slug"]), "missing"),
        (
            json!({ "name": "", "slug": "a" }),
            json!(["body", "name"]),
            "string_too_short",
        ),
        (
            json!({ "name": long, "slug": "a" }),
            json!(["body", "name"]),
            "string_too_long",
        ),
        (
            json!({ "name": 5, "slug": "a" }),
            json!(["body", "name"]),
            "string_type",
        ),
        (
            json!({ "name": "A", "slug": "Not_A_Slug" }),
            json!(["body", "slug"]),
            "string_pattern_mismatch",
        ),
        (
            json!({ "name": "A", "slug": "-edge" }),
            json!(["body", "slug"]),
            "string_pattern_mismatch",
        ),
        (
            json!({ "name": "A", "slug": "a".repeat(64) }),
            json!(["body", "slug"]),
            "string_pattern_mismatch",
        ),
        (
            json!({ "name": "A", "slug": "a", "partner_id": 7 }),
            json!(["body", "partner_id"]),
            "string_type",
        ),
        (
            json!({ "name": "A", "slug": "a", "status": "active" }),
            json!(["body", "status"]),
            "extra_forbidden",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": [] }),
            json!(["body", "settings"]),
            "dict_type",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "session_timeout": 4 } }),
            json!(["body", "settings", "session_timeout"]),
            "greater_than_equal",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "session_timeout": 1441 } }),
            json!(["body", "settings", "session_timeout"]),
            "less_than_equal",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "session_timeout": "60" } }),
            json!(["body", "settings", "session_timeout"]),
            "int_type",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "mfa_required": 1 } }),
            json!(["body", "settings", "mfa_required"]),
            "bool_type",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "mfa_methods": "totp" } }),
            json!(["body", "settings", "mfa_methods"]),
            "list_type",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "mfa_methods": ["totp", "pigeon"] } }),
            json!(["body", "settings", "mfa_methods", 1]),
            "literal_error",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "password_policy": { "min_length": 7 } } }),
            json!(["body", "settings", "password_policy", "min_length"]),
            "greater_than_equal",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "password_policy": { "min_length": 129 } } }),
            json!(["body", "settings", "password_policy", "min_length"]),
            "less_than_equal",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "password_policy": { "require_digit": "no" } } }),
            json!(["body", "settings", "password_policy", "require_digit"]),
            "bool_type",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "password_policy": true } }),
            json!(["body", "settings", "password_policy"]),
            "dict_type",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "password_policy": { "max_age": 90 } } }),
            json!(["body", "settings", "password_policy", "max_age"]),
            "extra_forbidden",
        ),
        (
            json!({ "name": "A", "slug": "a", "settings": { "theme": "dark" } }),
            json!(["body", "settings", "theme"]),
            "extra_forbidden",
        ),
    ]
}

#[tokio::test]
async fn every_invalid_create_is_a_422_at_the_field() {
    let emu = start();
    let api = Api::new(&emu).await;
    for (body, loc, kind) in bad_creates() {
        let issues = expect_422(api.create(body.clone()).await).await;
        let found = issues.iter().find(|i| i["loc"] == loc);
        let found = found.unwrap_or_else(|| panic!("{body}: no issue at {loc} in {issues:?}"));
        assert_eq!(found["type"], kind, "{body}");
    }
    assert_eq!(api.page("").await["total"], 0, "nothing was created");
}

#[tokio::test]
async fn all_problems_of_a_body_are_reported_together() {
    let emu = start();
    let api = Api::new(&emu).await;
    let body = json!({ "name": "", "slug": "BAD", "settings": { "session_timeout": 0, "mfa_required": "x" } });
    let issues = expect_422(api.create(body).await).await;
    assert_eq!(
        locs(&issues),
        [
            json!(["body", "name"]),
            json!(["body", "slug"]),
            json!(["body", "settings", "session_timeout"]),
            json!(["body", "settings", "mfa_required"]),
        ]
    );
    let timeout = &issues[2];
    assert_eq!(timeout["msg"], "Input should be greater than or equal to 5");
}

#[tokio::test]
async fn an_invalid_patch_is_a_422_at_the_field_and_changes_nothing() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tenant = api.tenant("Patchy", "patchy").await;
    let cases = [
        (json!({ "slug": "other" }), json!(["body", "slug"])),
        (json!({ "partner_id": "p9" }), json!(["body", "partner_id"])),
        (json!({ "name": "" }), json!(["body", "name"])),
        (json!({ "name": null }), json!(["body", "name"])),
        (json!({ "status": "archived" }), json!(["body", "status"])),
        (json!({ "id": "x" }), json!(["body", "id"])),
        (
            json!({ "name": "Fine", "settings": { "session_timeout": 2000 } }),
            json!(["body", "settings", "session_timeout"]),
        ),
        (
            json!({ "settings": { "mfa_methods": [true] } }),
            json!(["body", "settings", "mfa_methods", 0]),
        ),
        (
            json!({ "settings": { "session_timeout": null } }),
            json!(["body", "settings", "session_timeout"]),
        ),
    ];
    for (body, loc) in cases {
        let issues = expect_422(api.patch(&id(&tenant), body.clone()).await).await;
        assert!(locs(&issues).contains(&loc), "{body}: {issues:?}");
    }
    let slug_issue = expect_422(api.patch(&id(&tenant), json!({ "slug": "x" })).await).await;
    assert!(slug_issue[0]["msg"]
        .as_str()
        .unwrap()
        .contains("cannot be changed"));
    assert_eq!(expect_json(api.get(&id(&tenant)).await, 200).await, tenant);
}

#[tokio::test]
async fn bad_list_queries_are_422s_at_the_parameter() {
    let emu = start();
    let api = Api::new(&emu).await;
    let cases = [
        ("page=0", json!(["query", "page"]), "greater_than_equal"),
        ("page=-3", json!(["query", "page"]), "greater_than_equal"),
        ("page=two", json!(["query", "page"]), "int_parsing"),
        (
            "page=99999999999999999999",
            json!(["query", "page"]),
            "int_parsing",
        ),
        (
            "per_page=0",
            json!(["query", "per_page"]),
            "greater_than_equal",
        ),
        (
            "per_page=101",
            json!(["query", "per_page"]),
            "less_than_equal",
        ),
        ("per_page=", json!(["query", "per_page"]), "int_parsing"),
        ("status=gone", json!(["query", "status"]), "literal_error"),
        ("page=%ZZ", json!(["query", "page"]), "int_parsing"),
    ];
    for (query, loc, kind) in cases {
        let issues = expect_422(api.list(query).await).await;
        assert_eq!(issues[0]["loc"], loc, "{query}");
        assert_eq!(issues[0]["type"], kind, "{query}");
    }
    // Unknown parameters are ignored, as FastAPI does.
    assert_eq!(api.list("colour=red&page=1").await.status(), 200);
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_never_cause_a_500() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tenant = api.tenant("Body", "body").await;
    let form = api
        .request(Method::POST, "/")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=a&slug=a");
    expect_detail(send(form).await, 415).await;
    let untyped = api
        .request(Method::PATCH, &format!("/{}", id(&tenant)))
        .body("{}");
    expect_detail(send(untyped).await, 415).await;

    let json_body = |raw: &'static str| {
        api.request(Method::POST, "/")
            .header("content-type", "application/json")
            .body(raw)
    };
    let broken = expect_422(send(json_body("{\"name\": ")).await).await;
    assert_eq!(broken[0]["type"], "json_invalid");
    assert_eq!(broken[0]["loc"][0], "body");
    assert!(broken[0]["loc"][1].is_u64(), "{broken:?}");
    let list = expect_422(send(json_body("[1, 2]")).await).await;
    assert_eq!(list[0]["loc"], json!(["body"]));
    let empty = expect_422(send(json_body("")).await).await;
    assert_eq!(empty[0]["type"], "missing");
    for raw in ["\u{0}", "nul", "{\"a\":1}}", "\"str\""] {
        let status = send(json_body(raw)).await.status();
        assert_eq!(status, 422, "{raw:?}");
    }
    let huge = api
        .request(Method::POST, "/")
        .header("content-type", "application/json")
        .body(format!("{{\"name\": \"{}\"}}", "x".repeat(100_000)));
    assert_eq!(send(huge).await.status(), 413);
}
