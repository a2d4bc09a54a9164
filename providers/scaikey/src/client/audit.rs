//! What the audit trail (`api_client_kit::audit`) records of ScaiKey's tenant changes: the
//! operation (`tenant.create`, `tenant.update`, `tenant.delete`), the name, slug and the names of
//! the settings a body sets (never their values), the tenant id answered, and how an unknown
//! outcome was settled (a create by the slug lookup that follows it, a delete by its next
//! attempt).

use api_client_kit::audit::{Ids, Params, Pending, Settled};
use reqwest::{Method, Url};
use serde_json::Value as Json;

use super::error::ApiError;
use super::retry::Failed;
use super::{Answer, Tenant};

/// The operation and its parameters, for a call that changes something (`None` for reads).
pub fn describe(method: &Method, url: &Url, body: Option<&Json>) -> Option<(String, Params)> {
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let id = match segments.as_slice() {
        [.., "tenants", id] => Some(id.to_string()),
        _ => None,
    };
    let text = |name: &str| body.and_then(|b| b[name].as_str()).map(str::to_string);
    let mut settings = Vec::new();
    if let Some(Json::Object(fields)) = body {
        for (name, value) in fields {
            if name != "name" && name != "slug" {
                leaves(name, value, &mut settings);
            }
        }
    }
    settings.sort();
    let operation = match (method.as_str(), &id) {
        ("GET", _) | ("HEAD", _) => return None,
        ("POST", None) => "tenant.create",
        ("PATCH", Some(_)) => "tenant.update",
        ("DELETE", Some(_)) => "tenant.delete",
        _ => "unrecognised",
    };
    Some((
        operation.to_string(),
        Params {
            tenant_id: id,
            name: text("name"),
            slug: text("slug"),
            settings_changed: settings,
            ..Params::default()
        },
    ))
}

/// The dotted paths of the values under `value` (`settings.session_timeout`).
fn leaves(path: &str, value: &Json, out: &mut Vec<String>) {
    match value {
        Json::Object(fields) if !fields.is_empty() => {
            for (name, inner) in fields {
                leaves(&format!("{path}.{name}"), inner, out);
            }
        }
        _ => out.push(path.to_string()),
    }
}

/// Whether a failed attempt may have taken effect.
fn unknown(failed: &Failed) -> bool {
    use api_client_kit::Attempt;
    failed.delivery().maybe_processed()
        || matches!(
            failed.error,
            ApiError::Unknown { .. } | ApiError::Stopped { sent: true }
        )
}

/// Writes the outcome of one attempt; an unknown one is handed back, to be settled.
pub fn record(pending: Pending, result: &Result<Answer, Failed>) -> Option<Pending> {
    match result {
        Ok(answer) => {
            let id = serde_json::from_slice::<Json>(&answer.body)
                .ok()
                .and_then(|b| b["id"].as_str().map(str::to_string));
            pending.succeeded(
                answer.status.as_u16(),
                Ids {
                    tenant_id: id,
                    ..Ids::default()
                },
            );
            None
        }
        Err(failed) if unknown(failed) => Some(pending.answered(failed.status)),
        Err(failed) => {
            let code = match &failed.error {
                ApiError::Rejected { status: 404, .. } => "not_found",
                ApiError::Rejected { status: 409, .. } => "conflict",
                ApiError::Rejected { status: 422, .. } => "validation_error",
                ApiError::Rejected { .. } => "rejected",
                ApiError::Credentials { .. } => "credentials_refused",
                ApiError::Unreachable { .. } => "not_sent",
                ApiError::Stopped { .. } => "stopped",
                _ => "failed",
            };
            pending.failed(failed.error.status().or(failed.status), code);
            None
        }
    }
}

/// Settles the unknown outcome of the attempt before `result`'s, where `result` tells: a delete
/// answered 404 took effect earlier; one that succeeds found the tenant still there.
pub fn settle_earlier(earlier: Option<Pending>, operation: &str, result: &Result<Answer, Failed>) {
    let Some(earlier) = earlier else { return };
    match (operation, result) {
        ("tenant.delete", Ok(_)) => earlier.settle(Settled::NotDone, Ids::default()),
        ("tenant.delete", Err(failed)) if failed.error.status() == Some(404) => {
            earlier.settle(Settled::Gone, Ids::default())
        }
        _ => drop(earlier),
    }
}

/// Settles a create's unknown outcome by the slug lookup after it: the tenant found is this
/// create's (adopted) when creates of the slug took turns machine-wide, else left alone; none
/// found, nothing was made.
pub fn settle_create(event: Option<Pending>, found: Option<&Tenant>, proven: bool) {
    let Some(event) = event else { return };
    match found {
        Some(tenant) => event.settle(
            if proven {
                Settled::Adopted
            } else {
                Settled::LeftAlone
            },
            Ids {
                tenant_id: Some(tenant.id.clone()),
                ..Ids::default()
            },
        ),
        None => event.settle(Settled::NotMade, Ids::default()),
    }
}
