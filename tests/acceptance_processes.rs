//! Ownership across provider processes, through real terraform: parallel workspaces and provider
//! aliases (each alias is a process of its own) writing in one tenant, or racing for one tenant
//! name, under after-commit server errors and lost responses. No application held in a state is
//! lost, none is held twice, nothing is left that the user was not told about, and without a
//! usable lock directory nothing that appears after a lost answer is adopted or deleted. Every
//! faulty run repeats over seeds; a failure names its seed (`FAULT_SEEDS=7,8` reruns chosen ones).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

use resistant_emulator::{Config, Faults};
use serde_json::Value as Json;
use support::diagnostics::{assert_mentions, text, unwrapped};
use support::emulator::{block_on, Org};
use support::state::{ids_of_type, resources, str_of};
use support::tokens::assert_token_works;
use support::{describe, provider_config_with, Workspace};

/// The seeds each faulty scenario runs with.
fn seeds(default: &[u64]) -> Vec<u64> {
    match std::env::var("FAULT_SEEDS") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        Err(_) => default.to_vec(),
    }
}

/// A quarter of the changes answered with a 5xx after they were made, a quarter with a dropped
/// connection: half of all creates end with an unknown outcome.
fn lost_answers(seed: u64) -> Faults {
    Faults {
        fail_after_commit_rate: 0.25,
        drop_after_commit_rate: 0.25,
        seed: Some(seed),
        ..Faults::default()
    }
}

/// Enough retries that a create gives up only after many lost answers in a row.
const RETRIES: &str = "  max_retries = 25\n";

fn workspace(main_tf: &str) -> Workspace {
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", main_tf);
    ws.init();
    ws
}

/// `count` client-secret applications in one cell of `tenant_id`, named `name`, on `provider`.
fn secret_applications(name: &str, provider: &str, tenant_id: &str, count: usize) -> String {
    format!(
        r#"
resource "resistant_tenant_application" "{name}" {{
  provider  = {provider}
  count     = {count}
  tenant_id = "{tenant_id}"
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}}
"#
    )
}

/// Runs `args` in every workspace at once; answers their outputs in order.
fn all_at_once(workspaces: &[&Workspace], args: &[&str]) -> Vec<Output> {
    std::thread::scope(|scope| {
        let runs: Vec<_> = workspaces
            .iter()
            .map(|ws| scope.spawn(move || ws.run(args)))
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("terraform ran"))
            .collect()
    })
}

const APPLY: [&str; 4] = ["apply", "-auto-approve", "-input=false", "-no-color"];

/// With faults off: every application of `tenant_id` is held by exactly one of the states, each
/// held application exists, and each obtains a data-plane token with its own secret.
fn assert_each_application_held_once(org: &Org, tenant_id: &str, shows: &[Json], seed: u64) {
    org.emulator.set_faults(Faults::default());
    let mut holders: BTreeMap<String, usize> = BTreeMap::new();
    for show in shows {
        for id in ids_of_type(show, "resistant_tenant_application") {
            *holders.entry(id).or_default() += 1;
        }
        let held = resources(show)
            .iter()
            .filter(|r| r["type"] == "resistant_tenant_application")
            .count();
        assert_eq!(
            held,
            ids_of_type(show, "resistant_tenant_application").len(),
            "seed {seed}: no two resources of one state hold one application"
        );
    }
    let twice: Vec<&String> = holders
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, _)| id)
        .collect();
    assert!(
        twice.is_empty(),
        "seed {seed}: held by two states: {twice:?}"
    );
    let live: BTreeSet<String> = block_on(org.client.list_applications(tenant_id))
        .expect("list applications")
        .into_iter()
        .map(|a| a.id)
        .collect();
    let held: BTreeSet<String> = holders.into_keys().collect();
    assert_eq!(
        held, live,
        "seed {seed}: the applications in the API are exactly those the states hold (none lost, \
         no orphan)"
    );
    for show in shows {
        for resource in resources(show)
            .iter()
            .filter(|r| r["type"] == "resistant_tenant_application")
        {
            assert_token_works(show, str_of(resource, "address"), None);
        }
    }
}

#[test]
fn three_workspaces_creating_secret_applications_in_one_tenant_lose_none_under_lost_answers() {
    for seed in seeds(&[1, 2]) {
        let org = Org::start(Config::default());
        let tenant = org.tenant("shared", &["eu-1"]);
        let workspaces: Vec<Workspace> = (0..3)
            .map(|i| {
                workspace(
                    &(provider_config_with(&org.emulator, RETRIES)
                        + &secret_applications(&format!("w{i}"), "resistant", &tenant.id, 8)),
                )
            })
            .collect();
        org.emulator.set_faults(lost_answers(seed));
        let outputs = all_at_once(&workspaces.iter().collect::<Vec<_>>(), &APPLY);
        for (i, output) in outputs.iter().enumerate() {
            assert!(
                output.status.success(),
                "seed {seed}: workspace {i} failed\n{}",
                describe(output)
            );
        }
        assert!(
            org.emulator.stats().faults_injected > 0,
            "seed {seed}: faults met"
        );
        let shows: Vec<Json> = workspaces.iter().map(Workspace::show_json).collect();
        for show in &shows {
            assert_eq!(ids_of_type(show, "resistant_tenant_application").len(), 8);
        }
        assert_each_application_held_once(&org, &tenant.id, &shows, seed);
        for ws in &workspaces {
            assert!(ws.plan_is_empty(), "seed {seed}: the next plan is empty");
        }
    }
}

#[test]
fn two_aliases_creating_secret_applications_in_one_tenant_lose_none_under_lost_answers() {
    for seed in seeds(&[1, 2]) {
        let org = Org::start(Config::default());
        let tenant = org.tenant("aliased", &["eu-1"]);
        let other = provider_config_with(&org.emulator, RETRIES)
            .split("provider \"resistant\" {")
            .nth(1)
            .expect("a provider block")
            .to_string();
        let ws = workspace(
            &(provider_config_with(&org.emulator, RETRIES)
                + "\nprovider \"resistant\" {\n  alias = \"other\""
                + &other
                + &secret_applications("main", "resistant", &tenant.id, 6)
                + &secret_applications("other", "resistant.other", &tenant.id, 6)),
        );
        org.emulator.set_faults(lost_answers(seed));
        let applied = ws.run(&APPLY);
        assert!(
            applied.status.success(),
            "seed {seed}: apply failed\n{}",
            describe(&applied)
        );
        let show = ws.show_json();
        assert_eq!(ids_of_type(&show, "resistant_tenant_application").len(), 12);
        assert_each_application_held_once(&org, &tenant.id, &[show], seed);
        assert!(ws.plan_is_empty(), "seed {seed}: the next plan is empty");
    }
}

#[test]
fn two_workspaces_racing_for_the_same_tenant_names_never_both_hold_one() {
    for seed in seeds(&[1, 2]) {
        let org = Org::start(Config::default());
        let names = (0..10)
            .map(|i| format!("\"race{i}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let main_tf = provider_config_with(&org.emulator, RETRIES)
            + &format!(
                r#"
resource "resistant_tenant" "t" {{
  for_each            = toset([{names}])
  name                = each.key
  deletion_protection = false
}}
"#
            );
        let (a, b) = (workspace(&main_tf), workspace(&main_tf));
        org.emulator.set_faults(Faults {
            fail_rate: 0.5,
            seed: Some(seed),
            ..Faults::default()
        });
        // Either may lose a name to the other (and say so); neither may take the other's.
        let outputs = all_at_once(&[&a, &b], &APPLY);
        org.emulator.set_faults(Faults::default());
        for output in &outputs {
            if !output.status.success() {
                assert_mentions(&unwrapped(&text(output)), &["already exists"]);
            }
        }
        let held_a = ids_of_type(&a.show_json(), "resistant_tenant");
        let held_b = ids_of_type(&b.show_json(), "resistant_tenant");
        let both: Vec<&String> = held_a.intersection(&held_b).collect();
        assert!(
            both.is_empty(),
            "seed {seed}: held by both states: {both:?}"
        );
        let live: BTreeSet<String> = block_on(org.client.list_tenants())
            .expect("list tenants")
            .into_iter()
            .map(|t| t.id)
            .collect();
        let held: BTreeSet<String> = held_a.union(&held_b).cloned().collect();
        assert_eq!(held, live, "seed {seed}: every tenant is held by one state");
        assert_eq!(live.len(), 10, "seed {seed}: every name was created once");
    }
}

#[test]
fn destroying_a_tenant_whose_applications_are_split_over_two_aliases_succeeds() {
    let org = Org::start(Config::default());
    let settings = provider_config_with(&org.emulator, "");
    let body = settings
        .split("provider \"resistant\" {")
        .nth(1)
        .expect("a provider block");
    let main_tf = settings.clone()
        + "\nprovider \"resistant\" {\n  alias = \"other\""
        + body
        + r#"
resource "resistant_tenant" "t" {
  provider            = resistant.other
  name                = "split"
  deletion_protection = false
}

resource "resistant_tenant_application" "here" {
  count     = 2
  tenant_id = resistant_tenant.t.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}

resource "resistant_tenant_application" "there" {
  provider  = resistant.other
  count     = 2
  tenant_id = resistant_tenant.t.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}
"#;
    let ws = workspace(&main_tf);
    ws.apply();
    assert_eq!(
        ids_of_type(&ws.show_json(), "resistant_tenant_application").len(),
        4
    );
    let destroyed = ws.run(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert!(destroyed.status.success(), "{}", describe(&destroyed));
    assert!(
        block_on(org.client.list_tenants()).unwrap().is_empty(),
        "the tenant is gone"
    );
}

#[test]
fn without_a_usable_lock_directory_applications_that_appear_after_lost_answers_are_named_not_taken()
{
    for seed in seeds(&[1, 2]) {
        let org = Org::start(Config::default());
        let tenant = org.tenant("strict", &["eu-1"]);
        let mut ws = Workspace::new(support::mirror());
        // A path below a file can never be a directory.
        ws.set_env("RESISTANT_LOCK_DIR", "/dev/null/locks");
        ws.write_file(
            "main.tf",
            &(provider_config_with(&org.emulator, RETRIES)
                + &secret_applications("a", "resistant", &tenant.id, 4)),
        );
        ws.init();
        org.emulator.set_faults(Faults {
            drop_after_commit_rate: 0.6,
            seed: Some(seed),
            ..Faults::default()
        });
        let output = ws.run(&APPLY);
        org.emulator.set_faults(Faults::default());
        let said = unwrapped(&text(&output));
        let live = block_on(org.client.list_applications(&tenant.id)).expect("list");
        let held = ids_of_type(&ws.show_json(), "resistant_tenant_application");
        let unplaced: Vec<_> = live.iter().filter(|a| !held.contains(&a.id)).collect();
        assert!(
            !unplaced.is_empty(),
            "seed {seed}: the faults left an application no state holds\n{said}"
        );
        assert!(!output.status.success(), "seed {seed}: {said}");
        // Every application nobody holds is named, with its client_id and how to import it; it
        // was neither adopted nor deleted (it is still there).
        for application in unplaced {
            assert_mentions(
                &said,
                &[
                    &application.id,
                    &application.client_id,
                    &format!("terraform import ADDRESS {}/{}", tenant.id, application.id),
                ],
            );
        }
        assert_mentions(
            &said,
            &[
                "/dev/null/locks",
                "RESISTANT_LOCK_DIR",
                "neither adopted nor deleted",
            ],
        );
    }
}

#[test]
fn a_tenant_that_appears_after_a_lost_answer_without_a_lock_directory_is_named_not_adopted() {
    let org = Org::start(Config::default());
    let mut ws = Workspace::new(support::mirror());
    ws.set_env("RESISTANT_LOCK_DIR", "/dev/null/locks");
    ws.write_file(
        "main.tf",
        &(provider_config_with(&org.emulator, RETRIES)
            + r#"
resource "resistant_tenant" "t" {
  name                = "strictname"
  deletion_protection = false
}
"#),
    );
    ws.init();
    org.emulator.set_faults(Faults {
        drop_after_commit_rate: 1.0,
        ..Faults::default()
    });
    let output = ws.run(&APPLY);
    org.emulator.set_faults(Faults::default());
    let said = unwrapped(&text(&output));
    assert!(!output.status.success(), "{said}");
    let live = block_on(org.client.list_tenants()).expect("list");
    assert_eq!(live.len(), 1, "the tenant was made once and not deleted");
    assert!(ids_of_type(&ws.show_json(), "resistant_tenant").is_empty());
    assert_mentions(
        &said,
        &[
            &live[0].id,
            &format!("terraform import ADDRESS {}", live[0].id),
            "neither adopted nor deleted",
        ],
    );
}
