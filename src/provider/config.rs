//! The provider block, from ONE declarative table of settings ([`SETTINGS`]) that drives the
//! schema, the validation at `terraform validate` time, the `RESISTANT_*` environment fallbacks, the
//! decoding into [`ProviderConfig`] and the documentation. The block as Terraform sends it is read
//! into the typed [`ProviderModel`] first.

use crate::provider::convert::SecretAttr;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::client::{ClientConfig, Credentials, Secret, Stop, DEFAULT_OPERATION_TIMEOUT};
use crate::protocol::cty::{Number, Value};
use crate::protocol::diagnostics::{Diagnostic, Diagnostics};
use crate::protocol::schema::{Attribute, Block, DescriptionKind, Schema};
use api_client_kit::env::or_env;

use super::attributes::{self, error_at, Field};
use super::catalog;
use tf_provider_framework::model::{Attr, Model};

/// How a setting's value is written and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One of the known environments.
    Environment,
    /// An absolute http or https URL.
    Url,
    Text,
    /// Text that never appears in plans, logs or errors.
    Secret,
    /// A PEM private key (RSA, or EC P-256): secret, and checked to be a key the client can sign with.
    PrivateKey,
    /// A duration such as `30s`, `2m`, `1m30s` or `500ms`.
    Duration,
    /// A whole number, zero or more.
    Count,
    /// A whole number, one or more.
    Rate,
    /// A set of strings; from the environment, separated by spaces or commas.
    StringSet,
}

impl Kind {
    /// The attribute type the schema declares for it.
    const fn attribute_kind(self) -> attributes::Kind {
        match self {
            Kind::Count | Kind::Rate => attributes::Kind::Int,
            Kind::StringSet => attributes::Kind::StringSet,
            _ => attributes::Kind::String,
        }
    }

    const fn is_secret(self) -> bool {
        matches!(self, Kind::Secret | Kind::PrivateKey)
    }
}

/// One attribute of the provider block.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    pub name: &'static str,
    pub env: &'static str,
    pub kind: Kind,
    pub default: Option<&'static str>,
    pub summary: &'static str,
}

pub const ENVIRONMENT: Setting = Setting {
    name: "environment",
    env: "RESISTANT_ENVIRONMENT",
    kind: Kind::Environment,
    default: Some("production"),
    summary: "Which deployment of the service to manage: `production` or `testing`. Testing \
              is offered in the EU only, so with `testing` tenants and applications in cells \
              other than `eu-1` are refused at plan time. Chooses the default `endpoint` and \
              `token_url`.",
};

pub const ENDPOINT: Setting = Setting {
    name: "endpoint",
    env: "RESISTANT_ENDPOINT",
    kind: Kind::Url,
    default: None,
    summary: "Base URL of the Tenant Management API, overriding the environment's (for example \
              a local emulator).",
};

pub const TOKEN_URL: Setting = Setting {
    name: "token_url",
    env: "RESISTANT_TOKEN_URL",
    kind: Kind::Url,
    default: None,
    summary: "The organization's OAuth2 token endpoint, overriding the environment's.",
};

pub const CLIENT_ID: Setting = Setting {
    name: "client_id",
    env: "RESISTANT_CLIENT_ID",
    kind: Kind::Text,
    default: None,
    summary: "The organization's OAuth2 client ID.",
};

pub const CLIENT_SECRET: Setting = Setting {
    name: "client_secret",
    env: "RESISTANT_CLIENT_SECRET",
    kind: Kind::Secret,
    default: None,
    summary: "The organization's OAuth2 client secret. Set this or `private_key_pem`, not both.",
};

pub const PRIVATE_KEY_PEM: Setting = Setting {
    name: "private_key_pem",
    env: "RESISTANT_PRIVATE_KEY_PEM",
    kind: Kind::PrivateKey,
    default: None,
    summary: "PEM private key (RSA or EC P-256) that signs the client assertion \
              (`private_key_jwt`). Set this or `client_secret`, not both.",
};

pub const KEY_ID: Setting = Setting {
    name: "key_id",
    env: "RESISTANT_KEY_ID",
    kind: Kind::Text,
    default: None,
    summary: "Key ID (`kid`) placed in the client assertion's header when `private_key_pem` is \
              used.",
};

pub const SCOPES: Setting = Setting {
    name: "scopes",
    env: "RESISTANT_SCOPES",
    kind: Kind::StringSet,
    default: None,
    summary: "OAuth2 scopes to request. Defaults to the tenant and application read and write \
              scopes. The environment variable takes a space or comma separated list.",
};

pub const REQUEST_TIMEOUT: Setting = Setting {
    name: "request_timeout",
    env: "RESISTANT_REQUEST_TIMEOUT",
    kind: Kind::Duration,
    default: Some("30s"),
    summary: "Time limit for each HTTP request, such as `30s` or `2m`.",
};

pub const OPERATION_TIMEOUT: Setting = Setting {
    name: "operation_timeout",
    env: "RESISTANT_OPERATION_TIMEOUT",
    kind: Kind::Duration,
    default: Some("5m"),
    summary: "Time limit for one operation (a create, read or delete) with all its retries, \
              such as `5m`. Waits after a rate limit (HTTP 429, honouring `Retry-After`) count \
              against this limit only, never against `max_retries`.",
};

pub const MAX_RETRIES: Setting = Setting {
    name: "max_retries",
    env: "RESISTANT_MAX_RETRIES",
    kind: Kind::Count,
    default: Some("8"),
    summary: "How many times a request is retried after a server error or a lost connection. \
              Rate-limited requests are retried until `operation_timeout` instead.",
};

pub const REQUESTS_PER_SECOND: Setting = Setting {
    name: "requests_per_second",
    env: "RESISTANT_REQUESTS_PER_SECOND",
    kind: Kind::Rate,
    default: None,
    summary: "Client-side limit on requests per second, at least 1. Unlimited when unset.",
};

pub const AUDIT_LOG: Setting = Setting {
    name: "audit_log",
    env: "RESISTANT_AUDIT_LOG",
    kind: Kind::Text,
    default: None,
    summary: "A file to append the audit trail to: one JSON line before and one after every \
              API call that changes something (who, why, when, what, the ids answered and the \
              outcome; never a secret). When the line cannot be written, the change is not made. \
              Unset: no audit trail. See the Audit trail guide.",
};

pub const AUDIT_ACTOR: Setting = Setting {
    name: "audit_actor",
    env: "RESISTANT_AUDIT_ACTOR",
    kind: Kind::Text,
    default: None,
    summary: "Who the audit trail names as making the changes. Default: the CI's user \
              (`GITHUB_ACTOR`, `GITLAB_USER_LOGIN`, ...) with its run, else `user@host`.",
};

pub const AUDIT_REASON: Setting = Setting {
    name: "audit_reason",
    env: "RESISTANT_AUDIT_REASON",
    kind: Kind::Text,
    default: None,
    summary: "Why the changes are made, written into every audit line: a ticket, a change \
              request.",
};

impl Setting {
    /// The setting as an attribute-table row (optional; sensitive for secrets): its name, type
    /// and sensitivity for the schema and the [`ProviderModel`] model.
    pub const fn field(&self) -> Field {
        let field = Field::optional(self.name, self.kind.attribute_kind(), self.summary);
        if self.kind.is_secret() {
            field.sensitive()
        } else {
            field
        }
    }
}

/// Every provider setting, in documentation order.
pub const SETTINGS: &[Setting] = &[
    ENVIRONMENT,
    ENDPOINT,
    TOKEN_URL,
    CLIENT_ID,
    CLIENT_SECRET,
    PRIVATE_KEY_PEM,
    KEY_ID,
    SCOPES,
    REQUEST_TIMEOUT,
    OPERATION_TIMEOUT,
    MAX_RETRIES,
    REQUESTS_PER_SECOND,
    AUDIT_LOG,
    AUDIT_ACTOR,
    AUDIT_REASON,
];

/// The rows of [`SETTINGS`], in the same order.
const FIELDS: [Field; SETTINGS.len()] = {
    let mut rows = [ENVIRONMENT.field(); SETTINGS.len()];
    let mut i = 0;
    while i < SETTINGS.len() {
        rows[i] = SETTINGS[i].field();
        i += 1;
    }
    rows
};

tf_provider_framework::model! {
    /// The provider block as configured: what Terraform sent, before the environment variables
    /// and defaults that [`ProviderConfig::resolve`] adds. Numbers keep their exact text and
    /// secrets are [`Secret`]s, so that checks can quote what was written and `Debug` shows no
    /// secret.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ProviderModel for &FIELDS {
        pub environment: String = ENVIRONMENT.field(),
        pub endpoint: String = ENDPOINT.field(),
        pub token_url: String = TOKEN_URL.field(),
        pub client_id: String = CLIENT_ID.field(),
        pub client_secret: SecretAttr = CLIENT_SECRET.field(),
        pub private_key_pem: SecretAttr = PRIVATE_KEY_PEM.field(),
        pub key_id: String = KEY_ID.field(),
        pub scopes: Vec<String> = SCOPES.field(),
        pub request_timeout: String = REQUEST_TIMEOUT.field(),
        pub operation_timeout: String = OPERATION_TIMEOUT.field(),
        pub max_retries: Number = MAX_RETRIES.field(),
        pub requests_per_second: Number = REQUESTS_PER_SECOND.field(),
        pub audit_log: String = AUDIT_LOG.field(),
        pub audit_actor: String = AUDIT_ACTOR.field(),
        pub audit_reason: String = AUDIT_REASON.field(),
    }
}

impl ProviderModel {
    /// Every setting with its configured value, in table order, as the checks take it.
    fn settings(&self) -> [(&'static Setting, Attr<Raw>); SETTINGS.len()] {
        let text = |value: &Attr<String>| value.clone().map(Raw::Text);
        let secret =
            |value: &Attr<SecretAttr>| value.as_ref().map(|s| Raw::Text(s.expose().into()));
        let number = |value: &Attr<Number>| value.as_ref().map(|n| Raw::Number(n.as_str().into()));
        [
            (&ENVIRONMENT, text(&self.environment)),
            (&ENDPOINT, text(&self.endpoint)),
            (&TOKEN_URL, text(&self.token_url)),
            (&CLIENT_ID, text(&self.client_id)),
            (&CLIENT_SECRET, secret(&self.client_secret)),
            (&PRIVATE_KEY_PEM, secret(&self.private_key_pem)),
            (&KEY_ID, text(&self.key_id)),
            (&SCOPES, self.scopes.clone().map(Raw::Strings)),
            (&REQUEST_TIMEOUT, text(&self.request_timeout)),
            (&OPERATION_TIMEOUT, text(&self.operation_timeout)),
            (&MAX_RETRIES, number(&self.max_retries)),
            (&REQUESTS_PER_SECOND, number(&self.requests_per_second)),
            (&AUDIT_LOG, text(&self.audit_log)),
            (&AUDIT_ACTOR, text(&self.audit_actor)),
            (&AUDIT_REASON, text(&self.audit_reason)),
        ]
    }
}

fn description(setting: &Setting) -> String {
    let mut text = setting.summary.to_string();
    if let Some(default) = setting.default {
        text.push_str(&format!(" Defaults to `{default}`."));
    }
    text.push_str(&format!(
        " Can also be set with the `{}` environment variable.",
        setting.env
    ));
    text
}

/// The provider block's schema.
pub fn schema() -> Schema {
    Schema {
        version: 0,
        block: Block {
            attributes: SETTINGS
                .iter()
                .map(|setting| Attribute {
                    description: description(setting),
                    ..setting.field().attribute()
                })
                .collect(),
            blocks: Vec::new(),
            description: "Manages tenants and tenant applications through the Resistant \
                          Documents Tenant Management API."
                .to_string(),
            description_kind: DescriptionKind::Markdown,
            deprecated: false,
        },
    }
}

/// A setting's value before it is checked, wherever it came from.
#[derive(Clone, Debug, PartialEq)]
enum Raw {
    Text(String),
    Number(String),
    Strings(Vec<String>),
}

/// The settings still unknown (Terraform configures with unknowns during some plans), in table
/// order.
pub fn unknown_settings(config: &Value) -> Vec<&'static str> {
    // A block that does not read is reported by `ProviderConfig::resolve`.
    let block = ProviderModel::from_value(config).unwrap_or_default();
    block
        .settings()
        .into_iter()
        .filter(|(_, value)| value.is_unknown())
        .map(|(setting, _)| setting.name)
        .collect()
}

/// A setting's value taken from its environment variable.
fn from_env(setting: &Setting, text: String) -> Raw {
    match setting.kind {
        Kind::StringSet => Raw::Strings(
            text.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|part| !part.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        Kind::Count | Kind::Rate => Raw::Number(text.trim().to_string()),
        _ => Raw::Text(text),
    }
}

/// Parses durations like `30s`, `2m`, `1h`, `1m30s`, `500ms`; must be more than zero.
pub fn parse_duration(text: &str) -> Option<Duration> {
    parse_duration_or_zero(text).filter(|duration| *duration > Duration::ZERO)
}

/// [`parse_duration`], zero included.
fn parse_duration_or_zero(text: &str) -> Option<Duration> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    let mut total = Duration::ZERO;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let amount: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (unit, len) = [("ms", 1u64), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
            .iter()
            .find(|(unit, _)| rest.starts_with(unit))
            .map(|(unit, millis)| (*millis, unit.len()))?;
        rest = &rest[len..];
        total += Duration::from_millis(amount.checked_mul(unit)?);
    }
    Some(total)
}

fn parse_whole(text: &str) -> Option<i128> {
    text.trim().parse::<i128>().ok()
}

/// A value as quoted in an error message, cut short when long.
fn shown(text: &str) -> String {
    const LIMIT: usize = 80;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// Checks one value of a setting; the error text never repeats secret values.
fn check(setting: &Setting, raw: &Raw) -> Result<(), String> {
    match (setting.kind, raw) {
        (Kind::Environment, Raw::Text(name)) => match catalog::environment(name) {
            Some(_) => Ok(()),
            None => Err(format!(
                "{} is not an environment; expected one of: {}.",
                shown(name),
                catalog::ENVIRONMENTS
                    .iter()
                    .map(|e| e.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        (Kind::Url, Raw::Text(text)) => match url::Url::parse(text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
            Ok(_) => Err(format!("{} must be an http or https URL.", shown(text))),
            Err(error) => Err(format!("{} is not a valid URL: {error}.", shown(text))),
        },
        (Kind::PrivateKey, Raw::Text(text)) => crate::client::keys::parse_private_key_pem(text)
            .map(|_| ())
            .map_err(|error| format!("The private key cannot be used: {error}.")),
        (Kind::Text | Kind::Secret, Raw::Text(text)) => {
            if text.trim().is_empty() {
                Err("The value must not be empty.".to_string())
            } else {
                Ok(())
            }
        }
        (Kind::Duration, Raw::Text(text)) => match parse_duration_or_zero(text) {
            Some(duration) if duration > Duration::ZERO => Ok(()),
            Some(_) => Err(format!(
                "{} is zero; the time limit must be more than zero, such as \"30s\" or \"2m\".",
                shown(text)
            )),
            None => Err(format!(
                "{} is not a duration; write a positive number with a unit, such as \
                 \"30s\", \"2m\" or \"1m30s\".",
                shown(text)
            )),
        },
        (Kind::Count, Raw::Number(text)) => match parse_whole(text) {
            Some(n) if (0..=i128::from(u32::MAX)).contains(&n) => Ok(()),
            Some(_) if text.trim_start().starts_with('-') => {
                Err(format!("{text} is negative; use zero or more."))
            }
            _ => Err(format!("{text} is not a whole number of zero or more.")),
        },
        (Kind::Rate, Raw::Number(text)) => match parse_whole(text) {
            Some(n) if (1..=i128::from(u32::MAX)).contains(&n) => Ok(()),
            _ => Err(format!(
                "{text} is not allowed; use a whole number of requests per second, at least 1."
            )),
        },
        (Kind::StringSet, Raw::Strings(items)) => {
            if items.iter().any(|item| item.trim().is_empty()) {
                Err("Scopes must not be empty strings.".to_string())
            } else {
                Ok(())
            }
        }
        _ => Err("The value has the wrong type.".to_string()),
    }
}

/// An error on a setting whose value `check` refused.
fn invalid(setting: &Setting, detail: String) -> Diagnostic {
    error_at(setting.name, format!("Invalid {}", setting.name), detail)
}

/// The `terraform validate` checks: each known value, and the credentials exclusivity.
pub fn validate(config: &Value) -> Diagnostics {
    let block = match ProviderModel::from_value(config) {
        Ok(block) => block,
        Err(diagnostics) => return diagnostics,
    };
    let mut diagnostics = Vec::new();
    let mut present = BTreeSet::new();
    for (setting, value) in block.settings() {
        match value {
            Attr::Null => {}
            Attr::Unknown => {
                present.insert(setting.name);
            }
            Attr::Known(raw) => {
                present.insert(setting.name);
                if let Err(detail) = check(setting, &raw) {
                    diagnostics.push(invalid(setting, detail));
                }
            }
        }
    }
    if present.contains(CLIENT_SECRET.name) && present.contains(PRIVATE_KEY_PEM.name) {
        diagnostics.push(conflicting_credentials(None, None));
    }
    Diagnostics::from(diagnostics)
}

/// Both kinds of organization credentials are set; each named with the environment variable it
/// came from, if it did.
fn conflicting_credentials(secret_env: Option<&str>, key_env: Option<&str>) -> Diagnostic {
    let origin = |name: &str, env: Option<&str>| match env {
        Some(variable) => format!("{name} comes from the {variable} environment variable"),
        None => format!("{name} is set in the provider block"),
    };
    let remedy = match (secret_env, key_env) {
        (None, None) => "Remove one of them from the provider block.".to_string(),
        (Some(a), Some(b)) => format!("Unset {a} or {b}, or set the one to use in the block."),
        (Some(variable), None) | (None, Some(variable)) => format!(
            "Unset {variable} in the environment Terraform runs in, or remove the setting from \
             the provider block."
        ),
    };
    // Blame what is in the block when only one of them is.
    let blamed = match (secret_env, key_env) {
        (None, Some(_)) => CLIENT_SECRET.name,
        _ => PRIVATE_KEY_PEM.name,
    };
    let (secret, key) = (CLIENT_SECRET.name, PRIVATE_KEY_PEM.name);
    error_at(
        blamed,
        "Conflicting credentials",
        format!(
            "The provider authenticates with either {secret} or {key}, not both, but {} and {}. \
             {remedy}",
            origin(secret, secret_env),
            origin(key, key_env),
        ),
    )
}

/// The provider configuration after configuration and environment are merged and checked.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    pub environment: &'static catalog::Environment,
    pub endpoint: String,
    pub token_url: String,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub private_key_pem: Option<Secret>,
    pub key_id: Option<String>,
    pub scopes: Vec<String>,
    pub request_timeout: Duration,
    pub operation_timeout: Duration,
    pub max_retries: u32,
    pub requests_per_second: Option<u32>,
    /// The audit file, when set.
    pub audit_log: Option<String>,
    pub audit_actor: Option<String>,
    pub audit_reason: Option<String>,
}

impl ProviderConfig {
    /// The audit trail these settings ask for (`None` without `audit_log`).
    pub fn audit(&self) -> Option<api_client_kit::audit::Audit> {
        self.audit_log.as_ref().map(|path| {
            api_client_kit::audit::Audit::new(api_client_kit::audit::AuditSettings {
                path: path.into(),
                actor: self.audit_actor.clone(),
                reason: self.audit_reason.clone(),
                provider: "resistant".into(),
                provider_version: env!("CARGO_PKG_VERSION").into(),
                endpoint: self.endpoint.clone(),
            })
        })
    }

    /// Merges the configuration (which wins) with the environment and the defaults.
    pub fn resolve(
        config: &Value,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ProviderConfig, Diagnostics> {
        let block = ProviderModel::from_value(config)?;
        let mut values: BTreeMap<&str, Raw> = BTreeMap::new();
        // The environment variable of each value taken from the environment.
        let mut from_variable: BTreeMap<&str, &str> = BTreeMap::new();
        let mut diagnostics = Vec::new();
        for (setting, value) in block.settings() {
            let found = or_env(value.into_known(), setting.env, &env, |text| {
                from_env(setting, text)
            });
            let (raw, source) = match found {
                Some(found) => (Some(found.value), found.origin.variable()),
                None => (
                    setting
                        .default
                        .map(|text| from_env(setting, text.to_string())),
                    None,
                ),
            };
            let Some(raw) = raw else { continue };
            match check(setting, &raw) {
                Ok(()) => {
                    values.insert(setting.name, raw);
                    if let Some(variable) = source {
                        from_variable.insert(setting.name, variable);
                    }
                }
                Err(detail) => {
                    let detail = match source {
                        Some(variable) => {
                            format!("From the {variable} environment variable: {detail}")
                        }
                        None => detail,
                    };
                    diagnostics.push(invalid(setting, detail));
                }
            }
        }
        if values.contains_key(CLIENT_SECRET.name) && values.contains_key(PRIVATE_KEY_PEM.name) {
            diagnostics.push(conflicting_credentials(
                from_variable.get(CLIENT_SECRET.name).copied(),
                from_variable.get(PRIVATE_KEY_PEM.name).copied(),
            ));
        }
        if !diagnostics.is_empty() {
            return Err(Diagnostics::from(diagnostics));
        }
        let text = |setting: &Setting| match values.get(setting.name) {
            Some(Raw::Text(text)) => Some(text.clone()),
            _ => None,
        };
        let number = |setting: &Setting| match values.get(setting.name) {
            Some(Raw::Number(text)) => parse_whole(text).and_then(|n| u32::try_from(n).ok()),
            _ => None,
        };
        let environment = text(&ENVIRONMENT)
            .and_then(|name| catalog::environment(&name))
            .unwrap_or(&catalog::PRODUCTION);
        Ok(ProviderConfig {
            environment,
            endpoint: text(&ENDPOINT).unwrap_or_else(|| environment.endpoint.to_string()),
            token_url: text(&TOKEN_URL).unwrap_or_else(|| environment.token_url.to_string()),
            client_id: text(&CLIENT_ID),
            client_secret: text(&CLIENT_SECRET).map(Secret::new),
            private_key_pem: text(&PRIVATE_KEY_PEM).map(Secret::new),
            key_id: text(&KEY_ID),
            scopes: match values.get(SCOPES.name) {
                Some(Raw::Strings(scopes)) => scopes.clone(),
                _ => catalog::CONTROL_PLANE_SCOPES
                    .iter()
                    .map(|scope| scope.to_string())
                    .collect(),
            },
            request_timeout: text(&REQUEST_TIMEOUT)
                .and_then(|text| parse_duration(&text))
                .unwrap_or(Duration::from_secs(30)),
            operation_timeout: text(&OPERATION_TIMEOUT)
                .and_then(|text| parse_duration(&text))
                .unwrap_or(DEFAULT_OPERATION_TIMEOUT),
            max_retries: number(&MAX_RETRIES).unwrap_or(8),
            requests_per_second: number(&REQUESTS_PER_SECOND),
            audit_log: text(&AUDIT_LOG),
            audit_actor: text(&AUDIT_ACTOR),
            audit_reason: text(&AUDIT_REASON),
        })
    }

    /// The API client's configuration; credentials are required here.
    /// `stop` is the provider's stop signal, which the client's waits and requests obey.
    pub fn client_config(
        &self,
        user_agent_suffix: &str,
        stop: &Stop,
    ) -> Result<ClientConfig, Diagnostics> {
        let Some(client_id) = self.client_id.clone() else {
            return Err(Diagnostics::from(vec![error_at(
                CLIENT_ID.name,
                "Missing credentials",
                "Set client_id (or RESISTANT_CLIENT_ID) together with client_secret or \
                 private_key_pem (or their RESISTANT_* environment variables)."
                    .to_string(),
            )]));
        };
        let credentials = match (&self.client_secret, &self.private_key_pem) {
            (Some(client_secret), None) => Credentials::ClientSecret {
                client_id,
                client_secret: client_secret.clone(),
            },
            (None, Some(private_key_pem)) => Credentials::PrivateKey {
                client_id,
                private_key_pem: private_key_pem.clone(),
                key_id: self.key_id.clone(),
            },
            _ => {
                return Err(Diagnostics::from(vec![error_at(
                    CLIENT_ID.name,
                    "Missing credentials",
                    "client_id needs exactly one of client_secret or private_key_pem (or their \
                     RESISTANT_* environment variables)."
                        .to_string(),
                )]))
            }
        };
        Ok(ClientConfig {
            endpoint: self.endpoint.clone(),
            token_url: self.token_url.clone(),
            credentials,
            scopes: self.scopes.clone(),
            request_timeout: self.request_timeout,
            operation_timeout: self.operation_timeout,
            max_retries: self.max_retries,
            requests_per_second: self.requests_per_second,
            user_agent_suffix: user_agent_suffix.to_string(),
            stop: stop.clone(),
            lock_dir: crate::client::default_lock_dir(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::attributes::blamed;
    use crate::provider::values::object_of;

    fn config(pairs: &[(&str, Value)]) -> Value {
        object_of(SETTINGS.iter().map(|setting| setting.name), pairs)
    }

    #[test]
    fn the_provider_block_model_covers_its_table_in_order() {
        let known = |s: &str| Attr::Known(s.to_string());
        let sample = ProviderModel {
            environment: known("testing"),
            endpoint: known("http://127.0.0.1:1/v0"),
            token_url: known("http://127.0.0.1:1/token"),
            client_id: known("id"),
            client_secret: Attr::Known(Secret::new("hunter2").into()),
            private_key_pem: Attr::Known(Secret::new("PEMDATA").into()),
            key_id: known("k1"),
            scopes: Attr::Known(vec!["tenants.read".into()]),
            request_timeout: known("30s"),
            operation_timeout: known("5m"),
            max_retries: Attr::Known(Number::from_i64(3)),
            requests_per_second: Attr::Known(Number::from_i64(7)),
            audit_log: known("audit.jsonl"),
            audit_actor: known("bot"),
            audit_reason: known("CHG-1"),
        };
        assert_eq!(tf_provider_framework::model::check_model(&sample), Ok(()));
        let names: Vec<_> = sample.settings().iter().map(|(s, _)| s.name).collect();
        let table: Vec<_> = SETTINGS.iter().map(|s| s.name).collect();
        assert_eq!(names, table);
        assert!(sample
            .settings()
            .iter()
            .all(|(_, value)| value.known().is_some()));
        let shown = format!("{sample:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("PEMDATA"),
            "{shown}"
        );
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    const TEST_KEY: &str = include_str!("../../tests/fixtures/ec_p256_sec1.pem");

    #[test]
    fn an_unusable_private_key_is_an_error_on_its_attribute_without_its_text() {
        for pem in [
            "not a key",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            let diagnostics = validate(&config(&[("private_key_pem", Value::string(pem))]));
            assert_eq!(blamed(&diagnostics), ["private_key_pem"], "{pem}");
            assert!(!format!("{diagnostics:?}").contains("AAAA"));
        }
        let public = include_str!("../../tests/fixtures/rsa2048_public_spki.pem");
        let diagnostics = validate(&config(&[("private_key_pem", Value::string(public))]));
        assert_eq!(blamed(&diagnostics), ["private_key_pem"]);
        for usable in [
            TEST_KEY,
            include_str!("../../tests/fixtures/rsa2048_pkcs1.pem"),
            include_str!("../../tests/fixtures/rsa2048_pkcs8.pem"),
            include_str!("../../tests/fixtures/ec_p256_pkcs8.pem"),
        ] {
            assert!(validate(&config(&[("private_key_pem", Value::string(usable))])).is_empty());
        }
    }

    #[test]
    fn schema_follows_the_table() {
        let schema = schema();
        assert_eq!(schema.block.attributes.len(), SETTINGS.len());
        let secret = schema
            .block
            .attributes
            .iter()
            .find(|a| a.name == "client_secret")
            .expect("client_secret");
        assert!(secret.sensitive);
        assert!(secret.description.contains("RESISTANT_CLIENT_SECRET"));
        let timeout = schema
            .block
            .attributes
            .iter()
            .find(|a| a.name == "request_timeout")
            .expect("request_timeout");
        assert!(timeout.description.contains("`30s`"));
    }

    #[test]
    fn validation_points_at_each_bad_attribute() {
        let diagnostics = validate(&config(&[
            ("environment", Value::string("staging")),
            ("endpoint", Value::string("not a url")),
            ("token_url", Value::string("ftp://x.example/token")),
            ("request_timeout", Value::string("30")),
            ("max_retries", Value::int(-1)),
            ("requests_per_second", Value::int(0)),
        ]));
        assert_eq!(
            blamed(&diagnostics),
            [
                "environment",
                "endpoint",
                "token_url",
                "request_timeout",
                "max_retries",
                "requests_per_second"
            ]
        );
    }

    #[test]
    fn unknown_values_are_skipped_but_still_conflict() {
        let diagnostics = validate(&config(&[
            ("environment", Value::Unknown),
            ("client_secret", Value::Unknown),
            ("private_key_pem", Value::string(TEST_KEY)),
        ]));
        assert_eq!(blamed(&diagnostics), ["private_key_pem"]);
        assert!(validate(&config(&[])).is_empty());
        assert!(validate(&Value::Null).is_empty());
    }

    #[test]
    fn secrets_never_appear_in_diagnostics() {
        let diagnostics = validate(&config(&[
            ("client_secret", Value::string("hunter2")),
            ("private_key_pem", Value::string("PEMDATA")),
        ]));
        let text = format!("{diagnostics:?}");
        assert!(
            !text.contains("hunter2") && !text.contains("PEMDATA"),
            "{text}"
        );
    }

    #[test]
    fn unknown_settings_are_detected() {
        assert!(unknown_settings(&config(&[])).is_empty());
        assert_eq!(
            unknown_settings(&config(&[
                ("scopes", Value::Set(vec![Value::Unknown])),
                ("client_secret", Value::Unknown),
            ])),
            ["client_secret", "scopes"]
        );
    }

    #[test]
    fn long_values_are_cut_short_in_messages() {
        let long = "h".repeat(10_000);
        let diagnostics = validate(&config(&[("endpoint", Value::string(long))]));
        assert!(
            diagnostics[0].detail.len() < 200,
            "{}",
            diagnostics[0].detail
        );
    }

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("1m30s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        for bad in ["", "30", "s", "0s", "-1s", "1d", "1.5s"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn resolve_applies_defaults_then_env_then_config() {
        let resolved = ProviderConfig::resolve(&config(&[]), no_env).expect("defaults");
        assert_eq!(resolved.environment.name, "production");
        assert_eq!(resolved.endpoint, catalog::PRODUCTION.endpoint);
        assert_eq!(resolved.request_timeout, Duration::from_secs(30));
        assert_eq!(resolved.max_retries, 8);
        assert_eq!(resolved.requests_per_second, None);

        let env = |key: &str| match key {
            "RESISTANT_ENVIRONMENT" => Some("testing".to_string()),
            "RESISTANT_SCOPES" => Some("tenants.read, tenants.write".to_string()),
            "RESISTANT_MAX_RETRIES" => Some("2".to_string()),
            "RESISTANT_CLIENT_ID" => Some("from-env".to_string()),
            "RESISTANT_CLIENT_SECRET" => Some("s".to_string()),
            _ => None,
        };
        let resolved = ProviderConfig::resolve(
            &config(&[
                ("client_id", Value::string("from-config")),
                ("endpoint", Value::string("http://127.0.0.1:1/v0")),
                ("request_timeout", Value::string("2m")),
                ("requests_per_second", Value::int(7)),
            ]),
            env,
        )
        .expect("resolved");
        assert_eq!(resolved.environment.name, "testing");
        assert_eq!(resolved.endpoint, "http://127.0.0.1:1/v0");
        assert_eq!(resolved.token_url, catalog::TESTING.token_url);
        assert_eq!(resolved.client_id.as_deref(), Some("from-config"));
        assert_eq!(resolved.scopes, ["tenants.read", "tenants.write"]);
        assert_eq!(resolved.max_retries, 2);
        assert_eq!(resolved.request_timeout, Duration::from_secs(120));
        assert_eq!(resolved.requests_per_second, Some(7));
        let client = resolved
            .client_config("terraform/1.11.4", &Stop::default())
            .expect("client config");
        assert!(matches!(
            client.credentials,
            Credentials::ClientSecret { .. }
        ));
        assert_eq!(client.user_agent_suffix, "terraform/1.11.4");
    }

    #[test]
    fn bad_environment_variables_are_reported_on_their_attribute() {
        let env = |key: &str| (key == "RESISTANT_REQUEST_TIMEOUT").then(|| "soon".to_string());
        let error = ProviderConfig::resolve(&config(&[]), env).expect_err("refused");
        assert_eq!(blamed(&error), ["request_timeout"]);
        assert!(error[0].detail.contains("RESISTANT_REQUEST_TIMEOUT"));
    }

    #[test]
    fn conflicting_credentials_name_the_environment_variable_they_came_from() {
        let env = |key: &str| (key == "RESISTANT_PRIVATE_KEY_PEM").then(|| TEST_KEY.to_string());
        let error =
            ProviderConfig::resolve(&config(&[("client_secret", Value::string("hunter2"))]), env)
                .expect_err("refused");
        assert_eq!(blamed(&error), ["client_secret"]);
        let detail = &error[0].detail;
        assert!(detail.contains("RESISTANT_PRIVATE_KEY_PEM"), "{detail}");
        assert!(
            detail.contains("Unset RESISTANT_PRIVATE_KEY_PEM"),
            "{detail}"
        );
        assert!(!detail.contains("hunter2") && !detail.contains("PRIVATE KEY-"));

        let both = |key: &str| match key {
            "RESISTANT_PRIVATE_KEY_PEM" => Some(TEST_KEY.to_string()),
            "RESISTANT_CLIENT_SECRET" => Some("s".to_string()),
            _ => None,
        };
        let error = ProviderConfig::resolve(&config(&[]), both).expect_err("refused");
        let detail = &error[0].detail;
        assert!(
            detail.contains("RESISTANT_PRIVATE_KEY_PEM")
                && detail.contains("RESISTANT_CLIENT_SECRET"),
            "{detail}"
        );
    }

    #[test]
    fn a_zero_duration_is_called_zero_not_malformed() {
        let diagnostics = validate(&config(&[("request_timeout", Value::string("0s"))]));
        assert_eq!(blamed(&diagnostics), ["request_timeout"]);
        let detail = &diagnostics[0].detail;
        assert!(
            detail.contains("is zero") && !detail.contains("not a duration"),
            "{detail}"
        );
        let malformed = validate(&config(&[("request_timeout", Value::string("soon"))]));
        assert!(malformed[0].detail.contains("not a duration"));
    }

    #[test]
    fn missing_credentials_are_an_error_on_client_id() {
        let resolved = ProviderConfig::resolve(&config(&[]), no_env).expect("resolved");
        let error = resolved
            .client_config("t", &Stop::default())
            .expect_err("no credentials");
        assert_eq!(blamed(&error), ["client_id"]);
        let key_only = ProviderConfig::resolve(
            &config(&[
                ("client_id", Value::string("id")),
                ("private_key_pem", Value::string(TEST_KEY)),
                ("key_id", Value::string("k1")),
            ]),
            no_env,
        )
        .expect("resolved");
        match key_only
            .client_config("t", &Stop::default())
            .expect("config")
            .credentials
        {
            Credentials::PrivateKey { key_id, .. } => assert_eq!(key_id.as_deref(), Some("k1")),
            other => panic!("expected a private key, got {other:?}"),
        }
    }
}
