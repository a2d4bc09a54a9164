//! The shared rate limit: several workspaces applied at once against one emulator that allows a
//! few requests per second, and the requests they sent against what the same applies need alone
//! (each on its own, on an emulator without a limit). Used by the benchmark (10 workspaces of
//! 20 + 20 at 20 requests/s) and by `tests/bench_smoke.rs` (a smaller one).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use tf_acceptance::Mirror;

use crate::scenarios::Endpoint;
use crate::terraform::WorkDir;

/// What one comparison measured.
pub struct Outcome {
    /// Requests the emulator with the limit served (429s included) during the concurrent applies.
    pub contended: u64,
    /// Requests the same applies sent one at a time to an emulator without a limit.
    pub alone: u64,
    /// The wall time of the concurrent applies.
    pub wall: Duration,
}

impl Outcome {
    pub fn ratio(&self) -> f64 {
        self.contended as f64 / self.alone.max(1) as f64
    }
}

/// Workspace `index`'s configuration: `n` tenants (named after the workspace) and one
/// application each.
pub fn config(endpoint: &Endpoint, index: usize, n: usize) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    resistant = {{\n      source  = \"resistant-ai/resistant\"\n      \
         version = \"{}\"\n    }}\n  }}\n}}\n\n\
         provider \"resistant\" {{\n  endpoint      = \"{}\"\n  token_url     = \"{}\"\n  \
         client_id     = \"{}\"\n  client_secret = \"{}\"\n}}\n\n\
         resource \"resistant_tenant\" \"t\" {{\n  count               = {n}\n  \
         name                = \"w{index}t${{count.index}}\"\n  deletion_protection = false\n}}\n\n\
         resource \"resistant_tenant_application\" \"a\" {{\n  count     = {n}\n  \
         tenant_id = resistant_tenant.t[count.index].id\n  cell      = \"eu-1\"\n  \
         scopes    = [\"documents.submissions.read\"]\n}}\n",
        crate::RESISTANT_VERSION,
        endpoint.endpoint,
        endpoint.token_url,
        endpoint.client_id,
        endpoint.client_secret
    )
}

/// Applies `workspaces` workspaces of `n` + `n` at once against `limited`, then each alone against
/// `free`, counting requests with the emulators' `count` (requests received so far, 429s
/// included).
pub fn compare(
    dir: &Path,
    mirror: &Mirror,
    workspaces: usize,
    n: usize,
    limited: (&Endpoint, &dyn Fn() -> anyhow::Result<u64>),
    free: (&Endpoint, &dyn Fn() -> anyhow::Result<u64>),
) -> anyhow::Result<Outcome> {
    let init = |side: &str, endpoint: &Endpoint| -> anyhow::Result<Vec<WorkDir>> {
        (0..workspaces)
            .map(|i| {
                WorkDir::init(
                    &dir.join(format!("{side}{i}")),
                    mirror,
                    &config(endpoint, i, n),
                )
            })
            .collect()
    };
    let together = init("together", limited.0)?;
    let alone = init("alone", free.0)?;

    let before = (limited.1)()?;
    let started = Instant::now();
    std::thread::scope(|scope| {
        let running: Vec<_> = together
            .iter()
            .map(|work| scope.spawn(move || work.apply()))
            .collect();
        running
            .into_iter()
            .map(|apply| apply.join().expect("an apply thread panicked"))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .context("an apply sharing the rate limit failed")?;
    let wall = started.elapsed();
    let contended = (limited.1)()? - before;

    let before = (free.1)()?;
    for work in &alone {
        work.apply().context("an apply on its own failed")?;
    }
    let alone_requests = (free.1)()? - before;
    // No destroys: the emulators are the caller's and end with it.
    Ok(Outcome {
        contended,
        alone: alone_requests,
        wall,
    })
}
