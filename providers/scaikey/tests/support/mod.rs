//! What the integration tests share: the provider under test in a filesystem mirror (keeping the
//! developer's `SCAIKEY_*` variables out), provider blocks pointing at an emulator, and [`Api`]:
//! an emulator with a direct HTTP client for arranging and checking what the provider did.

#![allow(dead_code)]

use std::sync::OnceLock;

use scaikey_emulator::{Config, Emulator};
use serde_json::{json, Value as Json};

#[allow(unused_imports)]
pub use tf_acceptance::{describe, diagnostics, state, Mirror, ProviderUnderTest, Workspace};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const PROVIDER_BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-scaikey");
pub const PATCH: &str = "PATCH /api/v1/admin/tenants/{tenant_id}";
pub const CREATE: &str = "POST /api/v1/admin/tenants/";
pub const TOKEN: &str = "POST /api/v1/oauth/token";

pub fn mirror() -> &'static Mirror {
    static MIRROR: OnceLock<Mirror> = OnceLock::new();
    MIRROR.get_or_init(|| {
        Mirror::new(&[ProviderUnderTest {
            source: "registry.terraform.io/scaikey/scaikey".into(),
            version: VERSION.into(),
            binary: PROVIDER_BINARY.into(),
        }])
        .scrubbing("SCAIKEY_")
    })
}

/// `required_providers` and a provider block with `body`.
pub fn provider_block(body: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    scaikey = {{\n      source  = \"scaikey/scaikey\"\n      \
         version = \"{VERSION}\"\n    }}\n  }}\n}}\n\nprovider \"scaikey\" {{\n{body}\n}}\n"
    )
}

/// An emulator and a direct client of its API.
pub struct Api {
    pub emulator: Emulator,
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
}

impl Api {
    pub fn start() -> Api {
        Api::start_with(Config::default())
    }

    pub fn start_with(config: Config) -> Api {
        let emulator = scaikey_emulator::spawn(config).expect("start the emulator");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        Api {
            emulator,
            runtime,
            http: reqwest::Client::new(),
        }
    }

    /// The provider block with the emulator's client credentials.
    pub fn provider(&self) -> String {
        provider_block(&format!(
            "  endpoint      = \"{}\"\n  client_id     = \"{}\"\n  client_secret = \"{}\"",
            self.emulator.endpoint(),
            self.emulator.client_id(),
            self.emulator.client_secret()
        ))
    }

    /// The whole `main.tf`: the provider block and `body`.
    pub fn config(&self, body: &str) -> String {
        format!("{}\n{body}\n", self.provider())
    }

    /// A fresh access token from the emulator.
    pub fn token(&self) -> String {
        self.runtime.block_on(async {
            let answer: Json = self
                .http
                .post(self.emulator.token_url())
                .basic_auth(
                    self.emulator.client_id(),
                    Some(self.emulator.client_secret()),
                )
                .form(&[("grant_type", "client_credentials")])
                .send()
                .await
                .expect("token request")
                .json()
                .await
                .expect("token answer");
            answer["access_token"]
                .as_str()
                .expect("a token")
                .to_string()
        })
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Json>) -> (u16, Json) {
        let token = self.token();
        self.runtime.block_on(async {
            let url = format!("{}{path}", self.emulator.endpoint());
            let mut request = self.http.request(method, url).bearer_auth(token);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let answer = request.send().await.expect("API request");
            let status = answer.status().as_u16();
            let text = answer.text().await.unwrap_or_default();
            (status, serde_json::from_str(&text).unwrap_or(Json::Null))
        })
    }

    /// Creates a tenant directly (as another actor would).
    pub fn create(&self, body: Json) -> Json {
        let (status, tenant) =
            self.call(reqwest::Method::POST, "/api/v1/admin/tenants/", Some(body));
        assert_eq!(status, 201, "create: {tenant}");
        tenant
    }

    pub fn get(&self, id: &str) -> Json {
        let (status, tenant) = self.call(
            reqwest::Method::GET,
            &format!("/api/v1/admin/tenants/{id}"),
            None,
        );
        assert_eq!(status, 200, "get {id}: {tenant}");
        tenant
    }

    pub fn patch(&self, id: &str, body: Json) -> Json {
        let (status, tenant) = self.call(
            reqwest::Method::PATCH,
            &format!("/api/v1/admin/tenants/{id}"),
            Some(body),
        );
        assert_eq!(status, 200, "patch {id}: {tenant}");
        tenant
    }

    pub fn delete(&self, id: &str) {
        let (status, answer) = self.call(
            reqwest::Method::DELETE,
            &format!("/api/v1/admin/tenants/{id}"),
            None,
        );
        assert_eq!(status, 204, "delete {id}: {answer}");
    }

    /// The tenants of one status (`active`, `suspended`, `deleted`), all pages.
    pub fn tenants_with_status(&self, status: &str) -> Vec<Json> {
        let mut all = Vec::new();
        for page in 1.. {
            let (_, answer) = self.call(
                reqwest::Method::GET,
                &format!("/api/v1/admin/tenants/?status={status}&per_page=100&page={page}"),
                None,
            );
            let items = answer["items"].as_array().cloned().unwrap_or_default();
            let done = items.len() < 100;
            all.extend(items);
            if done {
                break;
            }
        }
        all
    }

    /// How many requests reached `route` (e.g. [`PATCH`]).
    pub fn count(&self, route: &str) -> u64 {
        self.emulator.stats().count(route)
    }
}

/// A tenant body for [`Api::create`].
pub fn tenant_body(name: &str, slug: &str, partner_id: Option<&str>) -> Json {
    json!({"name": name, "slug": slug, "partner_id": partner_id})
}
