//! The cty type system Terraform uses on the wire: types, values (with null and unknown), and the two
//! encodings (msgpack for values in RPCs, JSON for types, state and configuration snapshots).

mod encode;
mod number;
mod path;
#[cfg(test)]
mod strategies;
mod value;
pub use number::{Number, NumberError};

use std::collections::BTreeMap;

/// A cty type. `Dynamic` is Terraform's "any type" placeholder.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// The boolean type.
    Bool,
    /// The arbitrary-precision number type.
    Number,
    /// The Unicode string type.
    String,
    /// An ordered sequence of elements of one type.
    List(Box<Type>),
    /// An unordered collection of distinct elements of one type.
    Set(Box<Type>),
    /// String keys to elements of one type.
    Map(Box<Type>),
    /// Attribute name to type; `optional` lists the attributes declared optional (Terraform's
    /// `optional()` modifier), which only matters in type constraints.
    Object {
        /// The attributes and their types.
        attributes: BTreeMap<String, Type>,
        /// The names of attributes declared optional.
        optional: Vec<String>,
    },
    /// A fixed-length sequence with a type per position.
    Tuple(Vec<Type>),
    /// Any type, decided by each value.
    Dynamic,
}

/// A cty value. Null and unknown are values of any type; the type that gives a value its meaning is
/// always supplied next to it (from the schema) when encoding or decoding.
///
/// Decoding always yields the variant matching the type. Encoding is forgiving about the container:
/// any of `List`, `Set` and `Tuple` is accepted for a list, set or tuple type, `Map` and `Object`
/// for a map or object type, and a `Dynamic` wrapper for a concrete type.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// Null, of whatever type the context gives.
    #[default]
    Null,
    /// Not known until apply. Refinements sent by Terraform are tolerated and dropped.
    Unknown,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list's elements, in order.
    List(Vec<Value>),
    /// Elements in no particular order, without duplicates. The codecs keep the order they are
    /// given and do not de-duplicate.
    Set(Vec<Value>),
    /// A map's entries.
    Map(BTreeMap<String, Value>),
    /// Always carries every attribute of its object type (absent ones as `Null`).
    Object(BTreeMap<String, Value>),
    /// A tuple's elements, in order.
    Tuple(Vec<Value>),
    /// A value whose type was `Dynamic` in the schema: the concrete type travels with it.
    Dynamic(Box<Type>, Box<Value>),
}

pub mod json;
pub mod msgpack;

/// A value or type that could not be encoded or decoded, with the path where it went wrong.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[error("{message} (at {path})")]
pub struct CodecError {
    /// Where in the value the problem is, e.g. `tags["a"][1]`.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl Type {
    /// A list of `element`.
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    /// A set of `element`.
    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    /// A map of `element`.
    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    /// An object type without optional attributes.
    pub fn object<K: Into<String>>(attributes: impl IntoIterator<Item = (K, Type)>) -> Type {
        Type::Object {
            attributes: attributes.into_iter().map(|(k, t)| (k.into(), t)).collect(),
            optional: Vec::new(),
        }
    }

    /// A tuple of these element types.
    pub fn tuple(elements: impl IntoIterator<Item = Type>) -> Type {
        Type::Tuple(elements.into_iter().collect())
    }

    /// The type of an object attribute.
    pub fn attribute_type(&self, name: &str) -> Option<&Type> {
        match self {
            Type::Object { attributes, .. } => attributes.get(name),
            _ => None,
        }
    }

    /// Whether `Dynamic` appears anywhere in this type.
    pub fn has_dynamic(&self) -> bool {
        match self {
            Type::Dynamic => true,
            Type::Bool | Type::Number | Type::String => false,
            Type::List(e) | Type::Set(e) | Type::Map(e) => e.has_dynamic(),
            Type::Object { attributes, .. } => attributes.values().any(Type::has_dynamic),
            Type::Tuple(es) => es.iter().any(Type::has_dynamic),
        }
    }

    /// A short name for messages, in Terraform's type-constraint syntax (`list(string)`).
    pub fn friendly_name(&self) -> String {
        match self {
            Type::Bool => "bool".into(),
            Type::Number => "number".into(),
            Type::String => "string".into(),
            Type::Dynamic => "any".into(),
            Type::List(e) => format!("list({})", e.friendly_name()),
            Type::Set(e) => format!("set({})", e.friendly_name()),
            Type::Map(e) => format!("map({})", e.friendly_name()),
            Type::Tuple(es) => {
                let names: Vec<String> = es.iter().map(Type::friendly_name).collect();
                format!("tuple([{}])", names.join(", "))
            }
            Type::Object { attributes, .. } => {
                let names: Vec<String> = attributes
                    .iter()
                    .map(|(k, t)| format!("{k} = {}", t.friendly_name()))
                    .collect();
                format!("object({{{}}})", names.join(", "))
            }
        }
    }
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.friendly_name())
    }
}
