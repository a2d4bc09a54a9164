//! Stored-state upgrade: the JSON state Terraform kept is handed to the provider's migration hook
//! when it was written under an older schema version, then fitted to the current schema's type
//! (attributes the schema no longer has are dropped, missing ones become null) and decoded.

use serde_json::{Map, Value as Json};

use crate::cty::{json, Type, Value};
use crate::diagnostics::Diagnostics;
use crate::provider::{Provider, UpgradeResourceStateRequest};
use crate::schema::Schema;

/// Upgrades one resource's raw JSON state to a value of the current schema, with the warnings the
/// provider's migration gave.
pub async fn upgrade_state<P: Provider + ?Sized>(
    provider: &P,
    type_name: &str,
    schema: &Schema,
    stored_version: i64,
    raw_json: &[u8],
) -> Result<(Value, Diagnostics), Diagnostics> {
    if stored_version > schema.version {
        return Err(Diagnostics::error(
            "State written by a newer provider",
            format!(
                "The stored {type_name} state has schema version {stored_version}, but this \
                 provider only knows versions up to {}. Upgrade the provider.",
                schema.version
            ),
        ));
    }
    let mut state: Json = serde_json::from_slice(raw_json).map_err(|error| {
        Diagnostics::error(
            "Invalid stored state",
            format!("The stored {type_name} state is not valid JSON: {error}."),
        )
    })?;
    let mut warnings = Diagnostics::default();
    if stored_version < schema.version {
        let response = provider
            .upgrade_resource_state(UpgradeResourceStateRequest {
                type_name: type_name.to_string(),
                version: stored_version,
                raw_state: state,
            })
            .await;
        if response.diagnostics.has_errors() {
            return Err(response.diagnostics);
        }
        state = response.upgraded_state;
        warnings = response.diagnostics;
    }
    let ty = schema.block.implied_type();
    let fitted = fit_to_type(state, &ty);
    let bytes = serde_json::to_vec(&fitted).map_err(|error| {
        Diagnostics::error(
            "Invalid stored state",
            format!("Cannot re-encode: {error}."),
        )
    })?;
    let value = json::decode(&bytes, &ty).map_err(|error| {
        Diagnostics::error(
            "Invalid stored state",
            format!("The stored {type_name} state does not match the current schema: {error}."),
        )
    })?;
    Ok((value, warnings))
}

/// Reshapes JSON so that every object has exactly the attributes its type declares.
pub fn fit_to_type(value: Json, ty: &Type) -> Json {
    match (value, ty) {
        (Json::Object(mut fields), Type::Object { attributes, .. }) => {
            let fitted: Map<String, Json> = attributes
                .iter()
                .map(|(name, attribute_type)| {
                    let field = fields.remove(name).unwrap_or(Json::Null);
                    (name.clone(), fit_to_type(field, attribute_type))
                })
                .collect();
            Json::Object(fitted)
        }
        (Json::Array(items), Type::List(element) | Type::Set(element)) => Json::Array(
            items
                .into_iter()
                .map(|item| fit_to_type(item, element))
                .collect(),
        ),
        (Json::Array(items), Type::Tuple(elements)) => Json::Array(
            items
                .into_iter()
                .zip(elements)
                .map(|(item, element)| fit_to_type(item, element))
                .collect(),
        ),
        (Json::Object(entries), Type::Map(element)) => Json::Object(
            entries
                .into_iter()
                .map(|(key, item)| (key, fit_to_type(item, element)))
                .collect(),
        ),
        (value, _) => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removed_attributes_are_dropped_and_new_ones_are_null() {
        let ty = Type::Object {
            attributes: [
                ("id".to_string(), Type::String),
                (
                    "items".to_string(),
                    Type::List(Box::new(Type::Object {
                        attributes: [("a".to_string(), Type::String)].into(),
                        optional: vec![],
                    })),
                ),
                ("added".to_string(), Type::Bool),
            ]
            .into(),
            optional: vec![],
        };
        let stored = json!({"id": "x", "gone": 1, "items": [{"a": "1", "b": 2}]});
        assert_eq!(
            fit_to_type(stored, &ty),
            json!({"id": "x", "items": [{"a": "1"}], "added": null})
        );
    }
}
