//! The declarative attribute table every managed resource is described by: one row per attribute with
//! its type, who sets it, how a change is applied and its default. The protocol schema, the docs and
//! the generic planner ([`super::plan`]) all read the same rows.

use crate::protocol::cty::{Type, Value};
use crate::protocol::schema::{Attribute, Block, DescriptionKind, Presence, Schema};

/// The attribute types these resources use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Bool,
    StringSet,
    StringMap,
}

impl FieldType {
    pub fn cty(self) -> Type {
        match self {
            FieldType::String => Type::String,
            FieldType::Bool => Type::Bool,
            FieldType::StringSet => Type::Set(Box::new(Type::String)),
            FieldType::StringMap => Type::Map(Box::new(Type::String)),
        }
    }
}

/// How a new value of the attribute reaches the remote object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Set by the user; the API cannot change it, so a new value replaces the object.
    Replace,
    /// Set by the user; stored in state only, changed in place without an API call.
    InPlace,
    /// Set by the provider: unknown until a new object exists, then kept.
    Computed,
}

/// The value an optional attribute takes when the configuration leaves it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    /// None, or one the resource derives from other attributes.
    None,
    Bool(bool),
    Strings(&'static [&'static str]),
}

impl DefaultValue {
    pub fn value(self) -> Option<Value> {
        match self {
            DefaultValue::None => None,
            DefaultValue::Bool(b) => Some(Value::Bool(b)),
            DefaultValue::Strings(items) => Some(Value::set_of_strings(items.iter().copied())),
        }
    }
}

/// One attribute of a resource.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub presence: Presence,
    pub change: Change,
    pub default: DefaultValue,
    pub sensitive: bool,
    /// Markdown; becomes the schema description and the docs.
    pub description: &'static str,
}

impl Field {
    /// A user-set attribute whose change replaces the object.
    pub const fn replace(name: &'static str, ty: FieldType, presence: Presence) -> Field {
        Field {
            name,
            ty,
            presence,
            change: Change::Replace,
            default: DefaultValue::None,
            sensitive: false,
            description: "",
        }
    }

    /// An optional attribute kept in state only, with a default.
    pub const fn in_place(name: &'static str, ty: FieldType, default: DefaultValue) -> Field {
        Field {
            name,
            ty,
            presence: Presence::OptionalComputed,
            change: Change::InPlace,
            default,
            sensitive: false,
            description: "",
        }
    }

    /// An attribute the provider sets.
    pub const fn computed(name: &'static str, ty: FieldType) -> Field {
        Field {
            name,
            ty,
            presence: Presence::Computed,
            change: Change::Computed,
            default: DefaultValue::None,
            sensitive: false,
            description: "",
        }
    }

    pub const fn default(mut self, default: DefaultValue) -> Field {
        self.default = default;
        self
    }

    pub const fn sensitive(mut self) -> Field {
        self.sensitive = true;
        self
    }

    pub const fn describe(mut self, description: &'static str) -> Field {
        self.description = description;
        self
    }

    pub fn attribute(&self) -> Attribute {
        let attribute = Attribute::new(self.name, self.ty.cty())
            .presence(self.presence)
            .description(self.description)
            .markdown();
        if self.sensitive {
            attribute.sensitive()
        } else {
            attribute
        }
    }
}

/// The schema a field table describes.
pub fn schema(fields: &[Field], description: &str) -> Schema {
    Schema {
        version: 0,
        block: Block {
            attributes: fields.iter().map(Field::attribute).collect(),
            blocks: Vec::new(),
            description: description.to_string(),
            description_kind: DescriptionKind::Markdown,
            deprecated: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        Field::computed("id", FieldType::String).describe("The id."),
        Field::replace("name", FieldType::String, Presence::Required),
        Field::in_place("flag", FieldType::Bool, DefaultValue::Bool(true)),
        Field::computed("secret", FieldType::String).sensitive(),
    ];

    #[test]
    fn the_schema_follows_the_table() {
        let schema = schema(FIELDS, "A thing.");
        let names: Vec<_> = schema
            .block
            .attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["id", "name", "flag", "secret"]);
        assert_eq!(schema.block.attributes[0].description, "The id.");
        assert_eq!(
            schema.block.attributes[2].presence,
            Presence::OptionalComputed
        );
        assert!(schema.block.attributes[3].sensitive);
        assert_eq!(FIELDS[2].default.value(), Some(Value::Bool(true)));
    }
}
