//! The declarative attribute tables shared by data sources and ephemeral resources: one `Field` row
//! per attribute (name, type, presence, sensitivity, description) drives the schema, reading values out
//! of a decoded configuration, and building a complete result object.

use std::collections::BTreeMap;

use crate::protocol::cty::{Type, Value};
use crate::protocol::diagnostics::{AttributePath, Diagnostic, PathStep, Severity};
use crate::protocol::schema::{Attribute, AttributeType, Block, DescriptionKind, Presence, Schema};

/// The types the tables use.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    String,
    StringList,
    StringSet,
    StringMap,
    /// A list of objects, each described by its own table.
    ObjectList(&'static [Field]),
}

/// One attribute.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub presence: Presence,
    pub sensitive: bool,
    pub description: &'static str,
}

impl Field {
    pub const fn required(name: &'static str, kind: Kind, description: &'static str) -> Field {
        Field::new(name, kind, Presence::Required, description)
    }

    pub const fn optional(name: &'static str, kind: Kind, description: &'static str) -> Field {
        Field::new(name, kind, Presence::Optional, description)
    }

    pub const fn computed(name: &'static str, kind: Kind, description: &'static str) -> Field {
        Field::new(name, kind, Presence::Computed, description)
    }

    const fn new(
        name: &'static str,
        kind: Kind,
        presence: Presence,
        description: &'static str,
    ) -> Field {
        Field {
            name,
            kind,
            presence,
            sensitive: false,
            description,
        }
    }

    /// The same field, marked sensitive.
    pub const fn sensitive(self) -> Field {
        Field {
            sensitive: true,
            ..self
        }
    }
}

impl Kind {
    pub fn cty_type(&self) -> Type {
        let string = || Box::new(Type::String);
        match self {
            Kind::String => Type::String,
            Kind::StringList => Type::List(string()),
            Kind::StringSet => Type::Set(string()),
            Kind::StringMap => Type::Map(string()),
            Kind::ObjectList(fields) => Type::List(Box::new(object_type(fields))),
        }
    }
}

/// The object type of a table (used for nested objects).
pub fn object_type(fields: &[Field]) -> Type {
    Type::Object {
        attributes: fields
            .iter()
            .map(|f| (f.name.to_string(), f.kind.cty_type()))
            .collect(),
        optional: Vec::new(),
    }
}

/// The schema a table describes.
pub fn schema(description: &str, fields: &[Field]) -> Schema {
    Schema {
        version: 0,
        block: Block {
            attributes: fields
                .iter()
                .map(|f| Attribute {
                    name: f.name.to_string(),
                    ty: AttributeType::Type(f.kind.cty_type()),
                    description: f.description.to_string(),
                    description_kind: DescriptionKind::Markdown,
                    presence: f.presence,
                    sensitive: f.sensitive,
                    write_only: false,
                    deprecated: false,
                })
                .collect(),
            blocks: Vec::new(),
            description: description.to_string(),
            description_kind: DescriptionKind::Markdown,
            deprecated: false,
        },
    }
}

/// An error diagnostic about one top-level attribute.
pub fn attribute_error(
    name: &str,
    summary: impl Into<String>,
    detail: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        summary: summary.into(),
        detail: detail.into(),
        attribute: Some(AttributePath(vec![PathStep::Attribute(name.to_string())])),
    }
}

/// What one configuration attribute holds, as far as validation cares.
#[derive(Clone, Debug, PartialEq)]
pub enum Setting<T> {
    Absent,
    /// Set, but not known until apply.
    Unknown,
    Known(T),
}

impl<T> Setting<T> {
    pub fn is_set(&self) -> bool {
        !matches!(self, Setting::Absent)
    }

    pub fn known(self) -> Option<T> {
        match self {
            Setting::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// A decoded configuration object, read through its table so that every name read is declared.
pub struct Config<'a> {
    fields: &'a [Field],
    attributes: BTreeMap<String, Value>,
}

impl<'a> Config<'a> {
    /// Wraps a decoded configuration; anything but an object (e.g. a null config) reads as empty.
    pub fn new(fields: &'a [Field], value: &Value) -> Config<'a> {
        let attributes = match value {
            Value::Object(map) => map.clone(),
            _ => BTreeMap::new(),
        };
        Config { fields, attributes }
    }

    fn raw(&self, name: &str) -> &Value {
        debug_assert!(
            self.fields.iter().any(|f| f.name == name),
            "attribute {name} is not in the table"
        );
        self.attributes.get(name).unwrap_or(&Value::Null)
    }

    /// A string attribute.
    pub fn string(&self, name: &str) -> Setting<String> {
        match self.raw(name) {
            Value::Null => Setting::Absent,
            Value::String(s) => Setting::Known(s.clone()),
            _ => Setting::Unknown,
        }
    }

    /// A list or set of strings; known only when every element is.
    pub fn strings(&self, name: &str) -> Setting<Vec<String>> {
        match self.raw(name) {
            Value::Null => Setting::Absent,
            Value::List(items) | Value::Set(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        _ => return Setting::Unknown,
                    }
                }
                Setting::Known(out)
            }
            _ => Setting::Unknown,
        }
    }

    /// The result object: every configurable attribute as configured, every computed one from
    /// `computed` (null when missing there).
    pub fn with_computed(&self, mut computed: BTreeMap<String, Value>) -> Value {
        Value::Object(
            self.fields
                .iter()
                .map(|f| {
                    let value = match f.presence {
                        Presence::Computed => computed.remove(f.name),
                        Presence::OptionalComputed => computed
                            .remove(f.name)
                            .or_else(|| self.attributes.get(f.name).cloned()),
                        Presence::Required | Presence::Optional => {
                            self.attributes.get(f.name).cloned()
                        }
                    };
                    (f.name.to_string(), value.unwrap_or(Value::Null))
                })
                .collect(),
        )
    }
}

/// Builds one nested object of a table; attributes missing from `values` are null.
pub fn object(fields: &[Field], mut values: BTreeMap<String, Value>) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|f| {
                (
                    f.name.to_string(),
                    values.remove(f.name).unwrap_or(Value::Null),
                )
            })
            .collect(),
    )
}

/// Shorthands for building values.
pub fn string(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

pub fn string_list<S: AsRef<str>>(items: &[S]) -> Value {
    Value::List(items.iter().map(|s| string(s.as_ref())).collect())
}

pub fn string_set<S: AsRef<str>>(items: &[S]) -> Value {
    Value::Set(items.iter().map(|s| string(s.as_ref())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &[Field] = &[Field::computed("id", Kind::String, "Id.")];
    const FIELDS: &[Field] = &[
        Field::required("name", Kind::String, "Name."),
        Field::optional("tags", Kind::StringSet, "Tags."),
        Field::computed("items", Kind::ObjectList(NESTED), "Items."),
        Field::computed("token", Kind::String, "Token.").sensitive(),
    ];

    #[test]
    fn the_table_drives_the_schema() {
        let s = schema("Thing.", FIELDS);
        let names: Vec<_> = s.block.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["name", "tags", "items", "token"]);
        assert!(s.block.attributes[3].sensitive);
        assert_eq!(
            s.block.attributes[2].ty,
            AttributeType::Type(Type::List(Box::new(object_type(NESTED))))
        );
    }

    #[test]
    fn config_reads_distinguish_absent_unknown_and_known() {
        let value = Value::Object(BTreeMap::from([
            ("name".to_string(), Value::Unknown),
            (
                "tags".to_string(),
                Value::Set(vec![string("a"), Value::Unknown]),
            ),
        ]));
        let config = Config::new(FIELDS, &value);
        assert_eq!(config.string("name"), Setting::Unknown);
        assert_eq!(config.strings("tags"), Setting::Unknown);
        let config = Config::new(FIELDS, &Value::Null);
        assert_eq!(config.string("name"), Setting::Absent);
    }

    #[test]
    fn results_keep_config_and_fill_computed() {
        let value = Value::Object(BTreeMap::from([("name".to_string(), string("x"))]));
        let config = Config::new(FIELDS, &value);
        let out = config.with_computed(BTreeMap::from([("token".to_string(), string("t"))]));
        let Value::Object(map) = out else {
            panic!("not an object")
        };
        assert_eq!(map["name"], string("x"));
        assert_eq!(map["tags"], Value::Null);
        assert_eq!(map["items"], Value::Null);
        assert_eq!(map["token"], string("t"));
    }
}
