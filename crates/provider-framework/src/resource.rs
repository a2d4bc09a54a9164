//! Managed resources in Terraform's words: a [`Resource`] plans, creates, reads, updates, deletes and
//! imports, and the registry dispatches Terraform's plan/apply/read/import calls to it, with the
//! provider's configured data (`D`) when there is one. What a resource does not say has a safe
//! default: its table plans it ([`plan::plan_request`]), and an import is refused as not
//! supported ([`not_importable`]); [`import_by_id`] is the one-line import of a resource read
//! back by its `id`. [`Failed`] and [`get!`](crate::get!) turn a value that does not decode into the
//! method's failed answer in one line.

use async_trait::async_trait;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::provider::{
    ApplyRequest, ApplyResponse, ImportResponse, ImportedObject, OpenEphemeralResponse,
    PlanRequest, PlanResponse, ReadRequest, ReadResponse,
};

use crate::attributes::{object, Definition};
use crate::plan;
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
    /// the provider configuration is not known yet; checks that need it are then skipped. By
    /// default the table alone plans ([`plan::plan_request`]): defaults, replacements, computed
    /// values unknown for a new object and, in an update, those that change on every update. A
    /// resource that adds to it calls [`plan::plan`] with its hooks and adds its findings.
    async fn plan(&self, _data: Option<&D>, request: PlanRequest) -> PlanResponse {
        plan::plan_request(self.definition().fields, &request)
    }

    /// Creates the object of a planned state and answers its full state.
    async fn create(&self, data: &D, request: CreateRequest) -> ApplyResponse;

    /// Reads the object back; a null new state means it is gone.
    async fn read(&self, data: &D, request: ReadRequest) -> ReadResponse;

    /// Changes the object in place to its planned state. Attributes kept in state only are
    /// updated here too: write that out, there is no implicit default.
    async fn update(&self, data: &D, request: UpdateRequest) -> ApplyResponse;

    /// Deletes the object.
    async fn delete(&self, data: &D, request: DeleteRequest) -> ApplyResponse;

    /// The objects an import ID names. By default the resource cannot be imported, and says so
    /// ([`not_importable`]); [`import_by_id`] imports one read back by its `id`.
    async fn import(&self, _data: &D, _id: &str) -> ImportResponse {
        not_importable(self.definition())
    }
}

/// The answer of a resource that cannot be imported: an error saying so and what to do instead.
pub fn not_importable(definition: &Definition) -> ImportResponse {
    let type_name = definition.type_name;
    ImportResponse {
        imported: Vec::new(),
        diagnostics: Diagnostics::error(
            "Resource not importable",
            format!(
                "{type_name} cannot be imported: the provider cannot read an existing object of \
                 this type back into state. Remove the import block (or skip `terraform import`) \
                 and let Terraform create it."
            ),
        ),
    }
}

/// The import of a resource whose read needs only its `id`: state with `id` set and every other
/// attribute null, which Terraform's read after the import fills in.
pub fn import_by_id(definition: &Definition, id: &str) -> ImportResponse {
    let state = object(
        definition.fields,
        [("id".to_string(), Value::string(id))].into(),
    );
    ImportResponse {
        imported: vec![ImportedObject {
            type_name: definition.type_name.to_string(),
            state,
            private: Vec::new(),
        }],
        diagnostics: Diagnostics::default(),
    }
}

/// The answer of a method that failed with these diagnostics before doing anything. Terraform's
/// host keeps what it had: a failed read keeps the current state, a failed update or delete the
/// prior one (the protocol server sees to both), a failed plan or create records nothing.
pub trait Failed {
    /// The failed answer.
    fn failed(diagnostics: Diagnostics) -> Self;
}

macro_rules! failed_with_defaults {
    ($($response:ty),*) => {$(
        impl Failed for $response {
            fn failed(diagnostics: Diagnostics) -> Self {
                Self { diagnostics, ..Default::default() }
            }
        }
    )*};
}

failed_with_defaults!(
    ApplyResponse,
    ReadResponse,
    PlanResponse,
    ImportResponse,
    OpenEphemeralResponse
);

impl<T> Failed for Result<T, Diagnostics> {
    fn failed(diagnostics: Diagnostics) -> Self {
        Err(diagnostics)
    }
}

/// Reads a value (the planned, prior, current or configured object) as the typed model its binding
/// names, or returns from the enclosing method with the [`Failed`] answer carrying the decode's
/// diagnostics, in Terraform's words `req.Plan.Get(ctx, &data)`:
///
/// ```ignore
/// let planned: TenantModel = get!(request.planned);
/// let current: TenantModel = get!(request.current_state); // in a read: the state is kept
/// ```
#[macro_export]
macro_rules! get {
    ($value:expr) => {
        match $crate::model::Model::from_value(&$value) {
            ::std::result::Result::Ok(model) => model,
            ::std::result::Result::Err(diagnostics) => {
                return $crate::resource::Failed::failed(diagnostics)
            }
        }
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::{Field, Kind};
    use crate::model::{Attr, Model};
    use crate::registry::Validate;
    use crate::validators::Validator;
    use crate::values::attr;

    crate::model! {
        #[derive(Debug, PartialEq)]
        struct PlainModel {
            id: String = Field::computed("id", Kind::String, "Its id."),
            name: String = Field::required("name", Kind::String, "Its name.")
                .updates()
                .validators(&[Validator::Length { min: 1, max: 8 }]),
            updated_at: String = Field::computed("updated_at", Kind::String, "Last change.")
                .changes_on_update(),
        }
    }

    /// A resource that says only what it must: no validate, plan or import of its own.
    struct Plain;

    const PLAIN: Definition = Definition {
        type_name: "example_plain",
        description: "A plain thing.",
        fields: PlainModel::FIELDS,
    };

    impl ObjectType for Plain {
        fn definition(&self) -> &'static Definition {
            &PLAIN
        }
    }

    #[async_trait]
    impl Resource<()> for Plain {
        async fn create(&self, _: &(), request: CreateRequest) -> ApplyResponse {
            let planned: PlainModel = crate::get!(request.planned);
            let state = PlainModel {
                id: Attr::Known("p1".into()),
                ..planned
            };
            ApplyResponse {
                new_state: state.to_value(),
                ..Default::default()
            }
        }

        async fn read(&self, _: &(), request: ReadRequest) -> ReadResponse {
            let current: PlainModel = crate::get!(request.current_state);
            ReadResponse {
                new_state: current.to_value(),
                ..Default::default()
            }
        }

        async fn update(&self, _: &(), request: UpdateRequest) -> ApplyResponse {
            state_only_update(request)
        }

        async fn delete(&self, _: &(), _: DeleteRequest) -> ApplyResponse {
            ApplyResponse::default()
        }
    }

    fn plain(name: &str) -> Value {
        PlainModel {
            id: Attr::Known("p1".into()),
            name: Attr::Known(name.into()),
            updated_at: Attr::Known("noon".into()),
        }
        .to_value()
    }

    #[test]
    fn a_resource_without_a_validate_of_its_own_still_runs_its_rows_validators() {
        let diagnostics = Plain.validate(&plain("far too long a name"));
        assert!(diagnostics.has_errors(), "{diagnostics:?}");
        assert_eq!(diagnostics[0].summary, "Invalid value for name");
        let registry: Registry<dyn Resource<()>> =
            Registry::new("resource type", vec![Box::new(Plain)]);
        assert!(registry
            .validate("example_plain", &plain("far too long a name"))
            .has_errors());
        assert!(!registry
            .validate("example_plain", &plain("short"))
            .has_errors());
    }

    #[tokio::test]
    async fn a_resource_without_an_import_of_its_own_is_not_importable() {
        let response = Plain.import(&(), "p1").await;
        assert!(response.imported.is_empty());
        assert_eq!(response.diagnostics[0].summary, "Resource not importable");
        assert!(response.diagnostics[0].detail.contains("example_plain"));
    }

    #[test]
    fn import_by_id_sets_the_id_and_leaves_the_rest_for_the_read() {
        let response = import_by_id(&PLAIN, "p9");
        let state = &response.imported[0].state;
        assert_eq!(attr(state, "id"), &Value::string("p9"));
        assert_eq!(attr(state, "name"), &Value::Null);
        assert_eq!(response.imported[0].type_name, "example_plain");
    }

    #[tokio::test]
    async fn the_default_plan_marks_what_changes_on_update_unknown_in_an_update() {
        let request = PlanRequest {
            prior_state: plain("old"),
            proposed_new_state: plain("new"),
            config: plain("new"),
            ..Default::default()
        };
        let planned = Plain.plan(None, request).await;
        assert_eq!(attr(&planned.planned_state, "updated_at"), &Value::Unknown);
        assert_eq!(attr(&planned.planned_state, "id"), &Value::string("p1"));
        let unchanged = PlanRequest {
            prior_state: plain("old"),
            proposed_new_state: plain("old"),
            config: plain("old"),
            ..Default::default()
        };
        let planned = Plain.plan(None, unchanged).await;
        assert_eq!(planned.planned_state, plain("old"));
    }

    #[tokio::test]
    async fn a_value_that_does_not_decode_fails_the_method_in_one_line() {
        let broken = Value::object([("name", Value::Bool(true))]);
        let created = Plain
            .create(
                &(),
                CreateRequest {
                    planned: broken.clone(),
                    ..Default::default()
                },
            )
            .await;
        assert!(created.diagnostics.has_errors());
        assert_eq!(created.new_state, Value::Null);
        let read = Plain
            .read(
                &(),
                ReadRequest {
                    current_state: broken,
                    ..Default::default()
                },
            )
            .await;
        assert!(read.diagnostics[0].detail.contains("`name`"));
    }
}
