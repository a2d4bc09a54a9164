//! Renders schemas as Markdown reference pages (the layout the Terraform Registry uses), so the
//! same declarative schema that drives the protocol and value decoding also writes the docs.

use std::fmt::Write;

use tf_plugin_protocol::cty::Type;
use tf_plugin_protocol::schema::{
    Attribute, AttributeType, Block, FunctionSignature, Nesting, Presence,
};

/// What kind of object a page documents; decides the page's front matter and headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// The provider block (`docs/index.md`).
    Provider,
    /// A managed resource.
    Resource,
    /// A data source.
    DataSource,
    /// An ephemeral resource.
    EphemeralResource,
    /// A list resource (`terraform query`, Terraform 1.14+): its `config` block.
    ListResource,
    /// An action (Terraform 1.14+): its `config` block.
    Action,
}

impl PageKind {
    fn subcategory_label(self) -> &'static str {
        match self {
            PageKind::Provider => "Provider",
            PageKind::Resource => "Resource",
            PageKind::DataSource => "Data Source",
            PageKind::EphemeralResource => "Ephemeral Resource",
            PageKind::ListResource => "List Resource",
            PageKind::Action => "Action",
        }
    }
}

/// One page: a title, the block's description, optional example HCL, and the attribute reference.
pub struct Page<'a> {
    /// What the page documents.
    pub kind: PageKind,
    /// The page title: the object's type name, or the provider's name.
    pub title: &'a str,
    /// The schema block whose description and attributes the page shows.
    pub block: &'a Block,
    /// HCL shown under "Example Usage", when there is one.
    pub example: Option<&'a str>,
    /// Extra Markdown appended after the reference (import instructions and the like).
    pub footer: Option<&'a str>,
}

/// Writes a type the way people read it: `String`, `Set of String`, `Map of Number`, `Object`.
pub fn type_label(ty: &Type) -> String {
    match ty {
        Type::Bool => "Boolean".into(),
        Type::Number => "Number".into(),
        Type::String => "String".into(),
        Type::Dynamic => "Dynamic".into(),
        Type::List(e) => format!("List of {}", type_label(e)),
        Type::Set(e) => format!("Set of {}", type_label(e)),
        Type::Map(e) => format!("Map of {}", type_label(e)),
        Type::Object { .. } => "Object".into(),
        Type::Tuple(_) => "Tuple".into(),
    }
}

/// The attributes of an object type, or of the objects a collection holds.
fn object_fields(ty: &Type) -> Option<&std::collections::BTreeMap<String, Type>> {
    match ty {
        Type::Object { attributes, .. } => Some(attributes),
        Type::List(element) | Type::Set(element) | Type::Map(element) => object_fields(element),
        _ => None,
    }
}

fn nesting_label(nesting: Nesting) -> &'static str {
    match nesting {
        Nesting::Single | Nesting::Group => "Attributes",
        Nesting::List => "List of Attributes",
        Nesting::Set => "Set of Attributes",
        Nesting::Map => "Map of Attributes",
    }
}

fn attribute_line(out: &mut String, attribute: &Attribute, anchor: &str) {
    let type_text = match &attribute.ty {
        AttributeType::Type(ty) => type_label(ty),
        AttributeType::Nested(nested) => nesting_label(nested.nesting).to_string(),
    };
    let mut flags = vec![type_text];
    if attribute.sensitive {
        flags.push("Sensitive".into());
    }
    if attribute.write_only {
        flags.push("Write-only".into());
    }
    if attribute.deprecated {
        flags.push("Deprecated".into());
    }
    let description = attribute.description.trim();
    let _ = write!(out, "- `{}` ({})", attribute.name, flags.join(", "));
    if !description.is_empty() {
        let _ = write!(out, " {description}");
    }
    if let AttributeType::Type(ty) = &attribute.ty {
        if object_fields(ty).is_some() {
            let _ = write!(
                out,
                " (see [below for nested schema](#nestedobj--{anchor}{}))",
                attribute.name
            );
        }
    }
    if let AttributeType::Nested(_) = attribute.ty {
        let _ = write!(
            out,
            " (see [below for nested schema](#nestedatt--{anchor}{}))",
            attribute.name
        );
    }
    out.push('\n');
}

/// Where a block's reference is written: at the top of the page, where each presence group gets a
/// heading, or inside a "Nested Schema" section, where it gets a label (as the Registry does).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Nested,
}

fn section(out: &mut String, heading: &str, attributes: &[&Attribute], anchor: &str, level: Level) {
    if attributes.is_empty() {
        return;
    }
    let _ = match level {
        Level::Top => writeln!(out, "### {heading}\n"),
        Level::Nested => writeln!(out, "{heading}:\n"),
    };
    for attribute in attributes {
        attribute_line(out, attribute, anchor);
    }
    out.push('\n');
}

fn block_reference(out: &mut String, block: &Block, anchor: &str, level: Level) {
    let by_presence = |wanted: &[Presence]| -> Vec<&Attribute> {
        block
            .attributes
            .iter()
            .filter(|a| wanted.contains(&a.presence))
            .collect()
    };
    section(
        out,
        "Required",
        &by_presence(&[Presence::Required]),
        anchor,
        level,
    );
    section(
        out,
        "Optional",
        &by_presence(&[Presence::Optional, Presence::OptionalComputed]),
        anchor,
        level,
    );
    section(
        out,
        "Read-Only",
        &by_presence(&[Presence::Computed]),
        anchor,
        level,
    );
    for attribute in &block.attributes {
        if let AttributeType::Nested(nested) = &attribute.ty {
            let nested_anchor = format!("{anchor}{}", attribute.name);
            let _ = writeln!(out, "<a id=\"nestedatt--{nested_anchor}\"></a>");
            let _ = writeln!(out, "### Nested Schema for `{}`\n", attribute.name);
            let inner = Block {
                attributes: nested.attributes.clone(),
                ..Block::default()
            };
            block_reference(out, &inner, &format!("{nested_anchor}--"), Level::Nested);
        }
    }
    for attribute in &block.attributes {
        if let AttributeType::Type(ty) = &attribute.ty {
            if let Some(fields) = object_fields(ty) {
                let nested_anchor = format!("{anchor}{}", attribute.name);
                let _ = writeln!(out, "<a id=\"nestedobj--{nested_anchor}\"></a>");
                let _ = writeln!(out, "### Nested Schema for `{}`\n", attribute.name);
                for (name, field_type) in fields {
                    let _ = writeln!(out, "- `{name}` ({})", type_label(field_type));
                }
                out.push('\n');
            }
        }
    }
    for nested in &block.blocks {
        let _ = writeln!(out, "### Block `{}`\n", nested.type_name);
        block_reference(
            out,
            &nested.block,
            &format!("{anchor}{}--", nested.type_name),
            level,
        );
    }
}

/// Renders one reference page.
pub fn render_page(page: &Page<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "---");
    let _ = writeln!(
        out,
        "page_title: \"{} {}\"",
        page.title,
        page.kind.subcategory_label()
    );
    let _ = writeln!(out, "description: |-");
    let first_line = page.block.description.lines().next().unwrap_or_default();
    let _ = writeln!(out, "  {first_line}");
    let _ = writeln!(out, "---\n");
    let _ = writeln!(
        out,
        "# {} ({})\n",
        page.title,
        page.kind.subcategory_label()
    );
    if !page.block.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", page.block.description.trim());
    }
    if let Some(example) = page.example {
        let _ = writeln!(
            out,
            "## Example Usage\n\n```terraform\n{}\n```\n",
            example.trim_end()
        );
    }
    let _ = writeln!(out, "## Schema\n");
    block_reference(&mut out, page.block, "", Level::Top);
    if let Some(footer) = page.footer {
        let _ = writeln!(out, "{}", footer.trim_end());
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "\n"
}

/// The "Identity Schema" section of a resource page: the attributes Terraform 1.12 and later store
/// as the object's identity, which an `import` block may give instead of an ID.
pub fn render_identity(schema: &tf_plugin_protocol::identity::IdentitySchema) -> String {
    let mut out = String::from(
        "## Identity Schema\n\nTerraform 1.12 and later store this identity with each object. An \
         `import` block can name the object by it (`identity = { ... }`) instead of by `id`, and \
         `terraform query` lists objects with it.\n\n### Required\n\n",
    );
    for attribute in &schema.attributes {
        let _ = writeln!(
            out,
            "- `{}` ({}) {}",
            attribute.name,
            type_label(&attribute.ty),
            attribute.description
        );
    }
    out
}

/// Renders a provider function's page.
pub fn render_function(name: &str, signature: &FunctionSignature, example: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\npage_title: \"{name} Function\"\ndescription: |-\n  {}\n---\n",
        signature.summary
    );
    let _ = writeln!(out, "# {name} (Function)\n");
    let _ = writeln!(out, "{}\n", signature.description.trim());
    if let Some(example) = example {
        let _ = writeln!(
            out,
            "## Example Usage\n\n```terraform\n{}\n```\n",
            example.trim_end()
        );
    }
    let params: Vec<String> = signature
        .parameters
        .iter()
        .map(|p| format!("{} {}", p.name, type_label(&p.ty).to_lowercase()))
        .collect();
    let _ = writeln!(
        out,
        "## Signature\n\n```text\n{name}({}) {}\n```\n",
        params.join(", "),
        type_label(&signature.return_type).to_lowercase()
    );
    let _ = writeln!(out, "## Arguments\n");
    for (index, parameter) in signature.parameters.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. `{}` ({}) {}",
            index + 1,
            parameter.name,
            type_label(&parameter.ty),
            parameter.description.trim()
        );
    }
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_plugin_protocol::schema::{DescriptionKind, NestedAttributes};

    fn attribute(name: &str, ty: Type, presence: Presence) -> Attribute {
        Attribute {
            name: name.into(),
            ty: AttributeType::Type(ty),
            description: format!("The {name}."),
            description_kind: DescriptionKind::Markdown,
            presence,
            sensitive: false,
            write_only: false,
            deprecated: false,
        }
    }

    #[test]
    fn a_page_lists_attributes_by_presence_with_types_and_flags() {
        let mut secret = attribute("secret", Type::String, Presence::Computed);
        secret.sensitive = true;
        let block = Block {
            attributes: vec![
                attribute("name", Type::String, Presence::Required),
                attribute(
                    "cells",
                    Type::Set(Box::new(Type::String)),
                    Presence::OptionalComputed,
                ),
                secret,
                Attribute {
                    ty: AttributeType::Nested(NestedAttributes {
                        nesting: Nesting::List,
                        attributes: vec![attribute("id", Type::String, Presence::Computed)],
                    }),
                    ..attribute("items", Type::String, Presence::Computed)
                },
            ],
            description: "Manages a thing.".into(),
            ..Block::default()
        };
        let text = render_page(&Page {
            kind: PageKind::Resource,
            title: "example_thing",
            block: &block,
            example: Some("resource \"example_thing\" \"x\" {}"),
            footer: None,
        });
        let required = text.find("### Required").unwrap();
        let optional = text.find("### Optional").unwrap();
        let read_only = text.find("### Read-Only").unwrap();
        assert!(required < optional && optional < read_only);
        assert!(text.contains("- `name` (String) The name."));
        assert!(text.contains("- `cells` (Set of String) The cells."));
        assert!(text.contains("- `secret` (String, Sensitive) The secret."));
        assert!(
            text.contains("### Nested Schema for `items`\n\nRead-Only:\n\n- `id` (String) The id.")
        );
        assert_eq!(text.matches("### Read-Only").count(), 1);
        assert!(text.contains("```terraform\nresource \"example_thing\" \"x\" {}\n```"));
    }
}
