//! Resource identity (Terraform 1.12+) declared as a table beside a resource's attribute table:
//! one [`IdentityField`] per identity attribute, each the value of the state attribute of the same
//! name. From the table come the identity schema, the identity of any state (so every state the
//! provider answers carries it), and import by identity, which turns the identity into the
//! resource's import ID ([`ImportId`]) and imports that, so an import by identity and by ID cannot
//! disagree; an object found whose identity is not the one asked for is refused
//! ([`Identity::check_found`]).

use std::collections::BTreeMap;

use tf_plugin_protocol::cty::{Type, Value};
use tf_plugin_protocol::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use tf_plugin_protocol::identity::{IdentityAttribute, IdentitySchema};

/// One identity attribute: a string named like the state attribute it is read from.
#[derive(Clone, Copy, Debug)]
pub struct IdentityField {
    /// Its name (also the state attribute holding its value).
    pub name: &'static str,
    /// What it is, for the schema and the docs.
    pub description: &'static str,
}

impl IdentityField {
    /// A string identity attribute an import must give.
    pub const fn string(name: &'static str, description: &'static str) -> Self {
        IdentityField { name, description }
    }
}

/// How an identity becomes the resource's import ID.
#[derive(Clone, Copy, Debug)]
pub enum ImportId {
    /// The identity's values joined by this separator (e.g. `/` for `tenant_id/id`).
    Joined(&'static str),
    /// Always this ID (for an API that finds the object another way, e.g. through the
    /// provider's credentials); the object found must still have the identity asked for.
    Fixed(&'static str),
}

/// A resource type's identity: which state attributes name its object for life, and how they
/// spell its import ID.
#[derive(Clone, Copy, Debug)]
pub struct Identity {
    /// The managed resource type.
    pub type_name: &'static str,
    /// The identity attributes, in the order the import ID spells them.
    pub fields: &'static [IdentityField],
    /// How they spell the import ID.
    pub import_id: ImportId,
    /// What to do when the object found is not the one the identity names (the provider's words).
    pub mismatch_advice: &'static str,
}

impl Identity {
    /// The identity schema Terraform receives (version 0; every attribute required for import).
    pub fn schema(&self) -> IdentitySchema {
        IdentitySchema::new(
            self.fields
                .iter()
                .map(|field| {
                    IdentityAttribute::required(field.name, Type::String, field.description)
                })
                .collect(),
        )
    }

    /// The identity of the object `state` describes (unknown parts stay unknown while planning a
    /// create).
    pub fn of(&self, state: &Value) -> Value {
        let fields: BTreeMap<String, Value> = self
            .fields
            .iter()
            .map(|field| {
                let value = state.get(field.name).cloned().unwrap_or(Value::Null);
                (field.name.to_string(), value)
            })
            .collect();
        Value::Object(fields)
    }

    /// The import ID an identity written in an `import` block stands for, or errors naming each
    /// attribute that is missing or empty (paths point into the identity).
    pub fn import_id(&self, identity: &Value) -> Result<String, Diagnostics> {
        let separator = match self.import_id {
            ImportId::Joined(separator) => separator,
            ImportId::Fixed(_) => "",
        };
        let mut diagnostics = Diagnostics::default();
        let mut parts = Vec::new();
        for field in self.fields {
            match identity.get(field.name).and_then(Value::as_str) {
                Some(value) if !value.trim().is_empty() => {
                    if !separator.is_empty() && value.contains(separator) && self.fields.len() > 1 {
                        diagnostics.push(self.malformed(
                            field,
                            format!(
                                "`{}` cannot contain {separator:?}: give each part of the \
                                 identity in its own attribute.",
                                field.name
                            ),
                        ));
                    }
                    parts.push(value.to_string());
                }
                _ => diagnostics.push(self.malformed(
                    field,
                    format!(
                        "The identity of a {} needs `{}`: {}",
                        self.type_name, field.name, field.description
                    ),
                )),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(match self.import_id {
            ImportId::Joined(separator) => parts.join(separator),
            ImportId::Fixed(id) => id.to_string(),
        })
    }

    /// Refuses an imported state whose identity is not the one the import block gave.
    pub fn check_found(&self, asked: &Value, state: &Value) -> Result<(), Diagnostics> {
        let found = self.of(state);
        let differing: Vec<String> = self
            .fields
            .iter()
            .filter(|field| found.get_str(field.name) != asked.get_str(field.name))
            .map(|field| {
                format!(
                    "`{}` is {:?}, not {:?}",
                    field.name,
                    found.get_str(field.name).unwrap_or_default(),
                    asked.get_str(field.name).unwrap_or_default()
                )
            })
            .collect();
        if differing.is_empty() {
            return Ok(());
        }
        Err(Diagnostics::from(vec![Diagnostic::error(
            format!("{} identity not found", self.type_name),
            format!(
                "The import block's identity names another {} than the one found: its {}. {}",
                self.type_name,
                differing.join(", "),
                self.mismatch_advice
            ),
        )
        .at(
            AttributePath::root("identity").attribute(self.fields[0].name)
        )]))
    }

    fn malformed(&self, field: &IdentityField, detail: String) -> Diagnostic {
        Diagnostic::error(format!("Invalid {} identity", self.type_name), detail)
            .at(AttributePath::root("identity").attribute(field.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIR: Identity = Identity {
        type_name: "example_child",
        fields: &[
            IdentityField::string("parent_id", "The parent's ID."),
            IdentityField::string("id", "The child's ID."),
        ],
        import_id: ImportId::Joined("/"),
        mismatch_advice: "Check the IDs.",
    };

    #[test]
    fn an_identity_is_read_from_the_state_attributes_of_the_same_names() {
        let state = Value::object([
            ("parent_id", Value::string("p")),
            ("id", Value::Unknown),
            ("name", Value::string("n")),
        ]);
        assert_eq!(
            PAIR.of(&state),
            Value::object([("parent_id", Value::string("p")), ("id", Value::Unknown)])
        );
        assert_eq!(PAIR.schema().attributes.len(), 2);
        assert!(PAIR
            .schema()
            .attributes
            .iter()
            .all(|a| a.required_for_import));
    }

    #[test]
    fn an_identity_spells_the_import_id_and_a_malformed_one_is_refused_at_its_attribute() {
        let good = Value::object([
            ("parent_id", Value::string("p")),
            ("id", Value::string("c")),
        ]);
        assert_eq!(PAIR.import_id(&good).unwrap(), "p/c");
        let missing = Value::object([("parent_id", Value::string("")), ("id", Value::string("c"))]);
        let errors = PAIR.import_id(&missing).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].attribute,
            Some(AttributePath::root("identity").attribute("parent_id"))
        );
        let joined = Value::object([
            ("parent_id", Value::string("p/q")),
            ("id", Value::string("c")),
        ]);
        assert!(PAIR.import_id(&joined).unwrap_err()[0]
            .detail
            .contains("own attribute"));
    }

    #[test]
    fn an_object_found_with_another_identity_is_refused_naming_both() {
        let asked = Value::object([
            ("parent_id", Value::string("p")),
            ("id", Value::string("c")),
        ]);
        let same = Value::object([
            ("parent_id", Value::string("p")),
            ("id", Value::string("c")),
        ]);
        assert!(PAIR.check_found(&asked, &same).is_ok());
        let other = Value::object([
            ("parent_id", Value::string("p")),
            ("id", Value::string("d")),
        ]);
        let errors = PAIR.check_found(&asked, &other).unwrap_err();
        assert!(
            errors[0].detail.contains(r#"`id` is "d", not "c""#),
            "{}",
            errors[0].detail
        );
        assert!(errors[0].detail.ends_with("Check the IDs."));
    }
}
