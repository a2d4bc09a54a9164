//! The provider block with real terraform: exactly one way of authenticating, an access token
//! from the environment, tokens reused rather than fetched per request, retries through server
//! errors, lost answers and rate limits without duplicate tenants, and secrets never in the logs.

mod support;

use scaikey_emulator::{Config, Faults};
use support::state::addresses;
use support::{provider_block, Api, Workspace, CREATE, TOKEN};
use tf_acceptance::steps::{Step, TestCase};

fn tenants(count: usize) -> String {
    (0..count)
        .map(|n| format!("resource \"scaikey_tenant\" \"t{n}\" {{\n  name = \"T{n}\"\n  slug = \"t-{n}\"\n}}\n"))
        .collect()
}

#[test]
fn client_credentials_and_an_access_token_together_are_refused() {
    let api = Api::start();
    // Secrets come from sensitive variables, as they would in real use.
    let block = provider_block(&format!(
        "  endpoint      = \"{}\"\n  client_id     = \"admin\"\n  client_secret = var.secret\n  access_token  = var.token",
        api.emulator.endpoint()
    ));
    let variables = "variable \"secret\" {\n  default   = \"hush-hush\"\n  sensitive = true\n}\n\
                     variable \"token\" {\n  default   = \"tok-tok\"\n  sensitive = true\n}\n";
    let no_credentials = provider_block(&format!("  endpoint = \"{}\"", api.emulator.endpoint()));
    TestCase::new(vec![
        Step::expect_plan_error(
            format!("{block}\n{variables}\n{}", tenants(1)),
            &["cannot be set together with `access_token`"],
        )
        .never_mentions(&["hush-hush", "tok-tok"]),
        Step::expect_plan_error(
            format!("{no_credentials}\n{}", tenants(1)),
            &["Missing credentials", "SCAIKEY_ACCESS_TOKEN"],
        ),
    ])
    .run(&Workspace::new(support::mirror()));
}

#[test]
fn an_access_token_from_the_environment_works_and_neither_it_nor_the_client_secret_is_logged() {
    let api = Api::start();
    let token = api.token();
    let mut ws = Workspace::new(support::mirror());
    ws.set_env("SCAIKEY_ENDPOINT", &api.emulator.endpoint());
    ws.set_env("SCAIKEY_ACCESS_TOKEN", &token);
    ws.write_file(
        "main.tf",
        &format!("{}\n{}", provider_block(""), tenants(1)),
    );
    ws.init();
    let trace = [("TF_LOG", "trace")];
    let applied = ws.run_with_env(
        &["apply", "-auto-approve", "-input=false", "-no-color"],
        &trace,
    );
    assert!(applied.status.success(), "{}", support::describe(&applied));
    let logs = support::describe(&applied);
    assert!(logs.contains("scaikey"), "trace logs were captured");
    assert!(!logs.contains(&token), "the access token is in the logs");
    assert_eq!(api.count(TOKEN), 1, "only the test fetched a token");

    // With client credentials in the block, the environment's token is ignored.
    ws.write_file("main.tf", &format!("{}\n{}", api.provider(), tenants(1)));
    let destroyed = ws.run_with_env(
        &["destroy", "-auto-approve", "-input=false", "-no-color"],
        &trace,
    );
    assert!(
        destroyed.status.success(),
        "{}",
        support::describe(&destroyed)
    );
    let logs = support::describe(&destroyed);
    assert!(
        !logs.contains(&api.emulator.client_secret()),
        "the client secret is in the logs"
    );
    assert!(api.count(TOKEN) >= 2, "client credentials were exchanged");
}

#[test]
fn retries_ride_out_server_errors_lost_answers_and_rate_limits_without_duplicates_and_tokens_are_reused(
) {
    let api = Api::start_with(Config {
        fault_seed: Some(7),
        ..Config::default()
    });
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &api.config(&tenants(6)));
    ws.init();
    api.emulator
        .set_faults(Faults {
            fail_rate: 0.2,
            fail_after_commit_rate: 0.2,
            drop_after_commit_rate: 0.1,
            rate_limit: Some(8),
            ..Faults::default()
        })
        .expect("faults");
    ws.apply();
    api.emulator
        .set_faults(Faults::default())
        .expect("no faults");
    // Tokens are per provider process, not per request.
    let tokens = api.count(TOKEN);
    assert!(
        tokens <= 4 && api.count(CREATE) >= 6,
        "{tokens} token requests"
    );
    assert_eq!(addresses(&ws).len(), 6);
    let live = api.tenants_with_status("active");
    assert_eq!(
        live.len(),
        6,
        "one tenant per resource, no duplicates: {live:#?}"
    );
    assert!(ws.plan_is_empty());
    ws.destroy();
    assert_eq!(api.tenants_with_status("deleted").len(), 6);
}
