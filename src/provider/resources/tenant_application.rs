//! `resistant_tenant_application`: an OAuth2 client of a tenant in one cell, authenticating with a
//! client secret (issued once, kept in state) or with the customer's public key (private_key_jwt).
//! Every user-set attribute replaces the application; `rotate_when_changed` exists to force that.
//! The key is the exception twice over ([`super::public_key`]): compared by the key it holds, and
//! adopted into state without replacement when added after an import.

use crate::provider::convert::SecretAttr;
use async_trait::async_trait;

use crate::client::keys::parse_public_key_pem;
use crate::client::{
    ApiError, ApplicationAuth, Client, CreateApplication, CreatedApplication, IssuedCredentials,
};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::{Diagnostic, Diagnostics};
use crate::protocol::provider::{
    ApplyResponse, ImportResponse, ImportedObject, PlanRequest, PlanResponse, ReadRequest,
    ReadResponse,
};
use crate::provider::catalog::APPLICATION_SCOPES;
use crate::provider::convert::{application_fields, ApplicationView};

use super::deletions;
use super::plan::{self, Hooks};
use super::public_key::{adoption_warning, key_inputs};
use super::{api_error, checked_for_environment, quoted_list, read_response};
use crate::provider::attributes::{error_at, Config, Definition, Field, Setting};
use crate::provider::registry::ObjectType;
use crate::provider::values::Object;
use crate::provider::ProviderData;
use fields::{
    AUTH_METHOD, CELL, CLIENT_SECRET, KEY_ID, PUBLIC_KEY_PEM, ROTATE_WHEN_CHANGED, SCOPES,
    TENANT_ID,
};
use tf_provider_framework::get;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::resource::{
    state_only_update, CreateRequest, DeleteRequest, Resource, UpdateRequest,
};

pub const TYPE_NAME: &str = "resistant_tenant_application";

/// `auth_method` values.
pub const AUTH_CLIENT_SECRET: &str = "client_secret";
pub const AUTH_PRIVATE_KEY_JWT: &str = "private_key_jwt";

/// The rows of the resource's own attributes; those the API shows everywhere are
/// [`application_fields`].
pub mod fields {
    use crate::provider::attributes::{Field, Kind};
    use crate::provider::resources;
    use tf_provider_framework::validators::Validator;

    pub const TENANT_ID: Field = Field::required(
        "tenant_id",
        Kind::String,
        "The id of the tenant the application belongs to. Changing it replaces the application.",
    )
    .replaces();
    pub const CELL: Field = Field::required(
        "cell",
        Kind::String,
        "The cell (region) whose Documents API the application gets tokens for; it must be one of \
         the tenant's `cells`. Changing it replaces the application.",
    )
    .replaces()
    .validators(&[resources::CELL]);
    pub const SCOPES: Field = Field::required(
        "scopes",
        Kind::StringSet,
        "The Documents API scopes granted. Changing them replaces the application.",
    )
    .replaces()
    .validators(&[Validator::Member(&resources::SCOPES)]);
    pub const PUBLIC_KEY_PEM: Field = Field::optional(
        "public_key_pem",
        Kind::String,
        "The customer's public key in PEM: RSA of 2048 bits or more, or EC P-256, as SPKI \
         (`BEGIN PUBLIC KEY`) or, for RSA, PKCS#1 (`BEGIN RSA PUBLIC KEY`). When set, the \
         application authenticates with private_key_jwt and no client secret is issued; when left \
         out, it gets a client secret. The key is compared by what it holds, not by its text: the \
         same key in another encoding, with CRLF line endings or surrounding whitespace plans no \
         change. A different key replaces the application. Null after an import, since the API \
         does not return the key; adding it to the configuration then records it in state \
         without replacing the application (see the import notes above).",
    )
    .replaces();
    pub const KEY_ID: Field = Field::optional_computed(
        "key_id",
        Kind::String,
        "The key id (`kid`) of `public_key_pem`. Defaults to the key's RFC 7638 JWK thumbprint, \
         known at plan time. Null for client-secret applications and after an import (until \
         `public_key_pem` is added). Changing it replaces the application.",
    )
    .replaces();
    pub const ROTATE_WHEN_CHANGED: Field = Field::optional(
        "rotate_when_changed",
        Kind::StringMap,
        "Arbitrary values; any change replaces the application, which rotates its credentials. \
         Combine with `lifecycle { create_before_destroy = true }` so the new application exists \
         before the old one is deleted. Terraform then replaces the tenant create-first too, \
         which tenant names forbid (they are unique): a tenant replacement fails before anything \
         is deleted, so rename the tenant in the same change or drop `create_before_destroy` for \
         that apply.",
    )
    .replaces();
    pub const AUTH_METHOD: Field = Field::computed(
        "auth_method",
        Kind::String,
        "`client_secret` or `private_key_jwt`. Null after an import: the API does not say how an \
         application authenticates.",
    );
    pub const CLIENT_SECRET: Field = Field::computed(
        "client_secret",
        Kind::String,
        "The client secret, issued once when the application is created and kept in state. \
         Null for key-based applications and after an import (a secret cannot be recovered: \
         rotate by changing `rotate_when_changed` or with `terraform apply -replace`).",
    )
    .sensitive();
}

tf_provider_framework::model! {
    /// The resource's configuration, plan or state; `ApplicationModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ApplicationModel {
        pub id: String = application_fields::ID,
        pub tenant_id: String = TENANT_ID,
        pub cell: String = CELL,
        pub scopes: Vec<String> = SCOPES,
        pub public_key_pem: String = PUBLIC_KEY_PEM,
        pub key_id: String = KEY_ID,
        /// Carried from plan to state as it is: its values may be null.
        pub rotate_when_changed: Value = ROTATE_WHEN_CHANGED,
        pub auth_method: String = AUTH_METHOD,
        pub client_id: String = application_fields::CLIENT_ID,
        pub auth_server: String = application_fields::AUTH_SERVER,
        pub token_url: String = application_fields::TOKEN_URL,
        pub client_secret: SecretAttr = CLIENT_SECRET,
    }
}

impl ApplicationModel {
    /// The application as the API shows it (the one mapping the data sources share); what the
    /// API does not return (`public_key_pem`, `key_id`, `rotate_when_changed`, `auth_method`,
    /// `client_secret`) is null.
    pub(crate) fn from_api(
        tenant_id: &str,
        application: &crate::client::Application,
    ) -> ApplicationModel {
        let shown = ApplicationView::from_api(tenant_id, application);
        ApplicationModel {
            id: shown.id,
            tenant_id: shown.tenant_id,
            cell: shown.cell,
            scopes: shown.scopes,
            client_id: shown.client_id,
            auth_server: shown.auth_server,
            token_url: shown.token_url,
            ..ApplicationModel::default()
        }
    }

    /// The same application with the attributes the API does not return taken from `state`.
    fn keeping_state_only(self, state: &ApplicationModel) -> ApplicationModel {
        ApplicationModel {
            public_key_pem: state.public_key_pem.clone(),
            key_id: state.key_id.clone(),
            rotate_when_changed: state.rotate_when_changed.clone(),
            auth_method: state.auth_method.clone(),
            client_secret: state.client_secret.clone(),
            ..self
        }
    }

    /// The tenant and application ids, when both are known.
    fn ids(&self) -> Option<(&str, &str)> {
        Some((self.tenant_id.known()?, self.id.known()?))
    }
}

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "An OAuth2 machine-to-machine client of a tenant, used to obtain Documents API \
        tokens in one cell. The API has no update operation: every change replaces the \
        application.\n\n\
        **Import** with `<tenant_id>/<application_id>`. The API returns neither the key nor the \
        authentication method nor the secret, so `public_key_pem`, `key_id`, `auth_method` and \
        `client_secret` are null after an import. For a key-based application, add its \
        `public_key_pem` (and `key_id`, if it is not the key's thumbprint) to the configuration: \
        the next plan records them in state as an in-place update, without replacing the \
        application or changing its `client_id`, and warns that the API cannot confirm the key. \
        No `ignore_changes` is needed. To confirm the key yourself, request a token with the \
        matching private key, for example with the `resistant_access_token` ephemeral resource \
        (`client_id`, `token_url`, `private_key_pem`, `key_id`) or with curl (a \
        `client_credentials` grant with a `client_assertion` JWT signed by the private key, sent to \
        the application's `token_url`); if it is refused, replace the application with \
        `terraform apply -replace`.",
    fields: ApplicationModel::FIELDS,
};

pub struct TenantApplicationResource;

impl ObjectType for TenantApplicationResource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        let config = Config::new(ApplicationModel::FIELDS, config);
        let mut diagnostics = Vec::new();
        diagnostics.extend(config.check_string(TENANT_ID.name, |id| {
            id.is_empty().then(|| {
                (
                    "Empty tenant id",
                    "tenant_id must name a tenant, e.g. resistant_tenant.example.id.".to_string(),
                )
            })
        }));
        if config.strings(SCOPES.name) == Setting::Known(Vec::new()) {
            diagnostics.push(error_at(
                SCOPES.name,
                "No scopes",
                format!(
                    "An application needs at least one scope: {}.",
                    quoted_list(APPLICATION_SCOPES)
                ),
            ));
        }
        let pem = config.string(PUBLIC_KEY_PEM.name);
        if let Setting::Known(pem) = &pem {
            if let Err(err) = parse_public_key_pem(pem) {
                diagnostics.push(key_error(&err.to_string()));
            }
        }
        match (config.string(KEY_ID.name), pem) {
            (Setting::Known(kid), _) if kid.is_empty() => diagnostics.push(error_at(
                KEY_ID.name,
                "Empty key id",
                "key_id must not be empty; leave it out to use the key's JWK thumbprint.",
            )),
            (Setting::Known(_), Setting::Absent) => diagnostics.push(error_at(
                KEY_ID.name,
                "key_id without a key",
                "key_id only applies to key-based applications: set public_key_pem too, or \
                 remove key_id.",
            )),
            _ => {}
        }
        Diagnostics::from(diagnostics)
    }
}

#[async_trait]
impl Resource<ProviderData> for TenantApplicationResource {
    async fn plan(&self, data: Option<&ProviderData>, request: PlanRequest) -> PlanResponse {
        let client = data.map(|d| &d.client);
        if matches!(request.proposed_new_state, Value::Null) {
            note_deletion(&request.prior_state);
            return PlanResponse::default();
        }
        let inputs = key_inputs(
            &request.prior_state,
            &request.proposed_new_state,
            &request.config,
        );
        let config = &inputs.config;
        let configured: ApplicationModel = get!(config);
        let derive_key_id = |state: &mut Object| {
            if configured.key_id.is_null() {
                set(state, &KEY_ID, planned_key_id(&configured.public_key_pem));
            }
        };
        let known_when_new = |state: &mut Object| {
            let pem = state.get(PUBLIC_KEY_PEM.name).unwrap_or(&Value::Null);
            let (auth_method, client_secret) = match pem {
                Value::Unknown => (Value::Unknown, Value::Unknown),
                Value::Null => (Value::string(AUTH_CLIENT_SECRET), Value::Unknown),
                _ => (Value::string(AUTH_PRIVATE_KEY_JWT), Value::Null),
            };
            set(state, &AUTH_METHOD, auth_method);
            set(state, &CLIENT_SECRET, client_secret);
        };
        let planned = plan::plan(
            ApplicationModel::FIELDS,
            &inputs.prior,
            &inputs.proposed,
            config,
            &Hooks {
                derive_defaults: &derive_key_id,
                known_when_new: &known_when_new,
            },
        );
        if !planned.requires_replace.is_empty() {
            note_deletion(&request.prior_state);
        }
        let mut diagnostics = Vec::new();
        if let (false, Some(key_id)) = (planned.new_object, &inputs.adopted_key_id) {
            let prior = ApplicationModel::from_value(&request.prior_state).unwrap_or_default();
            let id = prior.id.known().map_or("?", String::as_str);
            diagnostics.push(adoption_warning(id, key_id));
        }
        if planned.new_object {
            if let Some(client) = client {
                let state = Value::Object(planned.state.clone());
                let problem = match ApplicationModel::from_value(&state) {
                    Ok(model) => check_cell_of_tenant(client, &model).await,
                    Err(diagnostics) => diagnostics.first().cloned(),
                };
                diagnostics.extend(problem);
            }
        }
        checked_for_environment(data, TYPE_NAME, planned.into_response(diagnostics))
    }

    async fn create(&self, data: &ProviderData, request: CreateRequest) -> ApplyResponse {
        let client = &data.client;
        let planned: ApplicationModel = get!(request.planned);
        let not_ready = |detail: &str| ApplyResponse {
            diagnostics: Diagnostics::from(vec![Diagnostic::error(
                "Tenant application not fully known at apply",
                detail.to_string(),
            )]),
            ..Default::default()
        };
        let (Some(tenant_id), Some(cell), Some(scopes)) = (
            planned.tenant_id.known(),
            planned.cell.known(),
            planned.scopes.known(),
        ) else {
            return not_ready(
                "tenant_id, cell or scopes is unknown; this is a bug in the provider.",
            );
        };
        let (auth, key_id) = match planned.public_key_pem.known() {
            None => (ApplicationAuth::ClientSecret, None),
            Some(pem) => match parse_public_key_pem(pem) {
                Ok(key) => {
                    let kid = planned
                        .key_id
                        .known()
                        .cloned()
                        .unwrap_or_else(|| key.thumbprint());
                    (key.to_application_auth(Some(kid.clone())), Some(kid))
                }
                Err(err) => {
                    return ApplyResponse {
                        diagnostics: Diagnostics::from(vec![key_error(&err.to_string())]),
                        ..Default::default()
                    }
                }
            },
        };
        let create = CreateApplication {
            cell: cell.clone(),
            scopes: scopes.clone(),
            auth,
        };
        match client.create_application(tenant_id, &create).await {
            Ok(created) => created_state(tenant_id, &planned, key_id.as_deref(), created),
            Err(err) => ApplyResponse {
                diagnostics: Diagnostics::from(vec![api_error(
                    &format!("create an application in cell {cell:?} of tenant {tenant_id}"),
                    &err,
                )]),
                ..Default::default()
            },
        }
    }

    /// Every attribute the API holds replaces the application, so an update changes state only
    /// (`rotate_when_changed` aside, that is a key adopted after an import), and the plan already
    /// holds every value.
    async fn update(&self, _data: &ProviderData, request: UpdateRequest) -> ApplyResponse {
        state_only_update(request)
    }

    async fn delete(&self, data: &ProviderData, request: DeleteRequest) -> ApplyResponse {
        let (client, prior) = (&data.client, &request.prior);
        let kept = |diagnostics: Diagnostics| ApplyResponse {
            new_state: prior.clone(),
            private: Vec::new(),
            diagnostics,
        };
        let model: ApplicationModel = get!(prior);
        let Some((tenant_id, id)) = model.ids() else {
            return ApplyResponse::default();
        };
        match client.delete_application(tenant_id, id).await {
            Ok(()) | Err(ApiError::NotFound { .. }) => ApplyResponse::default(),
            Err(err) => kept(Diagnostics::from(vec![api_error(
                &format!("delete application {id} of tenant {tenant_id}"),
                &err,
            )])),
        }
    }

    async fn read(&self, data: &ProviderData, request: ReadRequest) -> ReadResponse {
        let client = &data.client;
        let current: ApplicationModel = get!(request.current_state);
        let Some((tenant_id, id)) = current.ids() else {
            return ReadResponse {
                new_state: request.current_state.clone(),
                ..Default::default()
            };
        };
        let found = client
            .get_application(tenant_id, id)
            .await
            .map(|application| {
                ApplicationModel::from_api(tenant_id, &application)
                    .keeping_state_only(&current)
                    .to_value()
            });
        let gone = Diagnostic::warning(
            "Tenant application no longer exists",
            format!(
                "The application {id} of tenant {tenant_id} was deleted outside Terraform. It \
                 has been removed from the state; the next plan creates it again (with new \
                 credentials)."
            ),
        );
        let action = format!("read application {id} of tenant {tenant_id}");
        read_response(&request, found, gone, &action)
    }

    async fn import(&self, data: &ProviderData, id: &str) -> ImportResponse {
        let client = &data.client;
        let failed = |diagnostic| ImportResponse {
            imported: Vec::new(),
            diagnostics: Diagnostics::from(vec![diagnostic]),
        };
        let Some((tenant_id, application_id)) = split_import_id(id) else {
            return failed(Diagnostic::error(
                "Invalid import id",
                format!(
                    "Expected \"<tenant_id>/<application_id>\", got {id:?}. Example: \
                     terraform import resistant_tenant_application.example TENANT_ID/APPLICATION_ID"
                ),
            ));
        };
        let application = match client.get_application(tenant_id, application_id).await {
            Ok(application) => application,
            Err(ApiError::NotFound { .. }) => {
                return failed(Diagnostic::error(
                    "Tenant application not found",
                    format!("Tenant {tenant_id} has no application {application_id}."),
                ))
            }
            Err(err) => return failed(api_error(&format!("import application {id}"), &err)),
        };
        // What the API does not return (the key, the method, the secret) stays null.
        let state = ApplicationModel::from_api(tenant_id, &application).to_value();
        ImportResponse {
            imported: vec![ImportedObject {
                type_name: TYPE_NAME.to_string(),
                state,
                private: Vec::new(),
            }],
            diagnostics: Diagnostics::from(vec![Diagnostic::warning(
                "Client secret not imported",
                format!(
                    "The API shows a client secret only once, when the application is created, so \
                     the imported application {application_id} has client_secret = null (and no \
                     public_key_pem, key_id or auth_method). If you need its secret, rotate it: \
                     change rotate_when_changed, or run terraform apply -replace on this resource. \
                     If it is a key-based application, set its public_key_pem in the \
                     configuration: the next apply records the key in state without replacing \
                     the application."
                ),
            )]),
        }
    }
}

/// Tells the tenant's destroy plan that this application goes (see [`deletions`]).
fn note_deletion(prior: &Value) {
    let prior = ApplicationModel::from_value(prior).unwrap_or_default();
    if let Some((tenant_id, id)) = prior.ids() {
        deletions::plan_application_deletion(tenant_id, id);
    }
}

/// Sets one attribute of the planner's object.
fn set(state: &mut Object, field: &Field, value: Value) {
    state.insert(field.name.to_string(), value);
}

/// `<tenant_id>/<application_id>`, both non-empty.
fn split_import_id(id: &str) -> Option<(&str, &str)> {
    let (tenant_id, application_id) = id.split_once('/')?;
    let valid = |part: &str| !part.is_empty() && !part.contains('/') && part.trim() == part;
    (valid(tenant_id) && valid(application_id)).then_some((tenant_id, application_id))
}

fn key_error(message: &str) -> Diagnostic {
    error_at(
        PUBLIC_KEY_PEM.name,
        "Unusable public key",
        format!(
            "public_key_pem cannot be used: {message}. Accepted: RSA public keys of 2048 bits or \
             more and EC P-256 public keys, in PEM."
        ),
    )
}

/// The default key id: the key's thumbprint, unknown until the key is, null without a key.
fn planned_key_id(pem: &Attr<String>) -> Value {
    match pem {
        Attr::Null => Value::Null,
        Attr::Known(pem) => match parse_public_key_pem(pem) {
            Ok(key) => Value::String(key.thumbprint()),
            // Validation reports the bad key; the plan stays consistent meanwhile.
            Err(_) => Value::Unknown,
        },
        Attr::Unknown => Value::Unknown,
    }
}

/// A plan-time error on `cell` when the tenant is known and lacks the cell.
async fn check_cell_of_tenant(client: &Client, planned: &ApplicationModel) -> Option<Diagnostic> {
    let tenant_id = planned.tenant_id.known()?;
    let cell = planned.cell.known()?;
    match client.get_tenant(tenant_id).await {
        Ok(tenant) if tenant.cells.iter().any(|c| c == cell) => None,
        Ok(tenant) => Some(error_at(
            CELL.name,
            "Cell not available in the tenant",
            format!(
                "The tenant {:?} ({}) has the cells {}; an application in {cell:?} is not \
                 possible. Use one of those cells, or add {cell:?} to the tenant's cells (which \
                 replaces the tenant).",
                tenant.name,
                tenant.id,
                quoted_list(&tenant.cells)
            ),
        )),
        Err(ApiError::NotFound { .. }) => Some(error_at(
            TENANT_ID.name,
            "Tenant not found",
            format!("The organization has no tenant with id {tenant_id:?}."),
        )),
        Err(err) => Some(api_error(&format!("read tenant {tenant_id}"), &err)),
    }
}

/// The state of a just-created application. Never fails: whatever is wrong is reported next to the
/// state, so the one-time secret is not lost.
fn created_state(
    tenant_id: &str,
    planned: &ApplicationModel,
    key_id: Option<&str>,
    created: CreatedApplication,
) -> ApplyResponse {
    let mut diagnostics = Vec::new();
    let expects_key = key_id.is_some();
    let (auth_method, secret) = match created.credentials {
        IssuedCredentials::ClientSecret(secret) => (AUTH_CLIENT_SECRET, Attr::Known(secret)),
        IssuedCredentials::Key { .. } => (AUTH_PRIVATE_KEY_JWT, Attr::Null),
    };
    if expects_key != (auth_method == AUTH_PRIVATE_KEY_JWT) {
        diagnostics.push(Diagnostic::error(
            "Unexpected credentials",
            format!(
                "The service created application {} with {auth_method} credentials, which is not \
                 what was requested. It is kept in state; replace it to retry.",
                created.application.id
            ),
        ));
    }
    let state = ApplicationModel {
        public_key_pem: planned.public_key_pem.clone(),
        rotate_when_changed: planned.rotate_when_changed.clone(),
        key_id: key_id.map(str::to_string).into(),
        auth_method: Attr::Known(auth_method.to_string()),
        client_secret: secret.map(SecretAttr),
        ..ApplicationModel::from_api(tenant_id, &created.application)
    };
    ApplyResponse {
        new_state: state.to_value(),
        private: Vec::new(),
        diagnostics: Diagnostics::from(diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::diagnostics::AttributePath;
    use crate::provider::values::{attr, object_of};
    use tf_provider_framework::registry::Validate;

    #[test]
    fn the_application_model_never_shows_its_secret() {
        let known = |s: &str| Attr::Known(s.to_string());
        let sample = ApplicationModel {
            id: known("a1"),
            tenant_id: known("t1"),
            cell: known("eu-1"),
            scopes: Attr::Known(vec!["documents.submissions.read".into()]),
            public_key_pem: known(RSA_SPKI),
            key_id: known("kid"),
            rotate_when_changed: Attr::Known(Value::map_of_strings([("v", "1")])),
            auth_method: known(AUTH_PRIVATE_KEY_JWT),
            client_id: known("c1"),
            auth_server: known("http://x/oauth2/documents-eu-1"),
            token_url: known("http://x/oauth2/documents-eu-1/v1/token"),
            client_secret: Attr::Known(crate::client::Secret::new("s3cret").into()),
        };
        assert!(!format!("{sample:?}").contains("s3cret"));
        assert_eq!(ApplicationModel::from_value(&sample.to_value()), Ok(sample));
    }

    const RSA_SPKI: &str = include_str!("../../../tests/fixtures/rsa2048_public_spki.pem");
    const RSA_1024: &str = include_str!("../../../tests/fixtures/rsa1024_public_spki.pem");

    fn config(pem: Value, key_id: Value) -> Value {
        object_of(
            ApplicationModel::FIELDS.iter().map(|f| f.name),
            &[
                ("tenant_id", Value::string("t1")),
                ("cell", Value::string("eu-1")),
                (
                    "scopes",
                    Value::set_of_strings(["documents.submissions.read"]),
                ),
                ("public_key_pem", pem),
                ("key_id", key_id),
            ],
        )
    }

    /// The plan of a new application configured as `config`.
    async fn plan_create(config: Value) -> PlanResponse {
        TenantApplicationResource
            .plan(
                None,
                PlanRequest {
                    proposed_new_state: config.clone(),
                    config,
                    ..Default::default()
                },
            )
            .await
    }

    #[test]
    fn rotate_when_changed_keeps_null_values_as_terraform_sent_them() {
        let values = Value::Map(
            [
                ("a".to_string(), Value::Null),
                ("b".to_string(), Value::string("x")),
            ]
            .into(),
        );
        let planned = object_of(
            ApplicationModel::FIELDS.iter().map(|f| f.name),
            &[("rotate_when_changed", values.clone())],
        );
        let model = ApplicationModel::from_value(&planned).expect("readable");
        assert_eq!(model.rotate_when_changed, Attr::Known(values.clone()));
        assert_eq!(attr(&model.to_value(), "rotate_when_changed"), &values);
    }

    #[test]
    fn import_ids_need_both_parts() {
        assert_eq!(split_import_id("t1/a1"), Some(("t1", "a1")));
        for bad in ["t1", "t1/", "/a1", "t1/a1/x", "", " t1/a1"] {
            assert_eq!(split_import_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn validation_points_at_the_attribute() {
        let bad_key = TenantApplicationResource
            .validate(&config(Value::String(RSA_1024.into()), Value::Null));
        assert_eq!(bad_key.len(), 1);
        assert_eq!(
            bad_key[0].attribute,
            Some(AttributePath::root("public_key_pem"))
        );
        assert!(bad_key[0].detail.contains("2048"));

        let orphan_kid =
            TenantApplicationResource.validate(&config(Value::Null, Value::String("k".into())));
        assert_eq!(orphan_kid[0].attribute, Some(AttributePath::root("key_id")));

        let fine = TenantApplicationResource
            .validate(&config(Value::String(RSA_SPKI.into()), Value::Unknown));
        assert!(fine.is_empty(), "{fine:?}");
    }

    #[tokio::test]
    async fn a_key_based_create_plans_the_thumbprint_and_no_secret() {
        let config = config(Value::String(RSA_SPKI.into()), Value::Null);
        let response = plan_create(config).await;
        let state = &response.planned_state;
        let expected = parse_public_key_pem(RSA_SPKI).unwrap().thumbprint();
        assert_eq!(attr(state, "key_id"), &Value::String(expected));
        assert_eq!(
            attr(state, "auth_method"),
            &Value::String(AUTH_PRIVATE_KEY_JWT.into())
        );
        assert_eq!(attr(state, "client_secret"), &Value::Null);
        assert_eq!(attr(state, "client_id"), &Value::Unknown);
    }

    #[tokio::test]
    async fn an_unknown_key_plans_unknown_method_and_key_id() {
        let config = config(Value::Unknown, Value::Null);
        let response = plan_create(config).await;
        let state = &response.planned_state;
        assert_eq!(attr(state, "key_id"), &Value::Unknown);
        assert_eq!(attr(state, "auth_method"), &Value::Unknown);
        assert_eq!(attr(state, "client_secret"), &Value::Unknown);
    }

    #[test]
    fn a_surprising_create_response_still_keeps_the_secret() {
        let planned = config(Value::String(RSA_SPKI.into()), Value::Null);
        let created = CreatedApplication {
            application: crate::provider::convert::tests::application(),
            credentials: IssuedCredentials::ClientSecret(crate::client::Secret::new("s3cret")),
        };
        let planned = ApplicationModel::from_value(&planned).unwrap();
        let response = created_state("t1", &planned, Some("kid"), created);
        assert!(response.diagnostics.has_errors());
        assert_eq!(
            attr(&response.new_state, "client_secret"),
            &Value::string("s3cret")
        );
        assert_eq!(attr(&response.new_state, "id"), &Value::string("a1"));
        assert!(!format!("{:?}", response.diagnostics).contains("s3cret"));
    }
}
