//! The provider's ephemeral resources (Terraform 1.10+): values that exist only while a Terraform
//! run needs them and never reach state or plan files.

pub mod access_token;

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::protocol::provider::{OpenEphemeralResponse, RenewEphemeralResponse};
use crate::protocol::schema::Schema;
use crate::provider::data_sources::{Configured, Services};
use crate::provider::ResistantProvider;

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

/// The ephemeral resources by type name; what the provider dispatches to.
pub struct Registry(BTreeMap<&'static str, Box<dyn EphemeralResource>>);

impl Default for Registry {
    fn default() -> Self {
        Registry(all().into_iter().map(|e| (e.type_name(), e)).collect())
    }
}

impl Registry {
    /// Adds every ephemeral resource's schema to the provider's schemas.
    pub fn add_schemas(&self, schemas: &mut BTreeMap<String, Schema>) {
        for (name, resource) in &self.0 {
            schemas.insert(name.to_string(), resource.schema());
        }
    }

    fn get(&self, type_name: &str) -> Result<&dyn EphemeralResource, Diagnostics> {
        self.0.get(type_name).map(|e| e.as_ref()).ok_or_else(|| {
            Diagnostics::error(
                "Unknown ephemeral resource",
                format!("This provider has no ephemeral resource {type_name:?}."),
            )
        })
    }

    pub fn validate(&self, type_name: &str, config: &Value) -> Diagnostics {
        match self.get(type_name) {
            Ok(resource) => resource.validate(config),
            Err(diagnostics) => diagnostics,
        }
    }

    pub async fn open(
        &self,
        provider: &ResistantProvider,
        type_name: &str,
        config: &Value,
    ) -> OpenEphemeralResponse {
        let ready = self
            .get(type_name)
            .and_then(|r| Configured::of(provider).map(|c| (r, c)));
        match ready {
            Ok((resource, configured)) => resource.open(configured.services(), config).await,
            Err(diagnostics) => OpenEphemeralResponse {
                diagnostics,
                ..Default::default()
            },
        }
    }

    pub async fn renew(
        &self,
        provider: &ResistantProvider,
        type_name: &str,
        private: &[u8],
    ) -> RenewEphemeralResponse {
        let ready = self
            .get(type_name)
            .and_then(|r| Configured::of(provider).map(|c| (r, c)));
        match ready {
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
