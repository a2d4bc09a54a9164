//! Helpers shared by the emulator's integration tests: starting an emulator, getting tokens over
//! real HTTP, creating tenants and applications, and signing client assertions with fixture keys.
#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use num_bigint::BigUint;
use reqwest::{Method, RequestBuilder, Response};
use resistant_emulator::{spawn, Config, Emulator, Faults};
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};

pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
pub const ALL_APP_SCOPES: [&str; 2] = ["documents.submissions.read", "documents.submissions.write"];

pub fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

/// An emulator with the default configuration plus the organization key.
pub fn start() -> Emulator {
    start_with(Config::default())
}

pub fn start_with(mut config: Config) -> Emulator {
    if config.org_public_key_pem.is_none() {
        config.org_public_key_pem = Some(fixture("org_rsa_public.pem"));
    }
    spawn(config).expect("emulator starts")
}

/// [`start`] with these faults injected from the start.
pub fn start_faulty(faults: Faults) -> Emulator {
    start_with(Config {
        faults,
        ..Config::default()
    })
}

/// A client_credentials token request with Basic authentication.
pub fn basic_request(
    url: &str,
    client_id: &str,
    secret: &str,
    scope: Option<&str>,
) -> RequestBuilder {
    let mut form = vec![("grant_type", "client_credentials".to_string())];
    if let Some(scope) = scope {
        form.push(("scope", scope.to_string()));
    }
    http()
        .post(url)
        .basic_auth(client_id, Some(secret))
        .form(&form)
}

/// POSTs a form to a token endpoint with Basic authentication.
pub async fn token_basic(
    url: &str,
    client_id: &str,
    secret: &str,
    scope: Option<&str>,
) -> Response {
    send(basic_request(url, client_id, secret, scope)).await
}

/// A private_key_jwt token request.
pub fn assertion_request(url: &str, assertion: &str, scope: Option<&str>) -> RequestBuilder {
    let mut form = vec![
        ("grant_type", "client_credentials".to_string()),
        ("client_assertion_type", JWT_BEARER.to_string()),
        ("client_assertion", assertion.to_string()),
    ];
    if let Some(scope) = scope {
        form.push(("scope", scope.to_string()));
    }
    http().post(url).form(&form)
}

/// POSTs a private_key_jwt token request.
pub async fn token_assertion(url: &str, assertion: &str, scope: Option<&str>) -> Response {
    send(assertion_request(url, assertion, scope)).await
}

/// The organization's token request (client_secret_basic) for all (or the given) scopes.
pub async fn org_token_response(emu: &Emulator, scope: Option<&str>) -> Response {
    token_basic(
        &emu.token_url(),
        &emu.org_client_id(),
        &emu.org_client_secret(),
        scope,
    )
    .await
}

/// The `access_token` of a token response (asserting 200).
pub async fn access_token(response: Response) -> String {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// An organization token with all (or the given) scopes.
pub async fn org_token(emu: &Emulator, scope: Option<&str>) -> String {
    access_token(org_token_response(emu, scope).await).await
}

/// Claims of a client assertion.
pub struct Assertion<'a> {
    pub iss: &'a str,
    pub sub: &'a str,
    pub aud: &'a str,
    pub iat: u64,
    pub exp: u64,
    pub jti: String,
    pub kid: Option<&'a str>,
}

impl<'a> Assertion<'a> {
    pub fn new(client_id: &'a str, aud: &'a str) -> Self {
        let iat = now();
        Assertion {
            iss: client_id,
            sub: client_id,
            aud,
            iat,
            exp: iat + 300,
            jti: uuid::Uuid::new_v4().to_string(),
            kid: None,
        }
    }

    /// Signs with an RSA (PKCS#1/PKCS#8) or EC (PKCS#8) private key PEM.
    pub fn sign(&self, private_pem: &str, alg: Algorithm) -> String {
        let key = match alg {
            Algorithm::RS256 => EncodingKey::from_rsa_pem(private_pem.as_bytes()).unwrap(),
            Algorithm::ES256 => EncodingKey::from_ec_pem(private_pem.as_bytes()).unwrap(),
            other => panic!("unsupported {other:?}"),
        };
        let mut header = Header::new(alg);
        header.kid = self.kid.map(str::to_string);
        let claims = json!({
            "iss": self.iss, "sub": self.sub, "aud": self.aud,
            "iat": self.iat, "exp": self.exp, "jti": self.jti,
        });
        jsonwebtoken::encode(&header, &claims, &key).unwrap()
    }
}

/// An exact JSON integer.
pub fn json_int(value: &BigUint) -> Value {
    serde_json::from_str(&value.to_string()).unwrap()
}

/// (n, e) of an RSA SPKI public key PEM.
pub fn rsa_components(spki_pem: &str) -> (BigUint, BigUint) {
    let key = rsa::RsaPublicKey::from_public_key_pem(spki_pem).unwrap();
    (
        BigUint::from_bytes_be(&key.n().to_bytes_be()),
        BigUint::from_bytes_be(&key.e().to_bytes_be()),
    )
}

/// (x, y) of an EC P-256 SPKI public key PEM.
pub fn ec_components(spki_pem: &str) -> (BigUint, BigUint) {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let key = p256::PublicKey::from_public_key_pem(spki_pem).unwrap();
    let point = key.to_encoded_point(false);
    (
        BigUint::from_bytes_be(point.x().unwrap()),
        BigUint::from_bytes_be(point.y().unwrap()),
    )
}

pub fn rsa_auth_method(spki_pem: &str, kid: &str) -> Value {
    let (n, e) = rsa_components(spki_pem);
    json!({ "type": "RSA", "alg": "RS256", "kid": kid, "e": json_int(&e), "n": json_int(&n) })
}

pub fn ec_auth_method(spki_pem: &str, kid: &str) -> Value {
    let (x, y) = ec_components(spki_pem);
    json!({ "type": "EC", "alg": "ES256", "kid": kid, "x": json_int(&x), "y": json_int(&y) })
}

/// A control-plane caller: the emulator plus an organization token.
pub struct Api {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
}

impl Api {
    pub async fn new(emu: &Emulator) -> Api {
        Api {
            base: emu.endpoint(),
            token: org_token(emu, None).await,
            http: http(),
        }
    }

    /// A request to `path` under the API's base URL, with the organization token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        send(self.request(Method::POST, path).json(body)).await
    }

    pub async fn get(&self, path: &str) -> Response {
        send(self.request(Method::GET, path)).await
    }

    /// The JSON body of a GET (whatever the status).
    pub async fn get_json(&self, path: &str) -> Value {
        self.get(path).await.json().await.unwrap()
    }

    pub async fn delete(&self, path: &str) -> Response {
        send(self.request(Method::DELETE, path)).await
    }

    /// Creates a tenant and returns its JSON (asserting 201).
    pub async fn tenant(&self, name: &str, cells: Option<&[&str]>) -> Value {
        let body = match cells {
            Some(cells) => json!({ "name": name, "cells": cells }),
            None => json!({ "name": name }),
        };
        let response = self.post("/tenants", &body).await;
        assert_eq!(response.status(), 201, "creating tenant {name}");
        response.json().await.unwrap()
    }

    /// Creates a tenant and returns its id (asserting 201).
    pub async fn tenant_id(&self, name: &str, cells: Option<&[&str]>) -> String {
        id_of(&self.tenant(name, cells).await)
    }

    /// Creates an application and returns its JSON (asserting 201).
    pub async fn application(&self, tenant_id: &str, cell: &str, auth_method: Value) -> Value {
        let body = json!({ "cell": cell, "scopes": ALL_APP_SCOPES, "auth_method": auth_method });
        let response = self
            .post(&format!("/tenants/{tenant_id}/applications"), &body)
            .await;
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }
}

/// The `id` of an API object.
fn id_of(object: &Value) -> String {
    object["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {object}"))
        .to_string()
}

/// Sends a request, panicking only when no response arrives.
pub async fn send(request: RequestBuilder) -> Response {
    request.send().await.unwrap()
}

/// Sends each request and asserts it is refused with its status and an API error body; the
/// description names the case when it is not.
pub async fn expect_refusals(cases: Vec<(&str, RequestBuilder, u16)>) {
    for (what, request, status) in cases {
        let response = send(request).await;
        assert_eq!(response.status(), status, "{what}");
        expect_error(response, status).await;
    }
}

/// Asserts an API error: the status and a non-empty `message` of at most 512 characters.
pub async fn expect_error(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("error body is JSON");
    let message = body["message"].as_str().expect("message").to_string();
    assert!(!message.is_empty() && message.len() <= 512, "{message}");
    message
}

/// Sends each token request and asserts it is refused with its status and OAuth2 `error` code; the
/// description names the case when it is not.
pub async fn expect_oauth_refusals(cases: Vec<(&str, RequestBuilder, u16, &str)>) {
    for (what, request, status, error) in cases {
        let response = send(request).await;
        assert_eq!(response.status(), status, "{what}");
        expect_oauth_error(response, status, error).await;
    }
}

/// Asserts an OAuth2 error with this status and `error` code.
pub async fn expect_oauth_error(response: reqwest::Response, status: u16, error: &str) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.expect("error body is JSON");
    assert_eq!(body["error"], error, "{body}");
    body["error_description"].as_str().unwrap_or("").to_string()
}
