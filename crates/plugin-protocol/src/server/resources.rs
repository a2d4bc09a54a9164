//! Managed resource RPCs: state upgrade, read, plan, apply, import (by ID or by identity), and the
//! unsupported move. Every state sent back has its write-only attributes nulled and, for types with
//! an identity, the identity the provider derives from it beside it; private bytes travel from
//! read, plan and apply to the provider and back.

use tonic::{Request, Response, Status};

use super::*;

impl<P: Provider> ProviderService<P> {
    pub(super) async fn handle_upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        tracing::debug!(tf_rpc = "UpgradeResourceState", "handling request");
        let request = request.into_inner();
        let name = &request.type_name;
        let result = async {
            let schema = self.schema(Kind::Resource, name)?;
            let raw = request.raw_state.unwrap_or_default();
            if raw.json.is_empty() && !raw.flatmap.is_empty() {
                return Err(Diagnostics::error(
                    "Unsupported: legacy flatmap state",
                    "This provider cannot read state stored in the pre-0.12 flatmap format.",
                ));
            }
            if raw.json.is_empty() {
                let state = encode(&Value::Null, &schema.block.implied_type(), "upgraded state")?;
                return Ok((state, Diagnostics::default()));
            }
            let (mut value, warnings) =
                upgrade::upgrade_state(&*self.provider, name, schema, request.version, &raw.json)
                    .await?;
            write_only::null_write_only(&schema.block, &mut value);
            let state = encode(&value, &schema.block.implied_type(), "upgraded state")?;
            Ok((state, warnings))
        }
        .await;
        ok(match result {
            Ok((state, warnings)) => pb::upgrade_resource_state::Response {
                upgraded_state: Some(state),
                diagnostics: convert::diagnostics(&warnings),
            },
            Err(diagnostics) => pb::upgrade_resource_state::Response {
                upgraded_state: None,
                diagnostics: convert::diagnostics(&diagnostics),
            },
        })
    }

    pub(super) async fn handle_read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Result<Response<pb::read_resource::Response>, Status> {
        tracing::debug!(tf_rpc = "ReadResource", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let current_state = self.decode_for(
                Kind::Resource,
                &name,
                request.current_state.as_ref(),
                "current state",
            )?;
            let mut response = self
                .provider
                .read_resource(ReadRequest {
                    type_name: name.clone(),
                    current_state,
                    private: request.private.clone(),
                })
                .await;
            let (new_state, private, new_identity) = if response.diagnostics.has_errors() {
                // Keep Terraform's idea of the object, private bytes and identity included, when
                // reading failed.
                (
                    request.current_state,
                    request.private,
                    request.current_identity,
                )
            } else {
                self.null_write_only(&name, &mut response.new_state);
                let state =
                    self.encode_for(Kind::Resource, &name, &response.new_state, "new state")?;
                let identity = self.identity_data(&name, &response.new_state)?;
                (Some(state), response.private, identity)
            };
            Ok::<_, Diagnostics>(pb::read_resource::Response {
                new_state,
                diagnostics: convert::diagnostics(&response.diagnostics),
                private,
                deferred: None,
                new_identity,
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::read_resource::Response {
                diagnostics: convert::diagnostics(&diagnostics),
                ..Default::default()
            }),
        )
    }

    pub(super) async fn handle_plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        tracing::debug!(tf_rpc = "PlanResourceChange", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        let result = async {
            let decode = |value: Option<&pb::DynamicValue>, what| {
                self.decode_for(Kind::Resource, &name, value, what)
            };
            let prior_identity = request.prior_identity.clone();
            let plan = PlanRequest {
                type_name: name.clone(),
                prior_state: decode(request.prior_state.as_ref(), "prior state")?,
                proposed_new_state: decode(
                    request.proposed_new_state.as_ref(),
                    "proposed new state",
                )?,
                config: decode(request.config.as_ref(), "configuration")?,
                prior_private: request.prior_private,
            };
            let mut response = self.provider.plan_resource_change(plan).await;
            let (planned_state, planned_identity) = if response.diagnostics.has_errors() {
                (None, None)
            } else {
                self.null_write_only(&name, &mut response.planned_state);
                // An object keeps its identity for life: an update or destroy plans the prior
                // one; a create (or a replacement's new object) the one its planned state
                // implies, unknown parts and all.
                let identity = match prior_identity {
                    Some(prior) if response.requires_replace.is_empty() => Some(prior),
                    _ => self.identity_data(&name, &response.planned_state)?,
                };
                let state = self.encode_for(
                    Kind::Resource,
                    &name,
                    &response.planned_state,
                    "planned state",
                )?;
                (Some(state), identity)
            };
            Ok::<_, Diagnostics>(pb::plan_resource_change::Response {
                planned_state,
                requires_replace: response
                    .requires_replace
                    .iter()
                    .map(convert::attribute_path)
                    .collect(),
                planned_private: response.planned_private,
                diagnostics: convert::diagnostics(&response.diagnostics),
                legacy_type_system: false,
                deferred: None,
                planned_identity,
            })
        }
        .await;
        ok(
            result.unwrap_or_else(|diagnostics| pb::plan_resource_change::Response {
                diagnostics: convert::diagnostics(&diagnostics),
                ..Default::default()
            }),
        )
    }

    pub(super) async fn handle_apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        tracing::debug!(tf_rpc = "ApplyResourceChange", "handling request");
        let request = request.into_inner();
        let name = request.type_name.clone();
        // Every failure below answers with the prior state exactly as Terraform sent it: an
        // update or destroy that failed leaves the object as it was, never recorded as gone.
        let failed = |diagnostics: &Diagnostics| pb::apply_resource_change::Response {
            new_state: request.prior_state.clone(),
            diagnostics: convert::diagnostics(diagnostics),
            ..Default::default()
        };
        let decode = |value: Option<&pb::DynamicValue>, what| {
            self.decode_for(Kind::Resource, &name, value, what)
        };
        let apply = match (|| {
            Ok::<_, Diagnostics>(ApplyRequest {
                type_name: name.clone(),
                prior_state: decode(request.prior_state.as_ref(), "prior state")?,
                planned_state: decode(request.planned_state.as_ref(), "planned state")?,
                config: decode(request.config.as_ref(), "configuration")?,
                planned_private: request.planned_private.clone(),
            })
        })() {
            Ok(apply) => apply,
            Err(diagnostics) => return ok(failed(&diagnostics)),
        };
        let prior_state = apply.prior_state.clone();
        let mut response = self.provider.apply_resource_change(apply).await;
        // A failed apply may return a partial state, which Terraform records. One that returns
        // nothing for an object that existed keeps the prior object rather than dropping it.
        if response.diagnostics.has_errors()
            && response.new_state.is_null()
            && !prior_state.is_null()
        {
            response.new_state = prior_state;
        }
        self.null_write_only(&name, &mut response.new_state);
        let encoded = self
            .encode_for(Kind::Resource, &name, &response.new_state, "new state")
            .and_then(|state| Ok((state, self.identity_data(&name, &response.new_state)?)));
        match encoded {
            Ok((new_state, new_identity)) => ok(pb::apply_resource_change::Response {
                new_state: Some(new_state),
                private: response.private,
                diagnostics: convert::diagnostics(&response.diagnostics),
                legacy_type_system: false,
                new_identity,
            }),
            Err(encoding) => {
                let mut diagnostics = response.diagnostics;
                diagnostics.extend(encoding);
                ok(failed(&diagnostics))
            }
        }
    }

    pub(super) async fn handle_import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        tracing::debug!(tf_rpc = "ImportResourceState", "handling request");
        let request = request.into_inner();
        let response = match &request.identity {
            Some(identity) if request.id.is_empty() => {
                match self.decode_identity(&request.type_name, identity) {
                    Ok(identity) => {
                        self.provider
                            .import_resource_by_identity(ImportByIdentityRequest {
                                type_name: request.type_name.clone(),
                                identity,
                            })
                            .await
                    }
                    Err(diagnostics) => ImportResponse {
                        diagnostics,
                        ..Default::default()
                    },
                }
            }
            _ => {
                self.provider
                    .import_resource_state(ImportRequest {
                        type_name: request.type_name,
                        id: request.id,
                    })
                    .await
            }
        };
        let mut diagnostics = response.diagnostics;
        let mut imported_resources = Vec::new();
        for mut object in response.imported {
            self.null_write_only(&object.type_name, &mut object.state);
            let encoded = self
                .encode_for(
                    Kind::Resource,
                    &object.type_name,
                    &object.state,
                    "imported state",
                )
                .and_then(|state| {
                    Ok((state, self.identity_data(&object.type_name, &object.state)?))
                });
            match encoded {
                Ok((state, identity)) => {
                    imported_resources.push(pb::import_resource_state::ImportedResource {
                        type_name: object.type_name,
                        state: Some(state),
                        private: object.private,
                        identity,
                    })
                }
                Err(more) => diagnostics.extend(more),
            }
        }
        ok(pb::import_resource_state::Response {
            imported_resources,
            diagnostics: convert::diagnostics(&diagnostics),
            deferred: None,
        })
    }

    pub(super) async fn handle_move_resource_state(
        &self,
        _request: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        tracing::debug!(tf_rpc = "MoveResourceState", "handling request");
        ok(pb::move_resource_state::Response {
            diagnostics: unsupported("moving resource state between resource types"),
            ..Default::default()
        })
    }
}

impl<P: Provider> ProviderService<P> {
    /// Nulls the write-only attributes of a state of resource type `type_name` (an unknown type
    /// is left alone: encoding it reports the error).
    fn null_write_only(&self, type_name: &str, state: &mut Value) {
        if let Ok(schema) = self.schema(Kind::Resource, type_name) {
            write_only::null_write_only(&schema.block, state);
        }
    }
}
