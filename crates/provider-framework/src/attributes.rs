//! The declarative attribute table every resource, data source and ephemeral resource is described
//! by: one [`Field`] row per attribute (name, type, presence, description, sensitive and write-only
//! flags, and for managed resources what a change does and the default), and a [`Definition`]
//! (type name, description, table) per object type. The same rows drive the protocol schema and
//! the docs ([`schema`]), reading a decoded configuration ([`Config`]), building result objects
//! ([`object`], [`Config::with_computed`]) and the resource planner (`resources::plan`).
//! [`error_at`] is the one way to blame an attribute.

use std::collections::BTreeMap;

use tf_plugin_protocol::cty::{Type, Value};
use tf_plugin_protocol::diagnostics::{AttributePath, Diagnostic};
use tf_plugin_protocol::schema::{
    Attribute, AttributeType, Block, DescriptionKind, NestedAttributes, Nesting, Presence, Schema,
};

use super::values::{attr, known_strings};
pub use crate::validators::{validate, Validator};

/// The attribute types the tables use.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A string.
    String,
    /// A bool.
    Bool,
    /// A whole number (cty `number`).
    Int,
    /// A list of strings: order matters, repeats allowed.
    StringList,
    /// A set of strings: no order, no repeats.
    StringSet,
    /// A map of strings.
    StringMap,
    /// One object described by its own table: a single nested attribute in the schema (e.g. a
    /// `settings` block-like attribute), each field with its own presence, default and checks.
    Nested(&'static [Field]),
    /// A list of objects, each described by its own table: a list of nested attributes in the
    /// schema, so every field of the objects carries its own description.
    NestedList(&'static [Field]),
}

impl Kind {
    /// The cty type a value of this kind has on the wire.
    pub fn cty_type(&self) -> Type {
        let string = || Box::new(Type::String);
        match self {
            Kind::String => Type::String,
            Kind::Bool => Type::Bool,
            Kind::Int => Type::Number,
            Kind::Nested(fields) => object_type(fields),
            Kind::StringList => Type::List(string()),
            Kind::StringSet => Type::Set(string()),
            Kind::StringMap => Type::Map(string()),
            Kind::NestedList(fields) => Type::List(Box::new(object_type(fields))),
        }
    }
}

/// For a user-set attribute of a managed resource: how a new value reaches the remote object.
/// Attributes the provider sets are those with [`Presence::Computed`]: unknown until a new object
/// exists, then kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The API cannot change it, so a new value replaces the object.
    Replace,
    /// Stored in state only, changed in place without an API call.
    InPlace,
    /// Changed in place by the API (the resource's `update`).
    Update,
}

/// The value an optional resource attribute takes when the configuration leaves it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    /// None, or one the resource derives from other attributes.
    None,
    /// A bool.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string.
    String(&'static str),
    /// A set of strings (for [`Kind::StringSet`]).
    Strings(&'static [&'static str]),
    /// For a nested object: the object of its fields' defaults (fields without one null).
    Object,
}

impl DefaultValue {
    /// The default as a value, or `None` when there is none or the planner builds it (a nested
    /// object's).
    pub fn value(self) -> Option<Value> {
        match self {
            DefaultValue::None => None,
            DefaultValue::Bool(b) => Some(Value::Bool(b)),
            DefaultValue::Int(n) => Some(Value::int(n)),
            DefaultValue::String(s) => Some(Value::string(s)),
            DefaultValue::Strings(items) => Some(Value::set_of_strings(items.iter().copied())),
            // Planned field by field by the planner, which knows the table.
            DefaultValue::Object => None,
        }
    }
}

/// One attribute.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The attribute's name in configuration and state.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Who sets it: required, optional, computed (the provider) or optional and computed.
    pub presence: Presence,
    /// Markdown; becomes the schema description and the docs.
    pub description: &'static str,
    /// Hidden in plan output and the UI; the value still reaches state.
    pub sensitive: bool,
    /// Read from configuration only: null in plan and state (Terraform 1.11+).
    pub write_only: bool,
    /// Managed resources only: what a new value of a user-set attribute does.
    pub change: Option<Change>,
    /// Managed resources only: the value when the configuration leaves the attribute out.
    pub default: DefaultValue,
    /// Checks of a known configured value, run at plan time and shown in the docs.
    pub validators: &'static [Validator],
    /// Managed resources only, for a computed attribute: the service changes it on every update
    /// (an `updated_at`), so the planner plans it unknown whenever an update is planned.
    pub changes_on_update: bool,
}

impl Field {
    /// Set by the configuration, always.
    pub const fn required(name: &'static str, kind: Kind, description: &'static str) -> Field {
        Field::new(name, kind, Presence::Required, description)
    }

    /// May be set by the configuration; null (or the default) when left out.
    pub const fn optional(name: &'static str, kind: Kind, description: &'static str) -> Field {
        Field::new(name, kind, Presence::Optional, description)
    }

    /// Set by the provider.
    pub const fn computed(name: &'static str, kind: Kind, description: &'static str) -> Field {
        Field::new(name, kind, Presence::Computed, description)
    }

    /// Optional; the provider fills it in when the configuration leaves it out.
    pub const fn optional_computed(
        name: &'static str,
        kind: Kind,
        description: &'static str,
    ) -> Field {
        Field::new(name, kind, Presence::OptionalComputed, description)
    }

    /// A row with the given presence and nothing else: not sensitive, no change rule, no
    /// default, no validators (the builder methods below add them).
    pub const fn new(
        name: &'static str,
        kind: Kind,
        presence: Presence,
        description: &'static str,
    ) -> Field {
        Field {
            name,
            kind,
            presence,
            description,
            sensitive: false,
            write_only: false,
            change: None,
            default: DefaultValue::None,
            validators: &[],
            changes_on_update: false,
        }
    }

    /// The same field, marked sensitive.
    pub const fn sensitive(self) -> Field {
        Field {
            sensitive: true,
            ..self
        }
    }

    /// The same field, marked write-only (never kept in state or plan).
    pub const fn write_only(self) -> Field {
        Field {
            write_only: true,
            ..self
        }
    }

    /// The same field, whose new value replaces the managed object.
    pub const fn replaces(self) -> Field {
        Field {
            change: Some(Change::Replace),
            ..self
        }
    }

    /// The same field, kept in state only and changed in place.
    pub const fn in_place(self) -> Field {
        Field {
            change: Some(Change::InPlace),
            ..self
        }
    }

    /// The same field, with a default for when the configuration leaves it out.
    pub const fn default(self, default: DefaultValue) -> Field {
        Field { default, ..self }
    }

    /// The same field, changed in place by the API (the resource's `update`).
    pub const fn updates(self) -> Field {
        Field {
            change: Some(Change::Update),
            ..self
        }
    }

    /// The same (computed) field, changed by the service on every update: unknown in the plan of
    /// any in-place update, from this declaration alone.
    pub const fn changes_on_update(self) -> Field {
        Field {
            changes_on_update: true,
            ..self
        }
    }

    /// The same field under another description (a shared row shown in another object's words).
    pub const fn described(self, description: &'static str) -> Field {
        Field {
            description,
            ..self
        }
    }

    /// The same field with another presence (a shared computed row settable as a lookup key).
    pub const fn presence(self, presence: Presence) -> Field {
        Field { presence, ..self }
    }

    /// The same field, with checks of its configured value (see [`Validator`]).
    pub const fn validators(self, validators: &'static [Validator]) -> Field {
        Field { validators, ..self }
    }

    /// The description with what the validators allow, as the schema and docs show it.
    pub fn full_description(&self) -> String {
        let rules: Vec<String> = self
            .validators
            .iter()
            .filter_map(Validator::describe)
            .collect();
        if rules.is_empty() {
            self.description.to_string()
        } else {
            format!("{} {}", self.description, rules.join(" "))
        }
    }

    /// The protocol attribute this row describes; its value type is always `kind.cty_type()`.
    pub fn attribute(&self) -> Attribute {
        let ty = match self.kind {
            Kind::NestedList(fields) => AttributeType::Nested(NestedAttributes {
                nesting: Nesting::List,
                attributes: fields.iter().map(Field::attribute).collect(),
            }),
            Kind::Nested(fields) => AttributeType::Nested(NestedAttributes {
                nesting: Nesting::Single,
                attributes: fields.iter().map(Field::attribute).collect(),
            }),
            kind => AttributeType::Type(kind.cty_type()),
        };
        Attribute {
            name: self.name.to_string(),
            ty,
            description: self.full_description(),
            description_kind: DescriptionKind::Markdown,
            presence: self.presence,
            sensitive: self.sensitive,
            write_only: self.write_only,
            deprecated: false,
        }
    }
}

/// What one Terraform object type is: its type name, its description (Markdown) and its table.
#[derive(Clone, Copy, Debug)]
pub struct Definition {
    /// The full type name, e.g. `resistant_tenant`.
    pub type_name: &'static str,
    /// Markdown; the schema description and the docs page's opening.
    pub description: &'static str,
    /// The attribute table.
    pub fields: &'static [Field],
}

impl Definition {
    /// The schema Terraform receives and the docs are rendered from.
    pub fn schema(&self) -> Schema {
        schema(self.description, self.fields)
    }
}

/// `N` rows: the table `base` with each row of `overrides` in place of the row of the same name,
/// computed at compile time. It declares a table that shows another table's attributes with a few
/// of them changed (a data source's lookup keys settable) without listing the others again:
///
/// ```
/// use tf_provider_framework::attributes::{with_rows, Field, Kind};
/// use tf_provider_framework::protocol::schema::Presence;
///
/// const SHOWN: &[Field] = &[
///     Field::computed("id", Kind::String, "The id."),
///     Field::computed("name", Kind::String, "The name."),
/// ];
/// const LOOKUP: &[Field] =
///     &with_rows::<{ SHOWN.len() }>(SHOWN, &[SHOWN[0].presence(Presence::Required)]);
/// assert_eq!(LOOKUP[0].presence, Presence::Required);
/// assert_eq!(LOOKUP[1].name, "name");
/// ```
///
/// A row of `overrides` that names no row of `base`, or an `N` other than `base`'s length, does
/// not compile.
pub const fn with_rows<const N: usize>(base: &[Field], overrides: &[Field]) -> [Field; N] {
    assert!(base.len() == N, "N must be the length of the base table");
    let mut rows = [Field::computed("", Kind::String, ""); N];
    let mut i = 0;
    while i < N {
        rows[i] = base[i];
        i += 1;
    }
    let mut o = 0;
    while o < overrides.len() {
        let mut found = false;
        let mut i = 0;
        while i < N {
            if same_name(rows[i].name, overrides[o].name) {
                rows[i] = overrides[o];
                found = true;
            }
            i += 1;
        }
        assert!(found, "an overriding row names no row of the base table");
        o += 1;
    }
    rows
}

/// `N` rows: the table `base` as a read shows it (a data source's view of what a resource
/// configures): every row computed, with its name, type, description and sensitivity, and no
/// change rule, default or validators, computed at compile time. `N` must be `base`'s length.
pub const fn as_computed<const N: usize>(base: &[Field]) -> [Field; N] {
    assert!(base.len() == N, "N must be the length of the base table");
    let mut rows = [Field::computed("", Kind::String, ""); N];
    let mut i = 0;
    while i < N {
        let row = base[i];
        rows[i] = Field {
            sensitive: row.sensitive,
            ..Field::computed(row.name, row.kind, row.description)
        };
        i += 1;
    }
    rows
}

/// Whether two names are equal, at compile time.
const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
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
            attributes: fields.iter().map(Field::attribute).collect(),
            blocks: Vec::new(),
            description: description.to_string(),
            description_kind: DescriptionKind::Markdown,
            deprecated: false,
        },
    }
}

/// An error diagnostic about one top-level attribute.
pub fn error_at(name: &str, summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
    Diagnostic::error(summary, detail).at(AttributePath::root(name))
}

/// The top-level attribute each diagnostic blames (empty for none), for tests.
pub fn blamed(diagnostics: &tf_plugin_protocol::diagnostics::Diagnostics) -> Vec<String> {
    use tf_plugin_protocol::diagnostics::PathStep;
    diagnostics
        .iter()
        .map(|d| match d.attribute.as_ref().and_then(|p| p.0.first()) {
            Some(PathStep::Attribute(name)) => name.clone(),
            _ => String::new(),
        })
        .collect()
}

/// Builds one object of a table; attributes missing from `values` are null.
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

/// What one configuration attribute holds, as far as validation cares.
#[derive(Clone, Debug, PartialEq)]
pub enum Setting<T> {
    /// Left out (null).
    Absent,
    /// Set, but not known until apply.
    Unknown,
    /// Set to this value.
    Known(T),
}

impl<T> Setting<T> {
    /// Whether the configuration sets it, known or not.
    pub fn is_set(&self) -> bool {
        !matches!(self, Setting::Absent)
    }

    /// The value, when it is set and known.
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
    value: &'a Value,
}

impl<'a> Config<'a> {
    /// Wraps a decoded configuration; anything but an object (e.g. a null config) reads as empty.
    pub fn new(fields: &'a [Field], value: &'a Value) -> Config<'a> {
        Config { fields, value }
    }

    fn raw(&self, name: &str) -> &Value {
        debug_assert!(
            self.fields.iter().any(|f| f.name == name),
            "attribute {name} is not in the table"
        );
        attr(self.value, name)
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

    /// The known strings of a list or set attribute (unknown elements skipped), or of a known
    /// string attribute.
    pub fn known_strings(&self, name: &str) -> Vec<String> {
        match self.raw(name) {
            Value::String(s) => vec![s.clone()],
            value => known_strings(value),
        }
    }

    /// An error unless exactly one of `a` and `b` is set: on `b`, with the summary `conflict`, when
    /// both are; on `a`, with `missing` (summary, detail), when neither is.
    pub fn exactly_one(
        &self,
        a: &str,
        b: &str,
        conflict: String,
        missing: (String, String),
    ) -> Option<Diagnostic> {
        match (self.string(a).is_set(), self.string(b).is_set()) {
            (true, true) => Some(error_at(
                b,
                conflict,
                format!("Set either `{a}` or `{b}`, not both."),
            )),
            (false, false) => Some(error_at(a, missing.0, missing.1)),
            _ => None,
        }
    }

    /// An error at `name` when its value is known and `complaint` finds fault with it (a summary and
    /// a detail).
    pub fn check_string(
        &self,
        name: &str,
        complaint: impl FnOnce(&str) -> Option<(&'static str, String)>,
    ) -> Option<Diagnostic> {
        let Setting::Known(value) = self.string(name) else {
            return None;
        };
        complaint(&value).map(|(summary, detail)| error_at(name, summary, detail))
    }

    /// The validators of every row ([`validate`]) on this configuration.
    pub fn validate_rows(&self) -> tf_plugin_protocol::diagnostics::Diagnostics {
        validate(self.fields, self.value)
    }

    /// An error at `name`, with `summary`, when its known value is empty.
    pub fn non_empty(&self, name: &str, summary: &'static str) -> Option<Diagnostic> {
        self.check_string(name, |value| {
            value
                .is_empty()
                .then(|| (summary, format!("`{name}` must not be empty.")))
        })
    }

    /// The result object: every configurable attribute as configured, every computed one from
    /// `computed` (null when missing there).
    pub fn with_computed(&self, mut computed: BTreeMap<String, Value>) -> Value {
        Value::Object(
            self.fields
                .iter()
                .map(|f| {
                    let configured = || Some(attr(self.value, f.name).clone());
                    let value = match f.presence {
                        Presence::Computed => computed.remove(f.name),
                        Presence::OptionalComputed => computed.remove(f.name).or_else(configured),
                        Presence::Required | Presence::Optional => configured(),
                    };
                    (f.name.to_string(), value.unwrap_or(Value::Null))
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{string, string_set};

    const NESTED: &[Field] = &[Field::computed("id", Kind::String, "Id.")];
    const FIELDS: &[Field] = &[
        Field::required("name", Kind::String, "Name.").replaces(),
        Field::optional("tags", Kind::StringSet, "Tags."),
        Field::computed("items", Kind::NestedList(NESTED), "Items."),
        Field::computed("token", Kind::String, "Token.").sensitive(),
        Field::optional_computed("flag", Kind::Bool, "Flag.")
            .in_place()
            .default(DefaultValue::Bool(true)),
    ];

    #[test]
    fn the_table_drives_the_schema() {
        let s = schema("Thing.", FIELDS);
        let names: Vec<_> = s.block.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["name", "tags", "items", "token", "flag"]);
        assert_eq!(s.block.description, "Thing.");
        assert_eq!(s.block.attributes[0].description, "Name.");
        assert!(s.block.attributes[3].sensitive);
        assert_eq!(s.block.attributes[4].presence, Presence::OptionalComputed);
        let AttributeType::Nested(items) = &s.block.attributes[2].ty else {
            panic!("items is not nested: {:?}", s.block.attributes[2].ty)
        };
        assert_eq!(items.nesting, Nesting::List);
        assert_eq!(items.attributes[0].description, "Id.");
        assert_eq!(items.attributes[0].presence, Presence::Computed);
        assert_eq!(
            s.block.attributes[2].value_type(),
            Type::List(Box::new(object_type(NESTED)))
        );
        assert_eq!(
            s.implied_type(),
            Type::object(FIELDS.iter().map(|f| (f.name, f.kind.cty_type())))
        );
        assert_eq!(FIELDS[4].default.value(), Some(Value::Bool(true)));
        assert_eq!(FIELDS[0].change, Some(Change::Replace));
        assert_eq!(FIELDS[1].change, None);
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
        let value = Value::Object(BTreeMap::from([(
            "tags".to_string(),
            string_set(&["a", "b"]),
        )]));
        assert_eq!(
            Config::new(FIELDS, &value).strings("tags"),
            Setting::Known(vec!["a".to_string(), "b".to_string()])
        );
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

    #[test]
    fn exactly_one_blames_the_second_when_both_and_the_first_when_neither() {
        let check = |value: &Value| {
            Config::new(FIELDS, value).exactly_one(
                "name",
                "tags",
                "Both".to_string(),
                ("Neither".to_string(), "Set one.".to_string()),
            )
        };
        let both = Value::Object(BTreeMap::from([
            ("name".to_string(), Value::Unknown),
            ("tags".to_string(), string_set(&["a"])),
        ]));
        let both = check(&both).expect("an error");
        assert_eq!(both.summary, "Both");
        assert_eq!(both.detail, "Set either `name` or `tags`, not both.");
        assert_eq!(both.attribute, Some(AttributePath::root("tags")));
        let neither = check(&Value::Null).expect("an error");
        assert_eq!(neither.attribute, Some(AttributePath::root("name")));
        let one = Value::Object(BTreeMap::from([("name".to_string(), string("x"))]));
        assert!(check(&one).is_none());
    }

    #[test]
    fn a_table_as_read_is_computed_and_unchecked_with_the_same_words() {
        const READ: &[Field] = &as_computed::<{ FIELDS.len() }>(FIELDS);
        for (read, row) in READ.iter().zip(FIELDS) {
            assert_eq!(read.name, row.name);
            assert_eq!(read.description, row.description);
            assert_eq!(read.sensitive, row.sensitive);
            assert_eq!(read.presence, Presence::Computed);
            assert_eq!(read.change, None);
            assert_eq!(read.default, DefaultValue::None);
        }
    }

    #[test]
    fn errors_name_their_attribute() {
        let diagnostic = error_at("name", "Bad", "Very bad.");
        assert_eq!(diagnostic.attribute, Some(AttributePath::root("name")));
        assert!(diagnostic.is_error());
    }
}
