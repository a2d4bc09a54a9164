//! Configuration generation (`terraform plan -generate-config-out`, `terraform query
//! -generate-config-out`): a state turned into the value of a resource block that reproduces it.
//! What only the provider sets (computed-only attributes) and what must never be written to a file
//! (sensitive and write-only attributes) are left null, so Terraform omits them.

use std::collections::BTreeMap;

use crate::cty::Value;
use crate::schema::{Block, Presence};

/// The configuration value of `block` that reproduces `state`.
pub fn config_from_state(block: &Block, state: &Value) -> Value {
    let Some(fields) = state.unwrap_dynamic().as_object() else {
        return state.clone();
    };
    let mut config = BTreeMap::new();
    for attribute in &block.attributes {
        let value = fields.get(&attribute.name).cloned().unwrap_or(Value::Null);
        let keep = attribute.presence != Presence::Computed
            && !attribute.sensitive
            && !attribute.write_only;
        config.insert(
            attribute.name.clone(),
            if keep { value } else { Value::Null },
        );
    }
    for nested in &block.blocks {
        let value = fields
            .get(&nested.type_name)
            .cloned()
            .unwrap_or(Value::Null);
        config.insert(nested.type_name.clone(), value);
    }
    Value::Object(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cty::Type;
    use crate::schema::Attribute;

    #[test]
    fn computed_only_sensitive_and_write_only_attributes_are_left_out_and_the_rest_kept() {
        let block = Block::with_attributes([
            Attribute::new("id", Type::String).computed(),
            Attribute::new("name", Type::String).required(),
            Attribute::new("cells", Type::list(Type::String)).optional_computed(),
            Attribute::new("secret", Type::String)
                .computed()
                .sensitive(),
            Attribute::new("password", Type::String)
                .optional()
                .sensitive(),
            Attribute::new("token_wo", Type::String)
                .optional()
                .write_only(),
        ]);
        let state = Value::object([
            ("id", Value::string("t-1")),
            ("name", Value::string("acme")),
            ("cells", Value::list_of_strings(["eu"])),
            ("secret", Value::string("s3cr3t")),
            ("password", Value::string("hunter2")),
            ("token_wo", Value::Null),
        ]);
        let config = config_from_state(&block, &state);
        assert_eq!(config.get("id"), Some(&Value::Null));
        assert_eq!(config.get_str("name"), Some("acme"));
        assert_eq!(config.get("cells"), Some(&Value::list_of_strings(["eu"])));
        assert_eq!(config.get("secret"), Some(&Value::Null));
        assert_eq!(config.get("password"), Some(&Value::Null));
        assert_eq!(config.get("token_wo"), Some(&Value::Null));
    }
}
