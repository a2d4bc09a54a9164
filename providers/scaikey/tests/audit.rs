//! The audit trail (`audit_log`) through real terraform against the ScaiKey emulator: a tenant
//! created, updated, imported and deleted under lost answers writes one intent and one outcome
//! line per attempt, schema-valid, with the ids the API answered, every unknown outcome settled,
//! and neither the client secret nor a token; an audit file that cannot be written stops a
//! change before any call reaches the API.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use api_client_kit::audit::{read_checked, AuditLine, Outcome, Phase, Settled};
use scaikey_emulator::{Config, Faults};
use support::state::id_of;
use support::{tenant_body, Api, Workspace};
use tf_acceptance::describe;

fn seeds(default: &[u64]) -> Vec<u64> {
    match std::env::var("FAULT_SEEDS") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        Err(_) => default.to_vec(),
    }
}

fn tenant(resource: &str, name: &str, slug: &str) -> String {
    format!("resource \"scaikey_tenant\" \"{resource}\" {{\n  name = \"{name}\"\n  slug = \"{slug}\"\n}}\n")
}

#[test]
fn a_lifecycle_under_lost_answers_writes_settled_schema_valid_lines_and_no_secret() {
    for seed in seeds(&[5]) {
        let api = Api::start_with(Config {
            fault_seed: Some(seed),
            ..Config::default()
        });
        let other = api.create(tenant_body("Other", "other", None));
        let other_id = other["id"].as_str().expect("an id").to_string();
        let dir = tempfile::tempdir().unwrap();
        let audit_log = dir.path().join("scaikey-audit.jsonl");
        let settings = format!(
            "provider \"scaikey\" {{\n  max_retries  = 25\n  audit_log    = \"{}\"\n  audit_reason = \"CHG-9\"\n",
            audit_log.display()
        );
        let main = |name: &str| {
            api.config(&format!(
                "{}\nimport {{\n  to = scaikey_tenant.other\n  id = \"{other_id}\"\n}}\n{}",
                tenant("t", name, "audited"),
                tenant("other", "Other", "other")
            ))
            .replace("provider \"scaikey\" {\n", &settings)
        };
        let ws = Workspace::new(support::mirror());
        ws.write_file("main.tf", &main("Audited"));
        ws.init();
        api.emulator
            .set_faults(Faults {
                fail_rate: 0.1,
                fail_after_commit_rate: 0.15,
                drop_after_commit_rate: 0.1,
                ..Faults::default()
            })
            .expect("faults");
        let apply = ["apply", "-auto-approve", "-no-color", "-input=false"];
        let applied = ws.run(&apply);
        assert!(
            applied.status.success(),
            "seed {seed}: {}",
            describe(&applied)
        );
        let tenant_id = id_of(&ws.show_json(), "scaikey_tenant.t");
        ws.write_file("main.tf", &main("Audited Renamed"));
        let applied = ws.run(&apply);
        assert!(
            applied.status.success(),
            "seed {seed}: {}",
            describe(&applied)
        );
        let destroyed = ws.run(&["destroy", "-auto-approve", "-no-color", "-input=false"]);
        assert!(
            destroyed.status.success(),
            "seed {seed}: {}",
            describe(&destroyed)
        );
        api.emulator
            .set_faults(Faults::default())
            .expect("no faults");

        let written = std::fs::read_to_string(&audit_log).unwrap();
        assert!(
            !written.contains(&api.emulator.client_secret()),
            "seed {seed}: the client secret reached the audit log"
        );
        assert!(
            !written.contains("eyJ"),
            "seed {seed}: no JWT reached the audit log"
        );
        let lines = read_checked(&audit_log);
        let mut events: BTreeMap<String, Vec<AuditLine>> = BTreeMap::new();
        for line in &lines {
            assert_eq!(line.provider, "scaikey");
            assert_eq!(line.reason.as_deref(), Some("CHG-9"));
            events
                .entry(line.event_id.clone())
                .or_default()
                .push(line.clone());
        }
        let mut effective: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (id, pair) in &events {
            assert_eq!(
                pair.len(),
                2,
                "seed {seed}: event {id} has an intent and an outcome"
            );
            assert_eq!(
                (pair[0].phase, pair[1].phase),
                (Phase::Intent, Phase::Outcome)
            );
            let outcome = &pair[1];
            assert_eq!(
                outcome.settled.is_some(),
                outcome.outcome == Some(Outcome::Unknown)
            );
            let took = outcome.outcome == Some(Outcome::Succeeded)
                || matches!(outcome.settled, Some(Settled::Adopted | Settled::Gone));
            if took {
                let target = outcome
                    .response
                    .tenant_id
                    .clone()
                    .or(outcome.request.tenant_id.clone())
                    .expect("an effective change names its tenant");
                *effective
                    .entry((outcome.operation.clone(), target))
                    .or_default() += 1;
            }
        }
        let count = |operation: &str, id: &str| {
            effective
                .get(&(operation.to_string(), id.to_string()))
                .copied()
                .unwrap_or(0)
        };
        assert_eq!(
            count("tenant.create", &tenant_id),
            1,
            "seed {seed}: one create took effect"
        );
        assert_eq!(
            count("tenant.delete", &tenant_id),
            1,
            "seed {seed}: one delete took effect"
        );
        assert_eq!(
            count("tenant.delete", &other_id),
            1,
            "seed {seed}: the imported tenant's delete"
        );
        assert_eq!(
            count("tenant.create", &other_id),
            0,
            "seed {seed}: the imported tenant was not created here"
        );
        assert!(
            count("tenant.update", &tenant_id) >= 1,
            "seed {seed}: the rename is recorded"
        );
        let renamed: BTreeSet<Option<String>> = lines
            .iter()
            .filter(|l| l.operation == "tenant.update")
            .map(|l| l.request.name.clone())
            .collect();
        assert!(
            renamed.contains(&Some("Audited Renamed".to_string())),
            "seed {seed}: {renamed:?}"
        );
        let create = lines
            .iter()
            .find(|l| l.operation == "tenant.create")
            .expect("a create");
        assert_eq!(create.request.slug.as_deref(), Some("audited"));
    }
}

#[test]
fn an_audit_log_that_cannot_be_written_stops_the_create_before_any_call() {
    let api = Api::start();
    let blocked = "/dev/null/scaikey-audit.jsonl";
    let ws = Workspace::new(support::mirror());
    ws.write_file(
        "main.tf",
        &api.config(&tenant("t", "Blocked", "blocked")).replace(
            "provider \"scaikey\" {\n",
            &format!("provider \"scaikey\" {{\n  audit_log = \"{blocked}\"\n"),
        ),
    );
    ws.init();
    let before = api.emulator.stats();
    let failed = ws.run_fails(&["apply", "-auto-approve", "-no-color"]);
    let said = describe(&failed);
    assert!(said.contains(blocked), "the error names the file:\n{said}");
    let after = api.emulator.stats();
    assert_eq!(
        after.requests, before.requests,
        "no request reached the API"
    );
}
