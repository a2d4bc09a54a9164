//! Checks of private_key_jwt client assertions (RFC 7523): signature with the registered key,
//! `kid`, `iss` = `sub` = client_id, `aud` = the token endpoint URL, `iat`/`exp` (at most 60
//! minutes apart), `nbf`, and a `jti` that was never used before.

use serde_json::{Map, Value};

use crate::error::OAuthError;
use crate::keys::{verify_jwt, PublicKey};
use crate::state::AppState;
use crate::tokens::{self, unix_now};

/// Longest allowed gap between `iat` and `exp` of a client assertion.
const MAX_ASSERTION_LIFETIME: u64 = 3600;
/// Clock skew tolerated on `iat`, `nbf` and `exp`.
const LEEWAY: u64 = 60;

fn claim_u64(claims: &Map<String, Value>, name: &str) -> Result<u64, OAuthError> {
    claims.get(name).and_then(Value::as_u64).ok_or_else(|| {
        OAuthError::invalid_client(format!("client_assertion needs a numeric {name} claim"))
    })
}

fn claim_str<'a>(claims: &'a Map<String, Value>, name: &str) -> Result<&'a str, OAuthError> {
    claims
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| OAuthError::invalid_client(format!("client_assertion needs a {name} claim")))
}

/// Verifies a private_key_jwt assertion: signature, kid, iss, sub, aud, iat, exp, nbf, jti.
pub fn check_assertion(
    state: &AppState,
    client_id: &str,
    assertion: &str,
    key: &PublicKey,
    registered_kid: Option<&str>,
    token_url: &str,
) -> Result<(), OAuthError> {
    let jwt = verify_jwt(assertion, key).map_err(OAuthError::invalid_client)?;
    if let (Some(kid), Some(registered)) = (&jwt.kid, registered_kid) {
        if kid != registered {
            return Err(OAuthError::invalid_client(format!(
                "client_assertion kid {kid:?} does not match the registered key id"
            )));
        }
    }
    let claims = &jwt.claims;
    if claim_str(claims, "iss")? != client_id {
        return Err(OAuthError::invalid_client(
            "client_assertion iss must be the client_id",
        ));
    }
    if claim_str(claims, "sub")? != client_id {
        return Err(OAuthError::invalid_client(
            "client_assertion sub must be the client_id",
        ));
    }
    let audience_ok = match claims.get("aud") {
        Some(Value::String(aud)) => aud == token_url,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(token_url)),
        _ => false,
    };
    if !audience_ok {
        return Err(OAuthError::invalid_client(format!(
            "client_assertion aud must be the token endpoint URL {token_url}"
        )));
    }
    let now = unix_now();
    let iat = claim_u64(claims, "iat")?;
    let exp = claim_u64(claims, "exp")?;
    if iat > now + LEEWAY {
        return Err(OAuthError::invalid_client(
            "client_assertion iat is in the future",
        ));
    }
    if exp + LEEWAY <= now {
        return Err(OAuthError::invalid_client("client_assertion has expired"));
    }
    if exp <= iat || exp - iat > MAX_ASSERTION_LIFETIME {
        return Err(OAuthError::invalid_client(
            "client_assertion exp must be after iat and at most 60 minutes later",
        ));
    }
    if let Some(nbf) = claims.get("nbf") {
        if nbf.as_u64().is_none_or(|nbf| nbf > now + LEEWAY) {
            return Err(OAuthError::invalid_client(
                "client_assertion is not valid yet (nbf)",
            ));
        }
    }
    let jti = claim_str(claims, "jti")?;
    if !tokens::record_jti(&state.store, client_id, jti, exp)? {
        return Err(OAuthError::invalid_client(
            "client_assertion jti was already used",
        ));
    }
    Ok(())
}
