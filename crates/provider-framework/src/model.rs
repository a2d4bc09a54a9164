//! Typed models: an object's configuration, plan or state as a Rust struct instead of a map of
//! names. A [`Model`] reads itself through a [`Reader`] and writes itself through a [`Writer`],
//! both addressed by the table's [`Field`] rows, so attribute names are spelt once, in the table;
//! [`check_model`] proves in a test that a model covers its table exactly. Values are [`Attr`]s:
//! null, unknown (at plan time), or known. A nested object is a model of its own table
//! ([`Reader::object`]), a list of nested objects a `Vec` of one ([`Reader::list`]); the row's
//! kind decides whether strings are written as a list or a set. [`model!`](crate::model!) declares
//! a model's struct and its `Model` impl from one list of fields and rows.

use std::collections::BTreeMap;

use tf_plugin_protocol::cty::{Number, Value};
use tf_plugin_protocol::diagnostics::{AttributePath, Diagnostic, Diagnostics};

use crate::attributes::{Field, Kind};
use crate::values::attr;

mod declare;
mod nested;
pub use nested::{check_model_against, check_model_deep};

/// One attribute's value as Terraform has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Attr<T> {
    /// Not set (or set to null).
    #[default]
    Null,
    /// Known only after apply.
    Unknown,
    /// This value.
    Known(T),
}

impl<T> Attr<T> {
    /// The known value, if it is known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Attr::Known(value) => Some(value),
            _ => None,
        }
    }

    /// Whether it is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Attr::Null)
    }

    /// Whether it is unknown until apply.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Attr::Unknown)
    }

    /// The known value, taken out of the attribute.
    pub fn into_known(self) -> Option<T> {
        match self {
            Attr::Known(value) => Some(value),
            _ => None,
        }
    }

    /// The attribute with its known value converted by `f`; null and unknown stay what they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Attr<U> {
        match self {
            Attr::Null => Attr::Null,
            Attr::Unknown => Attr::Unknown,
            Attr::Known(value) => Attr::Known(f(value)),
        }
    }

    /// The attribute borrowing its value.
    pub fn as_ref(&self) -> Attr<&T> {
        match self {
            Attr::Null => Attr::Null,
            Attr::Unknown => Attr::Unknown,
            Attr::Known(value) => Attr::Known(value),
        }
    }
}

impl<T: CtyValue> Attr<T> {
    /// The attribute as a cty value (a `Vec` as a list; a [`Writer`] follows the row instead),
    /// for code that hands values to the planner.
    pub fn to_cty(&self) -> Value {
        match self {
            Attr::Null => Value::Null,
            Attr::Unknown => Value::Unknown,
            Attr::Known(typed) => typed.to_cty(),
        }
    }
}

impl<T> From<Option<T>> for Attr<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Attr::Null, Attr::Known)
    }
}

/// A Rust value a cty value converts to and from.
pub trait CtyValue: Sized {
    /// The value, or `None` when `value` (known, not null) has another type.
    fn from_cty(value: &Value) -> Option<Self>;
    /// The value as cty, of the type its row declares.
    fn to_cty(&self) -> Value;
    /// Whether a row of `kind` can hold the value (by default any); a model field whose type its
    /// row cannot hold is a mistake, caught on the first read or write in a debug build.
    fn fits(_kind: &Kind) -> bool {
        true
    }
}

impl CtyValue for String {
    fn from_cty(value: &Value) -> Option<Self> {
        value.as_str().map(str::to_string)
    }
    fn fits(kind: &Kind) -> bool {
        matches!(kind, Kind::String)
    }
    fn to_cty(&self) -> Value {
        Value::string(self.clone())
    }
}

impl CtyValue for bool {
    fn from_cty(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn to_cty(&self) -> Value {
        Value::Bool(*self)
    }
    fn fits(kind: &Kind) -> bool {
        matches!(kind, Kind::Bool)
    }
}

impl CtyValue for i64 {
    fn from_cty(value: &Value) -> Option<Self> {
        value.as_i64()
    }
    fn to_cty(&self) -> Value {
        Value::int(*self)
    }
    fn fits(kind: &Kind) -> bool {
        matches!(kind, Kind::Int)
    }
}

/// Any value, kept exactly as Terraform sent it: for an attribute the provider only carries from
/// plan to state, whose elements may be null (a map such as `{ a = null }`).
impl CtyValue for Value {
    fn from_cty(value: &Value) -> Option<Self> {
        Some(value.clone())
    }
    fn to_cty(&self) -> Value {
        self.clone()
    }
}

/// A number as cty holds it, in its exact decimal text (for values that must be quoted as
/// written, or checked beyond `i64`).
impl CtyValue for Number {
    fn from_cty(value: &Value) -> Option<Self> {
        match value {
            Value::Number(number) => Some(number.clone()),
            _ => None,
        }
    }
    fn to_cty(&self) -> Value {
        Value::Number(self.clone())
    }
    fn fits(kind: &Kind) -> bool {
        matches!(kind, Kind::Int)
    }
}

/// A list or set of strings (cty sets carry no order; the model keeps them sorted). It converts
/// to a list, and a [`Writer`] makes a set of it (without duplicates) for a [`Kind::StringSet`] row.
impl CtyValue for Vec<String> {
    fn from_cty(value: &Value) -> Option<Self> {
        let mut items: Vec<String> = value
            .as_strings()?
            .into_iter()
            .map(str::to_string)
            .collect();
        if matches!(value, Value::Set(_)) {
            items.sort();
        }
        Some(items)
    }
    fn to_cty(&self) -> Value {
        Value::List(self.iter().map(Value::string).collect())
    }
    fn fits(kind: &Kind) -> bool {
        matches!(kind, Kind::StringList | Kind::StringSet)
    }
}

impl CtyValue for BTreeMap<String, String> {
    fn from_cty(value: &Value) -> Option<Self> {
        match value {
            Value::Map(items) | Value::Object(items) => items
                .iter()
                .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect(),
            _ => None,
        }
    }
    fn to_cty(&self) -> Value {
        Value::Map(
            self.iter()
                .map(|(k, v)| (k.clone(), Value::string(v.clone())))
                .collect(),
        )
    }
    fn fits(kind: &Kind) -> bool {
        matches!(kind, Kind::StringMap)
    }
}

/// Reads attributes of one object value by their rows, collecting type mismatches.
pub struct Reader<'a> {
    value: &'a Value,
    problems: Diagnostics,
}

impl<'a> Reader<'a> {
    /// A reader of `value`, an object (anything else reads as all null).
    pub fn new(value: &'a Value) -> Reader<'a> {
        Reader {
            value,
            problems: Diagnostics::default(),
        }
    }

    /// The attribute of `field`.
    pub fn get<T: CtyValue>(&mut self, field: &Field) -> Attr<T> {
        debug_assert!(
            T::fits(&field.kind),
            "the model's type for `{}` does not fit its row's {:?}",
            field.name,
            field.kind
        );
        self.read_with(field, T::from_cty)
    }

    /// Null, unknown, or what `convert` makes of the known value (`None`: a type mismatch).
    fn read_with<T>(
        &mut self,
        field: &Field,
        convert: impl FnOnce(&Value) -> Option<T>,
    ) -> Attr<T> {
        match attr(self.value, field.name) {
            Value::Null => Attr::Null,
            value if !value.is_wholly_known() => Attr::Unknown,
            value => match convert(value) {
                Some(typed) => Attr::Known(typed),
                None if has_null_element(value) => {
                    self.problems.push(
                        Diagnostic::error(
                            "Null element",
                            format!(
                                "`{}` holds a null element; remove it or give it a value.",
                                field.name
                            ),
                        )
                        .at(AttributePath::root(field.name)),
                    );
                    Attr::Null
                }
                None => {
                    self.problems.push(
                        Diagnostic::error(
                            "Unexpected attribute type",
                            format!(
                                "`{}` holds a {}, which this provider cannot read here; this is a \
                                 bug in the provider.",
                                field.name,
                                value.kind()
                            ),
                        )
                        .at(AttributePath::root(field.name)),
                    );
                    Attr::Null
                }
            },
        }
    }

    /// The reader's findings: `Err` when an attribute had an unexpected type.
    pub fn finish(self) -> Result<(), Diagnostics> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }
}

/// Whether a collection holds a null element (which no typed collection can hold).
fn has_null_element(value: &Value) -> bool {
    match value {
        Value::List(items) | Value::Set(items) => items.iter().any(Value::is_null),
        Value::Map(entries) => entries.values().any(Value::is_null),
        _ => false,
    }
}

/// Writes one object value, attribute by attribute, with every row of its table present.
pub struct Writer {
    fields: &'static [Field],
    attributes: BTreeMap<String, Value>,
}

impl Writer {
    /// A writer of an object of the table `fields`; rows never put come out null.
    pub fn new(fields: &'static [Field]) -> Writer {
        Writer {
            fields,
            attributes: BTreeMap::new(),
        }
    }

    /// Sets the attribute of `field`.
    pub fn put<T: CtyValue>(&mut self, field: &Field, value: &Attr<T>) {
        debug_assert!(
            T::fits(&field.kind),
            "the model's type for `{}` does not fit its row's {:?}",
            field.name,
            field.kind
        );
        let value = conform(field.kind, value.to_cty());
        self.attributes.insert(field.name.to_string(), value);
    }

    /// The object: every row of the table, null where nothing was put.
    pub fn finish(mut self) -> Value {
        Value::Object(
            self.fields
                .iter()
                .map(|f| {
                    let value = self.attributes.remove(f.name).unwrap_or(Value::Null);
                    (f.name.to_string(), value)
                })
                .collect(),
        )
    }

    /// The names put that are not in the table (for [`check_model`]).
    fn strays(&self) -> Vec<String> {
        self.attributes
            .keys()
            .filter(|name| !self.fields.iter().any(|f| f.name == name.as_str()))
            .cloned()
            .collect()
    }
}

/// A collection of strings as the row's kind has it: a list row gets a list, a set row a set.
fn conform(kind: Kind, value: Value) -> Value {
    match (kind, value) {
        (Kind::StringList, Value::Set(items)) => Value::List(items),
        (Kind::StringSet, Value::List(items)) => Value::set(items),
        (_, value) => value,
    }
}

/// An object's configuration, plan or state as a struct.
pub trait Model: Sized {
    /// The table the model mirrors.
    const FIELDS: &'static [Field];

    /// Reads the attributes the model holds.
    fn read(reader: &mut Reader<'_>) -> Self;

    /// Writes every attribute the model holds.
    fn write(&self, writer: &mut Writer);

    /// The model of an object value (`req.plan.get` in Terraform's words).
    fn from_value(value: &Value) -> Result<Self, Diagnostics> {
        let mut reader = Reader::new(value);
        let model = Self::read(&mut reader);
        reader.finish().map(|()| model)
    }

    /// The object value of the model, every row of the table present.
    fn to_value(&self) -> Value {
        let mut writer = Writer::new(Self::FIELDS);
        self.write(&mut writer);
        writer.finish()
    }
}

/// For a test: the model writes every row of its table and nothing else, and what it writes reads
/// back to the same value. `sample` should have every attribute known (not null).
pub fn check_model<M: Model>(sample: &M) -> Result<(), String> {
    let mut writer = Writer::new(M::FIELDS);
    sample.write(&mut writer);
    let strays = writer.strays();
    if !strays.is_empty() {
        return Err(format!("attributes not in the table: {strays:?}"));
    }
    let written = writer.finish();
    let Value::Object(attributes) = &written else {
        return Err("not an object".into());
    };
    let missing: Vec<&str> = M::FIELDS
        .iter()
        .filter(|f| attributes.get(f.name).is_none_or(Value::is_null))
        .map(|f| f.name)
        .collect();
    if !missing.is_empty() {
        return Err(format!("rows the model does not write: {missing:?}"));
    }
    let again = M::from_value(&written)
        .map_err(|d| format!("does not read back: {d:?}"))?
        .to_value();
    if !again.equivalent(&written) {
        return Err(format!(
            "reads back differently: {written:?} then {again:?}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_plugin_protocol::diagnostics::PathStep;

    const ID: Field = Field::computed("id", Kind::String, "Id.");
    const TAGS: Field = Field::optional("tags", Kind::StringSet, "Tags.");
    const SIZE: Field = Field::optional("size", Kind::Int, "Size.");
    const FIELDS: &[Field] = &[ID, TAGS, SIZE];

    #[derive(Debug, PartialEq)]
    struct Thing {
        id: Attr<String>,
        tags: Attr<Vec<String>>,
        size: Attr<i64>,
    }

    impl Model for Thing {
        const FIELDS: &'static [Field] = FIELDS;
        fn read(r: &mut Reader<'_>) -> Self {
            Thing {
                id: r.get(&ID),
                tags: r.get(&TAGS),
                size: r.get(&SIZE),
            }
        }
        fn write(&self, w: &mut Writer) {
            w.put(&ID, &self.id);
            w.put(&TAGS, &self.tags);
            w.put(&SIZE, &self.size);
        }
    }

    #[test]
    fn a_model_reads_null_unknown_and_known_and_writes_every_row() {
        let value = Value::object([
            ("id", Value::Unknown),
            ("tags", Value::set_of_strings(["b", "a"])),
            ("size", Value::Null),
        ]);
        let thing = Thing::from_value(&value).unwrap();
        assert_eq!(thing.id, Attr::Unknown);
        assert_eq!(thing.tags, Attr::Known(vec!["a".into(), "b".into()]));
        assert_eq!(thing.size, Attr::Null);
        assert!(thing.to_value().equivalent(&value));
    }

    #[test]
    fn a_wrong_type_is_an_error_naming_the_attribute() {
        let value = Value::object([("id", Value::Bool(true))]);
        let error = Thing::from_value(&value).unwrap_err();
        assert!(error[0].detail.contains("`id`"), "{error:?}");
    }

    #[test]
    fn check_model_finds_a_row_the_model_forgets() {
        let sample = Thing {
            id: Attr::Known("x".into()),
            tags: Attr::Known(vec!["a".into()]),
            size: Attr::Known(3),
        };
        assert_eq!(check_model(&sample), Ok(()));
        struct Forgetful;
        impl Model for Forgetful {
            const FIELDS: &'static [Field] = FIELDS;
            fn read(_: &mut Reader<'_>) -> Self {
                Forgetful
            }
            fn write(&self, w: &mut Writer) {
                w.put(&ID, &Attr::Known("x".to_string()));
            }
        }
        let complaint = check_model(&Forgetful).unwrap_err();
        assert!(
            complaint.contains("tags") && complaint.contains("size"),
            "{complaint}"
        );
    }

    const NAME: Field = Field::computed("name", Kind::String, "Name.");
    const IDS: Field = Field::computed("ids", Kind::StringList, "Ids.");
    const ITEM_FIELDS: &[Field] = &[NAME, IDS];
    const ITEMS: Field = Field::computed("items", Kind::NestedList(ITEM_FIELDS), "Items.");
    const FIRST: Field = Field::computed("first", Kind::Nested(ITEM_FIELDS), "First.");
    const OUTER_FIELDS: &[Field] = &[ITEMS, FIRST];

    #[derive(Debug, PartialEq)]
    struct Item {
        name: Attr<String>,
        ids: Attr<Vec<String>>,
    }

    impl Model for Item {
        const FIELDS: &'static [Field] = ITEM_FIELDS;
        fn read(r: &mut Reader<'_>) -> Self {
            Item {
                name: r.get(&NAME),
                ids: r.get(&IDS),
            }
        }
        fn write(&self, w: &mut Writer) {
            w.put(&NAME, &self.name);
            w.put(&IDS, &self.ids);
        }
    }

    #[derive(Debug, PartialEq)]
    struct Outer {
        items: Attr<Vec<Item>>,
        first: Attr<Item>,
    }

    impl Model for Outer {
        const FIELDS: &'static [Field] = OUTER_FIELDS;
        fn read(r: &mut Reader<'_>) -> Self {
            Outer {
                items: r.objects(&ITEMS),
                first: r.object(&FIRST),
            }
        }
        fn write(&self, w: &mut Writer) {
            w.put_objects(&ITEMS, &self.items);
            w.put_object(&FIRST, &self.first);
        }
    }

    fn item(name: &str, ids: &[&str]) -> Item {
        Item {
            name: Attr::Known(name.into()),
            ids: Attr::Known(ids.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn nested_objects_and_lists_of_them_are_models_of_their_own_tables() {
        let outer = Outer {
            items: Attr::Known(vec![item("b", &["2", "1"]), item("a", &[])]),
            first: Attr::Known(item("c", &["3"])),
        };
        assert_eq!(check_model(&outer), Ok(()));
        assert_eq!(check_model(&item("x", &["1"])), Ok(()));
        let value = outer.to_value();
        let Value::List(items) = attr(&value, "items") else {
            panic!("items is not a list: {value:?}")
        };
        // A list row keeps its order; the list of strings inside stays a list.
        assert_eq!(attr(&items[0], "name"), &Value::string("b"));
        assert_eq!(
            attr(&items[0], "ids"),
            &Value::List(vec![Value::string("2"), Value::string("1")])
        );
        assert_eq!(Outer::from_value(&value).unwrap(), outer);
        let mut writer = Writer::new(FIELDS);
        writer.put(
            &TAGS,
            &Attr::Known(vec!["b".to_string(), "a".into(), "b".into()]),
        );
        let tags = attr(&writer.finish(), "tags").clone();
        assert_eq!(tags, Value::set_of_strings(["b", "a"]));
    }

    #[test]
    fn a_wrong_type_inside_a_nested_list_names_the_whole_path() {
        let value = Value::object([(
            "items",
            Value::List(vec![
                Value::object([("name", Value::string("a"))]),
                Value::object([("name", Value::Bool(false))]),
            ]),
        )]);
        let error = Outer::from_value(&value).unwrap_err();
        assert_eq!(
            error[0].attribute,
            Some(AttributePath(vec![
                PathStep::Attribute("items".into()),
                PathStep::ElementKeyInt(1),
                PathStep::Attribute("name".into()),
            ]))
        );
        let unknown = Value::object([("items", Value::List(vec![Value::Unknown]))]);
        assert_eq!(Outer::from_value(&unknown).unwrap().items, Attr::Unknown);
    }

    #[test]
    fn a_null_element_is_an_error_saying_to_remove_it_and_a_raw_value_keeps_it() {
        let value = Value::object([("tags", Value::Set(vec![Value::string("a"), Value::Null]))]);
        let error = Thing::from_value(&value).unwrap_err();
        assert_eq!(error[0].summary, "Null element");
        assert_eq!(error[0].attribute, Some(AttributePath::root("tags")));
        let raw = Reader::new(&value).get::<Value>(&TAGS);
        assert_eq!(
            raw,
            Attr::Known(Value::Set(vec![Value::string("a"), Value::Null]))
        );
    }

    #[test]
    #[should_panic(expected = "does not fit its row")]
    #[cfg(debug_assertions)]
    fn a_field_whose_type_its_row_cannot_hold_is_caught_on_first_use() {
        crate::model! {
            struct Mistaken {
                size: String = Field::optional("size", Kind::Int, "Size."),
            }
        }
        let _ = Mistaken::from_value(&Value::Null);
    }

    #[test]
    fn attributes_map_and_borrow_without_losing_null_or_unknown() {
        assert_eq!(Attr::Known(2).map(|n| n * 2), Attr::Known(4));
        assert_eq!(Attr::<i64>::Unknown.map(|n| n * 2), Attr::Unknown);
        assert_eq!(Attr::<i64>::Null.as_ref(), Attr::Null);
        assert_eq!(
            Attr::Known("x".to_string()).into_known().as_deref(),
            Some("x")
        );
        let number = Number::from_i64(7);
        let numbers = Value::object([("size", Value::Number(number.clone()))]);
        assert_eq!(
            Reader::new(&numbers).get::<Number>(&SIZE),
            Attr::Known(number)
        );
    }
}
