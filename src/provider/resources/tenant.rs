//! `resistant_tenant`: a tenant of the organization. The API cannot change a tenant, so `name` and
//! `cells` replace it; `deletion_protection` and `force_destroy` live in state only and guard (or
//! widen) the destroy.

use std::collections::HashSet;
use std::time::Duration;

use async_trait::async_trait;

use crate::client::{ApiError, Application, Client, CreateTenant, Tenant};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::{Diagnostic, Diagnostics};
use crate::protocol::provider::{
    ApplyResponse, ImportResponse, ImportedObject, PlanRequest, PlanResponse, ReadRequest,
    ReadResponse,
};
use crate::provider::catalog::{self, DEFAULT_CELLS, TENANT_NAME_PATTERN};
use crate::provider::convert::{tenant_attributes, tenant_fields};

use super::deletions;
use super::plan::{self, Hooks};
use super::{api_error, checked_for_environment, read_response, CELLS};
use crate::provider::attributes::{
    error_at, Change, Config, DefaultValue, Definition, Field, Kind, Setting,
};
use crate::provider::registry::ObjectType;
use crate::provider::values::{attr, owned_strings, Object};
use crate::provider::ProviderData;
use tf_provider_framework::resource::{
    state_only_update, CreateRequest, DeleteRequest, Resource, UpdateRequest,
};

pub const TYPE_NAME: &str = "resistant_tenant";

/// How long a destroy waits for applications deleted in the same run to disappear before it calls
/// the remaining ones unmanaged.
const APPLICATION_GRACE: Duration = Duration::from_secs(10);
const APPLICATION_POLL: Duration = Duration::from_millis(500);
/// How long a tenant's destroy plan waits for its applications' plans running at the same time.
const SIBLING_PLAN_GRACE: Duration = Duration::from_secs(3);

/// Prefix of an import id that names the tenant instead of giving its id.
const IMPORT_BY_NAME: &str = "name:";

const FIELDS: &[Field] = &[
    tenant_fields::ID,
    Field::required(
        "name",
        Kind::String,
        "The tenant's name, unique in the organization: 1 to 61 lowercase letters `a-z` and digits \
         (`^[a-z0-9]{1,61}$`). It is part of the tenant's Documents UI addresses. Changing it \
         replaces the tenant.",
    )
    .replaces(),
    Field::optional_computed(
        "cells",
        Kind::StringSet,
        "The cells (regions) where the tenant's Documents UI is available and where its \
         applications may live. Defaults to `[\"eu-1\"]`. Changing it replaces the tenant.",
    )
    .replaces()
    .default(DefaultValue::Strings(DEFAULT_CELLS)),
    tenant_fields::CREATED,
    tenant_fields::UPDATED,
    tenant_fields::DOCUMENTS_UI,
    Field::optional_computed(
        "deletion_protection",
        Kind::Bool,
        "While `true` (the default), Terraform refuses to destroy or replace the tenant, which \
         holds a customer's data. Set it to `false` and apply before destroying. Stored in state \
         only; changing it makes no API call.",
    )
    .in_place()
    .default(DefaultValue::Bool(true)),
    Field::optional_computed(
        "force_destroy",
        Kind::Bool,
        "When `true`, destroying the tenant first deletes every application it has, including \
         applications Terraform does not manage. When `false` (the default), destroying a tenant \
         that still has applications Terraform does not manage fails and lists them. Stored in \
         state only; changing it makes no API call.",
    )
    .in_place()
    .default(DefaultValue::Bool(false)),
];

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "A tenant of the organization: the isolation boundary for one customer's \
        documents and configuration. The API has no update operation, so changing `name` or \
        `cells` replaces the tenant (guarded by `deletion_protection`). Import with the tenant id, \
        or with `name:<tenant name>`; imported tenants get `deletion_protection = true` and \
        `force_destroy = false`. A tenant that already exists is never taken over: creating one \
        with a name in use fails and shows how to import it. Without `force_destroy`, a destroy \
        plan that would leave applications Terraform does not manage in the tenant is refused \
        before anything is deleted.",
    fields: FIELDS,
};

pub struct TenantResource;

impl ObjectType for TenantResource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let config = Config::new(FIELDS, config);
        let mut diagnostics = Vec::new();
        diagnostics.extend(config.check_string("name", |name| {
            (!catalog::is_valid_tenant_name(name)).then(|| {
                (
                    "Invalid tenant name",
                    format!(
                        "The tenant name {name:?} does not follow the rule {TENANT_NAME_PATTERN}: \
                         1 to 61 characters, only lowercase letters a-z and digits."
                    ),
                )
            })
        }));
        diagnostics.extend(CELLS.check(&config, "cells"));
        if config.strings("cells") == Setting::Known(Vec::new()) {
            diagnostics.push(error_at(
                "cells",
                "No cells",
                "A tenant needs at least one cell; leave `cells` out to get the default.",
            ));
        }
        Diagnostics::from(diagnostics)
    }
}

#[async_trait]
impl Resource<ProviderData> for TenantResource {
    async fn plan(&self, data: Option<&ProviderData>, request: PlanRequest) -> PlanResponse {
        let client = data.map(|d| &d.client);
        let prior = &request.prior_state;
        if matches!(request.proposed_new_state, Value::Null) {
            let mut response = PlanResponse::default();
            if !matches!(prior, Value::Null) && is_protected(prior) {
                response
                    .diagnostics
                    .push(protection_error(prior, "destroy"));
            } else if let Some(client) = client {
                response
                    .diagnostics
                    .extend(check_applications_left(client, prior, Deletion::Destroy).await);
            }
            return response;
        }
        let planned = plan::plan(
            FIELDS,
            prior,
            &request.proposed_new_state,
            &request.config,
            &Hooks::NONE,
        );
        let mut diagnostics = Vec::new();
        if !planned.requires_replace.is_empty() {
            if is_protected(prior) {
                diagnostics.push(protection_error(prior, "replace"));
            } else if let Some(client) = client {
                diagnostics.extend(check_applications_left(client, prior, Deletion::Replace).await);
            }
        }
        checked_for_environment(data, TYPE_NAME, planned.into_response(diagnostics))
    }

    async fn create(&self, data: &ProviderData, request: CreateRequest) -> ApplyResponse {
        let (client, planned) = (&data.client, &request.planned);
        let (Some(name), Some(cells)) = (
            attr(planned, "name").as_str(),
            owned_strings(attr(planned, "cells")),
        ) else {
            return ApplyResponse {
                diagnostics: Diagnostics::from(vec![Diagnostic::error(
                    "Tenant not fully known at apply",
                    "The planned tenant has an unknown name or cells; this is a bug in the provider.",
                )]),
                ..Default::default()
            };
        };
        let request = CreateTenant {
            name: name.to_string(),
            cells: Some(cells),
        };
        match client.create_tenant(&request).await {
            Ok(tenant) => ApplyResponse {
                new_state: Value::Object(with_flags(&tenant, planned)),
                ..Default::default()
            },
            Err(err) => ApplyResponse {
                diagnostics: Diagnostics::from(vec![api_error(
                    &format!("create tenant {name:?}"),
                    &err,
                )]),
                ..Default::default()
            },
        }
    }

    /// Every attribute the API holds replaces the tenant, so an update changes only the
    /// state-only flags, and the plan already holds them.
    async fn update(&self, _data: &ProviderData, request: UpdateRequest) -> ApplyResponse {
        state_only_update(request)
    }

    async fn delete(&self, data: &ProviderData, request: DeleteRequest) -> ApplyResponse {
        let (client, prior) = (&data.client, &request.prior);
        let failed = |diagnostic| ApplyResponse {
            new_state: prior.clone(),
            private: Vec::new(),
            diagnostics: Diagnostics::from(vec![diagnostic]),
        };
        if matches!(prior, Value::Null) {
            return ApplyResponse::default();
        }
        if is_protected(prior) {
            return failed(protection_error(prior, "destroy"));
        }
        let Some(id) = attr(prior, "id").as_str() else {
            return ApplyResponse::default();
        };
        let force = attr(prior, "force_destroy").as_bool() == Some(true);
        let remaining = if force {
            delete_applications(client, id).await
        } else {
            applications_after_grace(client, id).await
        };
        match remaining {
            Ok(remaining) if remaining.is_empty() => {}
            Ok(remaining) => return failed(unmanaged_error(prior, &remaining)),
            Err(err) => {
                return failed(api_error(
                    &format!("list the applications of tenant {id}"),
                    &err,
                ))
            }
        }
        match client.delete_tenant(id).await {
            Ok(()) | Err(ApiError::NotFound { .. }) => ApplyResponse::default(),
            Err(err) => failed(api_error(&format!("delete tenant {id}"), &err)),
        }
    }

    async fn read(&self, data: &ProviderData, request: ReadRequest) -> ReadResponse {
        let client = &data.client;
        let current = &request.current_state;
        let Some(id) = attr(current, "id").as_str() else {
            return ReadResponse {
                new_state: current.clone(),
                ..Default::default()
            };
        };
        let found = client
            .get_tenant(id)
            .await
            .map(|tenant| Value::Object(with_flags(&tenant, current)));
        let gone = Diagnostic::warning(
            "Tenant no longer exists",
            format!(
                "The tenant {id} was deleted outside Terraform. It has been removed from the \
                 state; the next plan creates it again."
            ),
        );
        read_response(&request, found, gone, &format!("read tenant {id}"))
    }

    async fn import(&self, data: &ProviderData, id: &str) -> ImportResponse {
        let client = &data.client;
        let found = match id.strip_prefix(IMPORT_BY_NAME) {
            Some(name) => client.find_tenant_by_name(name).await.map(|t| {
                t.ok_or_else(|| format!("The organization has no tenant named {name:?}."))
            }),
            None => match client.get_tenant(id).await {
                Ok(tenant) => Ok(Ok(tenant)),
                Err(ApiError::NotFound { .. }) => Ok(Err(format!(
                    "The organization has no tenant with id {id:?}. Import by id, or by name as \
                     \"{IMPORT_BY_NAME}<tenant name>\"."
                ))),
                Err(err) => Err(err),
            },
        };
        let tenant = match found {
            Ok(Ok(tenant)) => tenant,
            Ok(Err(message)) => {
                return ImportResponse {
                    imported: Vec::new(),
                    diagnostics: Diagnostics::from(vec![Diagnostic::error(
                        "Tenant not found",
                        message,
                    )]),
                }
            }
            Err(err) => {
                return ImportResponse {
                    imported: Vec::new(),
                    diagnostics: Diagnostics::from(vec![api_error(
                        &format!("import tenant {id}"),
                        &err,
                    )]),
                }
            }
        };
        ImportResponse {
            imported: vec![ImportedObject {
                type_name: TYPE_NAME.to_string(),
                state: Value::Object(with_flags(&tenant, &Value::Null)),
                private: Vec::new(),
            }],
            diagnostics: Diagnostics::default(),
        }
    }
}

/// The tenant's attributes plus the state-only flags taken from `state` (their defaults when absent).
fn with_flags(tenant: &Tenant, state: &Value) -> Object {
    let mut object = tenant_attributes(tenant);
    for field in FIELDS.iter().filter(|f| f.change == Some(Change::InPlace)) {
        let value = match attr(state, field.name) {
            Value::Bool(b) => Value::Bool(*b),
            _ => field.default.value().unwrap_or(Value::Null),
        };
        object.insert(field.name.to_string(), value);
    }
    object
}

/// Protected unless the state says `deletion_protection = false`.
fn is_protected(state: &Value) -> bool {
    attr(state, "deletion_protection").as_bool() != Some(false)
}

fn describe(state: &Value) -> String {
    match (attr(state, "name").as_str(), attr(state, "id").as_str()) {
        (Some(name), Some(id)) => format!("{name:?} ({id})"),
        (Some(name), None) => format!("{name:?}"),
        (None, Some(id)) => id.to_string(),
        (None, None) => "this tenant".to_string(),
    }
}

fn protection_error(state: &Value, action: &str) -> Diagnostic {
    error_at(
        "deletion_protection",
        format!("Tenant is protected against {action}"),
        format!(
            "The tenant {} has deletion_protection = true, so Terraform will not {action} it: it \
             holds a customer's data. To {action} it, set deletion_protection = false, run \
             terraform apply, and then {action} it.",
            describe(state)
        ),
    )
}

/// Deletes every application of the tenant; answers what is left (nothing, unless one appeared).
async fn delete_applications(
    client: &Client,
    tenant_id: &str,
) -> Result<Vec<Application>, ApiError> {
    for application in list_applications(client, tenant_id).await? {
        tracing::info!(
            tenant_id,
            application_id = %application.id,
            "force_destroy: deleting an application of the tenant"
        );
        match client.delete_application(tenant_id, &application.id).await {
            Ok(()) | Err(ApiError::NotFound { .. }) => {}
            Err(err) => return Err(err),
        }
    }
    list_applications(client, tenant_id).await
}

/// The tenant's applications once those being deleted in the same run had time to go.
async fn applications_after_grace(
    client: &Client,
    tenant_id: &str,
) -> Result<Vec<Application>, ApiError> {
    let deadline = tokio::time::Instant::now() + APPLICATION_GRACE;
    loop {
        let remaining = list_applications(client, tenant_id).await?;
        if remaining.is_empty() || tokio::time::Instant::now() >= deadline {
            return Ok(remaining);
        }
        tracing::debug!(
            tenant_id,
            remaining = remaining.len(),
            "waiting for the tenant's applications to be deleted"
        );
        if client.stop_signal().sleep(APPLICATION_POLL).await.is_err() {
            return Err(ApiError::Stopped {
                message: format!(
                    "interrupted by Terraform while waiting for the applications of tenant \
                     {tenant_id} to be deleted; the tenant was not deleted"
                ),
            });
        }
    }
}

/// The tenant's applications; none when the tenant itself is gone.
async fn list_applications(client: &Client, tenant_id: &str) -> Result<Vec<Application>, ApiError> {
    match client.list_applications(tenant_id).await {
        Err(ApiError::NotFound { .. }) => Ok(Vec::new()),
        other => other,
    }
}

/// The applications as message lines, with how to import each.
fn application_lines(tenant_id: &str, applications: &[&Application]) -> String {
    applications
        .iter()
        .map(|a| {
            format!(
                "  - {} (cell {}, client_id {}): terraform import ADDRESS {tenant_id}/{}",
                a.id, a.cell, a.client_id, a.id
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const WAYS_OUT: &str = "Either import them into this configuration (ADDRESS is the address of a \
    resistant_tenant_application resource, e.g. resistant_tenant_application.legacy), so that they \
    are destroyed with the tenant, or set force_destroy = true on the tenant and apply that first, \
    so that destroying the tenant deletes them too.";

fn unmanaged_error(prior: &Value, remaining: &[Application]) -> Diagnostic {
    let id = attr(prior, "id").as_str().unwrap_or_default();
    let remaining: Vec<&Application> = remaining.iter().collect();
    error_at(
        "force_destroy",
        "Tenant still has applications",
        format!(
            "The tenant {} still has {} application(s) that Terraform does not manage:\n{}\n\n{WAYS_OUT}",
            describe(prior),
            remaining.len(),
            application_lines(id, &remaining)
        ),
    )
}

/// Why the tenant would be deleted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Deletion {
    Destroy,
    Replace,
}

/// At plan time, for a tenant that would be deleted without force_destroy: its applications that
/// nothing in this plan deletes would block the deletion. When its applications' destroys were
/// planned first (a destroy plan visits them before the tenant), the others are certainly
/// unmanaged: refuse now, before anything is deleted. Otherwise (a replacement is planned before
/// the applications) warn, listing them.
async fn check_applications_left(
    client: &Client,
    prior: &Value,
    deletion: Deletion,
) -> Option<Diagnostic> {
    if attr(prior, "force_destroy").as_bool() == Some(true) {
        return None;
    }
    let id = attr(prior, "id").as_str()?;
    let applications = match list_applications(client, id).await {
        Ok(applications) => applications,
        Err(err) => {
            return Some(Diagnostic::warning(
                "Could not check the tenant's applications",
                format!(
                    "Listing the applications of tenant {} failed ({err}); whether any would \
                     block deleting it is checked again when it is deleted.",
                    describe(prior)
                ),
            ))
        }
    };
    let staying_after = |planned: &HashSet<String>| -> Vec<&Application> {
        applications
            .iter()
            .filter(|a| !planned.contains(&a.id))
            .collect()
    };
    let mut planned = deletions::planned_application_deletions(id);
    // Applications without a reference to the tenant (a literal tenant_id) are planned alongside
    // it, not before: give those being planned right now a moment to be counted.
    let deadline = tokio::time::Instant::now() + SIBLING_PLAN_GRACE;
    while !planned.is_empty()
        && !staying_after(&planned).is_empty()
        && tokio::time::Instant::now() < deadline
        && client
            .stop_signal()
            .sleep(APPLICATION_POLL / 5)
            .await
            .is_ok()
    {
        planned = deletions::planned_application_deletions(id);
    }
    let staying = staying_after(&planned);
    if staying.is_empty() {
        return None;
    }
    let lines = application_lines(id, &staying);
    if deletion == Deletion::Destroy && !planned.is_empty() {
        return Some(error_at(
            "force_destroy",
            "Tenant has applications Terraform does not manage",
            format!(
                "Destroying the tenant {} would fail after its managed applications were deleted, \
                 because it also has {} application(s) that this configuration does not manage \
                 (force_destroy = false):\n{lines}\n\nNothing has been deleted. {WAYS_OUT}",
                describe(prior),
                staying.len()
            ),
        ));
    }
    let action = match deletion {
        Deletion::Destroy => "Destroying",
        Deletion::Replace => "Replacing",
    };
    Some(Diagnostic::warning(
        "Tenant applications may block its deletion",
        format!(
            "{action} the tenant {} deletes it, and it has {} application(s) that this plan does \
             not delete so far:\n{lines}\n\nThose that this configuration manages are deleted \
             first; any other one blocks deleting the tenant (force_destroy = false), and the apply \
             then fails after the managed applications are gone. {WAYS_OUT}",
            describe(prior),
            staying.len()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::diagnostics::AttributePath;

    fn config(name: &str, cells: Value) -> Value {
        Value::Object(Object::from([
            ("id".into(), Value::Null),
            ("name".into(), Value::String(name.into())),
            ("cells".into(), cells),
            ("created".into(), Value::Null),
            ("updated".into(), Value::Null),
            ("documents_ui".into(), Value::Null),
            ("deletion_protection".into(), Value::Null),
            ("force_destroy".into(), Value::Null),
        ]))
    }

    #[test]
    fn validation_names_the_rule_the_value_and_the_attribute() {
        let diagnostics =
            TenantResource.validate(&config("Acme-1", Value::set_of_strings(["eu-1", "mars-1"])));
        assert_eq!(diagnostics.len(), 2);
        assert!(diagnostics[0].detail.contains("\"Acme-1\""));
        assert!(diagnostics[0].detail.contains(TENANT_NAME_PATTERN));
        assert_eq!(diagnostics[0].attribute, Some(AttributePath::root("name")));
        assert!(diagnostics[1].detail.contains("mars-1"));
        assert_eq!(diagnostics[1].attribute, Some(AttributePath::root("cells")));
        assert!(!TenantResource
            .validate(&config("acme", Value::Unknown))
            .has_errors());
        assert!(TenantResource
            .validate(&config("acme", Value::set_of_strings::<&str>([])))
            .has_errors());
    }

    #[tokio::test]
    async fn destroying_or_replacing_a_protected_tenant_is_refused_at_plan() {
        let mut prior =
            crate::provider::values::attributes(&config("acme", Value::set_of_strings(["eu-1"])));
        prior.insert("id".into(), Value::String("t1".into()));
        prior.insert("deletion_protection".into(), Value::Bool(true));
        prior.insert("force_destroy".into(), Value::Bool(false));
        let prior = Value::Object(prior);

        let destroy = TenantResource
            .plan(
                None,
                PlanRequest {
                    prior_state: prior.clone(),
                    ..Default::default()
                },
            )
            .await;
        assert!(destroy.diagnostics.has_errors());
        assert!(destroy.diagnostics[0]
            .detail
            .contains("deletion_protection = false"));

        let renamed = config("other", Value::Null);
        let replace = TenantResource
            .plan(
                None,
                PlanRequest {
                    prior_state: prior.clone(),
                    proposed_new_state: renamed.clone(),
                    config: renamed,
                    ..Default::default()
                },
            )
            .await;
        assert!(replace.diagnostics.has_errors());
        assert_eq!(replace.requires_replace, vec![AttributePath::root("name")]);
    }
}
