//! terraform-provider-null: the smallest complete provider on the framework, and the measure of its
//! overhead. Its `null_resource` has the schema of HashiCorp's: `triggers` (a map of strings whose
//! change replaces the resource) and a computed `id`. It calls no API: read in this order, it shows
//! every part a provider has (its block, configure, a resource's model and table declared in one
//! list, its lifecycle, `main`). What it leaves out comes from the framework: its table plans it,
//! its rows' validators run, and `import_by_id` imports it.

use std::process::ExitCode;

use async_trait::async_trait;
use tf_provider_framework::attributes::{schema, Definition, Field, Kind};
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::program::{self, Program};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::{
    ApplyResponse, ConfigureRequest, ImportResponse, ReadRequest, ReadResponse,
};
use tf_provider_framework::protocol::schema::Schema;
use tf_provider_framework::provider::{Configured, ProviderDefinition};
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::resource::{
    import_by_id, state_only_update, CreateRequest, DeleteRequest, Resource, UpdateRequest,
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

tf_provider_framework::model! {
    /// The resource's plan or state, and (in this one list) its attribute table,
    /// `NullModel::FIELDS`: each row declares an attribute once, for the schema, the docs, the
    /// planner and this struct.
    struct NullModel {
        id: String = Field::computed(
            "id",
            Kind::String,
            "A random number chosen when the resource is created.",
        ),
        /// Carried from plan to state as it is: its values may be null.
        triggers: Value = Field::optional(
            "triggers",
            Kind::StringMap,
            "Arbitrary values; any change replaces the resource.",
        )
        .replaces(),
    }
}

const NULL_RESOURCE: Definition = Definition {
    type_name: "null_resource",
    description: "A resource that does nothing, replaced whenever its `triggers` change.",
    fields: NullModel::FIELDS,
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

/// The table plans it (`triggers` replaces), its rows are its validation: only the lifecycle is
/// its own.
#[async_trait]
impl Resource<()> for NullResource {
    async fn create(&self, _data: &(), request: CreateRequest) -> ApplyResponse {
        let planned: NullModel = tf_provider_framework::get!(request.planned);
        let state = NullModel {
            id: Attr::Known(random_id()),
            ..planned
        };
        ApplyResponse {
            new_state: state.to_value(),
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
        import_by_id(&NULL_RESOURCE, id)
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
