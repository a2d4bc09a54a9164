//! The provider's `configure` end to end: the provider block (and `RESISTANT_*` fallbacks)
//! resolve into a working API client that talks to the emulator over real HTTP; missing
//! credentials and unknown values behave as documented.

mod support;

use std::collections::BTreeMap;

use resistant_emulator::Config;
use terraform_provider_resistant::protocol::cty::Value;
use terraform_provider_resistant::protocol::diagnostics::PathStep;
use terraform_provider_resistant::protocol::provider::{ConfigureRequest, Provider};
use terraform_provider_resistant::provider::config::SETTINGS;
use terraform_provider_resistant::provider::framework;

const SECRET: &str = "org-secret-for-configure-tests";

fn provider_config(pairs: &[(&str, Value)]) -> Value {
    let mut object: BTreeMap<String, Value> = SETTINGS
        .iter()
        .map(|setting| (setting.name.to_string(), Value::Null))
        .collect();
    for (name, value) in pairs {
        object.insert(name.to_string(), value.clone());
    }
    Value::Object(object)
}

fn configure_request(config: Value) -> ConfigureRequest {
    ConfigureRequest {
        terraform_version: "1.11.4".to_string(),
        config,
    }
}

#[tokio::test]
async fn configure_builds_a_client_that_reaches_the_api() {
    let emulator = support::emulator::start(Config {
        org_client_secret: Some(SECRET.to_string()),
        ..Config::default()
    });
    let provider = framework();
    assert!(provider.data().is_err(), "no client before configure");
    let diagnostics = provider
        .configure(configure_request(provider_config(&[
            ("endpoint", Value::string(emulator.endpoint())),
            ("token_url", Value::string(emulator.token_url())),
            ("client_id", Value::string("emulator-org")),
            ("client_secret", Value::string(SECRET)),
            ("request_timeout", Value::string("10s")),
            ("max_retries", Value::int(1)),
        ])))
        .await
        .diagnostics;
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let data = provider.data().expect("configured provider");
    let tenants = data.client.list_tenants().await.expect("list tenants");
    assert!(tenants.is_empty());
    let resolved = &data.config;
    assert_eq!(resolved.endpoint, emulator.endpoint());
    assert!(!format!("{resolved:?}").contains(SECRET), "secret redacted");
}

#[tokio::test]
async fn missing_credentials_are_reported_on_client_id() {
    let provider = framework();
    let diagnostics = provider
        .configure(configure_request(provider_config(&[(
            "endpoint",
            Value::string("http://127.0.0.1:9/v0"),
        )])))
        .await
        .diagnostics;
    assert!(diagnostics.has_errors());
    let path = diagnostics[0].attribute.as_ref().expect("path");
    assert_eq!(path.0, [PathStep::Attribute("client_id".into())]);
    assert!(provider.data().is_err());
}

#[tokio::test]
async fn unknown_values_leave_the_provider_unconfigured_without_errors() {
    let provider = framework();
    let diagnostics = provider
        .configure(configure_request(provider_config(&[
            ("client_id", Value::string("id")),
            ("client_secret", Value::Unknown),
        ])))
        .await
        .diagnostics;
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(provider.data().is_err());
}
