//! The client under each fault mode of the emulator: random server errors, rate limiting with
//! `Retry-After`, latency beyond the request timeout, and responses lost after the change was
//! committed (no duplicate tenant, no orphan application).

mod support;

use std::time::{Duration, Instant};

use resistant_emulator::{Emulator, Faults};
use support::emulator::*;
use terraform_provider_resistant::client::{
    ApiError, ApplicationAuth, CreateApplication, IssuedCredentials,
};

fn secret_app() -> CreateApplication {
    new_application(
        "eu-1",
        &["documents.submissions.read"],
        ApplicationAuth::ClientSecret,
    )
}

/// From now on every response to a change is lost after the change was committed.
fn lose_every_response(emu: &Emulator) {
    emu.set_faults(Faults {
        drop_after_commit_rate: 1.0,
        ..Faults::default()
    });
}

#[tokio::test]
async fn random_server_errors_are_retried() {
    let emu = start_faulty(Faults {
        fail_rate: 0.3,
        faults_on_token: true,
        ..Faults::default()
    });
    let client = retrying_client(&emu, 15);
    let mut ids = Vec::new();
    for i in 0..8 {
        let t = client
            .create_tenant(&new_tenant(&format!("flaky{i}"), None))
            .await
            .unwrap();
        client
            .create_application(&t.id, &secret_app())
            .await
            .unwrap();
        ids.push(t.id);
    }
    for id in &ids {
        client.get_tenant(id).await.unwrap();
        assert_eq!(client.list_applications(id).await.unwrap().len(), 1);
    }
    assert!(emu.stats().faults_injected > 0, "the faults did happen");
    emu.set_faults(Faults::default());
    assert_eq!(client.list_tenants().await.unwrap().len(), 8);
}

#[tokio::test]
async fn without_retries_a_server_error_surfaces() {
    let emu = start_faulty(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    let mut config = secret_config(&emu);
    config.max_retries = 2;
    let started = Instant::now();
    let err = client(config).list_tenants().await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Server {
                status: 500 | 503,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.message().contains("injected fault"), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Two retries: three attempts.
    assert_eq!(emu.stats().api_requests, 3);
}

#[tokio::test]
async fn rate_limiting_is_retried_after_the_servers_delay() {
    let emu = start_faulty(Faults {
        rate_limit: Some(4),
        ..Faults::default()
    });
    let client = api(&emu);
    for _ in 0..12 {
        client.list_tenants().await.unwrap();
    }
    assert!(
        emu.stats().faults_injected > 0,
        "some requests were rate limited"
    );
}

#[tokio::test]
async fn rate_limit_waits_end_at_the_operation_timeout_and_say_what_to_do() {
    let emu = start_faulty(Faults {
        rate_limit: Some(0),
        ..Faults::default()
    });
    let mut config = secret_config(&emu);
    config.max_retries = 0;
    config.operation_timeout = Duration::from_secs(3);
    let started = Instant::now();
    let err = client(config).list_tenants().await.unwrap_err();
    assert!(matches!(err, ApiError::RateLimited { .. }), "{err:?}");
    assert!(err.message().contains("operation_timeout"), "{err}");
    let (_, detail) = err.describe("list tenants");
    assert!(detail.contains("requests_per_second"), "{detail}");
    // 429s spend no retry: with max_retries = 0 the client still came back after each 1 s wait.
    assert!(emu.stats().api_requests >= 2, "{:?}", emu.stats());
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn rate_limits_do_not_use_up_the_retries_meant_for_errors() {
    let emu = start_faulty(Faults {
        rate_limit: Some(3),
        ..Faults::default()
    });
    let client = retrying_client(&emu, 0);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let client = client.clone();
        calls.spawn(async move { client.list_tenants().await });
    }
    while let Some(done) = calls.join_next().await {
        done.unwrap()
            .expect("each listing gets through after its waits");
    }
    assert!(
        emu.stats().faults_injected > 0,
        "some requests were limited"
    );
}

#[tokio::test]
async fn the_client_side_rate_limit_keeps_under_the_servers() {
    let emu = start_faulty(Faults {
        rate_limit: Some(5),
        ..Faults::default()
    });
    let mut config = secret_config(&emu);
    config.requests_per_second = Some(2);
    config.max_retries = 0;
    let client = client(config);
    let started = Instant::now();
    for _ in 0..6 {
        client.list_tenants().await.unwrap();
    }
    // A burst of 2, then one every 500 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(1900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(emu.stats().faults_injected, 0);
}

#[tokio::test]
async fn a_slow_api_gives_a_clear_timeout_error() {
    let emu = start_default();
    let mut config = secret_config(&emu);
    config.request_timeout = Duration::from_millis(300);
    config.max_retries = 1;
    let client = client(config);
    client.list_tenants().await.unwrap();
    emu.set_faults(Faults {
        latency_ms: 1500,
        ..Faults::default()
    });
    let started = Instant::now();
    let err = client.list_tenants().await.unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    assert!(err.message().contains("request timeout of 0.3s"), "{err}");
    assert!(err.message().contains("GET /v0/tenants"), "{err}");
    assert!(err.describe("list tenants").1.contains("request_timeout"));
    assert!(
        started.elapsed() < Duration::from_millis(1400),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_lost_tenant_create_is_recovered_without_a_duplicate() {
    let emu = start_default();
    let client = api(&emu);
    client.list_tenants().await.unwrap();
    lose_every_response(&emu);
    let name = unique_name("lost");
    let created = client
        .create_tenant(&new_tenant(&name, None))
        .await
        .unwrap();
    assert_eq!(created.name, name);
    assert_eq!(
        emu.stats().tenant_creates,
        1,
        "created once, not retried blindly"
    );

    // A lost delete: the retry's 404 means success.
    client.delete_tenant(&created.id).await.unwrap();
    emu.set_faults(Faults::default());
    assert!(client.list_tenants().await.unwrap().is_empty());
}

#[tokio::test]
async fn lost_tenant_creates_at_random_leave_one_tenant_each() {
    let emu = start_faulty(Faults {
        drop_after_commit_rate: 0.5,
        ..Faults::default()
    });
    let client = retrying_client(&emu, 10);
    for i in 0..6 {
        client
            .create_tenant(&new_tenant(&format!("half{i}"), None))
            .await
            .unwrap();
    }
    emu.set_faults(Faults::default());
    let names: Vec<String> = client
        .list_tenants()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(
        names,
        (0..6).map(|i| format!("half{i}")).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_lost_key_application_create_is_recovered() {
    let emu = start_default();
    let client = api(&emu);
    let t = unique_tenant(&client, "keyapp", None).await;
    // Another application exists already and must not be taken for the new one.
    let existing = client
        .create_application(&t.id, &secret_app())
        .await
        .unwrap();
    lose_every_response(&emu);
    let ec = public_key("ec_p256_public.pem");
    let created = add_application(
        &client,
        &t.id,
        "eu-1",
        &["documents.submissions.read"],
        ec.to_application_auth(Some("ec-kid".into())),
    )
    .await;
    assert_ne!(created.application.id, existing.application.id);
    assert!(
        matches!(&created.credentials, IssuedCredentials::Key { kind, kid, .. } if kind == "EC" && kid == "ec-kid")
    );
    emu.set_faults(Faults::default());
    let apps = client.list_applications(&t.id).await.unwrap();
    assert_eq!(apps.len(), 2, "{apps:?}");
    assert!(apps.contains(&created.application));
}

#[tokio::test]
async fn a_lost_secret_application_create_leaves_no_orphan() {
    let emu = start_default();
    let client = retrying_client(&emu, 3);
    let t = unique_tenant(&client, "orphan", None).await;
    lose_every_response(&emu);
    // Every response is lost, so every secret is lost: the client cleans each one up and fails.
    let err = client
        .create_application(&t.id, &secret_app())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    emu.set_faults(Faults::default());
    assert_eq!(emu.stats().application_creates, 4);
    assert!(client.list_applications(&t.id).await.unwrap().is_empty());
    // The tenant can be deleted: nothing was left behind.
    client.delete_tenant(&t.id).await.unwrap();
}

#[tokio::test]
async fn a_lost_secret_application_create_is_redone() {
    let emu = start_faulty(Faults {
        drop_after_commit_rate: 0.5,
        ..Faults::default()
    });
    let client = retrying_client(&emu, 12);
    let t = unique_tenant(&client, "redo", None).await;
    let mut created = Vec::new();
    for _ in 0..4 {
        created.push(
            client
                .create_application(&t.id, &secret_app())
                .await
                .unwrap(),
        );
    }
    emu.set_faults(Faults::default());
    let apps = client.list_applications(&t.id).await.unwrap();
    assert_eq!(apps.len(), 4, "{apps:?}");
    for c in &created {
        assert!(apps.contains(&c.application));
        assert!(matches!(c.credentials, IssuedCredentials::ClientSecret(_)));
    }
}

#[tokio::test]
async fn a_tenant_that_existed_before_is_never_taken_over_under_server_errors() {
    for seed in [11, 12, 13] {
        let emu = start_default();
        let client = retrying_client(&emu, 10);
        let name = unique_name("taken");
        let theirs = client
            .create_tenant(&new_tenant(&name, None))
            .await
            .unwrap();
        emu.set_faults(Faults {
            fail_rate: 0.5,
            fail_after_commit_rate: 0.3,
            seed: Some(seed),
            ..Faults::default()
        });
        let err = client
            .create_tenant(&new_tenant(&name, None))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ApiError::AlreadyExists { .. }),
            "seed {seed}: {err:?}"
        );
        assert!(err.message().contains(&theirs.id), "seed {seed}: {err}");
        emu.set_faults(Faults::default());
        assert_eq!(
            emu.stats().tenant_creates,
            1,
            "seed {seed}: no second create"
        );
    }
}

#[tokio::test]
async fn concurrent_creates_in_one_cell_each_get_their_own_application() {
    for seed in [21, 22, 23] {
        let emu = start_default();
        let client = retrying_client(&emu, 12);
        let t = unique_tenant(&client, "pair", None).await;
        emu.set_faults(Faults {
            fail_after_commit_rate: 0.3,
            drop_after_commit_rate: 0.2,
            seed: Some(seed),
            ..Faults::default()
        });
        let rsa = public_key("rsa2048_public_spki.pem").to_application_auth(Some("rsa".into()));
        let ec = public_key("ec_p256_public.pem").to_application_auth(Some("ec".into()));
        let requests = [
            ApplicationAuth::ClientSecret,
            ApplicationAuth::ClientSecret,
            rsa,
            ec,
        ];
        let mut creates = tokio::task::JoinSet::new();
        for auth in requests {
            let (client, tenant_id) = (client.clone(), t.id.clone());
            creates.spawn(async move {
                let request = new_application("eu-1", &["documents.submissions.read"], auth);
                client.create_application(&tenant_id, &request).await
            });
        }
        let mut ids = Vec::new();
        while let Some(done) = creates.join_next().await {
            let created = done.unwrap().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            ids.push(created.application.id);
        }
        emu.set_faults(Faults::default());
        ids.sort();
        let mut live: Vec<String> = client
            .list_applications(&t.id)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        live.sort();
        assert_eq!(ids, live, "seed {seed}: distinct, all alive, no orphan");
        ids.dedup();
        assert_eq!(ids.len(), 4, "seed {seed}: four different applications");
    }
}

#[tokio::test]
async fn a_create_that_never_reached_the_api_says_nothing_was_created() {
    let emu = start_default();
    let mut config = secret_config(&emu);
    // Nothing listens on port 1: the token request is refused, so the create is never sent.
    config.token_url = "http://127.0.0.1:1/oauth2/tenants/v1/token".into();
    config.max_retries = 1;
    let err = client(config)
        .create_tenant(&new_tenant("unreached", None))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    let text = err.message();
    assert!(text.contains("nothing was created"), "{text}");
    assert!(text.contains("never sent"), "{text}");
    assert!(!text.contains("may exist"), "{text}");
}

#[tokio::test]
async fn a_stop_ends_a_slow_create_at_once_and_says_what_happened() {
    let emu = start_default();
    let config = secret_config(&emu);
    let stop = config.stop.clone();
    let client = client(config);
    client.list_tenants().await.unwrap();
    emu.set_faults(Faults {
        latency_ms: 20_000,
        ..Faults::default()
    });
    let trigger = stop.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.trigger();
    });
    let started = Instant::now();
    let err = client
        .create_tenant(&new_tenant("slowpoke", None))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, ApiError::Stopped { .. }), "{err:?}");
    assert!(err.message().contains("\"slowpoke\""), "{err}");
    assert!(err.message().contains("nothing was created"), "{err}");
    emu.set_faults(Faults::default());
    assert_eq!(emu.stats().tenant_creates, 0);
}
