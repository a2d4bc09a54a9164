//! Managed resources in Terraform's words: a [`Resource`] plans, creates, reads, updates, deletes and
//! imports, and the registry dispatches Terraform's plan/apply/read/import calls to it, with the
//! provider's configured data (`D`) when there is one.

use async_trait::async_trait;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::provider::{
    ApplyRequest, ApplyResponse, ImportResponse, PlanRequest, PlanResponse, ReadRequest,
    ReadResponse,
};

use crate::registry::{ObjectType, Registry};

/// What a create receives: the planned state (every unknown value is the provider's to fill in),
/// the configuration and the planned private bytes.
#[derive(Clone, Debug, Default)]
pub struct CreateRequest {
    /// The planned state; its unknown values are the provider's to fill in.
    pub planned: Value,
    /// The configuration, where write-only attributes can still be read.
    pub config: Value,
    /// The private bytes the plan kept.
    pub private: Vec<u8>,
}

/// What an in-place update receives.
#[derive(Clone, Debug, Default)]
pub struct UpdateRequest {
    /// The state before the update.
    pub prior: Value,
    /// The state to reach; unknown values are the provider's to fill in.
    pub planned: Value,
    /// The configuration, where write-only attributes can still be read.
    pub config: Value,
    /// The private bytes the plan kept.
    pub private: Vec<u8>,
}

/// What a delete receives: the state of the object to delete.
#[derive(Clone, Debug, Default)]
pub struct DeleteRequest {
    /// The state of the object to delete.
    pub prior: Value,
    /// The private bytes the plan kept.
    pub private: Vec<u8>,
}

/// One managed resource type of a provider whose configured data is `D`.
#[async_trait]
pub trait Resource<D: Send + Sync>: ObjectType {
    /// Plans a create, an update, or (with a null proposed state) a destroy. `data` is `None` while
    /// the provider configuration is not known yet; checks that need it are then skipped.
    async fn plan(&self, data: Option<&D>, request: PlanRequest) -> PlanResponse;

    /// Creates the object of a planned state and answers its full state.
    async fn create(&self, data: &D, request: CreateRequest) -> ApplyResponse;

    /// Reads the object back; a null new state means it is gone.
    async fn read(&self, data: &D, request: ReadRequest) -> ReadResponse;

    /// Changes the object in place to its planned state. Attributes kept in state only are
    /// updated here too: write that out, there is no implicit default.
    async fn update(&self, data: &D, request: UpdateRequest) -> ApplyResponse;

    /// Deletes the object.
    async fn delete(&self, data: &D, request: DeleteRequest) -> ApplyResponse;

    /// The objects an import ID names.
    async fn import(&self, data: &D, id: &str) -> ImportResponse;
}

/// An update that changes state only: the planned state, as it is.
pub fn state_only_update(request: UpdateRequest) -> ApplyResponse {
    ApplyResponse {
        new_state: request.planned,
        private: request.private,
        diagnostics: Diagnostics::default(),
    }
}

impl<D: Send + Sync + 'static> Registry<dyn Resource<D>> {
    /// Plans with `data` when the provider is configured.
    pub async fn plan(&self, data: Option<&D>, request: PlanRequest) -> PlanResponse {
        match self.get(&request.type_name) {
            Ok(resource) => resource.plan(data, request).await,
            Err(diagnostics) => PlanResponse {
                diagnostics,
                ..Default::default()
            },
        }
    }

    /// Creates, updates or deletes, by what the request holds. Failures before the resource is
    /// reached keep the prior state.
    pub async fn apply(
        &self,
        data: Result<&D, Diagnostics>,
        request: ApplyRequest,
    ) -> ApplyResponse {
        let (resource, data) = match self.get(&request.type_name).and_then(|r| Ok((r, data?))) {
            Ok(ready) => ready,
            Err(diagnostics) => {
                return ApplyResponse {
                    new_state: request.prior_state,
                    diagnostics,
                    ..Default::default()
                }
            }
        };
        let ApplyRequest {
            prior_state,
            planned_state,
            config,
            planned_private,
            ..
        } = request;
        match (prior_state.is_null(), planned_state.is_null()) {
            (_, true) => {
                let request = DeleteRequest {
                    prior: prior_state,
                    private: planned_private,
                };
                resource.delete(data, request).await
            }
            (true, false) => {
                let request = CreateRequest {
                    planned: planned_state,
                    config,
                    private: planned_private,
                };
                resource.create(data, request).await
            }
            (false, false) => {
                let request = UpdateRequest {
                    prior: prior_state,
                    planned: planned_state,
                    config,
                    private: planned_private,
                };
                resource.update(data, request).await
            }
        }
    }

    /// Reads; failures before the resource is reached keep the current state.
    pub async fn read(&self, data: Result<&D, Diagnostics>, request: ReadRequest) -> ReadResponse {
        match self.get(&request.type_name).and_then(|r| Ok((r, data?))) {
            Ok((resource, data)) => resource.read(data, request).await,
            Err(diagnostics) => ReadResponse {
                new_state: request.current_state,
                private: request.private,
                diagnostics,
            },
        }
    }

    /// Imports `id` as `type_name`, once the provider is configured.
    pub async fn import(
        &self,
        data: Result<&D, Diagnostics>,
        type_name: &str,
        id: &str,
    ) -> ImportResponse {
        match self.get(type_name).and_then(|r| Ok((r, data?))) {
            Ok((resource, data)) => resource.import(data, id).await,
            Err(diagnostics) => ImportResponse {
                imported: Vec::new(),
                diagnostics,
            },
        }
    }
}
