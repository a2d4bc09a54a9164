//! Control-plane rules over real HTTP: tenants (names, cells, uniqueness, quota, paging, delete
//! order, hard deletes), applications (auth methods, keys, credentials once), bad requests,
//! persistence across a restart, concurrent creates at the quota edge, and the page size cap.

mod common;

use common::*;
use resistant_emulator::Config;
use serde_json::{json, Value};

#[tokio::test]
async fn tenant_lifecycle_and_shape() {
    let emu = start();
    let api = Api::new(&emu).await;

    let response = api.post("/tenants", &json!({ "name": "acme" })).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let tenant: Value = response.json().await.unwrap();
    let id = tenant["id"].as_str().unwrap();
    assert_eq!(location, format!("/v0/tenants/{id}"));
    assert_eq!(tenant["name"], "acme");
    assert_eq!(tenant["cells"], json!(["eu-1"]));
    assert!(chrono::DateTime::parse_from_rfc3339(tenant["created"].as_str().unwrap()).is_ok());
    assert!(tenant["updated"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        tenant["_links"]["documents-ui"],
        json!([{ "href": "acme-emulator.documents.localhost", "rel": "eu-1" }])
    );

    let multi = api.tenant("multi", Some(&["us-1", "eu-1", "ap-3"])).await;
    assert_eq!(multi["cells"], json!(["us-1", "eu-1", "ap-3"]));
    assert_eq!(
        multi["_links"]["documents-ui"][0]["href"],
        "multi-emulator.us-1.documents.localhost"
    );

    let fetched: Value = api.get_json(&format!("/tenants/{id}")).await;
    assert_eq!(fetched, tenant);

    // Duplicate name → 409.
    let message = expect_error(api.post("/tenants", &json!({ "name": "acme" })).await, 409).await;
    assert!(message.contains("acme"));

    // Hard delete: 204, then 404, then the name is free again.
    assert_eq!(api.delete(&format!("/tenants/{id}")).await.status(), 204);
    expect_error(api.get(&format!("/tenants/{id}")).await, 404).await;
    expect_error(api.delete(&format!("/tenants/{id}")).await, 404).await;
    api.tenant("acme", None).await;
}

#[tokio::test]
async fn tenant_validation() {
    let emu = start();
    let api = Api::new(&emu).await;
    let long = "a".repeat(62);
    let bad_bodies = [
        json!({}),
        json!({ "name": "" }),
        json!({ "name": "Upper" }),
        json!({ "name": "with-dash" }),
        json!({ "name": long }),
        json!({ "name": 42 }),
        json!({ "name": "ok", "cells": "eu-1" }),
        json!({ "name": "ok", "cells": [] }),
        json!({ "name": "ok", "cells": ["eu-2"] }),
        json!({ "name": "ok", "cells": ["eu-1", "eu-1"] }),
        json!({ "name": "ok", "cells": [1] }),
        json!({ "name": "ok", "color": "red" }),
        json!(["not", "an", "object"]),
    ];
    for body in bad_bodies {
        let response = api.post("/tenants", &body).await;
        assert_eq!(response.status(), 400, "{body}");
        expect_error(response, 400).await;
    }
    api.tenant(&"a".repeat(61), None).await;
    api.tenant("0123456789", None).await;
}

#[tokio::test]
async fn malformed_requests_get_4xx_with_message() {
    let emu = start();
    let api = Api::new(&emu).await;
    let url = format!("{}/tenants", emu.endpoint());
    let send = |content_type: Option<&'static str>, body: Vec<u8>| {
        let mut request = api.http.post(&url).bearer_auth(&api.token).body(body);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request.send()
    };
    expect_error(send(None, b"{\"name\":\"a\"}".to_vec()).await.unwrap(), 415).await;
    expect_error(
        send(Some("text/plain"), b"{\"name\":\"a\"}".to_vec())
            .await
            .unwrap(),
        415,
    )
    .await;
    expect_error(
        send(Some("application/json"), b"{\"name\":".to_vec())
            .await
            .unwrap(),
        400,
    )
    .await;
    expect_error(
        send(Some("application/json"), b"".to_vec()).await.unwrap(),
        400,
    )
    .await;
    expect_error(
        send(Some("application/json"), vec![0xff, 0xfe])
            .await
            .unwrap(),
        400,
    )
    .await;
    let huge = format!("{{\"name\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
    expect_error(
        send(Some("application/json"), huge.into_bytes())
            .await
            .unwrap(),
        413,
    )
    .await;
    // charset parameter is fine.
    let ok = send(
        Some("application/json; charset=utf-8"),
        b"{\"name\":\"fine\"}".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(ok.status(), 201);

    // Unknown routes and methods answer JSON.
    let response = api
        .http
        .get(format!("{}/nowhere", emu.base_url()))
        .send()
        .await
        .unwrap();
    expect_error(response, 404).await;
    let response = api
        .http
        .patch(&url)
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    expect_error(response, 405).await;
    // Bad query parameters.
    for query in [
        "limit=0",
        "limit=101",
        "limit=abc",
        "limit=-1",
        "colour=red",
    ] {
        expect_error(api.get(&format!("/tenants?{query}")).await, 400).await;
    }
    // Unknown tenant ids of any shape.
    for id in ["nope", "ten_", "%00", "a%2Fb"] {
        expect_error(api.get(&format!("/tenants/{id}")).await, 404).await;
    }
}

#[tokio::test]
async fn paging_follows_next_links() {
    let emu = start();
    let api = Api::new(&emu).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(api.tenant_id(&format!("t{i}"), None).await);
    }
    let mut seen = Vec::new();
    let mut path = "/tenants?limit=3".to_string();
    let mut pages = 0;
    loop {
        pages += 1;
        let page: Value = api.get_json(&path).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_string());
        }
        match page["_links"]["next"]["href"].as_str() {
            Some(next) => {
                assert!(next.starts_with("/tenants?limit=3&after_id="));
                path = next.to_string();
            }
            None => {
                assert_eq!(page["_links"], json!({}));
                break;
            }
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids, "creation order, no repeats");

    // Default limit is 20; exactly-full last page has no next.
    let page: Value = api.get_json("/tenants").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 7);
    let page: Value = api.get_json("/tenants?limit=7").await;
    assert_eq!(page["_links"], json!({}));
    // after_id is exclusive and may name a deleted tenant.
    assert_eq!(
        api.delete(&format!("/tenants/{}", ids[2])).await.status(),
        204
    );
    let page: Value = api.get_json(&format!("/tenants?after_id={}", ids[2])).await;
    let rest: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rest,
        ids[3..].iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn quota_is_enforced_and_freed_by_delete() {
    let emu = start_with(Config {
        tenant_quota: 2,
        ..Config::default()
    });
    let api = Api::new(&emu).await;
    let first = api.tenant("one", None).await;
    api.tenant("two", None).await;
    let message = expect_error(api.post("/tenants", &json!({ "name": "three" })).await, 403).await;
    assert!(message.contains('2'), "message names the quota: {message}");
    api.delete(&format!("/tenants/{}", first["id"].as_str().unwrap()))
        .await;
    api.tenant("three", None).await;
}

#[tokio::test]
async fn concurrent_creates_respect_quota_and_names() {
    let emu = start_with(Config {
        tenant_quota: 5,
        ..Config::default()
    });
    let api = std::sync::Arc::new(Api::new(&emu).await);
    // 20 distinct names racing for 5 slots, plus 10 racing for one name.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            api.post("/tenants", &json!({ "name": format!("race{i}") }))
                .await
                .status()
                .as_u16()
        }));
    }
    let statuses: Vec<u16> = futures_join(tasks).await;
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 5);
    assert_eq!(statuses.iter().filter(|s| **s == 403).count(), 15);

    let emu2 = start();
    let api2 = std::sync::Arc::new(Api::new(&emu2).await);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let api = api2.clone();
        tasks.push(tokio::spawn(async move {
            api.post("/tenants", &json!({ "name": "same" }))
                .await
                .status()
                .as_u16()
        }));
    }
    let statuses = futures_join(tasks).await;
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1);
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 9);
    let page: Value = api2.get_json("/tenants").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
}

async fn futures_join(tasks: Vec<tokio::task::JoinHandle<u16>>) -> Vec<u16> {
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

#[tokio::test]
async fn applications_lifecycle() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tenant = api.tenant("apps", Some(&["eu-1", "us-1"])).await;
    let tid = tenant["id"].as_str().unwrap();

    let body = json!({
        "cell": "us-1",
        "scopes": ["documents.submissions.read"],
        "auth_method": { "type": "CLIENT_SECRET" },
    });
    let response = api
        .post(&format!("/tenants/{tid}/applications"), &body)
        .await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let created: Value = response.json().await.unwrap();
    let aid = created["id"].as_str().unwrap();
    assert_eq!(location, format!("/v0/tenants/{tid}/applications/{aid}"));
    assert_eq!(created["cell"], "us-1");
    assert_eq!(created["scopes"], json!(["documents.submissions.read"]));
    assert_eq!(created["credentials"]["type"], "CLIENT_SECRET");
    assert!(
        created["credentials"]["client_secret"]
            .as_str()
            .unwrap()
            .len()
            >= 32
    );
    let auth_server = format!("{}/oauth2/documents-us-1", emu.base_url());
    assert_eq!(created["auth_server"], auth_server);
    assert_eq!(
        created["_links"]["token_url"],
        format!("{auth_server}/v1/token")
    );
    assert!(!created["client_id"].as_str().unwrap().is_empty());

    // GET and list never show credentials.
    let fetched: Value = api
        .get_json(&format!("/tenants/{tid}/applications/{aid}"))
        .await;
    assert!(fetched.get("credentials").is_none());
    let mut expected = created.clone();
    expected.as_object_mut().unwrap().remove("credentials");
    assert_eq!(fetched, expected);
    // Key-based applications: the credentials echo the key's type, algorithm and kid.
    let mut apps = vec![created.clone()];
    for (auth_method, credentials) in [
        (
            rsa_auth_method(&fixture("rsa2048_public_spki.pem"), "k1"),
            json!({ "type": "RSA", "alg": "RS256", "kid": "k1" }),
        ),
        (
            ec_auth_method(&fixture("ec_p256_public.pem"), "e1"),
            json!({ "type": "EC", "alg": "ES256", "kid": "e1" }),
        ),
    ] {
        let app = api.application(tid, "eu-1", auth_method).await;
        assert_eq!(app["credentials"], credentials);
        apps.push(app);
    }
    let list: Value = api.get_json(&format!("/tenants/{tid}/applications")).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|a| a.get("credentials").is_none()));

    // Delete order: the tenant waits for its applications.
    let message = expect_error(api.delete(&format!("/tenants/{tid}")).await, 409).await;
    assert!(message.contains('3'), "{message}");
    for app in &apps {
        let path = format!(
            "/tenants/{tid}/applications/{}",
            app["id"].as_str().unwrap()
        );
        assert_eq!(api.delete(&path).await.status(), 204);
        expect_error(api.get(&path).await, 404).await;
        expect_error(api.delete(&path).await, 404).await;
    }
    assert_eq!(api.delete(&format!("/tenants/{tid}")).await.status(), 204);
    expect_error(api.get(&format!("/tenants/{tid}/applications")).await, 404).await;
}

#[tokio::test]
async fn application_validation() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tid = api.tenant_id("val", None).await;
    let path = format!("/tenants/{tid}/applications");
    let secret = json!({ "type": "CLIENT_SECRET" });
    let (n, e) = rsa_components(&fixture("rsa2048_public_spki.pem"));
    let (n1024, _) = rsa_components(&fixture("rsa1024_public_spki.pem"));
    let (x, y) = ec_components(&fixture("ec_p256_public.pem"));
    let scopes = json!(ALL_APP_SCOPES);
    let cases = [
        json!({ "scopes": scopes, "auth_method": secret }),
        json!({ "cell": "us-1", "scopes": scopes, "auth_method": secret }), // not a tenant cell
        json!({ "cell": "mars-1", "scopes": scopes, "auth_method": secret }),
        json!({ "cell": "eu-1", "auth_method": secret }),
        json!({ "cell": "eu-1", "scopes": [], "auth_method": secret }),
        json!({ "cell": "eu-1", "scopes": ["submissions.read"], "auth_method": secret }),
        json!({ "cell": "eu-1", "scopes": ["tenants.write"], "auth_method": secret }),
        json!({ "cell": "eu-1", "scopes": scopes }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": "CLIENT_SECRET" }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "PASSWORD" } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "CLIENT_SECRET", "client_secret": "mine" } }),
        // RSA: too small, wrong alg, n as string, n as float, negative, missing kid.
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "RSA", "alg": "RS256", "kid": "k", "e": 65537, "n": json_int(&n1024) } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "RSA", "alg": "RS512", "kid": "k", "e": json_int(&e), "n": json_int(&n) } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "RSA", "alg": "RS256", "kid": "k", "e": 65537, "n": n.to_string() } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "RSA", "alg": "RS256", "kid": "k", "e": 65537, "n": 1.5e300 } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "RSA", "alg": "RS256", "kid": "k", "e": -3, "n": json_int(&n) } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "RSA", "alg": "RS256", "e": 65537, "n": json_int(&n) } }),
        // EC: point off the curve, coordinate too large, wrong alg.
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "EC", "alg": "ES256", "kid": "k", "x": json_int(&x), "y": json_int(&(y.clone() + 1u32)) } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "EC", "alg": "ES256", "kid": "k", "x": json_int(&(x.clone() << 300)), "y": json_int(&y) } }),
        json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "EC", "alg": "ES384", "kid": "k", "x": json_int(&x), "y": json_int(&y) } }),
    ];
    for body in cases {
        let response = api.post(&path, &body).await;
        assert_eq!(response.status(), 400, "{body}");
        expect_error(response, 400).await;
    }
    // A P-384 key's coordinates (48 bytes each) are not a P-256 point.
    let (x384, y384) = p384_components(&fixture("ec_p384_public.pem"));
    let p384 = json!({ "cell": "eu-1", "scopes": scopes, "auth_method": { "type": "EC", "alg": "ES256", "kid": "k", "x": json_int(&x384), "y": json_int(&y384) } });
    expect_error(api.post(&path, &p384).await, 400).await;
    // Unknown tenant.
    let body = json!({ "cell": "eu-1", "scopes": scopes, "auth_method": secret });
    expect_error(
        api.post("/tenants/ten_missing/applications", &body).await,
        404,
    )
    .await;
    // Nothing was created.
    let list: Value = api.get_json(&path).await;
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("emulator.sqlite");
    let config = || Config {
        db: Some(db.clone()),
        org_client_secret: Some("fixed-org-secret-for-restart-test".to_string()),
        ..Config::default()
    };
    let (tenant, app, secret, old_token) = {
        let emu = start_with(config());
        let api = Api::new(&emu).await;
        let tenant = api.tenant("durable", Some(&["eu-1", "ca-1"])).await;
        let app = api
            .application(
                tenant["id"].as_str().unwrap(),
                "ca-1",
                json!({ "type": "CLIENT_SECRET" }),
            )
            .await;
        let secret = app["credentials"]["client_secret"]
            .as_str()
            .unwrap()
            .to_string();
        (tenant, app, secret, api.token.clone())
    };
    let emu = start_with(config());
    let api = Api::new(&emu).await;
    // Access tokens survive the restart too.
    let old = Api {
        token: old_token.clone(),
        ..Api::new(&emu).await
    };
    assert_eq!(old.get("/tenants").await.status(), 200);
    let tid = tenant["id"].as_str().unwrap();
    let fetched: Value = api.get_json(&format!("/tenants/{tid}")).await;
    assert_eq!(fetched, tenant);
    let apps: Value = api.get_json(&format!("/tenants/{tid}/applications")).await;
    assert_eq!(apps["items"][0]["id"], app["id"]);
    // The stored (hashed) application secret still works at the cell's token endpoint, after a
    // restart that may have changed the port.
    let url = apps["items"][0]["_links"]["token_url"].as_str().unwrap();
    let response = token_basic(url, app["client_id"].as_str().unwrap(), &secret, None).await;
    assert_eq!(response.status(), 200);
    // Names stay unique across the restart.
    expect_error(
        api.post("/tenants", &json!({ "name": "durable" })).await,
        409,
    )
    .await;
    // The secret is not stored in clear.
    drop(emu);
    let raw = std::fs::read(&db).unwrap();
    for needle in [secret.as_bytes(), old_token.as_bytes()] {
        assert!(!raw.windows(needle.len()).any(|w| w == needle));
    }
}

/// (x, y) of a P-384 SPKI PEM: the DER ends with the uncompressed point 04 || x || y.
fn p384_components(spki_pem: &str) -> (num_bigint::BigUint, num_bigint::BigUint) {
    use base64::Engine;
    let body: String = spki_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let point = &der[der.len() - 97..];
    assert_eq!(point[0], 4);
    (
        num_bigint::BigUint::from_bytes_be(&point[1..49]),
        num_bigint::BigUint::from_bytes_be(&point[49..]),
    )
}

#[tokio::test]
async fn odd_bodies_never_cause_server_errors() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tid = api.tenant_id("odd", None).await;
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let long_key = format!("{{\"{}\": 1}}", "k".repeat(5000));
    let raw_bodies: Vec<String> = vec![
        "null".into(),
        "true".into(),
        "1".into(),
        "\"text\"".into(),
        "[]".into(),
        "{}".into(),
        deep,
        long_key,
        "{\"name\": null}".into(),
        "{\"name\": [\"a\"]}".into(),
        "{\"name\": {\"a\": 1}}".into(),
        "{\"name\": \"a\u{0000}b\"}".into(),
        "{\"name\": \"é\"}".into(),
        "{\"cell\": \"eu-1\", \"scopes\": [null], \"auth_method\": {}}".into(),
        "{\"cell\": \"eu-1\", \"scopes\": [\"documents.submissions.read\"], \"auth_method\": {\"type\": 5}}".into(),
        "{\"cell\": \"eu-1\", \"scopes\": [\"documents.submissions.read\"], \"auth_method\": {\"type\": \"RSA\", \"alg\": \"RS256\", \"kid\": \"k\", \"e\": 65537, \"n\": 123}}".into(),
        format!("{{\"cell\": \"eu-1\", \"scopes\": [\"documents.submissions.read\"], \"auth_method\": {{\"type\": \"RSA\", \"alg\": \"RS256\", \"kid\": \"k\", \"e\": 65537, \"n\": {}}}}}", "9".repeat(20000)),
        format!("{{\"cell\": \"eu-1\", \"scopes\": [\"documents.submissions.read\"], \"auth_method\": {{\"type\": \"RSA\", \"alg\": \"RS256\", \"kid\": \"k\", \"e\": {}, \"n\": {}}}}}", "7".repeat(700), "9".repeat(700)),
        "{\"cell\": \"eu-1\", \"scopes\": [\"documents.submissions.read\"], \"auth_method\": {\"type\": \"EC\", \"alg\": \"ES256\", \"kid\": \"k\", \"x\": 0, \"y\": 0}}".into(),
        format!("{{\"cell\": \"eu-1\", \"scopes\": [\"documents.submissions.read\"], \"auth_method\": {{\"type\": \"CLIENT_SECRET\"}}, \"{}\": 1}}", "z".repeat(3000)),
    ];
    for path in [
        "/tenants".to_string(),
        format!("/tenants/{tid}/applications"),
    ] {
        for body in &raw_bodies {
            let response = api
                .http
                .post(format!("{}{path}", emu.endpoint()))
                .bearer_auth(&api.token)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            assert!(
                (400..500).contains(&status),
                "{path} {:.80}: {status}",
                body
            );
            expect_error(response, status).await;
        }
    }
    // A very long id in the path still gets a short message.
    let long_id = "x".repeat(10_000);
    expect_error(api.get(&format!("/tenants/{long_id}")).await, 404).await;
    expect_error(
        api.get(&format!("/tenants/{long_id}/applications/{long_id}"))
            .await,
        404,
    )
    .await;
}

/// `max_page_size` caps how many tenants one page holds, whatever `limit` asks for; the
/// `_links.next` chain still visits every tenant once, in creation order.
#[tokio::test]
async fn a_capped_page_size_still_lists_everything_through_next_links() {
    let emu = start_with(Config {
        max_page_size: 4,
        ..Config::default()
    });
    let api = Api::new(&emu).await;
    let mut created = Vec::new();
    for i in 0..10 {
        created.push(api.tenant_id(&format!("capped{i}"), None).await);
    }
    let (mut seen, mut sizes) = (Vec::new(), Vec::new());
    let mut path = "/tenants?limit=100".to_string();
    loop {
        let page = api.get_json(&path).await;
        let items = page["items"].as_array().unwrap();
        sizes.push(items.len());
        seen.extend(items.iter().map(|t| t["id"].as_str().unwrap().to_string()));
        match page["_links"]["next"]["href"].as_str() {
            Some(next) => path = next.to_string(),
            None => break,
        }
    }
    assert_eq!(sizes, [4, 4, 2]);
    assert_eq!(seen, created);
}

/// The contract makes `cells` an optional array and `scopes` a set: null and repeats are mistakes.
#[tokio::test]
async fn null_cells_and_repeated_scopes_are_refused_naming_the_field() {
    let emu = start();
    let api = Api::new(&emu).await;
    let message = expect_error(
        api.post("/tenants", &json!({ "name": "nullcells", "cells": null }))
            .await,
        400,
    )
    .await;
    assert!(message.contains("cells"), "{message}");

    let tid = api.tenant_id("dupscopes", None).await;
    let path = format!("/tenants/{tid}/applications");
    let scope = ALL_APP_SCOPES[0];
    let body = json!({
        "cell": "eu-1",
        "scopes": [scope, scope],
        "auth_method": { "type": "CLIENT_SECRET" },
    });
    let message = expect_error(api.post(&path, &body).await, 400).await;
    assert!(
        message.contains("scopes") && message.contains(scope),
        "{message}"
    );
    let list: Value = api.get_json(&path).await;
    assert_eq!(list["items"], json!([]), "nothing was created");
    let tenants: Value = api.get_json("/tenants").await;
    let names: Vec<&str> = tenants["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["dupscopes"],
        "the null-cells tenant was not created"
    );
}

#[tokio::test]
async fn stats_count_requests_by_route_and_not_their_own_reads() {
    let emu = start();
    let api = Api::new(&emu).await;
    let id = api.tenant_id("counted", None).await;
    api.get_json(&format!("/tenants/{id}")).await;
    api.get_json(&format!("/tenants/{id}")).await;
    api.get_json("/tenants?limit=5").await;

    let stats: Value = http()
        .get(format!("{}/_emulator/stats", emu.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let requests = &stats["requests"];
    assert_eq!(requests["POST /v0/tenants"], 1, "{stats}");
    assert_eq!(requests["GET /v0/tenants/{tenant_id}"], 2, "{stats}");
    assert_eq!(requests["GET /v0/tenants"], 1, "{stats}");
    assert!(requests.get("GET /_emulator/stats").is_none(), "{stats}");
    assert_eq!(emu.stats().count("GET /v0/tenants/{tenant_id}"), 2);
}
