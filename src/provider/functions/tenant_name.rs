//! `tenant_name(display_name)`: a valid tenant name derived from a customer's display name — lower
//! case, only `a-z` and `0-9` kept, at most 61 characters; an error when nothing is left.

use super::Function;
use crate::protocol::cty::{Type, Value};
use crate::protocol::provider::FunctionError;
use crate::protocol::schema::{DescriptionKind, FunctionParameter, FunctionSignature};
use crate::provider::catalog::{is_valid_tenant_name, TENANT_NAME_MAX_LEN, TENANT_NAME_PATTERN};

pub const NAME: &str = "tenant_name";

/// The tenant name for `display_name`, or why there is none (without a final period: Terraform
/// quotes the text inside its own sentence).
pub fn derive(display_name: &str) -> Result<String, String> {
    let name: String = display_name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .take(TENANT_NAME_MAX_LEN)
        .collect();
    if is_valid_tenant_name(&name) {
        Ok(name)
    } else {
        Err(format!(
            "{display_name:?} has no letters a-z or digits 0-9, so no tenant name \
             ({TENANT_NAME_PATTERN}) can be derived from it"
        ))
    }
}

pub struct TenantName;

impl Function for TenantName {
    fn name(&self) -> &'static str {
        NAME
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![FunctionParameter {
                name: "display_name".to_string(),
                ty: Type::String,
                description: "The customer's display name, e.g. `ACME Corp.`".to_string(),
                description_kind: DescriptionKind::Markdown,
                allow_null: false,
                allow_unknown: false,
            }],
            variadic: None,
            return_type: Type::String,
            summary: "A valid tenant name from a customer display name".to_string(),
            description: format!(
                "Lower-cases `display_name`, keeps only the letters `a`-`z` and the digits `0`-`9`, \
                 and cuts the result to {TENANT_NAME_MAX_LEN} characters, giving a name that \
                 matches `{TENANT_NAME_PATTERN}` (e.g. `ACME Corp. (EU)` becomes `acmecorpeu`). \
                 Fails when nothing is left."
            ),
            description_kind: DescriptionKind::Markdown,
            deprecation_message: String::new(),
        }
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError> {
        let argument_error = |text: String| FunctionError {
            text,
            argument: Some(0),
        };
        match arguments {
            [Value::String(display_name)] => derive(display_name)
                .map(Value::String)
                .map_err(argument_error),
            [_] => Err(argument_error(
                "display_name must be a known string.".to_string(),
            )),
            _ => Err(FunctionError {
                text: format!("tenant_name takes 1 argument, got {}", arguments.len()),
                argument: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_become_tenant_names() {
        assert_eq!(derive("ACME Corp. (EU)").unwrap(), "acmecorpeu");
        assert_eq!(derive("Müller & Söhne 42").unwrap(), "mllershne42");
        assert_eq!(derive(&"Ab-".repeat(40)).unwrap(), "ab".repeat(30) + "a");
        assert_eq!(derive(&"x".repeat(61)).unwrap().len(), 61);
    }

    #[test]
    fn nothing_left_is_an_error() {
        for bad in ["", "---", "ÄÖÜ", "  "] {
            assert!(derive(bad).is_err(), "{bad:?}");
        }
        let err = TenantName
            .call(&[Value::String("!!".to_string())])
            .unwrap_err();
        assert_eq!(err.argument, Some(0));
    }
}
