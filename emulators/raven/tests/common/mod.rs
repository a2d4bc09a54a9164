//! Helpers for the raven-emulator tests: starting an emulator, registering tenants and creating
//! keys over real HTTP, and checking error answers.
#![allow(dead_code)]

use raven_emulator::{spawn, Config, Emulator, Faults};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{json, Value};

pub const ALL_SCOPES: [&str; 8] = [
    "tenant:read",
    "tenant:admin",
    "memory:read",
    "memory:write",
    "users:read",
    "users:write",
    "conversations:read",
    "conversations:write",
];

pub fn start() -> Emulator {
    spawn(Config::default()).expect("the emulator starts")
}

pub fn start_faulty(faults: Faults, seed: u64) -> Emulator {
    spawn(Config {
        faults,
        fault_seed: Some(seed),
        ..Config::default()
    })
    .expect("the emulator starts")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// A request to `path` under `/api/v1`, with `key` as the bearer key when given.
pub fn request(emu: &Emulator, method: Method, path: &str, key: Option<&str>) -> RequestBuilder {
    let builder = http().request(method, format!("{}{path}", emu.api_url()));
    match key {
        Some(key) => builder.bearer_auth(key),
        None => builder,
    }
}

pub async fn send(request: RequestBuilder) -> Response {
    request.send().await.expect("a response arrives")
}

/// The JSON body of a response with this status.
pub async fn expect_json(response: Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let body: Value = response.json().await.expect("the body is JSON");
    assert_eq!(got, status, "{body}");
    body
}

/// Asserts an error answer with this status and `error` code; returns its message.
pub async fn expect_error(response: Response, status: u16, code: &str) -> String {
    let body = expect_json(response, status).await;
    assert_eq!(body["error"], code, "{body}");
    let message = body["message"].as_str().expect("a message").to_string();
    assert!(!message.is_empty(), "{body}");
    message
}

/// A registered tenant: its id and registration key.
pub struct Registered {
    pub id: String,
    pub key: String,
}

pub async fn register_with(emu: &Emulator, body: Value) -> Registered {
    let response = send(request(emu, Method::POST, "/tenants", None).json(&body)).await;
    let body = expect_json(response, 201).await;
    Registered {
        id: body["tenant_id"].as_str().unwrap().to_string(),
        key: body["api_key"].as_str().unwrap().to_string(),
    }
}

pub async fn register(emu: &Emulator, email: &str) -> Registered {
    register_with(emu, json!({ "name": "Acme AI", "email": email })).await
}

pub async fn get_tenant(emu: &Emulator, key: &str) -> Response {
    send(request(emu, Method::GET, "/tenant", Some(key))).await
}

pub async fn patch_tenant(emu: &Emulator, key: &str, body: Value) -> Response {
    send(request(emu, Method::PATCH, "/tenant", Some(key)).json(&body)).await
}

pub async fn create_key(emu: &Emulator, key: &str, name: &str, scopes: &[&str]) -> Response {
    let body = json!({ "name": name, "scopes": scopes });
    send(request(emu, Method::POST, "/api-keys", Some(key)).json(&body)).await
}

/// The `api_key` of a successful key creation.
pub async fn new_key(emu: &Emulator, key: &str, scopes: &[&str]) -> String {
    let body = expect_json(create_key(emu, key, "test key", scopes).await, 201).await;
    body["api_key"].as_str().unwrap().to_string()
}

/// A test-only endpoint, `/_emulator/<path>`.
pub async fn control(emu: &Emulator, method: Method, path: &str) -> Response {
    send(http().request(method, format!("{}/_emulator/{path}", emu.endpoint()))).await
}
