//! The managed resources (`resistant_tenant`, `resistant_tenant_application`), each a framework
//! [`Resource`], plus the pieces they share: the read outcome, the environment and allowed-values
//! checks, and diagnostics helpers. The generic planner is the framework's ([`plan`]).

pub mod deletions;
pub mod public_key;
pub mod tenant;
pub mod tenant_application;

pub use tf_provider_framework::plan;

use crate::client::ApiError;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::{Diagnostic, Diagnostics};
use crate::protocol::provider::{PlanResponse, ReadRequest, ReadResponse};
use crate::provider::attributes::{error_at, Field};
use crate::provider::catalog::{
    is_valid_tenant_name, Environment, APPLICATION_SCOPES, CELL_NAMES, TENANT_NAME_PATTERN,
};
use crate::provider::values::{attr, known_strings};
use crate::provider::ProviderData;
use tf_provider_framework::resource::Resource;
use tf_provider_framework::validators::{Members, Validator};

/// Every managed resource of the provider.
pub fn all() -> Vec<Box<dyn Resource<ProviderData>>> {
    vec![
        Box::new(tenant::TenantResource),
        Box::new(tenant_application::TenantApplicationResource),
    ]
}

/// A plan's answer with the configured environment's checks added: every planned cell must be one
/// the environment offers (skipped while the provider is not configured).
pub fn checked_for_environment(
    data: Option<&ProviderData>,
    type_name: &str,
    mut response: PlanResponse,
) -> PlanResponse {
    if let Some(data) = data {
        response.diagnostics.extend(cells_outside(
            data.config.environment,
            type_name,
            &response.planned_state,
        ));
    }
    response
}

/// The answer to a read: the object's new state when it was `found`; when it is gone, no state and
/// the warning `gone` (the next plan creates it again); on any other failure the state kept and the
/// error, saying what `action` failed.
pub fn read_response(
    request: &ReadRequest,
    found: Result<Value, ApiError>,
    gone: Diagnostic,
    action: &str,
) -> ReadResponse {
    match found {
        Ok(state) => ReadResponse {
            new_state: state,
            private: request.private.clone(),
            diagnostics: Diagnostics::default(),
        },
        Err(ApiError::NotFound { .. }) => ReadResponse {
            new_state: Value::Null,
            private: Vec::new(),
            diagnostics: Diagnostics::from(vec![gone]),
        },
        Err(err) => ReadResponse {
            diagnostics: Diagnostics::from(vec![api_error(action, &err)]),
            new_state: request.current_state.clone(),
            private: request.private.clone(),
        },
    }
}

/// The attribute holding each resource's cell(s), which the configured environment must offer.
const CELL_ATTRIBUTES: &[(&str, &Field)] = &[
    (tenant::TYPE_NAME, &tenant::CELLS),
    (
        tenant_application::TYPE_NAME,
        &tenant_application::fields::CELL,
    ),
];

/// An error for each known planned cell of a resource that `environment` does not offer.
fn cells_outside(environment: &Environment, type_name: &str, planned: &Value) -> Vec<Diagnostic> {
    let Some((_, field)) = CELL_ATTRIBUTES.iter().find(|(t, _)| *t == type_name) else {
        return Vec::new();
    };
    let name = field.name;
    let offered: Vec<&str> = environment.cells.iter().map(|cell| cell.name).collect();
    let planned = attr(planned, name);
    let cells = match planned {
        Value::String(cell) => vec![cell.clone()],
        other => known_strings(other),
    };
    cells
        .into_iter()
        .filter(|cell| !offered.contains(&cell.as_str()))
        .map(|cell| {
            let offers = match environment.region_note {
                Some(note) => format!("{note}; its cells are"),
                None => "Its cells are".to_string(),
            };
            error_at(
                name,
                "Cell not in the environment",
                format!(
                    "{cell:?} is not available in the {} environment. {offers} {}. \
                     Use one of those, or set environment = \"production\" in the provider \
                     block for other cells.",
                    environment.name,
                    quoted_list(&offered)
                ),
            )
        })
        .collect()
}

/// The service's cells, as every cell attribute checks them.
pub const CELLS: Members = Members {
    values: CELL_NAMES,
    summary: "Unknown cell",
    what: "a cell of the service",
    plural: "cells",
};

/// The scopes an application can be granted.
pub const SCOPES: Members = Members {
    values: APPLICATION_SCOPES,
    summary: "Unknown scope",
    what: "a scope an application can be granted",
    plural: "scopes",
};

/// The row validator of every cell attribute.
pub const CELL: Validator = Validator::Member(&CELLS);

/// The row validator of every tenant name attribute: the service's name rule.
pub const TENANT_NAME: Validator = Validator::Rule {
    check: tenant_name_problem,
    rule: "Must match `^[a-z0-9]{1,61}$`: 1 to 61 lowercase letters and digits.",
};

fn tenant_name_problem(value: &Value) -> Option<(String, String)> {
    let name = value.as_str()?;
    (!is_valid_tenant_name(name)).then(|| {
        (
            "Invalid tenant name".to_string(),
            format!(
                "The tenant name {name:?} does not follow the rule {TENANT_NAME_PATTERN}: 1 to 61 \
                 characters, only lowercase letters a-z and digits."
            ),
        )
    })
}

/// An API failure as an error diagnostic, the one mapping every object kind uses: what was being
/// done and what went wrong in the summary; the server's own words and what to do next in the
/// detail.
pub fn api_error(action: &str, err: &ApiError) -> Diagnostic {
    let (summary, detail) = err.describe(action);
    Diagnostic::error(summary, detail)
}

/// A list of the given names, quoted, for messages (`"eu-1", "us-1"`).
pub fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    use tf_provider_framework::registry::Registry;

    fn registry() -> Registry<dyn Resource<ProviderData>> {
        Registry::new("resource type", all())
    }

    #[test]
    fn every_resource_and_attribute_is_documented() {
        let registry = registry();
        let schemas = registry.schemas();
        assert_eq!(
            schemas.keys().map(String::as_str).collect::<Vec<_>>(),
            ["resistant_tenant", "resistant_tenant_application"]
        );
        for (name, schema) in schemas {
            assert!(!schema.block.description.is_empty(), "{name}");
            for attribute in &schema.block.attributes {
                assert!(
                    !attribute.description.is_empty(),
                    "{name}.{} has no description",
                    attribute.name
                );
            }
        }
    }

    #[test]
    fn the_testing_environment_refuses_cells_outside_the_eu() {
        use crate::provider::catalog::{PRODUCTION, TESTING};
        let tenant = Value::Object(
            [(
                "cells".to_string(),
                Value::set_of_strings(["eu-1", "us-1", "ap-2"]),
            )]
            .into(),
        );
        assert!(cells_outside(&PRODUCTION, tenant::TYPE_NAME, &tenant).is_empty());
        let refused = cells_outside(&TESTING, tenant::TYPE_NAME, &tenant);
        assert_eq!(refused.len(), 2);
        assert!(
            refused[0].detail.contains("EU only"),
            "{}",
            refused[0].detail
        );
        assert_eq!(
            refused[0].attribute,
            Some(crate::protocol::diagnostics::AttributePath::root("cells"))
        );

        let application = Value::Object([("cell".to_string(), Value::string("ca-1"))].into());
        let refused = cells_outside(&TESTING, tenant_application::TYPE_NAME, &application);
        assert!(refused[0].detail.contains("\"ca-1\""));
        let unknown = Value::Object([("cell".to_string(), Value::Unknown)].into());
        assert!(cells_outside(&TESTING, tenant_application::TYPE_NAME, &unknown).is_empty());
    }

    #[test]
    fn unknown_types_are_refused_with_a_diagnostic() {
        let registry = registry();
        assert!(registry
            .validate("resistant_nope", &Value::Null)
            .has_errors());
    }
}
