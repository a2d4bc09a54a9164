//! `resistant_check_credentials`: proves a tenant application's credentials work by obtaining a
//! Documents API (data plane) token with them, then reports the scopes granted and when the token
//! would expire. The token itself is dropped at once: it never reaches output, logs or state. A
//! refused token fails the action with the token endpoint's reason.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use tf_provider_framework::action::Action;
use tf_provider_framework::attributes::{error_at, Config, Definition, Field, Kind};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::ActionProgress;
use tf_provider_framework::registry::ObjectType;

use crate::client::{request_access_token, ApiError, Credentials, Secret};
use crate::provider::ProviderData;

/// The action's type name.
pub const TYPE_NAME: &str = "resistant_check_credentials";

/// Application scopes are granted as `documents.<scope>`; tokens are requested as `<scope>`.
const APPLICATION_SCOPE_PREFIX: &str = "documents.";

const TOKEN_URL: Field = Field::required(
    "token_url",
    Kind::String,
    "The application's token endpoint: its `token_url` attribute.",
);
const CLIENT_ID: Field = Field::required("client_id", Kind::String, "The application's client id.");
const CLIENT_SECRET: Field = Field::optional(
    "client_secret",
    Kind::String,
    "The application's client secret. Exactly one of `client_secret` and `private_key_pem` must \
     be set.",
)
.sensitive();
const PRIVATE_KEY_PEM: Field = Field::optional(
    "private_key_pem",
    Kind::String,
    "The private key (RSA or EC P-256 PEM) whose public key the application was created with.",
)
.sensitive();
const KEY_ID: Field = Field::optional(
    "key_id",
    Kind::String,
    "The key id (`kid`) for the client assertion, with `private_key_pem`: the application's \
     `key_id`.",
);
const SCOPES: Field = Field::required(
    "scopes",
    Kind::StringSet,
    "The Documents API scopes to ask for, e.g. `documents.submissions.read` (or \
     `submissions.read`).",
);

const FIELDS: &[Field] = &[
    TOKEN_URL,
    CLIENT_ID,
    CLIENT_SECRET,
    PRIVATE_KEY_PEM,
    KEY_ID,
    SCOPES,
];

/// The action's definition: its `config` block.
pub const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "Checks that a tenant application's credentials work: obtains a Documents API \
                  token with them and reports the scopes granted and the token's expiry. The \
                  token is discarded, never shown or stored. Run it with `terraform apply \
                  -invoke=action.resistant_check_credentials.NAME`, or from a resource's \
                  `action_trigger` (Terraform 1.14 and later).",
    fields: FIELDS,
};

/// `resistant_check_credentials`.
pub struct CheckCredentials;

impl ObjectType for CheckCredentials {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        let config = Config::new(FIELDS, config);
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(config.exactly_one(
            CLIENT_SECRET.name,
            PRIVATE_KEY_PEM.name,
            "Conflicting credentials".to_string(),
            (
                "Missing credentials".to_string(),
                "Set `client_secret` or `private_key_pem`.".to_string(),
            ),
        ));
        if config.string(KEY_ID.name).is_set() && !config.string(PRIVATE_KEY_PEM.name).is_set() {
            diagnostics.push(error_at(
                KEY_ID.name,
                "Key id without a key",
                "`key_id` only applies with `private_key_pem`.",
            ));
        }
        diagnostics.extend(config.non_empty(CLIENT_ID.name, "Empty client id"));
        diagnostics
    }
}

fn text(config: &Value, row: &Field) -> Option<String> {
    config.get_str(row.name).map(str::to_string)
}

#[async_trait]
impl Action<ProviderData> for CheckCredentials {
    async fn invoke(
        &self,
        data: Result<&ProviderData, Diagnostics>,
        config: &Value,
        progress: &ActionProgress,
    ) -> Diagnostics {
        let data = match data {
            Ok(data) => data,
            Err(diagnostics) => return diagnostics,
        };
        let token_url = text(config, &TOKEN_URL).unwrap_or_default();
        let client_id = text(config, &CLIENT_ID).unwrap_or_default();
        let credentials = match (text(config, &CLIENT_SECRET), text(config, &PRIVATE_KEY_PEM)) {
            (Some(secret), _) => Credentials::ClientSecret {
                client_id: client_id.clone(),
                client_secret: Secret::new(secret.as_str()),
            },
            (None, Some(pem)) => Credentials::PrivateKey {
                client_id: client_id.clone(),
                private_key_pem: Secret::new(pem.as_str()),
                key_id: text(config, &KEY_ID),
            },
            (None, None) => {
                return Diagnostics::from(vec![error_at(
                    CLIENT_SECRET.name,
                    "Missing credentials",
                    "Set `client_secret` or `private_key_pem`.",
                )])
            }
        };
        let mut scopes: Vec<String> = config
            .get(SCOPES.name)
            .and_then(Value::as_strings)
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                s.strip_prefix(APPLICATION_SCOPE_PREFIX)
                    .unwrap_or(s)
                    .to_string()
            })
            .collect();
        scopes.sort();
        scopes.dedup();
        progress
            .report(format!(
                "Requesting a Documents API token for client {client_id} from {token_url}"
            ))
            .await;
        let services = data.services();
        match request_access_token(
            services.http_timeout,
            &token_url,
            &credentials,
            &scopes,
            &services.client.stop_signal(),
        )
        .await
        {
            Ok(token) => {
                let expires_at: DateTime<Utc> =
                    (std::time::SystemTime::now() + Duration::from_secs(token.expires_in)).into();
                progress
                    .report(format!(
                        "Credentials of client {client_id} work: granted scopes \"{}\", the \
                         token expires at {} (in {} s); it was discarded",
                        token.scope,
                        expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                        token.expires_in
                    ))
                    .await;
                Diagnostics::default()
            }
            Err(error) => refused(&client_id, &token_url, &error),
        }
    }
}

/// A refused token: the endpoint's reason and what to check.
fn refused(client_id: &str, token_url: &str, error: &ApiError) -> Diagnostics {
    let (summary, detail) = error.describe(&format!("obtain a token for client {client_id}"));
    Diagnostics::error(
        format!("Credentials check failed. {summary}"),
        format!(
            "{detail}\nThe token endpoint {token_url} did not grant a token. Check `client_id`, \
             the client secret or private key (and `key_id`), and that the application was \
             granted the requested scopes."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider_framework::attributes::blamed;
    use tf_provider_framework::registry::Validate;

    fn config(secret: Option<&str>, key: Option<&str>, key_id: Option<&str>) -> Value {
        let text = |v: Option<&str>| v.map_or(Value::Null, Value::string);
        Value::object([
            ("token_url", Value::string("https://auth.example/token")),
            ("client_id", Value::string("c1")),
            ("client_secret", text(secret)),
            ("private_key_pem", text(key)),
            ("key_id", text(key_id)),
            (
                "scopes",
                Value::set_of_strings(["documents.submissions.read"]),
            ),
        ])
    }

    #[test]
    fn exactly_one_credential_is_required_and_a_key_id_needs_a_key() {
        assert!(CheckCredentials
            .validate(&config(Some("s"), None, None))
            .is_empty());
        let neither = CheckCredentials.validate(&config(None, None, None));
        assert!(neither.has_errors());
        let both = CheckCredentials.validate(&config(Some("s"), Some("k"), None));
        assert!(both.has_errors());
        let stray = CheckCredentials.validate(&config(Some("s"), None, Some("kid")));
        assert_eq!(blamed(&stray), ["key_id"]);
    }
}
