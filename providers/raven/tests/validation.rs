//! Bad input is refused at plan time, before any call to Raven, each problem with the attribute
//! it is about and what is allowed.

mod support;

use support::{config, emulator, mirror, provider_block, Workspace};
use tf_acceptance::steps::{Step, TestCase};

#[test]
fn bad_names_emails_settings_and_scopes_are_refused_at_plan_with_their_attributes() {
    let emulator = emulator();
    let body = r#"resource "raven_tenant" "t" {
  name  = ""
  email = "not-an-email"
  settings = {
    retention_days  = 4000
    max_users       = 0
    encryption_mode = "rot13"
    webhook_url     = "http://hooks.example.com"
  }
}

resource "raven_tenant" "events_alone" {
  name  = "Events"
  email = "events@acme.example"
  settings = {
    webhook_events = ["user.created", "user.deleted"]
  }
}

resource "raven_api_key" "k" {
  name               = "k"
  scopes             = ["tenant:write"]
  creator_api_key_wo = "rk_live_whatever"
}
"#;
    let quiet = emulator.clone();
    TestCase::new(vec![Step::expect_plan_error(
        config(&emulator, "", body),
        &[
            "`name` must be 1 to 200 characters long; it has 0.",
            "`email` must be an email address such as `dev@example.com`; \"not-an-email\" is not.",
            "`retention_days` must be from 1 to 3650; it is 4000.",
            "`max_users` must be at least 1; it is 0.",
            "\"rot13\" is not allowed for `encryption_mode`: use one of `platform`, `byok`.",
            "`webhook_url` must be an `https://` URL",
            "\"user.deleted\" is not allowed for `webhook_events`",
            "`webhook_events` needs `webhook_url` to be set too.",
            "\"tenant:write\" is not allowed for `scopes`",
            // The whole path of a nested setting; Terraform points at the offending lines.
            "Invalid value for settings.retention_days with raven_tenant.t",
            "email = \"not-an-email\"",
            "scopes = [\"tenant:write\"]",
        ],
    )
    // The write-only key is never shown.
    .never_mentions(&["rk_live_whatever"])])
    .check_destroy(move || {
        let stats = quiet.stats();
        match stats.requests.is_empty() {
            true => Ok(()),
            false => Err(format!("requests reached Raven: {stats:?}")),
        }
    })
    .run(&Workspace::new(mirror()));
}

#[test]
fn an_endpoint_with_a_path_is_refused_saying_the_provider_adds_the_api_path() {
    let body = provider_block("  endpoint = \"http://localhost:3000/api/v1\"")
        + "data \"raven_tenant\" \"d\" {\n  api_key = \"rk_live_x\"\n}\n";
    TestCase::new(vec![Step::expect_plan_error(
        body,
        &["`endpoint` must be an `http://` or `https://` URL of a host, without a path"],
    )])
    .run(&Workspace::new(mirror()));
}

#[test]
fn a_wrong_key_is_refused_with_raven_s_message_and_what_to_set() {
    let emulator = emulator();
    let body = "data \"raven_tenant\" \"d\" {\n  api_key = \"rk_live_00000000000000000000000000000000\"\n}\n";
    TestCase::new(vec![Step::expect_plan_error(
        config(&emulator, "", body),
        &[
            "Could not read the tenant",
            "Raven answered 401",
            "Set the provider's `api_key`",
        ],
    )
    // The key is not shown.
    .never_mentions(&["rk_live_0000"])])
    .run(&Workspace::new(mirror()));
}
