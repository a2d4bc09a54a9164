//! Resource identity RPCs and the identity carried beside states: the identity schemas, stored
//! identities upgraded (fitted to the current schema like stored states), and the identity the
//! provider derives from each state read, planned, applied or imported.

use tonic::{Request, Response, Status};

use super::*;
use crate::identity::{IdentitySchema, UpgradeResourceIdentityRequest};

impl<P: Provider> ProviderService<P> {
    fn identity_schema(&self, type_name: &str) -> Option<&IdentitySchema> {
        self.provider.schemas().identities.get(type_name)
    }

    /// The identity of the object `state` describes, encoded, when the type declares one and the
    /// state is not null.
    pub(super) fn identity_data(
        &self,
        type_name: &str,
        state: &Value,
    ) -> Result<Option<pb::ResourceIdentityData>, Diagnostics> {
        let Some(schema) = self.identity_schema(type_name) else {
            return Ok(None);
        };
        if state.is_null() {
            return Ok(None);
        }
        match self.provider.identity_of(type_name, state) {
            Some(identity) => Ok(Some(pb::ResourceIdentityData {
                identity_data: Some(encode(&identity, &schema.implied_type(), "identity")?),
            })),
            None => Ok(None),
        }
    }

    /// Decodes an identity Terraform sent for `type_name`.
    pub(super) fn decode_identity(
        &self,
        type_name: &str,
        data: &pb::ResourceIdentityData,
    ) -> Result<Value, Diagnostics> {
        let schema = self.identity_schema(type_name).ok_or_else(|| {
            Diagnostics::error(
                "Resource type without identity",
                format!(
                    "The {type_name} resource type has no identity, so it cannot be imported by \
                     identity. Import it by ID instead (`import {{ id = \"...\" }}`)."
                ),
            )
        })?;
        decode(
            data.identity_data.as_ref(),
            &schema.implied_type(),
            "identity",
        )
    }

    pub(super) async fn handle_get_resource_identity_schemas(
        &self,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        tracing::debug!(tf_rpc = "GetResourceIdentitySchemas", "handling request");
        let identity_schemas = self
            .provider
            .schemas()
            .identities
            .iter()
            .map(|(name, schema)| (name.clone(), convert::identity_schema(schema)))
            .collect();
        ok(pb::get_resource_identity_schemas::Response {
            identity_schemas,
            diagnostics: Vec::new(),
        })
    }

    pub(super) async fn handle_upgrade_resource_identity(
        &self,
        request: Request<pb::upgrade_resource_identity::Request>,
    ) -> Result<Response<pb::upgrade_resource_identity::Response>, Status> {
        tracing::debug!(tf_rpc = "UpgradeResourceIdentity", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let schema = self.identity_schema(&name).ok_or_else(|| {
                Diagnostics::error(
                    "Unsupported: resource identity",
                    format!("This provider declares no resource identity for {name:?}."),
                )
            })?;
            if request.version > schema.version {
                return Err(Diagnostics::error(
                    "Identity written by a newer provider",
                    format!(
                        "The stored {name} identity has version {}, but this provider only knows \
                         versions up to {}. Upgrade the provider.",
                        request.version, schema.version
                    ),
                ));
            }
            let raw = request.raw_identity.unwrap_or_default();
            let mut identity: serde_json::Value =
                serde_json::from_slice(&raw.json).map_err(|error| {
                    Diagnostics::error(
                        "Invalid stored identity",
                        format!("The stored {name} identity is not valid JSON: {error}."),
                    )
                })?;
            let mut warnings = Diagnostics::default();
            if request.version < schema.version {
                let response = self
                    .provider
                    .upgrade_resource_identity(UpgradeResourceIdentityRequest {
                        type_name: name.clone(),
                        version: request.version,
                        raw_identity: identity,
                    })
                    .await;
                if response.diagnostics.has_errors() {
                    return Err(response.diagnostics);
                }
                identity = response.upgraded_identity;
                warnings = response.diagnostics;
            }
            let ty = schema.implied_type();
            let fitted = upgrade::fit_to_type(identity, &ty);
            let value =
                crate::cty::json::decode(fitted.to_string().as_bytes(), &ty).map_err(|error| {
                    Diagnostics::error(
                        "Invalid stored identity",
                        format!("The stored {name} identity does not match its schema: {error}."),
                    )
                })?;
            Ok((encode(&value, &ty, "upgraded identity")?, warnings))
        }
        .await;
        ok(match result {
            Ok((identity, warnings)) => pb::upgrade_resource_identity::Response {
                upgraded_identity: Some(pb::ResourceIdentityData {
                    identity_data: Some(identity),
                }),
                diagnostics: convert::diagnostics(&warnings),
            },
            Err(diagnostics) => pb::upgrade_resource_identity::Response {
                upgraded_identity: None,
                diagnostics: convert::diagnostics(&diagnostics),
            },
        })
    }
}
