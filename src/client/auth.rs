//! OAuth2 client credentials: client assertions (private_key_jwt) and token requests with either
//! client authentication (the control-plane client keeps its token in the kit's single-flight
//! `TokenCache`).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::json;

use super::failure::{status_failure, transport_failure, Failure};
use super::keys::{parse_private_key_pem, PrivateKey};
use super::{wire, AccessToken, ApiError, Credentials, Secret};
use api_client_kit::{retry, Budget, GiveUp, Stop};

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Lifetime of a client assertion.
pub const ASSERTION_LIFETIME_SECS: u64 = 300;

/// Credentials ready for use: the private key parsed once.
#[derive(Clone, Debug)]
pub enum ClientAuth {
    Secret {
        client_id: String,
        client_secret: Secret,
    },
    Key {
        client_id: String,
        key: Arc<PrivateKey>,
        key_id: Option<String>,
    },
}

impl ClientAuth {
    pub fn from_credentials(credentials: &Credentials) -> Result<ClientAuth, ApiError> {
        match credentials {
            Credentials::ClientSecret {
                client_id,
                client_secret,
            } => Ok(ClientAuth::Secret {
                client_id: client_id.clone(),
                client_secret: client_secret.clone(),
            }),
            Credentials::PrivateKey {
                client_id,
                private_key_pem,
                key_id,
            } => {
                let key = parse_private_key_pem(private_key_pem.expose()).map_err(|e| {
                    ApiError::Config {
                        message: format!("private_key: {e}"),
                    }
                })?;
                Ok(ClientAuth::Key {
                    client_id: client_id.clone(),
                    key: Arc::new(key),
                    key_id: key_id.clone().filter(|k| !k.is_empty()),
                })
            }
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A signed JWT for private_key_jwt: `iss` = `sub` = client_id, `aud` = the token URL, a unique `jti`.
pub fn client_assertion(
    key: &PrivateKey,
    key_id: Option<&str>,
    client_id: &str,
    audience: &str,
) -> Result<Secret, ApiError> {
    let mut header = json!({ "alg": key.alg(), "typ": "JWT" });
    if let Some(kid) = key_id {
        header["kid"] = json!(kid);
    }
    let iat = unix_now();
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": iat,
        "exp": iat + ASSERTION_LIFETIME_SECS,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    let encode = |v: &serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string().as_bytes());
    let signing_input = format!("{}.{}", encode(&header), encode(&claims));
    let signature = key.sign(signing_input.as_bytes())?;
    Ok(Secret::new(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    )))
}

/// Where and how to ask for a token.
pub struct TokenRequest<'a> {
    pub http: &'a reqwest::Client,
    pub token_url: &'a str,
    pub auth: &'a ClientAuth,
    pub scopes: &'a [String],
    pub timeout: Duration,
    pub stop: &'a Stop,
}

/// One token request, no retries.
pub async fn request_token_once(
    request: &TokenRequest<'_>,
    attempt: u32,
) -> Result<AccessToken, Failure> {
    let TokenRequest {
        http,
        token_url,
        auth,
        scopes,
        timeout,
        stop,
    } = *request;
    let mut form: Vec<(&str, String)> = vec![("grant_type", "client_credentials".into())];
    if !scopes.is_empty() {
        form.push(("scope", scopes.join(" ")));
    }
    let mut request = http
        .post(token_url)
        .header(reqwest::header::ACCEPT, "application/json");
    match auth {
        ClientAuth::Secret {
            client_id,
            client_secret,
        } => request = request.basic_auth(client_id, Some(client_secret.expose())),
        ClientAuth::Key {
            client_id,
            key,
            key_id,
        } => {
            let assertion = client_assertion(key, key_id.as_deref(), client_id, token_url)
                .map_err(Failure::fatal)?;
            form.push(("client_assertion_type", ASSERTION_TYPE.into()));
            form.push(("client_assertion", assertion.expose().to_string()));
        }
    }
    let started = Instant::now();
    let response = stop
        .unless_stopped(request.form(&form).send())
        .await
        .map_err(|_| Failure::stopped("token request", true))?;
    let latency_ms = started.elapsed().as_millis() as u64;
    let response = match response {
        Ok(r) => r,
        Err(e) => {
            tracing::debug!(attempt, latency_ms, "token request failed in transport");
            return Err(transport_failure(&e, "token request", timeout));
        }
    };
    let status = response.status().as_u16();
    tracing::debug!(status, attempt, latency_ms, "token request");
    let headers = response.headers().clone();
    let body = stop
        .unless_stopped(response.bytes())
        .await
        .map_err(|_| Failure::stopped("token response", true))?
        .map_err(|e| transport_failure(&e, "token response", timeout))?;
    if matches!(status, 404 | 405) {
        return Err(Failure::fatal(ApiError::Config {
            message: format!(
                "the token URL {token_url} answered HTTP {status}; check token_url (it must be the OAuth2 token endpoint)"
            ),
        }));
    }
    if !(200..300).contains(&status) {
        return Err(status_failure(status, &headers, &body, "token endpoint"));
    }
    wire::parse_token(&body).map_err(Failure::fatal)
}

/// A token request with retries of transient failures, as `budget` allows.
pub async fn request_token(
    request: &TokenRequest<'_>,
    mut budget: Budget,
) -> Result<AccessToken, ApiError> {
    retry(
        &mut budget,
        request.stop,
        |attempt| request_token_once(request, attempt),
        |failure: &Failure, attempt, delay| {
            tracing::info!(
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %failure.error.summary(),
                "retrying token request"
            )
        },
    )
    .await
    .map_err(|(failure, why)| match why {
        GiveUp::Stopped => Failure::stopped("token request", false).error,
        _ => failure.error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::keys::parse_private_key_pem;

    fn decode_part(part: &str) -> serde_json::Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    #[test]
    fn assertion_has_the_required_claims_and_verifies() {
        let pem = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/org_rsa_pkcs1.pem"
        ))
        .unwrap();
        let key = parse_private_key_pem(&pem).unwrap();
        let a = client_assertion(&key, Some("kid-1"), "org-client", "http://h/token").unwrap();
        let b = client_assertion(&key, None, "org-client", "http://h/token").unwrap();
        let parts: Vec<&str> = a.expose().split('.').collect();
        assert_eq!(parts.len(), 3);
        let header = decode_part(parts[0]);
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["kid"], "kid-1");
        assert!(decode_part(b.expose().split('.').next().unwrap())
            .get("kid")
            .is_none());
        let claims = decode_part(parts[1]);
        assert_eq!(claims["iss"], "org-client");
        assert_eq!(claims["sub"], "org-client");
        assert_eq!(claims["aud"], "http://h/token");
        let iat = claims["iat"].as_u64().unwrap();
        let exp = claims["exp"].as_u64().unwrap();
        assert!(exp > iat && exp - iat <= 300);
        assert_ne!(
            claims["jti"],
            decode_part(b.expose().split('.').nth(1).unwrap())["jti"]
        );

        // The signature verifies with the public key (independent implementation: jsonwebtoken).
        let public = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/org_rsa_public.pem"
        ))
        .unwrap();
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        validation.set_audience(&["http://h/token"]);
        jsonwebtoken::decode::<serde_json::Value>(
            a.expose(),
            &jsonwebtoken::DecodingKey::from_rsa_pem(&public).unwrap(),
            &validation,
        )
        .unwrap();
    }

    #[test]
    fn es256_assertion_verifies() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
        let key = parse_private_key_pem(
            &std::fs::read_to_string(format!("{dir}ec_p256_sec1.pem")).unwrap(),
        )
        .unwrap();
        let a = client_assertion(&key, None, "c", "aud").unwrap();
        let public = std::fs::read(format!("{dir}ec_p256_public.pem")).unwrap();
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
        validation.set_audience(&["aud"]);
        jsonwebtoken::decode::<serde_json::Value>(
            a.expose(),
            &jsonwebtoken::DecodingKey::from_ec_pem(&public).unwrap(),
            &validation,
        )
        .unwrap();
    }
}
