//! List resources (protocol 6.10, Terraform 1.14+ `terraform query`): the requests, and the sink a
//! provider streams found objects into. Each event carries the object's identity, a display name
//! and, when asked, the whole object in its managed resource's schema.

use tokio::sync::mpsc;

use crate::cty::{Type, Value};
use crate::diagnostics::Diagnostics;
use crate::proto_gen::tfplugin6 as pb;
use crate::server::{convert, values};

/// A list block to check (its values may still be unknown).
#[derive(Clone, Debug, Default)]
pub struct ValidateListResourceConfigRequest {
    /// The list resource type.
    pub type_name: String,
    /// The block's `config` argument, in the list resource's schema.
    pub config: Value,
    /// The block's `include_resource` (a bool, maybe unknown or null).
    pub include_resource_object: Value,
    /// The block's `limit` (a number, maybe unknown or null).
    pub limit: Value,
}

/// The answer to [`crate::provider::Provider::validate_list_resource_config`].
pub type ValidateListResourceConfigResponse = crate::provider::ValidateResourceConfigResponse;

/// List the objects a list block's configuration selects.
#[derive(Clone, Debug, Default)]
pub struct ListResourceRequest {
    /// The list resource type (also the managed resource type of what is found).
    pub type_name: String,
    /// The block's `config` argument, wholly known.
    pub config: Value,
    /// Whether each event should carry the whole object.
    pub include_resource_object: bool,
    /// The most events Terraform reads; the sink refuses more.
    pub limit: i64,
}

/// One object found.
#[derive(Clone, Debug, Default)]
pub struct ListedObject {
    /// Its identity, wholly known.
    pub identity: Value,
    /// A short label for people.
    pub display_name: String,
    /// The whole object in the managed resource's schema, when the request asked for it.
    pub resource_object: Option<Value>,
}

/// Where a list resource sends what it finds, one object at a time, as it pages through its API.
pub struct ListSink {
    sender: mpsc::Sender<Result<pb::list_resource::Event, tonic::Status>>,
    identity_type: Type,
    resource_type: Type,
    remaining: i64,
}

impl ListSink {
    pub(crate) fn new(
        sender: mpsc::Sender<Result<pb::list_resource::Event, tonic::Status>>,
        identity_type: Type,
        resource_type: Type,
        limit: i64,
    ) -> Self {
        ListSink {
            sender,
            identity_type,
            resource_type,
            remaining: if limit > 0 { limit } else { i64::MAX },
        }
    }

    /// Whether Terraform still wants objects (the limit is not reached and it still listens).
    pub fn wants_more(&self) -> bool {
        self.remaining > 0 && !self.sender.is_closed()
    }

    /// Sends one object; `false` when Terraform wants no more (stop paging then).
    pub async fn send(&mut self, object: ListedObject) -> bool {
        if !self.wants_more() {
            return false;
        }
        let event = (|| {
            let identity = values::encode(&object.identity, &self.identity_type, "identity")?;
            let resource_object = match &object.resource_object {
                Some(value) => Some(values::encode(
                    value,
                    &self.resource_type,
                    "resource object",
                )?),
                None => None,
            };
            Ok::<_, Diagnostics>(pb::list_resource::Event {
                identity: Some(pb::ResourceIdentityData {
                    identity_data: Some(identity),
                }),
                display_name: object.display_name.clone(),
                resource_object,
                diagnostic: Vec::new(),
            })
        })();
        match event {
            Ok(event) => {
                self.remaining -= 1;
                self.sender.send(Ok(event)).await.is_ok() && self.remaining > 0
            }
            Err(diagnostics) => {
                self.diagnostics(&diagnostics).await;
                false
            }
        }
    }

    /// Sends errors or warnings as an event of their own (an error ends the listing for
    /// Terraform).
    pub async fn diagnostics(&mut self, diagnostics: &Diagnostics) {
        if diagnostics.is_empty() {
            return;
        }
        let _ = self
            .sender
            .send(Ok(pb::list_resource::Event {
                diagnostic: convert::diagnostics(diagnostics),
                ..Default::default()
            }))
            .await;
    }
}
