//! The single-flight token cache of an OAuth2 client: one token shared by every request until
//! shortly before it expires. The lock is held while a token is fetched, so callers that find no
//! fresh token wait for one request instead of each sending their own.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::Secret;

/// A token as a token endpoint hands it out.
#[derive(Clone, Debug)]
pub struct Token {
    /// The bearer token.
    pub secret: Secret,
    /// How long the endpoint says it lives (`expires_in`).
    pub lifetime: Duration,
}

#[derive(Debug)]
struct Cached {
    token: Secret,
    renew_at: Instant,
}

/// The cache. `max_margin` is how long before expiry a token is replaced at most; a short-lived
/// token is replaced after four fifths of its life instead.
#[derive(Debug)]
pub struct TokenCache {
    max_margin: Duration,
    slot: Mutex<Option<Cached>>,
}

/// When a token that lives `lifetime` from `issued` is replaced: `max_margin` before it expires,
/// or after four fifths of its life when a fifth of it is shorter than that.
pub fn renew_at(issued: Instant, lifetime: Duration, max_margin: Duration) -> Instant {
    let margin = max_margin.min(lifetime / 5);
    issued + lifetime.saturating_sub(margin)
}

impl TokenCache {
    /// An empty cache replacing tokens up to `max_margin` before they expire.
    pub fn new(max_margin: Duration) -> TokenCache {
        TokenCache {
            max_margin,
            slot: Mutex::new(None),
        }
    }

    /// The cached token while it is fresh; otherwise the one `fetch` gets, kept for the others.
    pub async fn get<F, Fut, E>(&self, fetch: F) -> Result<Secret, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Token, E>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref() {
            if Instant::now() < cached.renew_at {
                return Ok(cached.token.clone());
            }
        }
        let issued = Instant::now();
        let token = fetch().await?;
        *slot = Some(Cached {
            token: token.secret.clone(),
            renew_at: renew_at(issued, token.lifetime, self.max_margin),
        });
        Ok(token.secret)
    }

    /// Forgets `used` (the API refused it), unless another caller already replaced it.
    pub async fn forget(&self, used: &Secret) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|cached| &cached.token == used) {
            *slot = None;
        }
    }

    /// Puts `token` in the cache for `valid_for` (tests use this to provoke a refusal).
    pub async fn replace(&self, token: Secret, valid_for: Duration) {
        *self.slot.lock().await = Some(Cached {
            token,
            renew_at: Instant::now() + valid_for,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[test]
    fn tokens_are_renewed_early_and_short_lived_ones_sooner() {
        let now = Instant::now();
        let minute = Duration::from_secs(60);
        assert_eq!(
            renew_at(now, Duration::from_secs(3600), minute),
            now + Duration::from_secs(3540)
        );
        assert_eq!(
            renew_at(now, Duration::from_secs(10), minute),
            now + Duration::from_secs(8)
        );
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch_and_a_refused_token_is_fetched_again() {
        let cache = Arc::new(TokenCache::new(Duration::from_secs(30)));
        let fetches = Arc::new(AtomicU32::new(0));
        let fetch = |fetches: Arc<AtomicU32>| async move {
            let n = fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok::<_, ()>(Token {
                secret: Secret::new(format!("token-{n}")),
                lifetime: Duration::from_secs(3600),
            })
        };
        let callers: Vec<_> = (0..8)
            .map(|_| {
                let (cache, fetches) = (cache.clone(), fetches.clone());
                tokio::spawn(async move { cache.get(|| fetch(fetches)).await.unwrap() })
            })
            .collect();
        for caller in callers {
            assert_eq!(caller.await.unwrap().expose(), "token-0");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);

        cache.forget(&Secret::new("another")).await;
        let same = cache.get(|| fetch(fetches.clone())).await.unwrap();
        assert_eq!(same.expose(), "token-0");
        cache.forget(&same).await;
        let fresh = cache.get(|| fetch(fetches.clone())).await.unwrap();
        assert_eq!(fresh.expose(), "token-1");
    }
}
