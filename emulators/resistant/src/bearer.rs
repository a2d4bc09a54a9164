//! Bearer-token checks for the control plane (organization tokens) and the data plane
//! (tenant application tokens of one cell): 401 for a missing/invalid/expired/misplaced token,
//! 403 for a valid token lacking the scope.

use axum::http::{header, HeaderMap};

use crate::error::ApiError;
use crate::state::AppState;
use crate::tokens::Principal;

/// The tenant application behind a data-plane token.
pub struct AppCaller {
    pub tenant_id: String,
}

fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("missing Authorization header"))?
        .to_str()
        .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| ApiError::unauthorized("Authorization must be \"Bearer <token>\""))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthorized(
            "Authorization must be \"Bearer <token>\"",
        ));
    }
    Ok(token.trim())
}

fn principal(state: &AppState, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let token = bearer(headers)?;
    crate::tokens::lookup(&state.store, token)?
        .ok_or_else(|| ApiError::unauthorized("the access token is invalid or expired"))
}

/// Requires an organization token holding `scope`.
pub fn require_org_scope(
    state: &AppState,
    headers: &HeaderMap,
    scope: &str,
) -> Result<(), ApiError> {
    match principal(state, headers)? {
        Principal::Organization { scopes } if scopes.iter().any(|s| s == scope) => Ok(()),
        Principal::Organization { .. } => Err(ApiError::forbidden(format!(
            "the access token lacks the scope {scope}"
        ))),
        Principal::Application { .. } => Err(ApiError::unauthorized(
            "tenant application tokens are not valid on the Tenant Management API",
        )),
    }
}

/// Requires a tenant application token for `cell` holding `scope`.
pub fn require_app_scope(
    state: &AppState,
    headers: &HeaderMap,
    cell: &str,
    scope: &str,
) -> Result<AppCaller, ApiError> {
    match principal(state, headers)? {
        Principal::Application {
            tenant_id,
            application_id,
            cell: token_cell,
            scopes,
        } => {
            if token_cell != cell {
                return Err(ApiError::unauthorized(format!(
                    "the access token was issued for cell {token_cell}, not {cell}"
                )));
            }
            if !state.store.application_exists(&application_id) {
                return Err(ApiError::unauthorized(
                    "the application of this access token no longer exists",
                ));
            }
            if !scopes.iter().any(|s| s == scope) {
                return Err(ApiError::forbidden(format!(
                    "the access token lacks the scope {scope}"
                )));
            }
            Ok(AppCaller { tenant_id })
        }
        Principal::Organization { .. } => Err(ApiError::unauthorized(
            "organization tokens are not valid on the Documents API",
        )),
    }
}
