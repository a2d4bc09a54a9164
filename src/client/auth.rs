//! OAuth2 client credentials: client assertions (private_key_jwt), token requests with either
//! client authentication, and the single-flight token cache of the control-plane client.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::json;

use super::keys::{parse_private_key_pem, PrivateKey};
use super::retry::{is_retryable_status, parse_retry_after, RetryTiming};
use super::{wire, AccessToken, ApiError, Credentials, Secret};

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

/// The outcome of one failed attempt, with what the retry logic needs to know.
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    pub retry_after: Option<Duration>,
    pub retryable: bool,
}

impl Failure {
    pub fn fatal(error: ApiError) -> Failure {
        Failure {
            error,
            retry_after: None,
            retryable: false,
        }
    }
}

/// The failure for a reqwest error; `timeout` and `what` make the message say what happened.
pub fn transport_failure(error: &reqwest::Error, what: &str, timeout: Duration) -> Failure {
    let message = if error.is_timeout() {
        format!(
            "{what}: no response within the request timeout of {:.1}s",
            timeout.as_secs_f64()
        )
    } else if error.is_connect() {
        format!("{what}: could not connect: {}", error_chain(error))
    } else {
        format!("{what}: {}", error_chain(error))
    };
    Failure {
        error: ApiError::Transport { message },
        retry_after: None,
        retryable: true,
    }
}

/// The error and its causes on one line (reqwest's own text only names the URL, which is no secret).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The failure for an unsuccessful status with its body and headers.
pub fn status_failure(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    prefix: &str,
) -> Failure {
    let message = wire::error_message(body);
    let message = if prefix.is_empty() || message.is_empty() {
        message
    } else {
        format!("{prefix}: {message}")
    };
    let mut error = ApiError::from_status(status, message);
    // OAuth2 token endpoints answer 400 for bad client credentials and scopes.
    if let ApiError::Validation { message } = &error {
        if message.contains("invalid_client") || message.contains("unauthorized_client") {
            error = ApiError::Unauthorized {
                message: message.clone(),
            };
        } else if message.contains("invalid_scope") {
            error = ApiError::Forbidden {
                message: message.clone(),
            };
        }
    }
    Failure {
        error,
        retry_after: headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after),
        retryable: is_retryable_status(status),
    }
}

/// One token request, no retries.
async fn request_token_once(
    http: &reqwest::Client,
    token_url: &str,
    auth: &ClientAuth,
    scopes: &[String],
    timeout: Duration,
    attempt: u32,
) -> Result<AccessToken, Failure> {
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
    let response = request.form(&form).send().await;
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
    let body = response
        .bytes()
        .await
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

/// A token request with up to `max_retries` retries of transient failures.
pub async fn request_token(
    http: &reqwest::Client,
    token_url: &str,
    auth: &ClientAuth,
    scopes: &[String],
    timeout: Duration,
    max_retries: u32,
    timing: RetryTiming,
) -> Result<AccessToken, ApiError> {
    let mut retry = 0;
    loop {
        match request_token_once(http, token_url, auth, scopes, timeout, retry + 1).await {
            Ok(token) => return Ok(token),
            Err(f) if f.retryable && retry < max_retries => {
                let delay = timing.delay(retry, f.retry_after);
                tracing::info!(
                    attempt = retry + 1,
                    delay_ms = delay.as_millis() as u64,
                    error = %f.error.summary(),
                    "retrying token request"
                );
                tokio::time::sleep(delay).await;
                retry += 1;
            }
            Err(f) => return Err(f.error),
        }
    }
}

struct CachedToken {
    token: Secret,
    refresh_at: Instant,
}

/// The control-plane token, fetched once and shared until shortly before it expires. The lock is
/// held while fetching, so concurrent callers wait for one request instead of sending their own.
#[derive(Default)]
pub struct TokenCache {
    slot: tokio::sync::Mutex<Option<CachedToken>>,
}

impl TokenCache {
    pub async fn get<F, Fut>(&self, fetch: F) -> Result<Secret, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<AccessToken, ApiError>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        let fetched_at = Instant::now();
        let token = fetch().await?;
        let lifetime = Duration::from_secs(token.expires_in);
        let margin = (lifetime / 5).min(Duration::from_secs(30));
        *slot = Some(CachedToken {
            token: token.access_token.clone(),
            refresh_at: fetched_at + lifetime - margin,
        });
        Ok(token.access_token)
    }

    /// Forgets `used` (after a 401), unless another caller already replaced it.
    pub async fn invalidate(&self, used: &Secret) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|c| &c.token == used) {
            *slot = None;
        }
    }

    /// Replaces the cached token (tests use this to provoke a 401).
    pub async fn replace(&self, token: Secret, valid_for: Duration) {
        *self.slot.lock().await = Some(CachedToken {
            token,
            refresh_at: Instant::now() + valid_for,
        });
    }
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
