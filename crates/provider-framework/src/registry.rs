//! The provider's Terraform object types by name: what each type is ([`ObjectType`]: its
//! [`Definition`] and its own plan-time checks, run after its rows' by [`Validate`]) and the one generic [`Registry`] the resources, data
//! sources and ephemeral resources are kept in, with the lookup that answers an unknown type name,
//! their schemas and their validation. Each kind adds its own calls on top
//! (`impl Registry<dyn DataSource>` and so on).

use std::collections::BTreeMap;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::Diagnostics;
use tf_plugin_protocol::schema::Schema;

use super::attributes::Definition;

/// One Terraform object type of the provider.
pub trait ObjectType: Send + Sync {
    /// Its type name, description and attribute table.
    fn definition(&self) -> &'static Definition;

    /// Checks of a configuration (that may still hold unknown values) beyond what its rows
    /// declare: relations between attributes, rules the rows cannot say. The rows' validators are
    /// not this method's business: [`Validate::validate`] always runs them first.
    fn checks(&self, _config: &Value) -> Diagnostics {
        Diagnostics::default()
    }

    /// The type name, from the definition.
    fn type_name(&self) -> &'static str {
        self.definition().type_name
    }

    /// The schema Terraform receives, from the definition's table.
    fn schema(&self) -> Schema {
        self.definition().schema()
    }
}

/// The plan-time validation of every object type: every row's validators, then the object's own
/// [`ObjectType::checks`]. It is the same for all (a blanket impl no object can override), so an
/// object cannot skip its rows' checks, which the docs promise.
pub trait Validate {
    /// The problems with a configuration that may still hold unknown values.
    fn validate(&self, config: &Value) -> Diagnostics;
}

impl<T: ObjectType + ?Sized> Validate for T {
    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diagnostics = crate::validators::validate(self.definition().fields, config);
        diagnostics.extend(self.checks(config));
        diagnostics
    }
}

/// The object types of one kind (`T` is `dyn ManagedResource`, `dyn DataSource`, ...), by type name.
pub struct Registry<T: ?Sized> {
    /// What the kind is called in messages: "resource type", "data source", ...
    kind: &'static str,
    by_name: BTreeMap<&'static str, Box<T>>,
}

impl<T: ?Sized + ObjectType> Registry<T> {
    /// The types in `all`, by type name; `kind` names them in messages ("resource type", ...).
    pub fn new(kind: &'static str, all: Vec<Box<T>>) -> Self {
        Registry {
            kind,
            by_name: all.into_iter().map(|t| (t.type_name(), t)).collect(),
        }
    }

    /// The type called `type_name`, or an error diagnostic naming what is missing.
    pub fn get(&self, type_name: &str) -> Result<&T, Diagnostics> {
        self.by_name
            .get(type_name)
            .map(|t| t.as_ref())
            .ok_or_else(|| {
                let kind = self.kind;
                let mut summary = format!("Unknown {kind}");
                // Sentence case for the summary, whatever the kind's first letter.
                if let Some(first) = summary.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                Diagnostics::error(
                    summary,
                    format!("This provider has no {kind} {type_name:?}."),
                )
            })
    }

    /// Every type, in name order.
    pub fn all(&self) -> impl Iterator<Item = &T> {
        self.by_name.values().map(|t| t.as_ref())
    }

    /// Every type's schema, by type name.
    pub fn schemas(&self) -> BTreeMap<String, Schema> {
        self.by_name
            .iter()
            .map(|(name, t)| (name.to_string(), t.schema()))
            .collect()
    }

    /// The plan-time checks of `type_name` on `config`, or the unknown-type error.
    pub fn validate(&self, type_name: &str, config: &Value) -> Diagnostics {
        match self.get(type_name) {
            Ok(t) => t.validate(config),
            Err(diagnostics) => diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::attributes::{Field, Kind};

    struct Thing;

    const THING: Definition = Definition {
        type_name: "example_thing",
        description: "A thing.",
        fields: &[Field::required("name", Kind::String, "Its name.")],
    };

    impl ObjectType for Thing {
        fn definition(&self) -> &'static Definition {
            &THING
        }
    }

    #[test]
    fn unknown_names_are_refused_with_their_kind() {
        let data_sources: Registry<dyn ObjectType> =
            Registry::new("data source", vec![Box::new(Thing)]);
        let Err(diagnostics) = data_sources.get("example_nope") else {
            panic!("an unknown data source was found");
        };
        assert_eq!(diagnostics[0].summary, "Unknown data source");
        assert_eq!(
            diagnostics[0].detail,
            "This provider has no data source \"example_nope\"."
        );
        let resources: Registry<dyn ObjectType> =
            Registry::new("resource type", vec![Box::new(Thing)]);
        let diagnostics = resources.validate("example_nope", &Value::Null);
        assert_eq!(diagnostics[0].summary, "Unknown resource type");
        assert!(resources.get("example_thing").is_ok());
        assert_eq!(resources.schemas().len(), 1);
    }
}
