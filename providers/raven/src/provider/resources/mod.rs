//! The managed resources, one file each (`tenant`, `api_key`), and what they share: which key an
//! object acts with, and how a failed call becomes diagnostics.

pub mod api_key;
pub mod tenant;

use tf_provider_framework::model::Attr;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::ApplyResponse;
use tf_provider_framework::resource::Resource;

use crate::client::{ApiError, Effect, Secret};
use crate::provider::ProviderData;

/// Every managed resource of the provider.
pub fn all() -> Vec<Box<dyn Resource<ProviderData>>> {
    vec![
        Box::new(tenant::TenantResource),
        Box::new(api_key::ApiKeyResource),
    ]
}

/// The key an object acts with: its own (`own`) when it has one, else the provider's `api_key`.
pub fn key_for(own: &Attr<String>, data: &ProviderData) -> Option<Secret> {
    match own.known() {
        Some(key) if !key.is_empty() => Some(Secret::new(key.as_str())),
        _ => data.api_key.clone(),
    }
}

/// The diagnostics of a failed call made to `action` (e.g. "update the tenant").
pub fn api_error(action: &str, error: &ApiError) -> Diagnostics {
    api_error_as(action, Effect::Change, error)
}

/// [`api_error`] for a call whose `effect` is a read or a registration.
pub fn api_error_as(action: &str, effect: Effect, error: &ApiError) -> Diagnostics {
    let (summary, detail) = error.describe_as(action, effect);
    Diagnostics::error(summary, detail)
}

/// A failed apply: the prior state stays, with the diagnostics.
pub fn failed(prior: Value, diagnostics: Diagnostics) -> ApplyResponse {
    ApplyResponse {
        new_state: prior,
        private: Vec::new(),
        diagnostics,
    }
}
