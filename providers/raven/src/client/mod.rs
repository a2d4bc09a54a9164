//! The Raven Tenants API client: the four endpoints as typed calls over reqwest, each with the key
//! it acts with, and the retries that are safe for each (the kit's retry loop, timed as [`retry`]
//! says), every wait and request ended by Terraform's stop. It knows no Terraform types; answers
//! are JSON objects, failures an [`ApiError`].

mod audit;
mod error;
mod retry;

use std::time::Duration;

use api_client_kit::{Attempt, Delivery, GiveUp};
use serde_json::Value as Json;

pub use api_client_kit::{Secret, Stop};
pub use error::{ApiError, Effect};

/// A client of one Raven service URL.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    /// The service URL plus `/api/v1`, without a trailing slash.
    api: String,
    /// Raised by Terraform's StopProvider: ends waits and requests in flight.
    stop: Stop,
    /// The audit trail of changes, when the provider has `audit_log`.
    audit: Option<api_client_kit::audit::Audit>,
}

/// One failed attempt, as the retry loop weighs it.
struct Failed {
    error: ApiError,
    repeat: Repeat,
}

impl Attempt for Failed {
    fn delivery(&self) -> Delivery {
        self.error.delivery(self.repeat == Repeat::Safe)
    }

    fn retry_after(&self) -> Option<Duration> {
        self.error.retry_after()
    }
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
            stop: Stop::default(),
            audit: None,
        })
    }

    /// The same client, obeying `stop` (the provider's, raised by Terraform's StopProvider).
    pub fn with_stop(self, stop: Stop) -> Client {
        Client { stop, ..self }
    }

    /// The same client, recording each change in `trail` (see `api_client_kit::audit`).
    pub fn with_audit(self, trail: Option<api_client_kit::audit::Audit>) -> Client {
        Client {
            audit: trail,
            ..self
        }
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
        let recorded = match (&self.audit, audit::describe(&method, path, body)) {
            (Some(trail), Some((operation, params))) => {
                // A change that cannot be recorded is not sent.
                trail
                    .check()
                    .map_err(|e| ApiError::Unrecorded(e.to_string()))?;
                Some((trail, operation, params))
            }
            _ => None,
        };
        let mut budget = retry::budget();
        let (method, url) = (&method, url.as_str());
        let request_line = format!("{method} /api/v1{path}");
        let attempt = move |_| {
            let recorded = recorded.clone();
            let request_line = request_line.clone();
            async move {
                let Some((trail, operation, params)) = recorded else {
                    return self
                        .attempt(method, url, key, body)
                        .await
                        .map(|(_, json)| json)
                        .map_err(|error| Failed { error, repeat });
                };
                let pending = trail
                    .intent(&operation, &request_line, params)
                    .map_err(|e| Failed {
                        error: ApiError::Unrecorded(e.to_string()),
                        repeat,
                    })?;
                let answer = self.attempt(method, url, key, body).await;
                audit::record(pending, &answer);
                answer
                    .map(|(_, json)| json)
                    .map_err(|error| Failed { error, repeat })
            }
        };
        api_client_kit::retry(&mut budget, &self.stop, attempt, |failed, _, wait| {
            tracing::debug!(%method, path, failure = %failed.error.short(), ?wait, "raven request failed; retrying")
        })
        .await
        .map_err(|(failed, why)| match why {
            GiveUp::Stopped => ApiError::Stopped { sent: false },
            _ => failed.error,
        })
    }

    /// One attempt, given up at once when Terraform asks the provider to stop: the status and
    /// the JSON answered.
    async fn attempt(
        &self,
        method: &reqwest::Method,
        url: &str,
        key: Option<&Secret>,
        body: Option<&Json>,
    ) -> Result<(u16, Json), ApiError> {
        if self.stop.is_stopped() {
            return Err(ApiError::Stopped { sent: false });
        }
        let mut request = self.http.request(method.clone(), url);
        if let Some(key) = key {
            request = request.bearer_auth(key.expose());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        tracing::debug!(%method, url, "raven request");
        let answer = async {
            match request.send().await {
                Ok(response) if response.status().is_success() => {
                    let status = response.status().as_u16();
                    let json = response.json::<Json>().await.map_err(|e| {
                        ApiError::Unknown(format!("the answer was not readable JSON: {e}"))
                    })?;
                    Ok((status, json))
                }
                Ok(response) => Err(ApiError::from_response(response).await),
                Err(error) => Err(ApiError::from_transport(&error)),
            }
        };
        self.stop
            .unless_stopped(answer)
            .await
            .unwrap_or(Err(ApiError::Stopped { sent: true }))
    }
}
