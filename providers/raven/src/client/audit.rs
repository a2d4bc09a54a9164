//! What the audit trail (`api_client_kit::audit`) records of Raven's changes: the operation in
//! Raven's words (`tenant.register`, `tenant.update`, `tenant.settings.update`,
//! `api_key.create`), the names and scopes asked for and the names of the settings changed
//! (never their values), and the ids an answer shows (`tenant_id`, `key_id`,
//! `api_key_prefix`), never the API key it also carries.

use api_client_kit::audit::{Ids, Params, Pending};
use serde_json::Value as Json;

use super::ApiError;

/// The operation and its parameters, for a call that changes something (`None` for reads).
pub fn describe(
    method: &reqwest::Method,
    path: &str,
    body: Option<&Json>,
) -> Option<(String, Params)> {
    let text = |value: &Json| value.as_str().map(str::to_string);
    let field = |name: &str| body.map(|b| &b[name]).unwrap_or(&Json::Null);
    let settings = settings_changed(field("settings"));
    let (operation, params) = match (method.as_str(), path) {
        ("GET", _) | ("HEAD", _) => return None,
        ("POST", "/tenants") => (
            "tenant.register",
            Params {
                name: text(field("name")),
                settings_changed: settings,
                ..Params::default()
            },
        ),
        ("PATCH", "/tenant") => {
            let renames = !field("name").is_null();
            let operation = if renames || settings.is_empty() {
                "tenant.update"
            } else {
                "tenant.settings.update"
            };
            (
                operation,
                Params {
                    name: text(field("name")),
                    settings_changed: settings,
                    ..Params::default()
                },
            )
        }
        ("POST", "/api-keys") => (
            "api_key.create",
            Params {
                name: text(field("name")),
                scopes: field("scopes")
                    .as_array()
                    .map(|items| {
                        items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                ..Params::default()
            },
        ),
        (method, path) => (
            "unrecognised",
            Params {
                name: Some(format!("{method} {path}")),
                ..Params::default()
            },
        ),
    };
    Some((operation.to_string(), params))
}

/// The dotted paths of the settings a body sets (`limits.max_users`), never their values.
fn settings_changed(settings: &Json) -> Vec<String> {
    fn walk(prefix: &str, value: &Json, out: &mut Vec<String>) {
        match value.as_object() {
            Some(fields) if !fields.is_empty() => {
                for (name, inner) in fields {
                    let path = if prefix.is_empty() {
                        name.clone()
                    } else {
                        format!("{prefix}.{name}")
                    };
                    walk(&path, inner, out);
                }
            }
            _ if !prefix.is_empty() => out.push(prefix.to_string()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", settings, &mut out);
    out.sort();
    out
}

/// Writes the outcome of one attempt. An unknown outcome is left to the pending event: Raven
/// offers no way to check a lost registration or key, so it is written `undetermined`.
pub fn record(pending: Pending, answer: &Result<(u16, Json), ApiError>) {
    match answer {
        Ok((status, json)) => {
            let text = |name: &str| json[name].as_str().map(str::to_string);
            pending.succeeded(
                *status,
                Ids {
                    tenant_id: text("tenant_id"),
                    key_id: text("key_id"),
                    api_key_prefix: text("api_key_prefix"),
                    ..Ids::default()
                },
            )
        }
        Err(error) if error.outcome_unknown() => drop(pending.answered(error.status())),
        Err(error) => {
            let code = match error {
                ApiError::Rejected { code, .. } if !code.is_empty() => code.clone(),
                ApiError::Rejected { .. } => "rejected".into(),
                ApiError::Throttled { .. } => "throttled".into(),
                ApiError::Stopped { .. } => "stopped".into(),
                _ => "not_sent".into(),
            };
            pending.failed(error.status(), &code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_settings_patch_names_the_settings_and_never_their_values() {
        let body = json!({"settings": {"webhooks": {"url": "https://hook", "secret": "hush"}, "limits": {"max_users": 5}}});
        let (operation, params) =
            describe(&reqwest::Method::PATCH, "/tenant", Some(&body)).unwrap();
        assert_eq!(operation, "tenant.settings.update");
        assert_eq!(
            params.settings_changed,
            vec!["limits.max_users", "webhooks.secret", "webhooks.url"]
        );
        assert!(!serde_json::to_string(&params).unwrap().contains("hush"));
        assert!(describe(&reqwest::Method::GET, "/tenant", None).is_none());
    }
}
