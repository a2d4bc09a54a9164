//! terraform-provider-resistant-twin: the benchmark's schema twin. It serves exactly the Resistant
//! provider's block and resource schemas (the provider's own tables and plans, not copies) but its
//! create, read, update and delete touch no API: computed values are filled in locally. Measured
//! beside the real provider, it splits Terraform's cost of these schemas from ours (client, HTTP,
//! emulator). Built by `scripts/bench.sh`; not shipped.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use terraform_provider_resistant::provider::{config, resources, ProviderData};
use tf_provider_framework::attributes::{Definition, Kind};
use tf_provider_framework::program::{self, Program};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::protocol::provider::{
    ApplyResponse, ConfigureRequest, ImportResponse, PlanRequest, PlanResponse, ReadRequest,
    ReadResponse,
};
use tf_provider_framework::protocol::schema::Schema;
use tf_provider_framework::provider::{Configured, ProviderDefinition};
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::resource::{CreateRequest, DeleteRequest, Resource, UpdateRequest};

/// The twin: the Resistant block, configured to nothing.
struct TwinProvider;

#[async_trait]
impl ProviderDefinition for TwinProvider {
    type Data = ();

    fn schema(&self) -> Schema {
        config::schema()
    }

    fn validate(&self, block: &Value) -> Diagnostics {
        config::validate(block)
    }

    async fn configure(&self, _request: ConfigureRequest) -> Result<Configured<()>, Diagnostics> {
        Ok(Configured::Ready(()))
    }

    fn resources(&self) -> Vec<Box<dyn Resource<()>>> {
        resources::all()
            .into_iter()
            .map(|real| Box::new(Twin(real)) as Box<dyn Resource<()>>)
            .collect()
    }
}

/// One Resistant resource: its table, checks and plan are the real one's, its CRUD local.
struct Twin(Box<dyn Resource<ProviderData>>);

impl ObjectType for Twin {
    fn definition(&self) -> &'static Definition {
        self.0.definition()
    }

    fn checks(&self, config: &Value) -> Diagnostics {
        self.0.checks(config)
    }
}

/// A value the API could have answered for a computed attribute of `kind`.
fn made_up(kind: &Kind) -> Value {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let text = format!(
        "00000000-{:04x}-4000-8000-{n:012x}",
        std::process::id() & 0xffff
    );
    match kind {
        Kind::String => Value::string(text),
        Kind::Bool => Value::bool(false),
        Kind::Int => Value::int(0),
        Kind::StringList => Value::list_of_strings([text]),
        Kind::StringSet => Value::set_of_strings([text]),
        Kind::StringMap => Value::map_of_strings([("url", text)]),
        Kind::Nested(_) | Kind::NestedList(_) => Value::Null,
    }
}

impl Twin {
    /// `planned` with every unknown attribute filled in.
    fn filled(&self, mut planned: Value) -> Value {
        for field in self.definition().fields {
            if planned.get(field.name).is_some_and(Value::is_unknown) {
                planned.set_attribute(field.name, made_up(&field.kind));
            }
        }
        planned
    }
}

#[async_trait]
impl Resource<()> for Twin {
    async fn plan(&self, _data: Option<&()>, request: PlanRequest) -> PlanResponse {
        // The real plan, as it runs while the provider is not configured: no API, no environment.
        self.0.plan(None, request).await
    }

    async fn create(&self, _data: &(), request: CreateRequest) -> ApplyResponse {
        ApplyResponse {
            new_state: self.filled(request.planned),
            private: request.private,
            diagnostics: Diagnostics::default(),
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
        ApplyResponse {
            new_state: self.filled(request.planned),
            private: request.private,
            diagnostics: Diagnostics::default(),
        }
    }

    async fn delete(&self, _data: &(), _request: DeleteRequest) -> ApplyResponse {
        ApplyResponse::default()
    }

    async fn import(&self, _data: &(), _id: &str) -> ImportResponse {
        ImportResponse {
            imported: Vec::new(),
            diagnostics: Diagnostics::error(
                "The benchmark's twin imports nothing",
                "Import with the real Resistant provider.",
            ),
        }
    }
}

fn main() -> ExitCode {
    program::main(
        TwinProvider,
        Program {
            address: "registry.terraform.io/bench/resistant",
            log_targets: &["terraform_provider_resistant_twin"],
            usage: "terraform-provider-resistant-twin: the Resistant schemas without an API, for \
                    the benchmark only. Terraform starts it; run by hand, use --debug.\n",
        },
    )
}
