//! The stop signal Terraform's `StopProvider` raises (Ctrl-C): one flag that ends every backoff
//! and rate-limit wait and every request in flight, so the provider answers promptly.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::watch;

/// A shared stop flag; clones see the same flag.
#[derive(Clone, Debug)]
pub struct Stop(Arc<watch::Sender<bool>>);

impl Default for Stop {
    fn default() -> Self {
        Stop(Arc::new(watch::channel(false).0))
    }
}

impl Stop {
    pub fn raise(&self) {
        self.0.send_replace(true);
    }

    pub fn is_raised(&self) -> bool {
        *self.0.borrow()
    }

    /// Runs `work` unless the flag is raised first (`None` then).
    pub async fn unless_stopped<T>(&self, work: impl Future<Output = T>) -> Option<T> {
        let mut flag = self.0.subscribe();
        tokio::select! {
            biased;
            _ = flag.wait_for(|raised| *raised) => None,
            done = work => Some(done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_raised_flag_ends_a_wait_at_once_and_stays_raised() {
        let stop = Stop::default();
        assert_eq!(stop.unless_stopped(async { 1 }).await, Some(1));
        let other = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            other.raise();
        });
        let started = std::time::Instant::now();
        let waited = stop
            .unless_stopped(tokio::time::sleep(Duration::from_secs(30)))
            .await;
        assert_eq!(waited, None);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(stop.is_raised());
        assert_eq!(stop.unless_stopped(async { 2 }).await, None);
    }
}
