//! API-key authentication: `Authorization: Bearer rk_live_…` is looked up by its digest (401 when
//! missing or unknown), and the caller's scopes are checked (403 naming the scope).

use axum::http::{header, HeaderMap};

use crate::error::ApiError;
use crate::secrets::{digest, KEY_PREFIX};
use crate::state::AppState;

/// The tenant and scopes behind the calling key.
pub struct Caller {
    pub tenant_id: String,
    pub scopes: Vec<String>,
}

impl Caller {
    pub fn holds(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// 403 unless the calling key holds `scope`.
    pub fn require(&self, scope: &str) -> Result<(), ApiError> {
        if self.holds(scope) {
            Ok(())
        } else {
            Err(ApiError::missing_scope(scope))
        }
    }
}

fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let usage = "send the tenant's API key as Authorization: Bearer rk_live_…";
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized(format!("no API key: {usage}")))?
        .to_str()
        .map_err(|_| ApiError::unauthorized(format!("malformed Authorization header: {usage}")))?;
    match value.split_once(' ') {
        Some((scheme, key)) if scheme.eq_ignore_ascii_case("bearer") && !key.trim().is_empty() => {
            Ok(key.trim())
        }
        _ => Err(ApiError::unauthorized(format!(
            "malformed Authorization header: {usage}"
        ))),
    }
}

/// Who is calling, from the request's API key.
pub fn caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let key = bearer(headers)?;
    let unknown = || {
        ApiError::unauthorized(
            "the API key is not valid: it is not a key Raven issued (keys are shown once, \
             at registration or creation)",
        )
    };
    if !key.starts_with(KEY_PREFIX) {
        return Err(unknown());
    }
    let (tenant_id, scopes) = state
        .store
        .key_by_digest(&digest(key))?
        .ok_or_else(unknown)?;
    Ok(Caller { tenant_id, scopes })
}
