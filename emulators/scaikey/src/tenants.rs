//! The admin tenants endpoints: paged list with filters, create, get, PATCH (merge) and soft
//! delete, with every body and query problem reported as a 422 `loc`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::auth::require;
use crate::body::json_object;
use crate::error::{ApiError, Issue};
use crate::loc;
use crate::settings;
use crate::state::Shared;
use crate::store::{not_found, NewTenant, Tenant, DELETED};
use crate::validation;

const NAME_MAX: usize = 100;
const PARTNER_ID_MAX: usize = 255;
const STATUSES: [&str; 3] = ["active", "suspended", DELETED];
const PATCH_STATUSES: [&str; 2] = ["active", "suspended"];
const DEFAULT_PER_PAGE: i64 = 20;
const MAX_PER_PAGE: i64 = 100;

/// The tenant object.
pub fn tenant_json(t: &Tenant) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "slug": t.slug,
        "partner_id": t.partner_id,
        "status": t.status,
        "settings": t.settings,
        "created_at": t.created_at,
        "updated_at": t.updated_at,
        "deleted_at": t.deleted_at,
    })
}

/// The tenant id of the path; one that cannot be decoded names no tenant.
fn path_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError::not_found("Tenant not found: the id in the path is not valid"))
}

/// Collects issues while checking a body: `check` runs a field check and keeps its value.
#[derive(Default)]
struct Issues(Vec<Issue>);

impl Issues {
    fn check<T>(&mut self, result: Result<T, Issue>) -> Option<T> {
        result.map_err(|issue| self.0.push(issue)).ok()
    }
    fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

fn body_loc(field: &str) -> Vec<Value> {
    loc!["body", field].to_vec()
}

/// Checks `settings` (when given and not null) merged into `base`.
fn checked_settings(
    base: Map<String, Value>,
    body: &Map<String, Value>,
    issues: &mut Issues,
) -> Map<String, Value> {
    let mut merged = base;
    if let Some(given) = body.get("settings").filter(|v| !v.is_null()) {
        if let Err(found) = settings::merge(&mut merged, given, &body_loc("settings")) {
            issues.0.extend(found);
        }
    }
    merged
}

/// `POST /api/v1/admin/tenants/`
pub async fn create(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    require(&state, &headers, "tenants:write")?;
    let body = json_object(&headers, body)?;
    let mut issues = Issues::default();
    for key in body.keys() {
        if !["name", "slug", "partner_id", "settings"].contains(&key.as_str()) {
            issues.0.push(validation::extra(&body_loc(key)));
        }
    }
    let name = match body.get("name") {
        None => issues.check(Err(validation::missing(&body_loc("name")))),
        Some(v) => issues.check(validation::string(v, &body_loc("name"), 1, NAME_MAX)),
    };
    let slug = match body.get("slug") {
        None => issues.check(Err(validation::missing(&body_loc("slug")))),
        Some(v) => issues.check(validation::slug(v, &body_loc("slug"))),
    };
    let partner_id = match body.get("partner_id") {
        None | Some(Value::Null) => None,
        Some(v) => issues.check(validation::string(
            v,
            &body_loc("partner_id"),
            1,
            PARTNER_ID_MAX,
        )),
    };
    let tenant_settings = checked_settings(settings::defaults(), &body, &mut issues);
    issues.finish()?;
    let (Some(name), Some(slug)) = (name, slug) else {
        return Err(ApiError::internal("a checked field is missing"));
    };
    let tenant = state.store.create(NewTenant {
        name,
        slug,
        partner_id,
        settings: tenant_settings,
    })?;
    tracing::info!(tenant_id = %tenant.id, slug = %tenant.slug, "tenant created");
    let mut response = (StatusCode::CREATED, Json(tenant_json(&tenant))).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/admin/tenants/{}", tenant.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /api/v1/admin/tenants/{tenant_id}` (deleted tenants too).
pub async fn get(
    State(state): State<Shared>,
    headers: HeaderMap,
    tenant_id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    require(&state, &headers, "tenants:read")?;
    let tenant_id = path_id(tenant_id)?;
    let tenant = state
        .store
        .get(&tenant_id)?
        .ok_or_else(|| not_found(&tenant_id))?;
    Ok(Json(tenant_json(&tenant)))
}

/// `PATCH /api/v1/admin/tenants/{tenant_id}`: `name`, `status` and `settings` (merged).
pub async fn update(
    State(state): State<Shared>,
    headers: HeaderMap,
    tenant_id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    require(&state, &headers, "tenants:write")?;
    let tenant_id = path_id(tenant_id)?;
    let body = json_object(&headers, body)?;
    let mut issues = Issues::default();
    for key in body.keys() {
        match key.as_str() {
            "name" | "status" | "settings" => {}
            "slug" | "partner_id" => issues.0.push(Issue::new(
                &body_loc(key),
                "extra_forbidden",
                format!("{key} cannot be changed after creation; create a new tenant instead"),
            )),
            _ => issues.0.push(validation::extra(&body_loc(key))),
        }
    }
    let name = body
        .get("name")
        .and_then(|v| issues.check(validation::string(v, &body_loc("name"), 1, NAME_MAX)));
    let status = body
        .get("status")
        .and_then(|v| issues.check(validation::literal(v, &body_loc("status"), &PATCH_STATUSES)));
    // The settings check does not depend on the stored values, so it can run before the change.
    checked_settings(settings::defaults(), &body, &mut issues);
    issues.finish()?;
    let tenant = state.store.modify(&tenant_id, |tenant| {
        if let Some(name) = name {
            tenant.name = name;
        }
        if let Some(status) = status {
            tenant.status = status;
        }
        if let Some(given) = body.get("settings").filter(|v| !v.is_null()) {
            settings::merge(&mut tenant.settings, given, &body_loc("settings"))?;
        }
        Ok(())
    })?;
    tracing::info!(tenant_id = %tenant.id, "tenant updated");
    Ok(Json(tenant_json(&tenant)))
}

/// `DELETE /api/v1/admin/tenants/{tenant_id}`: the soft delete.
pub async fn delete(
    State(state): State<Shared>,
    headers: HeaderMap,
    tenant_id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    require(&state, &headers, "tenants:write")?;
    let tenant_id = path_id(tenant_id)?;
    state.store.soft_delete(&tenant_id)?;
    tracing::info!(%tenant_id, "tenant deleted (soft)");
    Ok(StatusCode::NO_CONTENT)
}

/// The list query, checked.
#[derive(Debug)]
struct ListQuery {
    page: i64,
    per_page: i64,
    search: Option<String>,
    status: Option<String>,
    partner_id: Option<String>,
}

fn integer_param(text: &str, name: &str, min: i64, max: i64) -> Result<i64, Issue> {
    let loc = loc!["query", name];
    let n = text.trim().parse::<i64>().map_err(|_| {
        Issue::new(
            &loc,
            "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer",
        )
    })?;
    validation::bounded(n, &loc, min, max)
}

/// Parses the query string; the last of repeated parameters wins, unknown ones are ignored and
/// empty filters count as absent.
fn list_query(uri: &Uri) -> Result<ListQuery, ApiError> {
    let mut raw: Map<String, Value> = Map::new();
    for (key, value) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        raw.insert(key.into_owned(), Value::from(value.into_owned()));
    }
    let text = |name: &str| raw.get(name).and_then(Value::as_str).map(str::to_string);
    let filter = |name: &str| text(name).filter(|v| !v.is_empty());
    let mut issues = Issues::default();
    let page = match text("page") {
        Some(v) => issues.check(integer_param(&v, "page", 1, i64::MAX)),
        None => Some(1),
    };
    let per_page = match text("per_page") {
        Some(v) => issues.check(integer_param(&v, "per_page", 1, MAX_PER_PAGE)),
        None => Some(DEFAULT_PER_PAGE),
    };
    let status = filter("status").and_then(|v| {
        issues.check(validation::literal(
            &Value::from(v),
            &loc!["query", "status"],
            &STATUSES,
        ))
    });
    issues.finish()?;
    Ok(ListQuery {
        page: page.unwrap_or(1),
        per_page: per_page.unwrap_or(DEFAULT_PER_PAGE),
        search: filter("search").map(|s| s.to_lowercase()),
        status,
        partner_id: filter("partner_id"),
    })
}

impl ListQuery {
    fn matches(&self, t: &Tenant) -> bool {
        let status_ok = match &self.status {
            Some(status) => &t.status == status,
            None => t.status != DELETED,
        };
        let partner_ok = self
            .partner_id
            .as_ref()
            .is_none_or(|p| t.partner_id.as_ref() == Some(p));
        let search_ok = self.search.as_ref().is_none_or(|s| {
            t.name.to_lowercase().contains(s.as_str()) || t.slug.to_lowercase().contains(s.as_str())
        });
        status_ok && partner_ok && search_ok
    }
}

/// `GET /api/v1/admin/tenants/?page=&per_page=&search=&status=&partner_id=`
pub async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Json<Value>, ApiError> {
    require(&state, &headers, "tenants:read")?;
    let query = list_query(&uri)?;
    let matching: Vec<Tenant> = state
        .store
        .all()?
        .into_iter()
        .filter(|t| query.matches(t))
        .collect();
    let skip = usize::try_from(query.page.saturating_sub(1).saturating_mul(query.per_page))
        .unwrap_or(usize::MAX);
    let per_page = usize::try_from(query.per_page).unwrap_or(usize::MAX);
    let items: Vec<Value> = matching
        .iter()
        .skip(skip)
        .take(per_page)
        .map(tenant_json)
        .collect();
    Ok(Json(json!({
        "items": items,
        "total": matching.len(),
        "page": query.page,
        "per_page": query.per_page,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Result<ListQuery, ApiError> {
        list_query(&format!("/x?{text}").parse().unwrap())
    }

    #[test]
    fn the_list_query_has_defaults_and_bounds() {
        let q = query("").unwrap();
        assert_eq!((q.page, q.per_page), (1, 20));
        assert!(q.status.is_none() && q.search.is_none());
        let q = query("page=3&per_page=100&search=AcMe&status=&unknown=1").unwrap();
        assert_eq!((q.page, q.per_page), (3, 100));
        assert_eq!(q.search.as_deref(), Some("acme"));
        assert!(q.status.is_none());
        for bad in [
            "page=0",
            "per_page=101",
            "per_page=0",
            "page=x",
            "status=gone",
            "page=%FF",
        ] {
            assert!(query(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_locs_of_query_problems_name_the_parameter() {
        let err = query("page=0&per_page=abc").unwrap_err();
        assert_eq!(
            err.detail,
            json!([
                { "loc": ["query", "page"], "msg": "Input should be greater than or equal to 1", "type": "greater_than_equal" },
                { "loc": ["query", "per_page"], "msg": "Input should be a valid integer, unable to parse string as an integer", "type": "int_parsing" },
            ])
        );
    }
}
