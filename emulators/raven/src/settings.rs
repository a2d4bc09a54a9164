//! Tenant settings as one table (name, kind, default): validation with errors naming
//! `settings.<name>`, the defaults a new tenant starts with, and the merge a PATCH performs.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// The webhook events a tenant may subscribe to, in the order they are listed back.
pub const EVENTS: [&str; 4] = [
    "memory.ingested",
    "conversation.created",
    "conversation.deleted",
    "user.created",
];
const URL_MAX: usize = 2048;

/// What values a setting takes.
enum Kind {
    /// An integer from 1 to the bound.
    Integer { max: i64 },
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// An `https://` URL (or `http://localhost…`); null removes it and the events.
    WebhookUrl,
    /// A set of [`EVENTS`]; null removes it.
    Events,
}

/// A setting's value when a tenant does not give one.
enum Default {
    Integer(i64),
    Text(&'static str),
    /// The setting is absent until given.
    Absent,
}

struct Setting {
    name: &'static str,
    kind: Kind,
    default: Default,
}

const SETTINGS: &[Setting] = &[
    Setting {
        name: "retention_days",
        kind: Kind::Integer { max: 3650 },
        default: Default::Integer(30),
    },
    Setting {
        name: "batch_size",
        kind: Kind::Integer { max: i64::MAX },
        default: Default::Integer(10),
    },
    Setting {
        name: "max_conversations_per_user",
        kind: Kind::Integer { max: i64::MAX },
        default: Default::Integer(100),
    },
    Setting {
        name: "max_users",
        kind: Kind::Integer { max: i64::MAX },
        default: Default::Integer(1000),
    },
    Setting {
        name: "encryption_mode",
        kind: Kind::Choice(&["platform", "byok"]),
        default: Default::Text("platform"),
    },
    Setting {
        name: "webhook_url",
        kind: Kind::WebhookUrl,
        default: Default::Absent,
    },
    Setting {
        name: "webhook_events",
        kind: Kind::Events,
        default: Default::Absent,
    },
];

fn known_names() -> String {
    SETTINGS
        .iter()
        .map(|s| s.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The settings of a tenant that gave none.
pub fn defaults() -> Map<String, Value> {
    let mut map = Map::new();
    for setting in SETTINGS {
        match setting.default {
            Default::Integer(n) => map.insert(setting.name.to_string(), Value::from(n)),
            Default::Text(text) => map.insert(setting.name.to_string(), Value::from(text)),
            Default::Absent => None,
        };
    }
    map
}

/// The settings in table order (how they are stored and shown).
pub fn ordered(settings: &Map<String, Value>) -> Map<String, Value> {
    SETTINGS
        .iter()
        .filter_map(|s| {
            settings
                .get(s.name)
                .map(|v| (s.name.to_string(), v.clone()))
        })
        .collect()
}

fn integer(value: &Value, field: &str, max: i64) -> Result<Value, ApiError> {
    let range = if max == i64::MAX {
        "an integer of at least 1".to_string()
    } else {
        format!("an integer from 1 to {max}")
    };
    match value.as_i64() {
        Some(n) if (1..=max).contains(&n) => Ok(Value::from(n)),
        _ => Err(ApiError::invalid(format!("{field} must be {range}"))),
    }
}

fn choice(value: &Value, field: &str, options: &[&str]) -> Result<Value, ApiError> {
    match value.as_str() {
        Some(text) if options.contains(&text) => Ok(Value::from(text)),
        _ => Err(ApiError::invalid(format!(
            "{field} must be one of: {}",
            options.join(", ")
        ))),
    }
}

/// Whether `url` is `https://<host>…`, or `http://localhost` optionally followed by a port or path.
fn is_webhook_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        return rest
            .chars()
            .next()
            .is_some_and(|c| !matches!(c, '/' | '?' | '#' | ':' | '@'));
    }
    match lower.strip_prefix("http://localhost") {
        Some(rest) => rest.is_empty() || rest.starts_with(':') || rest.starts_with('/'),
        None => false,
    }
}

fn webhook_url(value: &Value, field: &str) -> Result<Value, ApiError> {
    let bad = || {
        ApiError::invalid(format!(
            "{field} must be an https:// URL (or http://localhost… for local testing) of at most \
             {URL_MAX} characters, without spaces"
        ))
    };
    let url = value.as_str().ok_or_else(bad)?;
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if url.len() <= URL_MAX && clean && is_webhook_url(url) {
        Ok(Value::from(url))
    } else {
        Err(bad())
    }
}

fn events(value: &Value, field: &str) -> Result<Value, ApiError> {
    let known = EVENTS.join(", ");
    let items = value.as_array().ok_or_else(|| {
        ApiError::invalid(format!("{field} must be an array of events from {known}"))
    })?;
    let mut given = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(event) if EVENTS.contains(&event) => given.push(event),
            _ => {
                return Err(ApiError::invalid(format!(
                    "{field}[{index}] must be one of: {known}"
                )))
            }
        }
    }
    Ok(EVENTS
        .iter()
        .filter(|event| given.contains(event))
        .map(|event| Value::from(*event))
        .collect())
}

impl Setting {
    fn check(&self, value: &Value) -> Result<Value, ApiError> {
        let field = format!("settings.{}", self.name);
        match &self.kind {
            Kind::Integer { max } => integer(value, &field, *max),
            Kind::Choice(options) => choice(value, &field, options),
            Kind::WebhookUrl => webhook_url(value, &field),
            Kind::Events => events(value, &field),
        }
    }
}

/// Merges the given settings (`settings` of a request body) into `stored`: settings not given
/// keep their value, `webhook_url: null` removes the webhook and its events, `webhook_events: null`
/// removes the events. Nothing is changed when an error is returned.
pub fn merge(stored: &mut Map<String, Value>, given: Option<&Value>) -> Result<(), ApiError> {
    let given = match given {
        None => return Ok(()),
        Some(Value::Object(given)) => given,
        Some(_) => {
            return Err(ApiError::invalid(
                "settings must be an object of settings to change",
            ))
        }
    };
    let mut next = stored.clone();
    for (key, value) in given {
        let setting = SETTINGS.iter().find(|s| s.name == key).ok_or_else(|| {
            ApiError::invalid(format!(
                "unknown setting settings.{key}; known settings: {}",
                known_names()
            ))
        })?;
        if value.is_null() {
            match setting.kind {
                Kind::WebhookUrl => {
                    next.remove("webhook_url");
                    next.remove("webhook_events");
                }
                Kind::Events => {
                    next.remove("webhook_events");
                }
                _ => {
                    return Err(ApiError::invalid(format!(
                        "settings.{key} cannot be null; omit it to keep its value"
                    )))
                }
            }
            continue;
        }
        next.insert(key.clone(), setting.check(value)?);
    }
    let clearing_url = given.get("webhook_url").is_some_and(Value::is_null);
    let setting_events = given.get("webhook_events").is_some_and(|v| !v.is_null());
    if clearing_url && setting_events {
        return Err(ApiError::invalid(
            "settings.webhook_events cannot be set in the request that removes \
             settings.webhook_url (null removes the events too)",
        ));
    }
    if next.contains_key("webhook_events") && !next.contains_key("webhook_url") {
        return Err(ApiError::invalid(
            "settings.webhook_events needs settings.webhook_url: set a webhook URL too, \
             or leave the events out",
        ));
    }
    *stored = ordered(&next);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(given: Value) -> Result<Value, ApiError> {
        let mut settings = defaults();
        merge(&mut settings, Some(&given)).map(|()| Value::Object(settings))
    }

    #[test]
    fn defaults_are_the_documented_values_without_a_webhook() {
        assert_eq!(
            Value::Object(defaults()),
            json!({
                "retention_days": 30, "batch_size": 10, "max_conversations_per_user": 100,
                "max_users": 1000, "encryption_mode": "platform"
            })
        );
    }

    #[test]
    fn given_settings_are_merged_and_others_keep_their_value() {
        let got = merged(json!({ "retention_days": 90, "encryption_mode": "byok" })).unwrap();
        assert_eq!(got["retention_days"], 90);
        assert_eq!(got["encryption_mode"], "byok");
        assert_eq!(got["batch_size"], 10);
    }

    #[test]
    fn each_bad_value_is_refused_with_its_setting_named() {
        let cases = [
            (json!({ "retention_days": 0 }), "settings.retention_days"),
            (json!({ "retention_days": 3651 }), "settings.retention_days"),
            (json!({ "batch_size": 1.5 }), "settings.batch_size"),
            (json!({ "max_users": "10" }), "settings.max_users"),
            (
                json!({ "encryption_mode": "none" }),
                "settings.encryption_mode",
            ),
            (
                json!({ "webhook_url": "http://example.com" }),
                "settings.webhook_url",
            ),
            (json!({ "webhook_url": "https://" }), "settings.webhook_url"),
            (
                json!({ "webhook_url": "http://localhost.evil.com" }),
                "settings.webhook_url",
            ),
            (
                json!({ "webhook_url": "https://a.example", "webhook_events": ["x"] }),
                "settings.webhook_events[0]",
            ),
            (
                json!({ "webhook_events": ["user.created"] }),
                "settings.webhook_events",
            ),
            (json!({ "max_users": null }), "settings.max_users"),
            (json!({ "colour": "red" }), "settings.colour"),
        ];
        for (given, field) in cases {
            let err = merged(given.clone()).unwrap_err();
            assert!(err.message.contains(field), "{given}: {}", err.message);
        }
    }

    #[test]
    fn webhook_events_are_a_set_and_a_null_url_removes_them() {
        let mut settings = defaults();
        let given = json!({
            "webhook_url": "http://localhost:8080/hook",
            "webhook_events": ["user.created", "memory.ingested", "user.created"]
        });
        merge(&mut settings, Some(&given)).unwrap();
        assert_eq!(
            settings["webhook_events"],
            json!(["memory.ingested", "user.created"])
        );
        merge(&mut settings, Some(&json!({ "webhook_url": null }))).unwrap();
        assert!(!settings.contains_key("webhook_url"));
        assert!(!settings.contains_key("webhook_events"));
    }
}
