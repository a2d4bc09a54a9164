//! The Tenant Management API client: OAuth2 authentication, retries, rate limiting and typed errors.
//! No Terraform types here.

mod audit;
mod auth;
mod create;
mod error;
mod failure;
mod http;
pub mod keys;
mod listing;
mod model;
mod reads;
pub mod wire;

pub use api_client_kit::{LockDir, RetryTiming, Secret, Stop};
pub use error::ApiError;
pub use listing::TenantCursor;
pub use model::*;
pub use reads::SPARE_PAGES;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;

use http::Transport;

/// How the client authenticates to the organization's token endpoint.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// HTTP Basic with the client secret.
    ClientSecret {
        client_id: String,
        client_secret: Secret,
    },
    /// private_key_jwt: a JWT signed with this PEM key (RSA or EC P-256; PKCS#1, PKCS#8 or SEC1).
    PrivateKey {
        client_id: String,
        private_key_pem: Secret,
        key_id: Option<String>,
    },
}

/// Everything needed to build a [`Client`].
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// Control plane base URL, e.g. `https://api.tenants.resistant.ai/v0`.
    pub endpoint: String,
    /// The organization's OAuth2 token endpoint.
    pub token_url: String,
    pub credentials: Credentials,
    pub scopes: Vec<String>,
    pub request_timeout: Duration,
    /// The longest one operation may take with its retries and rate-limit waits.
    pub operation_timeout: Duration,
    /// Retries of failures that may be the server's fault (5xx, lost connections); 429s do not
    /// count against them, only against `operation_timeout`.
    pub max_retries: u32,
    /// Client-side limit; `None` for no limit.
    pub requests_per_second: Option<u32>,
    /// Appended to the User-Agent, e.g. `terraform/1.11.4`.
    pub user_agent_suffix: String,
    /// Raised when Terraform asks the provider to stop: every wait and request then ends.
    pub stop: Stop,
    /// Where creates take turns with the other provider processes on this machine
    /// ([`default_lock_dir`] unless a test or setting says otherwise).
    pub lock_dir: LockDir,
}

/// The environment variable that names the lock directory (see [`default_lock_dir`]).
pub const LOCK_DIR_ENV: &str = "RESISTANT_LOCK_DIR";

/// The directory where this user's provider processes take turns: `$RESISTANT_LOCK_DIR`, else a
/// per-user default (`$XDG_RUNTIME_DIR`, `$XDG_CACHE_HOME` or `~/.cache`, under
/// `terraform-provider-resistant/locks`).
pub fn default_lock_dir() -> LockDir {
    LockDir::for_provider("resistant", LOCK_DIR_ENV)
}

/// How long one operation may take with its retries, unless configured otherwise.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(300);

/// The largest page the API serves.
const PAGE_LIMIT: u32 = 100;
/// A bound on pages followed, against a server whose `next` never ends.
const MAX_PAGES: usize = 10_000;

/// The Tenant Management API client. Cheap to clone; clones share the token cache and rate limiter
/// (and, once [`Client::reading_in_batches`], what it read).
#[derive(Clone)]
pub struct Client {
    transport: Arc<Transport>,
    /// `Some` when reads may be answered from listings this client fetched.
    reads: Option<Arc<reads::Reads>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Client { .. }")
    }
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, ApiError> {
        Client::with_retry_timing(config, RetryTiming::default())
    }

    /// Like [`Client::new`] with other backoff timing (tests use short delays).
    pub fn with_retry_timing(
        config: ClientConfig,
        timing: RetryTiming,
    ) -> Result<Client, ApiError> {
        Ok(Client {
            transport: Arc::new(Transport::new(&config, timing)?),
            reads: None,
        })
    }

    /// The same client, reading in batches from now on: `get_tenant` from a shared walk of the
    /// tenant listing, `get_application` from one listing per tenant (see `reads.rs`). What it
    /// read stays for the client's life, updated only by its own creates and deletes, so use it
    /// for what serves one terraform command (the provider's client), not for a client that
    /// outlives changes made elsewhere. Listings, lookups by name and creates always ask the API.
    pub fn reading_in_batches(self) -> Client {
        Client {
            reads: Some(Arc::default()),
            ..self
        }
    }

    /// The same client, recording every mutating call in `trail` when given one (see
    /// `api_client_kit::audit`): the intent before the request is sent, the outcome after.
    pub fn auditing(self, trail: Option<api_client_kit::audit::Audit>) -> Client {
        if let Some(trail) = trail {
            // A client is audited once, right after it is made; a second trail is ignored.
            let _ = self.transport.audit.set(trail);
        }
        self
    }

    /// The stop signal this client obeys (for requests made beside it, such as data-plane tokens).
    pub fn stop_signal(&self) -> Stop {
        self.transport.stop.clone()
    }

    /// Replaces the cached access token, so that the next call sends `token`. Only for tests of
    /// the refresh-on-401 path.
    #[doc(hidden)]
    pub async fn replace_cached_token_for_tests(&self, token: Secret) {
        self.transport.replace_token(token).await;
    }

    pub async fn create_tenant(&self, request: &CreateTenant) -> Result<Tenant, ApiError> {
        let created = create::create_tenant(self, request).await;
        if let (Some(reads), Ok(tenant)) = (&self.reads, &created) {
            reads.created_tenant(tenant);
        }
        created
    }

    /// `Err(ApiError::NotFound)` when there is no such tenant.
    pub async fn get_tenant(&self, tenant_id: &str) -> Result<Tenant, ApiError> {
        if let Some(reads) = &self.reads {
            return reads.tenant(&self.transport, tenant_id).await;
        }
        let url = self.transport.url(&["tenants", tenant_id]);
        let reply = self.transport.call(Method::GET, &url, None).await?;
        wire::parse_tenant(&reply.body)
    }

    /// Every tenant of the organization, following `_links.next` to the end.
    pub async fn list_tenants(&self) -> Result<Vec<Tenant>, ApiError> {
        let mut url = self.transport.url(&["tenants"]);
        url.query_pairs_mut()
            .append_pair("limit", &PAGE_LIMIT.to_string());
        let mut tenants = Vec::new();
        for _ in 0..MAX_PAGES {
            let reply = self.transport.call(Method::GET, &url, None).await?;
            let page = wire::parse_tenant_page(&reply.body)?;
            let empty = page.items.is_empty();
            tenants.extend(page.items);
            match page.next {
                Some(href) if !empty => {
                    let next = self.transport.resolve_link(&href)?;
                    if next == url {
                        return Err(ApiError::Server {
                            status: reply.status,
                            message: format!(
                                "the tenant list links to itself as its next page ({href})"
                            ),
                        });
                    }
                    url = next;
                }
                _ => return Ok(tenants),
            }
        }
        Err(ApiError::Server {
            status: 200,
            message: format!("the tenant list did not end after {MAX_PAGES} pages"),
        })
    }

    pub async fn find_tenant_by_name(&self, name: &str) -> Result<Option<Tenant>, ApiError> {
        Ok(self
            .list_tenants()
            .await?
            .into_iter()
            .find(|t| t.name == name))
    }

    /// Deleting a tenant that is already gone succeeds.
    pub async fn delete_tenant(&self, tenant_id: &str) -> Result<(), ApiError> {
        let url = self.transport.url(&["tenants", tenant_id]);
        let deleted = self.delete(&url).await;
        if let Some(reads) = &self.reads {
            reads.deleted_tenant(tenant_id, deleted.is_ok());
        }
        deleted
    }

    pub async fn create_application(
        &self,
        tenant_id: &str,
        request: &CreateApplication,
    ) -> Result<CreatedApplication, ApiError> {
        let created = create::create_application(self, tenant_id, request).await;
        if let Some(reads) = &self.reads {
            reads.changed_applications(tenant_id);
        }
        created
    }

    pub async fn get_application(
        &self,
        tenant_id: &str,
        application_id: &str,
    ) -> Result<Application, ApiError> {
        if let Some(reads) = &self.reads {
            return reads
                .application(&self.transport, tenant_id, application_id)
                .await;
        }
        let url = self
            .transport
            .url(&["tenants", tenant_id, "applications", application_id]);
        let reply = self.transport.call(Method::GET, &url, None).await?;
        wire::parse_application(&reply.body)
    }

    pub async fn list_applications(&self, tenant_id: &str) -> Result<Vec<Application>, ApiError> {
        let url = self.transport.url(&["tenants", tenant_id, "applications"]);
        let reply = self.transport.call(Method::GET, &url, None).await?;
        wire::parse_application_list(&reply.body)
    }

    /// Deleting an application that is already gone succeeds.
    pub async fn delete_application(
        &self,
        tenant_id: &str,
        application_id: &str,
    ) -> Result<(), ApiError> {
        let url = self
            .transport
            .url(&["tenants", tenant_id, "applications", application_id]);
        let deleted = self.delete(&url).await;
        if let Some(reads) = &self.reads {
            reads.changed_applications(tenant_id);
        }
        deleted
    }

    async fn delete(&self, url: &url::Url) -> Result<(), ApiError> {
        self.transport.audit_ready()?;
        match self.transport.call(Method::DELETE, url, None).await {
            Ok(_) | Err(ApiError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// Requests a data-plane (Documents API) access token with a tenant application's credentials.
pub async fn request_access_token(
    http_timeout: Duration,
    token_url: &str,
    credentials: &Credentials,
    scopes: &[String],
    stop: &Stop,
) -> Result<AccessToken, ApiError> {
    const DATA_PLANE_RETRIES: u32 = 3;
    let http = http::http_client(http_timeout, "")?;
    let auth = auth::ClientAuth::from_credentials(credentials)?;
    let request = auth::TokenRequest {
        http: &http,
        token_url,
        auth: &auth,
        scopes,
        timeout: http_timeout,
        stop,
    };
    let budget = api_client_kit::Budget::new(
        RetryTiming::default(),
        DATA_PLANE_RETRIES,
        DEFAULT_OPERATION_TIMEOUT,
    );
    auth::request_token(&request, budget).await
}
