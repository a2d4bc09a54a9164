//! What the audit trail (`api_client_kit::audit`) records of this API's mutating calls: the
//! operation in the API's words and its non-secret parameters, read from the method, the path and
//! the request body; the ids an answer carries; the error code of a refusal. Only named fields
//! are copied, so a client secret in a create's answer never reaches a line.

use api_client_kit::audit::{Ids, Params};
use reqwest::Method;
use serde_json::Value;

use super::ApiError;

/// The operation and its parameters, for a mutating call to `segments` (the path under the
/// endpoint) with `body`. `None` for calls the trail does not record (reads).
pub fn describe(
    method: &Method,
    segments: &[String],
    body: Option<&Value>,
) -> Option<(String, Params)> {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_string);
    let strings = |value: Option<&Value>| -> Vec<String> {
        value
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let field = |name: &str| body.and_then(|b| b.get(name));
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (operation, params) = match (method.as_str(), segments.as_slice()) {
        ("POST", ["tenants"]) => (
            "tenant.create",
            Params {
                name: text(field("name")),
                cells: strings(field("cells")),
                ..Params::default()
            },
        ),
        ("DELETE", ["tenants", tenant]) => (
            "tenant.delete",
            Params {
                tenant_id: Some(tenant.to_string()),
                ..Params::default()
            },
        ),
        ("POST", ["tenants", tenant, "applications"]) => {
            let auth = field("auth_method");
            let kind = text(auth.and_then(|a| a.get("type")));
            let params = Params {
                tenant_id: Some(tenant.to_string()),
                cells: text(field("cell")).into_iter().collect(),
                scopes: strings(field("scopes")),
                auth_method: kind.map(|kind| match kind.as_str() {
                    "CLIENT_SECRET" => "client_secret".to_string(),
                    other => format!("private_key_jwt ({other})"),
                }),
                key_id: text(auth.and_then(|a| a.get("kid"))),
                ..Params::default()
            };
            ("tenant_application.create", params)
        }
        ("DELETE", ["tenants", tenant, "applications", application]) => (
            "tenant_application.delete",
            Params {
                tenant_id: Some(tenant.to_string()),
                application_id: Some(application.to_string()),
                ..Params::default()
            },
        ),
        ("GET", _) | ("HEAD", _) => return None,
        (method, _) => (
            "unrecognised",
            Params {
                name: Some(format!("{method} {}", segments.join("/"))),
                ..Params::default()
            },
        ),
    };
    Some((operation.to_string(), params))
}

/// The ids in a successful answer of `operation` (only `id`, `client_id` and a key's `kid`).
pub fn answered_ids(operation: &str, params: &Params, body: &[u8]) -> Ids {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    match operation {
        "tenant.create" => Ids {
            tenant_id: text(value.get("id")),
            ..Ids::default()
        },
        "tenant_application.create" => Ids {
            tenant_id: params.tenant_id.clone(),
            application_id: text(value.get("id")),
            client_id: text(value.get("client_id")),
            key_id: text(value.get("credentials").and_then(|c| c.get("kid"))),
            ..Ids::default()
        },
        _ => Ids {
            tenant_id: params.tenant_id.clone(),
            application_id: params.application_id.clone(),
            ..Ids::default()
        },
    }
}

/// A refusal's error code: the API's own (`code` or OAuth2's `error`) when its body has one,
/// else the kind of failure.
pub fn error_code(error: &ApiError, body: Option<&[u8]>) -> String {
    let from_body = body
        .and_then(|b| serde_json::from_slice::<Value>(b).ok())
        .and_then(|v| {
            ["code", "error_code", "error"]
                .iter()
                .find_map(|name| v.get(*name).and_then(Value::as_str).map(str::to_string))
        });
    from_body.unwrap_or_else(|| kind(error).to_string())
}

fn kind(error: &ApiError) -> &'static str {
    match error {
        ApiError::NotFound { .. } => "not_found",
        ApiError::Conflict { .. } => "conflict",
        ApiError::AlreadyExists { .. } => "already_exists",
        ApiError::Unplaced { .. } => "unplaced",
        ApiError::QuotaExceeded { .. } => "quota_exceeded",
        ApiError::Validation { .. } => "validation",
        ApiError::Unauthorized { .. } => "unauthorized",
        ApiError::Forbidden { .. } => "forbidden",
        ApiError::RateLimited { .. } => "rate_limited",
        ApiError::Server { .. } => "server_error",
        ApiError::Transport { .. } => "not_sent",
        ApiError::Config { .. } => "not_sent",
        ApiError::Stopped { .. } => "stopped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn an_application_create_names_its_parameters_and_never_its_key_material() {
        let body = json!({"cell": "eu-1", "scopes": ["a"], "auth_method": {"type": "RSA", "kid": "k1", "n": "123", "e": "65537"}});
        let (operation, params) = describe(
            &Method::POST,
            &path(&["tenants", "t1", "applications"]),
            Some(&body),
        )
        .unwrap();
        assert_eq!(operation, "tenant_application.create");
        assert_eq!(params.cells, vec!["eu-1"]);
        assert_eq!(params.key_id.as_deref(), Some("k1"));
        assert_eq!(params.auth_method.as_deref(), Some("private_key_jwt (RSA)"));
        let answer = json!({"id": "a1", "client_id": "c1", "credentials": {"type": "CLIENT_SECRET", "client_secret": "s3cr3t"}});
        let ids = answered_ids(&operation, &params, answer.to_string().as_bytes());
        assert_eq!(ids.application_id.as_deref(), Some("a1"));
        assert!(!serde_json::to_string(&ids).unwrap().contains("s3cr3t"));
        assert!(describe(&Method::GET, &path(&["tenants"]), None).is_none());
    }
}
