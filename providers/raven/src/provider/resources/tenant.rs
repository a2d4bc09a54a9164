//! `raven_tenant`: registers a tenant, reads and patches it with its own registration key (the
//! provider's `api_key` when state has none, after an import), changes name and settings in place
//! with one PATCH of only what changed, replaces it when the email changes, imports `current`, and
//! on destroy leaves Raven alone (there is no delete) with a warning.

use async_trait::async_trait;
use serde_json::Value as Json;
use tf_provider_framework::attributes::{DefaultValue, Definition, Field, Kind, Validator};
use tf_provider_framework::get;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::plan;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::{Diagnostic, Diagnostics};
use tf_provider_framework::protocol::provider::{
    ApplyResponse, ImportResponse, ImportedObject, PlanRequest, PlanResponse, ReadRequest,
    ReadResponse,
};
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::resource::{CreateRequest, DeleteRequest, Resource, UpdateRequest};

use super::{api_error, api_error_as, failed, key_for};
use crate::client::{Effect, Secret};
use crate::provider::catalog::{CURRENT, EMAIL_MEANING, EMAIL_PATTERN, NAME_MAX, NAME_MIN};
use crate::provider::convert::tenant_fields::{CREATED_AT, ID, STATUS, UPDATED_AT};
use crate::provider::convert::{registration, tenant_patch, Registered, TenantView};
use crate::provider::settings::{SettingsModel, RESOURCE_SETTINGS};
use crate::provider::ProviderData;

tf_provider_framework::model! {
    /// The resource's configuration, plan or state; `TenantModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantModel {
        id: String = ID,
        name: String = Field::required(
            "name",
            Kind::String,
            "The organization's name; changed in place.",
        )
        .updates()
        .validators(&[Validator::Length {
            min: NAME_MIN,
            max: NAME_MAX,
        }]),
        email: String = Field::required(
            "email",
            Kind::String,
            "The contact email, unique across Raven (ignoring case). Raven cannot change it, so \
             a new email registers a new tenant (the old one stays at Raven).",
        )
        .replaces()
        .validators(&[Validator::Pattern {
            pattern: EMAIL_PATTERN,
            meaning: EMAIL_MEANING,
        }]),
        settings: object SettingsModel = Field::optional_computed(
            "settings",
            Kind::Nested(RESOURCE_SETTINGS),
            "The tenant's settings. Each one left out takes Raven's default, shown in the plan; \
             a change is made in place with one request carrying only what changed.",
        )
        .updates()
        .default(DefaultValue::Object),
        api_key: String = Field::computed(
            "api_key",
            Kind::String,
            "The registration key (`rk_live_…`, every scope), shown by Raven only once and kept \
             in state: this resource reads and changes the tenant with it. Null after an import \
             (the provider's `api_key` is used then).",
        )
        .sensitive(),
        api_key_prefix: String = Field::computed(
            "api_key_prefix",
            Kind::String,
            "The first characters of `api_key`, safe to show.",
        ),
        status: String = STATUS,
        created_at: String = CREATED_AT,
        /// Unknown in the plan of any update: its row changes on every update.
        updated_at: String = UPDATED_AT,
    }
}

const TENANT: Definition = Definition {
    type_name: "raven_tenant",
    description: "Registers a Raven tenant and manages its name and settings.\n\n\
                  Raven has no endpoint to delete a tenant: destroying this resource only \
                  removes it from Terraform's state, with a warning; the tenant and its keys \
                  stay at Raven until Raven's support removes them.",
    fields: TenantModel::FIELDS,
};

impl TenantModel {
    /// The full state from a tenant answer, with the key attributes this resource keeps itself.
    fn from_api(shown: TenantView, api_key: Attr<String>, api_key_prefix: Attr<String>) -> Self {
        TenantModel {
            id: shown.id,
            name: shown.name,
            email: shown.email,
            settings: shown.settings,
            api_key,
            api_key_prefix,
            status: shown.status,
            created_at: shown.created_at,
            updated_at: shown.updated_at,
        }
    }
}

/// The `raven_tenant` resource.
pub struct TenantResource;

impl ObjectType for TenantResource {
    fn definition(&self) -> &'static Definition {
        &TENANT
    }
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
impl Resource<ProviderData> for TenantResource {
    async fn plan(&self, data: Option<&ProviderData>, request: PlanRequest) -> PlanResponse {
        // The table plans (`updated_at` unknown in an update, by its row); this adds the check
        // that an update has a key to be made with.
        let mut response = plan::plan_request(TenantModel::FIELDS, &request);
        let prior: TenantModel = get!(request.prior_state);
        let updating = !request.prior_state.is_null()
            && !response.planned_state.is_null()
            && response.requires_replace.is_empty()
            && response.planned_state != request.prior_state;
        if let (true, Some(data)) = (updating, data) {
            if key_for(&prior.api_key, data).is_none() {
                response.diagnostics.push(no_key("update the tenant"));
            }
        }
        response
    }

    async fn create(&self, data: &ProviderData, request: CreateRequest) -> ApplyResponse {
        let planned: TenantModel = get!(request.planned);
        let body = registration(
            planned.name.known().map(String::as_str),
            planned.email.known().map(String::as_str),
            SettingsModel::body(&planned.settings),
        );
        let registered = match data.client.register(&body).await {
            Ok(answer) => Registered::from_json(&answer),
            Err(error) => {
                // A lost registration is explained in the one diagnostic (retrying can't help).
                let diagnostics = api_error_as("register the tenant", Effect::Register, &error);
                return failed(Value::Null, diagnostics);
            }
        };
        let key = Attr::Known(registered.api_key.clone());
        let prefix = Attr::Known(registered.api_key_prefix.clone());
        match data.client.tenant(&Secret::new(registered.api_key)).await {
            Ok(tenant) => ApplyResponse {
                new_state: TenantModel::from_api(TenantView::from_api(&tenant), key, prefix)
                    .to_value(),
                ..Default::default()
            },
            Err(error) => {
                // Registered: the key must reach state whatever else happens.
                let state = TenantModel {
                    id: registered.tenant_id,
                    api_key: key,
                    api_key_prefix: prefix,
                    status: Attr::Null,
                    created_at: Attr::Null,
                    updated_at: Attr::Null,
                    ..planned
                };
                let (summary, detail) = error.describe_as("read the new tenant back", Effect::Read);
                ApplyResponse {
                    new_state: state.to_value(),
                    diagnostics: Diagnostics::warning(
                        format!("Registered, but {}", summary.to_lowercase()),
                        format!("{detail}\nThe tenant and its key are in state; the next refresh reads the rest."),
                    ),
                    ..Default::default()
                }
            }
        }
    }

    async fn read(&self, data: &ProviderData, request: ReadRequest) -> ReadResponse {
        let keep = |diagnostics: Diagnostics, new_state: Value| ReadResponse {
            new_state,
            private: request.private.clone(),
            diagnostics,
        };
        let current: TenantModel = get!(request.current_state);
        let Some(key) = key_for(&current.api_key, data) else {
            return keep(
                Diagnostics::from(vec![no_key("read the tenant")]),
                request.current_state.clone(),
            );
        };
        let tenant = match data.client.tenant(&key).await {
            Ok(tenant) => tenant,
            Err(error) => {
                return keep(
                    api_error_as("read the tenant", Effect::Read, &error),
                    request.current_state.clone(),
                )
            }
        };
        let shown = TenantView::from_api(&tenant);
        let deleted = shown.is_deleted();
        let found = TenantModel::from_api(
            shown,
            current.api_key.clone(),
            current.api_key_prefix.clone(),
        );
        if let Some(id) = current.id.known() {
            if found.id.known() != Some(id) {
                return keep(
                    Diagnostics::error(
                        "The API key belongs to another tenant",
                        format!(
                            "State holds tenant {id}, but the key used to read it (the \
                             provider's `api_key`) belongs to tenant {}. Set the provider's \
                             `api_key` to a key of tenant {id}.",
                            found.id.known().map_or("?", String::as_str)
                        ),
                    ),
                    request.current_state.clone(),
                );
            }
        }
        if deleted {
            let id = current.id.known().cloned().unwrap_or_default();
            return keep(
                Diagnostics::warning(
                    "The tenant was deleted at Raven",
                    format!("Tenant {id} has the status `deleted`; it is removed from state and the next apply registers a new one."),
                ),
                Value::Null,
            );
        }
        keep(Diagnostics::default(), found.to_value())
    }

    async fn update(&self, data: &ProviderData, request: UpdateRequest) -> ApplyResponse {
        let prior: TenantModel = get!(request.prior);
        let planned: TenantModel = get!(request.planned);
        let new_name = (prior.name != planned.name).then(|| planned.name.known());
        let body = tenant_patch(
            new_name.flatten().map(String::as_str),
            SettingsModel::patch(&prior.settings, &planned.settings),
        );
        let Some(key) = key_for(&prior.api_key, data) else {
            return failed(
                request.prior,
                Diagnostics::from(vec![no_key("update the tenant")]),
            );
        };
        let (answer, action) = if body.is_empty() {
            // Nothing Raven holds changed; read back what `updated_at` is.
            (data.client.tenant(&key).await, "read the tenant")
        } else {
            (
                data.client.patch_tenant(&key, &Json::Object(body)).await,
                "update the tenant",
            )
        };
        match answer {
            Ok(tenant) => ApplyResponse {
                new_state: TenantModel::from_api(
                    TenantView::from_api(&tenant),
                    prior.api_key,
                    prior.api_key_prefix,
                )
                .to_value(),
                ..Default::default()
            },
            Err(error) => failed(request.prior, api_error(action, &error)),
        }
    }

    async fn delete(&self, _data: &ProviderData, request: DeleteRequest) -> ApplyResponse {
        let prior = TenantModel::from_value(&request.prior).unwrap_or_default();
        let id = prior.id.known().map_or("(unknown id)", String::as_str);
        ApplyResponse {
            new_state: Value::Null,
            diagnostics: left_at_raven(id),
            ..Default::default()
        }
    }

    async fn import(&self, data: &ProviderData, id: &str) -> ImportResponse {
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
                    state: TenantModel::from_api(
                        TenantView::from_api(&tenant),
                        Attr::Null,
                        Attr::Null,
                    )
                    .to_value(),
                    private: Vec::new(),
                }],
                diagnostics: Diagnostics::default(),
            },
            Err(error) => refuse(api_error_as(
                "import the current tenant",
                Effect::Read,
                &error,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider_framework::attributes::blamed;
    use tf_provider_framework::registry::Validate;
    use tf_provider_framework::values::object_of;

    #[tokio::test]
    async fn a_rename_plans_updated_at_unknown_and_keeps_the_rest() {
        let prior = TenantModel {
            id: Attr::Known("t-1".into()),
            name: Attr::Known("Acme".into()),
            email: Attr::Known("dev@acme.example".into()),
            settings: Attr::Known(crate::provider::settings::tests::settings()),
            api_key: Attr::Known("rk_live_x".into()),
            api_key_prefix: Attr::Known("rk_live_".into()),
            status: Attr::Known("active".into()),
            created_at: Attr::Known("2026-01-01T00:00:00Z".into()),
            updated_at: Attr::Known("2026-01-02T00:00:00Z".into()),
        };
        let renamed = TenantModel {
            name: Attr::Known("Acme Two".into()),
            ..prior.clone()
        };
        let request = PlanRequest {
            prior_state: prior.to_value(),
            proposed_new_state: renamed.to_value(),
            config: renamed.to_value(),
            ..Default::default()
        };
        let planned =
            TenantModel::from_value(&TenantResource.plan(None, request).await.planned_state)
                .expect("a plan");
        assert_eq!(planned.updated_at, Attr::Unknown);
        assert_eq!(planned.created_at, prior.created_at);
        assert_eq!(planned.name, renamed.name);
    }

    fn config(pairs: &[(&str, Value)]) -> Value {
        object_of(TenantModel::FIELDS.iter().map(|f| f.name), pairs)
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
