//! Bearer tokens: either the configured `access_token` as it is, or OAuth2 client credentials
//! exchanged at `<endpoint>/api/v1/oauth/token` and reused until shortly before they expire. The
//! cache is single-flight: concurrent requests wait for one exchange instead of starting their own.

use std::time::Duration;

use reqwest::Url;
use serde::Deserialize;

use super::error::{parse_detail, ApiError};
use super::retry::{Failed, Timing};
use api_client_kit::{retry, retry_after, Delivery, Secret, Stop, Token, TokenCache};

/// How the client proves who it is.
#[derive(Clone, Debug)]
pub enum Credentials {
    ClientCredentials { client_id: String, secret: Secret },
    AccessToken(Secret),
}

/// A token is replaced at most a minute before it expires (a fifth of its life when shorter).
const RENEWAL_MARGIN: Duration = Duration::from_secs(60);

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

pub struct Auth {
    credentials: Credentials,
    token_url: Url,
    cache: TokenCache,
    stop: Stop,
}

impl Auth {
    pub fn new(credentials: Credentials, token_url: Url, stop: Stop) -> Auth {
        Auth {
            credentials,
            token_url,
            cache: TokenCache::new(RENEWAL_MARGIN),
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
        self.cache
            .get(|| async {
                let answer = self
                    .exchange(http, client_id, secret, timing, max_retries)
                    .await?;
                let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(300));
                tracing::debug!(
                    lifetime_secs = lifetime.as_secs(),
                    "obtained an access token"
                );
                Ok(Token {
                    secret: Secret::new(answer.access_token),
                    lifetime,
                })
            })
            .await
    }

    /// Forgets `refused` so that the next request exchanges the credentials again.
    pub async fn forget(&self, refused: &Secret) {
        self.cache.forget(refused).await;
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
        let what = || {
            format!(
                "the token endpoint {} did not answer usefully",
                self.token_url
            )
        };
        retry(
            &mut budget,
            &self.stop,
            |_| self.exchange_once(http, client_id, secret, what()),
            |_, _, wait| tracing::debug!(?wait, "retrying the token request"),
        )
        .await
        .map_err(|(failed, why)| failed.gave_up(why, budget.spent()))
    }

    /// One token request; `what` is the failure's text when it is worth another attempt.
    async fn exchange_once(
        &self,
        http: &reqwest::Client,
        client_id: &str,
        secret: &Secret,
        what: String,
    ) -> Result<TokenAnswer, Failed> {
        let request = http
            .post(self.token_url.clone())
            .basic_auth(client_id, Some(secret.expose()))
            .form(&[("grant_type", "client_credentials")])
            .send();
        let Ok(sent) = self.stop.unless_stopped(request).await else {
            return Err(Failed::last(ApiError::Stopped { sent: false }));
        };
        match sent {
            Ok(answer) if answer.status().is_success() => {
                answer.json::<TokenAnswer>().await.map_err(|e| {
                    Failed::last(ApiError::Malformed {
                        what: format!("the token answer: {}", e.without_url()),
                    })
                })
            }
            Ok(answer) if answer.status().as_u16() == 429 => Err(Failed::transient(
                what,
                Delivery::Throttled,
                retry_after(answer.headers()),
            )),
            Ok(answer) if answer.status().is_server_error() => Err(Failed::transient(
                what,
                Delivery::Unknown { retryable: true },
                retry_after(answer.headers()),
            )),
            Ok(answer) => {
                let status = answer.status().as_u16();
                let body = answer.bytes().await.unwrap_or_default();
                Err(Failed::last(ApiError::Credentials {
                    status,
                    detail: parse_detail(&body).0,
                }))
            }
            Err(e) => Err(Failed::transient(what, Delivery::of_transport(&e), None)),
        }
    }
}
