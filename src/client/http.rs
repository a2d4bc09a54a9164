//! The control-plane transport: URLs under the endpoint, the bearer token, the client-side rate
//! limit, one attempt with a single refresh on 401, and the kit's retry loop around it, all of it
//! ended early by Terraform's stop. Logs carry method, path, status, attempt and latency, never headers
//! or bodies.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::Method;
use serde_json::Value;
use url::Url;

use super::audit;
use super::auth::{request_token_once, ClientAuth, TokenRequest};
use super::failure::{status_failure, transport_failure, Failure};
use super::{ApiError, ClientConfig, Secret};
use api_client_kit::audit::{Audit, Ids, Pending, Settled};
use api_client_kit::{retry, Budget, GiveUp, RetryTiming, Stop, Token, TokenCache, Turns};

/// A token is replaced at most this long before it expires (a fifth of its life when shorter).
const TOKEN_RENEWAL_MARGIN: Duration = Duration::from_secs(30);

/// A successful response.
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

pub struct Transport {
    http: reqwest::Client,
    endpoint: Url,
    token_url: String,
    auth: ClientAuth,
    scopes: Vec<String>,
    timeout: Duration,
    pub max_retries: u32,
    pub timing: RetryTiming,
    operation_timeout: Duration,
    limiter: Option<DefaultDirectRateLimiter>,
    tokens: TokenCache,
    pub stop: Stop,
    /// Turns of creates, shared with this user's other provider processes on the machine.
    pub turns: Turns,
    /// The audit trail, when the provider was given `audit_log`: set once, after construction.
    pub audit: std::sync::OnceLock<Audit>,
}

/// `terraform-provider-resistant/<version> (<suffix>)`.
pub fn user_agent(suffix: &str) -> String {
    let base = concat!("terraform-provider-resistant/", env!("CARGO_PKG_VERSION"));
    if suffix.trim().is_empty() {
        base.to_string()
    } else {
        format!("{base} ({})", suffix.trim())
    }
}

fn config_error(message: String) -> ApiError {
    ApiError::Config { message }
}

fn parse_base_url(value: &str, name: &str) -> Result<Url, ApiError> {
    let url = Url::parse(value.trim())
        .map_err(|e| config_error(format!("{name} {value:?} is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(config_error(format!(
            "{name} {value:?} must be an http:// or https:// URL"
        )));
    }
    Ok(url)
}

impl Transport {
    pub fn new(config: &ClientConfig, timing: RetryTiming) -> Result<Transport, ApiError> {
        let mut endpoint = parse_base_url(&config.endpoint, "endpoint")?;
        endpoint.set_query(None);
        endpoint.set_fragment(None);
        let token_url = parse_base_url(&config.token_url, "token_url")?.to_string();
        if config.request_timeout.is_zero() {
            return Err(config_error(
                "request_timeout must be greater than zero".into(),
            ));
        }
        if config.operation_timeout.is_zero() {
            return Err(config_error(
                "operation_timeout must be greater than zero".into(),
            ));
        }
        let limiter = match config.requests_per_second {
            None => None,
            Some(rps) => {
                let rps = NonZeroU32::new(rps)
                    .ok_or_else(|| config_error("requests_per_second must be at least 1".into()))?;
                Some(RateLimiter::direct(Quota::per_second(rps)))
            }
        };
        let turns = Turns::new(config.lock_dir.clone(), endpoint.as_str());
        Ok(Transport {
            http: http_client(config.request_timeout, &config.user_agent_suffix)?,
            endpoint,
            token_url,
            auth: ClientAuth::from_credentials(&config.credentials)?,
            scopes: config.scopes.clone(),
            timeout: config.request_timeout,
            max_retries: config.max_retries,
            timing,
            operation_timeout: config.operation_timeout,
            limiter,
            tokens: TokenCache::new(TOKEN_RENEWAL_MARGIN),
            stop: config.stop.clone(),
            turns,
            audit: std::sync::OnceLock::new(),
        })
    }

    /// The URL of `segments` under the endpoint; each segment is percent-encoded. A segment of
    /// dots only (`.`, `..`) would be dropped and address the parent (an id `..` would fetch a
    /// list), so it is sent escaped: as an id it names nothing, and the API answers 404.
    pub fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.endpoint.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            for segment in segments {
                match *segment {
                    "." | ".." => path.push(&segment.replace('.', "%2E")),
                    other => path.push(other),
                };
            }
        }
        url
    }

    /// Resolves a `_links` href: absolute, origin-relative (`/v0/tenants...`) or relative to the
    /// endpoint (`/tenants...`). Refuses other origins: the bearer token must not leave the API.
    pub fn resolve_link(&self, href: &str) -> Result<Url, ApiError> {
        let base_path = self.endpoint.path().trim_end_matches('/').to_string();
        let resolved = if let Ok(absolute) = Url::parse(href) {
            Ok(absolute)
        } else if href.starts_with('/')
            && !base_path.is_empty()
            && (href.starts_with(&format!("{base_path}/"))
                || href.starts_with(&format!("{base_path}?")))
        {
            self.endpoint.join(href)
        } else {
            let mut base = self.endpoint.clone();
            base.set_path(&format!("{base_path}/"));
            base.join(href.trim_start_matches('/'))
        }
        .map_err(|e| ApiError::Server {
            status: 200,
            message: format!("the API returned an unusable link {href:?}: {e}"),
        })?;
        if resolved.origin() != self.endpoint.origin() {
            return Err(ApiError::Server {
                status: 200,
                message: format!(
                    "the API returned a link to another host ({href:?}); refusing to follow it"
                ),
            });
        }
        Ok(resolved)
    }

    /// The control-plane token; a failure to get one means the API request was never sent.
    async fn token(&self, attempt: u32) -> Result<Secret, Failure> {
        let request = TokenRequest {
            http: &self.http,
            token_url: &self.token_url,
            auth: &self.auth,
            scopes: &self.scopes,
            timeout: self.timeout,
            stop: &self.stop,
        };
        self.tokens
            .get(|| async {
                let token = request_token_once(&request, attempt).await?;
                Ok(Token {
                    secret: token.access_token,
                    lifetime: Duration::from_secs(token.expires_in),
                })
            })
            .await
            .map_err(Failure::before_sending)
    }

    #[doc(hidden)]
    pub async fn replace_token(&self, token: Secret) {
        self.tokens.replace(token, Duration::from_secs(3600)).await;
    }

    async fn send(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&Value>,
        token: &Secret,
        attempt: u32,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), Failure> {
        let what = format!("{method} {}", url.path());
        if let Some(limiter) = &self.limiter {
            self.stop
                .unless_stopped(limiter.until_ready())
                .await
                .map_err(|_| Failure::stopped(&what, false))?;
        }
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .bearer_auth(token.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let started = Instant::now();
        let result = self
            .stop
            .unless_stopped(request.send())
            .await
            .map_err(|_| Failure::stopped(&what, true))?;
        let latency_ms = started.elapsed().as_millis() as u64;
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(%method, path = url.path(), attempt, latency_ms, "request failed in transport");
                return Err(transport_failure(&e, &what, self.timeout));
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = self
            .stop
            .unless_stopped(response.bytes())
            .await
            .map_err(|_| Failure::stopped(&what, true))?
            .map_err(|e| transport_failure(&e, &what, self.timeout))?;
        tracing::debug!(%method, path = url.path(), status, attempt, latency_ms, "request");
        Ok((status, headers, body.to_vec()))
    }

    /// Whether the audit file (when there is one) can be written: called before an operation's
    /// first request, so that a change that cannot be recorded asks the API nothing.
    pub fn audit_ready(&self) -> Result<(), ApiError> {
        match self.audit.get() {
            Some(trail) => trail.check().map_err(|e| ApiError::Config {
                message: e.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// The path of `url` under the endpoint, as segments.
    fn segments(&self, url: &Url) -> Vec<String> {
        let base = self.endpoint.path().trim_end_matches('/');
        url.path()
            .strip_prefix(base)
            .unwrap_or(url.path())
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// One attempt (a 401 refreshes the token and resends once). A mutating attempt is recorded
    /// in the audit trail, when there is one: the event of an attempt whose outcome is unknown is
    /// handed back to be settled (dropped, it writes `undetermined`); every other outcome is
    /// written here. When the intent line cannot be written, nothing is sent.
    pub async fn attempt_recorded(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&Value>,
        attempt: u32,
    ) -> (Result<Reply, Failure>, Option<Pending>) {
        let recorded = self.audit.get().and_then(|trail| {
            audit::describe(method, &self.segments(url), body)
                .map(|(operation, params)| (trail, operation, params))
        });
        let Some((trail, operation, params)) = recorded else {
            let result = self.exchange(method, url, body, attempt).await;
            return (result.map_err(|(failure, _)| failure), None);
        };
        let request_line = format!("{method} {}", url.path());
        let pending = match trail.intent(&operation, &request_line, params.clone()) {
            Ok(pending) => pending,
            Err(e) => {
                return (
                    Err(Failure::fatal(ApiError::Config {
                        message: e.to_string(),
                    })),
                    None,
                )
            }
        };
        match self.exchange(method, url, body, attempt).await {
            Ok(reply) => {
                pending.succeeded(
                    reply.status,
                    audit::answered_ids(&operation, &params, &reply.body),
                );
                (Ok(reply), None)
            }
            Err((failure, answer)) if failure.maybe_processed() => {
                let status = answer.as_ref().map(|(status, _)| *status);
                (Err(failure), Some(pending.answered(status)))
            }
            Err((failure, answer)) => {
                let status = answer.as_ref().map(|(status, _)| *status);
                let code = audit::error_code(
                    &failure.error,
                    answer.as_ref().map(|(_, body)| body.as_slice()),
                );
                pending.failed(status, &code);
                (Err(failure), None)
            }
        }
    }

    /// One exchange; a failure carries the status and body answered, when there was an answer.
    #[allow(clippy::type_complexity)]
    async fn exchange(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&Value>,
        attempt: u32,
    ) -> Result<Reply, (Failure, Option<(u16, Vec<u8>)>)> {
        let token = self.token(attempt).await.map_err(|f| (f, None))?;
        let (mut status, mut headers, mut bytes) = self
            .send(method, url, body, &token, attempt)
            .await
            .map_err(|f| (f, None))?;
        if status == 401 {
            tracing::debug!(%method, path = url.path(), attempt, "token refused; refreshing it once");
            self.tokens.forget(&token).await;
            let fresh = self.token(attempt).await.map_err(|f| (f, None))?;
            (status, headers, bytes) = self
                .send(method, url, body, &fresh, attempt)
                .await
                .map_err(|f| (f, None))?;
        }
        if (200..300).contains(&status) {
            Ok(Reply {
                status,
                body: bytes,
            })
        } else {
            let failure = status_failure(status, &headers, &bytes, "");
            Err((failure, Some((status, bytes))))
        }
    }

    /// A fresh retry budget for one operation.
    pub fn budget(&self) -> Budget {
        Budget::new(self.timing, self.max_retries, self.operation_timeout)
    }

    /// After a failed attempt: waits before the next one, or gives the failure back when the
    /// operation should give up (not retryable, budget spent, deadline, or stopped meanwhile).
    pub async fn wait_to_retry(
        &self,
        budget: &mut Budget,
        failure: Failure,
        method: &Method,
        url: &Url,
    ) -> Result<(), Failure> {
        let waited = budget
            .wait_after(&failure, &self.stop, |attempt, delay| {
                log_retry(&failure, method, url, attempt, delay)
            })
            .await;
        match waited {
            Ok(()) => Ok(()),
            Err(why) => Err(self.gave_up(failure, why, method, url)),
        }
    }

    /// The failure an operation ends with when it gives up after `failure`.
    fn gave_up(&self, failure: Failure, why: GiveUp, method: &Method, url: &Url) -> Failure {
        match why {
            GiveUp::Deadline => {
                let message = format!(
                    "{} (gave up: the next attempt would come after the operation_timeout of {}s)",
                    failure.error.message(),
                    self.operation_timeout.as_secs()
                );
                Failure {
                    error: failure.error.with_message(message),
                    ..failure
                }
            }
            GiveUp::Stopped => Failure::stopped(&format!("{method} {}", url.path()), false),
            GiveUp::Final | GiveUp::OutOfRetries => failure,
        }
    }

    /// An idempotent request with retries of transient failures. When an audited attempt's
    /// outcome is unknown, the next attempt settles it: a delete that then finds the object
    /// gone took effect (`gone`), one that finds it still there did not (`not_done`).
    pub async fn call(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<Reply, ApiError> {
        let mut budget = self.budget();
        let unsettled: std::sync::Mutex<Option<Pending>> = std::sync::Mutex::new(None);
        let settle = |result: &Result<Reply, Failure>| {
            let earlier = unsettled.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(earlier) = earlier {
                match result {
                    Ok(_) => earlier.settle(Settled::NotDone, Ids::default()),
                    Err(failure) if matches!(failure.error, ApiError::NotFound { .. }) => {
                        earlier.settle(Settled::Gone, Ids::default())
                    }
                    // Unknown again, or refused: what the earlier attempt did stays open.
                    Err(_) => drop(earlier),
                }
            }
        };
        retry(
            &mut budget,
            &self.stop,
            |attempt| {
                let (method, settle, unsettled) = (&method, &settle, &unsettled);
                async move {
                    let (result, pending) = self.attempt_recorded(method, url, body, attempt).await;
                    settle(&result);
                    *unsettled.lock().unwrap_or_else(|e| e.into_inner()) = pending;
                    result
                }
            },
            |failure, attempt, delay| log_retry(failure, &method, url, attempt, delay),
        )
        .await
        .map_err(|(failure, why)| self.gave_up(failure, why, &method, url).error)
    }
}

fn log_retry(failure: &Failure, method: &Method, url: &Url, attempt: u32, delay: Duration) {
    tracing::info!(
        %method,
        path = url.path(),
        attempt,
        delay_ms = delay.as_millis() as u64,
        error = %failure.error.summary(),
        "retrying request"
    );
}

/// A reqwest client with the per-request timeout and the User-Agent.
pub fn http_client(
    timeout: Duration,
    user_agent_suffix: &str,
) -> Result<reqwest::Client, ApiError> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(30)))
        .user_agent(user_agent(user_agent_suffix))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ApiError::Config {
            message: format!("could not build the HTTP client: {e}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Credentials;

    fn transport(endpoint: &str) -> Transport {
        let config = ClientConfig {
            endpoint: endpoint.into(),
            token_url: "http://127.0.0.1:1/token".into(),
            credentials: Credentials::ClientSecret {
                client_id: "c".into(),
                client_secret: Secret::new("s"),
            },
            scopes: vec![],
            request_timeout: Duration::from_secs(5),
            operation_timeout: Duration::from_secs(60),
            max_retries: 0,
            requests_per_second: Some(5),
            user_agent_suffix: "terraform/1.11.4".into(),
            stop: Stop::default(),
            lock_dir: crate::client::default_lock_dir(),
        };
        Transport::new(&config, RetryTiming::default()).unwrap()
    }

    #[test]
    fn user_agent_names_provider_and_terraform() {
        assert_eq!(
            user_agent("terraform/1.11.4"),
            format!(
                "terraform-provider-resistant/{} (terraform/1.11.4)",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(!user_agent("").contains('('));
    }

    #[test]
    fn urls_encode_segments() {
        let t = transport("http://h:1/v0/");
        assert_eq!(t.url(&["tenants"]).as_str(), "http://h:1/v0/tenants");
        assert_eq!(
            t.url(&["tenants", "a/b c", "applications"]).as_str(),
            "http://h:1/v0/tenants/a%2Fb%20c/applications"
        );
    }

    #[test]
    fn dot_segments_stay_segments_instead_of_addressing_the_parent() {
        let t = transport("http://h:1/v0/");
        assert_eq!(
            t.url(&["tenants", ".."]).as_str(),
            "http://h:1/v0/tenants/%252E%252E"
        );
        assert_eq!(
            t.url(&["tenants", "t", "applications", "."]).as_str(),
            "http://h:1/v0/tenants/t/applications/%252E"
        );
        assert_eq!(
            t.url(&["tenants", "a.b"]).as_str(),
            "http://h:1/v0/tenants/a.b"
        );
    }

    #[test]
    fn links_resolve_against_the_endpoint_and_stay_on_its_origin() {
        let t = transport("http://h:1/v0");
        let expected = "http://h:1/v0/tenants?limit=2&after_id=x";
        for href in [
            "/tenants?limit=2&after_id=x",
            "/v0/tenants?limit=2&after_id=x",
            "tenants?limit=2&after_id=x",
            expected,
        ] {
            assert_eq!(t.resolve_link(href).unwrap().as_str(), expected, "{href}");
        }
        assert!(t.resolve_link("http://evil:1/v0/tenants").is_err());
        let root = transport("http://h:1");
        assert_eq!(
            root.resolve_link("/tenants?after_id=x").unwrap().as_str(),
            "http://h:1/tenants?after_id=x"
        );
    }

    #[test]
    fn bad_configuration_is_refused() {
        let mut config = ClientConfig {
            endpoint: "not a url".into(),
            token_url: "http://h/token".into(),
            credentials: Credentials::PrivateKey {
                client_id: "c".into(),
                private_key_pem: Secret::new(
                    "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
                ),
                key_id: None,
            },
            scopes: vec![],
            request_timeout: Duration::from_secs(5),
            operation_timeout: Duration::from_secs(60),
            max_retries: 0,
            requests_per_second: None,
            user_agent_suffix: String::new(),
            stop: Stop::default(),
            lock_dir: crate::client::default_lock_dir(),
        };
        let err = Transport::new(&config, RetryTiming::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains("endpoint"), "{err}");
        config.endpoint = "http://h/v0".into();
        let err = Transport::new(&config, RetryTiming::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains("private_key"), "{err}");
        assert!(!err.to_string().contains("AAAA"));
    }
}
