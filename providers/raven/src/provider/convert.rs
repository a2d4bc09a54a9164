//! Raven's JSON and Terraform values, both ways, driven by the attribute tables: the tenant's
//! settings (read into their model, written as a registration body or as a PATCH of only what
//! changed) and its stats; and the one place that knows the JSON names of Raven's answers and
//! requests (a tenant, a registration, a new key), as typed values for the models.

use serde_json::{json, Map, Value as Json};
use tf_provider_framework::attributes::{Field, Kind};
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::values::attr;

use crate::provider::settings::{configured, SettingsModel, StatsModel};

/// One JSON value as the attribute `kind` holds it (null when absent or of another shape).
fn from_json(kind: Kind, json: &Json) -> Value {
    match (kind, json) {
        (Kind::Int, Json::Number(n)) => n.as_i64().map(Value::int).unwrap_or(Value::Null),
        (Kind::String, Json::String(s)) => Value::string(s.clone()),
        (Kind::Bool, Json::Bool(b)) => Value::Bool(*b),
        (Kind::StringSet, Json::Array(items)) => {
            Value::set_of_strings(items.iter().filter_map(Json::as_str))
        }
        (Kind::Nested(fields), Json::Object(_)) => object_from_json(fields, json),
        _ => Value::Null,
    }
}

/// One known, non-null value as JSON (`None` for null, unknown or an unsupported kind).
fn to_json(value: &Value) -> Option<Json> {
    match value {
        Value::Number(_) => value.as_i64().map(Json::from),
        Value::String(s) => Some(Json::String(s.clone())),
        Value::Bool(b) => Some(Json::Bool(*b)),
        Value::Set(_) | Value::List(_) => value
            .as_strings()
            .map(|items| Json::Array(items.into_iter().map(Json::from).collect())),
        _ => None,
    }
}

/// An object of `fields` read from the JSON object of the same names.
pub fn object_from_json(fields: &[Field], json: &Json) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|f| (f.name.to_string(), from_json(f.kind, &json[f.name])))
            .collect(),
    )
}

/// The known, non-null settings of `settings`, as a registration body carries them.
pub fn settings_body(fields: &[Field], settings: &Value) -> Map<String, Json> {
    fields
        .iter()
        .filter_map(|f| Some((f.name.to_string(), to_json(attr(settings, f.name))?)))
        .collect()
}

/// The settings that differ between `prior` and `planned`, as a PATCH carries them: a changed
/// value as it is, a removed one as `null`. Removing `webhook_url` removes its events with it, so
/// their removal is then not sent again.
pub fn settings_patch(fields: &[Field], prior: &Value, planned: &Value) -> Map<String, Json> {
    let removed = |name: &str| attr(planned, name).is_null() && !attr(prior, name).is_null();
    let url_removed = removed(configured::WEBHOOK_URL.name);
    let mut patch = Map::new();
    for field in fields {
        let (before, after) = (attr(prior, field.name), attr(planned, field.name));
        if before.equivalent(after) {
            continue;
        }
        if after.is_null() {
            if field.name == configured::WEBHOOK_EVENTS.name && url_removed {
                continue;
            }
            patch.insert(field.name.to_string(), Json::Null);
        } else if let Some(json) = to_json(after) {
            patch.insert(field.name.to_string(), json);
        }
    }
    patch
}

/// The model of a JSON object whose names are the model's attribute names (a value of another
/// shape than its row's reads as null).
pub fn model_from_json<M: Model + Default>(json: &Json) -> M {
    // `object_from_json` makes exactly the types the rows declare, so reading cannot fail.
    M::from_value(&object_from_json(M::FIELDS, json)).unwrap_or_default()
}

/// A nested model as the object value the table-driven conversions above take.
fn value_of<M: Model>(model: &Attr<M>) -> Value {
    match model {
        Attr::Null => Value::Null,
        Attr::Unknown => Value::Unknown,
        Attr::Known(model) => model.to_value(),
    }
}

impl SettingsModel {
    /// The known settings, as a registration body carries them.
    pub fn body(settings: &Attr<SettingsModel>) -> Map<String, Json> {
        settings_body(SettingsModel::FIELDS, &value_of(settings))
    }

    /// The settings that differ between `prior` and `planned`, as a PATCH carries them.
    pub fn patch(prior: &Attr<SettingsModel>, planned: &Attr<SettingsModel>) -> Map<String, Json> {
        settings_patch(SettingsModel::FIELDS, &value_of(prior), &value_of(planned))
    }
}

/// What a tenant answer shows, shared by the resource and the data source.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TenantView {
    pub id: Attr<String>,
    pub name: Attr<String>,
    pub email: Attr<String>,
    pub settings: Attr<SettingsModel>,
    pub status: Attr<String>,
    pub created_at: Attr<String>,
    pub updated_at: Attr<String>,
}

/// A string of a JSON answer (null when absent or not a string).
fn text(json: &Json, key: &str) -> Attr<String> {
    json[key].as_str().map(str::to_string).into()
}

impl TenantView {
    /// A tenant answer (`GET /tenant`, `PATCH /tenant`).
    pub fn from_api(tenant: &Json) -> TenantView {
        TenantView {
            id: text(tenant, "tenant_id"),
            name: text(tenant, "name"),
            email: text(tenant, "email"),
            settings: Attr::Known(model_from_json(&tenant["settings"])),
            status: text(tenant, "status"),
            created_at: text(tenant, "created_at"),
            updated_at: text(tenant, "updated_at"),
        }
    }

    /// Whether Raven says the tenant was deleted.
    pub fn is_deleted(&self) -> bool {
        self.status
            .known()
            .is_some_and(|status| status == "deleted")
    }
}

/// The usage statistics of a tenant answer.
pub fn stats_from_json(tenant: &Json) -> StatsModel {
    model_from_json(&tenant["stats"])
}

/// The body of `POST /tenants`.
pub fn registration(name: Option<&str>, email: Option<&str>, settings: Map<String, Json>) -> Json {
    json!({ "name": name, "email": email, "settings": settings })
}

/// The body of `PATCH /tenant`: the new name if it changed, the settings that changed; empty
/// when nothing did.
pub fn tenant_patch(new_name: Option<&str>, settings: Map<String, Json>) -> Map<String, Json> {
    let mut body = Map::new();
    if let Some(name) = new_name {
        body.insert("name".into(), json!(name));
    }
    if !settings.is_empty() {
        body.insert("settings".into(), Json::Object(settings));
    }
    body
}

/// The answer of a registration: the new tenant's ID and its key, shown only this once.
#[derive(Clone, Debug, PartialEq)]
pub struct Registered {
    pub tenant_id: Attr<String>,
    pub api_key: String,
    /// The answer's prefix, else the key's first ten characters.
    pub api_key_prefix: String,
}

impl Registered {
    /// A `POST /tenants` answer.
    pub fn from_json(answer: &Json) -> Registered {
        let api_key = answer["api_key"].as_str().unwrap_or_default().to_string();
        let api_key_prefix = match answer["api_key_prefix"].as_str() {
            Some(prefix) => prefix.to_string(),
            None => api_key.chars().take(10).collect(),
        };
        Registered {
            tenant_id: text(answer, "tenant_id"),
            api_key,
            api_key_prefix,
        }
    }
}

/// The body of `POST /api-keys`.
pub fn key_request(name: Option<&str>, scopes: Option<&[String]>) -> Json {
    json!({ "name": name, "scopes": scopes })
}

/// The answer of a key creation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreatedKey {
    pub key_id: Attr<String>,
    pub api_key: Attr<String>,
    pub api_key_prefix: Attr<String>,
    pub created_at: Attr<String>,
}

impl CreatedKey {
    /// A `POST /api-keys` answer.
    pub fn from_json(answer: &Json) -> CreatedKey {
        CreatedKey {
            key_id: text(answer, "key_id"),
            api_key: text(answer, "api_key"),
            api_key_prefix: text(answer, "api_key_prefix"),
            created_at: text(answer, "created_at"),
        }
    }
}

/// The rows the `raven_tenant` resource and data source show alike, spelt once.
pub mod tenant_fields {
    use tf_provider_framework::attributes::{Field, Kind};

    pub const ID: Field = Field::computed("id", Kind::String, "The tenant's ID at Raven.");

    pub const STATUS: Field = Field::computed(
        "status",
        Kind::String,
        "`active`, `suspended` (keys still read, changes are refused) or `deleted`.",
    );

    pub const CREATED_AT: Field = Field::computed(
        "created_at",
        Kind::String,
        "When the tenant was registered (RFC 3339).",
    );

    /// Raven moves it on every change, so an update plans it unknown.
    pub const UPDATED_AT: Field = Field::computed(
        "updated_at",
        Kind::String,
        "When the tenant last changed (RFC 3339).",
    )
    .changes_on_update();
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        Field::optional("retention_days", Kind::Int, ""),
        Field::optional("webhook_url", Kind::String, ""),
        Field::optional("webhook_events", Kind::StringSet, ""),
    ];

    fn settings(days: i64, url: Option<&str>, events: &[&str]) -> Value {
        Value::object([
            ("retention_days", Value::int(days)),
            ("webhook_url", url.map(Value::string).unwrap_or(Value::Null)),
            (
                "webhook_events",
                if events.is_empty() {
                    Value::Null
                } else {
                    Value::set_of_strings(events.iter().copied())
                },
            ),
        ])
    }

    #[test]
    fn a_patch_carries_only_what_changed() {
        let prior = settings(30, Some("https://a.example"), &["user.created"]);
        let planned = settings(90, Some("https://a.example"), &["user.created"]);
        let patch = settings_patch(FIELDS, &prior, &planned);
        assert_eq!(Json::Object(patch), json!({"retention_days": 90}));
        let reordered = settings(30, Some("https://a.example"), &["user.created"]);
        assert!(settings_patch(FIELDS, &prior, &reordered).is_empty());
    }

    #[test]
    fn removing_the_webhook_sends_a_null_url_and_nothing_for_its_events() {
        let prior = settings(30, Some("https://a.example"), &["user.created"]);
        let planned = settings(30, None, &[]);
        let patch = settings_patch(FIELDS, &prior, &planned);
        assert_eq!(Json::Object(patch), json!({"webhook_url": null}));
        let only_events = settings(30, Some("https://a.example"), &[]);
        let patch = settings_patch(FIELDS, &prior, &only_events);
        assert_eq!(Json::Object(patch), json!({"webhook_events": null}));
    }

    #[test]
    fn settings_read_from_json_leave_absent_ones_null() {
        let value = object_from_json(FIELDS, &json!({"retention_days": 7}));
        assert_eq!(value, settings(7, None, &[]));
        let body = settings_body(FIELDS, &value);
        assert_eq!(Json::Object(body), json!({"retention_days": 7}));
    }

    #[test]
    fn a_tenant_answer_reads_its_id_from_tenant_id_and_absent_settings_as_null() {
        let shown = TenantView::from_api(&json!({
            "tenant_id": "t-1",
            "name": "Acme",
            "status": "deleted",
            "settings": {"retention_days": 7, "webhook_events": ["user.created"]}
        }));
        assert_eq!(shown.id, Attr::Known("t-1".into()));
        assert_eq!(shown.email, Attr::Null);
        assert!(shown.is_deleted());
        let settings = shown.settings.known().unwrap();
        assert_eq!(settings.retention_days, Attr::Known(7));
        assert_eq!(settings.webhook_url, Attr::Null);
        assert_eq!(
            settings.webhook_events,
            Attr::Known(vec!["user.created".into()])
        );
    }

    #[test]
    fn a_registration_without_a_prefix_takes_the_keys_first_ten_characters() {
        let registered = Registered::from_json(&json!({"api_key": "rk_live_abcdefgh"}));
        assert_eq!(registered.api_key_prefix, "rk_live_ab");
        assert_eq!(registered.tenant_id, Attr::Null);
    }
}
