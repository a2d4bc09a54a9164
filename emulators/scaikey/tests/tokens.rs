//! Tokens and scopes over real HTTP: the client-credentials grant with HTTP Basic, HS256 JWTs
//! with `expires_in`, refusals of bad credentials and requests, 401 for missing, forged or expired
//! tokens, and 403 naming the scope a token lacks.

mod common;

use std::time::Duration;

use base64::Engine;
use common::*;
use reqwest::Method;
use scaikey_emulator::{spawn, Config};
use serde_json::{json, Value};

fn jwt_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).expect("three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn the_client_gets_an_hs256_jwt_with_both_scopes_by_default() {
    let emu = start();
    let request = token_request(&emu, &emu.client_id(), &emu.client_secret(), None);
    let response = send(request).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = expect_json(response, 200).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(jwt_part(token, 0)["alg"], "HS256");
    let claims = jwt_part(token, 1);
    assert_eq!(claims["scope"], "tenants:read tenants:write");
    assert_eq!(claims["sub"], emu.client_id());
    let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
    assert_eq!(lifetime, 3600);
}

#[tokio::test]
async fn form_encoded_basic_credentials_are_accepted_as_rfc_6749_asks() {
    let emu = spawn(Config {
        client_id: "admin client".to_string(),
        client_secret: "p@ss+word:1".to_string(),
        ..Config::default()
    })
    .unwrap();
    let raw = token_request(&emu, "admin client", "p@ss+word:1", None);
    assert_eq!(send(raw).await.status(), 200);
    let encoded = token_request(&emu, "admin+client", "p%40ss%2Bword%3A1", None);
    assert_eq!(send(encoded).await.status(), 200);
    let wrong = token_request(&emu, "admin+client", "p%40ss%2Bword%3A2", None);
    assert_eq!(send(wrong).await.status(), 401);
}

#[tokio::test]
async fn bad_token_requests_are_refused_with_a_detail() {
    let emu = start();
    let (id, secret) = (emu.client_id(), emu.client_secret());
    let form = |pairs: &[(&str, &str)]| {
        http()
            .post(emu.token_url())
            .basic_auth(&id, Some(&secret))
            .form(pairs)
    };
    let cases = [
        ("wrong secret", token_request(&emu, &id, "wrong", None), 401),
        (
            "unknown client",
            token_request(&emu, "someone", &secret, None),
            401,
        ),
        (
            "credentials in the form only",
            http().post(emu.token_url()).form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id.as_str()),
                ("client_secret", secret.as_str()),
            ]),
            401,
        ),
        ("no grant type", form(&[]), 400),
        ("password grant", form(&[("grant_type", "password")]), 400),
        (
            "unknown scope",
            form(&[
                ("grant_type", "client_credentials"),
                ("scope", "tenants:read admin"),
            ]),
            400,
        ),
        (
            "repeated grant type",
            form(&[
                ("grant_type", "client_credentials"),
                ("grant_type", "client_credentials"),
            ]),
            400,
        ),
        (
            "a JSON body",
            http()
                .post(emu.token_url())
                .basic_auth(&id, Some(&secret))
                .json(&json!({ "grant_type": "client_credentials" })),
            415,
        ),
    ];
    for (what, request, status) in cases {
        let response = send(request).await;
        if status == 401 {
            assert_eq!(response.headers()["www-authenticate"], "Basic", "{what}");
        }
        let detail = expect_detail(response, status).await;
        assert!(!detail.contains(&secret), "{what}: {detail}");
    }
}

#[tokio::test]
async fn tenants_endpoints_refuse_missing_malformed_and_forged_tokens() {
    let emu = start();
    let other = start();
    let foreign = token(&other, None).await;
    let real = token(&emu, None).await;
    // Change a signature character that carries no padding bits.
    let mut tampered: Vec<char> = real.chars().collect();
    let at = tampered.len() - 5;
    tampered[at] = if tampered[at] == 'A' { 'B' } else { 'A' };
    let tampered: String = tampered.into_iter().collect();
    let url = emu.tenants_url();
    let cases = [
        ("no header", http().get(&url)),
        (
            "basic scheme",
            http()
                .get(&url)
                .basic_auth(emu.client_id(), Some(emu.client_secret())),
        ),
        ("not a jwt", http().get(&url).bearer_auth("opaque")),
        (
            "another server's token",
            http().get(&url).bearer_auth(&foreign),
        ),
        (
            "a tampered signature",
            http().get(&url).bearer_auth(&tampered),
        ),
        (
            "the client secret",
            http().get(&url).bearer_auth(emu.client_secret()),
        ),
        (
            "a create without a token",
            http().post(&url).json(&json!({ "name": "A", "slug": "a" })),
        ),
    ];
    for (what, request) in cases {
        let response = send(request).await;
        assert_eq!(response.headers()["www-authenticate"], "Bearer", "{what}");
        expect_detail(response, 401).await;
    }
    assert_eq!(
        send(http().get(&url).bearer_auth(&real)).await.status(),
        200
    );
    assert_eq!(emu.stats().count("GET /api/v1/admin/tenants/"), 7);
    assert_eq!(emu.stats().count("POST /api/v1/admin/tenants/"), 1);
}

#[tokio::test]
async fn a_token_without_the_scope_gets_a_403_naming_it() {
    let emu = start();
    let writer = Api::new(&emu).await;
    let tenant = writer.tenant("Scoped", "scoped").await;
    let reader = Api::with_scope(&emu, Some("tenants:read")).await;
    assert_eq!(reader.get(&id(&tenant)).await.status(), 200);
    assert_eq!(reader.list("").await.status(), 200);
    for response in [
        reader.create(json!({ "name": "B", "slug": "b" })).await,
        reader.patch(&id(&tenant), json!({ "name": "B" })).await,
        reader.delete(&id(&tenant)).await,
    ] {
        let detail = expect_detail(response, 403).await;
        assert!(detail.contains("tenants:write"), "{detail}");
    }
    let write_only = Api::with_scope(&emu, Some("tenants:write")).await;
    let detail = expect_detail(write_only.get(&id(&tenant)).await, 403).await;
    assert!(detail.contains("tenants:read"), "{detail}");
    assert_eq!(
        send(write_only.request(Method::GET, "/")).await.status(),
        403
    );
    assert_eq!(
        expect_json(writer.get(&id(&tenant)).await, 200).await,
        tenant
    );
}

#[tokio::test]
async fn a_token_stops_working_when_it_expires() {
    let emu = spawn(Config {
        token_ttl: Duration::from_secs(1),
        ..Config::default()
    })
    .unwrap();
    let request = token_request(&emu, &emu.client_id(), &emu.client_secret(), None);
    assert_eq!(expect_json(send(request).await, 200).await["expires_in"], 1);
    let api = Api::new(&emu).await;
    assert_eq!(api.list("").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let detail = expect_detail(api.list("").await, 401).await;
    assert!(detail.contains("expired"), "{detail}");
    let fresh = Api::new(&emu).await;
    assert_eq!(fresh.list("").await.status(), 200);
}
