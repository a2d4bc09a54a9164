//! The Tenant Management API client: OAuth2 authentication, retries, rate limiting and typed errors.
//! No Terraform types here. (Interface fixed by the skeleton; bodies are filled in by the client work.)

mod error;
mod model;
mod secret;

pub use error::ApiError;
pub use model::*;
pub use secret::Secret;

use std::time::Duration;

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
    pub max_retries: u32,
    /// Client-side limit; `None` for no limit.
    pub requests_per_second: Option<u32>,
    /// Appended to the User-Agent, e.g. `terraform/1.11.4`.
    pub user_agent_suffix: String,
}

/// The Tenant Management API client. Cheap to clone; clones share the token cache and rate limiter.
#[derive(Clone)]
pub struct Client {
    _private: (),
}

impl Client {
    pub fn new(_config: ClientConfig) -> Result<Client, ApiError> {
        todo!()
    }

    pub async fn create_tenant(&self, _request: &CreateTenant) -> Result<Tenant, ApiError> {
        todo!()
    }

    /// `Err(ApiError::NotFound)` when there is no such tenant.
    pub async fn get_tenant(&self, _tenant_id: &str) -> Result<Tenant, ApiError> {
        todo!()
    }

    /// Every tenant of the organization, following `_links.next` to the end.
    pub async fn list_tenants(&self) -> Result<Vec<Tenant>, ApiError> {
        todo!()
    }

    pub async fn find_tenant_by_name(&self, _name: &str) -> Result<Option<Tenant>, ApiError> {
        todo!()
    }

    /// Deleting a tenant that is already gone succeeds.
    pub async fn delete_tenant(&self, _tenant_id: &str) -> Result<(), ApiError> {
        todo!()
    }

    pub async fn create_application(
        &self,
        _tenant_id: &str,
        _request: &CreateApplication,
    ) -> Result<CreatedApplication, ApiError> {
        todo!()
    }

    pub async fn get_application(
        &self,
        _tenant_id: &str,
        _application_id: &str,
    ) -> Result<Application, ApiError> {
        todo!()
    }

    pub async fn list_applications(&self, _tenant_id: &str) -> Result<Vec<Application>, ApiError> {
        todo!()
    }

    /// Deleting an application that is already gone succeeds.
    pub async fn delete_application(
        &self,
        _tenant_id: &str,
        _application_id: &str,
    ) -> Result<(), ApiError> {
        todo!()
    }
}

/// Requests a data-plane (Documents API) access token with a tenant application's credentials.
pub async fn request_access_token(
    _http_timeout: Duration,
    _token_url: &str,
    _credentials: &Credentials,
    _scopes: &[String],
) -> Result<AccessToken, ApiError> {
    todo!()
}
