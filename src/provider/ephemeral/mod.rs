//! The provider's ephemeral resources (Terraform 1.10+): values that exist only while a Terraform
//! run needs them and never reach state or plan files. Each is a framework [`EphemeralResource`].

pub mod access_token;

use crate::provider::ProviderData;
pub use tf_provider_framework::data_source::EphemeralResource;

/// Every ephemeral resource of the provider.
pub fn all() -> Vec<Box<dyn EphemeralResource<ProviderData>>> {
    vec![Box::new(access_token::AccessToken::default())]
}
