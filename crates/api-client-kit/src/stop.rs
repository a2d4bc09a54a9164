//! The stop signal: Terraform's `StopProvider` (Ctrl-C) reaches every wait and every request in
//! flight through one shared flag, so nothing keeps Terraform waiting once it asked to stop.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// A flag raised once, when Terraform asks the provider to stop. Cheap to clone; clones share it.
#[derive(Clone, Debug)]
pub struct Stop {
    flag: Arc<watch::Sender<bool>>,
}

/// What an interrupted wait or request answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped;

impl Default for Stop {
    fn default() -> Self {
        Stop {
            flag: Arc::new(watch::Sender::new(false)),
        }
    }
}

impl Stop {
    /// Raises the flag; every current and later wait ends at once.
    pub fn trigger(&self) {
        self.flag.send_replace(true);
    }

    /// Whether the flag is raised.
    pub fn is_stopped(&self) -> bool {
        *self.flag.borrow()
    }

    /// Resolves once the flag is raised.
    pub async fn stopped(&self) {
        let mut seen = self.flag.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = seen.wait_for(|stopped| *stopped).await;
    }

    /// Runs `work` unless and until the flag is raised; dropping `work` cancels it (for a request
    /// in flight, that closes its connection).
    pub async fn unless_stopped<F: Future>(&self, work: F) -> Result<F::Output, Stopped> {
        if self.is_stopped() {
            return Err(Stopped);
        }
        tokio::select! {
            output = work => Ok(output),
            () = self.stopped() => Err(Stopped),
        }
    }

    /// Sleeps for `delay`, or less when the flag is raised meanwhile.
    pub async fn sleep(&self, delay: Duration) -> Result<(), Stopped> {
        self.unless_stopped(tokio::time::sleep(delay)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[tokio::test]
    async fn a_raised_flag_ends_a_long_sleep_at_once() {
        let stop = Stop::default();
        let other = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            other.trigger();
        });
        let started = Instant::now();
        assert_eq!(stop.sleep(Duration::from_secs(30)).await, Err(Stopped));
        assert!(started.elapsed() < Duration::from_secs(5));
        // Later waits end before they begin.
        assert_eq!(stop.sleep(Duration::from_secs(30)).await, Err(Stopped));
        assert!(stop.is_stopped());
    }

    #[tokio::test]
    async fn work_finishes_normally_while_the_flag_is_down() {
        let stop = Stop::default();
        assert_eq!(stop.unless_stopped(async { 7 }).await, Ok(7));
        assert_eq!(stop.sleep(Duration::from_millis(1)).await, Ok(()));
    }
}
