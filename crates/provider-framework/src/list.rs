//! List resources (Terraform 1.14+ `terraform query`) in Terraform's words: a [`ListResource`]
//! is declared like a data source (its [`Definition`](crate::attributes::Definition) is the list
//! block's `config` table, its type name the managed resource type it lists), and finds objects
//! page by page into a [`Listing`], which gives each its identity from the resource's
//! [`Identity`] table and its whole state when Terraform asked for it.

use async_trait::async_trait;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::provider::{ListSink, ListedObject};

use crate::identity::Identity;
use crate::registry::{ObjectType, Registry};

/// One list resource type of a provider whose configured data is `D`.
#[async_trait]
pub trait ListResource<D: Send + Sync>: ObjectType {
    /// The identity table of the managed resource type it lists.
    fn identity(&self) -> &'static Identity;

    /// Finds the objects `config` selects, sending each to `listing` as its page arrives and
    /// stopping as soon as `listing` wants no more. Errors end the listing.
    async fn list(&self, data: &D, config: &Value, listing: &mut Listing<'_>) -> Diagnostics;
}

/// Where a list resource sends the states it finds.
pub struct Listing<'a> {
    sink: &'a mut ListSink,
    identity: &'static Identity,
    include_resource: bool,
}

impl<'a> Listing<'a> {
    /// Sends one object by its full state (as the resource's read would answer it); `false`
    /// when Terraform wants no more.
    pub async fn found(&mut self, state: Value, display_name: impl Into<String>) -> bool {
        let object = ListedObject {
            identity: self.identity.of(&state),
            display_name: display_name.into(),
            resource_object: self.include_resource.then_some(state),
        };
        self.sink.send(object).await
    }

    /// Whether Terraform still wants objects (check before fetching another page).
    pub fn wants_more(&self) -> bool {
        self.sink.wants_more()
    }

    /// Whether Terraform asked for whole objects (`include_resource = true`).
    pub fn includes_resource(&self) -> bool {
        self.include_resource
    }
}

impl<D: Send + Sync> Registry<dyn ListResource<D>> {
    /// Every list type's identity table.
    pub fn identities(&self) -> Vec<&'static Identity> {
        self.all().map(|list| list.identity()).collect()
    }

    /// Lists `type_name` into `sink`, once the provider is configured.
    pub async fn list(
        &self,
        data: Result<&D, Diagnostics>,
        type_name: &str,
        config: &Value,
        include_resource: bool,
        sink: &mut ListSink,
    ) -> Diagnostics {
        let (list, data) = match self.get(type_name).and_then(|l| Ok((l, data?))) {
            Ok(found) => found,
            Err(diagnostics) => return diagnostics,
        };
        let mut listing = Listing {
            sink,
            identity: list.identity(),
            include_resource,
        };
        list.list(data, config, &mut listing).await
    }
}
