//! The cty type a schema implies for its values (what Terraform sends and expects back), computed
//! from the schema model. Decoding and encoding of every RPC value go through these types.

use std::collections::BTreeMap;

use crate::protocol::cty::Type;
use crate::protocol::schema::{Attribute, AttributeType, Block, NestedAttributes, Nesting};

/// The object type of a block: one attribute per schema attribute and per nested block type.
pub fn block_type(block: &Block) -> Type {
    let mut attributes: BTreeMap<String, Type> = block
        .attributes
        .iter()
        .map(|attribute| (attribute.name.clone(), attribute_type(attribute)))
        .collect();
    for nested in &block.blocks {
        let object = block_type(&nested.block);
        let ty = match nested.nesting {
            Nesting::Single | Nesting::Group => object,
            Nesting::List => Type::List(Box::new(object)),
            Nesting::Set => Type::Set(Box::new(object)),
            Nesting::Map => Type::Map(Box::new(object)),
        };
        attributes.insert(nested.type_name.clone(), ty);
    }
    Type::Object {
        attributes,
        optional: Vec::new(),
    }
}

/// The type of one attribute's value.
pub fn attribute_type(attribute: &Attribute) -> Type {
    match &attribute.ty {
        AttributeType::Type(ty) => ty.clone(),
        AttributeType::Nested(nested) => nested_type(nested),
    }
}

/// The type of nested attributes: an object, or a collection of objects.
pub fn nested_type(nested: &NestedAttributes) -> Type {
    let object = Type::Object {
        attributes: nested
            .attributes
            .iter()
            .map(|attribute| (attribute.name.clone(), attribute_type(attribute)))
            .collect(),
        optional: Vec::new(),
    };
    match nested.nesting {
        Nesting::Single | Nesting::Group => object,
        Nesting::List => Type::List(Box::new(object)),
        Nesting::Set => Type::Set(Box::new(object)),
        Nesting::Map => Type::Map(Box::new(object)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::schema::{DescriptionKind, NestedBlock, Presence};

    fn attribute(name: &str, ty: AttributeType) -> Attribute {
        Attribute {
            name: name.into(),
            ty,
            description: String::new(),
            description_kind: DescriptionKind::Plain,
            presence: Presence::Optional,
            sensitive: false,
            write_only: false,
            deprecated: false,
        }
    }

    #[test]
    fn blocks_and_nested_attributes_become_objects_and_collections() {
        let block = Block {
            attributes: vec![
                attribute("name", AttributeType::Type(Type::String)),
                attribute(
                    "items",
                    AttributeType::Nested(NestedAttributes {
                        nesting: Nesting::Set,
                        attributes: vec![attribute("n", AttributeType::Type(Type::Number))],
                    }),
                ),
            ],
            blocks: vec![NestedBlock {
                type_name: "timeouts".into(),
                nesting: Nesting::Single,
                block: Block {
                    attributes: vec![attribute("create", AttributeType::Type(Type::String))],
                    ..Default::default()
                },
                min_items: 0,
                max_items: 0,
            }],
            ..Default::default()
        };
        let object = |pairs: &[(&str, Type)]| Type::Object {
            attributes: pairs
                .iter()
                .map(|(name, ty)| (name.to_string(), ty.clone()))
                .collect(),
            optional: vec![],
        };
        assert_eq!(
            block_type(&block),
            object(&[
                ("name", Type::String),
                ("items", Type::Set(Box::new(object(&[("n", Type::Number)])))),
                ("timeouts", object(&[("create", Type::String)])),
            ])
        );
    }
}
