//! The provider's ephemeral resources (Terraform 1.10+): values that exist only while a Terraform
//! run needs them and never reach state or plan files.

pub mod access_token;

use async_trait::async_trait;

use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::{OpenEphemeralResponse, RenewEphemeralResponse};
use crate::protocol::schema::Schema;
use crate::provider::data_sources::Services;

/// One ephemeral resource type.
#[async_trait]
pub trait EphemeralResource: Send + Sync {
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> Schema;

    /// Plan-time checks of a configuration that may still hold unknown values.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }

    async fn open(&self, services: Services<'_>, config: &Value) -> OpenEphemeralResponse;

    async fn renew(&self, services: Services<'_>, private: &[u8]) -> RenewEphemeralResponse;

    async fn close(&self, private: &[u8]) -> Diagnostics;
}

/// Every ephemeral resource of the provider.
pub fn all() -> Vec<Box<dyn EphemeralResource>> {
    vec![Box::new(access_token::AccessToken::default())]
}
