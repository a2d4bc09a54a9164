//! The five tenants endpoints over real HTTP: create with defaults and settings, get, PATCH merges
//! and status changes, soft delete semantics, 409 on a live slug, and the list with paging, search,
//! status and partner filters.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_new_tenant_gets_the_contract_defaults() {
    let emu = start();
    let api = Api::new(&emu).await;
    let response = api.create(json!({ "name": "Acme", "slug": "acme" })).await;
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let tenant = expect_json(response, 201).await;
    assert_eq!(location, format!("/api/v1/admin/tenants/{}", id(&tenant)));
    assert_eq!(tenant["name"], "Acme");
    assert_eq!(tenant["slug"], "acme");
    assert_eq!(tenant["partner_id"], Value::Null);
    assert_eq!(tenant["status"], "active");
    assert_eq!(tenant["deleted_at"], Value::Null);
    assert_eq!(
        tenant["settings"],
        json!({
            "mfa_required": false,
            "mfa_methods": ["totp"],
            "session_timeout": 60,
            "password_policy": {
                "min_length": 12, "require_uppercase": true, "require_lowercase": true,
                "require_digit": true, "require_symbol": false
            }
        })
    );
    assert_eq!(tenant["created_at"], tenant["updated_at"]);
    assert!(tenant["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(expect_json(api.get(&id(&tenant)).await, 200).await, tenant);
}

#[tokio::test]
async fn create_merges_partial_settings_into_the_defaults() {
    let emu = start();
    let api = Api::new(&emu).await;
    let body = json!({
        "name": "Beta", "slug": "beta", "partner_id": "partner-1",
        "settings": {
            "mfa_required": true,
            "mfa_methods": ["webauthn", "totp", "webauthn"],
            "password_policy": { "min_length": 16, "require_symbol": true }
        }
    });
    let tenant = expect_json(api.create(body).await, 201).await;
    assert_eq!(tenant["partner_id"], "partner-1");
    let settings = &tenant["settings"];
    assert_eq!(settings["mfa_required"], true);
    assert_eq!(settings["mfa_methods"], json!(["totp", "webauthn"]));
    assert_eq!(settings["session_timeout"], 60);
    assert_eq!(
        settings["password_policy"],
        json!({
            "min_length": 16, "require_uppercase": true, "require_lowercase": true,
            "require_digit": true, "require_symbol": true
        })
    );
}

#[tokio::test]
async fn a_patch_merges_settings_key_by_key_and_answers_the_tenant() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tenant = api.tenant("Gamma", "gamma").await;
    let body = json!({
        "name": "Gamma Ltd",
        "settings": { "session_timeout": 30, "password_policy": { "require_symbol": true } }
    });
    let updated = expect_json(api.patch(&id(&tenant), body).await, 200).await;
    assert_eq!(updated["name"], "Gamma Ltd");
    assert_eq!(updated["settings"]["session_timeout"], 30);
    assert_eq!(updated["settings"]["mfa_methods"], json!(["totp"]));
    assert_eq!(
        updated["settings"]["password_policy"]["require_symbol"],
        true
    );
    assert_eq!(updated["settings"]["password_policy"]["min_length"], 12);
    assert_ne!(updated["updated_at"], tenant["updated_at"]);
    assert_eq!(updated["created_at"], tenant["created_at"]);
    assert_eq!(expect_json(api.get(&id(&tenant)).await, 200).await, updated);

    let same = expect_json(
        api.patch(&id(&tenant), json!({ "name": "Gamma Ltd" }))
            .await,
        200,
    )
    .await;
    assert_eq!(
        same["updated_at"], updated["updated_at"],
        "no change, no new updated_at"
    );
}

#[tokio::test]
async fn status_moves_between_active_and_suspended() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tenant = api.tenant("Delta", "delta").await;
    let suspended = expect_json(
        api.patch(&id(&tenant), json!({ "status": "suspended" }))
            .await,
        200,
    )
    .await;
    assert_eq!(suspended["status"], "suspended");
    let patched = api
        .patch(
            &id(&tenant),
            json!({ "settings": { "mfa_required": true } }),
        )
        .await;
    assert_eq!(
        expect_json(patched, 200).await["status"],
        "suspended",
        "a suspended tenant can be patched"
    );
    let active = expect_json(
        api.patch(&id(&tenant), json!({ "status": "active" })).await,
        200,
    )
    .await;
    assert_eq!(active["status"], "active");
    let deleted = api
        .patch(&id(&tenant), json!({ "status": "deleted" }))
        .await;
    assert_eq!(
        locs(&expect_422(deleted).await),
        [json!(["body", "status"])]
    );
}

#[tokio::test]
async fn a_live_slug_is_unique_and_a_deleted_one_is_free_again() {
    let emu = start();
    let api = Api::new(&emu).await;
    let first = api.tenant("One", "shared").await;
    let detail = expect_detail(
        api.create(json!({ "name": "Two", "slug": "shared" })).await,
        409,
    )
    .await;
    assert!(detail.contains("shared"), "{detail}");
    assert_eq!(api.delete(&id(&first)).await.status(), 204);
    let second = api.tenant("Two", "shared").await;
    assert_ne!(id(&second), id(&first));
}

#[tokio::test]
async fn a_soft_deleted_tenant_still_reads_but_cannot_change() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tenant = api.tenant("Gone", "gone").await;
    let response = api.delete(&id(&tenant)).await;
    assert_eq!(response.status(), 204);
    assert!(response.bytes().await.unwrap().is_empty());
    let read = expect_json(api.get(&id(&tenant)).await, 200).await;
    assert_eq!(read["status"], "deleted");
    assert!(read["deleted_at"].as_str().is_some());
    assert_eq!(read["slug"], "gone");
    expect_detail(api.delete(&id(&tenant)).await, 404).await;
    expect_detail(
        api.patch(&id(&tenant), json!({ "name": "Back" })).await,
        404,
    )
    .await;
    let unknown = "00000000-0000-0000-0000-000000000000";
    for response in [
        api.get(unknown).await,
        api.patch(unknown, json!({ "name": "x" })).await,
        api.delete(unknown).await,
    ] {
        expect_detail(response, 404).await;
    }
}

#[tokio::test]
async fn the_list_pages_in_creation_order_with_totals() {
    let emu = start();
    let api = Api::new(&emu).await;
    for n in 0..25 {
        api.tenant(&format!("Tenant {n}"), &format!("t-{n:02}"))
            .await;
    }
    let first = api.page("").await;
    assert_eq!(
        (
            first["total"].clone(),
            first["page"].clone(),
            first["per_page"].clone()
        ),
        (json!(25), json!(1), json!(20))
    );
    assert_eq!(slugs(&first).len(), 20);
    assert_eq!(slugs(&first)[0], "t-00");
    let second = api.page("page=2").await;
    assert_eq!(slugs(&second), ["t-20", "t-21", "t-22", "t-23", "t-24"]);
    let small = api.page("page=3&per_page=4").await;
    assert_eq!(slugs(&small), ["t-08", "t-09", "t-10", "t-11"]);
    assert_eq!(small["total"], 25);
    let beyond = api.page("page=99").await;
    assert_eq!(slugs(&beyond), Vec::<String>::new());
    assert_eq!(beyond["total"], 25);
    let huge = api.page("page=9223372036854775807&per_page=100").await;
    assert!(slugs(&huge).is_empty());
    let all = api.page("per_page=100").await;
    assert_eq!(slugs(&all).len(), 25);
}

#[tokio::test]
async fn search_status_and_partner_filters_combine() {
    let emu = start();
    let api = Api::new(&emu).await;
    let make = |name: &'static str, slug: &'static str, partner: Option<&'static str>| json!({ "name": name, "slug": slug, "partner_id": partner });
    expect_json(
        api.create(make("Acme Europe", "acme-eu", Some("p1"))).await,
        201,
    )
    .await;
    let us = expect_json(
        api.create(make("Acme US", "acme-us", Some("p2"))).await,
        201,
    )
    .await;
    expect_json(api.create(make("Widgets", "widgets-acme", None)).await, 201).await;
    let old = expect_json(api.create(make("Old Acme", "old", Some("p1"))).await, 201).await;
    let dormant = expect_json(
        api.create(make("Dormant", "dormant", Some("p1"))).await,
        201,
    )
    .await;
    api.delete(&id(&old)).await;
    api.patch(&id(&dormant), json!({ "status": "suspended" }))
        .await;

    assert_eq!(
        slugs(&api.page("search=ACME").await),
        ["acme-eu", "acme-us", "widgets-acme"]
    );
    assert_eq!(slugs(&api.page("search=europe").await), ["acme-eu"]);
    assert_eq!(
        slugs(&api.page("partner_id=p1").await),
        ["acme-eu", "dormant"]
    );
    assert_eq!(slugs(&api.page("status=suspended").await), ["dormant"]);
    assert_eq!(slugs(&api.page("status=deleted").await), ["old"]);
    assert_eq!(
        slugs(&api.page("status=deleted&search=acme&partner_id=p1").await),
        ["old"]
    );
    assert_eq!(
        slugs(&api.page("status=active&partner_id=p2").await),
        ["acme-us"]
    );
    assert_eq!(
        slugs(&api.page("search=nothing").await),
        Vec::<String>::new()
    );
    let page = api.page("search=acme&per_page=1&page=2").await;
    assert_eq!(
        (slugs(&page), page["total"].clone()),
        (vec!["acme-us".to_string()], json!(3))
    );
    assert_eq!(
        api.page("").await["total"],
        4,
        "deleted tenants only with status=deleted"
    );
    assert_eq!(id(&api.page("partner_id=p2").await["items"][0]), id(&us));
}

#[tokio::test]
async fn the_collection_without_its_slash_redirects_to_it() {
    let emu = start();
    let api = Api::new(&emu).await;
    api.tenant("Slash", "slash").await;
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = send(
        no_follow
            .get(format!("{}/api/v1/admin/tenants?search=sl", emu.endpoint()))
            .bearer_auth(&api.token),
    )
    .await;
    assert_eq!(response.status(), 307);
    assert_eq!(
        response.headers()["location"],
        "/api/v1/admin/tenants/?search=sl"
    );
    let followed = send(
        http()
            .get(format!("{}/api/v1/admin/tenants?search=sl", emu.endpoint()))
            .bearer_auth(&api.token),
    )
    .await;
    assert_eq!(slugs(&expect_json(followed, 200).await), ["slash"]);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_detail_errors() {
    let emu = start();
    let api = Api::new(&emu).await;
    expect_detail(
        send(http().get(format!("{}/api/v2/tenants", emu.endpoint()))).await,
        404,
    )
    .await;
    expect_detail(send(api.request(Method::PUT, "/x")).await, 405).await;
    expect_detail(send(api.request(Method::DELETE, "/")).await, 405).await;
    // An id that is not valid UTF-8 once decoded names no tenant.
    expect_detail(send(api.request(Method::GET, "/%FF%FE")).await, 404).await;
    let patch = api
        .request(Method::PATCH, "/%C3%28")
        .json(&json!({ "name": "x" }));
    expect_detail(send(patch).await, 404).await;
    let health = send(http().get(format!("{}/health", emu.endpoint()))).await;
    assert_eq!(expect_json(health, 200).await["status"], "ok");
}
