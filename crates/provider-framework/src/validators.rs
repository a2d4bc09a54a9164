//! Checks declared on an attribute's row ([`Validator`]): allowed values, lengths, patterns, ranges,
//! collection sizes, and relations between sibling attributes. [`validate`] runs a table's checks on
//! a configuration at plan time (unknown values are skipped until they are known), blaming each
//! problem on its attribute path; [`Validator::describe`] says the same rule in the docs.

use regex::Regex;
use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::{AttributePath, Diagnostic, Diagnostics};

use crate::attributes::{Field, Kind};
use crate::values::attr;

/// A named set of allowed values with the words its messages use, e.g. the service's cells:
/// `"mars-1" is not a cell of the service. Valid cells: "eu-1", "us-1".`
#[derive(Debug)]
pub struct Members {
    /// The allowed values, in the order messages and docs list them.
    pub values: &'static [&'static str],
    /// The error's summary, e.g. "Unknown cell".
    pub summary: &'static str,
    /// What a valid value is, e.g. "a cell of the service".
    pub what: &'static str,
    /// The values' name in the plural, e.g. "cells".
    pub plural: &'static str,
}

impl Members {
    /// The error detail for a value that is not a member.
    pub fn complaint(&self, value: &str) -> String {
        let valid = self
            .values
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{value:?} is not {}. Valid {}: {valid}.",
            self.what, self.plural
        )
    }
}

/// A check in the provider's own words: given a known, non-null value, the summary and detail of
/// what is wrong with it.
pub type RuleCheck = fn(&Value) -> Option<(String, String)>;

/// One check of a configured value.
#[derive(Clone, Copy, Debug)]
pub enum Validator {
    /// A string, or every string of a list or set, is a member of the set (one error per value).
    Member(&'static Members),
    /// A rule in the provider's words; `rule` says it in the docs.
    Rule {
        /// The check itself.
        check: RuleCheck,
        /// The rule in words, for the docs.
        rule: &'static str,
    },
    /// A string, or every string of a list or set, is one of these.
    OneOf(&'static [&'static str]),
    /// A string's length in characters is within `min..=max`.
    Length {
        /// The fewest characters.
        min: usize,
        /// The most characters.
        max: usize,
    },
    /// A string matches the regular expression `pattern`; `meaning` says what that is in words.
    Pattern {
        /// The regular expression (Rust `regex` syntax), anchored by the author where needed.
        pattern: &'static str,
        /// What a matching value is, completing "must be …" (e.g. "an email address").
        meaning: &'static str,
    },
    /// A number is a whole number within `min..=max`.
    Range {
        /// The smallest allowed number.
        min: i64,
        /// The largest allowed number (`i64::MAX`: no upper bound; the docs say "at least").
        max: i64,
    },
    /// A list, set or map has between `min` and `max` elements.
    Items {
        /// The fewest elements.
        min: usize,
        /// The most elements (`usize::MAX`: no upper bound).
        max: usize,
    },
    /// None of these sibling attributes may be set together with this one.
    ConflictsWith(&'static [&'static str]),
    /// This attribute needs these sibling attributes to be set too.
    Requires(&'static [&'static str]),
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Validator {
    /// The rule as a sentence for the docs.
    pub fn describe(&self) -> Option<String> {
        Some(match self {
            Validator::Member(members) => format!("Must be one of: {}.", quoted(members.values)),
            Validator::Rule { rule, .. } => rule.to_string(),
            Validator::OneOf(values) => format!("Must be one of: {}.", quoted(values)),
            Validator::Length { min, max } => format!("Length: {min} to {max} characters."),
            Validator::Pattern { meaning, .. } => format!("Must be {meaning}."),
            Validator::Range { min, max } if *max == i64::MAX => format!("At least {min}."),
            Validator::Range { min, max } => format!("From {min} to {max}."),
            Validator::Items { min, max } if *max == usize::MAX => {
                format!("At least {min} element(s).")
            }
            Validator::Items { min, max } => format!("Between {min} and {max} elements."),
            Validator::ConflictsWith(others) => format!("Conflicts with {}.", quoted(others)),
            Validator::Requires(others) => format!("Requires {}.", quoted(others)),
        })
    }

    /// The problems with `value` (known, not null) of the attribute `name` of `object`, as summaries
    /// and details; a summary names the attribute by its whole path (`shown`, e.g.
    /// `settings.retention_days`), since Terraform can point only at the enclosing attribute when
    /// a nested value comes from an object expression. A `sensitive` value is never quoted back.
    fn problems(
        &self,
        name: &str,
        shown: &str,
        value: &Value,
        object: &Value,
        sensitive: bool,
    ) -> Vec<(String, String)> {
        match self {
            Validator::Member(members) => {
                let strings: Vec<&str> = match value {
                    Value::String(s) => vec![s.as_str()],
                    other => other.elements().iter().filter_map(Value::as_str).collect(),
                };
                strings
                    .into_iter()
                    .filter(|s| !members.values.contains(s))
                    .map(|s| (members.summary.to_string(), members.complaint(s)))
                    .collect()
            }
            Validator::Rule { check, .. } => check(value).into_iter().collect(),
            other => other
                .check(name, value, object, sensitive)
                .map(|detail| (format!("Invalid value for {shown}"), detail))
                .into_iter()
                .collect(),
        }
    }

    /// The problem with `value` (known, not null) of the attribute `name` of `object`, if any.
    fn check(&self, name: &str, value: &Value, object: &Value, sensitive: bool) -> Option<String> {
        match self {
            Validator::Member(_) | Validator::Rule { .. } => None,
            Validator::OneOf(allowed) => {
                let strings: Vec<&str> = match value {
                    Value::String(s) => vec![s.as_str()],
                    other => other.elements().iter().filter_map(Value::as_str).collect(),
                };
                let bad: Vec<&str> = strings
                    .into_iter()
                    .filter(|s| !allowed.contains(s))
                    .collect();
                (!bad.is_empty()).then(|| {
                    format!(
                        "{} {} not allowed for `{name}`: use one of {}.",
                        bad.iter()
                            .map(|b| format!("{b:?}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        if bad.len() == 1 { "is" } else { "are" },
                        quoted(allowed)
                    )
                })
            }
            Validator::Length { min, max } => {
                let length = value.as_str()?.chars().count();
                (length < *min || length > *max).then(|| {
                    format!("`{name}` must be {min} to {max} characters long; it has {length}.")
                })
            }
            Validator::Pattern { pattern, meaning } => {
                let text = value.as_str()?;
                let regex = Regex::new(pattern).ok()?;
                (!regex.is_match(text)).then(|| {
                    if sensitive {
                        format!("`{name}` must be {meaning}; the value given is not.")
                    } else {
                        format!("`{name}` must be {meaning}; {text:?} is not.")
                    }
                })
            }
            Validator::Range { min, max } => match value.as_i64() {
                Some(n) if n >= *min && n <= *max => None,
                Some(n) if *max == i64::MAX => {
                    Some(format!("`{name}` must be at least {min}; it is {n}."))
                }
                Some(n) => Some(format!("`{name}` must be from {min} to {max}; it is {n}.")),
                None => Some(format!(
                    "`{name}` must be a whole number from {min} to {max}."
                )),
            },
            Validator::Items { min, max } => {
                let count = match value {
                    Value::List(items) | Value::Set(items) => items.len(),
                    Value::Map(items) => items.len(),
                    _ => return None,
                };
                (count < *min || count > *max).then(|| {
                    if *max == usize::MAX {
                        format!("`{name}` needs at least {min} element(s); it has {count}.")
                    } else {
                        format!("`{name}` needs {min} to {max} elements; it has {count}.")
                    }
                })
            }
            Validator::ConflictsWith(others) => {
                let set: Vec<&str> = others
                    .iter()
                    .copied()
                    .filter(|o| !attr(object, o).is_null())
                    .collect();
                (!set.is_empty()).then(|| {
                    format!(
                        "`{name}` cannot be set together with {}: set only one.",
                        quoted(&set)
                    )
                })
            }
            Validator::Requires(others) => {
                let missing: Vec<&str> = others
                    .iter()
                    .copied()
                    .filter(|o| attr(object, o).is_null())
                    .collect();
                (!missing.is_empty())
                    .then(|| format!("`{name}` needs {} to be set too.", quoted(&missing)))
            }
        }
    }
}

/// Runs every row's validators on `config` (an object of `fields`), descending into nested
/// objects and lists; unknown values are skipped, null ones are left to presence rules.
pub fn validate(fields: &[Field], config: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    check_object(fields, config, None, "", &mut diagnostics);
    diagnostics
}

/// The rows' checks of one object at `at` (the top level for `None`), whose attributes summaries
/// name after `prefix` (`settings.`).
fn check_object(
    fields: &[Field],
    object: &Value,
    at: Option<&AttributePath>,
    prefix: &str,
    diagnostics: &mut Diagnostics,
) {
    for field in fields {
        let path = match at {
            Some(parent) => parent.clone().attribute(field.name),
            None => AttributePath::root(field.name),
        };
        let shown = format!("{prefix}{}", field.name);
        let inner = format!("{shown}.");
        let value = attr(object, field.name);
        if value.is_null() || !value.is_wholly_known() {
            if let (Kind::Nested(nested), Value::Object(_)) = (field.kind, value) {
                check_object(nested, value, Some(&path), &inner, diagnostics);
            }
            continue;
        }
        for validator in field.validators {
            let problems = validator.problems(field.name, &shown, value, object, field.sensitive);
            for (summary, detail) in problems {
                diagnostics.push(Diagnostic::error(summary, detail).at(path.clone()));
            }
        }
        match (field.kind, value) {
            (Kind::Nested(nested), _) => {
                check_object(nested, value, Some(&path), &inner, diagnostics)
            }
            (Kind::NestedList(nested), Value::List(items)) => {
                for (index, item) in items.iter().enumerate() {
                    let item_path = path.clone().index(index as i64);
                    check_object(nested, item, Some(&item_path), &inner, diagnostics);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::blamed;
    use tf_plugin_protocol::diagnostics::PathStep;

    const POLICY: &[Field] = &[Field::optional("min_length", Kind::Int, "Minimum.")
        .validators(&[Validator::Range { min: 8, max: 128 }])];

    const FIELDS: &[Field] = &[
        Field::required("name", Kind::String, "Name.")
            .validators(&[Validator::Length { min: 1, max: 5 }]),
        Field::optional("slug", Kind::String, "Slug.").validators(&[Validator::Pattern {
            pattern: "^[a-z]+$",
            meaning: "lowercase letters",
        }]),
        Field::optional("methods", Kind::StringSet, "Methods.").validators(&[
            Validator::OneOf(&["totp", "sms"]),
            Validator::Items {
                min: 1,
                max: usize::MAX,
            },
        ]),
        Field::optional("a", Kind::String, "A.").validators(&[Validator::ConflictsWith(&["b"])]),
        Field::optional("b", Kind::String, "B."),
        Field::optional("policy", Kind::Nested(POLICY), "Policy."),
    ];

    fn config(pairs: &[(&str, Value)]) -> Value {
        crate::values::object_of(FIELDS.iter().map(|f| f.name), pairs)
    }

    #[test]
    fn each_broken_rule_blames_its_attribute_and_says_what_is_allowed() {
        let policy = Value::object([("min_length", Value::int(4))]);
        let diagnostics = validate(
            FIELDS,
            &config(&[
                ("name", Value::string("toolong")),
                ("slug", Value::string("Nope")),
                ("methods", Value::set_of_strings(["totp", "fax"])),
                ("a", Value::string("x")),
                ("b", Value::string("y")),
                ("policy", policy),
            ]),
        );
        assert_eq!(
            blamed(&diagnostics),
            ["name", "slug", "methods", "a", "policy"]
        );
        assert!(
            diagnostics[0].detail.contains("it has 7"),
            "{}",
            diagnostics[0].detail
        );
        assert!(
            diagnostics[2].detail.contains("\"fax\""),
            "{}",
            diagnostics[2].detail
        );
        let nested = diagnostics[4].attribute.as_ref().unwrap();
        assert_eq!(
            nested.0,
            [
                PathStep::Attribute("policy".into()),
                PathStep::Attribute("min_length".into())
            ]
        );
    }

    #[test]
    fn unknown_and_null_values_are_left_alone() {
        let ok = validate(
            FIELDS,
            &config(&[("name", Value::Unknown), ("methods", Value::Unknown)]),
        );
        assert!(ok.is_empty(), "{ok:?}");
        assert!(validate(FIELDS, &config(&[("name", Value::string("fine"))])).is_empty());
    }

    #[test]
    fn the_docs_say_the_rules() {
        assert_eq!(
            FIELDS[2].full_description(),
            "Methods. Must be one of: `totp`, `sms`. At least 1 element(s)."
        );
        assert_eq!(
            FIELDS[0].full_description(),
            "Name. Length: 1 to 5 characters."
        );
    }
}
