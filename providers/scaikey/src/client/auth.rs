//! Bearer tokens: either the configured `access_token` as it is, or OAuth2 client credentials
//! exchanged at `<endpoint>/api/v1/oauth/token` and reused until shortly before they expire. The
//! cache is single-flight: concurrent requests wait for one exchange instead of starting their own.

use std::time::{Duration, Instant};

use reqwest::Url;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::error::{parse_detail, ApiError};
use super::retry::Timing;
use api_client_kit::{retry_after, Secret, Stop};

/// How the client proves who it is.
#[derive(Clone, Debug)]
pub enum Credentials {
    ClientCredentials { client_id: String, secret: Secret },
    AccessToken(Secret),
}

/// A token and when to stop using it.
#[derive(Clone, Debug)]
struct Cached {
    token: Secret,
    renew_at: Instant,
}

/// When a token that lives `lifetime` from `issued` should be replaced: a minute before it
/// expires, or after four fifths of its life when it lives less than five minutes.
pub fn renew_at(issued: Instant, lifetime: Duration) -> Instant {
    let margin = Duration::from_secs(60).min(lifetime / 5);
    issued + lifetime.saturating_sub(margin)
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

pub struct Auth {
    credentials: Credentials,
    token_url: Url,
    cache: Mutex<Option<Cached>>,
    stop: Stop,
}

impl Auth {
    pub fn new(credentials: Credentials, token_url: Url, stop: Stop) -> Auth {
        Auth {
            credentials,
            token_url,
            cache: Mutex::new(None),
            stop,
        }
    }

    /// Whether a refused token can be replaced by a fresh one.
    pub fn can_renew(&self) -> bool {
        matches!(self.credentials, Credentials::ClientCredentials { .. })
    }

    /// A token to send: the cached one while it is fresh, otherwise a new exchange.
    pub async fn token(
        &self,
        http: &reqwest::Client,
        timing: Timing,
        max_retries: u32,
    ) -> Result<Secret, ApiError> {
        let (client_id, secret) = match &self.credentials {
            Credentials::AccessToken(token) => return Ok(token.clone()),
            Credentials::ClientCredentials { client_id, secret } => (client_id, secret),
        };
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            if Instant::now() < cached.renew_at {
                return Ok(cached.token.clone());
            }
        }
        let issued = Instant::now();
        let answer = self
            .exchange(http, client_id, secret, timing, max_retries)
            .await?;
        let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(300));
        let token = Secret::new(answer.access_token);
        *cache = Some(Cached {
            token: token.clone(),
            renew_at: renew_at(issued, lifetime),
        });
        tracing::debug!(
            lifetime_secs = lifetime.as_secs(),
            "obtained an access token"
        );
        Ok(token)
    }

    /// Forgets `refused` so that the next request exchanges the credentials again.
    pub async fn forget(&self, refused: &Secret) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|c| &c.token == refused) {
            *cache = None;
        }
    }

    async fn exchange(
        &self,
        http: &reqwest::Client,
        client_id: &str,
        secret: &Secret,
        timing: Timing,
        max_retries: u32,
    ) -> Result<TokenAnswer, ApiError> {
        let mut budget = timing.budget(max_retries);
        loop {
            let request = http
                .post(self.token_url.clone())
                .basic_auth(client_id, Some(secret.expose()))
                .form(&[("grant_type", "client_credentials")])
                .send();
            let Ok(sent) = self.stop.unless_stopped(request).await else {
                return Err(ApiError::Stopped { sent: false });
            };
            let wait = match sent {
                Ok(answer) if answer.status().is_success() => {
                    return answer
                        .json::<TokenAnswer>()
                        .await
                        .map_err(|e| ApiError::Malformed {
                            what: format!("the token answer: {}", e.without_url()),
                        });
                }
                Ok(answer) if answer.status().as_u16() == 429 => {
                    let after = retry_after(answer.headers());
                    budget.throttled(after).ok()
                }
                Ok(answer) if answer.status().is_server_error() => budget.retry(None).ok(),
                Ok(answer) => {
                    let status = answer.status().as_u16();
                    let body = answer.bytes().await.unwrap_or_default();
                    return Err(ApiError::Credentials {
                        status,
                        detail: parse_detail(&body).0,
                    });
                }
                Err(_) => budget.retry(None).ok(),
            };
            match wait {
                Some(wait) => {
                    self.stop
                        .sleep(wait)
                        .await
                        .map_err(|_| ApiError::Stopped { sent: false })?;
                }
                None => {
                    return Err(ApiError::Unreachable {
                        what: format!(
                            "the token endpoint {} did not answer usefully after {} retries",
                            self.token_url,
                            budget.spent()
                        ),
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_a_minute_early_or_sooner_when_short_lived() {
        let now = Instant::now();
        assert_eq!(
            renew_at(now, Duration::from_secs(3600)),
            now + Duration::from_secs(3540)
        );
        assert_eq!(
            renew_at(now, Duration::from_secs(10)),
            now + Duration::from_secs(8)
        );
    }
}
