//! The schema model: a declarative description of a provider's, resource's, data source's or
//! ephemeral resource's configuration, and of provider functions. Converted to the protocol's
//! `Schema` message by the server and used to decode values; the docs generator reads it too.

use super::cty::Type;

/// How a description is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DescriptionKind {
    #[default]
    Plain,
    Markdown,
}

/// Whether an attribute is set by the user, by the provider, or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    Computed,
    /// Optional in configuration; the provider fills it when the user leaves it out.
    OptionalComputed,
}

/// The type of an attribute: either a plain cty type or nested attributes.
#[derive(Clone, Debug, PartialEq)]
pub enum AttributeType {
    Type(Type),
    Nested(NestedAttributes),
}

/// How nested attributes are collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    Single,
    List,
    Set,
    Map,
    Group,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NestedAttributes {
    pub nesting: Nesting,
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub ty: AttributeType,
    pub description: String,
    pub description_kind: DescriptionKind,
    pub presence: Presence,
    pub sensitive: bool,
    pub write_only: bool,
    pub deprecated: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NestedBlock {
    pub type_name: String,
    pub nesting: Nesting,
    pub block: Block,
    pub min_items: i64,
    pub max_items: i64,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Block {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    pub description: String,
    pub description_kind: DescriptionKind,
    pub deprecated: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Schema {
    pub version: i64,
    pub block: Block,
}

/// One parameter of a provider function.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionParameter {
    pub name: String,
    pub ty: Type,
    pub description: String,
    pub allow_null: bool,
    pub allow_unknown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionSignature {
    pub parameters: Vec<FunctionParameter>,
    pub variadic: Option<FunctionParameter>,
    pub return_type: Type,
    pub summary: String,
    pub description: String,
    pub description_kind: DescriptionKind,
    pub deprecation_message: String,
}
