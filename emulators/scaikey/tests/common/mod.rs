//! Helpers for the scaikey-emulator tests: starting an emulator, getting tokens over real HTTP,
//! calling the tenants endpoints and checking `{"detail"}` and 422 answers.
#![allow(dead_code)]

use reqwest::{Method, RequestBuilder, Response};
use scaikey_emulator::{spawn, Config, Emulator, Faults};
use serde_json::{json, Value};

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

pub async fn send(request: RequestBuilder) -> Response {
    request.send().await.expect("a response arrives")
}

/// A token request with HTTP Basic credentials and an optional scope.
pub fn token_request(
    emu: &Emulator,
    id: &str,
    secret: &str,
    scope: Option<&str>,
) -> RequestBuilder {
    let mut form = vec![("grant_type", "client_credentials")];
    if let Some(scope) = scope {
        form.push(("scope", scope));
    }
    http()
        .post(emu.token_url())
        .basic_auth(id, Some(secret))
        .form(&form)
}

/// An access token for the emulator's client (all scopes, or the given ones).
pub async fn token(emu: &Emulator, scope: Option<&str>) -> String {
    let request = token_request(emu, &emu.client_id(), &emu.client_secret(), scope);
    let body = expect_json(send(request).await, 200).await;
    body["access_token"].as_str().unwrap().to_string()
}

/// The JSON body of a response with this status.
pub async fn expect_json(response: Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let body: Value = response.json().await.expect("the body is JSON");
    assert_eq!(got, status, "{body}");
    body
}

/// Asserts `{"detail": "<text>"}` with this status; returns the text.
pub async fn expect_detail(response: Response, status: u16) -> String {
    let body = expect_json(response, status).await;
    let detail = body["detail"]
        .as_str()
        .unwrap_or_else(|| panic!("no detail text in {body}"));
    assert!(!detail.is_empty());
    detail.to_string()
}

/// Asserts a 422 and returns its `detail` entries, each checked to have `loc`, `msg` and `type`.
pub async fn expect_422(response: Response) -> Vec<Value> {
    let body = expect_json(response, 422).await;
    let issues = body["detail"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .clone();
    assert!(!issues.is_empty(), "{body}");
    for issue in &issues {
        assert!(issue["loc"].is_array(), "{issue}");
        assert!(
            issue["msg"].as_str().is_some_and(|m| !m.is_empty()),
            "{issue}"
        );
        assert!(issue["type"].as_str().is_some(), "{issue}");
    }
    issues
}

/// The `loc`s of 422 entries.
pub fn locs(issues: &[Value]) -> Vec<Value> {
    issues.iter().map(|i| i["loc"].clone()).collect()
}

/// A caller of the tenants endpoints with one token.
pub struct Api {
    pub base: String,
    pub token: String,
}

impl Api {
    pub async fn new(emu: &Emulator) -> Api {
        Api::with_scope(emu, None).await
    }

    pub async fn with_scope(emu: &Emulator, scope: Option<&str>) -> Api {
        Api {
            base: emu.endpoint(),
            token: token(emu, scope).await,
        }
    }

    /// A request to `path` under `/api/v1/admin/tenants` (`"/"` for the collection).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        http()
            .request(method, format!("{}/api/v1/admin/tenants{path}", self.base))
            .bearer_auth(&self.token)
    }

    pub async fn create(&self, body: Value) -> Response {
        send(self.request(Method::POST, "/").json(&body)).await
    }

    /// Creates a tenant and returns it (asserting 201).
    pub async fn tenant(&self, name: &str, slug: &str) -> Value {
        expect_json(
            self.create(json!({ "name": name, "slug": slug })).await,
            201,
        )
        .await
    }

    pub async fn get(&self, id: &str) -> Response {
        send(self.request(Method::GET, &format!("/{id}"))).await
    }

    pub async fn patch(&self, id: &str, body: Value) -> Response {
        send(self.request(Method::PATCH, &format!("/{id}")).json(&body)).await
    }

    pub async fn delete(&self, id: &str) -> Response {
        send(self.request(Method::DELETE, &format!("/{id}"))).await
    }

    pub async fn list(&self, query: &str) -> Response {
        send(self.request(Method::GET, &format!("/?{query}"))).await
    }

    /// A list page (asserting 200).
    pub async fn page(&self, query: &str) -> Value {
        expect_json(self.list(query).await, 200).await
    }
}

/// The `id` of a tenant object.
pub fn id(tenant: &Value) -> String {
    tenant["id"].as_str().unwrap().to_string()
}

/// The slugs of a list page, in order.
pub fn slugs(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap().to_string())
        .collect()
}
