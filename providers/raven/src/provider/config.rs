//! The provider block (`endpoint`, `api_key`, each with its environment variable): its table,
//! which drives the schema, validation and docs, read into [`ProviderModel`] and resolved, with
//! the environment fallbacks, into the endpoint and key that configuring the provider uses.

use tf_provider_framework::attributes::{schema as block_schema, Field, Kind, Validator};
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::{AttributePath, Diagnostics};
use tf_provider_framework::protocol::schema::Schema;
use tf_provider_framework::validators::validate as validate_rows;

use crate::client::Secret;
use api_client_kit::env::{or_env, process_env};

/// The service URL when neither the block nor `RAVEN_ENDPOINT` sets one.
pub const DEFAULT_ENDPOINT: &str = "http://localhost:3000";

const ENDPOINT_PATTERN: &str = r"^https?://[^/\s]+/?$";

/// The environment variables the settings fall back to.
const ENDPOINT_ENV: &str = "RAVEN_ENDPOINT";
const API_KEY_ENV: &str = "RAVEN_API_KEY";
const AUDIT_LOG_ENV: &str = "RAVEN_AUDIT_LOG";
const AUDIT_ACTOR_ENV: &str = "RAVEN_AUDIT_ACTOR";
const AUDIT_REASON_ENV: &str = "RAVEN_AUDIT_REASON";

const ENDPOINT: Field = Field::optional(
    "endpoint",
    Kind::String,
    "Raven's service URL, without the `/api/v1` path the API lives under (e.g. \
         `https://raven.example.com`). Defaults to `RAVEN_ENDPOINT`, else \
         `http://localhost:3000`.",
)
.validators(&[Validator::Pattern {
    pattern: ENDPOINT_PATTERN,
    meaning: "an `http://` or `https://` URL of a host, without a path",
}]);
const API_KEY: Field = Field::optional(
    "api_key",
    Kind::String,
    "The API key (`rk_live_…`) of an existing tenant, used by objects that bring no key \
         of their own: importing `raven_tenant` as `current`, the `raven_tenant` data \
         source, and `raven_api_key` without `creator_api_key_wo`. Defaults to \
         `RAVEN_API_KEY`. A `raven_tenant` registered by this configuration reads and \
         changes itself with its own registration key.",
)
.sensitive();

const AUDIT_LOG: Field = Field::optional(
    "audit_log",
    Kind::String,
    "A file to append the audit trail to: one JSON line before and one after every call that \
         changes something (who, why, when, what, the ids answered and the outcome; never an \
         API key). When the line cannot be written, the change is not made. Defaults to \
         `RAVEN_AUDIT_LOG`; unset, there is no audit trail. See the Audit trail guide.",
);
const AUDIT_ACTOR: Field = Field::optional(
    "audit_actor",
    Kind::String,
    "Who the audit trail names as making the changes. Defaults to `RAVEN_AUDIT_ACTOR`, else \
         the CI's user (`GITHUB_ACTOR`, `GITLAB_USER_LOGIN`, ...) with its run, else \
         `user@host`.",
);
const AUDIT_REASON: Field = Field::optional(
    "audit_reason",
    Kind::String,
    "Why the changes are made, written into every audit line: a ticket, a change request. \
         Defaults to `RAVEN_AUDIT_REASON`.",
);

tf_provider_framework::model! {
    /// The provider block as configured; `ProviderModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct ProviderModel {
        endpoint: String = ENDPOINT,
        api_key: String = API_KEY,
        audit_log: String = AUDIT_LOG,
        audit_actor: String = AUDIT_ACTOR,
        audit_reason: String = AUDIT_REASON,
    }
}

/// A setting from the block, else from its environment variable (blank counts as unset).
fn setting(configured: &Attr<String>, env: &'static str) -> Attr<String> {
    match configured {
        Attr::Null => or_env(None, env, process_env, |value| value)
            .map_or(Attr::Null, |found| Attr::Known(found.value)),
        other => other.clone(),
    }
}

/// The provider block's schema.
pub fn schema() -> Schema {
    block_schema(
        "The Raven provider manages tenants of Raven's Tenants API, their settings and \
         additional scoped API keys. Raven's API has no endpoint that lists tenants (a tenant is \
         read only through its own keys), so the provider offers no list resource for \
         `terraform query`; bring a tenant under Terraform by importing it through its own key \
         (`current`, or its identity on Terraform 1.12 and later).",
        ProviderModel::FIELDS,
    )
}

/// The block's validators, run on the configuration as written.
pub fn validate(config: &Value) -> Diagnostics {
    validate_rows(ProviderModel::FIELDS, config)
}

/// What the block resolves to.
#[derive(Debug)]
pub enum Resolved {
    /// These settings are not known yet (they come from resources not yet created).
    Unknown(Vec<String>),
    /// The service URL and the provider's own key, if any.
    Ready {
        endpoint: String,
        api_key: Option<Secret>,
        /// The audit trail, when `audit_log` is set.
        audit: Option<api_client_kit::audit::Audit>,
    },
}

/// The block with its environment fallbacks and default applied, the endpoint checked.
pub fn resolve(config: &Value) -> Result<Resolved, Diagnostics> {
    let block = ProviderModel::from_value(config)?;
    let endpoint = setting(&block.endpoint, ENDPOINT_ENV);
    let api_key = setting(&block.api_key, API_KEY_ENV);
    let audit_log = setting(&block.audit_log, AUDIT_LOG_ENV);
    let audit_actor = setting(&block.audit_actor, AUDIT_ACTOR_ENV);
    let audit_reason = setting(&block.audit_reason, AUDIT_REASON_ENV);
    let unknown: Vec<String> = [
        (&endpoint, ENDPOINT),
        (&api_key, API_KEY),
        (&audit_log, AUDIT_LOG),
        (&audit_actor, AUDIT_ACTOR),
        (&audit_reason, AUDIT_REASON),
    ]
    .iter()
    .filter(|(setting, _)| setting.is_unknown())
    .map(|(_, row)| row.name.to_string())
    .collect();
    if !unknown.is_empty() {
        return Ok(Resolved::Unknown(unknown));
    }
    let endpoint = endpoint
        .known()
        .cloned()
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
    let from_env = block.endpoint.is_null();
    if !regex_match(ENDPOINT_PATTERN, &endpoint) {
        let source = if from_env {
            ENDPOINT_ENV.to_string()
        } else {
            format!("`{}`", ENDPOINT.name)
        };
        let mut diagnostics = Diagnostics::new();
        diagnostics.error_at(
            AttributePath::root(ENDPOINT.name),
            "Invalid Raven endpoint",
            format!(
                "{source} is {endpoint:?}; it must be the service URL alone, such as \
                 `https://raven.example.com` (the provider adds `/api/v1`)."
            ),
        );
        return Err(diagnostics);
    }
    let audit = audit_log.known().map(|path| {
        api_client_kit::audit::Audit::new(api_client_kit::audit::AuditSettings {
            path: path.into(),
            actor: audit_actor.known().cloned(),
            reason: audit_reason.known().cloned(),
            provider: "raven".into(),
            provider_version: env!("CARGO_PKG_VERSION").into(),
            endpoint: endpoint.clone(),
        })
    });
    Ok(Resolved::Ready {
        endpoint,
        api_key: api_key.known().map(|key| Secret::new(key.as_str())),
        audit,
    })
}

fn regex_match(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern).is_ok_and(|r| r.is_match(text))
}
