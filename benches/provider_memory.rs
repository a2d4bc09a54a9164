//! Peak memory of this process (`VmHWM` in `/proc/self/status`) after building a provider's schemas
//! and decoding and encoding 1 000 resource states in both formats, against the provider's budget.
//!
//! `ResistantProvider` is not on `main` yet, so the schemas are a representative set built with the
//! protocol's schema model (a tenant resource whose implied type is the benchmark state type, plus
//! an application resource and data sources); swap in `ResistantProvider::new().schemas()` once
//! it lands.

mod support;

use std::collections::BTreeMap;
use std::error::Error;

use support::{states, target};
use terraform_provider_resistant::protocol::cty::{json, msgpack, Type, Value};
use terraform_provider_resistant::protocol::provider::ProviderSchemas;
use terraform_provider_resistant::protocol::schema::{Attribute, Block, Nesting, Schema};

const STATES: usize = 1_000;
/// The provider's peak resident memory budget.
const PEAK_MAX_MIB: f64 = 64.0;

/// A memory figure from `/proc/self/status` (e.g. `VmHWM`, `VmRSS`) in MiB, when the system has one.
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.split(':').next() == Some(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn print_memory(phase: &str) -> Option<f64> {
    let peak = status_mib("VmHWM");
    match (peak, status_mib("VmRSS")) {
        (Some(peak), Some(rss)) => println!("{phase}: peak {peak:.1} MiB, now {rss:.1} MiB"),
        _ => println!("{phase}: /proc/self/status has no memory figures on this system"),
    }
    peak
}

fn tenant_schema() -> Schema {
    let text = |name: &str| Attribute::new(name, Type::String);
    Schema::new(Block::with_attributes([
        text("id").computed().description("The tenant's id."),
        text("name")
            .required()
            .description("Unique within the organization."),
        text("organization").computed(),
        Attribute::new("cells", Type::set(Type::String)).optional_computed(),
        Attribute::new("documents_ui", Type::map(Type::String)).computed(),
        text("created").computed(),
        text("updated").computed(),
        text("description").optional(),
        Attribute::new("deletion_protection", Type::Bool).optional_computed(),
        Attribute::new("force_destroy", Type::Bool).optional_computed(),
        Attribute::new("application_count", Type::Number).computed(),
        Attribute::nested(
            "timeouts",
            Nesting::Single,
            vec![text("create").optional(), text("delete").optional()],
        ),
    ]))
}

fn application_schema() -> Schema {
    let text = |name: &str| Attribute::new(name, Type::String);
    Schema::new(Block::with_attributes([
        text("id").computed(),
        text("tenant_id").required(),
        text("cell").required(),
        Attribute::new("scopes", Type::set(Type::String)).required(),
        text("client_id").computed(),
        text("client_secret").computed().sensitive(),
        text("public_key_pem").optional(),
        text("token_url").computed(),
    ]))
}

fn schemas() -> ProviderSchemas {
    let provider = Schema::new(Block::with_attributes([
        Attribute::new("environment", Type::String).optional(),
        Attribute::new("client_id", Type::String).optional(),
        Attribute::new("client_secret", Type::String)
            .optional()
            .sensitive(),
        Attribute::new("private_key_pem", Type::String)
            .optional()
            .sensitive(),
    ]));
    let resources = BTreeMap::from([
        ("resistant_tenant".to_string(), tenant_schema()),
        ("resistant_application".to_string(), application_schema()),
    ]);
    let data_sources = resources.clone();
    ProviderSchemas {
        provider,
        resources,
        data_sources,
        ..ProviderSchemas::default()
    }
}

/// Decodes `count` distinct states from both encodings, keeps them all, then encodes them again;
/// answers the bytes written.
fn churn(ty: &Type, count: usize) -> Result<usize, Box<dyn Error>> {
    let mut encoded = Vec::with_capacity(count);
    for n in 0..count {
        let state = states::state(n);
        encoded.push((msgpack::encode(&state, ty)?, json::encode(&state, ty)?));
    }
    let mut decoded: Vec<(Value, Value)> = Vec::with_capacity(count);
    for (mp, js) in &encoded {
        decoded.push((msgpack::decode(mp, ty)?, json::decode(js, ty)?));
    }
    let mut written = 0;
    for (a, b) in &decoded {
        written += msgpack::encode(a, ty)?.len() + json::encode(b, ty)?.len();
    }
    Ok(written)
}

fn main() -> Result<(), Box<dyn Error>> {
    if !support::invoked_as_bench() {
        return Ok(());
    }
    support::banner("provider memory");
    let start = print_memory("at start");
    let schemas = schemas();
    let ty = schemas
        .resources
        .get("resistant_tenant")
        .map(Schema::implied_type)
        .ok_or("the tenant schema is missing")?;
    let mut checks = vec![target(
        "tenant schema type is the benchmark state type",
        if ty == states::state_type() {
            "same"
        } else {
            "different"
        },
        "same",
        ty == states::state_type(),
    )];
    print_memory("after building the schemas");
    let written = churn(&ty, STATES)?;
    println!("{STATES} states decoded and re-encoded ({written} bytes written)");
    let peak = print_memory(&format!("after {STATES} states"));
    match (start, peak) {
        (Some(start), Some(peak)) => {
            println!("growth over the start: {:.1} MiB", peak - start);
            checks.push(target(
                "peak resident memory",
                &format!("{peak:.1} MiB"),
                &format!("< {PEAK_MAX_MIB} MiB"),
                peak < PEAK_MAX_MIB,
            ));
        }
        _ => checks.push(target(
            "peak resident memory",
            "unavailable",
            "measured",
            false,
        )),
    }
    support::summary(&checks);
    Ok(())
}
