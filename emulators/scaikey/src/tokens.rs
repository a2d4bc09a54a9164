//! Access tokens: HS256 JWTs signed with the server's key (kept in the database, so tokens survive
//! a restart on the same `--db`), carrying the granted scopes and an expiry checked to the second.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Every scope a token can carry, in the order they are granted.
pub const SCOPES: [&str; 2] = ["tenants:read", "tenants:write"];
const ISSUER: &str = "scaikey-emulator";
const AUDIENCE: &str = "scaikey-admin-api";

#[derive(Serialize, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    scope: String,
    iat: u64,
    exp: u64,
    jti: String,
}

/// Issues and checks the tokens of the one admin client.
pub struct Signer {
    key: Vec<u8>,
    client_id: String,
    ttl: Duration,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Signer {
    pub fn new(key: Vec<u8>, client_id: String, ttl: Duration) -> Signer {
        Signer {
            key,
            client_id,
            ttl,
        }
    }

    /// Token lifetime in whole seconds (at least one).
    pub fn ttl_secs(&self) -> u64 {
        self.ttl.as_secs().max(1)
    }

    /// A signed token granting `scopes`.
    pub fn issue(&self, scopes: &[String]) -> Result<String, ApiError> {
        let iat = unix_now();
        let claims = Claims {
            iss: ISSUER.to_string(),
            sub: self.client_id.clone(),
            aud: AUDIENCE.to_string(),
            scope: scopes.join(" "),
            iat,
            exp: iat + self.ttl_secs(),
            jti: uuid::Uuid::new_v4().to_string(),
        };
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(&self.key),
        )
        .map_err(|err| {
            tracing::error!(error = %err, "cannot sign a token");
            ApiError::internal("cannot sign the access token")
        })
    }

    /// The scopes of a valid, unexpired token of this server for the admin client.
    pub fn verify(&self, token: &str) -> Result<Vec<String>, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(
            token,
            &DecodingKey::from_secret(&self.key),
            &validation,
        )
        .map_err(|err| match err.kind() {
            ErrorKind::ExpiredSignature => {
                ApiError::unauthorized("the access token has expired; request a new one")
            }
            _ => ApiError::unauthorized(
                "the access token is not valid; request one at /api/v1/oauth/token",
            ),
        })?;
        if data.claims.sub != self.client_id {
            return Err(ApiError::unauthorized(
                "the access token was issued to another client; request a new one",
            ));
        }
        Ok(data
            .claims
            .scope
            .split_whitespace()
            .map(str::to_string)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(key: &[u8]) -> Signer {
        Signer::new(key.to_vec(), "admin".into(), Duration::from_secs(60))
    }

    #[test]
    fn a_token_carries_its_scopes_and_only_its_signer_accepts_it() {
        let token = signer(b"one").issue(&["tenants:read".to_string()]).unwrap();
        assert_eq!(signer(b"one").verify(&token).unwrap(), ["tenants:read"]);
        assert!(signer(b"two").verify(&token).is_err());
        assert!(signer(b"one").verify("not.a.jwt").is_err());
    }
}
