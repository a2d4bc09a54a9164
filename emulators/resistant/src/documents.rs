//! The Documents data plane stand-in: create a submission, upload its bytes, read its fraud
//! result. Submissions live in memory and are visible only to tokens of the same tenant and cell.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use crate::bearer::require_app_scope;
use crate::body::body_error;
use crate::error::ApiError;
use crate::model::is_cell;
use crate::path::Path;
use crate::secrets::{random_lower, random_string};
use crate::state::{Shared, Submission};

fn known_cell(cell: &str) -> Result<(), ApiError> {
    if is_cell(cell) {
        Ok(())
    } else {
        Err(ApiError::not_found(format!("unknown cell {cell:?}")))
    }
}

/// `POST /documents/{cell}/v2/submission`
pub async fn create_submission(
    State(state): State<Shared>,
    Path(cell): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    known_cell(&cell)?;
    let caller = require_app_scope(&state, &headers, &cell, "submissions.write")?;
    let body = body.map_err(body_error)?;
    if !body.is_empty() && serde_json::from_slice::<Value>(&body).is_err() {
        return Err(ApiError::bad_request("the request body is not valid JSON"));
    }
    let submission_id = format!("sub_{}", random_lower(20));
    let upload_id = random_string(40);
    let upload_url = format!(
        "{}/documents/{cell}/v2/upload/{upload_id}",
        state.base_url(&headers)
    );
    state
        .submissions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(
            submission_id.clone(),
            Submission {
                tenant_id: caller.tenant_id,
                cell,
                upload_id,
                uploaded_bytes: None,
            },
        );
    Ok(Json(
        json!({ "submission_id": submission_id, "upload_url": upload_url }),
    ))
}

/// `PUT /documents/{cell}/v2/upload/{upload_id}` — the pre-signed upload URL.
pub async fn upload(
    State(state): State<Shared>,
    Path((cell, upload_id)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    known_cell(&cell)?;
    let body = body.map_err(body_error)?;
    let mut submissions = state.submissions.lock().unwrap_or_else(|p| p.into_inner());
    let submission = submissions
        .values_mut()
        .find(|s| s.cell == cell && s.upload_id == upload_id)
        .ok_or_else(|| ApiError::not_found("unknown upload URL"))?;
    submission.uploaded_bytes = Some(body.len());
    Ok(StatusCode::OK)
}

/// `GET /documents/{cell}/v2/submission/{id}/fraud`
pub async fn fraud(
    State(state): State<Shared>,
    Path((cell, submission_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    known_cell(&cell)?;
    let caller = require_app_scope(&state, &headers, &cell, "submissions.read")?;
    let submissions = state.submissions.lock().unwrap_or_else(|p| p.into_inner());
    let not_found = || ApiError::not_found(format!("submission {submission_id} not found"));
    let submission = submissions
        .get(&submission_id)
        .filter(|s| s.tenant_id == caller.tenant_id && s.cell == cell)
        .ok_or_else(not_found)?;
    let Some(size) = submission.uploaded_bytes else {
        return Err(ApiError::not_found(format!(
            "the result of submission {submission_id} is not ready"
        )));
    };
    Ok(Json(json!({
        "submission_id": submission_id,
        "status": "SUCCESS",
        "score": "NORMAL",
        "analyzed_bytes": size,
    })))
}
