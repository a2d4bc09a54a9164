//! Reads in batches (`Client::reading_in_batches`) against the emulator over HTTP, counted by the
//! emulator's per-route counters: concurrent reads share one page or one listing, what they answer
//! is what a GET of each object answers, the walk stops fetching pages that serve nothing, the
//! client's own creates and deletes are seen at once, and a failed listing falls back to GETs.

mod support;

use std::collections::BTreeMap;

use resistant_emulator::{Config, Emulator, Faults};
use support::emulator::*;
use terraform_provider_resistant::client::{
    ApiError, Application, ApplicationAuth, Client, Tenant, SPARE_PAGES,
};

fn big_org() -> Emulator {
    start(Config {
        tenant_quota: 1000,
        ..Config::default()
    })
}

/// A client that reads in batches, as the provider's does.
fn batched(emu: &Emulator) -> Client {
    api(emu).reading_in_batches()
}

/// Runs `reads` concurrently, ten at a time (as Terraform does), and counts the requests.
async fn count<T: Send + 'static>(
    emu: &Emulator,
    reads: Vec<tokio::task::JoinHandle<T>>,
) -> (Vec<T>, BTreeMap<String, u64>) {
    let before = emu.stats();
    let mut answers = Vec::new();
    for read in reads {
        answers.push(read.await.expect("join"));
    }
    (answers, requests_between(&before, &emu.stats()))
}

fn read_tenants(client: &Client, ids: &[String]) -> Vec<tokio::task::JoinHandle<Tenant>> {
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(10));
    ids.iter()
        .map(|id| {
            let (client, id, permits) = (client.clone(), id.clone(), permits.clone());
            tokio::spawn(async move {
                let _permit = permits.acquire().await.expect("semaphore");
                client.get_tenant(&id).await.expect("read tenant")
            })
        })
        .collect()
}

fn read_applications(
    client: &Client,
    tenant_id: &str,
    ids: &[String],
) -> Vec<tokio::task::JoinHandle<Result<Application, ApiError>>> {
    ids.iter()
        .map(|id| {
            let (client, tenant_id, id) = (client.clone(), tenant_id.to_string(), id.clone());
            tokio::spawn(async move { client.get_application(&tenant_id, &id).await })
        })
        .collect()
}

fn n(counts: &BTreeMap<String, u64>, route: &str) -> u64 {
    counts.get(route).copied().unwrap_or(0)
}

#[tokio::test]
async fn concurrent_tenant_reads_share_one_page_that_says_what_each_get_says() {
    let emu = big_org();
    let api = api(&emu);
    let tenants = seed_tenants(&api, "same", 30).await;
    let multi = unique_tenant(&api, "multi", Some(&["us-1", "eu-1", "ap-3"])).await;
    let ids: Vec<String> = tenants
        .iter()
        .chain([&multi])
        .map(|t| t.id.clone())
        .collect();

    let client = batched(&emu);
    let (read, counts) = count(&emu, read_tenants(&client, &ids)).await;
    println!("{} concurrent tenant reads: {counts:?}", ids.len());
    assert_eq!(n(&counts, routes::TENANT_PAGE), 1, "{counts:?}");
    assert_eq!(n(&counts, routes::TENANT), 0, "{counts:?}");
    assert_eq!(
        counts.values().sum::<u64>(),
        2,
        "one page and the token: {counts:?}"
    );
    for (listed, id) in read.iter().zip(&ids) {
        assert_eq!(
            &api.get_tenant(id).await.unwrap(),
            listed,
            "every field of {id}"
        );
    }

    // Read again: nothing more is asked.
    let (_, counts) = count(&emu, read_tenants(&client, &ids)).await;
    assert!(counts.is_empty(), "{counts:?}");
}

#[tokio::test]
async fn a_tenant_missing_from_a_walk_that_reached_the_last_page_is_confirmed_gone_by_one_get() {
    let emu = big_org();
    let api = api(&emu);
    let tenants = seed_tenants(&api, "gone", 5).await;
    let client = batched(&emu);
    client.get_tenant(&tenants[0].id).await.unwrap();

    let before = emu.stats();
    let err = client.get_tenant("ten_nosuchtenant").await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("ten_nosuchtenant"), "{err}");
    let asked = requests_between(&before, &emu.stats());
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked.values().sum::<u64>(), 1, "{asked:?}");

    // Created by someone else after the walk reached the last page: found, not reported gone.
    let late = api
        .create_tenant(&new_tenant("gonelate", None))
        .await
        .unwrap();
    assert_eq!(client.get_tenant(&late.id).await.unwrap().id, late.id);

    // Deleted elsewhere: the next command's client (a new one) sees it gone.
    api.delete_tenant(&tenants[1].id).await.unwrap();
    let next_command = batched(&emu);
    let err = next_command.get_tenant(&tenants[1].id).await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    assert_eq!(
        next_command.get_tenant(&tenants[2].id).await.unwrap(),
        tenants[2]
    );
}

#[tokio::test]
async fn in_a_large_organization_a_few_reads_cost_one_request_each_plus_the_spare_pages() {
    let emu = big_org();
    let api = api(&emu);
    let tenants = seed_tenants(&api, "big", 350).await;

    // The last three created sit on the fourth page: two pages are tried, then each is read alone.
    let last: Vec<String> = tenants[347..].iter().map(|t| t.id.clone()).collect();
    let client = batched(&emu);
    let (read, counts) = count(&emu, read_tenants(&client, &last)).await;
    println!("3 reads at the end of 350 tenants: {counts:?}");
    assert_eq!(
        n(&counts, routes::TENANT_PAGE),
        SPARE_PAGES as u64,
        "{counts:?}"
    );
    assert_eq!(n(&counts, routes::TENANT), 3, "{counts:?}");
    assert_eq!(read, tenants[347..].to_vec());

    // Three on the first page: one page serves them all.
    let first: Vec<String> = tenants[..3].iter().map(|t| t.id.clone()).collect();
    let (_, counts) = count(&emu, read_tenants(&batched(&emu), &first)).await;
    assert_eq!(n(&counts, routes::TENANT_PAGE), 1, "{counts:?}");
    assert_eq!(n(&counts, routes::TENANT), 0, "{counts:?}");

    // All of them, in a scrambled order: one walk, four pages.
    let mut all: Vec<String> = tenants.iter().map(|t| t.id.clone()).collect();
    let mut seed = 7u64;
    for i in (1..all.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        all.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let (_, counts) = count(&emu, read_tenants(&batched(&emu), &all)).await;
    println!("350 scrambled reads: {counts:?}");
    let tenant_requests = n(&counts, routes::TENANT_PAGE) + n(&counts, routes::TENANT);
    assert!(tenant_requests <= 4 + SPARE_PAGES as u64, "{counts:?}");
}

#[tokio::test]
async fn the_applications_of_a_tenant_are_read_with_one_listing_that_says_what_each_get_says() {
    let emu = start_default();
    let api = api(&emu);
    let tenant = unique_tenant(&api, "apps", Some(&["eu-1", "us-1"])).await;
    let mut ids = Vec::new();
    for cell in ["eu-1", "us-1", "eu-1", "us-1"] {
        let created = add_application(
            &api,
            &tenant.id,
            cell,
            &["documents.submissions.read"],
            ApplicationAuth::ClientSecret,
        )
        .await;
        ids.push(created.application.id);
    }
    let client = batched(&emu);
    let (read, counts) = count(&emu, read_applications(&client, &tenant.id, &ids)).await;
    println!("4 concurrent application reads: {counts:?}");
    assert_eq!(n(&counts, routes::APPLICATION_LIST), 1, "{counts:?}");
    assert_eq!(n(&counts, routes::APPLICATION), 0, "{counts:?}");
    for (listed, id) in read.into_iter().zip(&ids) {
        let single = api.get_application(&tenant.id, id).await.unwrap();
        assert_eq!(listed.unwrap(), single, "every field of {id}");
    }

    // An id the listing lacks, and a tenant that does not exist: not found, from the listings.
    let (read, counts) = count(
        &emu,
        read_applications(&client, &tenant.id, &["app_nosuch".to_string()]),
    )
    .await;
    assert!(counts.is_empty(), "{counts:?}");
    assert!(
        matches!(read[0], Err(ApiError::NotFound { .. })),
        "{read:?}"
    );
    let err = client
        .get_application("ten_nosuch", &ids[0])
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn the_clients_own_creates_and_deletes_are_seen_at_once() {
    let emu = start_default();
    let client = batched(&emu);
    let requests = |before| requests_between(&before, &emu.stats());

    // A created tenant is read without a request, before and after the walk ended.
    let first = unique_tenant(&client, "own", None).await;
    let before = emu.stats();
    assert_eq!(client.get_tenant(&first.id).await.unwrap(), first);
    assert!(requests(before).is_empty());
    let other = unique_tenant(&api(&emu), "other", None).await;
    assert_eq!(client.get_tenant(&other.id).await.unwrap(), other);
    let second = unique_tenant(&client, "own", None).await;
    let before = emu.stats();
    assert_eq!(client.get_tenant(&second.id).await.unwrap(), second);
    assert!(requests(before).is_empty());

    // Applications: every create or delete in the tenant makes the next read list again.
    let secret = ApplicationAuth::ClientSecret;
    let scopes = &["documents.submissions.write"];
    let one = add_application(&client, &first.id, "eu-1", scopes, secret.clone()).await;
    let one = one.application;
    assert_eq!(
        client.get_application(&first.id, &one.id).await.unwrap(),
        one
    );
    let two = add_application(&client, &first.id, "eu-1", scopes, secret).await;
    let two = two.application;
    let before = emu.stats();
    assert_eq!(
        client.get_application(&first.id, &two.id).await.unwrap(),
        two
    );
    assert_eq!(
        client.get_application(&first.id, &one.id).await.unwrap(),
        one
    );
    assert_eq!(n(&requests(before), routes::APPLICATION_LIST), 1);
    client.delete_application(&first.id, &one.id).await.unwrap();
    let err = client
        .get_application(&first.id, &one.id)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");

    // A deleted tenant is gone at once, its applications with it.
    client.delete_application(&first.id, &two.id).await.unwrap();
    client.delete_tenant(&first.id).await.unwrap();
    let before = emu.stats();
    let err = client.get_tenant(&first.id).await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    assert!(requests(before).is_empty());
    let err = client
        .get_application(&first.id, &two.id)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn a_failed_listing_makes_the_reads_go_by_themselves() {
    let emu = start_default();
    let api = api(&emu);
    let tenant = unique_tenant(&api, "fails", None).await;
    let app = add_application(
        &api,
        &tenant.id,
        "eu-1",
        &["documents.submissions.read"],
        ApplicationAuth::ClientSecret,
    )
    .await
    .application;
    let client = retrying_client(&emu, 0).reading_in_batches();
    // The token first, so that only the reads meet the faults.
    client.list_applications(&tenant.id).await.unwrap();
    emu.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    let faults = emu.stats().faults_injected;
    let err = client.get_tenant(&tenant.id).await.unwrap_err();
    assert!(matches!(err, ApiError::Server { .. }), "{err:?}");
    let err = client
        .get_application(&tenant.id, &app.id)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Server { .. }), "{err:?}");
    assert_eq!(
        emu.stats().faults_injected - faults,
        4,
        "each read tried its listing, then a GET of its own"
    );

    emu.set_faults(Faults::default());
    let before = emu.stats();
    assert_eq!(client.get_tenant(&tenant.id).await.unwrap(), tenant);
    assert_eq!(
        client.get_application(&tenant.id, &app.id).await.unwrap(),
        app
    );
    let counts = requests_between(&before, &emu.stats());
    assert_eq!(
        counts,
        BTreeMap::from([
            (routes::TENANT.to_string(), 1),
            (routes::APPLICATION.to_string(), 1)
        ]),
        "no listing is tried again"
    );
}
