//! Data sources and ephemeral resources: the traits a provider implements for them (an ephemeral
//! resource that holds nothing to renew or release says nothing about it), and their registries'
//! dispatch, which checks the now wholly known configuration again (the rows' validators and the
//! object's own checks) before reading or opening.

use async_trait::async_trait;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::provider::{OpenEphemeralResponse, RenewEphemeralResponse};

use crate::registry::{ObjectType, Registry, Validate};

/// One data source type of a provider whose configured data is `D`.
#[async_trait]
pub trait DataSource<D: Send + Sync>: ObjectType {
    /// Reads: `config` is wholly known and passed `validate`; the answer is the full state object.
    async fn read(&self, data: &D, config: &Value) -> Result<Value, Diagnostics>;
}

/// One ephemeral resource type (Terraform 1.10+): a value that exists only while a run needs it.
#[async_trait]
pub trait EphemeralResource<D: Send + Sync>: ObjectType {
    /// Opens: `config` is wholly known and passed `validate`.
    async fn open(&self, data: &D, config: &Value) -> OpenEphemeralResponse;

    /// Extends the life of an opened value before it expires; `private` is what `open` (or the
    /// last renew) kept for it. By default there is nothing to renew: a value opened without a
    /// `renew_at` is never renewed.
    async fn renew(&self, _data: &D, _private: &[u8]) -> RenewEphemeralResponse {
        RenewEphemeralResponse::default()
    }

    /// Releases an opened value once the run is done with it (it gets no configured data: the
    /// provider may already be stopping). By default there is nothing to release.
    async fn close(&self, _private: &[u8]) -> Diagnostics {
        Diagnostics::default()
    }
}

/// The configuration's checks again, now that it is wholly known.
fn checked<T: ObjectType + ?Sized>(object: &T, config: &Value) -> Result<(), Diagnostics> {
    let diagnostics = object.validate(config);
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(())
    }
}

impl<D: Send + Sync + 'static> Registry<dyn DataSource<D>> {
    /// `ReadDataSource` for `type_name`: the configured data (or why there is none), the checks
    /// again, then the data source's read; a failure answers a null state.
    pub async fn read(
        &self,
        data: Result<&D, Diagnostics>,
        type_name: &str,
        config: &Value,
    ) -> (Value, Diagnostics) {
        let result = async {
            let data_source = self.get(type_name)?;
            let data = data?;
            checked(data_source, config)?;
            data_source.read(data, config).await
        }
        .await;
        match result {
            Ok(state) => (state, Diagnostics::default()),
            Err(diagnostics) => (Value::Null, diagnostics),
        }
    }
}

impl<D: Send + Sync + 'static> Registry<dyn EphemeralResource<D>> {
    /// `OpenEphemeralResource` for `type_name`: the configured data, the checks again, then open.
    pub async fn open(
        &self,
        data: Result<&D, Diagnostics>,
        type_name: &str,
        config: &Value,
    ) -> OpenEphemeralResponse {
        let opened = async {
            let resource = self.get(type_name)?;
            let data = data?;
            checked(resource, config)?;
            Ok(resource.open(data, config).await)
        }
        .await;
        opened.unwrap_or_else(|diagnostics| OpenEphemeralResponse {
            diagnostics,
            ..Default::default()
        })
    }

    /// `RenewEphemeralResource` for `type_name`.
    pub async fn renew(
        &self,
        data: Result<&D, Diagnostics>,
        type_name: &str,
        private: &[u8],
    ) -> RenewEphemeralResponse {
        match self.get(type_name).and_then(|r| Ok((r, data?))) {
            Ok((resource, data)) => resource.renew(data, private).await,
            Err(diagnostics) => RenewEphemeralResponse {
                diagnostics,
                ..Default::default()
            },
        }
    }

    /// `CloseEphemeralResource` for `type_name`.
    pub async fn close(&self, type_name: &str, private: &[u8]) -> Diagnostics {
        match self.get(type_name) {
            Ok(resource) => resource.close(private).await,
            Err(diagnostics) => diagnostics,
        }
    }
}
