//! `resistant_tenant`: a tenant of the organization. The API cannot change a tenant, so `name` and
//! `cells` replace it; `deletion_protection` and `force_destroy` live in state only and guard (or
//! widen) the destroy.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use async_trait::async_trait;

use crate::client::{ApiError, Application, Client, CreateTenant, Tenant};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::{Diagnostic, Diagnostics};
use crate::protocol::provider::{
    ApplyResponse, ImportResponse, ImportedObject, PlanRequest, PlanResponse, ReadRequest,
    ReadResponse,
};
use crate::provider::catalog::DEFAULT_CELLS;
use crate::provider::convert::{tenant_fields, TenantView};

use super::deletions;
use super::plan::{self, Hooks};
use super::{api_error, checked_for_environment, read_response, CELL, TENANT_NAME};
use crate::provider::attributes::{
    error_at, Config, DefaultValue, Definition, Field, Kind, Setting,
};
use crate::provider::registry::ObjectType;
use crate::provider::ProviderData;
use tf_provider_framework::get;
use tf_provider_framework::model::{Attr, Model};
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

const NAME: Field = Field::required(
    "name",
    Kind::String,
    "The tenant's name, unique in the organization. It is part of the tenant's Documents UI \
     addresses. Changing it replaces the tenant.",
)
.replaces()
.validators(&[TENANT_NAME]);

pub(super) const CELLS: Field = Field::optional_computed(
    "cells",
    Kind::StringSet,
    "The cells (regions) where the tenant's Documents UI is available and where its \
     applications may live. Defaults to `[\"eu-1\"]`. Changing it replaces the tenant.",
)
.replaces()
.default(DefaultValue::Strings(DEFAULT_CELLS))
.validators(&[CELL]);

const DELETION_PROTECTION: Field = Field::optional_computed(
    "deletion_protection",
    Kind::Bool,
    "While `true` (the default), Terraform refuses to destroy or replace the tenant, which \
     holds a customer's data. Set it to `false` and apply before destroying. Stored in state \
     only; changing it makes no API call.",
)
.in_place()
.default(DefaultValue::Bool(true));

const FORCE_DESTROY: Field = Field::optional_computed(
    "force_destroy",
    Kind::Bool,
    "When `true`, destroying the tenant first deletes every application it has, including \
     applications Terraform does not manage. When `false` (the default), destroying a tenant \
     that still has applications Terraform does not manage fails and lists them. Stored in \
     state only; changing it makes no API call.",
)
.in_place()
.default(DefaultValue::Bool(false));

tf_provider_framework::model! {
    /// The resource's configuration, plan or state; `TenantModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct TenantModel {
        id: String = tenant_fields::ID,
        name: String = NAME,
        cells: Vec<String> = CELLS,
        created: String = tenant_fields::CREATED,
        updated: String = tenant_fields::UPDATED,
        documents_ui: BTreeMap<String, String> = tenant_fields::DOCUMENTS_UI,
        deletion_protection: bool = DELETION_PROTECTION,
        force_destroy: bool = FORCE_DESTROY,
    }
}

impl TenantModel {
    /// The tenant as the API shows it, with the state-only flags of `flags` (their defaults when
    /// `flags` has none, as after an import).
    pub(crate) fn from_api(tenant: &Tenant, flags: &TenantModel) -> TenantModel {
        let flag = |value: &Attr<bool>, default: bool| {
            Attr::Known(value.known().copied().unwrap_or(default))
        };
        // The one mapping of what the API shows, shared with the data sources.
        let shown = TenantView::from_api(tenant);
        TenantModel {
            id: shown.id,
            name: shown.name,
            cells: shown.cells,
            created: shown.created,
            updated: shown.updated,
            documents_ui: shown.documents_ui,
            deletion_protection: flag(&flags.deletion_protection, true),
            force_destroy: flag(&flags.force_destroy, false),
        }
    }

    /// Protected unless the state says `deletion_protection = false`.
    fn is_protected(&self) -> bool {
        self.deletion_protection != Attr::Known(false)
    }

    fn force_destroy(&self) -> bool {
        self.force_destroy == Attr::Known(true)
    }

    /// The tenant for messages: `"acme" (t-123)`.
    fn describe(&self) -> String {
        match (self.name.known(), self.id.known()) {
            (Some(name), Some(id)) => format!("{name:?} ({id})"),
            (Some(name), None) => format!("{name:?}"),
            (None, Some(id)) => id.to_string(),
            (None, None) => "this tenant".to_string(),
        }
    }
}

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
    fields: TenantModel::FIELDS,
};

pub struct TenantResource;

impl ObjectType for TenantResource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        let config = Config::new(TenantModel::FIELDS, config);
        let mut diagnostics = Diagnostics::default();
        if config.strings(CELLS.name) == Setting::Known(Vec::new()) {
            diagnostics.push(error_at(
                CELLS.name,
                "No cells",
                "A tenant needs at least one cell; leave `cells` out to get the default.",
            ));
        }
        diagnostics
    }
}

#[async_trait]
impl Resource<ProviderData> for TenantResource {
    async fn plan(&self, data: Option<&ProviderData>, request: PlanRequest) -> PlanResponse {
        let client = data.map(|d| &d.client);
        let prior = &request.prior_state;
        let prior_model: TenantModel = get!(request.prior_state);
        if matches!(request.proposed_new_state, Value::Null) {
            let mut response = PlanResponse::default();
            if !matches!(prior, Value::Null) && prior_model.is_protected() {
                response
                    .diagnostics
                    .push(protection_error(&prior_model, "destroy"));
            } else if let Some(client) = client {
                response
                    .diagnostics
                    .extend(check_applications_left(client, &prior_model, Deletion::Destroy).await);
            }
            return response;
        }
        let planned = plan::plan(
            TenantModel::FIELDS,
            prior,
            &request.proposed_new_state,
            &request.config,
            &Hooks::NONE,
        );
        let mut diagnostics = Vec::new();
        if !planned.requires_replace.is_empty() {
            if prior_model.is_protected() {
                diagnostics.push(protection_error(&prior_model, "replace"));
            } else if let Some(client) = client {
                diagnostics
                    .extend(check_applications_left(client, &prior_model, Deletion::Replace).await);
            }
        }
        checked_for_environment(data, TYPE_NAME, planned.into_response(diagnostics))
    }

    async fn create(&self, data: &ProviderData, request: CreateRequest) -> ApplyResponse {
        let planned: TenantModel = get!(request.planned);
        let (Some(name), Some(cells)) = (planned.name.known(), planned.cells.known()) else {
            return ApplyResponse {
                diagnostics: Diagnostics::from(vec![Diagnostic::error(
                    "Tenant not fully known at apply",
                    "The planned tenant has an unknown name or cells; this is a bug in the provider.",
                )]),
                ..Default::default()
            };
        };
        let request = CreateTenant {
            name: name.clone(),
            cells: Some(cells.clone()),
        };
        match data.client.create_tenant(&request).await {
            Ok(tenant) => ApplyResponse {
                new_state: TenantModel::from_api(&tenant, &planned).to_value(),
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
        let client = &data.client;
        let failed = |diagnostics: Diagnostics| ApplyResponse {
            new_state: request.prior.clone(),
            private: Vec::new(),
            diagnostics,
        };
        if matches!(request.prior, Value::Null) {
            return ApplyResponse::default();
        }
        let prior: TenantModel = get!(request.prior);
        if prior.is_protected() {
            return failed(protection_error(&prior, "destroy").into());
        }
        let Some(id) = prior.id.known() else {
            return ApplyResponse::default();
        };
        let remaining = if prior.force_destroy() {
            delete_applications(client, id).await
        } else {
            applications_after_grace(client, id).await
        };
        match remaining {
            Ok(remaining) if remaining.is_empty() => {}
            Ok(remaining) => return failed(unmanaged_error(&prior, &remaining).into()),
            Err(err) => {
                return failed(
                    api_error(&format!("list the applications of tenant {id}"), &err).into(),
                )
            }
        }
        match client.delete_tenant(id).await {
            Ok(()) | Err(ApiError::NotFound { .. }) => ApplyResponse::default(),
            Err(err) => failed(api_error(&format!("delete tenant {id}"), &err).into()),
        }
    }

    async fn read(&self, data: &ProviderData, request: ReadRequest) -> ReadResponse {
        let current: TenantModel = get!(request.current_state);
        let Some(id) = current.id.known() else {
            return ReadResponse {
                new_state: request.current_state.clone(),
                ..Default::default()
            };
        };
        let found = data
            .client
            .get_tenant(id)
            .await
            .map(|tenant| TenantModel::from_api(&tenant, &current).to_value());
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
                state: TenantModel::from_api(&tenant, &TenantModel::default()).to_value(),
                private: Vec::new(),
            }],
            diagnostics: Diagnostics::default(),
        }
    }
}

fn protection_error(state: &TenantModel, action: &str) -> Diagnostic {
    error_at(
        DELETION_PROTECTION.name,
        format!("Tenant is protected against {action}"),
        format!(
            "The tenant {} has deletion_protection = true, so Terraform will not {action} it: it \
             holds a customer's data. To {action} it, set deletion_protection = false, run \
             terraform apply, and then {action} it.",
            state.describe()
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

fn unmanaged_error(prior: &TenantModel, remaining: &[Application]) -> Diagnostic {
    let id = prior.id.known().map_or("", String::as_str);
    let remaining: Vec<&Application> = remaining.iter().collect();
    error_at(
        FORCE_DESTROY.name,
        "Tenant still has applications",
        format!(
            "The tenant {} still has {} application(s) that Terraform does not manage:\n{}\n\n{WAYS_OUT}",
            prior.describe(),
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
    prior: &TenantModel,
    deletion: Deletion,
) -> Option<Diagnostic> {
    if prior.force_destroy() {
        return None;
    }
    let id = prior.id.known()?;
    let applications = match list_applications(client, id).await {
        Ok(applications) => applications,
        Err(err) => {
            return Some(Diagnostic::warning(
                "Could not check the tenant's applications",
                format!(
                    "Listing the applications of tenant {} failed ({err}); whether any would \
                     block deleting it is checked again when it is deleted.",
                    prior.describe()
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
    while !planned.applications.is_empty()
        && !staying_after(&planned.applications).is_empty()
        && tokio::time::Instant::now() < deadline
        && client
            .stop_signal()
            .sleep(APPLICATION_POLL / 5)
            .await
            .is_ok()
    {
        planned = deletions::planned_application_deletions(id);
    }
    let staying = staying_after(&planned.applications);
    if staying.is_empty() {
        return None;
    }
    let lines = application_lines(id, &staying);
    // Certain only when every provider process of this command (aliases too) was heard.
    if deletion == Deletion::Destroy && !planned.applications.is_empty() && planned.complete {
        return Some(error_at(
            FORCE_DESTROY.name,
            "Tenant has applications Terraform does not manage",
            format!(
                "Destroying the tenant {} would fail after its managed applications were deleted, \
                 because it also has {} application(s) that this configuration does not manage \
                 (force_destroy = false):\n{lines}\n\nNothing has been deleted. {WAYS_OUT}",
                prior.describe(),
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
            prior.describe(),
            staying.len()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::diagnostics::AttributePath;
    use crate::provider::values::Object;
    use tf_provider_framework::registry::Validate;

    use crate::provider::catalog::TENANT_NAME_PATTERN;

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
