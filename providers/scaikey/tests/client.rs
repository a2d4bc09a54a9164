//! The API client against the emulator over real HTTP: tokens reused and renewed shortly before
//! they expire, a refused token reported without showing it, a create whose answer is lost
//! recognised by its slug (one tenant, never two), and rate limits waited out.

use std::time::Duration;

use reqwest::Url;
use scaikey_emulator::{Config, Emulator, Faults};
use serde_json::json;
use terraform_provider_scaikey::client::{
    ApiError, Client, ClientConfig, Credentials, Filters, RetryTiming, Secret, Stop, Timing,
};

const TOKEN: &str = "POST /api/v1/oauth/token";

fn client_for(emulator: &Emulator, credentials: Credentials) -> Client {
    client_with_stop(emulator, credentials, Stop::default())
}

fn client_with_stop(emulator: &Emulator, credentials: Credentials, stop: Stop) -> Client {
    Client::new(ClientConfig {
        endpoint: Url::parse(&emulator.endpoint()).unwrap(),
        credentials,
        max_retries: 5,
        request_timeout: Duration::from_secs(5),
        timing: Timing {
            backoff: RetryTiming {
                base_delay: Duration::from_millis(20),
                ..RetryTiming::default()
            },
            ..Timing::default()
        },
        stop,
        audit: None,
    })
    .unwrap()
}

fn client(emulator: &Emulator) -> Client {
    client_for(
        emulator,
        Credentials::ClientCredentials {
            client_id: emulator.client_id(),
            secret: Secret::new(emulator.client_secret()),
        },
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn one_token_serves_many_requests_and_a_new_one_is_fetched_shortly_before_expiry() {
    let emulator = scaikey_emulator::spawn(Config {
        token_ttl: Duration::from_secs(2),
        ..Config::default()
    })
    .unwrap();
    let client = client(&emulator);
    runtime().block_on(async {
        for _ in 0..5 {
            client.list(&Filters::default()).await.unwrap();
        }
        assert_eq!(emulator.stats().count(TOKEN), 1);
        // Renewed after four fifths of a two-second life, before the server would refuse it.
        tokio::time::sleep(Duration::from_millis(1700)).await;
        client.list(&Filters::default()).await.unwrap();
        assert_eq!(emulator.stats().count(TOKEN), 2);
    });
}

#[test]
fn a_refused_access_token_is_reported_with_the_servers_words_and_never_shown() {
    let emulator = scaikey_emulator::spawn(Config::default()).unwrap();
    let client = client_for(
        &emulator,
        Credentials::AccessToken(Secret::new("not-a-real-jwt")),
    );
    let error = runtime()
        .block_on(client.list(&Filters::default()))
        .unwrap_err();
    assert!(
        matches!(error, ApiError::Credentials { status: 401, .. }),
        "{error:?}"
    );
    let text = format!("{error} {error:?}");
    assert!(!text.contains("not-a-real-jwt"), "{text}");
}

/// An emulator whose faults draw from `seed`.
fn seeded(seed: u64) -> Emulator {
    scaikey_emulator::spawn(Config {
        fault_seed: Some(seed),
        ..Config::default()
    })
    .unwrap()
}

/// Warms the client's token first (faults spare the token endpoint, but this keeps a test about
/// what follows), then switches `faults` on.
async fn faults_after_a_token(emulator: &Emulator, client: &Client, faults: Faults) {
    client.list(&Filters::default()).await.unwrap();
    emulator.set_faults(faults).unwrap();
}

#[test]
fn a_create_whose_answer_is_lost_is_recognised_by_its_slug_and_made_once() {
    let emulator = seeded(1);
    let client = client(&emulator);
    runtime().block_on(async {
        faults_after_a_token(
            &emulator,
            &client,
            Faults {
                fail_after_commit_rate: 1.0,
                ..Faults::default()
            },
        )
        .await;
        let body = json!({"name": "Lost", "slug": "lost"});
        let created = client.create(&body, "lost").await.unwrap();
        emulator.set_faults(Faults::default()).unwrap();
        assert_eq!(created.slug, "lost");
        let all = client.list(&Filters::default()).await.unwrap();
        assert_eq!(all.len(), 1, "{all:#?}");
        assert_eq!(
            emulator.stats().count("POST /api/v1/admin/tenants/"),
            1,
            "the lookup found it, so it was not sent again"
        );
        // A slug someone else holds is refused before anything is sent.
        let error = client.create(&body, "lost").await.unwrap_err();
        assert_eq!(error.status(), Some(409));
        assert_eq!(emulator.stats().count("POST /api/v1/admin/tenants/"), 1);
    });
}

#[test]
fn two_creates_of_one_slug_at_once_never_both_claim_the_tenant_under_server_errors() {
    for seed in 1..=12 {
        println!("fault seed {seed}");
        let emulator = seeded(seed);
        let client = client(&emulator);
        runtime().block_on(async {
            faults_after_a_token(
                &emulator,
                &client,
                Faults {
                    fail_rate: 0.5,
                    ..Faults::default()
                },
            )
            .await;
            let body = json!({"name": "Twice", "slug": "twice"});
            let (first, second) =
                tokio::join!(client.create(&body, "twice"), client.create(&body, "twice"));
            emulator.set_faults(Faults::default()).unwrap();
            let live: Vec<_> = client
                .list(&Filters::default())
                .await
                .unwrap()
                .into_iter()
                .filter(|t| t.slug == "twice" && !t.is_deleted())
                .collect();
            let claimed: Vec<_> = [&first, &second]
                .into_iter()
                .filter_map(|result| result.as_ref().ok())
                .collect();
            assert!(
                claimed.len() <= 1,
                "seed {seed}: both creates claimed a tenant: {first:?} / {second:?}"
            );
            assert!(live.len() <= 1, "seed {seed}: {live:#?}");
            if let Some(tenant) = claimed.first() {
                assert_eq!(tenant.id, live[0].id, "seed {seed}");
            }
            for result in [&first, &second] {
                if let Err(error) = result {
                    assert!(
                        error.status() == Some(409)
                            || matches!(error, ApiError::Unreachable { .. }),
                        "seed {seed}: {error:?}"
                    );
                }
            }
        });
    }
}

#[test]
fn rate_limited_requests_wait_as_retry_after_says_and_succeed() {
    let emulator = scaikey_emulator::spawn(Config::default()).unwrap();
    let client = client(&emulator);
    runtime().block_on(async {
        client.list(&Filters::default()).await.unwrap();
        emulator
            .set_faults(Faults {
                rate_limit: Some(2),
                ..Faults::default()
            })
            .unwrap();
        let started = std::time::Instant::now();
        for _ in 0..4 {
            client.list(&Filters::default()).await.unwrap();
        }
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "two requests over the limit waited for the next window"
        );
    });
}

#[test]
fn a_stop_ends_a_rate_limit_wait_at_once_and_says_nothing_changed() {
    let emulator = scaikey_emulator::spawn(Config::default()).unwrap();
    let stop = Stop::default();
    let client = client_with_stop(
        &emulator,
        Credentials::ClientCredentials {
            client_id: emulator.client_id(),
            secret: Secret::new(emulator.client_secret()),
        },
        stop.clone(),
    );
    runtime().block_on(async {
        client.list(&Filters::default()).await.unwrap();
        emulator
            .set_faults(Faults {
                rate_limit: Some(1),
                latency_ms: 0,
                ..Faults::default()
            })
            .unwrap();
        // Use up this second's one request, then wait out the 429s until the stop.
        let _ = client.list(&Filters::default()).await;
        let raiser = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            raiser.trigger();
        });
        let started = std::time::Instant::now();
        let mut result = Ok(Vec::new());
        for _ in 0..20 {
            result = client.list(&Filters::default()).await;
            if result.is_err() {
                break;
            }
        }
        let error = result.unwrap_err();
        assert!(matches!(error, ApiError::Stopped { .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    });
}

#[test]
fn a_token_that_expires_in_flight_is_renewed_on_each_such_refusal_a_few_times_at_most() {
    // Tokens live one second (the server counts whole seconds, so between one and two).
    let emulator = scaikey_emulator::spawn(Config {
        token_ttl: Duration::from_secs(1),
        ..Config::default()
    })
    .unwrap();
    let client = client(&emulator);
    let rt = runtime();
    let slow = |latency_ms| {
        emulator
            .set_faults(Faults {
                latency_ms,
                ..Faults::default()
            })
            .unwrap()
    };

    // Slow requests sometimes carry a token that expires on the way: renewed, they succeed.
    slow(600);
    for round in 0..6 {
        let listed = rt.block_on(client.list(&Filters::default()));
        assert!(listed.is_ok(), "round {round}: {listed:?}");
    }

    // Slower than any token lives: every attempt is refused as expired. The client renews on
    // each such refusal, but only a few times in one operation, then reports the refusal.
    slow(2_100);
    // Past renewal time, so the first attempt fetches a token of its own.
    std::thread::sleep(Duration::from_millis(1_100));
    let before = emulator.stats().count(TOKEN);
    let refused = rt.block_on(client.get("any")).unwrap_err();
    assert!(
        matches!(&refused, ApiError::Credentials { status: 401, detail } if detail.contains("expired")),
        "{refused:?}"
    );
    assert_eq!(
        emulator.stats().count(TOKEN) - before,
        4,
        "the token of the first attempt and three renewals"
    );
}

#[test]
fn a_stop_while_the_slug_is_being_looked_up_says_nothing_was_created() {
    let emulator = scaikey_emulator::spawn(Config::default()).unwrap();
    let stop = Stop::default();
    let client = client_with_stop(
        &emulator,
        Credentials::ClientCredentials {
            client_id: emulator.client_id(),
            secret: Secret::new(emulator.client_secret()),
        },
        stop.clone(),
    );
    runtime().block_on(async {
        faults_after_a_token(
            &emulator,
            &client,
            Faults {
                latency_ms: 20_000,
                ..Faults::default()
            },
        )
        .await;
        let raiser = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            raiser.trigger();
        });
        // The first request of a create is the read of the slug; it is in flight at the stop.
        let body = json!({"name": "Slow", "slug": "slow"});
        let error = client.create(&body, "slow").await.unwrap_err();
        assert_eq!(error, ApiError::Stopped { sent: false });
        let said = error.to_string();
        assert!(said.contains("nothing changed"), "{said}");
        assert!(!said.contains("may or may not"), "{said}");
        assert_eq!(emulator.stats().count("POST /api/v1/admin/tenants/"), 0);
    });
}
