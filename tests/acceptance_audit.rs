//! The audit trail (`audit_log`) through real terraform against the emulator: every line a run
//! writes is whole JSON that the published schema accepts; a lifecycle under faults (create,
//! rotate, import, delete) writes no secret it handled; an audit file that cannot be written
//! stops the change before any API call; and under concurrent applies with lost answers the
//! audit trail accounts for exactly the objects the API holds, creates and deletes alike.
//! Faulty runs repeat over seeds (`FAULT_SEEDS=7,8` reruns chosen ones).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use api_client_kit::audit::{read_checked, AuditLine, Outcome, Phase, Settled};
use regex::Regex;
use resistant_emulator::{Config, Faults};
use support::emulator::{block_on, Org};
use support::state::{ids_of_type, resources, str_of};
use support::{describe, fixture, provider_config_with, Workspace, FIXTURES};

fn seeds(default: &[u64]) -> Vec<u64> {
    match std::env::var("FAULT_SEEDS") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        Err(_) => default.to_vec(),
    }
}

/// A fifth of the requests answered 5xx (half of those after the change was made) and some
/// changes made with their answer dropped.
fn faults(seed: u64) -> Faults {
    Faults {
        fail_rate: 0.1,
        fail_after_commit_rate: 0.1,
        drop_after_commit_rate: 0.05,
        seed: Some(seed),
        ..Faults::default()
    }
}

const APPLY: [&str; 5] = [
    "apply",
    "-auto-approve",
    "-input=false",
    "-no-color",
    "-parallelism=20",
];
const DESTROY: [&str; 6] = [
    "destroy",
    "-auto-approve",
    "-input=false",
    "-no-color",
    "-parallelism=20",
    "-refresh=false",
];

/// The provider block with the audit settings and generous retries.
fn provider(org: &Org, audit_log: &Path) -> String {
    provider_config_with(
        &org.emulator,
        &format!(
            "  max_retries   = 25\n  audit_log     = \"{}\"\n  audit_reason  = \"CHG-42\"\n",
            audit_log.display()
        ),
    )
}

fn workspace(main_tf: &str) -> Workspace {
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", main_tf);
    ws.init();
    ws
}

/// The events of an audit file by id: the intent line and the outcome lines. Checks that each
/// event has exactly one intent and one outcome, the outcome after it, with the same operation.
fn events(lines: &[AuditLine]) -> BTreeMap<String, (AuditLine, AuditLine)> {
    let mut intents: BTreeMap<String, AuditLine> = BTreeMap::new();
    let mut events = BTreeMap::new();
    for line in lines {
        match line.phase {
            Phase::Intent => {
                assert!(
                    intents
                        .insert(line.event_id.clone(), line.clone())
                        .is_none(),
                    "one intent per event: {line:?}"
                );
            }
            Phase::Outcome => {
                let intent = intents
                    .get(&line.event_id)
                    .unwrap_or_else(|| panic!("an outcome follows its intent: {line:?}"));
                assert_eq!(intent.operation, line.operation);
                assert!(line.outcome.is_some(), "an outcome line says what happened");
                assert_eq!(
                    line.settled.is_some(),
                    line.outcome == Some(Outcome::Unknown),
                    "exactly the unknown outcomes are settled: {line:?}"
                );
                assert!(
                    events
                        .insert(line.event_id.clone(), (intent.clone(), line.clone()))
                        .is_none(),
                    "one outcome per event: {line:?}"
                );
            }
        }
    }
    let open: Vec<&String> = intents
        .keys()
        .filter(|id| !events.contains_key(*id))
        .collect();
    assert!(open.is_empty(), "every intent has its outcome: {open:?}");
    events
}

/// Whether an outcome made its object: succeeded, or unknown and proven made.
fn took_effect(outcome: &AuditLine) -> bool {
    match outcome.outcome {
        Some(Outcome::Succeeded) => true,
        Some(Outcome::Unknown) => matches!(
            outcome.settled,
            Some(Settled::Adopted | Settled::Discarded | Settled::Gone)
        ),
        _ => false,
    }
}

/// The ids named by the events of `operation` that took effect, each with how many events name it.
fn effective(
    events: &BTreeMap<String, (AuditLine, AuditLine)>,
    operation: &str,
    id: impl Fn(&AuditLine, &AuditLine) -> Option<String>,
) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (intent, outcome) in events.values() {
        if intent.operation == operation && took_effect(outcome) {
            let id = id(intent, outcome).unwrap_or_else(|| {
                panic!("an effective {operation} names its object: {outcome:?}")
            });
            *counts.entry(id).or_default() += 1;
        }
    }
    counts
}

/// Panics naming the kind of secret (never the secret) found in the audit file.
fn assert_no_secret(audit: &str, secrets: &[(String, String)]) {
    let jwt = Regex::new(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.").expect("regex");
    let token_shape =
        Regex::new(r"(?:^|[^A-Za-z0-9])([A-Za-z0-9]{48})(?:[^A-Za-z0-9]|$)").expect("regex");
    let mut found: Vec<String> = secrets
        .iter()
        .filter(|(_, secret)| audit.contains(secret.as_str()))
        .map(|(kind, _)| kind.clone())
        .collect();
    if jwt.is_match(audit) {
        found.push("a JWT (a client assertion or token)".into());
    }
    if token_shape.is_match(audit) {
        found.push("a 48-character token".into());
    }
    assert!(found.is_empty(), "secrets in the audit log: {found:?}");
}

/// The base64 lines of a PEM fixture (each is key material).
fn pem_lines(name: &str) -> Vec<(String, String)> {
    fixture(name)
        .lines()
        .filter(|line| !line.starts_with("-----") && line.len() > 20)
        .map(|line| (format!("a line of {name}"), line.to_string()))
        .collect()
}

fn lifecycle_body(round: &str, public_key: &str, imported: &str) -> String {
    format!(
        r#"
resource "resistant_tenant" "audited" {{
  name                = "audited"
  cells               = ["eu-1"]
  deletion_protection = false
}}

resource "resistant_tenant_application" "secret" {{
  tenant_id           = resistant_tenant.audited.id
  cell                = "eu-1"
  scopes              = ["documents.submissions.read"]
  rotate_when_changed = {{ round = "{round}" }}
  lifecycle {{
    create_before_destroy = true
  }}
}}

resource "resistant_tenant_application" "key" {{
  tenant_id      = resistant_tenant.audited.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = file("{FIXTURES}/{public_key}")
  lifecycle {{
    create_before_destroy = true
  }}
}}

import {{
  to = resistant_tenant.imported
  id = "{imported}"
}}

resource "resistant_tenant" "imported" {{
  name                = "imported"
  cells               = ["eu-1"]
  deletion_protection = false
}}
"#
    )
}

#[test]
fn a_lifecycle_under_faults_writes_whole_valid_lines_and_no_secret_it_handled() {
    for seed in seeds(&[3]) {
        let org = Org::start(Config::default());
        let imported = org.tenant("imported", &["eu-1"]);
        let dir = tempfile::tempdir().unwrap();
        let audit_log = dir.path().join("audit.jsonl");
        let header = provider(&org, &audit_log);
        let ws = workspace(
            &(header.clone() + &lifecycle_body("r1", "rsa2048_public_spki.pem", &imported.id)),
        );
        org.emulator.set_faults(faults(seed));
        let mut secrets: Vec<(String, String)> = vec![(
            "the organization's client secret".into(),
            org.emulator.org_client_secret(),
        )];
        for (round, key) in [
            ("r1", "rsa2048_public_spki.pem"),
            ("r2", "ec_p256_public.pem"),
        ] {
            ws.write_file(
                "main.tf",
                &(header.clone() + &lifecycle_body(round, key, &imported.id)),
            );
            let applied = ws.run(&APPLY);
            assert!(
                applied.status.success(),
                "seed {seed}: apply {round}\n{}",
                describe(&applied)
            );
            let show = ws.show_json();
            let secret = resources(&show)
                .iter()
                .find(|r| r["address"] == "resistant_tenant_application.secret")
                .map(|r| str_of(&r["values"], "client_secret").to_string())
                .expect("the secret application");
            secrets.push((format!("the client secret of round {round}"), secret));
        }
        let destroyed = ws.run(&DESTROY);
        assert!(
            destroyed.status.success(),
            "seed {seed}: destroy\n{}",
            describe(&destroyed)
        );
        assert!(
            org.emulator.stats().faults_injected > 0,
            "seed {seed}: faults met"
        );

        let text = std::fs::read_to_string(&audit_log).unwrap();
        for key in [
            "rsa2048_pkcs1.pem",
            "rsa2048_pkcs8.pem",
            "ec_p256_pkcs8.pem",
            "org_rsa_pkcs1.pem",
        ] {
            secrets.extend(pem_lines(key));
        }
        assert_no_secret(&text, &secrets);
        let lines = read_checked(&audit_log);
        assert!(lines
            .iter()
            .all(|l| l.reason.as_deref() == Some("CHG-42") && !l.actor.is_empty()));
        assert!(lines
            .iter()
            .all(|l| l.provider == "resistant" && l.endpoint == org.emulator.endpoint()));
        let events = events(&lines);
        // Rotation created two applications of each kind, and the destroy deleted everything.
        let app_creates = effective(&events, "tenant_application.create", |_, o| {
            o.response.application_id.clone()
        });
        let app_deletes = effective(&events, "tenant_application.delete", |i, _| {
            i.request.application_id.clone()
        });
        let kept: BTreeSet<&String> = events
            .values()
            .filter(|(i, o)| {
                i.operation == "tenant_application.create"
                    && o.settled != Some(Settled::Discarded)
                    && took_effect(o)
            })
            .filter_map(|(_, o)| o.response.application_id.as_ref())
            .collect();
        assert_eq!(
            kept.len(),
            4,
            "seed {seed}: two rounds of two applications were created"
        );
        assert!(
            app_creates.values().all(|n| *n == 1),
            "seed {seed}: one create event per application"
        );
        let deleted: BTreeSet<&String> = app_deletes.keys().collect();
        assert!(
            kept.is_subset(&deleted),
            "seed {seed}: every application's delete is recorded"
        );
        let tenant_deletes =
            effective(&events, "tenant.delete", |i, _| i.request.tenant_id.clone());
        assert!(
            tenant_deletes.contains_key(&imported.id),
            "seed {seed}: the imported tenant's delete is recorded"
        );
        assert_eq!(
            tenant_deletes.len(),
            2,
            "seed {seed}: both tenants' deletes are recorded"
        );
        let creates = effective(&events, "tenant.create", |_, o| {
            o.response.tenant_id.clone()
        });
        assert_eq!(
            creates.len(),
            1,
            "seed {seed}: one tenant was created (the other imported)"
        );
        // The rotation made an RSA application, then an EC one: each create names its method.
        let key_methods: BTreeSet<Option<String>> = events
            .values()
            .filter(|(i, _)| {
                i.operation == "tenant_application.create" && i.request.key_id.is_some()
            })
            .map(|(i, _)| i.request.auth_method.clone())
            .collect();
        assert_eq!(
            key_methods,
            BTreeSet::from([
                Some("private_key_jwt (EC)".to_string()),
                Some("private_key_jwt (RSA)".to_string()),
            ]),
            "seed {seed}: the key-based creates"
        );
    }
}

#[test]
fn an_audit_log_that_cannot_be_written_stops_the_change_before_any_api_call() {
    let org = Org::start(Config::default());
    let blocked = "/dev/null/audit.jsonl";
    let ws = workspace(
        &(provider_config_with(&org.emulator, &format!("  audit_log = \"{blocked}\"\n"))
            + "resource \"resistant_tenant\" \"t\" {\n  name = \"unaudited\"\n  cells = [\"eu-1\"]\n}\n"),
    );
    let before = org.emulator.stats();
    let failed = ws.run_fails(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let after = org.emulator.stats();
    let output = describe(&failed);
    assert!(
        output.contains(blocked),
        "the error names the file:\n{output}"
    );
    assert!(
        output.contains("was not made"),
        "the error says nothing changed:\n{output}"
    );
    assert_eq!(
        after.api_requests, before.api_requests,
        "no API call was made"
    );
    assert_eq!(after.tenant_creates, 0);
    assert!(block_on(org.client.find_tenant_by_name("unaudited"))
        .unwrap()
        .is_none());
}

/// `tenants` tenants named `{prefix}{i}`, each with a client-secret and a key-based application.
fn many(prefix: &str, tenants: usize) -> String {
    format!(
        r#"
resource "resistant_tenant" "t" {{
  count               = {tenants}
  name                = "{prefix}${{count.index}}"
  cells               = ["eu-1"]
  deletion_protection = false
}}

resource "resistant_tenant_application" "secret" {{
  count     = {tenants}
  tenant_id = resistant_tenant.t[count.index].id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read"]
}}

resource "resistant_tenant_application" "key" {{
  count          = {tenants}
  tenant_id      = resistant_tenant.t[count.index].id
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = file("{FIXTURES}/rsa2048_public_spki.pem")
}}
"#
    )
}

fn all_at_once(workspaces: &[Workspace], args: &[&str]) -> Vec<std::process::Output> {
    std::thread::scope(|scope| {
        let runs: Vec<_> = workspaces
            .iter()
            .map(|ws| scope.spawn(move || ws.run(args)))
            .collect();
        runs.into_iter()
            .map(|r| r.join().expect("terraform ran"))
            .collect()
    })
}

/// Every object the emulator holds: tenants and applications.
fn held(org: &Org) -> (BTreeSet<String>, BTreeSet<String>) {
    let tenants = block_on(org.client.list_tenants()).expect("list tenants");
    let mut applications = BTreeSet::new();
    for tenant in &tenants {
        for a in block_on(org.client.list_applications(&tenant.id)).expect("list applications") {
            applications.insert(a.id);
        }
    }
    (tenants.into_iter().map(|t| t.id).collect(), applications)
}

#[test]
fn three_concurrent_applies_under_lost_answers_have_exactly_one_create_and_delete_event_per_object()
{
    const TENANTS: usize = 20;
    for seed in seeds(&[11]) {
        let org = Org::start(Config {
            tenant_quota: 100,
            ..Config::default()
        });
        let dir = tempfile::tempdir().unwrap();
        let audit_log = dir.path().join("audit.jsonl");
        let workspaces: Vec<Workspace> = (0..3)
            .map(|w| workspace(&(provider(&org, &audit_log) + &many(&format!("w{w}t"), TENANTS))))
            .collect();
        org.emulator.set_faults(faults(seed));
        for (w, out) in all_at_once(&workspaces, &APPLY).iter().enumerate() {
            assert!(
                out.status.success(),
                "seed {seed}: workspace {w} apply\n{}",
                describe(out)
            );
        }
        org.emulator.set_faults(Faults::default());
        assert!(
            org.emulator.stats().faults_injected > 0,
            "seed {seed}: faults met"
        );
        let (tenants, applications) = held(&org);
        assert_eq!(tenants.len(), 3 * TENANTS);
        assert_eq!(applications.len(), 3 * TENANTS * 2);
        let in_states: BTreeSet<String> = workspaces
            .iter()
            .flat_map(|ws| ids_of_type(&ws.show_json(), "resistant_tenant_application"))
            .collect();
        assert_eq!(
            in_states, applications,
            "seed {seed}: the states hold what the API holds"
        );

        let events = events(&read_checked(&audit_log));
        let kept =
            |operation: &str, id: fn(&AuditLine) -> Option<String>| -> BTreeMap<String, usize> {
                let mut counts = BTreeMap::new();
                for (intent, outcome) in events.values() {
                    if intent.operation == operation
                        && took_effect(outcome)
                        && outcome.settled != Some(Settled::Discarded)
                    {
                        *counts
                            .entry(id(outcome).expect("a create that took effect names its object"))
                            .or_default() += 1;
                    }
                }
                counts
            };
        let settled_creates = events
            .values()
            .filter(|(i, o)| {
                i.operation.ends_with(".create") && o.outcome == Some(Outcome::Unknown)
            })
            .count();
        assert!(
            settled_creates > 0,
            "seed {seed}: some creates had unknown outcomes to settle"
        );
        let tenant_creates = kept("tenant.create", |o| o.response.tenant_id.clone());
        let app_creates = kept("tenant_application.create", |o| {
            o.response.application_id.clone()
        });
        assert_eq!(
            tenant_creates.keys().cloned().collect::<BTreeSet<_>>(),
            tenants,
            "seed {seed}: tenant creates"
        );
        assert_eq!(
            app_creates.keys().cloned().collect::<BTreeSet<_>>(),
            applications,
            "seed {seed}: application creates"
        );
        assert!(
            tenant_creates
                .values()
                .chain(app_creates.values())
                .all(|n| *n == 1),
            "seed {seed}: exactly one create event per object"
        );
        let discarded: BTreeSet<String> = events
            .values()
            .filter(|(_, o)| o.settled == Some(Settled::Discarded))
            .filter_map(|(_, o)| o.response.application_id.clone())
            .collect();
        assert!(
            discarded.is_disjoint(&applications),
            "seed {seed}: no discarded application is held"
        );

        org.emulator.set_faults(faults(seed + 1000));
        for (w, out) in all_at_once(&workspaces, &DESTROY).iter().enumerate() {
            assert!(
                out.status.success(),
                "seed {seed}: workspace {w} destroy\n{}",
                describe(out)
            );
        }
        org.emulator.set_faults(Faults::default());
        let (left, left_apps) = held(&org);
        assert!(
            left.is_empty() && left_apps.is_empty(),
            "seed {seed}: the destroys removed everything"
        );
        let events = self::events(&read_checked(&audit_log));
        let tenant_deletes =
            effective(&events, "tenant.delete", |i, _| i.request.tenant_id.clone());
        let app_deletes = effective(&events, "tenant_application.delete", |i, _| {
            i.request.application_id.clone()
        });
        assert_eq!(
            tenant_deletes.keys().cloned().collect::<BTreeSet<_>>(),
            tenants,
            "seed {seed}: tenant deletes"
        );
        let expected: BTreeSet<String> = applications.union(&discarded).cloned().collect();
        assert_eq!(
            app_deletes.keys().cloned().collect::<BTreeSet<_>>(),
            expected,
            "seed {seed}: application deletes"
        );
        assert!(
            tenant_deletes
                .values()
                .chain(app_deletes.values())
                .all(|n| *n == 1),
            "seed {seed}: exactly one delete that took effect per object"
        );
    }
}
