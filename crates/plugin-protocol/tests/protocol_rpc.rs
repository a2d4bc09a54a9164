//! The tfplugin6 service's mapping onto the `Provider` trait, RPC by RPC, with a small example
//! provider: values decoded with the schema's implied type (msgpack or JSON), results encoded as
//! msgpack, diagnostics with paths, requires_replace, private bytes, renew_at, state upgrades,
//! functions, and the unsupported RPCs.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use tf_plugin_protocol::cty::{json, msgpack, Type, Value};
use tf_plugin_protocol::diagnostics::{AttributePath, Diagnostics};
use tf_plugin_protocol::proto_gen::tfplugin6 as pb;
use tf_plugin_protocol::proto_gen::tfplugin6::provider_server::Provider as _;
use tf_plugin_protocol::provider::*;
use tf_plugin_protocol::schema::*;
use tf_plugin_protocol::server::ProviderService;
use tonic::Request;

struct Example {
    schemas: ProviderSchemas,
}

fn thing_schema() -> Schema {
    Schema {
        version: 2,
        block: Block::with_attributes([
            Attribute::new("id", Type::String).computed(),
            Attribute::new("name", Type::String).required(),
            Attribute::new("tags", Type::set(Type::String)).optional(),
        ]),
    }
}

/// A resource with write-only attributes at the top, in a nested attribute and in a nested block,
/// and a computed attribute the example fills from the configuration's password.
fn secret_schema() -> Schema {
    Schema::new(
        Block::with_attributes([
            Attribute::new("id", Type::String).computed(),
            Attribute::new("password", Type::String)
                .optional()
                .write_only(),
            Attribute::new("password_length", Type::Number).computed(),
            Attribute::nested(
                "login",
                Nesting::Single,
                vec![
                    Attribute::new("user", Type::String).optional(),
                    Attribute::new("token", Type::String)
                        .optional()
                        .write_only(),
                ],
            )
            .optional(),
        ])
        .with_block(NestedBlock::new(
            "rule",
            Nesting::List,
            Block::with_attributes([
                Attribute::new("label", Type::String).optional(),
                Attribute::new("key", Type::String).optional().write_only(),
            ]),
        )),
    )
}

/// A resource whose list of blocks holds a dynamically typed attribute.
fn rules_schema() -> Schema {
    Schema::new(
        Block::with_attributes([Attribute::new("id", Type::String).computed()]).with_block(
            NestedBlock::new(
                "rule",
                Nesting::List,
                Block::with_attributes([Attribute::new("value", Type::Dynamic).optional()]),
            ),
        ),
    )
}

/// What the example answers for `example_secret`: the configuration as the new state, write-only
/// values included (a provider that leaks them), with the password's length and an id.
fn secret_state(config: &Value, id: Value) -> Value {
    let mut state = config.clone();
    let length = config.get_str("password").map_or(0, str::len);
    state.set_attribute("password_length", Value::int(length as i64));
    state.set_attribute("id", id);
    state
}

fn example() -> Example {
    let mut schemas = ProviderSchemas {
        provider: Schema::new(Block::with_attributes([Attribute::new(
            "region",
            Type::String,
        )
        .optional()])),
        ..Default::default()
    };
    schemas
        .resources
        .insert("example_thing".into(), thing_schema());
    schemas
        .resources
        .insert("example_secret".into(), secret_schema());
    schemas
        .resources
        .insert("example_rules".into(), rules_schema());
    schemas.data_sources.insert(
        "example_lookup".into(),
        Schema::new(Block::with_attributes([
            Attribute::new("key", Type::String).required(),
            Attribute::new("value", Type::String).computed(),
        ])),
    );
    schemas.ephemeral_resources.insert(
        "example_token".into(),
        Schema::new(Block::with_attributes([Attribute::new(
            "token",
            Type::String,
        )
        .computed()
        .sensitive()])),
    );
    schemas.functions.insert(
        "double".into(),
        FunctionSignature {
            parameters: vec![FunctionParameter {
                name: "n".into(),
                ty: Type::Number,
                description: "a *number*".into(),
                description_kind: DescriptionKind::Markdown,
                allow_null: false,
                allow_unknown: false,
            }],
            variadic: None,
            return_type: Type::Number,
            summary: "Doubles".into(),
            description: String::new(),
            description_kind: DescriptionKind::Plain,
            deprecation_message: String::new(),
        },
    );
    Example { schemas }
}

#[async_trait]
impl Provider for Example {
    fn schemas(&self) -> &ProviderSchemas {
        &self.schemas
    }

    async fn validate_resource_config(
        &self,
        request: ValidateResourceConfigRequest,
    ) -> ValidateResourceConfigResponse {
        let mut diagnostics = Diagnostics::default();
        if request.config.get_str("name") == Some("bad") {
            diagnostics.error_at(
                AttributePath::root("tags").key("x"),
                "Bad name",
                "names may not be bad",
            );
        }
        diagnostics.into()
    }

    async fn upgrade_resource_state(
        &self,
        request: UpgradeResourceStateRequest,
    ) -> UpgradeResourceStateResponse {
        assert_eq!(request.version, 1);
        let mut state = request.raw_state;
        let title = state["title"].take();
        state["name"] = title;
        UpgradeResourceStateResponse {
            upgraded_state: state,
            diagnostics: Diagnostics::warning("Upgraded", "title became name"),
        }
    }

    async fn read_resource(&self, request: ReadRequest) -> ReadResponse {
        if request.current_state.get_str("name") == Some("unreadable") {
            return ReadResponse {
                diagnostics: Diagnostics::error("Read failed", "as asked"),
                ..Default::default()
            };
        }
        if request.type_name == "example_secret" {
            // Reads back what the API would not return, had it been asked to.
            let mut state = request.current_state;
            state.set_attribute("password", Value::string("from-the-api"));
            return ReadResponse {
                new_state: state,
                private: request.private,
                diagnostics: Diagnostics::default(),
            };
        }
        let gone = request.current_state.get_str("name") == Some("gone");
        ReadResponse {
            new_state: if gone {
                Value::Null
            } else {
                request.current_state
            },
            private: [request.private, b"+read".to_vec()].concat(),
            diagnostics: Diagnostics::default(),
        }
    }

    async fn plan_resource_change(&self, request: PlanRequest) -> PlanResponse {
        if request.type_name == "example_secret" {
            return PlanResponse {
                planned_state: secret_state(&request.config, Value::Unknown),
                planned_private: request.prior_private,
                ..Default::default()
            };
        }
        let mut planned = request.proposed_new_state.clone();
        if request.prior_state.is_null() {
            planned.set_attribute("id", Value::Unknown);
        }
        let renamed = !request.prior_state.is_null()
            && request.prior_state.get("name") != request.config.get("name");
        PlanResponse {
            planned_state: planned,
            requires_replace: if renamed {
                vec![AttributePath::root("name")]
            } else {
                vec![]
            },
            planned_private: [request.prior_private, b"+planned".to_vec()].concat(),
            diagnostics: Diagnostics::default(),
        }
    }

    async fn apply_resource_change(&self, request: ApplyRequest) -> ApplyResponse {
        if request.type_name == "example_secret" {
            return ApplyResponse {
                new_state: secret_state(&request.config, Value::string("s-1")),
                private: request.planned_private,
                diagnostics: Diagnostics::default(),
            };
        }
        let name = request
            .planned_state
            .get_str("name")
            .or(request.prior_state.get_str("name"));
        match name {
            // A failure that answers no state at all.
            Some("fails") => {
                return ApplyResponse {
                    diagnostics: Diagnostics::error("Apply failed", "as asked"),
                    ..Default::default()
                }
            }
            // A result that does not fit the schema, so it cannot be encoded.
            Some("misfit") => {
                return ApplyResponse {
                    new_state: Value::object([("unheard_of", Value::Bool(true))]),
                    ..Default::default()
                }
            }
            _ => {}
        }
        let mut state = request.planned_state;
        state.set_attribute("id", Value::string("id-1"));
        ApplyResponse {
            new_state: state,
            private: request.planned_private,
            diagnostics: Diagnostics::default(),
        }
    }

    async fn import_resource_state(&self, request: ImportRequest) -> ImportResponse {
        ImportResponse {
            imported: vec![ImportedObject {
                type_name: request.type_name,
                state: Value::object([
                    ("id", Value::string(request.id)),
                    ("name", Value::string("imported")),
                    ("tags", Value::Null),
                ]),
                private: b"imp".to_vec(),
            }],
            diagnostics: Diagnostics::default(),
        }
    }

    async fn read_data_source(&self, request: ReadDataSourceRequest) -> ReadDataSourceResponse {
        let mut state = request.config;
        let key = state.get_str("key").unwrap_or_default().to_uppercase();
        state.set_attribute("value", Value::string(key));
        ReadDataSourceResponse {
            state,
            diagnostics: Diagnostics::default(),
        }
    }

    async fn open_ephemeral_resource(
        &self,
        _request: OpenEphemeralRequest,
    ) -> OpenEphemeralResponse {
        OpenEphemeralResponse {
            result: Value::object([("token", Value::string("t0k3n"))]),
            renew_at: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000)),
            private: b"lease".to_vec(),
            diagnostics: Diagnostics::default(),
        }
    }

    async fn renew_ephemeral_resource(
        &self,
        request: RenewEphemeralRequest,
    ) -> RenewEphemeralResponse {
        RenewEphemeralResponse {
            renew_at: None,
            private: [request.private, b"+renewed".to_vec()].concat(),
            diagnostics: Diagnostics::default(),
        }
    }

    async fn call_function(&self, request: CallFunctionRequest) -> CallFunctionResponse {
        let n = request.arguments[0].as_i64().unwrap_or_default();
        if n < 0 {
            return Err(FunctionError {
                text: "negative".into(),
                argument: Some(0),
            })
            .into();
        }
        Ok(Value::int(n * 2)).into()
    }
}

fn service() -> ProviderService<Example> {
    ProviderService::new(Arc::new(example()))
}

fn thing_type() -> Type {
    thing_schema().block.implied_type()
}

fn thing(id: Value, name: &str) -> Value {
    Value::object([
        ("id", id),
        ("name", Value::string(name)),
        ("tags", Value::set_of_strings(["a"])),
    ])
}

/// The message of a successful RPC.
fn answer<T>(result: Result<tonic::Response<T>, tonic::Status>) -> T {
    result.expect("rpc").into_inner()
}

/// PlanResourceChange of `example_thing` from `prior` to `proposed` (also the configuration).
fn plan_thing(prior: &Value, proposed: &Value) -> Request<pb::plan_resource_change::Request> {
    let ty = thing_type();
    Request::new(pb::plan_resource_change::Request {
        type_name: "example_thing".into(),
        prior_state: packed(prior, &ty),
        proposed_new_state: packed(proposed, &ty),
        config: packed(proposed, &ty),
        ..Default::default()
    })
}

/// ReadResource of `example_thing` in state `current` with these private bytes.
fn read_thing(current: &Value, private: &[u8]) -> Request<pb::read_resource::Request> {
    Request::new(pb::read_resource::Request {
        type_name: "example_thing".into(),
        current_state: packed(current, &thing_type()),
        private: private.to_vec(),
        ..Default::default()
    })
}

fn packed(value: &Value, ty: &Type) -> Option<pb::DynamicValue> {
    Some(pb::DynamicValue {
        msgpack: msgpack::encode(value, ty).expect("encode"),
        json: vec![],
    })
}

fn unpacked(value: Option<pb::DynamicValue>, ty: &Type) -> Value {
    let value = value.expect("a value");
    assert!(value.json.is_empty(), "results are msgpack");
    msgpack::decode(&value.msgpack, ty).expect("decode")
}

#[tokio::test]
async fn schema_and_metadata_describe_everything_with_capabilities() {
    let svc = service();
    let schema = answer(
        svc.get_provider_schema(Request::new(pb::get_provider_schema::Request {}))
            .await,
    );
    let caps = schema.server_capabilities.expect("capabilities");
    assert!(caps.plan_destroy && caps.get_provider_schema_optional && !caps.move_resource_state);
    let thing = &schema.resource_schemas["example_thing"];
    assert_eq!(thing.version, 2);
    let attributes = &thing.block.as_ref().expect("block").attributes;
    let name = attributes.iter().find(|a| a.name == "name").expect("name");
    assert!(name.required && !name.optional && !name.computed);
    assert_eq!(json::decode_type(&name.r#type).expect("type"), Type::String);
    assert!(schema.data_source_schemas.contains_key("example_lookup"));
    assert!(
        schema.ephemeral_resource_schemas["example_token"]
            .block
            .as_ref()
            .expect("block")
            .attributes[0]
            .sensitive
    );
    let double = &schema.functions["double"];
    assert_eq!(double.parameters[0].name, "n");
    assert_eq!(
        double.parameters[0].description_kind,
        pb::StringKind::Markdown as i32,
        "a parameter's Markdown description stays Markdown"
    );
    assert_eq!(
        json::decode_type(&double.r#return.as_ref().expect("return").r#type).expect("type"),
        Type::Number
    );

    let metadata = answer(
        svc.get_metadata(Request::new(pb::get_metadata::Request {}))
            .await,
    );
    let resources: Vec<&str> = metadata
        .resources
        .iter()
        .map(|r| r.type_name.as_str())
        .collect();
    assert_eq!(
        resources,
        ["example_rules", "example_secret", "example_thing"]
    );
    assert_eq!(metadata.data_sources[0].type_name, "example_lookup");
    assert_eq!(metadata.ephemeral_resources[0].type_name, "example_token");
    assert_eq!(metadata.functions[0].name, "double");
}

#[tokio::test]
async fn validation_diagnostics_carry_attribute_paths() {
    let response = answer(
        service()
            .validate_resource_config(Request::new(pb::validate_resource_config::Request {
                type_name: "example_thing".into(),
                config: packed(&thing(Value::Null, "bad"), &thing_type()),
                client_capabilities: None,
            }))
            .await,
    );
    let diagnostic = &response.diagnostics[0];
    assert_eq!(diagnostic.severity, pb::diagnostic::Severity::Error as i32);
    use pb::attribute_path::step::Selector;
    let steps: Vec<_> = diagnostic
        .attribute
        .as_ref()
        .expect("path")
        .steps
        .iter()
        .map(|s| s.selector.clone())
        .collect();
    assert_eq!(
        steps,
        vec![
            Some(Selector::AttributeName("tags".into())),
            Some(Selector::ElementKeyString("x".into()))
        ]
    );
}

#[tokio::test]
async fn unknown_type_names_and_bad_values_are_error_diagnostics() {
    let svc = service();
    let response = answer(
        svc.validate_resource_config(Request::new(pb::validate_resource_config::Request {
            type_name: "example_nothing".into(),
            config: None,
            client_capabilities: None,
        }))
        .await,
    );
    assert!(response.diagnostics[0]
        .summary
        .contains("Unknown resource type"));
    let garbage = answer(
        svc.plan_resource_change(Request::new(pb::plan_resource_change::Request {
            type_name: "example_thing".into(),
            config: Some(pb::DynamicValue {
                msgpack: vec![0xc1, 0x00],
                json: vec![],
            }),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(
        garbage.diagnostics[0].severity,
        pb::diagnostic::Severity::Error as i32
    );
}

#[tokio::test]
async fn plan_apply_read_round_trip_values_and_private_bytes() {
    let svc = service();
    let ty = thing_type();
    let proposed = thing(Value::Null, "one");
    let plan = answer(
        svc.plan_resource_change(plan_thing(&Value::Null, &proposed))
            .await,
    );
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
    let planned = unpacked(plan.planned_state, &ty);
    assert_eq!(planned, thing(Value::Unknown, "one"));
    assert_eq!(plan.planned_private, b"+planned");
    assert!(!plan.legacy_type_system);

    let apply = answer(
        svc.apply_resource_change(Request::new(pb::apply_resource_change::Request {
            type_name: "example_thing".into(),
            prior_state: packed(&Value::Null, &ty),
            planned_state: packed(&planned, &ty),
            config: packed(&proposed, &ty),
            planned_private: plan.planned_private,
            ..Default::default()
        }))
        .await,
    );
    let state = unpacked(apply.new_state, &ty);
    assert_eq!(state, thing(Value::string("id-1"), "one"));
    assert_eq!(apply.private, b"+planned");

    // A rename is planned as a replacement.
    let renamed = thing(Value::string("id-1"), "two");
    let replan = answer(svc.plan_resource_change(plan_thing(&state, &renamed)).await);
    use pb::attribute_path::step::Selector;
    assert_eq!(
        replan.requires_replace[0].steps[0].selector,
        Some(Selector::AttributeName("name".into()))
    );

    let read = answer(svc.read_resource(read_thing(&state, b"p")).await);
    assert_eq!(unpacked(read.new_state, &ty), state);
    assert_eq!(read.private, b"p+read");

    // Gone: a null new state.
    let gone = answer(
        svc.read_resource(read_thing(&thing(Value::string("id-1"), "gone"), b""))
            .await,
    );
    assert_eq!(unpacked(gone.new_state, &ty), Value::Null);
}

#[tokio::test]
async fn json_encoded_values_are_accepted_too() {
    let svc = service();
    let ty = thing_type();
    let config = thing(Value::Null, "bad");
    let response = answer(
        svc.validate_resource_config(Request::new(pb::validate_resource_config::Request {
            type_name: "example_thing".into(),
            config: Some(pb::DynamicValue {
                msgpack: vec![],
                json: json::encode(&config, &ty).expect("json"),
            }),
            client_capabilities: None,
        }))
        .await,
    );
    assert_eq!(response.diagnostics[0].summary, "Bad name");
}

#[tokio::test]
async fn upgrade_calls_the_hook_for_old_versions_and_fits_the_schema() {
    let svc = service();
    let ty = thing_type();
    let upgrade = |version: i64, raw: &str| pb::upgrade_resource_state::Request {
        type_name: "example_thing".into(),
        version,
        raw_state: Some(pb::RawState {
            json: raw.as_bytes().to_vec(),
            flatmap: Default::default(),
        }),
    };
    let old = answer(
        svc.upgrade_resource_state(Request::new(upgrade(
            1,
            r#"{"id":"i","title":"old","removed":true}"#,
        )))
        .await,
    );
    // The migration's warning comes along with the upgraded state.
    assert_eq!(old.diagnostics.len(), 1, "{:?}", old.diagnostics);
    assert_eq!(
        old.diagnostics[0].severity,
        pb::diagnostic::Severity::Warning as i32
    );
    assert_eq!(
        unpacked(old.upgraded_state, &ty),
        Value::object([
            ("id", Value::string("i")),
            ("name", Value::string("old")),
            ("tags", Value::Null),
        ])
    );
    let current = answer(
        svc.upgrade_resource_state(Request::new(upgrade(
            2,
            r#"{"id":"i","name":"n","tags":["a"]}"#,
        )))
        .await,
    );
    assert_eq!(
        unpacked(current.upgraded_state, &ty),
        thing(Value::string("i"), "n")
    );
    let newer = answer(
        svc.upgrade_resource_state(Request::new(upgrade(3, "{}")))
            .await,
    );
    assert!(newer.diagnostics[0].summary.contains("newer provider"));
}

#[tokio::test]
async fn import_data_sources_ephemeral_and_functions_map_to_the_trait() {
    let svc = service();
    let ty = thing_type();
    let import = answer(
        svc.import_resource_state(Request::new(pb::import_resource_state::Request {
            type_name: "example_thing".into(),
            id: "abc".into(),
            ..Default::default()
        }))
        .await,
    );
    let imported = &import.imported_resources[0];
    assert_eq!(imported.private, b"imp");
    assert_eq!(
        unpacked(imported.state.clone(), &ty).get_str("id"),
        Some("abc")
    );

    let lookup_type = example().schemas.data_sources["example_lookup"]
        .block
        .implied_type();
    let read = answer(
        svc.read_data_source(Request::new(pb::read_data_source::Request {
            type_name: "example_lookup".into(),
            config: packed(
                &Value::object([("key", Value::string("k")), ("value", Value::Null)]),
                &lookup_type,
            ),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(
        unpacked(read.state, &lookup_type).get_str("value"),
        Some("K")
    );

    let token_type = example().schemas.ephemeral_resources["example_token"]
        .block
        .implied_type();
    let open = answer(
        svc.open_ephemeral_resource(Request::new(pb::open_ephemeral_resource::Request {
            type_name: "example_token".into(),
            config: packed(&Value::object([("token", Value::Null)]), &token_type),
            client_capabilities: None,
        }))
        .await,
    );
    assert_eq!(open.renew_at.expect("renew_at").seconds, 2_000_000_000);
    assert_eq!(open.private.as_deref(), Some(&b"lease"[..]));
    assert_eq!(
        unpacked(open.result, &token_type).get_str("token"),
        Some("t0k3n")
    );
    let renew = answer(
        svc.renew_ephemeral_resource(Request::new(pb::renew_ephemeral_resource::Request {
            type_name: "example_token".into(),
            private: Some(b"lease".to_vec()),
        }))
        .await,
    );
    assert_eq!(renew.private.as_deref(), Some(&b"lease+renewed"[..]));
    assert!(renew.renew_at.is_none());

    let call = |n: i64| pb::call_function::Request {
        name: "double".into(),
        arguments: vec![packed(&Value::int(n), &Type::Number).expect("arg")],
    };
    let doubled = answer(svc.call_function(Request::new(call(21))).await);
    assert_eq!(unpacked(doubled.result, &Type::Number), Value::int(42));
    let failed = answer(svc.call_function(Request::new(call(-1))).await);
    let error = failed.error.expect("error");
    assert_eq!(
        (error.text.as_str(), error.function_argument),
        ("negative", Some(0))
    );
    let functions = answer(
        svc.get_functions(Request::new(pb::get_functions::Request {}))
            .await,
    );
    assert!(functions.functions.contains_key("double"));
}

#[tokio::test]
async fn rpcs_without_a_trait_method_name_the_unsupported_feature() {
    let svc = service();
    let moved = answer(
        svc.move_resource_state(Request::new(pb::move_resource_state::Request::default()))
            .await,
    );
    assert!(moved.diagnostics[0].summary.starts_with("Unsupported"));
    let identity = answer(
        svc.upgrade_resource_identity(Request::new(
            pb::upgrade_resource_identity::Request::default(),
        ))
        .await,
    );
    assert!(identity.diagnostics[0]
        .summary
        .contains("resource identity"));
}

/// ApplyResourceChange of `example_thing` from `prior` to `planned`, both already packed.
fn apply_thing(
    prior: Option<pb::DynamicValue>,
    planned: Option<pb::DynamicValue>,
    type_name: &str,
) -> Request<pb::apply_resource_change::Request> {
    Request::new(pb::apply_resource_change::Request {
        type_name: type_name.into(),
        prior_state: prior,
        config: planned.clone(),
        planned_state: planned,
        ..Default::default()
    })
}

#[tokio::test]
async fn every_failed_update_or_destroy_answers_with_the_prior_state() {
    let svc = service();
    let ty = thing_type();
    let garbage = Some(pb::DynamicValue {
        msgpack: vec![0xc1],
        json: vec![],
    });
    for name in ["fails", "misfit", "plain"] {
        let prior = packed(&thing(Value::string("id-1"), name), &ty);
        let mut retagged = thing(Value::string("id-1"), name);
        retagged.set_attribute("tags", Value::set_of_strings(["b"]));
        let updated = packed(&retagged, &ty);
        let cases = [
            ("update", "example_thing", updated.clone()),
            ("destroy", "example_thing", packed(&Value::Null, &ty)),
            ("update of an unknown type", "example_nope", updated.clone()),
            (
                "update with an undecodable plan",
                "example_thing",
                garbage.clone(),
            ),
        ];
        for (what, type_name, planned) in cases {
            let succeeds =
                name == "plain" && !what.contains("unknown") && !what.contains("undecodable");
            if succeeds {
                continue;
            }
            let answer = answer(
                svc.apply_resource_change(apply_thing(prior.clone(), planned, type_name))
                    .await,
            );
            assert!(!answer.diagnostics.is_empty(), "{name}, {what}: an error");
            assert_eq!(
                answer.new_state, prior,
                "{name}, {what}: the prior state comes back as it was sent"
            );
        }
    }
}

fn secret_type() -> Type {
    secret_schema().block.implied_type()
}

/// An `example_secret` configuration (or state) with these write-only values.
fn secret(password: Value, token: Value, key: Value) -> Value {
    Value::object([
        ("id", Value::Null),
        ("password", password),
        ("password_length", Value::Null),
        (
            "login",
            Value::object([("user", Value::string("ada")), ("token", token)]),
        ),
        (
            "rule",
            Value::list([Value::object([
                ("label", Value::string("first")),
                ("key", key),
            ])]),
        ),
    ])
}

#[tokio::test]
async fn write_only_values_are_read_from_config_but_never_returned_in_plan_apply_or_read() {
    let svc = service();
    let ty = secret_type();
    let config = secret(
        Value::string("hunter"),
        Value::string("t0k3n"),
        Value::string("k3y"),
    );
    let nulled = |mut state: Value, id: Value, length: i64| {
        state.set_attribute("id", id);
        state.set_attribute("password_length", Value::int(length));
        state
    };
    let no_secrets = secret(Value::Null, Value::Null, Value::Null);

    let plan = answer(
        svc.plan_resource_change(Request::new(pb::plan_resource_change::Request {
            type_name: "example_secret".into(),
            prior_state: packed(&Value::Null, &ty),
            proposed_new_state: packed(&no_secrets, &ty),
            config: packed(&config, &ty),
            ..Default::default()
        }))
        .await,
    );
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
    let planned = unpacked(plan.planned_state, &ty);
    // The length of the password proves the provider read it from the configuration.
    assert_eq!(planned, nulled(no_secrets.clone(), Value::Unknown, 6));

    let apply = answer(
        svc.apply_resource_change(Request::new(pb::apply_resource_change::Request {
            type_name: "example_secret".into(),
            prior_state: packed(&Value::Null, &ty),
            planned_state: packed(&planned, &ty),
            config: packed(&config, &ty),
            ..Default::default()
        }))
        .await,
    );
    assert!(apply.diagnostics.is_empty(), "{:?}", apply.diagnostics);
    let state = unpacked(apply.new_state, &ty);
    assert_eq!(state, nulled(no_secrets, Value::string("s-1"), 6));

    let read = answer(
        svc.read_resource(Request::new(pb::read_resource::Request {
            type_name: "example_secret".into(),
            current_state: packed(&state, &ty),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(unpacked(read.new_state, &ty), state, "read nulls them too");
}

#[tokio::test]
async fn private_bytes_travel_from_state_through_plan_and_apply_and_survive_a_failed_read() {
    let svc = service();
    let ty = thing_type();
    let prior = thing(Value::string("id-1"), "one");
    let mut retagged = prior.clone();
    retagged.set_attribute("tags", Value::set_of_strings(["b"]));
    let plan = answer(
        svc.plan_resource_change(Request::new(pb::plan_resource_change::Request {
            type_name: "example_thing".into(),
            prior_state: packed(&prior, &ty),
            proposed_new_state: packed(&retagged, &ty),
            config: packed(&retagged, &ty),
            prior_private: b"stored".to_vec(),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(
        plan.planned_private, b"stored+planned",
        "prior_private reached the plan"
    );
    let apply = answer(
        svc.apply_resource_change(Request::new(pb::apply_resource_change::Request {
            type_name: "example_thing".into(),
            prior_state: packed(&prior, &ty),
            planned_state: plan.planned_state,
            config: packed(&retagged, &ty),
            planned_private: plan.planned_private,
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(
        apply.private, b"stored+planned",
        "planned_private reached the apply"
    );
    let read = answer(
        svc.read_resource(read_thing(&retagged, &apply.private))
            .await,
    );
    assert_eq!(read.private, b"stored+planned+read");

    let unreadable = thing(Value::string("id-1"), "unreadable");
    let failed = answer(svc.read_resource(read_thing(&unreadable, b"kept")).await);
    assert_eq!(failed.diagnostics[0].summary, "Read failed");
    assert_eq!(failed.private, b"kept");
    assert_eq!(unpacked(failed.new_state, &ty), unreadable);
}

#[tokio::test]
async fn a_list_of_blocks_with_a_dynamic_attribute_travels_as_a_tuple() {
    let svc = service();
    let schema_type = rules_schema().block.implied_type();
    assert_eq!(
        schema_type,
        Type::object([("id", Type::String), ("rule", Type::Dynamic)])
    );
    // What Terraform sends: each block object with its own concrete type, in a tuple.
    let rule = |ty: Type, value: Value| {
        (
            Type::object([("value", ty)]),
            Value::object([("value", value)]),
        )
    };
    let (text_type, text_rule) = rule(Type::String, Value::string("a"));
    let (number_type, number_rule) = rule(Type::Number, Value::int(7));
    let rules = Value::dynamic(
        Type::tuple([text_type, number_type]),
        Value::tuple([text_rule, number_rule]),
    );
    let config = Value::object([("id", Value::Null), ("rule", rules.clone())]);
    let plan = answer(
        svc.plan_resource_change(Request::new(pb::plan_resource_change::Request {
            type_name: "example_rules".into(),
            prior_state: packed(&Value::Null, &schema_type),
            proposed_new_state: packed(&config, &schema_type),
            config: packed(&config, &schema_type),
            ..Default::default()
        }))
        .await,
    );
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
    let bytes = plan.planned_state.clone().expect("planned").msgpack;
    let tuple_json = br#"["tuple",[["object",{"value":"string"}],["object",{"value":"number"}]]]"#;
    assert!(
        bytes.windows(tuple_json.len()).any(|w| w == tuple_json),
        "the planned rules carry their tuple type"
    );
    let planned = unpacked(plan.planned_state, &schema_type);
    assert_eq!(
        planned,
        Value::object([("id", Value::Unknown), ("rule", rules)])
    );
}

#[tokio::test]
async fn identity_fields_are_raw_state_messages_as_in_protocol_6_9() {
    use prost::Message;
    let raw = || {
        Some(pb::RawState {
            json: br#"{"id":"x"}"#.to_vec(),
            flatmap: Default::default(),
        })
    };
    let moved = pb::move_resource_state::Request {
        source_identity: raw(),
        source_identity_schema_version: 2,
        ..Default::default()
    };
    // Field 7 is a length-delimited message holding field 1 (json); field 8 a varint.
    let mut want = vec![0x3a, 12, 0x0a, 10];
    want.extend_from_slice(br#"{"id":"x"}"#);
    want.extend_from_slice(&[0x40, 2]);
    assert_eq!(moved.encode_to_vec(), want);
    let upgrade = pb::upgrade_resource_identity::Request {
        raw_identity: raw(),
        ..Default::default()
    };
    let mut want = vec![0x1a, 12, 0x0a, 10];
    want.extend_from_slice(br#"{"id":"x"}"#);
    assert_eq!(upgrade.encode_to_vec(), want);
    // Both still answer that identity and moves are unsupported.
    let svc = service();
    let answered = answer(svc.move_resource_state(Request::new(moved)).await);
    assert!(answered.diagnostics[0].summary.starts_with("Unsupported"));
    let answered = answer(svc.upgrade_resource_identity(Request::new(upgrade)).await);
    assert!(answered.diagnostics[0].summary.starts_with("Unsupported"));
}
