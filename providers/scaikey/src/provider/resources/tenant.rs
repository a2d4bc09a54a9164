//! `scaikey_tenant`: one tenant. `name`, `status` and `settings` change in place with one PATCH
//! carrying only what changed; `slug` and `partner_id` replace it; the settings' defaults are the
//! API's, known at plan time; destroy is the API's soft delete; a tenant found deleted on refresh
//! leaves the state with a warning; import by ID or `slug:<slug>`.

use async_trait::async_trait;
use serde_json::{json, Map, Value as Json};
use tf_provider_framework::attributes::{Change, DefaultValue, Definition, Field, Kind};
use tf_provider_framework::get;
use tf_provider_framework::model::Model;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::{
    ApplyResponse, ImportResponse, ImportedObject, ReadRequest, ReadResponse,
};
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::resource::{CreateRequest, DeleteRequest, Resource, UpdateRequest};
use tf_provider_framework::validators::Validator;
use tf_provider_framework::values::attr;

use super::{api_error, slug_taken};
use crate::client::Tenant;
use crate::provider::convert::{self, SettingsModel, TenantView, MFA_METHOD_NAMES};
use crate::provider::ProviderData;

/// The slug rule of the contract.
pub const SLUG_PATTERN: Validator = Validator::Pattern {
    pattern: "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
    meaning: "1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter \
              or digit",
};

const POLICY: &[Field] = &[
    Field::optional_computed(
        "min_length",
        Kind::Int,
        "The shortest password allowed. Defaults to `12`.",
    )
    .updates()
    .default(DefaultValue::Int(12))
    .validators(&[Validator::Range { min: 8, max: 128 }]),
    Field::optional_computed(
        "require_uppercase",
        Kind::Bool,
        "Whether a password needs an uppercase letter. Defaults to `true`.",
    )
    .updates()
    .default(DefaultValue::Bool(true)),
    Field::optional_computed(
        "require_lowercase",
        Kind::Bool,
        "Whether a password needs a lowercase letter. Defaults to `true`.",
    )
    .updates()
    .default(DefaultValue::Bool(true)),
    Field::optional_computed(
        "require_digit",
        Kind::Bool,
        "Whether a password needs a digit. Defaults to `true`.",
    )
    .updates()
    .default(DefaultValue::Bool(true)),
    Field::optional_computed(
        "require_symbol",
        Kind::Bool,
        "Whether a password needs a symbol. Defaults to `false`.",
    )
    .updates()
    .default(DefaultValue::Bool(false)),
];

const SETTINGS: &[Field] = &[
    Field::optional_computed(
        "mfa_required",
        Kind::Bool,
        "Whether users must use a second factor. Defaults to `false`.",
    )
    .updates()
    .default(DefaultValue::Bool(false)),
    Field::optional_computed(
        "mfa_methods",
        Kind::StringSet,
        "The second factors users may use. Defaults to `[\"totp\"]`.",
    )
    .updates()
    .default(DefaultValue::Strings(&["totp"]))
    .validators(&[Validator::OneOf(MFA_METHOD_NAMES)]),
    Field::optional_computed(
        "session_timeout",
        Kind::Int,
        "Minutes of inactivity after which a session ends. Defaults to `60`.",
    )
    .updates()
    .default(DefaultValue::Int(60))
    .validators(&[Validator::Range { min: 5, max: 1440 }]),
    Field::optional_computed(
        "password_policy",
        Kind::Nested(POLICY),
        "What users' passwords must be like; fields left out take the API's defaults.",
    )
    .updates()
    .default(DefaultValue::Object),
];

const NAME: Field = Field::required("name", Kind::String, convert::NAME)
    .updates()
    .validators(&[Validator::Length { min: 1, max: 100 }]);
const SLUG: Field = Field::required("slug", Kind::String, convert::SLUG)
    .replaces()
    .validators(&[SLUG_PATTERN]);
const PARTNER_ID: Field =
    Field::optional("partner_id", Kind::String, convert::PARTNER_ID).replaces();
const STATUS: Field = Field::optional_computed(
    "status",
    Kind::String,
    "`active` or `suspended` (a suspended tenant's users cannot sign in). Defaults to \
     `active`.",
)
.updates()
.default(DefaultValue::String(DEFAULT_STATUS))
.validators(&[Validator::OneOf(&["active", "suspended"])]);
const SETTINGS_ROW: Field = Field::optional_computed(
    "settings",
    Kind::Nested(SETTINGS),
    "The tenant's security settings; any left out take the API's defaults, shown in the plan.",
)
.updates()
.default(DefaultValue::Object);

/// The resource's table: [`TenantModel`]'s.
pub const FIELDS: &[Field] = TenantModel::FIELDS;

/// What a create sends: the configured attributes the create takes (not `status`, which the
/// create leaves `active`), each only when set.
const CREATE_BODY: &[Field] = &[NAME, SLUG, PARTNER_ID, SETTINGS_ROW];

/// The status of a tenant the configuration leaves it out of.
const DEFAULT_STATUS: &str = "active";

tf_provider_framework::model! {
    /// The resource's configuration, plan or state; `TenantModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantModel {
        id: String = Field::computed("id", Kind::String, convert::ID),
        name: String = NAME,
        slug: String = SLUG,
        partner_id: String = PARTNER_ID,
        status: String = STATUS,
        settings: object SettingsModel = SETTINGS_ROW,
        created_at: String = Field::computed("created_at", Kind::String, convert::CREATED_AT),
        /// Unknown in the plan of any update: its row changes on every update.
        updated_at: String = Field::computed("updated_at", Kind::String, convert::UPDATED_AT)
            .changes_on_update(),
    }
}

impl TenantModel {
    /// The state of a tenant the API shows.
    fn from_api(tenant: &Tenant) -> TenantModel {
        let view = TenantView::from_api(tenant);
        TenantModel {
            id: view.id,
            name: view.name,
            slug: view.slug,
            partner_id: view.partner_id,
            status: view.status,
            settings: view.settings,
            created_at: view.created_at,
            updated_at: view.updated_at,
        }
    }

    /// The tenant's ID (empty when the state has none).
    fn id(&self) -> &str {
        self.id.known().map_or("", String::as_str)
    }
}

const TENANT: Definition = Definition {
    type_name: "scaikey_tenant",
    description: "A ScaiKey tenant: its name, status and security settings (multi-factor \
                  authentication, password policy, session timeout). Destroying it soft-deletes \
                  it: the API keeps it with status `deleted`, and its slug is free again.",
    fields: FIELDS,
};

pub struct TenantResource;

impl ObjectType for TenantResource {
    fn definition(&self) -> &'static Definition {
        &TENANT
    }
}

/// The state of a tenant.
pub(crate) fn state_of(tenant: &Tenant) -> Value {
    TenantModel::from_api(tenant).to_value()
}

/// The JSON of a wholly known attribute value.
fn json_of(value: &Value) -> Json {
    match value {
        Value::String(s) => Json::String(s.clone()),
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(_) => value.as_i64().map(Json::from).unwrap_or(Json::Null),
        Value::List(items) | Value::Set(items) => Json::Array(items.iter().map(json_of).collect()),
        Value::Object(fields) => Json::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), json_of(v)))
                .collect(),
        ),
        _ => Json::Null,
    }
}

/// The members of `planned` (an object of `fields`) that differ from `prior`, nested objects by
/// their changed members only; sets compare by their elements.
fn changes(fields: &[Field], prior: &Value, planned: &Value) -> Map<String, Json> {
    let mut out = Map::new();
    for field in fields.iter().filter(|f| f.change.is_some()) {
        let (before, after) = (attr(prior, field.name), attr(planned, field.name));
        if before.equivalent(after) {
            continue;
        }
        let value = match field.kind {
            Kind::Nested(nested) if !before.is_null() => {
                Json::Object(changes(nested, before, after))
            }
            _ => json_of(after),
        };
        out.insert(field.name.to_string(), value);
    }
    out
}

/// The PATCH body of an update: what changed among `name`, `status` and `settings`.
pub fn patch_body(prior: &Value, planned: &Value) -> Map<String, Json> {
    let updatable: Vec<Field> = FIELDS
        .iter()
        .copied()
        .filter(|f| f.change == Some(Change::Update))
        .collect();
    changes(&updatable, prior, planned)
}

fn failed(prior: Value, diagnostics: Diagnostics) -> ApplyResponse {
    ApplyResponse {
        new_state: prior,
        diagnostics,
        ..Default::default()
    }
}

#[async_trait]
impl Resource<ProviderData> for TenantResource {
    async fn create(&self, data: &ProviderData, request: CreateRequest) -> ApplyResponse {
        let planned: TenantModel = get!(request.planned);
        let slug = planned.slug.known().cloned().unwrap_or_default();
        let mut body = Map::new();
        for row in CREATE_BODY {
            let value = attr(&request.planned, row.name);
            if !value.is_null() {
                body.insert(row.name.to_string(), json_of(value));
            }
        }
        let created = match data.client.create(&Json::Object(body), &slug).await {
            Ok(tenant) => tenant,
            Err(e) if e.status() == Some(409) => {
                return failed(Value::Null, slug_taken(&SLUG, &slug, &e))
            }
            Err(e) => return failed(Value::Null, api_error("create the tenant", FIELDS, &e)),
        };
        // The create takes no status: a tenant planned suspended is suspended right after.
        let wanted = planned
            .status
            .known()
            .map_or(DEFAULT_STATUS, String::as_str);
        if created.status != wanted {
            return match data
                .client
                .patch(&created.id, &json!({ STATUS.name: wanted }))
                .await
            {
                Ok(tenant) => ApplyResponse {
                    new_state: state_of(&tenant),
                    ..Default::default()
                },
                // Keep the created tenant in state (Terraform marks it tainted).
                Err(e) => failed(
                    state_of(&created),
                    api_error("set the new tenant's status", FIELDS, &e),
                ),
            };
        }
        ApplyResponse {
            new_state: state_of(&created),
            ..Default::default()
        }
    }

    async fn read(&self, data: &ProviderData, request: ReadRequest) -> ReadResponse {
        let keep = |diagnostics| ReadResponse {
            new_state: request.current_state.clone(),
            private: request.private.clone(),
            diagnostics,
        };
        let current: TenantModel = get!(request.current_state);
        let id = current.id().to_string();
        match data.client.get(&id).await {
            Ok(Some(tenant)) if tenant.is_deleted() => {
                let mut diagnostics = Diagnostics::default();
                diagnostics.push_warning(
                    "Tenant deleted outside Terraform",
                    format!(
                        "The tenant {id} (slug {:?}) was deleted at {} by something other than \
                         this configuration, so it is removed from the state; the next apply \
                         creates it again.",
                        tenant.slug,
                        tenant.deleted_at.as_deref().unwrap_or("an unknown time")
                    ),
                );
                ReadResponse {
                    new_state: Value::Null,
                    private: Vec::new(),
                    diagnostics,
                }
            }
            Ok(Some(tenant)) => ReadResponse {
                new_state: state_of(&tenant),
                private: request.private.clone(),
                diagnostics: Diagnostics::default(),
            },
            Ok(None) => {
                let mut diagnostics = Diagnostics::default();
                diagnostics.push_warning(
                    "Tenant not found",
                    format!(
                        "The API does not know the tenant {id} any more, so it is removed from \
                         the state; the next apply creates it again."
                    ),
                );
                ReadResponse {
                    new_state: Value::Null,
                    private: Vec::new(),
                    diagnostics,
                }
            }
            Err(e) => keep(api_error("read the tenant", FIELDS, &e)),
        }
    }

    async fn update(&self, data: &ProviderData, request: UpdateRequest) -> ApplyResponse {
        let prior: TenantModel = get!(request.prior);
        let id = prior.id().to_string();
        let body = patch_body(&request.prior, &request.planned);
        if body.is_empty() {
            return ApplyResponse {
                new_state: request.planned,
                ..Default::default()
            };
        }
        match data.client.patch(&id, &Json::Object(body)).await {
            Ok(tenant) => ApplyResponse {
                new_state: state_of(&tenant),
                ..Default::default()
            },
            Err(e) => failed(request.prior, api_error("update the tenant", FIELDS, &e)),
        }
    }

    async fn delete(&self, data: &ProviderData, request: DeleteRequest) -> ApplyResponse {
        let prior: TenantModel = get!(request.prior);
        match data.client.delete(prior.id()).await {
            Ok(()) => ApplyResponse::default(),
            Err(e) => failed(request.prior, api_error("delete the tenant", FIELDS, &e)),
        }
    }

    async fn import(&self, data: &ProviderData, id: &str) -> ImportResponse {
        let found = match id.strip_prefix("slug:") {
            Some(slug) => data.client.find_by_slug(slug).await,
            None => data.client.get(id).await,
        };
        let refuse = |summary: &str, detail: String| {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push_error(summary, detail);
            ImportResponse {
                imported: Vec::new(),
                diagnostics,
            }
        };
        match found {
            Ok(Some(tenant)) if tenant.is_deleted() => refuse(
                "Cannot import a deleted tenant",
                format!(
                    "The tenant {id} was deleted; only tenants that are not deleted can be \
                     managed. Remove the import, or create a new tenant."
                ),
            ),
            Ok(Some(tenant)) => ImportResponse {
                imported: vec![ImportedObject {
                    type_name: TENANT.type_name.to_string(),
                    state: state_of(&tenant),
                    private: Vec::new(),
                }],
                diagnostics: Diagnostics::default(),
            },
            Ok(None) => refuse(
                "Tenant not found",
                format!(
                    "No tenant {id:?} exists (that is not deleted). Import by the tenant's ID, or \
                     by `slug:<slug>`, e.g. `slug:acme`."
                ),
            ),
            Err(e) => ImportResponse {
                imported: Vec::new(),
                diagnostics: api_error("import the tenant", FIELDS, &e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{PasswordPolicy, Settings};
    use tf_provider_framework::model::{check_model_against, check_model_deep};
    use tf_provider_framework::plan::{self, Hooks};
    use tf_provider_framework::registry::Validate;

    fn tenant() -> Tenant {
        Tenant {
            id: "t1".into(),
            name: "Acme".into(),
            slug: "acme".into(),
            partner_id: None,
            status: "active".into(),
            settings: Settings {
                mfa_required: false,
                mfa_methods: vec!["totp".into()],
                session_timeout: 60,
                password_policy: PasswordPolicy {
                    min_length: 12,
                    require_uppercase: true,
                    require_lowercase: true,
                    require_digit: true,
                    require_symbol: false,
                },
            },
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
            deleted_at: None,
        }
    }

    #[test]
    fn the_tenant_model_covers_its_table_down_to_the_password_policy() {
        let mut tenant = tenant();
        tenant.partner_id = Some("p1".into());
        let model = TenantModel::from_api(&tenant);
        assert_eq!(check_model_deep(&model), Ok(()));
        let settings = model.settings.known().unwrap();
        assert_eq!(check_model_against(settings, SETTINGS), Ok(()));
        let policy = settings.password_policy.known().unwrap();
        assert_eq!(check_model_against(policy, POLICY), Ok(()));
    }

    #[test]
    fn a_patch_carries_only_what_changed_down_to_the_password_policy_key() {
        let before = tenant();
        let mut after = tenant();
        after.name = "Acme Inc".into();
        after.settings.password_policy.min_length = 16;
        after.settings.mfa_methods = vec!["totp".into(), "webauthn".into()];
        let body = patch_body(&state_of(&before), &state_of(&after));
        assert_eq!(
            Json::Object(body),
            json!({
                "name": "Acme Inc",
                "settings": {
                    "mfa_methods": ["totp", "webauthn"],
                    "password_policy": {"min_length": 16}
                }
            })
        );
    }

    #[test]
    fn sets_in_another_order_are_no_change() {
        let mut before = tenant();
        before.settings.mfa_methods = vec!["sms".into(), "totp".into()];
        let mut after = tenant();
        after.settings.mfa_methods = vec!["totp".into(), "sms".into()];
        assert!(patch_body(&state_of(&before), &state_of(&after)).is_empty());
    }

    #[test]
    fn the_settings_defaults_are_the_contracts() {
        let config = tf_provider_framework::values::object_of(
            FIELDS.iter().map(|f| f.name),
            &[
                ("name", Value::string("Acme")),
                ("slug", Value::string("acme")),
            ],
        );
        let planned = plan::plan(FIELDS, &Value::Null, &config, &config, &Hooks::NONE);
        assert_eq!(planned.state["status"], Value::string("active"));
        assert_eq!(
            planned.state["settings"],
            SettingsModel::from_api(&tenant().settings).to_value()
        );
    }

    #[test]
    fn bad_values_are_refused_at_their_paths() {
        let settings = Value::object([
            ("mfa_required", Value::Null),
            ("mfa_methods", Value::set_of_strings(["fax"])),
            ("session_timeout", Value::int(2)),
            (
                "password_policy",
                Value::object([
                    ("min_length", Value::int(4)),
                    ("require_uppercase", Value::Null),
                    ("require_lowercase", Value::Null),
                    ("require_digit", Value::Null),
                    ("require_symbol", Value::Null),
                ]),
            ),
        ]);
        let config = tf_provider_framework::values::object_of(
            FIELDS.iter().map(|f| f.name),
            &[
                ("name", Value::string("")),
                ("slug", Value::string("-Bad")),
                ("status", Value::string("deleted")),
                ("settings", settings),
            ],
        );
        let diagnostics = TenantResource.validate(&config);
        let details: Vec<&str> = diagnostics.iter().map(|d| d.detail.as_str()).collect();
        assert_eq!(diagnostics.len(), 6, "{details:#?}");
    }
}
