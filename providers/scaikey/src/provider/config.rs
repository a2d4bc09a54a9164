//! The provider block: its table of settings (each with its `SCAIKEY_*` environment fallback), the
//! checks `terraform validate` runs, and resolving it into the client's configuration — one way of
//! authenticating, exactly: `client_id` with `client_secret`, or `access_token`.

use std::time::Duration;

use reqwest::Url;
use tf_provider_framework::attributes::{error_at, schema, Field, Kind};
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::schema::Schema;
use tf_provider_framework::validators::{validate, Validator};
use tf_provider_framework::values::attr;

use crate::client::{ClientConfig, Credentials, Secret, Stop, Timing};
use api_client_kit::env::{or_env, Origin};

/// The default of `max_retries`.
pub const DEFAULT_MAX_RETRIES: i64 = 5;

const ENDPOINT: Field = Field::optional(
    "endpoint",
    Kind::String,
    "The bare service URL, such as `https://scaikey.example.com`; the token endpoint is \
     `<endpoint>/api/v1/oauth/token` and the tenants are under \
     `<endpoint>/api/v1/admin/tenants`. Can also be set with `SCAIKEY_ENDPOINT`. Required.",
);
const CLIENT_ID: Field = Field::optional(
    "client_id",
    Kind::String,
    "The OAuth2 client ID, used with `client_secret`. Can also be set with \
     `SCAIKEY_CLIENT_ID`.",
)
.validators(&[Validator::ConflictsWith(&["access_token"])]);
const CLIENT_SECRET: Field = Field::optional(
    "client_secret",
    Kind::String,
    "The OAuth2 client secret, used with `client_id`; its tokens are reused until shortly \
     before they expire. Can also be set with `SCAIKEY_CLIENT_SECRET`.",
)
.sensitive()
.validators(&[Validator::Requires(&["client_id"])]);
const ACCESS_TOKEN: Field = Field::optional(
    "access_token",
    Kind::String,
    "A bearer token to use as it is, instead of `client_id` and `client_secret`. Can also be \
     set with `SCAIKEY_ACCESS_TOKEN`.",
)
.sensitive();
const MAX_RETRIES: Field = Field::optional(
    "max_retries",
    Kind::Int,
    "How many times a request is retried after a server error or a lost connection, with \
     exponential backoff. Rate-limited requests (HTTP 429) wait as `Retry-After` says without \
     spending retries, for up to five minutes per operation. Defaults to 5. Can also be set \
     with `SCAIKEY_MAX_RETRIES`.",
)
.validators(&[Validator::Range { min: 0, max: 100 }]);

const AUDIT_LOG: Field = Field::optional(
    "audit_log",
    Kind::String,
    "A file to append the audit trail to: one JSON line before and one after every call that \
     changes a tenant (who, why, when, what, the ids answered and the outcome; never a secret or \
     token). When the line cannot be written, the change is not made. Can also be set with \
     `SCAIKEY_AUDIT_LOG`; unset, there is no audit trail. See the Audit trail guide.",
);
const AUDIT_ACTOR: Field = Field::optional(
    "audit_actor",
    Kind::String,
    "Who the audit trail names as making the changes. Default: the CI's user (`GITHUB_ACTOR`, \
     `GITLAB_USER_LOGIN`, ...) with its run, else `user@host`. Can also be set with \
     `SCAIKEY_AUDIT_ACTOR`.",
);
const AUDIT_REASON: Field = Field::optional(
    "audit_reason",
    Kind::String,
    "Why the changes are made, written into every audit line: a ticket, a change request. Can \
     also be set with `SCAIKEY_AUDIT_REASON`.",
);

pub const FIELDS: &[Field] = &[
    ENDPOINT,
    CLIENT_ID,
    CLIENT_SECRET,
    ACCESS_TOKEN,
    MAX_RETRIES,
    AUDIT_LOG,
    AUDIT_ACTOR,
    AUDIT_REASON,
];

/// Each setting's environment variable.
const ENV: &[(Field, &str)] = &[
    (ENDPOINT, "SCAIKEY_ENDPOINT"),
    (CLIENT_ID, "SCAIKEY_CLIENT_ID"),
    (CLIENT_SECRET, "SCAIKEY_CLIENT_SECRET"),
    (ACCESS_TOKEN, "SCAIKEY_ACCESS_TOKEN"),
    (MAX_RETRIES, "SCAIKEY_MAX_RETRIES"),
    (AUDIT_LOG, "SCAIKEY_AUDIT_LOG"),
    (AUDIT_ACTOR, "SCAIKEY_AUDIT_ACTOR"),
    (AUDIT_REASON, "SCAIKEY_AUDIT_REASON"),
];

tf_provider_framework::model! {
    /// The provider block as configured.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct ProviderModel for FIELDS {
        endpoint: String = ENDPOINT,
        client_id: String = CLIENT_ID,
        client_secret: String = CLIENT_SECRET,
        access_token: String = ACCESS_TOKEN,
        max_retries: i64 = MAX_RETRIES,
        audit_log: String = AUDIT_LOG,
        audit_actor: String = AUDIT_ACTOR,
        audit_reason: String = AUDIT_REASON,
    }
}

pub fn provider_schema() -> Schema {
    schema(
        "Manages ScaiKey tenants through the admin Tenants API. Authenticate with OAuth2 client \
         credentials (`client_id` and `client_secret`) or with an `access_token`, exactly one of \
         the two. When the provider block sets none of the three, they are all taken from the \
         environment; when it sets any, the environment's credentials are ignored.",
        FIELDS,
    )
}

/// The checks of the block as written (unknown values skipped).
pub fn validate_block(config: &Value) -> Diagnostics {
    validate(FIELDS, config)
}

/// What the block resolves to: the client's configuration, or the settings still unknown.
pub enum Resolved {
    Ready(ClientConfig),
    Unknown(Vec<String>),
}

/// The environment variable of `row`.
fn env_var(row: &Field) -> &'static str {
    ENV.iter()
        .find(|(setting, _)| setting.name == row.name)
        .map_or("", |(_, var)| var)
}

/// Where a setting's value came from, for messages.
fn source(row: &Field, from_env: bool) -> String {
    if from_env {
        format!("`{}`", env_var(row))
    } else {
        format!("`{}`", row.name)
    }
}

/// Resolves the block against `env` (the process environment in production).
pub fn resolve(
    config: &Value,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Resolved, Diagnostics> {
    let block = ProviderModel::from_value(config)?;
    let unknown: Vec<String> = FIELDS
        .iter()
        .filter(|f| attr(config, f.name).is_unknown())
        .map(|f| f.name.to_string())
        .collect();
    if !unknown.is_empty() {
        return Ok(Resolved::Unknown(unknown));
    }
    let credentials = [&block.client_id, &block.client_secret, &block.access_token];
    let credentials_in_block = credentials.iter().any(|setting| !setting.is_null());
    // A setting's value and whether it came from the environment.
    let value = |setting: &Attr<String>, row: &Field, from_env_allowed: bool| {
        let configured = match setting {
            Attr::Known(v) => Some(v.clone()),
            _ => None,
        };
        let env = |name: &str| env(name).filter(|_| from_env_allowed);
        or_env(configured, env_var(row), env, |v| v)
            .map(|found| (found.value, found.origin != Origin::Configured))
    };
    let mut diagnostics = Diagnostics::default();

    let endpoint = match value(&block.endpoint, &ENDPOINT, true) {
        None => {
            diagnostics.push(error_at(
                ENDPOINT.name,
                "Missing endpoint",
                "Set `endpoint` (or `SCAIKEY_ENDPOINT`) to the ScaiKey service URL, such as \
                 `https://scaikey.example.com`.",
            ));
            None
        }
        Some((text, from_env)) => match Url::parse(&text) {
            Ok(url) if names_api_path(&url) => {
                diagnostics.push(error_at(
                    ENDPOINT.name,
                    "Invalid endpoint",
                    format!(
                        "{} is {text:?}, which already names the API's `/api/v1` path; give the \
                         service URL alone, such as `https://scaikey.example.com` (the provider \
                         adds `/api/v1/oauth/token` and `/api/v1/admin/tenants` itself).",
                        source(&ENDPOINT, from_env)
                    ),
                ));
                None
            }
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Some(url),
            _ => {
                diagnostics.push(error_at(
                    ENDPOINT.name,
                    "Invalid endpoint",
                    format!(
                        "{} must be an http or https URL such as `https://scaikey.example.com`; \
                         {text:?} is not.",
                        source(&ENDPOINT, from_env)
                    ),
                ));
                None
            }
        },
    };

    let from_env = !credentials_in_block;
    let client_id = value(&block.client_id, &CLIENT_ID, from_env);
    let client_secret = value(&block.client_secret, &CLIENT_SECRET, from_env);
    let access_token = value(&block.access_token, &ACCESS_TOKEN, from_env);
    let credentials = match (client_id, client_secret, access_token) {
        (Some((id, _)), Some((secret, _)), None) => Some(Credentials::ClientCredentials {
            client_id: id,
            secret: Secret::new(secret),
        }),
        (None, None, Some((token, _))) => Some(Credentials::AccessToken(Secret::new(token))),
        (None, None, None) => {
            diagnostics.push(error_at(
                CLIENT_ID.name,
                "Missing credentials",
                "Set `client_id` and `client_secret` (or `SCAIKEY_CLIENT_ID` and \
                 `SCAIKEY_CLIENT_SECRET`), or set `access_token` (or `SCAIKEY_ACCESS_TOKEN`).",
            ));
            None
        }
        (id, secret, Some((_, token_env))) if id.is_some() || secret.is_some() => {
            let other = if id.is_some() {
                &CLIENT_ID
            } else {
                &CLIENT_SECRET
            };
            let other_env = id.or(secret).is_some_and(|(_, e)| e);
            diagnostics.push(error_at(
                ACCESS_TOKEN.name,
                "Two ways of authenticating",
                format!(
                    "{} and {} are both set: use client credentials (`client_id` with \
                     `client_secret`) or `access_token`, not both.",
                    source(&ACCESS_TOKEN, token_env),
                    source(other, other_env)
                ),
            ));
            None
        }
        (Some((_, e)), None, None) => {
            diagnostics.push(error_at(
                CLIENT_SECRET.name,
                "Missing client_secret",
                format!(
                    "{} is set without a client secret: set `client_secret` (or \
                     `SCAIKEY_CLIENT_SECRET`) too.",
                    source(&CLIENT_ID, e)
                ),
            ));
            None
        }
        _ => {
            diagnostics.push(error_at(
                CLIENT_ID.name,
                "Missing client_id",
                "A client secret is set without `client_id`: set `client_id` (or \
                 `SCAIKEY_CLIENT_ID`) too.",
            ));
            None
        }
    };

    let max_retries = match block.max_retries.known() {
        Some(n) => Some(*n),
        None => match env(env_var(&MAX_RETRIES)) {
            Some(text) => match text.trim().parse::<i64>() {
                Ok(n) if (0..=100).contains(&n) => Some(n),
                _ => {
                    diagnostics.push(error_at(
                        MAX_RETRIES.name,
                        "Invalid SCAIKEY_MAX_RETRIES",
                        format!("`SCAIKEY_MAX_RETRIES` must be a whole number from 0 to 100; {text:?} is not."),
                    ));
                    None
                }
            },
            None => Some(DEFAULT_MAX_RETRIES),
        },
    };

    // The audit settings, each from the block or its variable (blank counts as unset).
    let text = |value: &Attr<String>, row: &Field| {
        or_env(value.known().cloned(), env_var(row), &env, |t| t).map(|found| found.value)
    };
    let audit_log = text(&block.audit_log, &AUDIT_LOG);
    let audit_actor = text(&block.audit_actor, &AUDIT_ACTOR);
    let audit_reason = text(&block.audit_reason, &AUDIT_REASON);

    match (endpoint, credentials, max_retries) {
        (Some(endpoint), Some(credentials), Some(max_retries)) if !diagnostics.has_errors() => {
            let audit_endpoint = endpoint.to_string();
            Ok(Resolved::Ready(ClientConfig {
                endpoint,
                credentials,
                max_retries: max_retries.clamp(0, 100) as u32,
                request_timeout: Duration::from_secs(30),
                timing: Timing::default(),
                stop: Stop::default(),
                audit: audit_log.map(|path| {
                    api_client_kit::audit::Audit::new(api_client_kit::audit::AuditSettings {
                        path: path.into(),
                        actor: audit_actor,
                        reason: audit_reason,
                        provider: "scaikey".into(),
                        provider_version: env!("CARGO_PKG_VERSION").into(),
                        endpoint: audit_endpoint,
                    })
                }),
            }))
        }
        _ => Err(diagnostics),
    }
}

/// Whether `url`'s path already holds the API's own `/api/v1` (the provider adds it).
fn names_api_path(url: &Url) -> bool {
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    segments.windows(2).any(|pair| pair == ["api", "v1"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider_framework::attributes::blamed;
    use tf_provider_framework::model::check_model_deep;
    use tf_provider_framework::values::object_of;

    #[test]
    fn the_provider_model_covers_the_block() {
        let text = |s: &str| Attr::Known(s.to_string());
        let sample = ProviderModel {
            endpoint: text("https://scaikey.example.com"),
            client_id: text("admin"),
            client_secret: text("hush"),
            access_token: text("tok"),
            max_retries: Attr::Known(3),
            audit_log: text("audit.jsonl"),
            audit_actor: text("bot"),
            audit_reason: text("CHG-1"),
        };
        assert_eq!(check_model_deep(&sample), Ok(()));
    }

    #[test]
    fn every_setting_has_an_environment_variable() {
        for row in FIELDS {
            assert!(env_var(row).starts_with("SCAIKEY_"), "{}", row.name);
        }
    }

    fn block(pairs: &[(&str, Value)]) -> Value {
        object_of(FIELDS.iter().map(|f| f.name), pairs)
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn s(v: &str) -> Value {
        Value::string(v)
    }

    #[test]
    fn client_credentials_from_the_block_resolve() {
        let config = block(&[
            ("endpoint", s("http://127.0.0.1:9")),
            ("client_id", s("admin")),
            ("client_secret", s("hush")),
        ]);
        let Ok(Resolved::Ready(ready)) = resolve(&config, no_env) else {
            panic!("not ready");
        };
        assert!(matches!(
            ready.credentials,
            Credentials::ClientCredentials { .. }
        ));
        assert_eq!(ready.max_retries, 5);
    }

    #[test]
    fn the_environment_fills_what_the_block_leaves_out() {
        let env = |var: &str| match var {
            "SCAIKEY_ENDPOINT" => Some("https://scaikey.example.com".to_string()),
            "SCAIKEY_ACCESS_TOKEN" => Some("tok".to_string()),
            "SCAIKEY_MAX_RETRIES" => Some("2".to_string()),
            _ => None,
        };
        let Ok(Resolved::Ready(ready)) = resolve(&block(&[]), env) else {
            panic!("not ready");
        };
        assert!(matches!(ready.credentials, Credentials::AccessToken(_)));
        assert_eq!(ready.max_retries, 2);
    }

    #[test]
    fn credentials_in_the_block_ignore_those_of_the_environment() {
        let env = |var: &str| (var == "SCAIKEY_ACCESS_TOKEN").then(|| "tok".to_string());
        let config = block(&[
            ("endpoint", s("http://127.0.0.1:9")),
            ("client_id", s("admin")),
            ("client_secret", s("hush")),
        ]);
        assert!(matches!(resolve(&config, env), Ok(Resolved::Ready(_))));
    }

    #[test]
    fn both_ways_or_neither_is_refused_at_the_attribute() {
        let both = block(&[
            ("endpoint", s("http://127.0.0.1:9")),
            ("client_id", s("admin")),
            ("client_secret", s("hush")),
            ("access_token", s("tok")),
        ]);
        let Err(diagnostics) = resolve(&both, no_env) else {
            panic!("both ways accepted");
        };
        assert_eq!(blamed(&diagnostics), ["access_token"]);
        assert!(!diagnostics[0].detail.contains("hush"));
        let Err(neither) = resolve(&block(&[("endpoint", s("http://h"))]), no_env) else {
            panic!("no credentials accepted");
        };
        assert_eq!(neither[0].summary, "Missing credentials");
        let Err(half) = resolve(
            &block(&[("endpoint", s("http://h")), ("client_id", s("a"))]),
            no_env,
        ) else {
            panic!("a client id without a secret accepted");
        };
        assert_eq!(blamed(&half), ["client_secret"]);
    }

    #[test]
    fn an_endpoint_that_names_the_api_path_is_refused_with_the_bare_url_to_use() {
        for endpoint in [
            "https://scaikey.example.com/api/v1",
            "https://scaikey.example.com/api/v1/",
            "http://127.0.0.1:8080/api/v1/admin/tenants",
        ] {
            let config = block(&[("endpoint", s(endpoint)), ("access_token", s("t"))]);
            let Err(diagnostics) = resolve(&config, no_env) else {
                panic!("{endpoint} accepted");
            };
            assert_eq!(blamed(&diagnostics), ["endpoint"]);
            assert!(
                diagnostics[0].detail.contains("/api/v1"),
                "{:?}",
                diagnostics[0]
            );
        }
        let proxied = block(&[
            ("endpoint", s("https://gateway.example.com/scaikey")),
            ("access_token", s("t")),
        ]);
        assert!(
            resolve(&proxied, no_env).is_ok(),
            "a path prefix of a proxy stays allowed"
        );
    }

    #[test]
    fn a_missing_or_bad_endpoint_is_refused() {
        let Err(diagnostics) = resolve(&block(&[("access_token", s("t"))]), no_env) else {
            panic!("no endpoint accepted");
        };
        assert_eq!(blamed(&diagnostics), ["endpoint"]);
        let bad = block(&[
            ("endpoint", s("scaikey.example.com")),
            ("access_token", s("t")),
        ]);
        let Err(diagnostics) = resolve(&bad, no_env) else {
            panic!("a bare host accepted");
        };
        assert_eq!(diagnostics[0].summary, "Invalid endpoint");
    }

    #[test]
    fn unknown_settings_defer_configuration() {
        let config = block(&[("endpoint", Value::Unknown), ("access_token", s("t"))]);
        let Ok(Resolved::Unknown(names)) = resolve(&config, no_env) else {
            panic!("not deferred");
        };
        assert_eq!(names, ["endpoint"]);
    }

    #[test]
    fn validation_refuses_both_ways_in_the_block() {
        let config = block(&[("client_id", s("a")), ("access_token", s("t"))]);
        assert_eq!(blamed(&validate_block(&config)), ["client_id"]);
    }
}
