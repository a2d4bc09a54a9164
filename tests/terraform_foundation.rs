//! The provider under the real `terraform` binary: init from a filesystem mirror, the provider
//! schema with descriptions (the data sources' lists of objects as described nested attributes),
//! provider-block validation errors on the right attribute, and the provider's JSON log lines
//! shown by `TF_LOG=DEBUG`.

mod support;

use support::{describe, diagnostics, provider_block, Workspace};

/// Terraform validates a provider block only when something uses the provider, so every workspace
/// declares a resource of a type the provider does not have: its "Invalid resource type" error is
/// reported only once the provider block itself is valid.
const PROBE: &str = "resource \"resistant_validation_probe\" \"p\" {}\n";

fn workspace(provider_body: &str) -> Workspace {
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &(provider_block(provider_body) + PROBE));
    ws
}

fn is_probe_error(diagnostic: &serde_json::Value) -> bool {
    diagnostic["summary"] == "Invalid resource type"
        && diagnostic["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("resistant_validation_probe")
}

#[test]
fn init_installs_the_provider_from_the_mirror() {
    let ws = workspace("");
    let output = ws.init();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("resistant-ai/resistant"),
        "{}",
        describe(&output)
    );
    assert!(ws.path().join(".terraform.lock.hcl").exists());
}

#[test]
fn providers_schema_shows_the_configuration_with_descriptions() {
    let ws = workspace("");
    ws.init();
    let output = ws.run_ok(&["providers", "schema", "-json"]);
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON schema");
    let provider = &schema["provider_schemas"][support::SOURCE]["provider"]["block"];
    let attributes = provider["attributes"].as_object().expect("attributes");
    for name in [
        "environment",
        "endpoint",
        "token_url",
        "client_id",
        "client_secret",
        "private_key_pem",
        "key_id",
        "scopes",
        "request_timeout",
        "max_retries",
        "requests_per_second",
    ] {
        let attribute = &attributes[name];
        assert_eq!(attribute["optional"], true, "{name} is optional");
        let description = attribute["description"].as_str().unwrap_or_default();
        assert!(
            description.contains("RESISTANT_"),
            "{name} documents its environment variable: {description:?}"
        );
        assert_eq!(attribute["description_kind"], "markdown", "{name}");
    }
    assert_eq!(attributes["client_secret"]["sensitive"], true);
    assert_eq!(attributes["private_key_pem"]["sensitive"], true);
    assert_eq!(
        attributes["scopes"]["type"],
        serde_json::json!(["set", "string"])
    );
    assert_eq!(attributes["max_retries"]["type"], "number");
}

#[test]
fn providers_schema_shows_the_data_source_lists_as_nested_attributes_with_descriptions() {
    let ws = workspace("");
    ws.init();
    let output = ws.run_ok(&["providers", "schema", "-json"]);
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON schema");
    let data_sources = &schema["provider_schemas"][support::SOURCE]["data_source_schemas"];
    for (data_source, name, fields) in [
        ("resistant_cells", "cells", 4),
        ("resistant_tenants", "tenants", 6),
        ("resistant_tenant_applications", "applications", 7),
    ] {
        let attribute = &data_sources[data_source]["block"]["attributes"][name];
        assert_eq!(attribute["computed"], true, "{data_source}.{name}");
        assert!(
            attribute.get("type").is_none(),
            "{data_source}.{name}: {attribute}"
        );
        let nested = &attribute["nested_type"];
        assert_eq!(
            nested["nesting_mode"], "list",
            "{data_source}.{name}: {attribute}"
        );
        let attributes = nested["attributes"].as_object().expect("nested attributes");
        assert_eq!(
            attributes.len(),
            fields,
            "{data_source}.{name}: {attribute}"
        );
        for (field, value) in attributes {
            let description = value["description"].as_str().unwrap_or_default();
            assert!(
                !description.trim().is_empty(),
                "{data_source}.{name}.{field} has no description"
            );
            assert_eq!(value["description_kind"], "markdown", "{name}.{field}");
            assert_eq!(value["computed"], true, "{name}.{field}");
        }
    }
}

/// The error diagnostics of `terraform validate -json` other than the probe's.
fn validation_errors(ws: &Workspace) -> Vec<serde_json::Value> {
    let mut errors = diagnostics::validation_errors(ws);
    errors.retain(|d| !is_probe_error(d));
    errors
}

fn assert_error_on_line(ws: &Workspace, summary_word: &str, attribute: &str) {
    let errors = validation_errors(ws);
    let line = ws.line_of(&format!("{attribute} "));
    let matching = errors.iter().find(|d| {
        d["summary"]
            .as_str()
            .unwrap_or_default()
            .contains(summary_word)
    });
    let diagnostic = matching.unwrap_or_else(|| panic!("no {summary_word} error: {errors:#?}"));
    assert_eq!(
        diagnostic["range"]["start"]["line"], line,
        "the error points at {attribute}: {diagnostic:#}"
    );
    assert_eq!(diagnostic["range"]["filename"], "main.tf");
    assert_eq!(
        diagnostic["address"],
        format!("provider[\"{}\"]", support::SOURCE)
    );
}

#[test]
fn validate_reports_a_bad_environment_on_that_attribute() {
    let ws = workspace("  environment = \"staging\"");
    ws.init();
    assert_error_on_line(&ws, "environment", "environment");
    let errors = validation_errors(&ws);
    assert!(
        errors[0]["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("staging"),
        "{errors:#?}"
    );
}

#[test]
fn validate_refuses_both_secret_and_key_on_private_key_pem() {
    let ws = workspace(
        "  client_id       = \"org\"\n  client_secret   = \"s3cr3t-value\"\n  \
         private_key_pem = \"-----BEGIN PRIVATE KEY-----\"",
    );
    ws.init();
    assert_error_on_line(&ws, "Conflicting", "private_key_pem");
    let report = ws.validate_json().to_string();
    assert!(
        !report.contains("s3cr3t-value"),
        "secrets stay out of output"
    );
}

#[test]
fn validate_reports_bad_urls_durations_and_numbers() {
    let ws = workspace(
        "  endpoint        = \"ftp://example.com\"\n  request_timeout = \"soon\"\n  \
         max_retries     = -1\n  requests_per_second = 0",
    );
    ws.init();
    let errors = validation_errors(&ws);
    for attribute in [
        "endpoint",
        "request_timeout",
        "max_retries",
        "requests_per_second",
    ] {
        let line = ws.line_of(&format!("{attribute} "));
        assert!(
            errors.iter().any(|d| d["range"]["start"]["line"] == line
                && d["summary"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(attribute)),
            "an error on {attribute} (line {line}): {errors:#?}"
        );
    }
}

#[test]
fn a_valid_provider_block_validates() {
    let ws = workspace(
        "  environment     = \"testing\"\n  endpoint        = \"http://127.0.0.1:9/v0\"\n  \
         request_timeout = \"1m30s\"\n  scopes          = [\"tenants.read\"]\n  max_retries = 0",
    );
    ws.init();
    let report = ws.validate_json();
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diagnostics.iter().all(is_probe_error),
        "only the probe resource is refused: {report:#}"
    );
}

#[test]
fn debug_logging_shows_provider_json_lines_at_their_level() {
    let ws = workspace("");
    ws.init();
    let output = ws.run_with_env(&["validate", "-no-color"], &[("TF_LOG", "DEBUG")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let provider_debug_line = stderr.lines().find(|line| {
        line.contains("[DEBUG] provider.terraform-provider-resistant")
            && line.contains("handling request")
    });
    assert!(
        provider_debug_line.is_some_and(|line| line.contains("tf_rpc=")),
        "no provider debug line in:\n{stderr}"
    );
    // TF_LOG_PROVIDER takes precedence: at WARN the provider's debug lines disappear.
    let quiet = ws.run_with_env(
        &["validate", "-no-color"],
        &[("TF_LOG", "DEBUG"), ("TF_LOG_PROVIDER", "WARN")],
    );
    let quiet_stderr = String::from_utf8_lossy(&quiet.stderr);
    assert!(
        !quiet_stderr.contains("handling request"),
        "TF_LOG_PROVIDER=WARN hides provider debug lines:\n{}",
        describe(&quiet)
    );
}
