//! The Resistant actions (Terraform 1.14+): one-off operations run by `terraform apply
//! -invoke=action.TYPE.NAME` or from a resource's `action_trigger`, keeping no state.

pub mod check_credentials;

use tf_provider_framework::action::Action;

use super::ProviderData;

/// Every action of the provider.
pub fn all() -> Vec<Box<dyn Action<ProviderData>>> {
    vec![Box::new(check_credentials::CheckCredentials)]
}
