//! The audit trail (`audit_log`) through real terraform against the Raven emulator: a tenant
//! registered, its settings and name changed and an API key created write one intent and one
//! outcome line per change, schema-valid, with the ids Raven answered and none of the keys; an
//! audit file that cannot be written stops a change before any call reaches Raven.

mod support;

use std::collections::BTreeMap;

use api_client_kit::audit::{read_checked, Outcome, Phase};
use support::diagnostics::text;
use support::state::{str_of, values};
use support::{config, emulator, mirror, Workspace};

const TENANT: &str = "resource \"raven_tenant\" \"t\" {
  name  = \"Audit Inc\"
  email = \"audit@acme.example\"
}
";

const KEY: &str = "resource \"raven_api_key\" \"reader\" {
  name               = \"reader\"
  scopes             = [\"tenant:read\"]
  creator_api_key_wo = raven_tenant.t.api_key
}
";

#[test]
fn a_lifecycle_writes_one_intent_and_outcome_per_change_with_ids_and_no_key() {
    let emulator = emulator();
    let dir = tempfile::tempdir().unwrap();
    let audit_log = dir.path().join("raven-audit.jsonl");
    let extra = format!(
        "  audit_log    = \"{}\"\n  audit_actor  = \"release-bot\"\n  audit_reason = \"CHG-7\"\n",
        audit_log.display()
    );
    let ws = Workspace::new(mirror());
    ws.write_file(
        "main.tf",
        &config(&emulator, &extra, &format!("{TENANT}\n{KEY}")),
    );
    ws.init();
    let apply = ["apply", "-auto-approve", "-no-color"];
    let applied = ws.run(&apply);
    assert!(applied.status.success(), "{}", text(&applied));
    let show = ws.show_json();
    let tenant = values(&show, "raven_tenant.t");
    let (tenant_id, tenant_key) = (
        str_of(&tenant, "id").to_string(),
        str_of(&tenant, "api_key").to_string(),
    );
    let reader_key = str_of(&values(&show, "raven_api_key.reader"), "api_key").to_string();

    let changed = format!("{TENANT}\n{KEY}").replace(
        "email = \"audit@acme.example\"",
        "email = \"audit@acme.example\"\n  settings = {\n    max_users = 5\n  }",
    );
    ws.write_file("main.tf", &config(&emulator, &extra, &changed));
    let applied = ws.run(&apply);
    assert!(applied.status.success(), "{}", text(&applied));
    let renamed = changed.replace("Audit Inc", "Audit Ltd");
    ws.write_file("main.tf", &config(&emulator, &extra, &renamed));
    let applied = ws.run(&apply);
    assert!(applied.status.success(), "{}", text(&applied));

    let written = std::fs::read_to_string(&audit_log).unwrap();
    for secret in [&tenant_key, &reader_key] {
        assert!(
            !written.contains(secret.as_str()),
            "an API key reached the audit log"
        );
    }
    let lines = read_checked(&audit_log);
    let mut events: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for line in &lines {
        assert_eq!(line.actor, "release-bot");
        assert_eq!(line.reason.as_deref(), Some("CHG-7"));
        assert_eq!(line.provider, "raven");
        events
            .entry(line.event_id.clone())
            .or_default()
            .push(line.clone());
    }
    let mut operations = Vec::new();
    for (id, pair) in &events {
        assert_eq!(pair.len(), 2, "event {id}: an intent and an outcome");
        assert_eq!(
            (pair[0].phase, pair[1].phase),
            (Phase::Intent, Phase::Outcome)
        );
        assert_eq!(pair[1].outcome, Some(Outcome::Succeeded), "{:?}", pair[1]);
    }
    // The changes ran one after another, so their outcomes are in the file in their order.
    for line in lines.iter().filter(|l| l.phase == Phase::Outcome) {
        operations.push(((), line.clone()));
    }
    let names: Vec<&str> = operations
        .iter()
        .map(|(_, o)| o.operation.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "tenant.register",
            "api_key.create",
            "tenant.settings.update",
            "tenant.update"
        ]
    );
    let (_, registered) = &operations[0];
    assert_eq!(
        registered.response.tenant_id.as_deref(),
        Some(tenant_id.as_str())
    );
    assert_eq!(registered.http_status, Some(201));
    let prefix = registered
        .response
        .api_key_prefix
        .clone()
        .expect("the key's prefix");
    assert!(
        tenant_key.starts_with(&prefix) && prefix.len() < tenant_key.len() / 2,
        "only a short prefix of the key: {prefix}"
    );
    let (_, key) = &operations[1];
    assert!(key.response.key_id.is_some() && key.request.scopes == ["tenant:read"]);
    let settings = &operations[2].1.request.settings_changed;
    assert!(
        settings.iter().any(|s| s.ends_with("max_users")),
        "{settings:?}"
    );
    assert_eq!(operations[3].1.request.name.as_deref(), Some("Audit Ltd"));
}

#[test]
fn an_audit_log_that_cannot_be_written_stops_the_registration_before_any_call() {
    let emulator = emulator();
    let ws = Workspace::new(mirror());
    let blocked = "/dev/null/raven-audit.jsonl";
    ws.write_file(
        "main.tf",
        &config(&emulator, &format!("  audit_log = \"{blocked}\"\n"), TENANT),
    );
    ws.init();
    let failed = ws.run_fails(&["apply", "-auto-approve", "-no-color"]);
    let said = text(&failed);
    assert!(said.contains(blocked), "the error names the file:\n{said}");
    assert_eq!(
        support::count(&emulator, "POST /api/v1/tenants"),
        0,
        "nothing reached Raven"
    );
}
