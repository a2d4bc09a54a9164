//! Write-only attributes never leave the provider in a state: whatever a provider answers, the
//! server nulls them, following the schema into nested attributes and nested blocks, in every
//! resource state it sends to Terraform (which rejects a provider that returns a value for one).
//! Their values stay readable in the configuration during plan and apply.

use crate::cty::Value;
use crate::schema::{Attribute, AttributeType, Block, NestedBlock, Nesting};

/// Nulls every write-only attribute of `state`, a value of `block`'s type.
pub fn null_write_only(block: &Block, state: &mut Value) {
    if block_has_write_only(block) {
        in_object(&block.attributes, &block.blocks, state);
    }
}

fn block_has_write_only(block: &Block) -> bool {
    block.attributes.iter().any(attribute_has_write_only)
        || block
            .blocks
            .iter()
            .any(|nested| block_has_write_only(&nested.block))
}

fn attribute_has_write_only(attribute: &Attribute) -> bool {
    attribute.write_only
        || matches!(&attribute.ty, AttributeType::Nested(nested)
            if nested.attributes.iter().any(attribute_has_write_only))
}

/// The attributes of an object value, seen through a dynamic wrapper.
fn fields(value: &mut Value) -> Option<&mut std::collections::BTreeMap<String, Value>> {
    match value {
        Value::Object(fields) | Value::Map(fields) => Some(fields),
        Value::Dynamic(_, inner) => fields(inner),
        _ => None,
    }
}

fn in_object(attributes: &[Attribute], blocks: &[NestedBlock], value: &mut Value) {
    let Some(fields) = fields(value) else {
        return; // null or unknown: nothing inside to null
    };
    for attribute in attributes {
        let Some(field) = fields.get_mut(&attribute.name) else {
            continue;
        };
        if attribute.write_only {
            *field = Value::Null;
        } else if let AttributeType::Nested(nested) = &attribute.ty {
            each_element(nested.nesting, field, &mut |element| {
                in_object(&nested.attributes, &[], element)
            });
        }
    }
    for block in blocks {
        if let Some(field) = fields.get_mut(&block.type_name) {
            each_element(block.nesting, field, &mut |element| {
                in_object(&block.block.attributes, &block.block.blocks, element)
            });
        }
    }
}

/// Calls `visit` on each object a nested value of this nesting mode holds. Lists and maps of
/// blocks with dynamic attributes arrive as tuples and objects, behind a dynamic wrapper.
fn each_element(nesting: Nesting, value: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
    match (nesting, value) {
        (_, Value::Dynamic(_, inner)) => each_element(nesting, inner, visit),
        (Nesting::Single | Nesting::Group, value) => visit(value),
        (
            Nesting::List | Nesting::Set,
            Value::List(items) | Value::Set(items) | Value::Tuple(items),
        ) => items.iter_mut().for_each(visit),
        (Nesting::Map, Value::Map(entries) | Value::Object(entries)) => {
            entries.values_mut().for_each(visit)
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cty::Type;

    fn secret_pair() -> Vec<Attribute> {
        vec![
            Attribute::new("name", Type::String).required(),
            Attribute::new("secret", Type::String)
                .optional()
                .write_only(),
        ]
    }

    fn pair(name: &str, secret: Value) -> Value {
        Value::object([("name", Value::string(name)), ("secret", secret)])
    }

    #[test]
    fn write_only_values_are_nulled_at_every_depth_and_the_rest_is_kept() {
        let block = Block::with_attributes(
            std::iter::once(Attribute::new("password", Type::String).write_only())
                .chain(std::iter::once(Attribute::nested(
                    "one",
                    Nesting::Single,
                    secret_pair(),
                )))
                .chain(std::iter::once(Attribute::nested(
                    "many",
                    Nesting::List,
                    secret_pair(),
                )))
                .chain(std::iter::once(Attribute::nested(
                    "named",
                    Nesting::Map,
                    secret_pair(),
                ))),
        )
        .with_block(NestedBlock::new(
            "rule",
            Nesting::Set,
            Block::with_attributes(secret_pair()),
        ))
        .with_block(NestedBlock::new(
            "dynamic_rule",
            Nesting::List,
            Block::with_attributes(secret_pair())
                .with_attribute(Attribute::new("extra", Type::Dynamic)),
        ));
        let tuple_type = Type::tuple([Type::object([
            ("extra", Type::Dynamic),
            ("name", Type::String),
            ("secret", Type::String),
        ])]);
        let with_extra = |secret| {
            let mut element = pair("d", secret);
            element.set_attribute("extra", Value::Null);
            element
        };
        let mut state = Value::object([
            ("password", Value::Unknown),
            ("one", pair("a", Value::string("s1"))),
            ("many", Value::list([pair("b", Value::string("s2"))])),
            ("named", Value::map([("k", pair("c", Value::string("s3")))])),
            ("rule", Value::set([pair("r", Value::string("s4"))])),
            (
                "dynamic_rule",
                Value::dynamic(
                    tuple_type.clone(),
                    Value::tuple([with_extra(Value::string("s5"))]),
                ),
            ),
        ]);
        null_write_only(&block, &mut state);
        let want = Value::object([
            ("password", Value::Null),
            ("one", pair("a", Value::Null)),
            ("many", Value::list([pair("b", Value::Null)])),
            ("named", Value::map([("k", pair("c", Value::Null))])),
            ("rule", Value::set([pair("r", Value::Null)])),
            (
                "dynamic_rule",
                Value::dynamic(tuple_type, Value::tuple([with_extra(Value::Null)])),
            ),
        ]);
        assert_eq!(state, want);
    }

    #[test]
    fn states_without_write_only_attributes_are_left_as_they_are() {
        let block = Block::with_attributes([Attribute::new("name", Type::String).required()]);
        for mut state in [
            Value::Null,
            Value::Unknown,
            Value::object([("name", Value::string("x"))]),
        ] {
            let before = state.clone();
            null_write_only(&block, &mut state);
            assert_eq!(state, before);
        }
        let block = Block::with_attributes(secret_pair());
        let mut gone = Value::Null;
        null_write_only(&block, &mut gone);
        assert_eq!(gone, Value::Null, "a destroyed object stays null");
    }
}
