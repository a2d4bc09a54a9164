//! terraform-provider-null: the smallest complete provider on the framework, and the measure of its
//! overhead. Its `null_resource` has the schema of HashiCorp's: `triggers` (a map of strings whose
//! change replaces the resource) and a computed `id`. It calls no API: read in this order, it shows
//! every part a provider has (its block, configure, a resource's table and lifecycle, `main`).

use std::process::ExitCode;

use async_trait::async_trait;
use tf_provider_framework::attributes::{schema, Definition, Field, Kind};
use tf_provider_framework::plan::{self, Hooks};
use tf_provider_framework::program::{self, Program};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::{
    ApplyResponse, ConfigureRequest, ImportResponse, ImportedObject, PlanRequest, PlanResponse,
    ReadRequest, ReadResponse,
};
use tf_provider_framework::protocol::schema::Schema;
use tf_provider_framework::provider::{Configured, ProviderDefinition};
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::resource::{
    state_only_update, CreateRequest, DeleteRequest, Resource, UpdateRequest,
};

/// The provider: no settings, nothing to configure, one resource.
struct NullProvider;

#[async_trait]
impl ProviderDefinition for NullProvider {
    type Data = ();

    fn schema(&self) -> Schema {
        schema("The null provider has no settings.", &[])
    }

    async fn configure(&self, _request: ConfigureRequest) -> Result<Configured<()>, Diagnostics> {
        Ok(Configured::Ready(()))
    }

    fn resources(&self) -> Vec<Box<dyn Resource<()>>> {
        vec![Box::new(NullResource)]
    }
}

const FIELDS: &[Field] = &[
    Field::computed(
        "id",
        Kind::String,
        "A random number chosen when the resource is created.",
    ),
    Field::optional(
        "triggers",
        Kind::StringMap,
        "Arbitrary values; any change replaces the resource.",
    )
    .replaces(),
];

const NULL_RESOURCE: Definition = Definition {
    type_name: "null_resource",
    description: "A resource that does nothing, replaced whenever its `triggers` change.",
    fields: FIELDS,
};

struct NullResource;

impl ObjectType for NullResource {
    fn definition(&self) -> &'static Definition {
        &NULL_RESOURCE
    }
}

/// A random decimal id, as HashiCorp's provider picks one.
fn random_id() -> String {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new()
        .hash_one(std::time::SystemTime::now())
        .to_string()
}

#[async_trait]
impl Resource<()> for NullResource {
    async fn plan(&self, _data: Option<&()>, request: PlanRequest) -> PlanResponse {
        if request.proposed_new_state.is_null() {
            return PlanResponse::default();
        }
        let planned = plan::plan(
            FIELDS,
            &request.prior_state,
            &request.proposed_new_state,
            &request.config,
            &Hooks::NONE,
        );
        planned.into_response(Vec::new())
    }

    async fn create(&self, _data: &(), request: CreateRequest) -> ApplyResponse {
        let mut state = request.planned;
        state.set_attribute("id", Value::string(random_id()));
        ApplyResponse {
            new_state: state,
            ..Default::default()
        }
    }

    async fn read(&self, _data: &(), request: ReadRequest) -> ReadResponse {
        ReadResponse {
            new_state: request.current_state,
            private: request.private,
            diagnostics: Diagnostics::default(),
        }
    }

    async fn update(&self, _data: &(), request: UpdateRequest) -> ApplyResponse {
        state_only_update(request)
    }

    async fn delete(&self, _data: &(), _request: DeleteRequest) -> ApplyResponse {
        ApplyResponse::default()
    }

    async fn import(&self, _data: &(), id: &str) -> ImportResponse {
        let state = Value::object([("id", Value::string(id)), ("triggers", Value::Null)]);
        ImportResponse {
            imported: vec![ImportedObject {
                type_name: NULL_RESOURCE.type_name.to_string(),
                state,
                private: Vec::new(),
            }],
            diagnostics: Diagnostics::default(),
        }
    }
}

fn main() -> ExitCode {
    program::main(
        NullProvider,
        Program {
            address: "registry.terraform.io/example/null",
            log_targets: &["terraform_provider_null"],
            usage: "terraform-provider-null: a Terraform plugin with one resource, null_resource, \
                    that does nothing. Terraform starts it; run by hand, use --debug.\n",
        },
    )
}
