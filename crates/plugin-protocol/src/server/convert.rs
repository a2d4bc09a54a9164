//! Conversions from the schema model and diagnostics to their protocol messages: `Schema`,
//! `Function`, `Diagnostic` and `AttributePath` (with every step kind).

use crate::cty::{json, Type};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, PathStep, Severity};
use crate::proto_gen::tfplugin6 as pb;
use crate::provider::FunctionError;
use crate::schema::{
    Attribute, AttributeType, Block, DescriptionKind, FunctionParameter, FunctionSignature,
    NestedAttributes, NestedBlock, Nesting, Presence, Schema,
};

/// An identity schema in its protocol form.
pub fn identity_schema(schema: &crate::identity::IdentitySchema) -> pb::ResourceIdentitySchema {
    pb::ResourceIdentitySchema {
        version: schema.version,
        identity_attributes: schema
            .attributes
            .iter()
            .map(
                |attribute| pb::resource_identity_schema::IdentityAttribute {
                    name: attribute.name.clone(),
                    r#type: json::encode_type(&attribute.ty),
                    required_for_import: attribute.required_for_import,
                    optional_for_import: attribute.optional_for_import,
                    description: attribute.description.clone(),
                },
            )
            .collect(),
    }
}

/// A schema in its protocol form.
pub fn schema(schema: &Schema) -> pb::Schema {
    pb::Schema {
        version: schema.version,
        block: Some(block(&schema.block)),
    }
}

fn string_kind(kind: DescriptionKind) -> i32 {
    match kind {
        DescriptionKind::Plain => pb::StringKind::Plain as i32,
        DescriptionKind::Markdown => pb::StringKind::Markdown as i32,
    }
}

fn block(block: &Block) -> pb::schema::Block {
    pb::schema::Block {
        version: 0,
        attributes: block.attributes.iter().map(attribute).collect(),
        block_types: block.blocks.iter().map(nested_block).collect(),
        description: block.description.clone(),
        description_kind: string_kind(block.description_kind),
        deprecated: block.deprecated,
        deprecation_message: String::new(),
    }
}

fn attribute(attribute: &Attribute) -> pb::schema::Attribute {
    let (ty, nested_type) = match &attribute.ty {
        AttributeType::Type(ty) => (json::encode_type(ty), None),
        AttributeType::Nested(nested) => (Vec::new(), Some(nested_object(nested))),
    };
    let (required, optional, computed) = match attribute.presence {
        Presence::Required => (true, false, false),
        Presence::Optional => (false, true, false),
        Presence::Computed => (false, false, true),
        Presence::OptionalComputed => (false, true, true),
    };
    pb::schema::Attribute {
        name: attribute.name.clone(),
        r#type: ty,
        nested_type,
        description: attribute.description.clone(),
        required,
        optional,
        computed,
        sensitive: attribute.sensitive,
        description_kind: string_kind(attribute.description_kind),
        deprecated: attribute.deprecated,
        deprecation_message: String::new(),
        write_only: attribute.write_only,
    }
}

fn nested_object(nested: &NestedAttributes) -> pb::schema::Object {
    use pb::schema::object::NestingMode;
    let nesting = match nested.nesting {
        // Nested attributes have no "group" mode; a single object is the closest.
        Nesting::Single | Nesting::Group => NestingMode::Single,
        Nesting::List => NestingMode::List,
        Nesting::Set => NestingMode::Set,
        Nesting::Map => NestingMode::Map,
    };
    #[allow(deprecated)]
    pb::schema::Object {
        attributes: nested.attributes.iter().map(attribute).collect(),
        nesting: nesting as i32,
        min_items: 0,
        max_items: 0,
    }
}

fn nested_block(nested: &NestedBlock) -> pb::schema::NestedBlock {
    use pb::schema::nested_block::NestingMode;
    let nesting = match nested.nesting {
        Nesting::Single => NestingMode::Single,
        Nesting::Group => NestingMode::Group,
        Nesting::List => NestingMode::List,
        Nesting::Set => NestingMode::Set,
        Nesting::Map => NestingMode::Map,
    };
    pb::schema::NestedBlock {
        type_name: nested.type_name.clone(),
        block: Some(block(&nested.block)),
        nesting: nesting as i32,
        min_items: nested.min_items,
        max_items: nested.max_items,
    }
}

/// A provider function's signature in its protocol form.
pub fn function(signature: &FunctionSignature) -> pb::Function {
    pb::Function {
        parameters: signature.parameters.iter().map(parameter).collect(),
        variadic_parameter: signature.variadic.as_ref().map(parameter),
        r#return: Some(pb::function::Return {
            r#type: json::encode_type(&signature.return_type),
        }),
        summary: signature.summary.clone(),
        description: signature.description.clone(),
        description_kind: string_kind(signature.description_kind),
        deprecation_message: signature.deprecation_message.clone(),
    }
}

fn parameter(parameter: &FunctionParameter) -> pb::function::Parameter {
    pb::function::Parameter {
        name: parameter.name.clone(),
        r#type: json::encode_type(&parameter.ty),
        allow_null_value: parameter.allow_null,
        allow_unknown_values: parameter.allow_unknown,
        description: parameter.description.clone(),
        description_kind: string_kind(parameter.description_kind),
    }
}

/// The type of argument `index` of a function call, following the variadic parameter.
pub fn argument_type(signature: &FunctionSignature, index: usize) -> Option<&Type> {
    signature
        .parameters
        .get(index)
        .or(signature.variadic.as_ref())
        .map(|parameter| &parameter.ty)
}

/// An attribute path in its protocol form.
pub fn attribute_path(path: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    pb::AttributePath {
        steps: path
            .0
            .iter()
            .map(|step| pb::attribute_path::Step {
                selector: Some(match step {
                    PathStep::Attribute(name) => Selector::AttributeName(name.clone()),
                    PathStep::ElementKeyString(key) => Selector::ElementKeyString(key.clone()),
                    PathStep::ElementKeyInt(key) => Selector::ElementKeyInt(*key),
                }),
            })
            .collect(),
    }
}

/// One diagnostic in its protocol form.
pub fn diagnostic(diagnostic: &Diagnostic) -> pb::Diagnostic {
    let severity = match diagnostic.severity {
        Severity::Error => pb::diagnostic::Severity::Error,
        Severity::Warning => pb::diagnostic::Severity::Warning,
    };
    pb::Diagnostic {
        severity: severity as i32,
        summary: diagnostic.summary.clone(),
        detail: diagnostic.detail.clone(),
        attribute: diagnostic.attribute.as_ref().map(attribute_path),
    }
}

/// Diagnostics in their protocol form.
pub fn diagnostics(diagnostics: &Diagnostics) -> Vec<pb::Diagnostic> {
    diagnostics.iter().map(diagnostic).collect()
}

/// A function error in its protocol form.
pub fn function_error(error: &FunctionError) -> pb::FunctionError {
    pb::FunctionError {
        text: error.text.clone(),
        function_argument: error.argument,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_keep_severity_and_every_path_step() {
        let diags = Diagnostics::from(vec![Diagnostic {
            severity: Severity::Warning,
            summary: "s".into(),
            detail: "d".into(),
            attribute: Some(AttributePath(vec![
                PathStep::Attribute("cells".into()),
                PathStep::ElementKeyInt(1),
                PathStep::ElementKeyString("k".into()),
            ])),
        }]);
        let converted = diagnostics(&diags);
        assert_eq!(converted.len(), 1);
        assert_eq!(
            converted[0].severity,
            pb::diagnostic::Severity::Warning as i32
        );
        let steps = &converted[0].attribute.as_ref().expect("path").steps;
        use pb::attribute_path::step::Selector;
        assert_eq!(
            steps[0].selector,
            Some(Selector::AttributeName("cells".into()))
        );
        assert_eq!(steps[1].selector, Some(Selector::ElementKeyInt(1)));
        assert_eq!(
            steps[2].selector,
            Some(Selector::ElementKeyString("k".into()))
        );
    }

    #[test]
    fn presence_maps_to_required_optional_computed_flags() {
        let attr = |presence| Attribute {
            name: "a".into(),
            ty: AttributeType::Nested(NestedAttributes {
                nesting: Nesting::List,
                attributes: vec![],
            }),
            description: "about a".into(),
            description_kind: DescriptionKind::Markdown,
            presence,
            sensitive: true,
            write_only: true,
            deprecated: true,
        };
        let flags = |p| {
            let a = attribute(&attr(p));
            (a.required, a.optional, a.computed)
        };
        assert_eq!(flags(Presence::Required), (true, false, false));
        assert_eq!(flags(Presence::Optional), (false, true, false));
        assert_eq!(flags(Presence::Computed), (false, false, true));
        assert_eq!(flags(Presence::OptionalComputed), (false, true, true));
        let a = attribute(&attr(Presence::Optional));
        assert!(a.sensitive && a.write_only && a.deprecated);
        assert_eq!(a.description, "about a");
        assert_eq!(a.description_kind, pb::StringKind::Markdown as i32);
        assert_eq!(
            a.nested_type.expect("nested").nesting,
            pb::schema::object::NestingMode::List as i32
        );
    }
    #[test]
    fn function_parameters_are_sent_with_their_own_description_kind() {
        let signature = FunctionSignature::new(
            vec![
                FunctionParameter::new("text", Type::String)
                    .description("The `text`.")
                    .markdown(),
                FunctionParameter::new("count", Type::Number).description("How many."),
            ],
            Type::String,
        )
        .variadic(
            FunctionParameter::new("more", Type::String)
                .description("*More*.")
                .markdown(),
        );
        let converted = function(&signature);
        let kinds: Vec<i32> = converted
            .parameters
            .iter()
            .chain(converted.variadic_parameter.as_ref())
            .map(|p| p.description_kind)
            .collect();
        let (markdown, plain) = (
            pb::StringKind::Markdown as i32,
            pb::StringKind::Plain as i32,
        );
        assert_eq!(kinds, [markdown, plain, markdown]);
        assert_eq!(converted.parameters[0].description, "The `text`.");
    }
}
