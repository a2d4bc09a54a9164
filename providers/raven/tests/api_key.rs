//! `raven_api_key` with real terraform against the emulator: a key created with the tenant's key
//! given write-only (null in plan and state), the new key reading its tenant through the data
//! source, a key without `tenant:admin` refused with the scope named, secrets kept out of plan
//! output and provider logs, and the destroy warnings.

mod support;

use support::diagnostics::{assert_mentions, text, unwrapped};
use support::state::{outputs, sorted, str_of, values};
use support::{config, count, emulator, mirror, Workspace};
use tf_acceptance::steps::{Step, TestCase};

const TENANT: &str = "resource \"raven_tenant\" \"t\" {
  name  = \"Keys Inc\"
  email = \"keys@acme.example\"
}
";

const KEY: &str = "resource \"raven_api_key\" \"reader\" {
  name               = \"reader\"
  scopes             = [\"tenant:read\", \"memory:read\"]
  creator_api_key_wo = raven_tenant.t.api_key
}

data \"raven_tenant\" \"through_reader\" {
  api_key = raven_api_key.reader.api_key
}

output \"seen_by_reader\" {
  value = data.raven_tenant.through_reader.name
}
";

const WEAK_CREATOR: &str = "resource \"raven_api_key\" \"second\" {
  name               = \"second\"
  scopes             = [\"memory:read\"]
  creator_api_key_wo = raven_api_key.reader.api_key
}
";

#[test]
fn a_key_created_with_the_tenants_key_write_only_reads_the_tenant_and_keeps_no_creator_in_state() {
    let emulator = emulator();
    let ws = Workspace::new(mirror());
    let body = format!("{TENANT}\n{KEY}");
    TestCase::new(vec![
        Step::apply(config(&emulator, "", &body)).check(|show| {
            let key = values(show, "raven_api_key.reader");
            if !key["creator_api_key_wo"].is_null() {
                return Err("the write-only creator key reached state".into());
            }
            let secret = str_of(&key, "api_key");
            let tenant = values(show, "raven_tenant.t");
            let tenant_key = str_of(&tenant, "api_key");
            match (
                secret.starts_with("rk_live_"),
                secret != tenant_key,
                sorted(&key["scopes"]),
            ) {
                (true, true, scopes) if scopes == ["memory:read", "tenant:read"] => Ok(()),
                _ => Err(format!("the new key: {key:#}")),
            }
        }),
        Step::expect_error(
            config(&emulator, "", &format!("{body}\n{WEAK_CREATOR}")),
            &[
                "Could not create the API key",
                "tenant:admin",
                "lacks the scope",
            ],
        ),
    ])
    .run(&ws);
    assert_eq!(count(&emulator, "POST /api/v1/api-keys"), 2);
}

#[test]
fn secrets_stay_out_of_plan_output_and_provider_logs_and_destroy_warns_for_each_object() {
    let emulator = emulator();
    let ws = Workspace::new(mirror());
    ws.write_file(
        "main.tf",
        &config(&emulator, "", &format!("{TENANT}\n{KEY}")),
    );
    ws.init();
    let trace = [("TF_LOG_PROVIDER", "TRACE")];
    let applied = ws.run_with_env(&["apply", "-auto-approve", "-no-color"], &trace);
    assert!(applied.status.success(), "{}", text(&applied));
    let show = ws.show_json();
    let tenant_key = str_of(&values(&show, "raven_tenant.t"), "api_key").to_string();
    let reader_key = str_of(&values(&show, "raven_api_key.reader"), "api_key").to_string();
    assert_eq!(outputs(&ws)["seen_by_reader"], "Keys Inc");

    // A settings change reads and patches with the tenant's key; nothing prints either key.
    let changed = format!("{TENANT}\n{KEY}").replace(
        "email = \"keys@acme.example\"",
        "email = \"keys@acme.example\"\n  settings = {\n    max_users = 5\n  }",
    );
    ws.write_file("main.tf", &config(&emulator, "", &changed));
    let planned = ws.run_with_env(&["plan", "-no-color"], &trace);
    let applied_again = ws.run_with_env(&["apply", "-auto-approve", "-no-color"], &trace);
    assert!(applied_again.status.success(), "{}", text(&applied_again));
    let destroyed = ws.run_with_env(&["destroy", "-auto-approve", "-no-color"], &trace);
    assert!(destroyed.status.success(), "{}", text(&destroyed));
    for output in [&applied, &planned, &applied_again, &destroyed] {
        let said = text(output);
        assert!(
            said.contains("raven request"),
            "the provider's debug logs are captured:\n{said}"
        );
        for secret in [&tenant_key, &reader_key] {
            assert!(!said.contains(secret.as_str()), "a key leaked:\n{said}");
        }
    }
    assert!(text(&applied).contains("(sensitive value)"));
    let said = unwrapped(&text(&destroyed));
    assert_mentions(
        &said,
        &[
            "The tenant still exists at Raven",
            "The API key still works",
            "Revoke it in Raven's dashboard",
        ],
    );
}

#[test]
fn a_key_without_any_creator_key_is_refused_at_plan_naming_creator_api_key_wo() {
    let emulator = emulator();
    let ws = Workspace::new(mirror());
    let body =
        "resource \"raven_api_key\" \"k\" {\n  name   = \"k\"\n  scopes = [\"memory:read\"]\n}\n";
    ws.write_file("main.tf", &config(&emulator, "", body));
    ws.init();
    let said = support::diagnostics::plan_fails(&ws);
    assert_mentions(
        &said,
        &[
            "No API key to create the key with",
            "creator_api_key_wo",
            "RAVEN_API_KEY",
        ],
    );
    assert_eq!(count(&emulator, "POST /api/v1/api-keys"), 0);
}
