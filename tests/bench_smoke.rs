//! The benchmark's smoke mode, in the default test run so that it cannot rot: the three
//! configurations `benches/terraform` compares (the same-graph floor, the schema twin and the
//! Resistant provider against an emulator) each applied, planned and destroyed once at N = 10
//! through the real terraform, with the benchmark's own configurations and commands, and the
//! three ratios printed. Debug builds and one round: the figures mean nothing, only that it runs.
//! And the benchmark's shared rate limit, smaller: workspaces applied at once against one
//! emulator with a low limit send at most 1.3 times the requests they need alone.

#[allow(dead_code)]
#[path = "../benches/terraform/report.rs"]
mod report;
#[allow(dead_code)]
#[path = "../benches/terraform/rss.rs"]
mod rss;
#[allow(dead_code)]
#[path = "../benches/terraform/scenarios.rs"]
mod scenarios;
#[allow(dead_code)]
#[path = "../benches/terraform/shared_limit.rs"]
mod shared_limit;
#[allow(dead_code)]
#[path = "../benches/terraform/terraform.rs"]
mod terraform;

mod support;

use resistant_emulator::{Config, Faults};
use scenarios::{Endpoint, Scenario, FLOOR, RESISTANT, TWIN};
use support::emulator;
use support::{Mirror, ProviderUnderTest};
use terraform::WorkDir;

/// What `scenarios` asks of the benchmark's crate root.
pub const RESISTANT_VERSION: &str = support::VERSION;
pub const NULL_EXAMPLE_VERSION: &str = "0.1.0";

const N: usize = 10;

/// The provider and its schema twin in one mirror.
fn mirror() -> Mirror {
    Mirror::new(&[
        ProviderUnderTest {
            source: support::SOURCE.into(),
            version: RESISTANT_VERSION.into(),
            binary: support::PROVIDER_BINARY.into(),
        },
        ProviderUnderTest {
            source: format!("registry.terraform.io/{}", scenarios::TWIN_SOURCE),
            version: RESISTANT_VERSION.into(),
            binary: env!("CARGO_BIN_EXE_terraform-provider-resistant-twin").into(),
        },
    ])
}

/// Requests the emulator received: those that reached a route and those its faults answered.
fn received(emu: &resistant_emulator::Emulator) -> u64 {
    let stats = emu.stats();
    stats.routes.total_requests() + stats.faults_injected
}

fn endpoint_of(emu: &resistant_emulator::Emulator) -> Endpoint {
    Endpoint {
        endpoint: emu.endpoint(),
        token_url: emu.token_url(),
        client_id: emu.org_client_id(),
        client_secret: emu.org_client_secret(),
    }
}

#[test]
fn the_floor_the_schema_twin_and_the_provider_each_apply_plan_and_destroy_the_benchmark_graph() {
    let emu = emulator::start_default();
    let api = emulator::api(&emu);
    let endpoint = endpoint_of(&emu);
    let mirror = mirror();
    let scratch = tempfile::tempdir().expect("a temporary directory");

    let lifecycle = |scenario: &Scenario| -> f64 {
        let config = scenarios::config(scenario, N, Some(&endpoint));
        let work = WorkDir::init(&scratch.path().join(scenario.key), &mirror, &config)
            .unwrap_or_else(|e| panic!("init of {}: {e:#}", scenario.key));
        let apply = work
            .apply()
            .unwrap_or_else(|e| panic!("apply of {}: {e:#}", scenario.key));
        if scenario.key == RESISTANT.key {
            assert_eq!(
                emulator::tenant_count(&api),
                N,
                "the provider's apply made every tenant in the emulator"
            );
        }
        let plan = work
            .plan()
            .unwrap_or_else(|e| panic!("plan of {}: {e:#}", scenario.key));
        assert!(
            plan.empty,
            "the plan of the applied {} is empty",
            scenario.key
        );
        let destroy = work
            .destroy()
            .unwrap_or_else(|e| panic!("destroy of {}: {e:#}", scenario.key));
        (apply + destroy).as_secs_f64()
    };
    let floor = lifecycle(&FLOOR);
    let twin = lifecycle(&TWIN);
    let ours = lifecycle(&RESISTANT);
    assert_eq!(
        emulator::tenant_count(&api),
        0,
        "the destroy left no tenant"
    );

    let ratios = [
        ("schema twin / same-graph floor", twin / floor),
        ("resistant / schema twin", ours / twin),
        ("resistant / same-graph floor", ours / floor),
    ];
    for (name, ratio) in ratios {
        assert!(
            ratio.is_finite() && ratio > 0.0,
            "{name} is a ratio: {ratio}"
        );
        println!("{name}: {ratio:.2}x (N = {N}, one round, debug builds)");
    }
}

#[test]
fn four_workspaces_applied_at_once_under_one_low_rate_limit_send_at_most_1_3_times_what_they_need()
{
    let room = Config {
        tenant_quota: 40,
        ..Config::default()
    };
    let limited = emulator::start(Config {
        faults: Faults {
            rate_limit: Some(5),
            ..Faults::default()
        },
        ..room.clone()
    });
    let free = emulator::start(room);
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let outcome = shared_limit::compare(
        scratch.path(),
        &mirror(),
        4,
        5,
        (&endpoint_of(&limited), &|| Ok(received(&limited))),
        (&endpoint_of(&free), &|| Ok(received(&free))),
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    println!(
        "requests sent: {} at once under 5 requests/s, {} alone: {:.2}x in {:.1} s",
        outcome.contended,
        outcome.alone,
        outcome.ratio(),
        outcome.wall.as_secs_f64()
    );
    assert!(
        outcome.ratio() <= 1.3,
        "{} requests sent under the shared limit, {} needed alone: {:.2}x (at most 1.3x)",
        outcome.contended,
        outcome.alone,
        outcome.ratio()
    );
}
