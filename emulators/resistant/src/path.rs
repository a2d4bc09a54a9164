//! Path parameters that refuse a malformed segment (percent-encoded bytes that are not UTF-8) with
//! the API's JSON 400 `{"message"}`, like every other refusal, instead of axum's plain-text one.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Drop-in for `axum::extract::Path` whose rejection is an [`ApiError`].
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(ApiError::bad_request(format!(
                "the request path is malformed: {}",
                rejection.body_text()
            ))),
        }
    }
}
