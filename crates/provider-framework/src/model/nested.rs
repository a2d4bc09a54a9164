//! Nested objects in typed models: a [`Kind::Nested`] row read into a model of its own and
//! written back through the row's table, a [`Kind::NestedList`] row as a `Vec` of such models, and
//! [`check_model_deep`] / [`check_model_against`], which prove a model's coverage of its table at
//! every depth (and of another table with the same names, such as a data source's view of what a
//! resource manages).
//!
//! A nested model is an ordinary [`Model`]: its `FIELDS` is the nested table. It is written
//! through the table of the row that holds it, so one model can serve two tables whose names agree
//! (a resource's settings and the same settings as a data source reads them).

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::{AttributePath, Diagnostic};

use super::{Attr, Model, Reader, Writer};
use crate::attributes::{Field, Kind};
use crate::values::attr;

impl Reader<'_> {
    /// The nested object of `field` (a [`Kind::Nested`] row) as the model `M`. Its members are
    /// read one by one, so an object with unknown members is a known model whose members are
    /// [`Attr::Unknown`]; only a wholly unknown object is `Attr::Unknown`. A member of the wrong
    /// type is reported at its full path (`settings.password_policy.min_length`).
    pub fn object<M: Model>(&mut self, field: &Field) -> Attr<M> {
        match attr(self.value, field.name) {
            Value::Null => Attr::Null,
            Value::Unknown => Attr::Unknown,
            value @ Value::Object(_) => {
                Attr::Known(self.nested(value, AttributePath::root(field.name)))
            }
            value => {
                self.problems.push(mismatch(field.name, value));
                Attr::Null
            }
        }
    }

    /// The objects of `field` (a [`Kind::NestedList`] row), in order, each as the model `M`. A
    /// list with an unknown element is `Attr::Unknown` as a whole (a `Vec` has no place for it).
    pub fn objects<M: Model>(&mut self, field: &Field) -> Attr<Vec<M>> {
        let items = match attr(self.value, field.name) {
            Value::Null => return Attr::Null,
            Value::Unknown => return Attr::Unknown,
            Value::List(items) | Value::Set(items) => items,
            value => {
                self.problems.push(mismatch(field.name, value));
                return Attr::Null;
            }
        };
        if items.iter().any(|item| matches!(item, Value::Unknown)) {
            return Attr::Unknown;
        }
        let mut models = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let at = AttributePath::root(field.name).index(index as i64);
            match item {
                Value::Object(_) => models.push(self.nested(item, at)),
                other => self.problems.push(mismatch(field.name, other).at(at)),
            }
        }
        Attr::Known(models)
    }

    /// `M` read from one nested object; its reader's findings are moved under `at`.
    fn nested<M: Model>(&mut self, value: &Value, at: AttributePath) -> M {
        let mut reader = Reader::new(value);
        let model = M::read(&mut reader);
        for mut problem in reader.problems {
            let mut path = at.clone();
            if let Some(inner) = problem.attribute.take() {
                path.0.extend(inner.0);
            }
            self.problems.push(problem.at(path));
        }
        model
    }
}

/// The finding of a value of the wrong type (the same words as [`Reader::get`]).
fn mismatch(name: &str, value: &Value) -> Diagnostic {
    Diagnostic::error(
        "Unexpected attribute type",
        format!(
            "`{name}` holds a {}, which this provider cannot read here; this is a bug in the \
             provider.",
            value.kind()
        ),
    )
    .at(AttributePath::root(name))
}

impl Writer {
    /// Sets the nested object of `field` (a [`Kind::Nested`] row) from the model `M`, written
    /// through the row's table: every row of it present, null where the model puts nothing.
    pub fn put_object<M: Model>(&mut self, field: &Field, value: &Attr<M>) {
        let value = match value {
            Attr::Null => Value::Null,
            Attr::Unknown => Value::Unknown,
            Attr::Known(model) => self.nested(field, model),
        };
        self.attributes.insert(field.name.to_string(), value);
    }

    /// Sets the list of objects of `field` (a [`Kind::NestedList`] row), each written through
    /// the row's table.
    pub fn put_objects<M: Model>(&mut self, field: &Field, value: &Attr<Vec<M>>) {
        let value = match value {
            Attr::Null => Value::Null,
            Attr::Unknown => Value::Unknown,
            Attr::Known(models) => {
                Value::List(models.iter().map(|m| self.nested(field, m)).collect())
            }
        };
        self.attributes.insert(field.name.to_string(), value);
    }

    /// One nested object of `field`. What it puts outside the row's table is remembered here as
    /// `field.name`, so that [`check_model`](super::check_model) reports it (and
    /// [`Writer::finish`] drops it like any other stray).
    fn nested<M: Model>(&mut self, field: &Field, model: &M) -> Value {
        let fields = match field.kind {
            Kind::Nested(fields) | Kind::NestedList(fields) => fields,
            _ => {
                self.attributes
                    .insert(format!("{} (not a nested row)", field.name), Value::Null);
                M::FIELDS
            }
        };
        let mut writer = Writer::new(fields);
        model.write(&mut writer);
        for stray in writer.strays() {
            self.attributes
                .insert(format!("{}.{stray}", field.name), Value::Null);
        }
        writer.finish()
    }
}

/// For a test: [`check_model`](super::check_model) at every depth. The model writes every row
/// of its table and of every nested table (no null anywhere, so `sample` should have every
/// attribute known, and every list at least one element) and nothing else, and what it writes
/// reads back to the same value.
pub fn check_model_deep<M: Model>(sample: &M) -> Result<(), String> {
    check_model_against(sample, M::FIELDS)
}

/// For a test: [`check_model_deep`] against `fields`, another table with the names of the
/// model's own (such as a data source's computed view of a resource's attributes). Proves that
/// the model, written as an object of `fields`, covers it exactly.
pub fn check_model_against<M: Model>(sample: &M, fields: &'static [Field]) -> Result<(), String> {
    let mut writer = Writer::new(fields);
    sample.write(&mut writer);
    let strays = writer.strays();
    if !strays.is_empty() {
        return Err(format!("attributes not in the table: {strays:?}"));
    }
    let written = writer.finish();
    let mut missing = Vec::new();
    nulls(fields, &written, "", &mut missing);
    missing.sort();
    missing.dedup();
    if !missing.is_empty() {
        return Err(format!("rows the model does not write: {missing:?}"));
    }
    let model = M::from_value(&written).map_err(|d| format!("does not read back: {d:?}"))?;
    let mut again = Writer::new(fields);
    model.write(&mut again);
    let again = again.finish();
    if !again.equivalent(&written) {
        return Err(format!(
            "reads back differently: {written:?} then {again:?}"
        ));
    }
    Ok(())
}

/// The dotted paths of the rows of `fields` that are null in `object`, nested tables included.
fn nulls(fields: &[Field], object: &Value, prefix: &str, out: &mut Vec<String>) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        match (field.kind, attr(object, field.name)) {
            (_, Value::Null) => out.push(path),
            (Kind::Nested(inner), value) => nulls(inner, value, &format!("{path}."), out),
            (Kind::NestedList(_), Value::List(items)) if items.is_empty() => {
                out.push(format!("{path} (an empty list)"));
            }
            (Kind::NestedList(inner), Value::List(items)) => {
                for item in items {
                    nulls(inner, item, &format!("{path}[]."), out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::Kind;

    const SIZE: Field = Field::optional("size", Kind::Int, "Size.");
    const COLOR: Field = Field::computed("color", Kind::String, "Color.");
    const INNER: &[Field] = &[SIZE, COLOR];
    /// The same names as `INNER`, as another object would show them.
    const INNER_VIEW: &[Field] = &[
        Field::computed("size", Kind::Int, "Size."),
        Field::computed("color", Kind::String, "Color."),
    ];
    const ONE: Field = Field::optional("one", Kind::Nested(INNER), "One.");
    const MANY: Field = Field::computed("many", Kind::NestedList(INNER_VIEW), "Many.");
    const OUTER: &[Field] = &[ONE, MANY];

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Inner {
        size: Attr<i64>,
        color: Attr<String>,
    }

    impl Model for Inner {
        const FIELDS: &'static [Field] = INNER;
        fn read(r: &mut Reader<'_>) -> Self {
            Inner {
                size: r.get(&SIZE),
                color: r.get(&COLOR),
            }
        }
        fn write(&self, w: &mut Writer) {
            w.put(&SIZE, &self.size);
            w.put(&COLOR, &self.color);
        }
    }

    #[derive(Debug, PartialEq)]
    struct Outer {
        one: Attr<Inner>,
        many: Attr<Vec<Inner>>,
    }

    impl Model for Outer {
        const FIELDS: &'static [Field] = OUTER;
        fn read(r: &mut Reader<'_>) -> Self {
            Outer {
                one: r.object(&ONE),
                many: r.objects(&MANY),
            }
        }
        fn write(&self, w: &mut Writer) {
            w.put_object(&ONE, &self.one);
            w.put_objects(&MANY, &self.many);
        }
    }

    fn inner(size: i64, color: &str) -> Inner {
        Inner {
            size: Attr::Known(size),
            color: Attr::Known(color.into()),
        }
    }

    #[test]
    fn a_nested_object_with_an_unknown_member_reads_as_a_known_model() {
        let value = Value::object([
            (
                "one",
                Value::object([("size", Value::Unknown), ("color", Value::string("red"))]),
            ),
            ("many", Value::Unknown),
        ]);
        let outer = Outer::from_value(&value).unwrap();
        assert_eq!(outer.one.known().unwrap().size, Attr::Unknown);
        assert_eq!(outer.many, Attr::Unknown);
        assert!(outer.to_value().equivalent(&value));
    }

    #[test]
    fn a_list_of_objects_reads_in_order_and_writes_back_every_row() {
        let sample = Outer {
            one: Attr::Known(inner(1, "red")),
            many: Attr::Known(vec![inner(2, "blue"), inner(3, "green")]),
        };
        let value = sample.to_value();
        assert_eq!(Outer::from_value(&value).unwrap(), sample);
        assert_eq!(check_model_deep(&sample), Ok(()));
    }

    #[test]
    fn a_wrong_type_inside_a_nested_object_is_reported_at_its_full_path() {
        let value = Value::object([
            ("one", Value::object([("size", Value::string("big"))])),
            (
                "many",
                Value::List(vec![Value::object([("color", Value::Bool(true))])]),
            ),
        ]);
        let problems = Outer::from_value(&value).unwrap_err();
        let paths: Vec<String> = problems
            .iter()
            .map(|d| d.attribute.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(paths.len(), 2, "{paths:?}");
        assert!(
            paths[0].contains("one") && paths[0].contains("size"),
            "{paths:?}"
        );
        assert!(
            paths[1].contains("many") && paths[1].contains("color"),
            "{paths:?}"
        );
    }

    #[test]
    fn the_deep_check_finds_a_nested_row_the_model_forgets_or_invents() {
        struct Forgetful;
        impl Model for Forgetful {
            const FIELDS: &'static [Field] = INNER;
            fn read(_: &mut Reader<'_>) -> Self {
                Forgetful
            }
            fn write(&self, w: &mut Writer) {
                w.put(&SIZE, &Attr::Known(1));
                w.put(
                    &Field::computed("shade", Kind::String, ""),
                    &Attr::Known("x".to_string()),
                );
            }
        }
        struct Holder;
        impl Model for Holder {
            const FIELDS: &'static [Field] = OUTER;
            fn read(_: &mut Reader<'_>) -> Self {
                Holder
            }
            fn write(&self, w: &mut Writer) {
                w.put_object(&ONE, &Attr::Known(Forgetful));
                w.put_objects(&MANY, &Attr::Known(vec![inner(1, "red")]));
            }
        }
        let complaint = check_model_deep(&Holder).unwrap_err();
        assert!(complaint.contains("one.shade"), "{complaint}");
        struct Honest;
        impl Model for Honest {
            const FIELDS: &'static [Field] = OUTER;
            fn read(_: &mut Reader<'_>) -> Self {
                Honest
            }
            fn write(&self, w: &mut Writer) {
                w.put_object(
                    &ONE,
                    &Attr::Known(Inner {
                        color: Attr::Null,
                        ..inner(1, "")
                    }),
                );
                w.put_objects(&MANY, &Attr::Known(vec![inner(1, "red")]));
            }
        }
        let complaint = check_model_deep(&Honest).unwrap_err();
        assert!(complaint.contains("one.color"), "{complaint}");
    }

    #[test]
    fn a_model_checked_against_another_table_must_match_its_names() {
        assert_eq!(check_model_against(&inner(1, "red"), INNER_VIEW), Ok(()));
        const OTHER: &[Field] = &[Field::computed("size", Kind::Int, "Size.")];
        let complaint = check_model_against(&inner(1, "red"), OTHER).unwrap_err();
        assert!(complaint.contains("color"), "{complaint}");
    }
}
