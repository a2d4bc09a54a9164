//! The client against the emulator's faults: reads and PATCHes are repeated through server
//! failures and throttling, while a registration whose answer was lost is not repeated (it could
//! register twice) and says its outcome is unknown.

mod support;

use raven_emulator::Faults;
use serde_json::json;
use terraform_provider_raven::client::{ApiError, Client, Secret};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn reads_and_patches_are_repeated_through_failures_before_the_handler() {
    // A fixed seed makes the dice repeatable: without retries, all twelve calls
    // would pass with odds of about 1 in 70.
    let emulator = raven_emulator::spawn(raven_emulator::Config {
        fault_seed: Some(12),
        ..raven_emulator::Config::default()
    })
    .unwrap();
    let (_, key) = support::register(&emulator, "Flaky", "flaky@acme.example");
    let client = Client::new(&emulator.endpoint()).unwrap();
    let key = Secret::new(key);
    emulator
        .set_faults(Faults {
            fail_rate: 0.3,
            ..Faults::default()
        })
        .unwrap();
    let rt = runtime();
    for round in 0..6 {
        let body = json!({"settings": {"batch_size": 20 + round}});
        let patched = rt.block_on(client.patch_tenant(&key, &body));
        assert!(
            patched.is_ok(),
            "PATCH {round}: {:?}",
            patched.err().map(|e| e.short())
        );
        let read = rt.block_on(client.tenant(&key));
        assert!(
            read.is_ok(),
            "GET {round}: {:?}",
            read.err().map(|e| e.short())
        );
    }
    emulator.set_faults(Faults::default()).unwrap();
    let tenant = rt.block_on(client.tenant(&key)).unwrap();
    assert_eq!(tenant["settings"]["batch_size"], 25);
}

#[test]
fn a_registration_whose_answer_is_lost_is_sent_once_and_reported_as_unknown() {
    let emulator = support::emulator();
    emulator
        .set_faults(Faults {
            drop_after_commit_rate: 1.0,
            ..Faults::default()
        })
        .unwrap();
    let client = Client::new(&emulator.endpoint()).unwrap();
    let body = json!({"name": "Lost", "email": "lost@acme.example"});
    let error = runtime().block_on(client.register(&body)).unwrap_err();
    assert!(error.outcome_unknown(), "{error:?}");
    assert_eq!(
        support::count(&emulator, "POST /api/v1/tenants"),
        1,
        "not repeated"
    );
}

#[test]
fn a_throttled_read_waits_for_retry_after_and_succeeds() {
    let emulator = support::emulator();
    let (_, key) = support::register(&emulator, "Busy", "busy@acme.example");
    emulator
        .set_faults(Faults {
            rate_limit: Some(1),
            ..Faults::default()
        })
        .unwrap();
    let client = Client::new(&emulator.endpoint()).unwrap();
    let key = Secret::new(key);
    let rt = runtime();
    for _ in 0..3 {
        let tenant = rt.block_on(client.tenant(&key));
        assert!(
            tenant.is_ok(),
            "{:?}",
            tenant.err().map(|e: ApiError| e.short())
        );
    }
}
