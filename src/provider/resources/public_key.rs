//! How an application's configured `public_key_pem` relates to the key in state, before the generic
//! planner compares them: the same key in another encoding (SPKI or PKCS#1, LF or CRLF, extra
//! whitespace) keeps the state's text, and a key added to an imported application (whose key the
//! API never returns) is adopted into state instead of replacing the application.

use crate::client::keys::parse_public_key_pem;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostic;
use crate::provider::attributes::Field;
use crate::provider::values::attributes;
use tf_provider_framework::model::{Attr, Model};

use super::tenant_application::fields::{AUTH_METHOD, KEY_ID, PUBLIC_KEY_PEM};
use super::tenant_application::{ApplicationModel, AUTH_PRIVATE_KEY_JWT};

/// The planner's inputs after the key rules, and whether a key is being adopted.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyInputs {
    pub prior: Value,
    pub proposed: Value,
    pub config: Value,
    /// The key id adopted into the state of an imported application, if any.
    pub adopted_key_id: Option<String>,
}

/// Whether two PEM texts hold the same public key (both must parse).
pub fn same_key(a: &str, b: &str) -> bool {
    match (parse_public_key_pem(a), parse_public_key_pem(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Applies the two key rules to the planner's inputs (see the module documentation).
pub fn key_inputs(prior: &Value, proposed: &Value, config: &Value) -> KeyInputs {
    let mut inputs = KeyInputs {
        prior: prior.clone(),
        proposed: proposed.clone(),
        config: config.clone(),
        adopted_key_id: None,
    };
    if !matches!(prior, Value::Object(_)) {
        return inputs;
    }
    let (Ok(configured), Ok(stored)) = (
        ApplicationModel::from_value(config),
        ApplicationModel::from_value(prior),
    ) else {
        return inputs;
    };
    let Attr::Known(configured_pem) = &configured.public_key_pem else {
        return inputs;
    };
    match &stored.public_key_pem {
        // Same key, other text: plan the text already in state, so nothing changes.
        Attr::Known(stored_pem)
            if stored_pem != configured_pem && same_key(stored_pem, configured_pem) =>
        {
            let stored_pem = Value::string(stored_pem);
            inputs.config = with(config, &[(&PUBLIC_KEY_PEM, stored_pem.clone())]);
            inputs.proposed = with(proposed, &[(&PUBLIC_KEY_PEM, stored_pem)]);
        }
        Attr::Null if was_imported(&stored) => {
            let Ok(key) = parse_public_key_pem(configured_pem) else {
                return inputs;
            };
            let key_id = match &configured.key_id {
                Attr::Null => key.thumbprint(),
                Attr::Known(kid) => kid.clone(),
                Attr::Unknown => return inputs,
            };
            // Compare against a prior that already holds the key: the planner then sees the key
            // unchanged and plans an in-place update of state (the prior state as it is stays
            // Terraform's "before").
            inputs.prior = with(
                prior,
                &[
                    (&PUBLIC_KEY_PEM, Value::string(configured_pem)),
                    (&KEY_ID, Value::string(&key_id)),
                    (&AUTH_METHOD, Value::string(AUTH_PRIVATE_KEY_JWT)),
                ],
            );
            inputs.adopted_key_id = Some(key_id);
        }
        _ => {}
    }
    inputs
}

/// An imported application: the API shows neither its key nor how it authenticates, so import
/// leaves `auth_method` (set by every create) null, and the key with it.
fn was_imported(prior: &ApplicationModel) -> bool {
    prior.auth_method.is_null() && prior.key_id.is_null() && prior.client_secret.is_null()
}

/// `object` with the attributes of `changes` set.
fn with(object: &Value, changes: &[(&Field, Value)]) -> Value {
    let mut attributes = attributes(object);
    for (field, value) in changes {
        attributes.insert(field.name.to_string(), value.clone());
    }
    Value::Object(attributes)
}

/// The warning of a plan that adopts a key into an imported application's state.
pub fn adoption_warning(application_id: &str, key_id: &str) -> Diagnostic {
    Diagnostic::warning(
        "Public key adopted without confirmation",
        format!(
            "Application {application_id} was imported, and the API never returns an \
             application's public key, so the provider cannot confirm that it authenticates with \
             the configured public_key_pem (key id {key_id:?}). The key is recorded in state as \
             configured; the application is not replaced and keeps its client_id.\n\n\
             To confirm the key, request a token for the application with the matching private \
             key, for example with an ephemeral \"resistant_access_token\" block (client_id, \
             token_url, private_key_pem and key_id of this application), or with curl: POST \
             grant_type=client_credentials, client_id, \
             client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer and a \
             client_assertion JWT signed with the private key to the application's token_url. If \
             the token is refused, the application has another key: replace it with \
             terraform apply -replace=<address of this resource>."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::values::attr;

    const SPKI: &str = include_str!("../../../tests/fixtures/rsa2048_public_spki.pem");
    const PKCS1: &str = include_str!("../../../tests/fixtures/rsa2048_public_pkcs1.pem");
    const OTHER: &str = include_str!("../../../tests/fixtures/rsa2048b_public_spki.pem");
    const EC: &str = include_str!("../../../tests/fixtures/ec_p256_public.pem");

    fn object(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn created(pem: &str) -> Value {
        object(&[
            ("id", Value::string("a1")),
            ("public_key_pem", Value::string(pem)),
            ("key_id", Value::string("kid")),
            ("auth_method", Value::string(AUTH_PRIVATE_KEY_JWT)),
            ("client_secret", Value::Null),
        ])
    }

    fn imported() -> Value {
        object(&[
            ("id", Value::string("a1")),
            ("public_key_pem", Value::Null),
            ("key_id", Value::Null),
            ("auth_method", Value::Null),
            ("client_secret", Value::Null),
        ])
    }

    fn configured(pem: &str, key_id: Value) -> Value {
        object(&[("public_key_pem", Value::string(pem)), ("key_id", key_id)])
    }

    #[test]
    fn any_encoding_of_the_same_key_is_the_same_key() {
        let crlf = SPKI.replace('\n', "\r\n");
        let padded = format!("\n  {SPKI}  \n\n");
        for text in [PKCS1, crlf.as_str(), padded.as_str()] {
            assert!(same_key(SPKI, text), "{text:?}");
        }
        assert!(!same_key(SPKI, OTHER));
        assert!(!same_key(SPKI, EC));
        assert!(!same_key(SPKI, "not a key"));
    }

    #[test]
    fn the_same_key_in_other_text_plans_the_text_in_state() {
        let prior = created(SPKI);
        let config = configured(PKCS1, Value::Null);
        let inputs = key_inputs(&prior, &config, &config);
        assert_eq!(attr(&inputs.config, "public_key_pem"), &Value::string(SPKI));
        assert_eq!(
            attr(&inputs.proposed, "public_key_pem"),
            &Value::string(SPKI)
        );
        assert_eq!(inputs.prior, prior);
        assert_eq!(inputs.adopted_key_id, None);
    }

    #[test]
    fn a_different_key_is_left_for_the_planner_to_replace() {
        let prior = created(SPKI);
        let config = configured(OTHER, Value::Null);
        let inputs = key_inputs(&prior, &config, &config);
        assert_eq!(inputs.config, config);
        assert_eq!(inputs.prior, prior);
    }

    #[test]
    fn an_imported_application_adopts_the_configured_key_and_its_thumbprint() {
        let config = configured(EC, Value::Null);
        let inputs = key_inputs(&imported(), &config, &config);
        let thumbprint = parse_public_key_pem(EC).unwrap().thumbprint();
        assert_eq!(inputs.adopted_key_id.as_deref(), Some(thumbprint.as_str()));
        assert_eq!(attr(&inputs.prior, "public_key_pem"), &Value::string(EC));
        assert_eq!(attr(&inputs.prior, "key_id"), &Value::string(thumbprint));
        assert_eq!(
            attr(&inputs.prior, "auth_method"),
            &Value::string(AUTH_PRIVATE_KEY_JWT)
        );
        assert_eq!(inputs.config, config);

        let named = configured(EC, Value::string("mine"));
        let inputs = key_inputs(&imported(), &named, &named);
        assert_eq!(inputs.adopted_key_id.as_deref(), Some("mine"));
    }

    #[test]
    fn nothing_is_adopted_unless_the_key_and_key_id_are_known_and_usable() {
        for config in [
            configured(EC, Value::Unknown),
            configured("not a key", Value::Null),
            object(&[("public_key_pem", Value::Unknown), ("key_id", Value::Null)]),
        ] {
            let inputs = key_inputs(&imported(), &config, &config);
            assert_eq!(inputs.adopted_key_id, None, "{config:?}");
            assert_eq!(inputs.prior, imported());
        }
        // A created client-secret application has auth_method set: a key replaces it.
        let mut secret_app = attributes(&imported());
        secret_app.insert("auth_method".into(), Value::string("client_secret"));
        let config = configured(EC, Value::Null);
        let inputs = key_inputs(&Value::Object(secret_app), &config, &config);
        assert_eq!(inputs.adopted_key_id, None);
    }

    #[test]
    fn the_adoption_warning_says_how_to_confirm_the_key() {
        let warning = adoption_warning("a1", "kid");
        for needle in ["a1", "kid", "resistant_access_token", "curl", "-replace"] {
            assert!(warning.detail.contains(needle), "{needle}");
        }
    }
}
