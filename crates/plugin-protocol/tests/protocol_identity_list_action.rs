//! The protocol 6.10 additions on the tfplugin6 service, RPC by RPC, with a small provider on the
//! bare trait: identity schemas and the identity beside every state (read, plan, apply, import by
//! ID and by identity), identity upgrades, list resources streamed and cut at the limit, actions
//! streaming progress then completing, configuration generation, and the unsupported state stores.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use tf_plugin_protocol::cty::{msgpack, Type, Value};
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::proto_gen::tfplugin6 as pb;
use tf_plugin_protocol::proto_gen::tfplugin6::provider_server::Provider as _;
use tf_plugin_protocol::provider::*;
use tf_plugin_protocol::schema::*;
use tf_plugin_protocol::server::ProviderService;
use tokio_stream::StreamExt;
use tonic::Request;

struct Example {
    schemas: ProviderSchemas,
    /// How many objects the list produced before the sink refused more.
    listed: AtomicUsize,
}

fn thing_schema() -> Schema {
    Schema::new(Block::with_attributes([
        Attribute::new("id", Type::String).computed(),
        Attribute::new("name", Type::String).required(),
        Attribute::new("token", Type::String).computed().sensitive(),
    ]))
}

fn identity_schema() -> IdentitySchema {
    IdentitySchema::new(vec![IdentityAttribute::required(
        "id",
        Type::String,
        "The thing's ID.",
    )])
}

fn example() -> Example {
    let mut schemas = ProviderSchemas::default();
    schemas
        .resources
        .insert("example_thing".into(), thing_schema());
    schemas
        .identities
        .insert("example_thing".into(), identity_schema());
    schemas.list_resources.insert(
        "example_thing".into(),
        Schema::new(Block::with_attributes([Attribute::new(
            "prefix",
            Type::String,
        )
        .optional()])),
    );
    schemas.actions.insert(
        "example_ping".into(),
        Schema::new(Block::with_attributes([Attribute::new(
            "target",
            Type::String,
        )
        .required()])),
    );
    Example {
        schemas,
        listed: AtomicUsize::new(0),
    }
}

fn thing(id: &str, name: &str) -> Value {
    Value::object([
        ("id", Value::string(id)),
        ("name", Value::string(name)),
        ("token", Value::string("s3cr3t")),
    ])
}

#[async_trait]
impl Provider for Example {
    fn schemas(&self) -> &ProviderSchemas {
        &self.schemas
    }

    fn identity_of(&self, _type_name: &str, state: &Value) -> Option<Value> {
        Some(Value::object([(
            "id",
            state.get("id").cloned().unwrap_or(Value::Null),
        )]))
    }

    async fn read_resource(&self, request: ReadRequest) -> ReadResponse {
        ReadResponse {
            new_state: request.current_state,
            ..Default::default()
        }
    }

    async fn plan_resource_change(&self, request: PlanRequest) -> PlanResponse {
        let mut planned = request.proposed_new_state;
        if request.prior_state.is_null() && !planned.is_null() {
            planned.set_attribute("id", Value::Unknown);
            planned.set_attribute("token", Value::Unknown);
        }
        PlanResponse {
            planned_state: planned,
            ..Default::default()
        }
    }

    async fn apply_resource_change(&self, request: ApplyRequest) -> ApplyResponse {
        let mut state = request.planned_state;
        if !state.is_null() {
            state.set_attribute("id", Value::string("t-1"));
            state.set_attribute("token", Value::string("s3cr3t"));
        }
        ApplyResponse {
            new_state: state,
            ..Default::default()
        }
    }

    async fn import_resource_state(&self, request: ImportRequest) -> ImportResponse {
        ImportResponse {
            imported: vec![ImportedObject {
                type_name: request.type_name,
                state: thing(&request.id, "imported"),
                private: Vec::new(),
            }],
            diagnostics: Diagnostics::default(),
        }
    }

    async fn import_resource_by_identity(
        &self,
        request: ImportByIdentityRequest,
    ) -> ImportResponse {
        let id = request
            .identity
            .get_str("id")
            .unwrap_or_default()
            .to_string();
        self.import_resource_state(ImportRequest {
            type_name: request.type_name,
            id: format!("by-identity:{id}"),
        })
        .await
    }

    async fn list_resource(
        &self,
        request: ListResourceRequest,
        sink: &mut ListSink,
    ) -> Diagnostics {
        let prefix = request.config.get_str("prefix").unwrap_or("t").to_string();
        if prefix == "bad" {
            return Diagnostics::error("Invalid prefix", "The API refused the prefix \"bad\".");
        }
        for n in 0..1000 {
            let state = thing(&format!("{prefix}-{n}"), &format!("thing {n}"));
            let object = ListedObject {
                identity: self.identity_of(&request.type_name, &state).unwrap(),
                display_name: format!("thing {n}"),
                resource_object: request.include_resource_object.then_some(state),
            };
            self.listed.fetch_add(1, Ordering::SeqCst);
            if !sink.send(object).await {
                break;
            }
        }
        Diagnostics::default()
    }

    async fn invoke_action(
        &self,
        request: InvokeActionRequest,
        progress: &ActionProgress,
    ) -> Diagnostics {
        let target = request
            .config
            .get_str("target")
            .unwrap_or_default()
            .to_string();
        progress.report(format!("pinging {target}")).await;
        if target == "down" {
            return Diagnostics::error("Ping failed", "down did not answer");
        }
        progress.report(format!("{target} answered")).await;
        Diagnostics::default()
    }
}

fn service() -> (Arc<Example>, ProviderService<Example>) {
    let provider = Arc::new(example());
    (provider.clone(), ProviderService::new(provider))
}

fn answer<T>(result: Result<tonic::Response<T>, tonic::Status>) -> T {
    result.expect("rpc").into_inner()
}

fn packed(value: &Value, ty: &Type) -> Option<pb::DynamicValue> {
    Some(pb::DynamicValue {
        msgpack: msgpack::encode(value, ty).expect("encode"),
        json: vec![],
    })
}

fn unpacked(value: Option<pb::DynamicValue>, ty: &Type) -> Value {
    msgpack::decode(&value.expect("a value").msgpack, ty).expect("decode")
}

fn identity_value(data: Option<pb::ResourceIdentityData>) -> Value {
    unpacked(
        data.expect("an identity").identity_data,
        &identity_schema().implied_type(),
    )
}

fn thing_type() -> Type {
    thing_schema().block.implied_type()
}

#[tokio::test]
async fn schemas_and_metadata_declare_identities_list_resources_actions_and_config_generation() {
    let (_, svc) = service();
    let schema = answer(
        svc.get_provider_schema(Request::new(pb::get_provider_schema::Request {}))
            .await,
    );
    assert!(schema.list_resource_schemas.contains_key("example_thing"));
    assert!(schema.action_schemas["example_ping"].schema.is_some());
    assert!(schema.server_capabilities.unwrap().generate_resource_config);
    let identities = answer(
        svc.get_resource_identity_schemas(Request::new(
            pb::get_resource_identity_schemas::Request {},
        ))
        .await,
    );
    let thing = &identities.identity_schemas["example_thing"];
    assert_eq!(thing.identity_attributes[0].name, "id");
    assert!(thing.identity_attributes[0].required_for_import);
    assert_eq!(thing.identity_attributes[0].r#type, b"\"string\"");
    let metadata = answer(
        svc.get_metadata(Request::new(pb::get_metadata::Request {}))
            .await,
    );
    assert_eq!(metadata.list_resources[0].type_name, "example_thing");
    assert_eq!(metadata.actions[0].type_name, "example_ping");
}

#[tokio::test]
async fn every_state_answered_carries_its_identity_and_an_update_keeps_the_prior_one() {
    let (_, svc) = service();
    let ty = thing_type();
    let read = answer(
        svc.read_resource(Request::new(pb::read_resource::Request {
            type_name: "example_thing".into(),
            current_state: packed(&thing("t-9", "a"), &ty),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(
        identity_value(read.new_identity),
        Value::object([("id", Value::string("t-9"))])
    );

    let config = Value::object([
        ("id", Value::Null),
        ("name", Value::string("a")),
        ("token", Value::Null),
    ]);
    let create = answer(
        svc.plan_resource_change(Request::new(pb::plan_resource_change::Request {
            type_name: "example_thing".into(),
            prior_state: packed(&Value::Null, &ty),
            proposed_new_state: packed(&config, &ty),
            config: packed(&config, &ty),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(
        identity_value(create.planned_identity),
        Value::object([("id", Value::Unknown)]),
        "a create plans an identity not known yet"
    );

    let prior_identity = pb::ResourceIdentityData {
        identity_data: packed(
            &Value::object([("id", Value::string("t-9"))]),
            &identity_schema().implied_type(),
        ),
    };
    let update = answer(
        svc.plan_resource_change(Request::new(pb::plan_resource_change::Request {
            type_name: "example_thing".into(),
            prior_state: packed(&thing("t-9", "a"), &ty),
            proposed_new_state: packed(&thing("t-9", "b"), &ty),
            config: packed(&config, &ty),
            prior_identity: Some(prior_identity.clone()),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(update.planned_identity, Some(prior_identity));

    let applied = answer(
        svc.apply_resource_change(Request::new(pb::apply_resource_change::Request {
            type_name: "example_thing".into(),
            prior_state: packed(&Value::Null, &ty),
            planned_state: create.planned_state,
            config: packed(&config, &ty),
            ..Default::default()
        }))
        .await,
    );
    let identity = identity_value(applied.new_identity);
    assert!(identity.is_wholly_known(), "wholly known after apply");
    assert_eq!(identity.get_str("id"), Some("t-1"));
}

#[tokio::test]
async fn import_by_identity_goes_to_its_own_method_and_both_imports_answer_identities() {
    let (_, svc) = service();
    let by_id = answer(
        svc.import_resource_state(Request::new(pb::import_resource_state::Request {
            type_name: "example_thing".into(),
            id: "t-5".into(),
            ..Default::default()
        }))
        .await,
    );
    assert_eq!(
        identity_value(by_id.imported_resources[0].identity.clone()).get_str("id"),
        Some("t-5")
    );
    let by_identity = answer(
        svc.import_resource_state(Request::new(pb::import_resource_state::Request {
            type_name: "example_thing".into(),
            id: String::new(),
            identity: Some(pb::ResourceIdentityData {
                identity_data: packed(
                    &Value::object([("id", Value::string("t-6"))]),
                    &identity_schema().implied_type(),
                ),
            }),
            ..Default::default()
        }))
        .await,
    );
    let state = unpacked(
        by_identity.imported_resources[0].state.clone(),
        &thing_type(),
    );
    assert_eq!(state.get_str("id"), Some("by-identity:t-6"));
}

#[tokio::test]
async fn a_stored_identity_is_fitted_to_the_schema_and_a_newer_version_is_refused() {
    let (_, svc) = service();
    let upgraded = answer(
        svc.upgrade_resource_identity(Request::new(pb::upgrade_resource_identity::Request {
            type_name: "example_thing".into(),
            version: 0,
            raw_identity: Some(pb::RawState {
                json: br#"{"id":"t-3","old":"x"}"#.to_vec(),
                ..Default::default()
            }),
        }))
        .await,
    );
    assert!(
        upgraded.diagnostics.is_empty(),
        "{:?}",
        upgraded.diagnostics
    );
    assert_eq!(
        identity_value(upgraded.upgraded_identity).get_str("id"),
        Some("t-3")
    );
    let newer = answer(
        svc.upgrade_resource_identity(Request::new(pb::upgrade_resource_identity::Request {
            type_name: "example_thing".into(),
            version: 7,
            raw_identity: Some(pb::RawState {
                json: br#"{"id":"t-3"}"#.to_vec(),
                ..Default::default()
            }),
        }))
        .await,
    );
    assert!(newer.diagnostics[0].summary.contains("newer provider"));
}

fn list_request(prefix: &str, include: bool, limit: i64) -> Request<pb::list_resource::Request> {
    let ty = Type::object([("prefix", Type::String)]);
    Request::new(pb::list_resource::Request {
        type_name: "example_thing".into(),
        config: packed(&Value::object([("prefix", Value::string(prefix))]), &ty),
        include_resource_object: include,
        limit,
    })
}

#[tokio::test]
async fn a_listing_streams_identities_stops_at_the_limit_and_includes_objects_when_asked() {
    let (provider, svc) = service();
    let stream = answer(svc.list_resource(list_request("t", true, 3)).await);
    let events: Vec<_> = stream.collect().await;
    assert_eq!(events.len(), 3);
    let first = events[0].as_ref().expect("an event");
    assert_eq!(first.display_name, "thing 0");
    assert_eq!(
        identity_value(first.identity.clone()).get_str("id"),
        Some("t-0")
    );
    let object = unpacked(first.resource_object.clone(), &thing_type());
    assert_eq!(object.get_str("name"), Some("thing 0"));
    assert_eq!(
        provider.listed.load(Ordering::SeqCst),
        3,
        "the provider stopped producing at the limit"
    );

    let without = answer(svc.list_resource(list_request("t", false, 2)).await);
    let events: Vec<_> = without.collect().await;
    assert!(events[0].as_ref().unwrap().resource_object.is_none());
}

#[tokio::test]
async fn a_failed_listing_ends_with_its_diagnostics() {
    let (_, svc) = service();
    let stream = answer(svc.list_resource(list_request("bad", false, 10)).await);
    let events: Vec<_> = stream.collect().await;
    assert_eq!(events.len(), 1);
    let event = events[0].as_ref().unwrap();
    assert!(event.identity.is_none());
    assert_eq!(event.diagnostic[0].summary, "Invalid prefix");
}

async fn invoke(svc: &ProviderService<Example>, target: &str) -> Vec<pb::invoke_action::Event> {
    let ty = Type::object([("target", Type::String)]);
    let stream = answer(
        svc.invoke_action(Request::new(pb::invoke_action::Request {
            action_type: "example_ping".into(),
            config: packed(&Value::object([("target", Value::string(target))]), &ty),
            client_capabilities: None,
        }))
        .await,
    );
    stream.map(|event| event.expect("event")).collect().await
}

#[tokio::test]
async fn an_action_streams_its_progress_then_completes_with_its_diagnostics() {
    use pb::invoke_action::event::Type as Event;
    let (_, svc) = service();
    let events = invoke(&svc, "db").await;
    let messages: Vec<_> = events
        .iter()
        .filter_map(|event| match &event.r#type {
            Some(Event::Progress(progress)) => Some(progress.message.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(messages, ["pinging db", "db answered"]);
    assert!(matches!(
        &events.last().unwrap().r#type,
        Some(Event::Completed(done)) if done.diagnostics.is_empty()
    ));
    let failed = invoke(&svc, "down").await;
    assert!(matches!(
        &failed.last().unwrap().r#type,
        Some(Event::Completed(done)) if done.diagnostics[0].summary == "Ping failed"
    ));
}

#[tokio::test]
async fn generated_configuration_leaves_out_computed_and_sensitive_attributes() {
    let (_, svc) = service();
    let generated = answer(
        svc.generate_resource_config(Request::new(pb::generate_resource_config::Request {
            type_name: "example_thing".into(),
            state: packed(&thing("t-1", "a"), &thing_type()),
        }))
        .await,
    );
    let config = unpacked(generated.config, &thing_type());
    assert_eq!(config.get_str("name"), Some("a"));
    assert_eq!(config.get("id"), Some(&Value::Null));
    assert_eq!(config.get("token"), Some(&Value::Null));
}

#[tokio::test]
async fn state_stores_are_not_offered() {
    let (_, svc) = service();
    let answer = answer(
        svc.get_states(Request::new(pb::get_states::Request {
            type_name: "example_store".into(),
        }))
        .await,
    );
    assert!(answer.diagnostics[0].summary.contains("state stores"));
}
