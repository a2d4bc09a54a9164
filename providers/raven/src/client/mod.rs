//! The Raven Tenants API client: the four endpoints as typed calls over reqwest, each with the key
//! it acts with, and the retries that are safe for each (see [`retry`]). It knows no Terraform
//! types; answers are JSON objects, failures an [`ApiError`].

mod error;
mod retry;

use std::time::Duration;

use serde_json::Value as Json;

pub use api_client_kit::Secret;
pub use error::{ApiError, Effect};

use retry::Attempts;

/// A client of one Raven service URL.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    /// The service URL plus `/api/v1`, without a trailing slash.
    api: String,
}

/// Whether repeating a request after an unknown outcome is harmless.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    /// Reads, and PATCHes that set values: the same request twice has the same effect.
    Safe,
    /// Creates: a second attempt after an unknown outcome could register twice (or be refused
    /// because the first one worked), so only requests that never reached Raven are repeated.
    OnlyIfNotSent,
}

impl Client {
    /// A client of the service at `endpoint` (the bare URL; the API is under `/api/v1` of it).
    pub fn new(endpoint: &str) -> Result<Client, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!(
                "terraform-provider-raven/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Client {
            http,
            api: format!("{}/api/v1", endpoint.trim_end_matches('/')),
        })
    }

    /// `POST /tenants`: registers a tenant; the answer carries its key, shown only this once.
    pub async fn register(&self, body: &Json) -> Result<Json, ApiError> {
        self.send(
            reqwest::Method::POST,
            "/tenants",
            None,
            Some(body),
            Repeat::OnlyIfNotSent,
        )
        .await
    }

    /// `GET /tenant`: the tenant that owns `key`.
    pub async fn tenant(&self, key: &Secret) -> Result<Json, ApiError> {
        self.send(
            reqwest::Method::GET,
            "/tenant",
            Some(key),
            None,
            Repeat::Safe,
        )
        .await
    }

    /// `PATCH /tenant`: changes the name and/or settings of the tenant that owns `key`.
    pub async fn patch_tenant(&self, key: &Secret, body: &Json) -> Result<Json, ApiError> {
        self.send(
            reqwest::Method::PATCH,
            "/tenant",
            Some(key),
            Some(body),
            Repeat::Safe,
        )
        .await
    }

    /// `POST /api-keys`: a new key of the tenant that owns `key`, shown only this once.
    pub async fn create_key(&self, key: &Secret, body: &Json) -> Result<Json, ApiError> {
        let method = reqwest::Method::POST;
        self.send(
            method,
            "/api-keys",
            Some(key),
            Some(body),
            Repeat::OnlyIfNotSent,
        )
        .await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&Secret>,
        body: Option<&Json>,
        repeat: Repeat,
    ) -> Result<Json, ApiError> {
        let url = format!("{}{path}", self.api);
        let mut attempts = Attempts::new();
        loop {
            let mut request = self.http.request(method.clone(), &url);
            if let Some(key) = key {
                request = request.bearer_auth(key.expose());
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            tracing::debug!(%method, path, "raven request");
            let failure = match request.send().await {
                Ok(response) if response.status().is_success() => {
                    return response.json::<Json>().await.map_err(|e| {
                        ApiError::Unknown(format!("the answer was not readable JSON: {e}"))
                    });
                }
                Ok(response) => ApiError::from_response(response).await,
                Err(error) => ApiError::from_transport(&error),
            };
            tracing::debug!(%method, path, failure = %failure.short(), "raven request failed");
            let again = match &failure {
                ApiError::NotSent(_) => true,
                ApiError::Throttled { .. } => true,
                ApiError::Unknown(_) => repeat == Repeat::Safe,
                ApiError::Rejected { status, .. } => *status >= 500 && repeat == Repeat::Safe,
            };
            match attempts.next_wait(again, failure.retry_after()) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Err(failure),
            }
        }
    }
}
