//! Exactly once under faults, through real terraform: the provider adopts or deletes only what its
//! own calls made. Pre-existing tenants under server errors, rotation pairs and many applications
//! in one cell under after-commit failures and lost responses, a large apply under rate limits, an
//! interrupted apply, and tenants whose applications Terraform does not manage. Every faulty run
//! repeats over seeds; a failure names its seed (`FAULT_SEEDS=7,8` reruns chosen ones).

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use resistant_emulator::{Config, Faults};
use serde_json::Value as Json;
use support::diagnostics::{apply_fails, assert_mentions, destroy_fails, text, unwrapped};
use support::emulator::{block_on, Org};
use support::state::{ids_of_type, resources, str_of};
use support::tokens::assert_token_works;
use support::{describe, fixture, provider_config_with, Workspace};
use terraform_provider_resistant::client::ApplicationAuth;

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

/// A workspace whose provider block points at `org`'s emulator, with `extra` provider settings.
fn workspace(org: &Org, extra: &str, body: &str) -> Workspace {
    let ws = Workspace::new(support::mirror());
    ws.write_file(
        "main.tf",
        &(provider_config_with(&org.emulator, extra) + "\n" + body),
    );
    ws.init();
    ws
}

fn with_seed(faults: Faults, seed: u64) -> Faults {
    Faults {
        seed: Some(seed),
        ..faults
    }
}

/// With faults off: the tenants and applications in the API are exactly those in state, and every
/// application in state obtains a data-plane token with its own credentials.
fn assert_state_is_the_api(org: &Org, ws: &Workspace, keys: &[(&str, &str)], seed: u64) -> Json {
    org.emulator.set_faults(Faults::default());
    let show = ws.show_json();
    let tenants = block_on(org.client.list_tenants()).expect("list tenants");
    let state_tenants = ids_of_type(&show, "resistant_tenant");
    let live_tenants: BTreeSet<String> = tenants
        .iter()
        .map(|t| t.id.clone())
        .filter(|id| state_tenants.contains(id))
        .collect();
    assert_eq!(
        live_tenants, state_tenants,
        "seed {seed}: tenants in state all exist"
    );
    let mut live_apps = BTreeSet::new();
    for tenant in tenants.iter().filter(|t| state_tenants.contains(&t.id)) {
        let apps = block_on(org.client.list_applications(&tenant.id)).expect("list apps");
        live_apps.extend(apps.into_iter().map(|a| a.id));
    }
    let state_apps = ids_of_type(&show, "resistant_tenant_application");
    let app_resources = resources(&show)
        .into_iter()
        .filter(|r| r["type"] == "resistant_tenant_application")
        .count();
    assert_eq!(
        state_apps.len(),
        app_resources,
        "seed {seed}: no two resources hold one application"
    );
    assert_eq!(
        live_apps, state_apps,
        "seed {seed}: applications in the API are exactly those in state (no orphan)"
    );
    for resource in resources(&show)
        .iter()
        .filter(|r| r["type"] == "resistant_tenant_application")
    {
        let address = str_of(resource, "address");
        let key = keys
            .iter()
            .find(|(prefix, _)| address.starts_with(prefix))
            .map(|(_, file)| fixture(file));
        assert_token_works(&show, address, key.as_deref());
    }
    show
}

/// Applies, failing with the seed and terraform's output unless it succeeds.
fn apply_with_seed(ws: &Workspace, seed: u64) {
    let applied = ws.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert!(
        applied.status.success(),
        "seed {seed}: apply failed\n{}",
        describe(&applied)
    );
}

const TAKEN: [&str; 3] = ["oldone", "oldtwo", "oldthree"];

#[test]
fn tenants_that_existed_before_are_never_adopted_under_server_errors() {
    for seed in seeds(&[1, 2, 3]) {
        let org = Org::start(Config::default());
        let before: Vec<String> = TAKEN.iter().map(|n| org.tenant(n, &["eu-1"]).id).collect();
        let names = ["oldone", "oldtwo", "oldthree", "newone", "newtwo"]
            .map(|n| format!("\"{n}\""))
            .join(", ");
        let ws = workspace(
            &org,
            "  max_retries = 10\n",
            &format!(
                r#"
resource "resistant_tenant" "t" {{
  for_each            = toset([{names}])
  name                = each.key
  deletion_protection = false
}}
"#
            ),
        );
        let faults = with_seed(
            Faults {
                fail_rate: 0.3,
                fail_after_commit_rate: 0.15,
                ..Faults::default()
            },
            seed,
        );
        org.emulator.set_faults(faults.clone());
        let refused = apply_fails(&ws);
        for name in TAKEN {
            assert_mentions(
                &refused,
                &[&format!("a tenant named \"{name}\" already exists")],
            );
        }
        assert_mentions(&refused, &["terraform import ADDRESS name:oldone"]);
        let show = assert_state_is_the_api(&org, &ws, &[], seed);
        let in_state: BTreeSet<String> = resources(&show)
            .iter()
            .map(|r| str_of(&r["values"], "name").to_string())
            .collect();
        assert_eq!(
            in_state,
            BTreeSet::from(["newone".to_string(), "newtwo".to_string()]),
            "seed {seed}: only the new tenants are managed"
        );
        for id in &before {
            assert!(
                !ids_of_type(&show, "resistant_tenant").contains(id),
                "seed {seed}"
            );
        }

        org.emulator.set_faults(faults);
        ws.destroy();
        org.emulator.set_faults(Faults::default());
        let left: Vec<String> = block_on(org.client.list_tenants())
            .expect("list")
            .into_iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(
            left, before,
            "seed {seed}: the pre-existing tenants survive"
        );
    }
}

/// Two client-secret applications and two key-based ones, all in one tenant and cell.
fn rotation_pairs() -> String {
    let rsa = fixture("rsa2048_public_spki.pem");
    let ec = fixture("ec_p256_public.pem");
    format!(
        r#"
resource "resistant_tenant" "t" {{
  name                = "rotation"
  deletion_protection = false
}}

resource "resistant_tenant_application" "secret" {{
  count     = 2
  tenant_id = resistant_tenant.t.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}}

resource "resistant_tenant_application" "rsa" {{
  tenant_id      = resistant_tenant.t.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = <<-EOT
{rsa}EOT
}}

resource "resistant_tenant_application" "ec" {{
  tenant_id      = resistant_tenant.t.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = <<-EOT
{ec}EOT
}}
"#
    )
}

const PAIR_KEYS: [(&str, &str); 2] = [
    ("resistant_tenant_application.rsa", "rsa2048_pkcs1.pem"),
    ("resistant_tenant_application.ec", "ec_p256_sec1.pem"),
];

#[test]
fn rotation_pairs_in_one_cell_each_hold_their_own_application_under_ambiguous_failures() {
    for seed in seeds(&[1, 2, 3]) {
        let org = Org::start(Config::default());
        let ws = workspace(&org, "  max_retries = 10\n", &rotation_pairs());
        let faults = with_seed(
            Faults {
                fail_after_commit_rate: 0.25,
                drop_after_commit_rate: 0.15,
                ..Faults::default()
            },
            seed,
        );
        org.emulator.set_faults(faults.clone());
        apply_with_seed(&ws, seed);
        assert_state_is_the_api(&org, &ws, &PAIR_KEYS, seed);
        assert!(ws.plan_is_empty(), "seed {seed}: the next plan is empty");
        assert!(
            org.emulator.stats().faults_injected > 0,
            "seed {seed}: faults met"
        );

        org.emulator.set_faults(faults);
        ws.destroy();
        org.emulator.set_faults(Faults::default());
        assert!(
            block_on(org.client.list_tenants()).unwrap().is_empty(),
            "seed {seed}"
        );
    }
}

#[test]
fn eight_applications_in_one_cell_survive_lost_responses_without_orphans() {
    for seed in seeds(&[1, 2]) {
        let org = Org::start(Config::default());
        let ws = workspace(
            &org,
            "  max_retries = 10\n",
            r#"
resource "resistant_tenant" "t" {
  name                = "crowded"
  deletion_protection = false
}

resource "resistant_tenant_application" "a" {
  count     = 8
  tenant_id = resistant_tenant.t.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.write"]
}
"#,
        );
        org.emulator.set_faults(with_seed(
            Faults {
                drop_after_commit_rate: 0.3,
                ..Faults::default()
            },
            seed,
        ));
        apply_with_seed(&ws, seed);
        let show = assert_state_is_the_api(&org, &ws, &[], seed);
        assert_eq!(
            ids_of_type(&show, "resistant_tenant_application").len(),
            8,
            "seed {seed}"
        );
        assert!(ws.plan_is_empty(), "seed {seed}: the next plan is empty");
    }
}

#[test]
fn twenty_tenants_with_two_applications_each_converge_under_rate_limits_with_default_settings() {
    for seed in seeds(&[1, 2]) {
        let org = Org::start(Config::default());
        let names = (1..=20)
            .map(|i| format!("\"customer{i}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let ws = workspace(
            &org,
            "",
            &format!(
                r#"
resource "resistant_tenant" "t" {{
  for_each            = toset([{names}])
  name                = each.key
  cells               = ["eu-1", "us-1"]
  deletion_protection = false
}}

resource "resistant_tenant_application" "eu" {{
  for_each  = resistant_tenant.t
  tenant_id = each.value.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read", "documents.submissions.write"]
}}

resource "resistant_tenant_application" "us" {{
  for_each  = resistant_tenant.t
  tenant_id = each.value.id
  cell      = "us-1"
  scopes    = ["documents.submissions.read"]
}}
"#
            ),
        );
        let faults = with_seed(
            Faults {
                rate_limit: Some(8),
                fail_rate: 0.2,
                drop_after_commit_rate: 0.05,
                ..Faults::default()
            },
            seed,
        );
        org.emulator.set_faults(faults.clone());
        apply_with_seed(&ws, seed);
        let show = assert_state_is_the_api(&org, &ws, &[], seed);
        assert_eq!(ids_of_type(&show, "resistant_tenant").len(), 20);
        assert_eq!(ids_of_type(&show, "resistant_tenant_application").len(), 40);

        org.emulator.set_faults(faults);
        ws.destroy();
        org.emulator.set_faults(Faults::default());
        assert!(
            block_on(org.client.list_tenants()).unwrap().is_empty(),
            "seed {seed}"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_apply_ends_within_seconds_and_leaves_state_matching_the_api() {
    let org = Org::start(Config::default());
    let tenant = |name: &str| {
        format!(
            "resource \"resistant_tenant\" \"{name}\" {{\n  name                = \"{name}\"\n  \
             deletion_protection = false\n}}\n"
        )
    };
    let ws = workspace(&org, "", &tenant("early"));
    ws.apply();
    ws.write_file(
        "main.tf",
        &(provider_config_with(&org.emulator, "") + &tenant("early") + &tenant("late")),
    );
    org.emulator.set_faults(Faults {
        latency_ms: 20_000,
        ..Faults::default()
    });
    let said = ws
        .interrupt_apply_after(Duration::from_secs(4))
        .failed_within(Duration::from_secs(5));
    assert_mentions(&said, &["interrupted", "\"late\""]);

    org.emulator.set_faults(Faults::default());
    let show = assert_state_is_the_api(&org, &ws, &[], 0);
    let live: Vec<String> = block_on(org.client.list_tenants())
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(live, ["early"], "the interrupted create made nothing");
    assert_eq!(ids_of_type(&show, "resistant_tenant").len(), 1);
}

fn mixed_tenant(extra_app: &str) -> String {
    format!(
        r#"
resource "resistant_tenant" "t" {{
  name                = "mixed"
  cells               = ["eu-1"]
  deletion_protection = false
}}

resource "resistant_tenant_application" "managed" {{
  tenant_id = resistant_tenant.t.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
{extra_app}}}
"#
    )
}

#[test]
fn destroying_a_tenant_with_an_unmanaged_application_is_refused_before_anything_is_deleted() {
    let org = Org::start(Config::default());
    let ws = workspace(&org, "", &mixed_tenant(""));
    ws.apply();
    let show = ws.show_json();
    let tenant_id = str_of(
        &resources(&show)
            .into_iter()
            .find(|r| r["type"] == "resistant_tenant")
            .unwrap()["values"],
        "id",
    )
    .to_string();
    let tenant = block_on(org.client.get_tenant(&tenant_id)).unwrap();
    let unmanaged = org.application(&tenant, "eu-1", ApplicationAuth::ClientSecret);

    let refused = destroy_fails(&ws);
    assert_mentions(
        &refused,
        &[
            "Tenant has applications Terraform does not manage",
            &unmanaged.id,
            &format!("terraform import ADDRESS {tenant_id}/{}", unmanaged.id),
            "force_destroy = true",
            "Nothing has been deleted",
        ],
    );
    // The managed application and the tenant are untouched, and still in state.
    let managed = ids_of_type(&ws.show_json(), "resistant_tenant_application");
    assert_eq!(managed.len(), 1);
    let live: BTreeSet<String> = block_on(org.client.list_applications(&tenant_id))
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(managed.is_subset(&live), "{managed:?} in {live:?}");
    assert!(live.contains(&unmanaged.id) && live.len() == 2, "{live:?}");
    assert_token_works(&show, "resistant_tenant_application.managed", None);

    // A replacement is planned before the applications, so it warns instead.
    ws.write_file(
        "main.tf",
        &(provider_config_with(&org.emulator, "")
            + &mixed_tenant("").replace("[\"eu-1\"]", "[\"eu-1\", \"us-1\"]")),
    );
    let plan = ws.run_ok(&["plan", "-input=false", "-no-color"]);
    assert_mentions(
        &unwrapped(&text(&plan)),
        &["Tenant applications may block its deletion", &unmanaged.id],
    );
}

#[test]
fn a_tenant_replacement_under_create_before_destroy_says_names_are_unique() {
    let org = Org::start(Config::default());
    let cbd = "  lifecycle {\n    create_before_destroy = true\n  }\n";
    let ws = workspace(&org, "", &mixed_tenant(cbd));
    ws.apply();
    ws.write_file(
        "main.tf",
        &(provider_config_with(&org.emulator, "")
            + &mixed_tenant(cbd).replace("[\"eu-1\"]", "[\"eu-1\", \"us-1\"]")),
    );
    let failed = apply_fails(&ws);
    assert_mentions(
        &failed,
        &[
            "a tenant named \"mixed\" already exists",
            "create_before_destroy",
            "tenant names are unique",
        ],
    );
    // Nothing was deleted on the way.
    assert_state_is_the_api(&org, &ws, &[], 0);
}
