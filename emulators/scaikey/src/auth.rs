//! Bearer checks for the tenants endpoints: 401 for a missing, invalid or expired token, 403
//! naming the scope a valid token lacks.

use axum::http::{header, HeaderMap};

use crate::error::ApiError;
use crate::state::AppState;

/// Requires `Authorization: Bearer <JWT>` holding `scope`.
pub fn require(state: &AppState, headers: &HeaderMap, scope: &str) -> Result<(), ApiError> {
    let usage = "send Authorization: Bearer <access token> (from POST /api/v1/oauth/token)";
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized(format!("Not authenticated: {usage}")))?
        .to_str()
        .map_err(|_| ApiError::unauthorized(format!("malformed Authorization header: {usage}")))?;
    let token = match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            token.trim()
        }
        _ => {
            return Err(ApiError::unauthorized(format!(
                "malformed Authorization header: {usage}"
            )))
        }
    };
    let scopes = state.signer.verify(token)?;
    if scopes.iter().any(|s| s == scope) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "the access token lacks the scope {scope}; request a token with scope={scope}"
        )))
    }
}
