//! The ScaiKey admin Tenants API client: list (every page), get, create, PATCH and soft delete,
//! with bearer tokens from `auth` (an expired one renewed on a 401, a few times per operation at
//! most), and the kit's retry loop: server errors and lost connections spend `max_retries`, 429
//! waits honour `Retry-After` and spend only time. It has no Terraform types.

mod audit;
pub mod auth;
pub mod error;
mod listing;
pub mod model;
pub mod retry;

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

pub use api_client_kit::{RetryTiming, Secret, Stop};

use api_client_kit::{LockDir, Turns};

/// The environment variable that names the directory where this user's provider processes take
/// turns (default: a per-user directory, see `api_client_kit::LockDir::for_provider`).
pub const LOCK_DIR_ENV: &str = "SCAIKEY_LOCK_DIR";
pub use auth::Credentials;
pub use error::{ApiError, Problem};
pub use model::{Filters, PasswordPolicy, Settings, Tenant};
pub use retry::Timing;

use api_client_kit::audit::Pending;
use api_client_kit::{retry, retry_after, Delivery};
use retry::Failed;

/// The largest page the API serves.
pub const PAGE_SIZE: u32 = 100;

/// What the client needs to know.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The bare service URL, e.g. `https://scaikey.example.com`.
    pub endpoint: Url,
    pub credentials: Credentials,
    pub max_retries: u32,
    pub request_timeout: Duration,
    pub timing: Timing,
    /// Raised by Terraform's StopProvider: ends waits and requests in flight.
    pub stop: Stop,
    /// The audit trail of changes, when the provider has `audit_log`.
    pub audit: Option<api_client_kit::audit::Audit>,
}

pub struct Client {
    http: reqwest::Client,
    base: Url,
    auth: auth::Auth,
    max_retries: u32,
    timing: Timing,
    stop: Stop,
    /// Creates of one slug take turns among this user's provider processes on the machine: the
    /// slug is what proves, after an unknown outcome, which tenant a create made.
    turns: Turns,
    audit: Option<api_client_kit::audit::Audit>,
}

/// Renewals of an expired token one operation may make before the refusal is final.
const MAX_RENEWALS: u32 = 3;

/// What `send` sends.
#[derive(Clone, Copy)]
struct Request<'a> {
    method: &'a Method,
    url: &'a Url,
    query: &'a [(&'a str, String)],
    body: Option<&'a Json>,
    idempotent: bool,
}

/// An answer with a success status.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

/// `base` with `segments` appended to its path.
fn url_of(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, String> {
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .user_agent(concat!(
                "terraform-provider-scaikey/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let token_url = url_of(&config.endpoint, &["api", "v1", "oauth", "token"]);
        let turns = Turns::new(
            LockDir::for_provider("scaikey", LOCK_DIR_ENV),
            config.endpoint.as_str(),
        );
        Ok(Client {
            http,
            base: config.endpoint,
            auth: auth::Auth::new(config.credentials, token_url, config.stop.clone()),
            max_retries: config.max_retries,
            timing: config.timing,
            stop: config.stop,
            turns,
            audit: config.audit,
        })
    }

    fn tenants_url(&self, id: Option<&str>) -> Url {
        match id {
            Some(id) => url_of(&self.base, &["api", "v1", "admin", "tenants", id]),
            // The collection has a trailing slash (FastAPI redirects without it).
            None => url_of(&self.base, &["api", "v1", "admin", "tenants", ""]),
        }
    }

    /// Waits `wait` unless Terraform asks the provider to stop first.
    async fn pause(&self, wait: Duration) -> Result<(), ApiError> {
        self.stop
            .sleep(wait)
            .await
            .map_err(|_| ApiError::Stopped { sent: false })
    }

    /// Sends one request with the kit's retry loop. `idempotent` requests are retried after any
    /// transient failure; others answer [`ApiError::Unknown`] when they may have taken effect.
    async fn send(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<&Json>,
        idempotent: bool,
    ) -> Result<Answer, ApiError> {
        self.send_recorded(method, url, query, body, idempotent)
            .await
            .0
    }

    /// [`Self::send`], each attempt of a change recorded in the audit trail (when there is one):
    /// the intent before it is sent, the outcome after. An unknown outcome is settled by the next
    /// attempt where that tells (a delete then answered 404 took effect; one that succeeds found
    /// the tenant still there); the last one is handed back for the caller to settle (dropped,
    /// it writes `undetermined`). When the intent cannot be written, nothing is sent.
    async fn send_recorded(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<&Json>,
        idempotent: bool,
    ) -> (Result<Answer, ApiError>, Option<Pending>) {
        let described = self
            .audit
            .as_ref()
            .and_then(|trail| audit::describe(&method, &url, body).map(|d| (trail, d)));
        let Some((trail, (operation, params))) = described else {
            return (
                self.send_plain(method, url, query, body, idempotent).await,
                None,
            );
        };
        if let Err(e) = trail.check() {
            return (
                Err(ApiError::Unrecorded {
                    what: e.to_string(),
                }),
                None,
            );
        }
        let request_line = format!("{method} {}", url.path());
        let unsettled: std::sync::Mutex<Option<Pending>> = std::sync::Mutex::new(None);
        let mut budget = self.timing.budget(self.max_retries);
        let request = Request {
            method: &method,
            url: &url,
            query,
            body,
            idempotent,
        };
        let renewals = AtomicU32::new(0);
        let result = retry(
            &mut budget,
            &self.stop,
            |_| {
                let (request, renewals, unsettled) = (&request, &renewals, &unsettled);
                let (operation, params, request_line) = (&operation, params.clone(), &request_line);
                async move {
                    let pending = trail.intent(operation, request_line, params).map_err(|e| {
                        Failed::last(ApiError::Unrecorded {
                            what: e.to_string(),
                        })
                    })?;
                    let result = self.attempt(request, renewals).await;
                    let earlier = unsettled.lock().unwrap_or_else(|e| e.into_inner()).take();
                    audit::settle_earlier(earlier, operation, &result);
                    let open = audit::record(pending, &result);
                    *unsettled.lock().unwrap_or_else(|e| e.into_inner()) = open;
                    result
                }
            },
            |_, _, wait| tracing::debug!(%method, %url, ?wait, "retrying"),
        )
        .await
        .map_err(|(failed, why)| failed.gave_up(why, budget.spent()));
        let open = unsettled.into_inner().unwrap_or_else(|e| e.into_inner());
        (result, open)
    }

    /// [`Self::send`] without an audit trail.
    async fn send_plain(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<&Json>,
        idempotent: bool,
    ) -> Result<Answer, ApiError> {
        let mut budget = self.timing.budget(self.max_retries);
        let request = Request {
            method: &method,
            url: &url,
            query,
            body,
            idempotent,
        };
        let renewals = AtomicU32::new(0);
        retry(
            &mut budget,
            &self.stop,
            |_| self.attempt(&request, &renewals),
            |_, _, wait| tracing::debug!(%method, %url, ?wait, "retrying"),
        )
        .await
        .map_err(|(failed, why)| failed.gave_up(why, budget.spent()))
    }

    /// Whether a 401 with `body` may be answered by renewing the token, counting the renewal:
    /// one whose detail says the token expired, up to [`MAX_RENEWALS`] times in one operation; any
    /// other refusal once (the signing key may have been rotated).
    fn renew_after(&self, body: &[u8], renewals: &AtomicU32) -> bool {
        if !self.auth.can_renew() {
            return false;
        }
        let expired = error::parse_detail(body)
            .0
            .to_ascii_lowercase()
            .contains("expired");
        let allowed = if expired { MAX_RENEWALS } else { 1 };
        renewals
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |done| {
                (done < allowed).then_some(done + 1)
            })
            .is_ok()
    }

    /// One attempt of `request`, renewing a refused token (and resending) as [`Self::renew_after`]
    /// allows.
    async fn attempt(&self, request: &Request<'_>, renewals: &AtomicU32) -> Result<Answer, Failed> {
        let Request {
            method,
            url,
            query,
            body,
            idempotent,
        } = *request;
        loop {
            if self.stop.is_stopped() {
                return Err(Failed::last(ApiError::Stopped { sent: false }));
            }
            let token = self
                .auth
                .token(&self.http, self.timing, self.max_retries)
                .await
                .map_err(Failed::last)?;
            let mut sending = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose())
                .query(query);
            if let Some(body) = body {
                sending = sending.json(body);
            }
            let Ok(sent) = self.stop.unless_stopped(sending.send()).await else {
                // Only a request that changes something can have taken effect.
                return Err(Failed::last(ApiError::Stopped {
                    sent: *method != Method::GET,
                }));
            };
            let answer = match sent {
                Ok(answer) => answer,
                Err(e) if e.is_connect() || idempotent => {
                    let delivery = Delivery::of_transport(&e);
                    return Err(Failed::transient(
                        format!("{method} {url}: {}", e.without_url()),
                        delivery,
                        None,
                    ));
                }
                Err(e) => {
                    return Err(Failed::last(ApiError::Unknown {
                        what: format!("{method} {url}: {}", e.without_url()),
                    }))
                }
            };
            let status = answer.status();
            let after = retry_after(answer.headers());
            let body = match answer.bytes().await {
                Ok(body) => body.to_vec(),
                Err(e) => {
                    let what = format!("the answer was cut off: {}", e.without_url());
                    return Err(if idempotent {
                        Failed::transient(what, Delivery::Unknown { retryable: true }, None)
                    } else {
                        Failed::last(ApiError::Unknown { what })
                    });
                }
            };
            if status.is_success() {
                return Ok(Answer { status, body });
            }
            if status == StatusCode::UNAUTHORIZED && self.renew_after(&body, renewals) {
                tracing::debug!(%method, %url, "token refused; renewing it");
                self.auth.forget(&token).await;
                continue;
            }
            if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
                let (detail, _) = error::parse_detail(&body);
                return Err(Failed::last(ApiError::Credentials {
                    status: status.as_u16(),
                    detail,
                }));
            }
            if status == StatusCode::TOO_MANY_REQUESTS {
                return Err(Failed::transient(
                    format!("still rate limited (HTTP 429) at {method} {url}"),
                    Delivery::Throttled,
                    after,
                )
                .answered(429));
            }
            if status.is_server_error() {
                let what = format!(
                    "HTTP {} from {method} {url}: {}",
                    status.as_u16(),
                    error::parse_detail(&body).0
                );
                return Err(if idempotent {
                    Failed::transient(what, Delivery::of_status(status.as_u16()), after)
                } else {
                    Failed::last(ApiError::Unknown { what })
                }
                .answered(status.as_u16()));
            }
            return Err(Failed::last(ApiError::from_answer(status.as_u16(), &body)));
        }
    }

    fn decode<T: DeserializeOwned>(answer: &Answer) -> Result<T, ApiError> {
        serde_json::from_slice(&answer.body).map_err(|e| ApiError::Malformed {
            what: format!("HTTP {}: {e}", answer.status.as_u16()),
        })
    }

    /// The tenant with `id`, deleted ones included; `None` when the API does not know it.
    pub async fn get(&self, id: &str) -> Result<Option<Tenant>, ApiError> {
        match self
            .send(Method::GET, self.tenants_url(Some(id)), &[], None, true)
            .await
        {
            Ok(answer) => Self::decode(&answer).map(Some),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every tenant the filters select, page after page, in creation order.
    pub async fn list(&self, filters: &Filters) -> Result<Vec<Tenant>, ApiError> {
        let mut all: Vec<Tenant> = Vec::new();
        for page in 1u32.. {
            let mut query = filters.query();
            query.push(("page", page.to_string()));
            query.push(("per_page", PAGE_SIZE.to_string()));
            let answer = self
                .send(Method::GET, self.tenants_url(None), &query, None, true)
                .await?;
            let page: model::Page = Self::decode(&answer)?;
            let count = page.items.len();
            all.extend(page.items);
            if count < PAGE_SIZE as usize || all.len() as u64 >= page.total {
                break;
            }
        }
        Ok(all)
    }

    /// The live (not deleted) tenant whose slug is exactly `slug`.
    pub async fn find_by_slug(&self, slug: &str) -> Result<Option<Tenant>, ApiError> {
        let filters = Filters {
            search: Some(slug.to_string()),
            ..Filters::default()
        };
        Ok(self
            .list(&filters)
            .await?
            .into_iter()
            .find(|t| t.slug == slug && !t.is_deleted()))
    }

    /// Creates a tenant. Slugs are unique among live tenants, so the slug proves ownership: a
    /// tenant holding it before the first attempt is someone else's ([`ApiError::Rejected`] 409);
    /// after an attempt whose outcome is unknown, a tenant with the slug is this call's, since
    /// creates of one slug take turns among this user's provider processes ([`Turns`]); without
    /// a machine-wide turn, a tenant that appears is named and left alone.
    pub async fn create(&self, body: &Json, slug: &str) -> Result<Tenant, ApiError> {
        // A change that cannot be recorded asks the API nothing, not even the slug lookup.
        if let Some(trail) = &self.audit {
            trail.check().map_err(|e| ApiError::Unrecorded {
                what: e.to_string(),
            })?;
        }
        let turn = self
            .turns
            .take(&format!("slug/{slug}"), &self.stop)
            .await
            .map_err(|_| ApiError::Stopped { sent: false })?;
        if let Some(existing) = self.find_by_slug(slug).await? {
            return Err(ApiError::Rejected {
                status: 409,
                detail: format!(
                    "a tenant with the slug {slug:?} already exists (id {})",
                    existing.id
                ),
                problems: Vec::new(),
            });
        }
        let mut budget = self.timing.budget(self.max_retries);
        loop {
            match self
                .send_recorded(Method::POST, self.tenants_url(None), &[], Some(body), false)
                .await
            {
                (Ok(answer), _) => return Self::decode(&answer),
                (Err(ApiError::Unknown { what }), event) => {
                    tracing::debug!(%what, "create outcome unknown; looking the slug up");
                    // Dropped when the lookup fails: the event then says undetermined.
                    let found = self.find_by_slug(slug).await?;
                    audit::settle_create(event, found.as_ref(), turn.machine_wide());
                    if let Some(created) = found {
                        if turn.machine_wide() {
                            return Ok(created);
                        }
                        return Err(ApiError::Unplaced {
                            what: format!(
                                "{what}; a tenant with the slug {slug:?} appeared meanwhile (id \
                                 {}, name {:?}). This provider process could not take turns with \
                                 the other provider processes on this machine ({}; set \
                                 {LOCK_DIR_ENV} to a writable directory), so it cannot prove its \
                                 own request made it: it was left alone. If it is this \
                                 configuration's, import it: terraform import ADDRESS slug:{slug} \
                                 (ADDRESS is its scaikey_tenant address); otherwise delete it \
                                 through the API (DELETE {}) and apply again.",
                                created.id,
                                created.name,
                                self.turns.dir().problem().unwrap_or("no lock directory"),
                                self.tenants_url(Some(&created.id)),
                            ),
                        });
                    }
                    match budget.retry(None).ok() {
                        Some(wait) => self.pause(wait).await?,
                        None => {
                            return Err(ApiError::Unreachable {
                                what: format!(
                                    "{what}; no tenant with the slug exists (after {} retries)",
                                    budget.spent()
                                ),
                            })
                        }
                    }
                }
                (Err(e), _) => return Err(e),
            }
        }
    }

    /// Changes a tenant: `body` holds only what changes (a PATCH merges, so a retry is safe).
    pub async fn patch(&self, id: &str, body: &Json) -> Result<Tenant, ApiError> {
        let answer = self
            .send(
                Method::PATCH,
                self.tenants_url(Some(id)),
                &[],
                Some(body),
                true,
            )
            .await?;
        Self::decode(&answer)
    }

    /// Soft-deletes a tenant. A 404 (after a retry whose first attempt went through, or a tenant
    /// deleted meanwhile) is success when the tenant is gone or deleted.
    pub async fn delete(&self, id: &str) -> Result<(), ApiError> {
        match self
            .send(Method::DELETE, self.tenants_url(Some(id)), &[], None, true)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.status() == Some(404) => match self.get(id).await? {
                Some(tenant) if !tenant.is_deleted() => Err(e),
                _ => Ok(()),
            },
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_appended_to_the_service_url_and_ids_are_escaped() {
        let base = Url::parse("https://scaikey.example.com/").unwrap();
        assert_eq!(
            url_of(&base, &["api", "v1", "admin", "tenants", ""]).as_str(),
            "https://scaikey.example.com/api/v1/admin/tenants/"
        );
        let prefixed = Url::parse("http://127.0.0.1:1/scaikey").unwrap();
        assert_eq!(
            url_of(&prefixed, &["api", "v1", "admin", "tenants", "a/b"]).as_str(),
            "http://127.0.0.1:1/scaikey/api/v1/admin/tenants/a%2Fb"
        );
    }
}
