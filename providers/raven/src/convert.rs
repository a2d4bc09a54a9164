//! Raven's JSON and Terraform values, both ways, driven by the attribute tables: the tenant's
//! settings (read into an object, written as a registration body or as a PATCH of only what
//! changed), its stats, and the tenant attributes shared by the resource and the data source.

use serde_json::{Map, Value as Json};
use tf_provider_framework::attributes::{Field, Kind};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::values::{attr, Object};

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
    let url_removed = removed("webhook_url");
    let mut patch = Map::new();
    for field in fields {
        let (before, after) = (attr(prior, field.name), attr(planned, field.name));
        if before.equivalent(after) {
            continue;
        }
        if after.is_null() {
            if field.name == "webhook_events" && url_removed {
                continue;
            }
            patch.insert(field.name.to_string(), Json::Null);
        } else if let Some(json) = to_json(after) {
            patch.insert(field.name.to_string(), json);
        }
    }
    patch
}

/// The attributes a tenant answer fills, shared by the resource and the data source: `id`, `name`,
/// `email`, `settings` (read through `settings_fields`), `status`, `created_at`, `updated_at`.
pub fn tenant_attributes(settings_fields: &'static [Field], tenant: &Json) -> Object {
    let text = |name: &str| match tenant[name].as_str() {
        Some(s) => Value::string(s),
        None => Value::Null,
    };
    Object::from([
        ("id".to_string(), text("tenant_id")),
        ("name".to_string(), text("name")),
        ("email".to_string(), text("email")),
        (
            "settings".to_string(),
            object_from_json(settings_fields, &tenant["settings"]),
        ),
        ("status".to_string(), text("status")),
        ("created_at".to_string(), text("created_at")),
        ("updated_at".to_string(), text("updated_at")),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
