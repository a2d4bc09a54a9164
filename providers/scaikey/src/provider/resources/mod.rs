//! The managed resources, one file each (`tenant`), and what every object shares: the one mapping
//! of API errors to diagnostics (the server's message always shown, a 422's `loc` as the attribute
//! path it is about, `["body", "settings", "session_timeout"]` → `settings.session_timeout`), and a
//! taken slug answered with how to import the tenant.

pub mod tenant;

use serde_json::Value as Json;
use tf_provider_framework::attributes::Field;
use tf_provider_framework::protocol::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use tf_provider_framework::resource::Resource;

use crate::client::{ApiError, Problem};
use crate::provider::ProviderData;

/// Every managed resource of the provider.
pub fn all() -> Vec<Box<dyn Resource<ProviderData>>> {
    vec![Box::new(tenant::TenantResource)]
}

/// Where the request put what a `loc` names, as the attribute of `fields` it came from: the
/// leading `body`/`query`/`path` dropped, names followed into nested objects, stopping at an
/// index (a set's elements have no path). `None` when the first name is not in the table.
pub fn attribute_path(fields: &[Field], loc: &[Json]) -> Option<AttributePath> {
    let mut steps = loc
        .iter()
        .skip_while(|step| matches!(step.as_str(), Some("body") | Some("query") | Some("path")));
    let first = steps.next()?.as_str()?;
    fields.iter().find(|f| f.name == first)?;
    let mut path = AttributePath::root(first);
    for step in steps {
        match step.as_str() {
            Some(name) => path = path.attribute(name),
            None => break,
        }
    }
    Some(path)
}

fn dotted(path: &AttributePath) -> String {
    use tf_provider_framework::protocol::diagnostics::PathStep;
    path.0
        .iter()
        .filter_map(|step| match step {
            PathStep::Attribute(name) => Some(name.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn problem(action: &str, fields: &[Field], problem: &Problem) -> Diagnostic {
    match attribute_path(fields, &problem.loc) {
        Some(path) => Diagnostic::error(
            format!("Could not {action}: invalid {}", dotted(&path)),
            format!(
                "The API refused `{}`: {} (HTTP 422). Change the value in the configuration.",
                dotted(&path),
                problem.msg
            ),
        )
        .at(path),
        None => Diagnostic::error(
            format!("Could not {action}"),
            format!(
                "The API refused the request at {}: {} (HTTP 422).",
                crate::client::error::location(&problem.loc),
                problem.msg
            ),
        ),
    }
}

/// The diagnostics of `error` while trying to `action` (e.g. "create the tenant"); `fields` is
/// the table of the object whose request failed.
pub fn api_error(action: &str, fields: &[Field], error: &ApiError) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    match error {
        ApiError::Rejected {
            status: 422,
            problems,
            ..
        } if !problems.is_empty() => {
            for p in problems {
                diagnostics.push(problem(action, fields, p));
            }
        }
        error => diagnostics.push_error(format!("Could not {action}"), error.to_string()),
    }
    diagnostics
}

/// The create's error when the slug is taken, at the `slug` row: the server's words and how to
/// manage the tenant that has it instead.
pub fn slug_taken(row: &Field, slug: &str, error: &ApiError) -> Diagnostics {
    let detail = match error {
        ApiError::Rejected { detail, .. } => detail.clone(),
        other => other.to_string(),
    };
    let mut diagnostics = Diagnostics::default();
    diagnostics.push(
        Diagnostic::error(
            "Could not create the tenant: the slug is taken",
            format!(
                "The API answered HTTP 409: {detail}. Another tenant that is not deleted holds \
                 the slug {slug:?}, and this provider never takes over an object it did not \
                 create. If that tenant should be managed here, import it:\n  terraform import \
                 <address> slug:{slug}\nor with an import block:\n  import {{\n    to = <address>\n    \
                 id = \"slug:{slug}\"\n  }}\nOtherwise choose another `slug`. (Inside one \
                 configuration, a replacement with create_before_destroy cannot keep its slug.)"
            ),
        )
        .at(AttributePath::root(row.name)),
    );
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tf_provider_framework::attributes::Kind;
    use tf_provider_framework::protocol::diagnostics::PathStep;

    const FIELDS: &[Field] = &[
        Field::required("name", Kind::String, ""),
        Field::optional("settings", Kind::String, ""),
    ];

    fn names(path: &AttributePath) -> Vec<String> {
        path.0
            .iter()
            .map(|s| match s {
                PathStep::Attribute(n) => n.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_location_in_the_body_becomes_the_attribute_path() {
        let loc = [json!("body"), json!("settings"), json!("session_timeout")];
        let path = attribute_path(FIELDS, &loc).unwrap();
        assert_eq!(names(&path), ["settings", "session_timeout"]);
        let loc = [
            json!("body"),
            json!("settings"),
            json!("mfa_methods"),
            json!(1),
        ];
        let path = attribute_path(FIELDS, &loc).unwrap();
        assert_eq!(names(&path), ["settings", "mfa_methods"]);
    }

    #[test]
    fn a_location_outside_the_table_blames_no_attribute_but_shows_the_message() {
        assert!(attribute_path(FIELDS, &[json!("body"), json!("extra")]).is_none());
        let error = ApiError::Rejected {
            status: 422,
            detail: String::new(),
            problems: vec![Problem {
                loc: vec![json!("body"), json!("extra")],
                msg: "Extra inputs are not permitted".into(),
            }],
        };
        let diagnostics = api_error("update the tenant", FIELDS, &error);
        assert!(diagnostics[0].attribute.is_none());
        assert!(diagnostics[0].detail.contains("body.extra: Extra inputs"));
    }

    #[test]
    fn a_taken_slug_says_how_to_import() {
        let error = ApiError::Rejected {
            status: 409,
            detail: "slug in use".into(),
            problems: Vec::new(),
        };
        let slug = Field::required("slug", Kind::String, "");
        let diagnostics = slug_taken(&slug, "acme", &error);
        assert!(diagnostics[0].detail.contains("slug:acme"));
        assert!(diagnostics[0].detail.contains("slug in use"));
        assert_eq!(diagnostics[0].attribute, Some(AttributePath::root("slug")));
    }
}
