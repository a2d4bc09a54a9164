//! The shared server state every handler receives, and what the emulator kit's fault middleware
//! needs to know of this API: its error shape, its token endpoints, the paths it must not log.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use emulator_kit::{Control, Emulated};

use crate::error::message_response;
use crate::keys::PublicKey;
use crate::stats::Counters;
use crate::store::Store;

/// The organization's OAuth2 client.
pub struct OrgClient {
    pub client_id: String,
    pub secret_hash: String,
    pub key: Option<PublicKey>,
}

/// A document submission on the data plane.
#[derive(Clone, Debug)]
pub struct Submission {
    pub tenant_id: String,
    pub cell: String,
    pub upload_id: String,
    pub uploaded_bytes: Option<usize>,
}

/// Everything the handlers share.
pub struct AppState {
    pub store: Store,
    pub counters: Counters,
    /// Faults, their dice and the counters the kit keeps.
    pub control: Arc<Control>,
    pub org: OrgClient,
    pub org_name: String,
    pub tenant_quota: u32,
    /// The most tenants one listing page holds.
    pub max_page_size: u32,
    pub token_ttl: Duration,
    pub addr: SocketAddr,
    /// Submissions by id (in memory: the data plane is a stand-in).
    pub submissions: Mutex<HashMap<String, Submission>>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// `http://<host>` as the client addressed us (Host header), else the listen address.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()));
        match host {
            Some(host) => format!("http://{host}"),
            None => format!("http://{}", self.addr),
        }
    }
}

fn is_token_endpoint(path: &str) -> bool {
    path.starts_with("/oauth2/")
}

impl Emulated for AppState {
    fn control(&self) -> &Control {
        &self.control
    }

    fn error(&self, status: StatusCode, message: &str) -> Response {
        message_response(status, message)
    }

    fn is_token_path(&self, path: &str) -> bool {
        is_token_endpoint(path)
    }

    /// Upload URLs are capabilities, so only their route is logged.
    fn loggable_path(&self, request: &Request) -> String {
        match request.extensions().get::<MatchedPath>() {
            Some(route) if route.as_str().contains("{upload_id}") => route.as_str().to_string(),
            _ => request.uri().path().to_string(),
        }
    }

    /// `api_requests` counts every request but the token endpoints' (faulted or not).
    fn observe(&self, path: &str) {
        if !is_token_endpoint(path) {
            Counters::bump(&self.counters.api_requests);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_paths_are_recognised() {
        assert!(is_token_endpoint("/oauth2/tenants/v1/token"));
        assert!(!is_token_endpoint("/v0/tenants"));
    }
}
