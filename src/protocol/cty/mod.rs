//! The cty type system Terraform uses on the wire: types, values (with null and unknown), and the two
//! encodings (msgpack for values in RPCs, JSON for types, state and configuration snapshots).

mod number;
pub use number::Number;

use std::collections::BTreeMap;

/// A cty type. `Dynamic` is Terraform's "any type" placeholder.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    Bool,
    Number,
    String,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    /// Attribute name to type; `optional` lists the attributes declared optional (Terraform's
    /// `optional()` modifier), which only matters in type constraints.
    Object {
        attributes: BTreeMap<String, Type>,
        optional: Vec<String>,
    },
    Tuple(Vec<Type>),
    Dynamic,
}

/// A cty value. Null and unknown are values of any type; the type that gives a value its meaning is
/// always supplied next to it (from the schema) when encoding or decoding.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    /// Not known until apply. Refinements sent by Terraform are tolerated and dropped.
    Unknown,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Value>),
    /// Elements in no particular order, without duplicates.
    Set(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// Always carries every attribute of its object type (absent ones as `Null`).
    Object(BTreeMap<String, Value>),
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
    pub path: String,
    pub message: String,
}
