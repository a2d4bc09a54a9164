//! Tenant settings as one schema table (names, kinds, nested `password_policy`): the defaults of
//! a new tenant, and the validated key-by-key merge that create and PATCH perform.

use serde_json::{json, Map, Value};

use crate::error::Issue;
use crate::validation::{self, at};

/// The MFA methods, in the order they are listed back.
pub const MFA_METHODS: [&str; 4] = ["totp", "sms", "email", "webauthn"];

/// What values a setting takes.
enum Kind {
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    /// A set of [`MFA_METHODS`].
    Methods,
    /// An object merged key by key.
    Object(&'static [Setting]),
}

struct Setting {
    name: &'static str,
    kind: Kind,
}

const PASSWORD_POLICY: &[Setting] = &[
    Setting {
        name: "min_length",
        kind: Kind::Int { min: 8, max: 128 },
    },
    Setting {
        name: "require_uppercase",
        kind: Kind::Bool,
    },
    Setting {
        name: "require_lowercase",
        kind: Kind::Bool,
    },
    Setting {
        name: "require_digit",
        kind: Kind::Bool,
    },
    Setting {
        name: "require_symbol",
        kind: Kind::Bool,
    },
];

const SETTINGS: &[Setting] = &[
    Setting {
        name: "mfa_required",
        kind: Kind::Bool,
    },
    Setting {
        name: "mfa_methods",
        kind: Kind::Methods,
    },
    Setting {
        name: "session_timeout",
        kind: Kind::Int { min: 5, max: 1440 },
    },
    Setting {
        name: "password_policy",
        kind: Kind::Object(PASSWORD_POLICY),
    },
];

/// The settings of a tenant created without any.
pub fn defaults() -> Map<String, Value> {
    let value = json!({
        "mfa_required": false,
        "mfa_methods": ["totp"],
        "session_timeout": 60,
        "password_policy": {
            "min_length": 12,
            "require_uppercase": true,
            "require_lowercase": true,
            "require_digit": true,
            "require_symbol": false,
        },
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Merges `given` (the `settings` of a body, found at `loc`) into `stored`, validating every key;
/// `stored` is left as it was when any issue is found.
pub fn merge(
    stored: &mut Map<String, Value>,
    given: &Value,
    loc: &[Value],
) -> Result<(), Vec<Issue>> {
    let mut next = stored.clone();
    let mut issues = Vec::new();
    merge_into(&mut next, given, loc, SETTINGS, &mut issues);
    if issues.is_empty() {
        *stored = next;
        Ok(())
    } else {
        Err(issues)
    }
}

fn merge_into(
    stored: &mut Map<String, Value>,
    given: &Value,
    loc: &[Value],
    schema: &[Setting],
    issues: &mut Vec<Issue>,
) {
    let Some(given) = given.as_object() else {
        issues.push(validation::dict_type(loc));
        return;
    };
    for (key, value) in given {
        let here = at(loc, key.as_str());
        let Some(setting) = schema.iter().find(|s| s.name == key) else {
            issues.push(validation::extra(&here));
            continue;
        };
        let checked = match &setting.kind {
            Kind::Bool => validation::boolean(value, &here)
                .map(Value::from)
                .map_err(|i| vec![i]),
            Kind::Int { min, max } => validation::integer(value, &here, *min, *max)
                .map(Value::from)
                .map_err(|i| vec![i]),
            Kind::Methods => validation::literal_set(value, &here, &MFA_METHODS).map(Value::from),
            Kind::Object(fields) => {
                let mut inner = stored
                    .get(setting.name)
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                let before = issues.len();
                merge_into(&mut inner, value, &here, fields, issues);
                if issues.len() > before {
                    continue;
                }
                Ok(Value::Object(ordered(&inner, fields)))
            }
        };
        match checked {
            Ok(value) => {
                stored.insert(setting.name.to_string(), value);
            }
            Err(found) => issues.extend(found),
        }
    }
    *stored = ordered(stored, schema);
}

fn ordered(map: &Map<String, Value>, schema: &[Setting]) -> Map<String, Value> {
    schema
        .iter()
        .filter_map(|s| map.get(s.name).map(|v| (s.name.to_string(), v.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loc;

    #[test]
    fn the_password_policy_is_merged_key_by_key() {
        let mut settings = defaults();
        let given = json!({ "password_policy": { "min_length": 20 }, "mfa_methods": ["webauthn", "totp", "totp"] });
        merge(&mut settings, &given, &loc!["body", "settings"]).unwrap();
        assert_eq!(settings["password_policy"]["min_length"], 20);
        assert_eq!(settings["password_policy"]["require_uppercase"], true);
        assert_eq!(settings["mfa_methods"], json!(["totp", "webauthn"]));
        assert_eq!(settings["session_timeout"], 60);
    }

    #[test]
    fn every_bad_value_is_an_issue_at_its_loc_and_nothing_changes() {
        let mut settings = defaults();
        let given = json!({
            "session_timeout": 4,
            "mfa_required": "yes",
            "mfa_methods": ["fax"],
            "password_policy": { "min_length": 200, "require_emoji": true },
            "theme": "dark",
        });
        let issues = merge(&mut settings, &given, &loc!["body", "settings"]).unwrap_err();
        let locs: Vec<Value> = issues.iter().map(|i| json!(i.loc)).collect();
        for expected in [
            json!(["body", "settings", "session_timeout"]),
            json!(["body", "settings", "mfa_required"]),
            json!(["body", "settings", "mfa_methods", 0]),
            json!(["body", "settings", "password_policy", "min_length"]),
            json!(["body", "settings", "password_policy", "require_emoji"]),
            json!(["body", "settings", "theme"]),
        ] {
            assert!(locs.contains(&expected), "{expected} not in {locs:?}");
        }
        assert_eq!(settings, defaults());
    }
}
