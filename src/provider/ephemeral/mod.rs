//! The provider's ephemeral resources (Terraform 1.10+): values that exist only while a Terraform
//! run needs them and never reach state or plan files. The trait they implement and their registry,
//! which checks a configuration before opening.

pub mod access_token;

use async_trait::async_trait;

use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::{OpenEphemeralResponse, RenewEphemeralResponse};
use crate::provider::data_sources::{Configured, Services};
use crate::provider::registry::{self, ObjectType};
use crate::provider::ResistantProvider;

/// One ephemeral resource type.
#[async_trait]
pub trait EphemeralResource: ObjectType {
    /// Opens: `config` is wholly known and passed `validate`.
    async fn open(&self, services: Services<'_>, config: &Value) -> OpenEphemeralResponse;

    async fn renew(&self, services: Services<'_>, private: &[u8]) -> RenewEphemeralResponse;

    async fn close(&self, private: &[u8]) -> Diagnostics;
}

/// Every ephemeral resource of the provider.
pub fn all() -> Vec<Box<dyn EphemeralResource>> {
    vec![Box::new(access_token::AccessToken::default())]
}

/// The ephemeral resources by type name; what the provider dispatches to.
pub type Registry = registry::Registry<dyn EphemeralResource>;

impl Default for Registry {
    fn default() -> Self {
        Registry::new("ephemeral resource", all())
    }
}

impl Registry {
    /// The resource called `type_name` and the configured provider's services.
    fn ready(
        &self,
        provider: &ResistantProvider,
        type_name: &str,
    ) -> Result<(&dyn EphemeralResource, Configured), Diagnostics> {
        Ok((self.get(type_name)?, Configured::of(provider)?))
    }

    /// Checks the now known configuration again, then opens.
    pub async fn open(
        &self,
        provider: &ResistantProvider,
        type_name: &str,
        config: &Value,
    ) -> OpenEphemeralResponse {
        let opened = async {
            let (resource, configured) = self.ready(provider, type_name)?;
            let diagnostics = resource.validate(config);
            if diagnostics.has_errors() {
                return Err(diagnostics);
            }
            Ok(resource.open(configured.services(), config).await)
        }
        .await;
        opened.unwrap_or_else(|diagnostics| OpenEphemeralResponse {
            diagnostics,
            ..Default::default()
        })
    }

    pub async fn renew(
        &self,
        provider: &ResistantProvider,
        type_name: &str,
        private: &[u8],
    ) -> RenewEphemeralResponse {
        match self.ready(provider, type_name) {
            Ok((resource, configured)) => resource.renew(configured.services(), private).await,
            Err(diagnostics) => RenewEphemeralResponse {
                diagnostics,
                ..Default::default()
            },
        }
    }

    pub async fn close(&self, type_name: &str, private: &[u8]) -> Diagnostics {
        match self.get(type_name) {
            Ok(resource) => resource.close(private).await,
            Err(diagnostics) => diagnostics,
        }
    }
}
