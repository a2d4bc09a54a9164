//! `raven_tenant`: registers a tenant, reads and patches it with its own registration key (the
//! provider's `api_key` when state has none, after an import), changes name and settings in place
//! with one PATCH of only what changed, replaces it when the email changes, imports `current`, and
//! on destroy leaves Raven alone (there is no delete) with a warning.

use async_trait::async_trait;
use serde_json::{json, Map, Value as Json};
use tf_provider_framework::attributes::{DefaultValue, Definition, Field, Kind, Validator};
use tf_provider_framework::plan::{self, Hooks};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::{Diagnostic, Diagnostics};
use tf_provider_framework::protocol::provider::{
    ApplyResponse, ImportResponse, ImportedObject, PlanRequest, PlanResponse, ReadRequest,
    ReadResponse,
};
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::resource::{CreateRequest, DeleteRequest, Resource, UpdateRequest};
use tf_provider_framework::validators::validate;
use tf_provider_framework::values::{attr, Object};

use super::{api_failure, failed, key_for, with_full_paths};
use crate::catalog::{CURRENT, EMAIL_MEANING, EMAIL_PATTERN, NAME_MAX, NAME_MIN};
use crate::client::Secret;
use crate::convert::{settings_body, settings_patch, tenant_attributes};
use crate::provider::RavenData;
use crate::settings::RESOURCE_SETTINGS;

const FIELDS: &[Field] = &[
    Field::computed("id", Kind::String, "The tenant's ID at Raven."),
    Field::required(
        "name",
        Kind::String,
        "The organization's name; changed in place.",
    )
    .updates()
    .validators(&[Validator::Length {
        min: NAME_MIN,
        max: NAME_MAX,
    }]),
    Field::required(
        "email",
        Kind::String,
        "The contact email, unique across Raven (ignoring case). Raven cannot change it, so a \
         new email registers a new tenant (the old one stays at Raven).",
    )
    .replaces()
    .validators(&[Validator::Pattern {
        pattern: EMAIL_PATTERN,
        meaning: EMAIL_MEANING,
    }]),
    Field::optional_computed(
        "settings",
        Kind::Nested(RESOURCE_SETTINGS),
        "The tenant's settings. Each one left out takes Raven's default, shown in the plan; a \
         change is made in place with one request carrying only what changed.",
    )
    .updates()
    .default(DefaultValue::Object),
    Field::computed(
        "api_key",
        Kind::String,
        "The registration key (`rk_live_…`, every scope), shown by Raven only once and kept in \
         state: this resource reads and changes the tenant with it. Null after an import (the \
         provider's `api_key` is used then).",
    )
    .sensitive(),
    Field::computed(
        "api_key_prefix",
        Kind::String,
        "The first characters of `api_key`, safe to show.",
    ),
    Field::computed(
        "status",
        Kind::String,
        "`active`, `suspended` (keys still read, changes are refused) or `deleted`.",
    ),
    Field::computed(
        "created_at",
        Kind::String,
        "When the tenant was registered (RFC 3339).",
    ),
    Field::computed(
        "updated_at",
        Kind::String,
        "When the tenant last changed (RFC 3339).",
    ),
];

const TENANT: Definition = Definition {
    type_name: "raven_tenant",
    description: "Registers a Raven tenant and manages its name and settings.\n\n\
                  Raven has no endpoint to delete a tenant: destroying this resource only \
                  removes it from Terraform's state, with a warning; the tenant and its keys \
                  stay at Raven until Raven's support removes them.",
    fields: FIELDS,
};

/// The `raven_tenant` resource.
pub struct TenantResource;

impl ObjectType for TenantResource {
    fn definition(&self) -> &'static Definition {
        &TENANT
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        with_full_paths(validate(FIELDS, config))
    }
}

/// The full state from a tenant answer, with the key attributes this resource keeps itself.
fn state_of(tenant: &Json, api_key: Value, api_key_prefix: Value) -> Value {
    let mut state: Object = tenant_attributes(RESOURCE_SETTINGS, tenant);
    state.insert("api_key".into(), api_key);
    state.insert("api_key_prefix".into(), api_key_prefix);
    Value::Object(state)
}

/// The warning of a tenant left at Raven.
fn left_at_raven(id: &str) -> Diagnostics {
    Diagnostics::warning(
        "The tenant still exists at Raven",
        format!(
            "Raven has no endpoint to delete a tenant, so tenant {id} was only removed from \
             Terraform's state; it and its API keys still exist and still work. To have it \
             removed, ask Raven's support to delete tenant {id}; revoke its keys in Raven's \
             dashboard meanwhile if they should stop working."
        ),
    )
}

/// The error of a call that needs a key when neither state nor the provider has one.
fn no_key(action: &str) -> Diagnostic {
    Diagnostic::error(
        format!("No API key to {action} with"),
        "This tenant has no registration key in state (it was imported) and the provider has \
         no `api_key`. Set the provider's `api_key` (or RAVEN_API_KEY) to a key of this tenant \
         with the scopes `tenant:read` and `tenant:admin`.",
    )
}

#[async_trait]
impl Resource<RavenData> for TenantResource {
    async fn plan(&self, data: Option<&RavenData>, request: PlanRequest) -> PlanResponse {
        if request.proposed_new_state.is_null() {
            return PlanResponse::default();
        }
        let planned = plan::plan(
            FIELDS,
            &request.prior_state,
            &request.proposed_new_state,
            &request.config,
            &Hooks::NONE,
        );
        let mut diagnostics = Vec::new();
        let mut planned = planned;
        let updating =
            !planned.new_object && Value::Object(planned.state.clone()) != request.prior_state;
        if updating {
            // Raven moves `updated_at` when something changes.
            planned.state.insert("updated_at".into(), Value::Unknown);
            let own = attr(&request.prior_state, "api_key");
            if let Some(data) = data {
                if key_for(own, data).is_none() {
                    diagnostics.push(no_key("update the tenant"));
                }
            }
        }
        planned.into_response(diagnostics)
    }

    async fn create(&self, data: &RavenData, request: CreateRequest) -> ApplyResponse {
        let planned = request.planned;
        let settings = settings_body(RESOURCE_SETTINGS, attr(&planned, "settings"));
        let body = json!({
            "name": attr(&planned, "name").as_str(),
            "email": attr(&planned, "email").as_str(),
            "settings": settings,
        });
        let registered = match data.client.register(&body).await {
            Ok(registered) => registered,
            Err(error) => {
                let mut diagnostics = api_failure(&error, "register the tenant");
                if error.outcome_unknown() {
                    diagnostics.push_error(
                        "The tenant may have been registered",
                        "Raven shows a tenant's key only in the registration answer, which was \
                         lost. If the tenant was registered, applying again is refused because \
                         the email is taken; then import it (`terraform import <address> \
                         current` with the provider's `api_key` set to its key, once Raven's \
                         support gives you one) or use another email.",
                    );
                }
                return failed(Value::Null, diagnostics);
            }
        };
        let key = registered["api_key"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let prefix = match registered["api_key_prefix"].as_str() {
            Some(prefix) => Value::string(prefix),
            None => Value::string(key.chars().take(10).collect::<String>()),
        };
        match data.client.tenant(&Secret::new(key.clone())).await {
            Ok(tenant) => ApplyResponse {
                new_state: state_of(&tenant, Value::string(key), prefix),
                ..Default::default()
            },
            Err(error) => {
                // Registered: the key must reach state whatever else happens.
                let mut state = planned;
                state.set_attribute(
                    "id",
                    registered["tenant_id"]
                        .as_str()
                        .map(Value::string)
                        .unwrap_or(Value::Null),
                );
                state.set_attribute("api_key", Value::string(key));
                state.set_attribute("api_key_prefix", prefix);
                for name in ["status", "created_at", "updated_at"] {
                    state.set_attribute(name, Value::Null);
                }
                let (summary, detail) = error.describe("read the new tenant back");
                ApplyResponse {
                    new_state: state,
                    diagnostics: Diagnostics::warning(
                        format!("Registered, but {}", summary.to_lowercase()),
                        format!("{detail}\nThe tenant and its key are in state; the next refresh reads the rest."),
                    ),
                    ..Default::default()
                }
            }
        }
    }

    async fn read(&self, data: &RavenData, request: ReadRequest) -> ReadResponse {
        let current = request.current_state;
        let keep = |diagnostics: Diagnostics, current: Value| ReadResponse {
            new_state: current,
            private: request.private.clone(),
            diagnostics,
        };
        let Some(key) = key_for(attr(&current, "api_key"), data) else {
            return keep(Diagnostics::from(vec![no_key("read the tenant")]), current);
        };
        let tenant = match data.client.tenant(&key).await {
            Ok(tenant) => tenant,
            Err(error) => return keep(api_failure(&error, "read the tenant"), current),
        };
        if let Some(id) = current.get_str("id") {
            if tenant["tenant_id"].as_str() != Some(id) {
                return keep(
                    Diagnostics::error(
                        "The API key belongs to another tenant",
                        format!(
                            "State holds tenant {id}, but the key used to read it (the \
                             provider's `api_key`) belongs to tenant {}. Set the provider's \
                             `api_key` to a key of tenant {id}.",
                            tenant["tenant_id"].as_str().unwrap_or("?")
                        ),
                    ),
                    current,
                );
            }
        }
        if tenant["status"].as_str() == Some("deleted") {
            let id = current.get_str("id").unwrap_or_default().to_string();
            return keep(
                Diagnostics::warning(
                    "The tenant was deleted at Raven",
                    format!("Tenant {id} has the status `deleted`; it is removed from state and the next apply registers a new one."),
                ),
                Value::Null,
            );
        }
        let state = state_of(
            &tenant,
            attr(&current, "api_key").clone(),
            attr(&current, "api_key_prefix").clone(),
        );
        keep(Diagnostics::default(), state)
    }

    async fn update(&self, data: &RavenData, request: UpdateRequest) -> ApplyResponse {
        let (prior, planned) = (request.prior, request.planned);
        let mut body = Map::new();
        if !attr(&prior, "name").equivalent(attr(&planned, "name")) {
            body.insert("name".into(), json!(attr(&planned, "name").as_str()));
        }
        let settings = settings_patch(
            RESOURCE_SETTINGS,
            attr(&prior, "settings"),
            attr(&planned, "settings"),
        );
        if !settings.is_empty() {
            body.insert("settings".into(), Json::Object(settings));
        }
        let Some(key) = key_for(attr(&prior, "api_key"), data) else {
            return failed(prior, Diagnostics::from(vec![no_key("update the tenant")]));
        };
        if body.is_empty() {
            // Nothing Raven holds changed; read back what `updated_at` is.
            return match data.client.tenant(&key).await {
                Ok(tenant) => ApplyResponse {
                    new_state: state_of(
                        &tenant,
                        attr(&prior, "api_key").clone(),
                        attr(&prior, "api_key_prefix").clone(),
                    ),
                    ..Default::default()
                },
                Err(error) => failed(prior, api_failure(&error, "read the tenant")),
            };
        }
        match data.client.patch_tenant(&key, &Json::Object(body)).await {
            Ok(tenant) => ApplyResponse {
                new_state: state_of(
                    &tenant,
                    attr(&prior, "api_key").clone(),
                    attr(&prior, "api_key_prefix").clone(),
                ),
                ..Default::default()
            },
            Err(error) => failed(prior, api_failure(&error, "update the tenant")),
        }
    }

    async fn delete(&self, _data: &RavenData, request: DeleteRequest) -> ApplyResponse {
        let id = request
            .prior
            .get_str("id")
            .unwrap_or("(unknown id)")
            .to_string();
        ApplyResponse {
            new_state: Value::Null,
            diagnostics: left_at_raven(&id),
            ..Default::default()
        }
    }

    async fn import(&self, data: &RavenData, id: &str) -> ImportResponse {
        let refuse = |diagnostics: Diagnostics| ImportResponse {
            imported: Vec::new(),
            diagnostics,
        };
        if id != CURRENT {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(Diagnostic::error(
                "Unsupported import ID",
                format!(
                    "A tenant is imported as `current`: the tenant that the provider's `api_key` \
                     belongs to (Raven reads tenants only through their own keys), not {id:?}. \
                     Set the provider's `api_key` to a key of the tenant and run \
                     `terraform import <address> current`."
                ),
            ));
            return refuse(diagnostics);
        }
        let Some(key) = data.api_key.clone() else {
            return refuse(Diagnostics::from(vec![no_key("import the tenant")]));
        };
        match data.client.tenant(&key).await {
            Ok(tenant) => ImportResponse {
                imported: vec![ImportedObject {
                    type_name: TENANT.type_name.to_string(),
                    state: state_of(&tenant, Value::Null, Value::Null),
                    private: Vec::new(),
                }],
                diagnostics: Diagnostics::default(),
            },
            Err(error) => refuse(api_failure(&error, "import the current tenant")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider_framework::attributes::blamed;
    use tf_provider_framework::values::object_of;

    fn config(pairs: &[(&str, Value)]) -> Value {
        object_of(FIELDS.iter().map(|f| f.name), pairs)
    }

    fn settings(pairs: &[(&str, Value)]) -> Value {
        object_of(RESOURCE_SETTINGS.iter().map(|f| f.name), pairs)
    }

    #[test]
    fn bad_names_emails_and_settings_are_refused_at_their_paths() {
        let diagnostics = TenantResource.validate(&config(&[
            ("name", Value::string("")),
            ("email", Value::string("not-an-email")),
            (
                "settings",
                settings(&[
                    ("retention_days", Value::int(4000)),
                    ("encryption_mode", Value::string("rot13")),
                    ("webhook_url", Value::string("http://example.com")),
                    ("webhook_events", Value::set_of_strings(["user.deleted"])),
                ]),
            ),
        ]));
        assert_eq!(
            blamed(&diagnostics),
            ["name", "email", "settings", "settings", "settings", "settings"]
        );
        let paths: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{:?}", d.attribute))
            .collect();
        assert!(paths[2].contains("retention_days"), "{paths:?}");
    }

    #[test]
    fn webhook_events_without_a_webhook_url_are_refused() {
        let diagnostics = TenantResource.validate(&config(&[
            ("name", Value::string("Acme")),
            ("email", Value::string("a@example.com")),
            (
                "settings",
                settings(&[("webhook_events", Value::set_of_strings(["user.created"]))]),
            ),
        ]));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].detail.contains("webhook_url"));
    }

    #[test]
    fn a_destroy_warns_that_the_tenant_stays_at_raven() {
        let warning = &left_at_raven("t-1")[0];
        assert!(!warning.is_error());
        assert!(warning.detail.contains("t-1") && warning.detail.contains("support"));
    }
}
