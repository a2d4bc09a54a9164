//! `raven_tenant` with real terraform against the emulator: registration with settings, settings
//! changed in place with exactly one PATCH each, the webhook removed, a new email replacing the
//! tenant, a suspended tenant's refusal, import of `current`, and the destroy warning.

mod support;

use std::sync::Arc;

use raven_emulator::Emulator;
use serde_json::Value as Json;
use support::diagnostics::{assert_mentions, text};
use support::state::{sorted, str_of, values};
use support::{config, count, emulator, mirror, register, Workspace};
use tf_acceptance::steps::{PlanCheck, Step, TestCase};

const PATCH: &str = "PATCH /api/v1/tenant";
const ADDRESS: &str = "raven_tenant.t";

fn tenant(email: &str, settings: &str) -> String {
    format!(
        "resource \"raven_tenant\" \"t\" {{\n  name  = \"Acme\"\n  email = \"{email}\"\n  \
         settings = {{\n{settings}\n  }}\n}}\n"
    )
}

fn patches_are(emulator: &Arc<Emulator>, expected: u64) -> impl Fn(&Json) -> Result<(), String> {
    let emulator = emulator.clone();
    move |_| match count(&emulator, PATCH) {
        n if n == expected => Ok(()),
        n => Err(format!(
            "expected {expected} PATCH request(s) in all, saw {n}"
        )),
    }
}

#[test]
fn a_tenant_registers_with_settings_changes_them_in_place_with_one_patch_and_a_new_email_replaces_it(
) {
    let emulator = emulator();
    let ws = Workspace::new(mirror());
    let cfg = |email: &str, settings: &str| config(&emulator, "", &tenant(email, settings));
    let first_id = Arc::new(std::sync::Mutex::new(String::new()));
    let remember = first_id.clone();
    let compare = first_id.clone();
    let webhook =
        "    retention_days = 180\n    webhook_url = \"https://hooks.example.com/raven\"\n    \
                   webhook_events = [\"user.created\", \"memory.ingested\"]";
    TestCase::new(vec![
        Step::apply(cfg(
            "dev@acme.example",
            "    retention_days = 90\n    max_conversations_per_user = 50",
        ))
        .check(move |show| {
            let t = values(show, ADDRESS);
            let s = &t["settings"];
            if s["retention_days"] != 90
                || s["batch_size"] != 10
                || s["max_users"] != 1000
                || s["encryption_mode"] != "platform"
                || !s["webhook_url"].is_null()
            {
                return Err(format!("settings: {s:#}"));
            }
            if !str_of(&t, "api_key").starts_with("rk_live_") || t["status"] != "active" {
                return Err(format!("key or status: {t:#}"));
            }
            *remember.lock().unwrap() = str_of(&t, "id").to_string();
            Ok(())
        })
        .check(patches_are(&emulator, 0)),
        Step::apply(cfg("dev@acme.example", webhook))
            .plan_check(PlanCheck::update_at(ADDRESS, "settings"))
            .check(patches_are(&emulator, 1))
            .check(|show| {
                let s = &values(show, ADDRESS)["settings"];
                let events = sorted(&s["webhook_events"]);
                match (
                    s["retention_days"] == 180,
                    events == ["memory.ingested", "user.created"],
                ) {
                    (true, true) => Ok(()),
                    _ => Err(format!("settings after the change: {s:#}")),
                }
            }),
        // Removing the webhook: one PATCH sending `webhook_url: null`, the events go with it.
        Step::apply(cfg("dev@acme.example", "    retention_days = 180"))
            .plan_check(PlanCheck::update_at(ADDRESS, "settings"))
            .check(patches_are(&emulator, 2))
            .check(|show| {
                let s = &values(show, ADDRESS)["settings"];
                match s["webhook_url"].is_null() && s["webhook_events"].is_null() {
                    true => Ok(()),
                    false => Err(format!("the webhook is still there: {s:#}")),
                }
            }),
        Step::apply(cfg("ops@acme.example", "    retention_days = 180"))
            .plan_check(PlanCheck::replace_at(ADDRESS, "email"))
            .plan_check(PlanCheck::actions(ADDRESS, &["delete", "create"]))
            .check(patches_are(&emulator, 2))
            .check(move |show| {
                let id = values(show, ADDRESS)["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                match id != *compare.lock().unwrap() {
                    true => Ok(()),
                    false => Err("the new email kept the old tenant".into()),
                }
            }),
    ])
    .run(&ws);
    assert_eq!(
        count(&emulator, "POST /api/v1/tenants"),
        2,
        "two registrations"
    );
}

/// A state check that the tenant's `batch_size` setting is `expected`.
fn batch_size_is(expected: u64) -> impl Fn(&Json) -> Result<(), String> {
    move |show| match &values(show, ADDRESS)["settings"]["batch_size"] {
        n if *n == expected => Ok(()),
        n => Err(format!("batch_size is {n}, expected {expected}")),
    }
}

#[test]
fn a_suspended_tenant_refuses_a_settings_change_with_a_message_saying_so() {
    let emulator = emulator();
    let cfg = |batch: u64| {
        config(
            &emulator,
            "",
            &tenant("s@acme.example", &format!("    batch_size = {batch}")),
        )
    };
    let (suspend, resume) = (emulator.clone(), emulator.clone());
    TestCase::new(vec![
        Step::apply(cfg(20)),
        Step::expect_error(
            cfg(30),
            &[
                "Could not update the tenant",
                "The tenant is suspended",
                "403",
            ],
        )
        .before(move |show| {
            suspend
                .suspend(str_of(&values(show, ADDRESS), "id"))
                .map_err(|e| format!("suspend: {e}"))
        })
        .check(batch_size_is(20))
        // The refused PATCH reached Raven once.
        .check(patches_are(&emulator, 1)),
        Step::apply(cfg(30))
            .before(move |show| {
                resume
                    .resume(str_of(&values(show, ADDRESS), "id"))
                    .map_err(|e| format!("resume: {e}"))
            })
            .check(batch_size_is(30)),
    ])
    .run(&Workspace::new(mirror()));
}

#[test]
fn importing_current_takes_the_provider_keys_tenant_and_plans_nothing_and_destroy_warns() {
    let emulator = emulator();
    let (id, key) = register(&emulator, "Imported Co", "imp@acme.example");
    let ws = Workspace::new(mirror());
    let body = "resource \"raven_tenant\" \"t\" {\n  name  = \"Imported Co\"\n  email = \"imp@acme.example\"\n}\n";
    ws.write_file(
        "main.tf",
        &config(&emulator, &format!("  api_key = \"{key}\""), body),
    );
    ws.init();
    ws.import(ADDRESS, "current");
    let t = values(&ws.show_json(), ADDRESS);
    assert_eq!(t["id"], id.as_str());
    assert!(
        t["api_key"].is_null(),
        "the provider's key is not copied into state"
    );
    assert!(
        ws.plan_is_empty(),
        "the imported tenant matches the configuration"
    );

    // The provider's key now reads and patches it.
    ws.write_file(
        "main.tf",
        &config(
            &emulator,
            &format!("  api_key = \"{key}\""),
            &body.replace("Imported Co", "Imported Co 2"),
        ),
    );
    ws.apply();
    assert_eq!(count(&emulator, PATCH), 1);

    let destroyed = ws.destroy();
    let said = support::diagnostics::unwrapped(&text(&destroyed));
    assert_mentions(&said, &["The tenant still exists at Raven", &id, "support"]);
    // Still there at Raven.
    let ws2 = Workspace::new(mirror());
    ws2.write_file(
        "main.tf",
        &config(&emulator, &format!("  api_key = \"{key}\""), "data \"raven_tenant\" \"d\" {}\noutput \"name\" {\n  value = data.raven_tenant.d.name\n}\n"),
    );
    ws2.init();
    ws2.apply();
    assert_eq!(support::state::outputs(&ws2)["name"], "Imported Co 2");
}

#[test]
fn an_import_id_other_than_current_is_refused_with_what_to_use() {
    let emulator = emulator();
    let ws = Workspace::new(mirror());
    let body =
        "resource \"raven_tenant\" \"t\" {\n  name  = \"X\"\n  email = \"x@acme.example\"\n}\n";
    ws.write_file("main.tf", &config(&emulator, "", body));
    ws.init();
    let said = support::diagnostics::fails(&ws, &["import", "-no-color", ADDRESS, "some-id"]);
    assert_mentions(&said, &["Unsupported import ID", "`current`"]);
}

#[cfg(unix)]
#[test]
fn an_interrupted_settings_change_ends_within_seconds_and_leaves_state_matching_the_api() {
    use std::time::Duration;
    use terraform_provider_raven::client::{Client, Secret};

    let emulator = emulator();
    let ws = Workspace::new(mirror());
    let cfg = |batch: u32| {
        config(
            &emulator,
            "",
            &tenant("stop@acme.example", &format!("    batch_size = {batch}")),
        )
    };
    ws.write_file("main.tf", &cfg(10));
    ws.init();
    ws.apply();
    ws.write_file("main.tf", &cfg(20));
    emulator
        .set_faults(raven_emulator::Faults {
            latency_ms: 20_000,
            ..raven_emulator::Faults::default()
        })
        .unwrap();
    let said = ws
        .interrupt_apply_after(Duration::from_secs(4))
        .failed_within(Duration::from_secs(5));
    assert_mentions(&said, &["interrupted"]);

    emulator
        .set_faults(raven_emulator::Faults::default())
        .unwrap();
    let held = values(&ws.show_json(), ADDRESS);
    let key = Secret::new(str_of(&held, "api_key"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(&emulator.endpoint()).unwrap();
    let live = runtime.block_on(client.tenant(&key)).unwrap();
    assert_eq!(live["name"], held["name"]);
    assert_eq!(
        live["settings"]["batch_size"], held["settings"]["batch_size"],
        "state and API agree on the setting the interrupted apply was changing"
    );
}
