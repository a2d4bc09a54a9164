//! `resistant_access_token`: a Documents API (data plane) access token requested with a tenant
//! application's credentials, for the run that needs it and never in state or plan.
//!
//! Renewal: Terraform cannot take a new value from a renewal (the protocol's Renew answer carries no
//! result), so the token handed out at Open is the one every consumer uses until the run ends. Open
//! asks Terraform to renew shortly before the token expires; Renew then requests a new token with
//! the same credentials and schedules the next renewal. Because that cannot change the token in use,
//! a failed renewal is a warning (saying when the token in use expires) that also stops further
//! renewals, not an error that would abort a run whose token may still be valid, e.g. while a
//! rotation deletes the old application. (Terraform 1.11 does not display renewal diagnostics at all;
//! it only stops renewing on an error.)
//! The private bytes Terraform keeps between calls are only a random handle; the credentials stay
//! in this process's memory, and Close forgets them.

use crate::provider::convert::SecretAttr;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};

use super::EphemeralResource;
use crate::client::{request_access_token, ApiError, Credentials, Secret};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::{Diagnostics, Severity};
use crate::protocol::provider::{OpenEphemeralResponse, RenewEphemeralResponse};
use crate::provider::attributes::{error_at, Config, Definition, Field, Kind, Setting};
use crate::provider::catalog::APPLICATION_SCOPES;
use crate::provider::data_sources::cells::cell_address;
use crate::provider::data_sources::Services;
use crate::provider::registry::ObjectType;
use crate::provider::resources;
use crate::provider::ProviderData;
use tf_provider_framework::model::{Attr, Model};

pub const TYPE_NAME: &str = "resistant_access_token";

/// Application scopes are granted as `documents.<scope>`; tokens are requested as `<scope>`.
const APPLICATION_SCOPE_PREFIX: &str = "documents.";
/// Renew this long before expiry at most, and a fifth of the lifetime at least.
const MAX_RENEW_LEAD: Duration = Duration::from_secs(300);

const TOKEN_URL: Field = Field::optional_computed(
    "token_url",
    Kind::String,
    "The application's token endpoint (its `token_url`). Exactly one of `token_url` and \
     `cell` must be set; with `cell`, this is the cell's token endpoint.",
);

const CELL: Field = Field::optional(
    "cell",
    Kind::String,
    "The application's cell: the token endpoint is that cell's in the configured environment \
     (see `resistant_cells`). Exactly one of `token_url` and `cell` must be set.",
)
.validators(&[resources::CELL]);

const CLIENT_ID: Field = Field::required("client_id", Kind::String, "The application's client id.");

const CLIENT_SECRET: Field = Field::optional(
    "client_secret",
    Kind::String,
    "The application's client secret. Exactly one of `client_secret` and `private_key_pem` \
     must be set. Ephemeral and write-only values are accepted.",
)
.sensitive();

const PRIVATE_KEY_PEM: Field = Field::optional(
    "private_key_pem",
    Kind::String,
    "The private key (RSA or EC P-256 PEM) whose public key the application was created with; \
     the token is requested with a signed JWT client assertion.",
)
.sensitive();

const KEY_ID: Field = Field::optional(
    "key_id",
    Kind::String,
    "The key id (`kid`) to put in the client assertion's header, with `private_key_pem`: the \
     application's `key_id`. Without it the assertion carries no key id.",
);

const SCOPES: Field = Field::required(
    "scopes",
    Kind::StringSet,
    "The Documents API scopes to request: `submissions.read`, `submissions.write` (the \
     application's granted names `documents.submissions.read`/`.write` are accepted too).",
);

const ACCESS_TOKEN: Field = Field::computed(
    "access_token",
    Kind::String,
    "The bearer token for the Documents API.",
)
.sensitive();

const EXPIRES_AT: Field = Field::computed(
    "expires_at",
    Kind::String,
    "When the token expires (RFC 3339, UTC).",
);

const SCOPE: Field = Field::computed(
    "scope",
    Kind::String,
    "The scopes the token was granted, space separated.",
);

tf_provider_framework::model! {
    /// The ephemeral resource's configuration and result. The credentials and the token are
    /// [`Secret`]s, so the model's `Debug` never shows them. `AccessTokenModel::FIELDS` is its
    /// table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct AccessTokenModel {
        token_url: String = TOKEN_URL,
        cell: String = CELL,
        client_id: String = CLIENT_ID,
        client_secret: SecretAttr = CLIENT_SECRET,
        private_key_pem: SecretAttr = PRIVATE_KEY_PEM,
        key_id: String = KEY_ID,
        scopes: Vec<String> = SCOPES,
        access_token: SecretAttr = ACCESS_TOKEN,
        expires_at: String = EXPIRES_AT,
        scope: String = SCOPE,
    }
}

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "A Documents API access token for a tenant application, requested with the \
        application's client secret or private key. Ephemeral: it is never stored in state or plan \
        files. Terraform keeps using the token obtained when the resource was opened (a renewal \
        cannot replace it), so work that uses it must finish before its `expires_at`.",
    fields: AccessTokenModel::FIELDS,
};

/// The data-plane scope names, derived from the catalog's application scopes.
fn data_plane_scopes() -> Vec<&'static str> {
    APPLICATION_SCOPES
        .iter()
        .map(|s| s.strip_prefix(APPLICATION_SCOPE_PREFIX).unwrap_or(s))
        .collect()
}

/// A scope as the token endpoint expects it, or `None` if it is no Documents API scope.
fn data_plane_scope(scope: &str) -> Option<&'static str> {
    let bare = scope
        .strip_prefix(APPLICATION_SCOPE_PREFIX)
        .unwrap_or(scope);
    data_plane_scopes().into_iter().find(|s| *s == bare)
}

/// What is needed to request (again) a token.
#[derive(Clone)]
struct Session {
    token_url: String,
    credentials: Credentials,
    scopes: Vec<String>,
}

/// The token resource; holds the open sessions of this provider process.
#[derive(Default)]
pub struct AccessToken {
    sessions: Mutex<HashMap<String, Session>>,
}

/// Plan-time checks beyond the rows' validators; collected in one pass so every mistake shows at
/// once.
fn check(config: &Config<'_>) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let exactly_one = |a: &str, b: &str, what: &str| {
        config.exactly_one(
            a,
            b,
            format!("Conflicting {what}"),
            (format!("Missing {what}"), format!("Set `{a}` or `{b}`.")),
        )
    };
    diagnostics.extend(exactly_one(TOKEN_URL.name, CELL.name, "token endpoint"));
    diagnostics.extend(exactly_one(
        CLIENT_SECRET.name,
        PRIVATE_KEY_PEM.name,
        "credentials",
    ));
    if config.string(KEY_ID.name).is_set() && !config.string(PRIVATE_KEY_PEM.name).is_set() {
        diagnostics.push(error_at(
            KEY_ID.name,
            "Key id without a key",
            "`key_id` only applies with `private_key_pem`.",
        ));
    }
    diagnostics.extend(config.check_string(TOKEN_URL.name, |url| {
        url::Url::parse(url).is_err().then(|| {
            (
                "Invalid token URL",
                format!("{url:?} is not an absolute URL."),
            )
        })
    }));
    if let Setting::Known(scopes) = config.strings(SCOPES.name) {
        if scopes.is_empty() {
            diagnostics.push(error_at(
                SCOPES.name,
                "No scopes",
                "Request at least one scope.",
            ));
        }
        for scope in scopes.iter().filter(|s| data_plane_scope(s).is_none()) {
            diagnostics.push(error_at(
                SCOPES.name,
                "Unknown scope",
                format!(
                    "{scope:?} is not a Documents API scope; expected {}.",
                    data_plane_scopes().join(" or ")
                ),
            ));
        }
    }
    diagnostics.extend(config.non_empty(CLIENT_ID.name, "Empty client id"));
    diagnostics
}

/// The session a wholly known configuration describes.
fn session(services: Services<'_>, config: &AccessTokenModel) -> Result<Session, Diagnostics> {
    let not_known = || {
        Diagnostics::error(
            "Configuration not known",
            "The access token's configuration must be known to request a token.",
        )
    };
    let token_url = match (&config.token_url, &config.cell) {
        (Attr::Known(url), _) => url.clone(),
        (_, Attr::Known(cell)) => cell_address(services.environment, services.endpoint, cell)
            .map(|c| c.token_url)
            .ok_or_else(|| {
                Diagnostics::from(vec![error_at(
                    CELL.name,
                    "Cell not in this environment",
                    format!(
                        "The {} environment has no cell {cell:?}.",
                        services.environment.name
                    ),
                )])
            })?,
        _ => return Err(not_known()),
    };
    let client_id = config.client_id.known().cloned().ok_or_else(not_known)?;
    let credentials = match (&config.client_secret, &config.private_key_pem) {
        (Attr::Known(secret), _) => Credentials::ClientSecret {
            client_id,
            client_secret: secret.0.clone(),
        },
        (_, Attr::Known(pem)) => Credentials::PrivateKey {
            client_id,
            private_key_pem: pem.0.clone(),
            key_id: config.key_id.known().cloned(),
        },
        _ => return Err(not_known()),
    };
    let mut scopes: Vec<String> = config
        .scopes
        .known()
        .ok_or_else(not_known)?
        .iter()
        .filter_map(|s| data_plane_scope(s))
        .map(str::to_string)
        .collect();
    scopes.sort();
    scopes.dedup();
    Ok(Session {
        token_url,
        credentials,
        scopes,
    })
}

/// A granted token: the computed attributes and when to renew it.
struct Granted {
    token_url: String,
    access_token: Secret,
    expires_at: String,
    scope: String,
    renew_at: Option<SystemTime>,
}

async fn request(services: Services<'_>, session: &Session) -> Result<Granted, Diagnostics> {
    let token = request_access_token(
        services.http_timeout,
        &session.token_url,
        &session.credentials,
        &session.scopes,
        &services.client.stop_signal(),
    )
    .await
    .map_err(|e| token_failure(&session.token_url, &e))?;
    let now = SystemTime::now();
    let lifetime = Duration::from_secs(token.expires_in);
    let expires_at: DateTime<Utc> = (now + lifetime).into();
    Ok(Granted {
        token_url: session.token_url.clone(),
        access_token: token.access_token,
        expires_at: expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        scope: token.scope,
        renew_at: renew_time(now, lifetime),
    })
}

/// A failed token request: the endpoint, the server's words, and what to check.
fn token_failure(token_url: &str, error: &ApiError) -> Diagnostics {
    let hint = match error {
        ApiError::Unauthorized { .. }
        | ApiError::Forbidden { .. }
        | ApiError::Validation { .. } => {
            "Check `client_id`, the application's client secret or private key (and `key_id`), and \
             that the application was granted the requested scopes."
        }
        ApiError::Transport { .. } | ApiError::NotFound { .. } => {
            "Check `token_url` (or `cell`) and that the token endpoint is reachable."
        }
        _ => error.advice(),
    };
    Diagnostics::error(
        "Could not obtain a Documents API access token",
        format!(
            "The token endpoint {token_url} answered: {} ({}).\n\n{hint}",
            error.summary(),
            error.message()
        ),
    )
}

/// A failed renewal as a warning: the token already handed out is unaffected until it expires.
fn renewal_warning(failure: &Diagnostics) -> Diagnostics {
    failure
        .iter()
        .cloned()
        .map(|mut diagnostic| {
            diagnostic.severity = Severity::Warning;
            diagnostic.summary = "Could not renew a Documents API access token".to_string();
            diagnostic.detail.push_str(
                "\n\nThe token already in use stays valid until its `expires_at`; calls made \
                 with it after that time will be refused.",
            );
            diagnostic
        })
        .collect()
}

/// Shortly before expiry: a fifth of the lifetime early, at most [`MAX_RENEW_LEAD`]. No renewal for
/// a token without a lifetime.
fn renew_time(now: SystemTime, lifetime: Duration) -> Option<SystemTime> {
    if lifetime.is_zero() {
        return None;
    }
    let lead = (lifetime / 5).min(MAX_RENEW_LEAD);
    Some(now + lifetime - lead)
}

fn handle_of(private: &[u8]) -> String {
    String::from_utf8_lossy(private).into_owned()
}

impl AccessToken {
    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        // A poisoned lock only means another call panicked; the map itself stays usable.
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl ObjectType for AccessToken {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        check(&Config::new(AccessTokenModel::FIELDS, config))
    }
}

#[async_trait]
impl EphemeralResource<ProviderData> for AccessToken {
    async fn open(&self, data: &ProviderData, config: &Value) -> OpenEphemeralResponse {
        let services = data.services();
        let config: AccessTokenModel = tf_provider_framework::get!(config);
        let opened = async {
            let session = session(services, &config)?;
            let granted = request(services, &session).await?;
            Ok::<_, Diagnostics>((session, granted))
        }
        .await;
        match opened {
            Ok((session, granted)) => {
                let handle = uuid::Uuid::new_v4().to_string();
                self.sessions().insert(handle.clone(), session);
                let result = AccessTokenModel {
                    token_url: Attr::Known(granted.token_url),
                    access_token: Attr::Known(granted.access_token.into()),
                    expires_at: Attr::Known(granted.expires_at),
                    scope: Attr::Known(granted.scope),
                    ..config
                };
                OpenEphemeralResponse {
                    result: result.to_value(),
                    renew_at: granted.renew_at,
                    private: handle.into_bytes(),
                    diagnostics: Diagnostics::default(),
                }
            }
            Err(diagnostics) => OpenEphemeralResponse {
                diagnostics,
                ..Default::default()
            },
        }
    }

    async fn renew(&self, data: &ProviderData, private: &[u8]) -> RenewEphemeralResponse {
        let services = data.services();
        let handle = handle_of(private);
        let session = self.sessions().get(&handle).cloned();
        let Some(session) = session else {
            return RenewEphemeralResponse {
                diagnostics: Diagnostics::error(
                    "Unknown access token",
                    "This provider process did not open the access token Terraform asked to renew.",
                ),
                ..Default::default()
            };
        };
        match request(services, &session).await {
            Ok(granted) => RenewEphemeralResponse {
                renew_at: granted.renew_at,
                private: handle.into_bytes(),
                diagnostics: Diagnostics::default(),
            },
            Err(failure) => RenewEphemeralResponse {
                diagnostics: renewal_warning(&failure),
                private: handle.into_bytes(),
                renew_at: None,
            },
        }
    }

    async fn close(&self, private: &[u8]) -> Diagnostics {
        self.sessions().remove(&handle_of(private));
        Diagnostics::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::attributes::blamed;
    use crate::provider::values;
    use tf_provider_framework::registry::Validate;

    #[test]
    fn the_access_token_model_never_shows_its_secrets() {
        let known = |s: &str| Attr::Known(s.to_string());
        let secret = |s: &str| Attr::Known(Secret::new(s).into());
        let sample = AccessTokenModel {
            token_url: known("https://x.example/token"),
            cell: known("eu-1"),
            client_id: known("c1"),
            client_secret: secret("s3cret"),
            private_key_pem: secret("PEMDATA"),
            key_id: known("kid"),
            scopes: Attr::Known(vec!["submissions.read".into()]),
            access_token: secret("t0ken"),
            expires_at: known("2026-01-01T00:00:00Z"),
            scope: known("submissions.read"),
        };
        assert_eq!(
            AccessTokenModel::from_value(&sample.to_value()),
            Ok(sample.clone())
        );
        let shown = format!("{sample:?}");
        for hidden in ["s3cret", "PEMDATA", "t0ken"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
    }

    fn config(pairs: &[(&str, Value)]) -> Value {
        values::object_of(AccessTokenModel::FIELDS.iter().map(|f| f.name), pairs)
    }

    #[test]
    fn a_complete_configuration_passes() {
        let value = config(&[
            ("cell", values::string("eu-1")),
            ("client_id", values::string("abc")),
            ("client_secret", Value::Unknown),
            (
                "scopes",
                values::string_set(&["submissions.write", "documents.submissions.read"]),
            ),
        ]);
        assert_eq!(
            AccessToken::default().validate(&value),
            Diagnostics::default()
        );
    }

    #[test]
    fn mistakes_point_at_their_attributes() {
        let value = config(&[
            ("cell", values::string("mars-1")),
            ("client_id", values::string("abc")),
            ("client_secret", values::string("s")),
            ("private_key_pem", values::string("k")),
            ("scopes", values::string_set(&["tenants.read"])),
        ]);
        let d = AccessToken::default().validate(&value);
        // The rows' validators first (the cell), then the checks between attributes.
        assert_eq!(blamed(&d), ["cell", "private_key_pem", "scopes"]);
        let missing = AccessToken::default().validate(&config(&[(
            "scopes",
            values::string_set(&["submissions.read"]),
        )]));
        assert_eq!(blamed(&missing), ["token_url", "client_secret"]);
    }

    #[test]
    fn renewal_comes_before_expiry() {
        let now = SystemTime::UNIX_EPOCH;
        assert_eq!(
            renew_time(now, Duration::from_secs(3600)),
            Some(now + Duration::from_secs(3300))
        );
        assert_eq!(
            renew_time(now, Duration::from_secs(10)),
            Some(now + Duration::from_secs(8))
        );
        assert_eq!(renew_time(now, Duration::ZERO), None);
    }

    #[test]
    fn a_failed_renewal_only_warns() {
        let failure = Diagnostics::error("Could not obtain a Documents API access token", "401");
        let warning = renewal_warning(&failure);
        assert!(!warning.has_errors());
        assert_eq!(warning[0].severity, Severity::Warning);
        assert!(warning[0].detail.starts_with("401"));
    }

    #[test]
    fn scopes_map_to_data_plane_names() {
        assert_eq!(
            data_plane_scope("documents.submissions.read"),
            Some("submissions.read")
        );
        assert_eq!(
            data_plane_scope("submissions.write"),
            Some("submissions.write")
        );
        assert_eq!(data_plane_scope("tenants.read"), None);
    }
}
