//! Generated requests against a running emulator over real HTTP: random methods, paths, query
//! strings, headers and bodies (JSON that is almost right, wrong types, huge numbers, deep nesting,
//! random bytes, forms and assertions for the token endpoints), plus a few malformed HTTP messages
//! on a raw socket. The emulator never answers 5xx (no faults are injected), and every refusal
//! carries a JSON message.
//!
//! The sequence comes from a seed: `EMULATOR_FUZZ_SEED=N` replays one (it is printed), and
//! `EMULATOR_FUZZ_REQUESTS=20000` makes a long run.

mod common;

use std::io::{Read, Write};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use common::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde_json::{json, Value};

const DEFAULT_SEED: u64 = 15;
const DEFAULT_REQUESTS: usize = 600;
/// Bodies above this size may go unanswered when the server refuses them before reading them.
const LARGE_BODY: usize = 256 * 1024;

/// Ids and credentials that make a generated request reach deeper than the first check.
struct Known {
    base: String,
    org_token: String,
    data_token: String,
    tenant_id: String,
    app_id: String,
    client_id: String,
    secret: String,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|text| {
            text.parse()
                .unwrap_or_else(|_| panic!("{name} is a number"))
        })
        .unwrap_or(default)
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items.choose(rng).copied().expect("non-empty")
}

/// Random bytes, percent-encoded, so any octet can reach the router.
fn encoded_bytes(rng: &mut StdRng, max: usize) -> String {
    let len = rng.gen_range(0..=max);
    (0..len)
        .map(|_| format!("%{:02X}", rng.gen::<u8>()))
        .collect()
}

fn segment(rng: &mut StdRng, known: &Known) -> String {
    match rng.gen_range(0..9) {
        0 => known.tenant_id.clone(),
        1 => known.app_id.clone(),
        2 => encoded_bytes(rng, 6),
        3 => "x".repeat(rng.gen_range(1..5000)),
        4 => pick(rng, &["eu-1", "us-1", "zz-9", "tenants", "default"]).to_string(),
        5 => "%C3%A9%E2%82%AC".to_string(),
        6 => "..".to_string(),
        7 => format!("{}%00", known.tenant_id),
        _ => "ten_0000000000000000".to_string(),
    }
}

fn path(rng: &mut StdRng, known: &Known) -> String {
    let x = segment(rng, known);
    let y = segment(rng, known);
    let cell = pick(rng, &["eu-1", "us-1", "ap-3", "nowhere"]).to_string();
    let cell = if rng.gen_bool(0.2) { x.clone() } else { cell };
    match rng.gen_range(0..14) {
        0 | 1 => "/v0/tenants".to_string(),
        2 => format!("/v0/tenants/{x}"),
        3 | 4 => format!("/v0/tenants/{}/applications", known.tenant_id),
        5 => format!("/v0/tenants/{x}/applications/{y}"),
        6 => format!("/oauth2/{x}/v1/token"),
        7 => "/oauth2/tenants/v1/token".to_string(),
        8 => format!("/oauth2/{cell}/v1/token"),
        9 => format!("/documents/{cell}/v2/submission"),
        10 => format!("/documents/{cell}/v2/submission/{x}/fraud"),
        11 => format!("/documents/{cell}/v2/upload/{x}"),
        12 => "/_emulator/stats".to_string(),
        _ => format!("/{x}/{y}//{}", encoded_bytes(rng, 3)),
    }
}

fn query(rng: &mut StdRng) -> String {
    let parts = [
        "limit=abc",
        "limit=-1",
        "limit=0",
        "limit=99999999999999999999999",
        "limit=1&limit=2",
        "after=%FF%FE",
        "after=ten_zzzz",
        "name=%00",
        "&&==&",
        "cell=eu-1",
        "limit=1e3",
        "%ZZ=%",
    ];
    match rng.gen_range(0..4) {
        0 => String::new(),
        1 => format!("?{}", encoded_bytes(rng, 8)),
        _ => {
            let n = rng.gen_range(1..4);
            let chosen: Vec<&str> = (0..n).map(|_| pick(rng, &parts)).collect();
            format!("?{}", chosen.join("&"))
        }
    }
}

/// A value of a type the field probably does not expect.
fn odd_value(rng: &mut StdRng) -> Value {
    match rng.gen_range(0..11) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => serde_json::from_str("1e999999").expect("arbitrary precision"),
        4 => serde_json::from_str(&"9".repeat(700)).expect("arbitrary precision"),
        5 => json!(""),
        6 => json!("x".repeat(rng.gen_range(1..100_000))),
        7 => json!([]),
        8 => json!({}),
        9 => json!(["eu-1", "eu-1", 5, null]),
        _ => json!({"type": "RSA", "alg": "RS256", "kid": "k", "n": 0, "e": 1}),
    }
}

/// A JSON body shaped like a real request, with some fields replaced, removed or added.
fn json_body(rng: &mut StdRng) -> Value {
    let mut body = match rng.gen_range(0..4) {
        0 => json!({"name": "fuzzed", "cells": ["eu-1"]}),
        1 => json!({"cell": "eu-1", "scopes": ["documents.submissions.read"]}),
        2 => json!({"cell": "eu-1", "scopes": ["documents.submissions.read"],
                    "auth_method": {"type": "EC", "alg": "ES256", "kid": "k", "x": 1, "y": 2}}),
        _ => json!({"cell": "eu-1", "scopes": ["documents.submissions.write"],
                    "auth_method": {"type": "RSA", "alg": "RS256", "kid": "k",
                                    "n": serde_json::from_str::<Value>(&"7".repeat(600)).unwrap(),
                                    "e": 65537}}),
    };
    let fields = [
        "name",
        "cells",
        "cell",
        "scopes",
        "auth_method",
        "extra",
        "type",
    ];
    for _ in 0..rng.gen_range(0..3) {
        let field = pick(rng, &fields).to_string();
        let map = body.as_object_mut().expect("object");
        match rng.gen_range(0..3) {
            0 => drop(map.remove(&field)),
            1 => drop(map.insert(field, odd_value(rng))),
            _ => {
                if let Some(Value::Object(auth)) = map.get_mut("auth_method") {
                    let key = pick(rng, &["type", "alg", "kid", "n", "e", "x", "y", "crv"]);
                    auth.insert(key.to_string(), odd_value(rng));
                }
            }
        }
    }
    body
}

/// A token request form, often with a client assertion that is almost a JWT.
fn form_body(rng: &mut StdRng, known: &Known) -> String {
    let header = json!({"alg": pick(rng, &["RS256", "ES256", "none", "HS256", ""]),
                        "kid": odd_value(rng)});
    let claims = json!({"iss": known.client_id, "sub": odd_value(rng), "aud": odd_value(rng),
                        "exp": odd_value(rng), "iat": 1, "jti": "j"});
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    let assertion = match rng.gen_range(0..4) {
        0 => format!(
            "{}.{}.{}",
            part(&header),
            part(&claims),
            encoded_bytes(rng, 4)
        ),
        1 => "a.b.c".to_string(),
        2 => format!("{}..", part(&header)),
        _ => "x".repeat(rng.gen_range(0..20_000)),
    };
    let mut pairs = vec![
        (
            "grant_type",
            pick(rng, &["client_credentials", "password", "", "%FF"]).to_string(),
        ),
        (
            "scope",
            pick(rng, &["", "tenants.read", "a b c", "%00"]).to_string(),
        ),
    ];
    if rng.gen_bool(0.6) {
        pairs.push((
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
        ));
        pairs.push(("client_assertion", assertion));
    }
    if rng.gen_bool(0.3) {
        pairs.push(("client_id", known.client_id.clone()));
        pairs.push(("client_secret", encoded_bytes(rng, 4)));
    }
    let mut text = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &pairs {
        text.append_pair(key, value);
    }
    let mut text = text.finish();
    if rng.gen_bool(0.2) {
        text.push_str("&=&%ZZ&grant_type");
    }
    text
}

fn authorization(rng: &mut StdRng, known: &Known) -> Option<Vec<u8>> {
    let basic = |user: &str, password: &str| {
        format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
    };
    Some(match rng.gen_range(0..10) {
        0 => return None,
        1 | 2 => format!("Bearer {}", known.org_token).into_bytes(),
        3 => format!("Bearer {}", known.data_token).into_bytes(),
        4 => format!("Bearer {}x", known.org_token).into_bytes(),
        5 => basic(&known.client_id, &known.secret).into_bytes(),
        6 => b"Basic !!!not-base64".to_vec(),
        7 => {
            let mut value = b"Basic ".to_vec();
            value.extend(STANDARD.encode([0xff, 0xfe, b':', 0x80]).bytes());
            value
        }
        8 => vec![b'B', b'e', b'a', b'r', b'e', b'r', b' ', 0xff, 0x80, b'a'],
        _ => format!("Bearer {}", "a.".repeat(rng.gen_range(1..3000))).into_bytes(),
    })
}

/// One generated request, described for the failure message.
async fn send_one(rng: &mut StdRng, known: &Known, http: &reqwest::Client) -> Result<(), String> {
    let method = match rng.gen_range(0..10) {
        0..=2 => Method::GET,
        3..=5 => Method::POST,
        6 => Method::DELETE,
        7 => Method::PUT,
        8 => Method::PATCH,
        _ => Method::from_bytes(pick(rng, &["HEAD", "OPTIONS", "FUZZ", "TRACE"]).as_bytes())
            .expect("method"),
    };
    let target = format!("{}{}{}", path(rng, known), query(rng), "");
    let url = format!("{}{target}", known.base);
    let mut request = http.request(method.clone(), &url);
    let mut shown = format!("{method} {target}");
    if let Some(value) = authorization(rng, known) {
        let value = HeaderValue::from_bytes(&value).expect("header value");
        request = request.header("authorization", value);
    }
    let content_type = pick(
        rng,
        &[
            "application/json",
            "application/json; charset=utf-8",
            "application/merge-patch+json",
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/json; charset",
            ";;;",
            "",
        ],
    );
    if rng.gen_bool(0.85) {
        request = request.header("content-type", content_type);
        shown += &format!(" [content-type: {content_type}]");
    }
    if rng.gen_bool(0.2) {
        let name = pick(
            rng,
            &[
                "accept",
                "x-forwarded-for",
                "accept-encoding",
                "x-fuzz",
                "range",
            ],
        );
        let value = HeaderValue::from_bytes(&[b'a', 0x80, b';', b'=', 0xff]).expect("obs-text");
        request = request.header(HeaderName::from_static(name), value);
    }
    let body: Vec<u8> = match rng.gen_range(0..9) {
        0 => Vec::new(),
        1..=3 => json_body(rng).to_string().into_bytes(),
        4 => form_body(rng, known).into_bytes(),
        5 => (0..rng.gen_range(0..300)).map(|_| rng.gen()).collect(),
        6 => {
            let text = json_body(rng).to_string();
            let cut = rng.gen_range(0..text.len());
            text.as_bytes()[..cut].to_vec()
        }
        7 => {
            let depth = rng.gen_range(100..20_000);
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
        }
        _ => format!(
            "{{\"name\": \"{}\"}}",
            "a".repeat(rng.gen_range(60..1_100_000))
        )
        .into_bytes(),
    };
    shown += &format!(
        " body {} bytes: {:?}",
        body.len(),
        String::from_utf8_lossy(&body[..body.len().min(160)])
    );
    let large = body.len() > LARGE_BODY;
    let response = match request.body(body).send().await {
        Ok(response) => response,
        // A server may answer a route that takes no body (or a 413) before reading a large body,
        // then close; the unread bytes make TCP reset the connection, and the answer can be lost.
        Err(_) if large => return Ok(()),
        Err(e) => return Err(format!("{shown}: no response: {e}")),
    };
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if status.is_server_error() {
        return Err(format!("{shown} -> {status}: {text}"));
    }
    if (status.is_client_error()) && method != Method::HEAD {
        let parsed: Result<Value, _> = serde_json::from_str(&text);
        let message = parsed
            .ok()
            .and_then(|v| v.get("message").or(v.get("error")).cloned());
        if message.is_none() {
            return Err(format!(
                "{shown} -> {status} without a JSON message: {text:?}"
            ));
        }
    }
    Ok(())
}

async fn known(emu: &resistant_emulator::Emulator) -> Known {
    let api = Api::new(emu).await;
    let tenant_id = api.tenant_id("fuzzed0", Some(&["eu-1", "us-1"])).await;
    let created = api
        .application(&tenant_id, "eu-1", json!({"type": "CLIENT_SECRET"}))
        .await;
    let client_id = created["client_id"]
        .as_str()
        .expect("client_id")
        .to_string();
    let secret = created["credentials"]["client_secret"]
        .as_str()
        .expect("secret")
        .to_string();
    let data_token = access_token(
        token_basic(&emu.documents_token_url("eu-1"), &client_id, &secret, None).await,
    )
    .await;
    Known {
        base: emu.base_url(),
        org_token: api.token.clone(),
        data_token,
        tenant_id,
        app_id: created["id"].as_str().expect("id").to_string(),
        client_id,
        secret,
    }
}

#[tokio::test]
async fn generated_requests_never_get_a_server_error() {
    let seed = env_number("EMULATOR_FUZZ_SEED", DEFAULT_SEED);
    let count = env_number("EMULATOR_FUZZ_REQUESTS", DEFAULT_REQUESTS as u64);
    println!("emulator request fuzzing: seed {seed}, {count} requests");
    let emu = start();
    let known = known(&emu).await;
    // A fresh connection per request: one answered before its body was read is closed by the
    // server, and must not take the next request down with it.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("client");
    let mut rng = StdRng::seed_from_u64(seed);
    let mut failures = Vec::new();
    for n in 0..count {
        if let Err(failure) = send_one(&mut rng, &known, &http).await {
            failures.push(format!("request {n}: {failure}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} requests failed (replay with EMULATOR_FUZZ_SEED={seed} \
         EMULATOR_FUZZ_REQUESTS={count}):\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.chars().take(600).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The emulator still works after all that.
    let api = Api::new(&emu).await;
    assert_eq!(api.get("/tenants").await.status(), 200);
    let created = api.tenant("fuzzedafter", None).await;
    assert_eq!(created["name"], "fuzzedafter");
}

/// Writes raw bytes to the emulator and reads the status line of the answer (if any).
fn raw_status(emu: &resistant_emulator::Emulator, request: &[u8]) -> Option<u16> {
    let mut stream = std::net::TcpStream::connect(emu.addr()).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .expect("timeout");
    stream.write_all(request).expect("write");
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

#[test]
fn malformed_http_messages_never_get_a_server_error() {
    let emu = start();
    let cases: &[&[u8]] = &[
        b"GET /v0/tenants HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        b"POST /v0/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\"",
        b"POST /v0/tenants HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        b"POST /oauth2/tenants/v1/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\ngrant\r\n",
        b"GET /v0/tenants HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n",
        b"GET /v0/ten\xffants HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /v0/tenants?limit=%FF HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\n\r\n",
        b"\x16\x03\x01\x00\x05hello",
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /v0/tenants HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}{}{}",
    ];
    for request in cases {
        if let Some(status) = raw_status(&emu, request) {
            assert!(
                status < 500,
                "{:?} got {status}",
                String::from_utf8_lossy(request)
            );
        }
    }
}

#[tokio::test]
async fn a_path_segment_that_is_not_utf8_is_refused_with_a_json_400() {
    let emu = start();
    let api = Api::new(&emu).await;
    for path in ["/tenants/%FF", "/tenants/ten_1/applications/%C3%28"] {
        let response = api.get(path).await;
        let message = expect_error(response, 400).await;
        assert!(message.contains("path is malformed"), "{path}: {message}");
    }
}
