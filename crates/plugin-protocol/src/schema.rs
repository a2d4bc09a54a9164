//! The schema model: a declarative description of a provider's, resource's, data source's or
//! ephemeral resource's configuration, and of provider functions. Converted to the protocol's
//! `Schema` message by the server and used to decode values; the docs generator reads it too.

use super::cty::Type;

/// How a description is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DescriptionKind {
    /// Plain text.
    #[default]
    Plain,
    /// Markdown.
    Markdown,
}

/// Whether an attribute is set by the user, by the provider, or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Must be set in configuration.
    Required,
    /// May be set in configuration; null when not.
    Optional,
    /// Set by the provider only.
    Computed,
    /// Optional in configuration; the provider fills it when the user leaves it out.
    OptionalComputed,
}

/// The type of an attribute: either a plain cty type or nested attributes.
#[derive(Clone, Debug, PartialEq)]
pub enum AttributeType {
    /// A plain cty type.
    Type(Type),
    /// Nested attributes (protocol 6 nested attribute types).
    Nested(NestedAttributes),
}

/// How nested attributes are collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    /// Exactly one object (or null).
    Single,
    /// An ordered list of objects.
    List,
    /// A set of objects.
    Set,
    /// Objects by string key (blocks with one label).
    Map,
    /// One block that is never null: absent means every attribute null (blocks only).
    Group,
}

/// The attributes of a nested attribute type and how their objects are collected.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedAttributes {
    /// How the objects are collected.
    pub nesting: Nesting,
    /// The attributes of each object.
    pub attributes: Vec<Attribute>,
}

/// One attribute of a block or nested object.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// The attribute's name.
    pub name: String,
    /// Its type.
    pub ty: AttributeType,
    /// What it means, for docs and editors.
    pub description: String,
    /// How `description` is written.
    pub description_kind: DescriptionKind,
    /// Who sets it.
    pub presence: Presence,
    /// Whether Terraform hides its value in plan output.
    pub sensitive: bool,
    /// Whether its value exists only in configuration, never in plan or state (Terraform 1.11+).
    pub write_only: bool,
    /// Whether Terraform warns when it is set.
    pub deprecated: bool,
}

/// A block type nested in a block.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedBlock {
    /// The block's name in configuration.
    pub type_name: String,
    /// How its blocks are collected.
    pub nesting: Nesting,
    /// What each block holds.
    pub block: Block,
    /// The fewest blocks allowed (0: no minimum).
    pub min_items: i64,
    /// The most blocks allowed (0: no maximum).
    pub max_items: i64,
}

/// A block: attributes and nested block types.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Block {
    /// Its attributes.
    pub attributes: Vec<Attribute>,
    /// Its nested block types.
    pub blocks: Vec<NestedBlock>,
    /// What it is, for docs and editors.
    pub description: String,
    /// How `description` is written.
    pub description_kind: DescriptionKind,
    /// Whether Terraform warns when it is used.
    pub deprecated: bool,
}

/// A versioned schema: the provider block, or a resource, data source or ephemeral resource.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Schema {
    /// The schema version stored with resource states (raised when stored states need upgrading).
    pub version: i64,
    /// The top-level block.
    pub block: Block,
}

/// One parameter of a provider function.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionParameter {
    /// Its name, for docs and messages.
    pub name: String,
    /// Its type constraint.
    pub ty: Type,
    /// What it is, for docs and editors.
    pub description: String,
    /// How `description` is written.
    pub description_kind: DescriptionKind,
    /// Whether null arguments reach the provider (else Terraform refuses them).
    pub allow_null: bool,
    /// Whether unknown arguments reach the provider (else Terraform skips the call and assumes an unknown result).
    pub allow_unknown: bool,
}

/// A provider function's signature and documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionSignature {
    /// The positional parameters.
    pub parameters: Vec<FunctionParameter>,
    /// The parameter that takes any number of trailing arguments, if any.
    pub variadic: Option<FunctionParameter>,
    /// The type of the result.
    pub return_type: Type,
    /// A one-line summary.
    pub summary: String,
    /// The full documentation.
    pub description: String,
    /// How `description` is written.
    pub description_kind: DescriptionKind,
    /// Set when the function is deprecated: what to use instead.
    pub deprecation_message: String,
}

// ---------------------------------------------------------------------------------------------
// Builders, lookups and implied types.

impl Attribute {
    /// An optional attribute with a plain type and no description; refine it with the builder
    /// methods, e.g. `Attribute::new("name", Type::String).required().description("...")`.
    pub fn new(name: impl Into<String>, ty: Type) -> Attribute {
        Attribute {
            name: name.into(),
            ty: AttributeType::Type(ty),
            description: String::new(),
            description_kind: DescriptionKind::Plain,
            presence: Presence::Optional,
            sensitive: false,
            write_only: false,
            deprecated: false,
        }
    }

    /// An attribute made of nested attributes (protocol 6 nested attribute types).
    pub fn nested(
        name: impl Into<String>,
        nesting: Nesting,
        attributes: Vec<Attribute>,
    ) -> Attribute {
        Attribute {
            ty: AttributeType::Nested(NestedAttributes {
                nesting,
                attributes,
            }),
            ..Attribute::new(name, Type::Dynamic)
        }
    }

    /// Must be set in configuration.
    pub fn required(self) -> Self {
        self.presence(Presence::Required)
    }

    /// May be set in configuration.
    pub fn optional(self) -> Self {
        self.presence(Presence::Optional)
    }

    /// Set by the provider only.
    pub fn computed(self) -> Self {
        self.presence(Presence::Computed)
    }

    /// May be set in configuration; the provider fills it when it is not.
    pub fn optional_computed(self) -> Self {
        self.presence(Presence::OptionalComputed)
    }

    /// Sets who sets it.
    pub fn presence(mut self, presence: Presence) -> Self {
        self.presence = presence;
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Marks the description as Markdown.
    pub fn markdown(mut self) -> Self {
        self.description_kind = DescriptionKind::Markdown;
        self
    }

    /// Hides the value in plan output.
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Keeps the value out of plan and state: it exists only in configuration.
    pub fn write_only(mut self) -> Self {
        self.write_only = true;
        self
    }

    /// Marks the attribute deprecated.
    pub fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }

    /// Whether it must be set in configuration.
    pub fn is_required(&self) -> bool {
        self.presence == Presence::Required
    }

    /// Whether the user may set it (required, optional or optional+computed).
    pub fn is_configurable(&self) -> bool {
        self.presence != Presence::Computed
    }

    /// Whether the provider may fill it (computed or optional+computed).
    pub fn is_computed(&self) -> bool {
        matches!(
            self.presence,
            Presence::Computed | Presence::OptionalComputed
        )
    }

    /// The cty type of the attribute's value.
    pub fn value_type(&self) -> Type {
        match &self.ty {
            AttributeType::Type(ty) => ty.clone(),
            AttributeType::Nested(nested) => nested.implied_type(),
        }
    }
}

impl NestedAttributes {
    /// The object type of one element, wrapped according to the nesting mode.
    pub fn implied_type(&self) -> Type {
        let object = Type::object(
            self.attributes
                .iter()
                .map(|a| (a.name.clone(), a.value_type())),
        );
        wrap(self.nesting, object)
    }

    /// The nested attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// Wraps an element object type as a nesting mode collects it.
fn wrap(nesting: Nesting, object: Type) -> Type {
    match nesting {
        Nesting::Single | Nesting::Group => object,
        Nesting::List => Type::list(object),
        Nesting::Set => Type::set(object),
        Nesting::Map => Type::map(object),
    }
}

impl NestedBlock {
    /// A nested block with no item limits.
    pub fn new(type_name: impl Into<String>, nesting: Nesting, block: Block) -> NestedBlock {
        NestedBlock {
            type_name: type_name.into(),
            nesting,
            block,
            min_items: 0,
            max_items: 0,
        }
    }

    /// Requires at least `n` blocks.
    pub fn min_items(mut self, n: i64) -> Self {
        self.min_items = n;
        self
    }

    /// Allows at most `n` blocks.
    pub fn max_items(mut self, n: i64) -> Self {
        self.max_items = n;
        self
    }

    /// The type of the block's value in its parent object. As in Terraform (whose decoder reads
    /// such blocks as a tuple or an object), a list or map of blocks with a dynamically typed
    /// attribute anywhere inside has no static type: it is `Dynamic`, and its values arrive as a
    /// tuple (list) or an object (map) of block objects, each with its own concrete types.
    pub fn implied_type(&self) -> Type {
        let element = self.block.implied_type();
        match self.nesting {
            Nesting::List | Nesting::Map if element.has_dynamic() => Type::Dynamic,
            nesting => wrap(nesting, element),
        }
    }
}

impl Block {
    /// An empty block.
    pub fn new() -> Block {
        Block::default()
    }

    /// A block with these attributes.
    pub fn with_attributes(attributes: impl IntoIterator<Item = Attribute>) -> Block {
        Block {
            attributes: attributes.into_iter().collect(),
            ..Block::default()
        }
    }

    /// Adds an attribute (builder style).
    pub fn with_attribute(mut self, attribute: Attribute) -> Self {
        self.attributes.push(attribute);
        self
    }

    /// Adds a nested block (builder style).
    pub fn with_block(mut self, block: NestedBlock) -> Self {
        self.blocks.push(block);
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Marks the description as Markdown.
    pub fn markdown(mut self) -> Self {
        self.description_kind = DescriptionKind::Markdown;
        self
    }

    /// Marks the block deprecated.
    pub fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }

    /// The attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The nested block type `type_name`.
    pub fn block(&self, type_name: &str) -> Option<&NestedBlock> {
        self.blocks.iter().find(|b| b.type_name == type_name)
    }

    /// The object type of this block's value: one attribute per attribute and nested block.
    pub fn implied_type(&self) -> Type {
        let attributes = self
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.value_type()));
        let blocks = self
            .blocks
            .iter()
            .map(|b| (b.type_name.clone(), b.implied_type()));
        Type::object(attributes.chain(blocks))
    }
}

impl Schema {
    /// A schema at version 0.
    pub fn new(block: Block) -> Schema {
        Schema { version: 0, block }
    }

    /// Sets the schema version.
    pub fn version(mut self, version: i64) -> Self {
        self.version = version;
        self
    }

    /// The type of values (config, plan, state) under this schema.
    pub fn implied_type(&self) -> Type {
        self.block.implied_type()
    }
}

impl FunctionParameter {
    /// A parameter that refuses null and unknown arguments.
    pub fn new(name: impl Into<String>, ty: Type) -> FunctionParameter {
        FunctionParameter {
            name: name.into(),
            ty,
            description: String::new(),
            description_kind: DescriptionKind::Plain,
            allow_null: false,
            allow_unknown: false,
        }
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Marks the description as Markdown.
    pub fn markdown(mut self) -> Self {
        self.description_kind = DescriptionKind::Markdown;
        self
    }

    /// Lets null arguments through to the provider.
    pub fn allow_null(mut self) -> Self {
        self.allow_null = true;
        self
    }

    /// Lets unknown arguments through to the provider.
    pub fn allow_unknown(mut self) -> Self {
        self.allow_unknown = true;
        self
    }
}

impl FunctionSignature {
    /// A function with these parameters and return type, no variadic parameter.
    pub fn new(parameters: Vec<FunctionParameter>, return_type: Type) -> FunctionSignature {
        FunctionSignature {
            parameters,
            variadic: None,
            return_type,
            summary: String::new(),
            description: String::new(),
            description_kind: DescriptionKind::Plain,
            deprecation_message: String::new(),
        }
    }

    /// Sets the variadic parameter.
    pub fn variadic(mut self, parameter: FunctionParameter) -> Self {
        self.variadic = Some(parameter);
        self
    }

    /// Sets the summary.
    pub fn summary(mut self, text: impl Into<String>) -> Self {
        self.summary = text.into();
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Marks the description as Markdown.
    pub fn markdown(mut self) -> Self {
        self.description_kind = DescriptionKind::Markdown;
        self
    }

    /// Marks the function deprecated with this message.
    pub fn deprecated(mut self, message: impl Into<String>) -> Self {
        self.deprecation_message = message.into();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_sets_fields() {
        let a = Attribute::new("secret", Type::String)
            .optional_computed()
            .sensitive()
            .write_only()
            .deprecated()
            .description("*x*")
            .markdown();
        assert_eq!(a.presence, Presence::OptionalComputed);
        assert!(a.sensitive && a.write_only && a.deprecated);
        assert_eq!(a.description, "*x*");
        assert_eq!(a.description_kind, DescriptionKind::Markdown);
        assert!(a.is_computed() && a.is_configurable() && !a.is_required());
        assert_eq!(
            Attribute::new("n", Type::Number).required().presence,
            Presence::Required
        );
        assert_eq!(
            Attribute::new("n", Type::Number).computed().presence,
            Presence::Computed
        );
    }

    #[test]
    fn implied_types() {
        let cell = vec![
            Attribute::new("x", Type::Number).required(),
            Attribute::new("y", Type::String).optional(),
        ];
        let cell_type = Type::object([("x", Type::Number), ("y", Type::String)]);
        let block = Block::with_attributes([
            Attribute::new("id", Type::String).computed(),
            Attribute::nested("one", Nesting::Single, cell.clone()),
            Attribute::nested("cells", Nesting::List, cell.clone()),
            Attribute::nested("bag", Nesting::Set, cell.clone()),
            Attribute::nested("named", Nesting::Map, cell.clone()),
        ])
        .with_block(NestedBlock::new(
            "rule",
            Nesting::List,
            Block::with_attributes(cell.clone()),
        ))
        .with_block(NestedBlock::new(
            "opts",
            Nesting::Group,
            Block::with_attributes(cell.clone()),
        ))
        .with_block(NestedBlock::new(
            "tagset",
            Nesting::Set,
            Block::with_attributes(cell.clone()),
        ))
        .with_block(NestedBlock::new(
            "byname",
            Nesting::Map,
            Block::with_attributes(cell),
        ));
        let want = Type::object([
            ("id", Type::String),
            ("one", cell_type.clone()),
            ("cells", Type::list(cell_type.clone())),
            ("bag", Type::set(cell_type.clone())),
            ("named", Type::map(cell_type.clone())),
            ("rule", Type::list(cell_type.clone())),
            ("opts", cell_type.clone()),
            ("tagset", Type::set(cell_type.clone())),
            ("byname", Type::map(cell_type)),
        ]);
        assert_eq!(block.implied_type(), want);
        assert_eq!(Schema::new(block.clone()).version(2).implied_type(), want);
        assert!(block.attribute("id").is_some_and(|a| a.is_computed()));
        assert!(block.attribute("rule").is_none());
        assert!(block.block("rule").is_some());
    }
    #[test]
    fn lists_and_maps_of_blocks_with_dynamic_attributes_are_dynamic_as_in_terraform() {
        let dynamic = Block::with_attributes([
            Attribute::new("name", Type::String),
            Attribute::new("value", Type::Dynamic),
        ]);
        let element = Type::object([("name", Type::String), ("value", Type::Dynamic)]);
        let plain = Block::with_attributes([Attribute::new("name", Type::String)]);
        let deep =
            Block::new().with_block(NestedBlock::new("inner", Nesting::Single, dynamic.clone()));
        let dynamic_fields = vec![Attribute::new("value", Type::Dynamic)];
        let field = Type::object([("value", Type::Dynamic)]);
        let block = Block::with_attributes([
            Attribute::nested("nested_list", Nesting::List, dynamic_fields.clone()),
            Attribute::nested("nested_map", Nesting::Map, dynamic_fields),
        ])
        .with_block(NestedBlock::new("list", Nesting::List, dynamic.clone()))
        .with_block(NestedBlock::new("map", Nesting::Map, dynamic.clone()))
        .with_block(NestedBlock::new("deep", Nesting::List, deep))
        .with_block(NestedBlock::new("single", Nesting::Single, dynamic.clone()))
        .with_block(NestedBlock::new("group", Nesting::Group, dynamic))
        .with_block(NestedBlock::new("plain", Nesting::List, plain.clone()))
        .with_block(NestedBlock::new("plain_map", Nesting::Map, plain));
        let name = Type::object([("name", Type::String)]);
        let want = Type::object([
            // Terraform decodes these blocks as a tuple / an object of block objects.
            ("list", Type::Dynamic),
            ("map", Type::Dynamic),
            ("deep", Type::Dynamic),
            ("single", element.clone()),
            ("group", element),
            ("plain", Type::list(name.clone())),
            ("plain_map", Type::map(name)),
            // Nested attribute types keep their collection (configschema `Object.ImpliedType`).
            ("nested_list", Type::list(field.clone())),
            ("nested_map", Type::map(field)),
        ]);
        assert_eq!(block.implied_type(), want);
    }

    #[test]
    fn function_parameters_keep_their_description_kind() {
        let plain = FunctionParameter::new("n", Type::Number).description("a number");
        assert_eq!(plain.description_kind, DescriptionKind::Plain);
        let markdown = plain.markdown();
        assert_eq!(markdown.description_kind, DescriptionKind::Markdown);
        assert_eq!(markdown.description, "a number");
    }
}
