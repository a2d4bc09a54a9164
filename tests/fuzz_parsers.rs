//! Fuzzing every parser of this provider that reads outside input: PEM and key parsing (damaged
//! fixtures), the client's parsing of API responses (truncated, oversized, wrong types, huge
//! numbers) and import ids through the provider against the emulator (the cty decoders are fuzzed
//! in `crates/plugin-protocol/tests/cty_fuzz.rs`). No input panics; errors are non-empty, name
//! what was wrong and never quote secrets or key material.
//!
//! A modest number of cases by default; `PROPTEST_CASES=20000` for a long run.

mod support;

use std::collections::BTreeMap;

use base64::Engine;
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use terraform_provider_resistant::client::{keys, wire};

/// `PROPTEST_CASES` when set, otherwise `default`.
fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

// ---- keys ------------------------------------------------------------------------------------

const KEY_FIXTURES: &[&str] = &[
    "rsa2048_pkcs1.pem",
    "rsa2048_pkcs8.pem",
    "rsa2048_public_spki.pem",
    "rsa2048_public_pkcs1.pem",
    "ec_p256_pkcs8.pem",
    "ec_p256_sec1.pem",
    "ec_p256_public.pem",
    "ec_p384_sec1.pem",
    "ec_p384_public.pem",
    "rsa1024_pkcs1.pem",
    "org_rsa_pkcs1.pem",
];

const LABELS: &[&str] = &[
    "RSA PRIVATE KEY",
    "PRIVATE KEY",
    "EC PRIVATE KEY",
    "RSA PUBLIC KEY",
    "PUBLIC KEY",
    "ENCRYPTED PRIVATE KEY",
    "CERTIFICATE",
];

/// The label and DER of a PEM fixture.
fn fixture_der(name: &str) -> (String, Vec<u8>) {
    let text = support::fixture(name);
    let label = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("-----BEGIN "))
        .and_then(|l| l.strip_suffix("-----"))
        .expect("a BEGIN line")
        .to_string();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .expect("fixture base64");
    (label, der)
}

fn to_pem(label: &str, der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// Parses `pem` both ways; every refusal is a sentence that quotes no line of the PEM body.
fn check_key_parsers(pem: &str) -> Result<(), TestCaseError> {
    let body_lines: Vec<&str> = pem
        .lines()
        .filter(|l| l.len() >= 16 && !l.starts_with("-----"))
        .collect();
    let private = keys::parse_private_key_pem(pem).map(|key| {
        let _ = key.public_key().map(|p| p.thumbprint());
        let _ = key.sign(b"message");
    });
    let public = keys::parse_public_key_pem(pem).map(|key| key.thumbprint());
    for error in [private.err(), public.err()].into_iter().flatten() {
        prop_assert!(error.message.len() > 10, "{error:?}");
        for line in &body_lines {
            prop_assert!(
                !error.message.contains(line),
                "key material in: {}",
                error.message
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(200))]

    #[test]
    fn damaged_key_fixtures_are_parsed_or_refused_without_quoting_them(
        fixture in prop::sample::select(KEY_FIXTURES),
        relabel in prop::option::of(prop::sample::select(LABELS)),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let (label, mut der) = fixture_der(fixture);
        for (at, byte) in flips {
            let i = at.index(der.len());
            der[i] = byte;
        }
        if let Some(cut) = cut {
            der.truncate(cut.index(der.len()));
        }
        check_key_parsers(&to_pem(relabel.unwrap_or(&label), &der))?;
    }

    #[test]
    fn arbitrary_text_and_der_are_refused_as_keys_with_a_reason(
        text in ".{0,200}",
        label in prop::sample::select(LABELS),
        der in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        check_key_parsers(&text)?;
        check_key_parsers(&format!("-----BEGIN {label}-----\n{text}\n-----END {label}-----"))?;
        check_key_parsers(&to_pem(label, &der))?;
    }
}

// ---- API responses -----------------------------------------------------------------------------

const SECRET: &str = "fuzzed-client-secret-7d1c";
const TOKEN: &str = "fuzzed-access-token-44ab";

fn tenant_body() -> Json {
    json!({
        "id": "ten_01", "name": "acme", "created": "2026-01-01T00:00:00Z",
        "updated": "2026-01-01T00:00:00Z", "cells": ["eu-1", "us-1"],
        "_links": {"documents-ui": [
            {"href": "https://acme.eu-1.example", "rel": "eu-1"},
            {"href": "https://acme.us-1.example"}
        ]}
    })
}

fn application_body() -> Json {
    json!({
        "id": "app_01", "client_id": "0oa1", "auth_server": "https://auth.example/oauth2/x",
        "cell": "eu-1", "scopes": ["documents.submissions.read"],
        "_links": {"token_url": {"href": "https://auth.example/oauth2/x/v1/token"}},
        "credentials": {"type": "CLIENT_SECRET", "client_secret": SECRET}
    })
}

/// Valid bodies of every response the client parses.
fn sample_bodies() -> Vec<Json> {
    vec![
        tenant_body(),
        json!({"items": [tenant_body(), tenant_body()], "_links": {"next": {"href": "/v0/tenants?after=x"}}}),
        application_body(),
        json!({"items": [application_body()]}),
        json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 300, "scope": "a b"}),
        json!({"error": "invalid_client", "error_description": "no"}),
    ]
}

/// A JSON value chosen to be wrong somewhere: other types, huge numbers, long strings, nesting.
fn wrong_value() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        Just(serde_json::from_str("1e999999").expect("arbitrary precision")),
        Just(serde_json::from_str(&"9".repeat(400)).expect("arbitrary precision")),
        Just(serde_json::from_str("-1").expect("number")),
        ".{0,20}".prop_map(Json::String),
        (1usize..200_000).prop_map(|n| Json::String("x".repeat(n))),
        Just(json!([])),
        Just(json!({})),
        Just(json!([[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]])),
        Just(json!({"href": 5})),
    ]
}

/// Replaces the `n`th node (in document order) of `body` with `value`, or removes it from its
/// parent when `value` is `None`.
fn damage(body: &mut Json, n: &mut usize, value: &Option<Json>) -> bool {
    let children: Vec<String> = match body {
        Json::Object(map) => map.keys().cloned().collect(),
        Json::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
        _ => return false,
    };
    for key in children {
        if *n == 0 {
            match (body, value) {
                (Json::Object(map), Some(v)) => drop(map.insert(key, v.clone())),
                (Json::Object(map), None) => drop(map.remove(&key)),
                (Json::Array(items), Some(v)) => items[key.parse::<usize>().unwrap()] = v.clone(),
                (Json::Array(items), None) => drop(items.remove(key.parse::<usize>().unwrap())),
                _ => unreachable!(),
            }
            return true;
        }
        *n -= 1;
        let child = match body {
            Json::Object(map) => map.get_mut(&key),
            Json::Array(items) => items.get_mut(key.parse::<usize>().unwrap()),
            _ => None,
        };
        if damage(child.expect("child"), n, value) {
            return true;
        }
    }
    false
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn damaged_api_responses_are_parsed_or_refused_with_a_reason_that_holds_no_secret(
        which in 0usize..6,
        node in 0usize..40,
        value in prop::option::of(wrong_value()),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut body = sample_bodies().swap_remove(which);
        damage(&mut body, &mut { node }, &value);
        let mut bytes = body.to_string().into_bytes();
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let errors = [
            wire::parse_tenant(&bytes).err(),
            wire::parse_tenant_page(&bytes).err(),
            wire::parse_application(&bytes).err(),
            wire::parse_application_list(&bytes).err(),
            wire::parse_created_application(&bytes).err(),
            wire::parse_token(&bytes).err(),
        ];
        for error in errors.into_iter().flatten() {
            let text = error.to_string();
            prop_assert!(text.contains("body") || text.contains("credentials"), "{text}");
            prop_assert!(!text.contains(SECRET) && !text.contains(TOKEN), "secret in: {text}");
        }
        let message = wire::error_message(&bytes);
        prop_assert!(!message.contains(TOKEN) && !message.contains(SECRET));
    }
}

#[test]
fn a_wrong_field_is_named_in_the_error() {
    // Every node of every sample body in turn replaced by a value of a type no field accepts (an
    // object inside a list of strings, say): a refusal names the field, as a path.
    let sentinel = Some(json!({"unexpected": [1]}));
    let mut refused = 0;
    for which in 0..4 {
        for node in 0.. {
            let mut body = sample_bodies().swap_remove(which);
            if !damage(&mut body, &mut { node }, &sentinel) {
                break;
            }
            let bytes = body.to_string().into_bytes();
            let parsed = match which {
                0 => wire::parse_tenant(&bytes).err(),
                1 => wire::parse_tenant_page(&bytes).err(),
                2 => wire::parse_application(&bytes).err(),
                _ => wire::parse_application_list(&bytes).err(),
            };
            if let Some(error) = parsed {
                refused += 1;
                let text = error.to_string();
                assert!(text.contains(" at field "), "no field named: {text}");
            }
        }
    }
    assert!(refused > 20, "only {refused} damaged bodies were refused");
}

#[test]
fn a_huge_response_body_is_refused_quickly_without_panicking() {
    let mut items = vec![tenant_body(); 20_000];
    items.push(json!({"id": 1}));
    let bytes = json!({ "items": items }).to_string().into_bytes();
    let Err(error) = wire::parse_tenant_page(&bytes) else {
        panic!("a page with a malformed tenant is refused");
    };
    assert!(
        error.to_string().contains("at field items[20000].id"),
        "{error}"
    );
}

// ---- import ids --------------------------------------------------------------------------------

mod imports {
    use super::*;
    use std::collections::BTreeSet;
    use support::emulator::{block_on, Org};
    use terraform_provider_resistant::protocol::cty::Value;
    use terraform_provider_resistant::protocol::provider::{
        ConfigureRequest, ImportRequest, Provider,
    };
    use terraform_provider_resistant::provider::config::SETTINGS;
    use terraform_provider_resistant::provider::{framework, ResistantProvider};
    use tf_provider_framework::provider::Framework;

    struct Fixture {
        _org: Org,
        provider: Framework<ResistantProvider>,
        tenant_id: String,
        app_id: String,
    }

    fn fixture() -> &'static Fixture {
        static FIXTURE: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
        FIXTURE.get_or_init(|| {
            let org = Org::start(resistant_emulator::Config::default());
            let tenant = org.tenant("fuzzimport", &["eu-1"]);
            let (app, _) = org.secret_application(&tenant, "eu-1");
            let provider = framework();
            let mut config: BTreeMap<String, Value> = SETTINGS
                .iter()
                .map(|s| (s.name.to_string(), Value::Null))
                .collect();
            for (name, value) in [
                ("endpoint", org.emulator.endpoint()),
                ("token_url", org.emulator.token_url()),
                ("client_id", org.emulator.org_client_id()),
                ("client_secret", org.emulator.org_client_secret()),
            ] {
                config.insert(name.into(), Value::string(value));
            }
            config.insert("max_retries".into(), Value::int(0));
            let diagnostics = block_on(provider.configure(ConfigureRequest {
                terraform_version: "1.11.4".into(),
                config: Value::Object(config),
            }))
            .diagnostics;
            assert!(!diagnostics.has_errors(), "{diagnostics:?}");
            Fixture {
                _org: org,
                provider,
                tenant_id: tenant.id,
                app_id: app.id,
            }
        })
    }

    /// Pieces of import ids: separators, dot segments, escapes, whitespace, control characters.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("/".to_string()),
            Just(":".to_string()),
            Just("name:".to_string()),
            Just(".".to_string()),
            Just("..".to_string()),
            Just("%2F".to_string()),
            Just("?limit=1".to_string()),
            Just("#x".to_string()),
            Just(" ".to_string()),
            Just("\u{0}\n\t".to_string()),
            Just("fuzzimport".to_string()),
            Just("TENANT".to_string()),
            Just("APP".to_string()),
            "[a-z0-9_]{1,8}",
            ".{1,4}",
        ]
    }

    proptest! {
        #![proptest_config(cases(48))]

        #[test]
        fn any_import_id_imports_the_object_it_names_or_says_what_is_wrong(
            pieces in prop::collection::vec(piece(), 0..5),
        ) {
            let f = fixture();
            let id = pieces
                .concat()
                .replace("TENANT", &f.tenant_id)
                .replace("APP", &f.app_id);
            let tenant_ids: BTreeSet<String> =
                [f.tenant_id.clone(), "name:fuzzimport".to_string()].into();
            let app_id = format!("{}/{}", f.tenant_id, f.app_id);
            for (type_name, expected) in [
                ("resistant_tenant", tenant_ids.contains(&id).then_some(&f.tenant_id)),
                ("resistant_tenant_application", (id == app_id).then_some(&f.app_id)),
            ] {
                let request = ImportRequest { type_name: type_name.to_string(), id: id.clone() };
                let response = block_on(f.provider.import_resource_state(request));
                match expected {
                    Some(object_id) => {
                        prop_assert!(!response.diagnostics.has_errors(), "{id:?}: {:?}", response.diagnostics);
                        prop_assert_eq!(response.imported.len(), 1);
                        let state = &response.imported[0].state;
                        let Value::Object(attributes) = state else { panic!("{state:?}") };
                        prop_assert_eq!(&attributes["id"], &Value::string(object_id.as_str()));
                    }
                    None => {
                        prop_assert!(response.imported.is_empty(), "{type_name} {id:?} imported {:?}", response.imported);
                        prop_assert!(response.diagnostics.has_errors(), "{id:?}");
                        for d in response.diagnostics.iter() {
                            prop_assert!(!d.summary.is_empty() && d.detail.len() > 20, "{d:?}");
                            // An id addresses its own object, never another URL (a list, say).
                            prop_assert!(!d.detail.contains("unexpected"), "{id:?}: {d:?}");
                        }
                    }
                }
            }
        }
    }
}
