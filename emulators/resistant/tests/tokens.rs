//! Token endpoints and bearer checks over real HTTP: client_secret_basic/post, private_key_jwt
//! (RS256, ES256) with every claim rule, scopes, expiry, and planes refusing each other's tokens.

mod common;

use std::time::Duration;

use common::*;
use jsonwebtoken::Algorithm;
use resistant_emulator::Config;
use serde_json::{json, Value};

#[tokio::test]
async fn org_client_secret_basic_and_post() {
    let emu = start();
    let response = org_token_response(&emu, None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(
        body["scope"],
        "tenants.read tenants.write tenants.applications.read tenants.applications.write organization.read"
    );

    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", &emu.org_client_id()),
        ("client_secret", &emu.org_client_secret()),
        ("scope", "tenants.read"),
    ];
    let response = http()
        .post(emu.token_url())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["scope"], "tenants.read");

    let (url, id, secret) = (
        emu.token_url(),
        emu.org_client_id(),
        emu.org_client_secret(),
    );
    let with_org_basic = || http().post(&url).basic_auth(&id, Some(&secret));
    expect_oauth_refusals(vec![
        (
            "wrong secret",
            basic_request(&url, &id, "wrong", None),
            401,
            "invalid_client",
        ),
        (
            "unknown client",
            basic_request(&url, "someone", &secret, None),
            401,
            "invalid_client",
        ),
        (
            "a data-plane scope",
            basic_request(&url, &id, &secret, Some("tenants.read submissions.read")),
            400,
            "invalid_scope",
        ),
        (
            "no client authentication at all",
            http()
                .post(&url)
                .form(&[("grant_type", "client_credentials")]),
            401,
            "invalid_client",
        ),
        (
            "grant type missing",
            with_org_basic().form(&[("scope", "tenants.read")]),
            400,
            "invalid_request",
        ),
        (
            "grant type unsupported",
            with_org_basic().form(&[("grant_type", "password")]),
            400,
            "unsupported_grant_type",
        ),
        (
            "JSON instead of a form",
            with_org_basic().json(&json!({ "grant_type": "client_credentials" })),
            400,
            "invalid_request",
        ),
    ])
    .await;
    // Unknown authorization server.
    let response = http()
        .post(format!(
            "{}/oauth2/documents-mars-1/v1/token",
            emu.base_url()
        ))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let stats = emu.stats();
    assert!(stats.org_token_requests >= 8, "{stats:?}");
    assert_eq!(
        stats.documents_token_requests, 0,
        "unknown servers are not counted"
    );
}

#[tokio::test]
async fn org_private_key_jwt_rs256_claims() {
    let emu = start();
    let url = emu.token_url();
    let id = emu.org_client_id();
    let key = fixture("org_rsa_pkcs1.pem");
    let good = Assertion::new(&id, &url);
    let response = token_assertion(
        &url,
        &good.sign(&key, Algorithm::RS256),
        Some("tenants.read"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["scope"], "tenants.read");

    // Replaying the same assertion (same jti) is refused.
    let replay = token_assertion(&url, &good.sign(&key, Algorithm::RS256), None).await;
    expect_oauth_error(replay, 401, "invalid_client").await;

    let now = now();
    let bad: Vec<(&str, Assertion)> = vec![
        (
            "wrong aud",
            Assertion {
                aud: "http://elsewhere/token",
                ..Assertion::new(&id, &url)
            },
        ),
        (
            "iss is not the client",
            Assertion {
                iss: "other",
                ..Assertion::new(&id, &url)
            },
        ),
        (
            "sub is not the client",
            Assertion {
                sub: "other",
                ..Assertion::new(&id, &url)
            },
        ),
        (
            "expired",
            Assertion {
                iat: now - 7200,
                exp: now - 3600,
                ..Assertion::new(&id, &url)
            },
        ),
        (
            "lives over 60 min",
            Assertion {
                iat: now,
                exp: now + 3601,
                ..Assertion::new(&id, &url)
            },
        ),
        (
            "iat in the future",
            Assertion {
                iat: now + 600,
                exp: now + 900,
                ..Assertion::new(&id, &url)
            },
        ),
        (
            "empty jti",
            Assertion {
                jti: String::new(),
                ..Assertion::new(&id, &url)
            },
        ),
    ];
    for (what, assertion) in bad {
        let response = token_assertion(&url, &assertion.sign(&key, Algorithm::RS256), None).await;
        assert_eq!(response.status(), 401, "{what}");
        expect_oauth_error(response, 401, "invalid_client").await;
    }
    // Signed with another key.
    let other = Assertion::new(&id, &url).sign(&fixture("rsa2048_pkcs1.pem"), Algorithm::RS256);
    expect_oauth_error(
        token_assertion(&url, &other, None).await,
        401,
        "invalid_client",
    )
    .await;
    // Garbage assertion and a wrong assertion type.
    expect_oauth_error(
        token_assertion(&url, "not.a.jwt", None).await,
        401,
        "invalid_client",
    )
    .await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_assertion_type", "urn:example:other"),
        ("client_assertion", "x.y.z"),
    ];
    let response = http().post(&url).form(&form).send().await.unwrap();
    expect_oauth_error(response, 400, "invalid_request").await;
}

#[tokio::test]
async fn audience_follows_the_host_the_client_used() {
    let emu = start();
    let id = emu.org_client_id();
    let host = format!("emulator.test:{}", emu.addr().port());
    let seen_url = format!("http://{host}/oauth2/tenants/v1/token");
    let key = fixture("org_rsa_pkcs1.pem");
    let send = |assertion: String| {
        http()
            .post(emu.token_url())
            .header("host", host.clone())
            .form(&[
                ("grant_type", "client_credentials".to_string()),
                ("client_assertion_type", JWT_BEARER.to_string()),
                ("client_assertion", assertion),
            ])
            .send()
    };
    let ok = send(Assertion::new(&id, &seen_url).sign(&key, Algorithm::RS256))
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let token_url = emu.token_url();
    let wrong = send(Assertion::new(&id, &token_url).sign(&key, Algorithm::RS256))
        .await
        .unwrap();
    expect_oauth_error(wrong, 401, "invalid_client").await;
}

#[tokio::test]
async fn org_private_key_jwt_es256() {
    let emu = start_with(Config {
        org_public_key_pem: Some(fixture("ec_p256_public.pem")),
        ..Config::default()
    });
    let url = emu.token_url();
    let id = emu.org_client_id();
    let signed = Assertion::new(&id, &url).sign(&fixture("ec_p256_pkcs8.pem"), Algorithm::ES256);
    assert_eq!(token_assertion(&url, &signed, None).await.status(), 200);
    // An RS256 assertion cannot pass for an EC key.
    let rsa = Assertion::new(&id, &url).sign(&fixture("org_rsa_pkcs1.pem"), Algorithm::RS256);
    expect_oauth_error(
        token_assertion(&url, &rsa, None).await,
        401,
        "invalid_client",
    )
    .await;
}

#[tokio::test]
async fn org_without_key_refuses_assertions() {
    let emu = resistant_emulator::spawn(Config::default()).unwrap();
    let url = emu.token_url();
    let id = emu.org_client_id();
    let signed = Assertion::new(&id, &url).sign(&fixture("org_rsa_pkcs1.pem"), Algorithm::RS256);
    expect_oauth_error(
        token_assertion(&url, &signed, None).await,
        401,
        "invalid_client",
    )
    .await;
    // A generated secret is long and works.
    assert!(emu.org_client_secret().len() >= 32);
    org_token(&emu, None).await;
}

#[tokio::test]
async fn control_plane_scopes_and_bearer_errors() {
    let emu = start();
    let base = emu.endpoint();
    let read_only = org_token(&emu, Some("tenants.read")).await;
    let client = http();
    let response = client
        .get(format!("{base}/tenants"))
        .bearer_auth(&read_only)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let tenants = format!("{base}/tenants");
    expect_refusals(vec![
        (
            "a read-only token creating a tenant",
            client
                .post(&tenants)
                .bearer_auth(&read_only)
                .json(&json!({ "name": "nope" })),
            403,
        ),
        (
            "a read-only token reading applications",
            client
                .get(format!("{base}/tenants/x/applications"))
                .bearer_auth(&read_only),
            403,
        ),
    ])
    .await;

    // Missing, malformed and unknown tokens → 401 with WWW-Authenticate.
    let response = send(client.get(&tenants)).await;
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    expect_error(response, 401).await;
    expect_refusals(vec![
        (
            "a Basic authorization",
            client.get(&tenants).header("authorization", "Basic abc"),
            401,
        ),
        (
            "an unknown token",
            client.get(&tenants).bearer_auth("made-up"),
            401,
        ),
        (
            "no token, and a bad body: 401 comes before body checks",
            client.post(&tenants).body("junk"),
            401,
        ),
    ])
    .await;
}

#[tokio::test]
async fn tokens_expire() {
    let emu = start_with(Config {
        token_ttl: Duration::from_secs(1),
        ..Config::default()
    });
    let response = org_token_response(&emu, None).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["expires_in"], 1);
    let token = body["access_token"].as_str().unwrap().to_string();
    let url = format!("{}/tenants", emu.endpoint());
    assert_eq!(
        http()
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    tokio::time::sleep(Duration::from_millis(1300)).await;
    expect_error(
        http().get(&url).bearer_auth(&token).send().await.unwrap(),
        401,
    )
    .await;
}

#[tokio::test]
async fn application_tokens() {
    let emu = start();
    let api = Api::new(&emu).await;
    let tid = api.tenant_id("apptok", Some(&["eu-1", "us-1"])).await;

    // CLIENT_SECRET application with read only.
    let body = json!({
        "cell": "us-1",
        "scopes": ["documents.submissions.read"],
        "auth_method": { "type": "CLIENT_SECRET" },
    });
    let app: Value = api
        .post(&format!("/tenants/{tid}/applications"), &body)
        .await
        .json()
        .await
        .unwrap();
    let client_id = app["client_id"].as_str().unwrap();
    let secret = app["credentials"]["client_secret"].as_str().unwrap();
    let url = app["_links"]["token_url"].as_str().unwrap();
    let response = token_basic(url, client_id, secret, None).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["scope"], "submissions.read");
    let app_token = body["access_token"].as_str().unwrap().to_string();
    let eu_url = emu.documents_token_url("eu-1");
    let org_url = emu.token_url();
    let (org_id, org_secret) = (emu.org_client_id(), emu.org_client_secret());
    expect_oauth_refusals(vec![
        (
            "a scope the application lacks",
            basic_request(url, client_id, secret, Some("submissions.write")),
            400,
            "invalid_scope",
        ),
        (
            "a wrong secret",
            basic_request(url, client_id, "wrong", None),
            401,
            "invalid_client",
        ),
        (
            "another cell's auth server does not know the application",
            basic_request(&eu_url, client_id, secret, None),
            401,
            "invalid_client",
        ),
        (
            "the organization's endpoint does not either",
            basic_request(&org_url, client_id, secret, None),
            401,
            "invalid_client",
        ),
        (
            "the organization's credentials are unknown to a Documents auth server",
            basic_request(url, &org_id, &org_secret, None),
            401,
            "invalid_client",
        ),
    ])
    .await;
    // Application tokens are refused on the control plane.
    let response = http()
        .get(format!("{}/tenants", emu.endpoint()))
        .bearer_auth(&app_token)
        .send()
        .await
        .unwrap();
    expect_error(response, 401).await;

    // RSA application: assertions signed with the registered key, kid checked when present.
    let rsa = api
        .application(
            &tid,
            "eu-1",
            rsa_auth_method(&fixture("rsa2048_public_spki.pem"), "rsa-1"),
        )
        .await;
    let rsa_id = rsa["client_id"].as_str().unwrap();
    let rsa_url = rsa["_links"]["token_url"].as_str().unwrap();
    let key = fixture("rsa2048_pkcs8.pem");
    let with_kid = Assertion {
        kid: Some("rsa-1"),
        ..Assertion::new(rsa_id, rsa_url)
    };
    let response = token_assertion(
        rsa_url,
        &with_kid.sign(&key, Algorithm::RS256),
        Some("submissions.write"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let no_kid = Assertion::new(rsa_id, rsa_url);
    assert_eq!(
        token_assertion(rsa_url, &no_kid.sign(&key, Algorithm::RS256), None)
            .await
            .status(),
        200
    );
    let wrong_kid = Assertion {
        kid: Some("rsa-2"),
        ..Assertion::new(rsa_id, rsa_url)
    }
    .sign(&key, Algorithm::RS256);
    let other_key =
        Assertion::new(rsa_id, rsa_url).sign(&fixture("rsa2048b_pkcs1.pem"), Algorithm::RS256);
    expect_oauth_refusals(vec![
        (
            "a kid that is not the application's",
            assertion_request(rsa_url, &wrong_kid, None),
            401,
            "invalid_client",
        ),
        (
            "signed with another key",
            assertion_request(rsa_url, &other_key, None),
            401,
            "invalid_client",
        ),
        (
            "a secret for a key-based application",
            basic_request(rsa_url, rsa_id, "guess", None),
            401,
            "invalid_client",
        ),
    ])
    .await;

    // EC application.
    let ec = api
        .application(
            &tid,
            "eu-1",
            ec_auth_method(&fixture("ec_p256_public.pem"), "ec-1"),
        )
        .await;
    let ec_id = ec["client_id"].as_str().unwrap();
    let ec_url = ec["_links"]["token_url"].as_str().unwrap();
    let signed = Assertion {
        kid: Some("ec-1"),
        ..Assertion::new(ec_id, ec_url)
    }
    .sign(&fixture("ec_p256_pkcs8.pem"), Algorithm::ES256);
    assert_eq!(token_assertion(ec_url, &signed, None).await.status(), 200);

    // A deleted application can no longer get tokens.
    let path = format!(
        "/tenants/{tid}/applications/{}",
        rsa["id"].as_str().unwrap()
    );
    assert_eq!(api.delete(&path).await.status(), 204);
    let again = Assertion::new(rsa_id, rsa_url).sign(&key, Algorithm::RS256);
    expect_oauth_error(
        token_assertion(rsa_url, &again, None).await,
        401,
        "invalid_client",
    )
    .await;
}
