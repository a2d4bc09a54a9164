//! The [`model!`](crate::model!) macro: one list that declares a typed model's struct, its
//! [`Model`](super::Model) impl and (unless it names one) its table, so each attribute is declared
//! once: its row, where the model's field lists it, is both the table's row and the field's.

/// Declares a typed model: the struct, one [`Attr`](crate::model::Attr) field per row, and its
/// [`Model`](crate::model::Model) impl reading and writing every field through its row.
///
/// Without `for TABLE`, the list is the table: `Name::FIELDS` (an associated constant with the
/// struct's visibility, also the `Model`'s) holds the fields' rows in the order listed, so the
/// model covers its table by construction. A row is a shared constant (`id: String =
/// tenant_fields::ID`) or written in place (`name: String = Field::required("name", ...)`);
/// code that needs a row by itself (to blame it in a diagnostic) names the constant, or indexes
/// `Name::FIELDS`.
///
/// ```
/// use tf_provider_framework::attributes::{Field, Kind};
/// use tf_provider_framework::model::{Attr, Model};
///
/// const NAME: Field = Field::required("name", Kind::String, "The name.");
///
/// tf_provider_framework::model! {
///     #[derive(Debug, PartialEq)]
///     pub struct Thing {
///         pub name: String = NAME,
///         sizes: Vec<String> = Field::optional("sizes", Kind::StringList, "The sizes."),
///     }
/// }
///
/// let names: Vec<&str> = Thing::FIELDS.iter().map(|f| f.name).collect();
/// assert_eq!(names, ["name", "sizes"]);
/// let thing = Thing { name: Attr::Known("a".into()), sizes: Attr::Null };
/// assert_eq!(Thing::from_value(&thing.to_value()), Ok(thing));
/// ```
///
/// With `for TABLE` (a path, or `&PATH` for an array) the model reads and writes an existing
/// table, whose rows it names. Each field is `name: Type = ROW`, read with
/// [`Reader::get`](crate::model::Reader::get); `name: object Model = ROW` is a nested object
/// ([`Reader::object`](crate::model::Reader::object)) and `name: objects Model = ROW` a list of
/// them ([`Reader::objects`](crate::model::Reader::objects)). Fields may carry doc comments and a
/// visibility. `struct Name(Inner) for TABLE;` declares a wrapper that reads and writes as the
/// model `Inner` but over another table with the same names (a data source's table of what a
/// view shows, with its lookup keys settable). A model whose `read` or `write` does more than map
/// each field to its row is written by hand instead.
///
/// ```
/// use tf_provider_framework::attributes::{Field, Kind};
/// use tf_provider_framework::model::{check_model, Attr, Model};
///
/// const NAME: Field = Field::required("name", Kind::String, "The name.");
/// const SIZES: Field = Field::optional("sizes", Kind::StringList, "The sizes.");
/// const FIELDS: &[Field] = &[NAME, SIZES];
///
/// tf_provider_framework::model! {
///     /// A thing as configured.
///     #[derive(Debug, PartialEq)]
///     pub struct Thing for FIELDS {
///         /// What it is called.
///         pub name: String = NAME,
///         sizes: Vec<String> = SIZES,
///     }
/// }
///
/// let thing = Thing { name: Attr::Known("a".into()), sizes: Attr::Known(vec!["1".into()]) };
/// assert_eq!(check_model(&thing), Ok(()));
/// assert_eq!(Thing::from_value(&thing.to_value()), Ok(thing));
/// ```
#[macro_export]
macro_rules! model {
    // A nested object: `name: object Model = ROW`.
    (@fields $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : object $model:ty = $row:expr
        $(, $($rest:tt)*)?
    ) => {
        $crate::model!(@fields $head
            [$($done)* [$(#[$fmeta])* $fvis $field: $model, object, put_object, $row]]
            $($($rest)*)?);
    };
    // A list of nested objects: `name: objects Model = ROW`.
    (@fields $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : objects $model:ty = $row:expr
        $(, $($rest:tt)*)?
    ) => {
        $crate::model!(@fields $head
            [$($done)* [$(#[$fmeta])* $fvis $field: ::std::vec::Vec<$model>, objects, put_objects, $row]]
            $($($rest)*)?);
    };
    // A plain value: `name: Type = ROW`.
    (@fields $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : $value:ty = $row:expr
        $(, $($rest:tt)*)?
    ) => {
        $crate::model!(@fields $head
            [$($done)* [$(#[$fmeta])* $fvis $field: $value, get, put, $row]]
            $($($rest)*)?);
    };
    // Every field sorted: the struct and its impl.
    (@fields [$(#[$meta:meta])* $vis:vis struct $name:ident ($table:expr)]
        [$([$(#[$fmeta:meta])* $fvis:vis $field:ident : $value:ty, $get:ident, $put:ident, $row:expr])*]
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $($(#[$fmeta])* $fvis $field: $crate::model::Attr<$value>,)*
        }

        impl $crate::model::Model for $name {
            const FIELDS: &'static [$crate::attributes::Field] = $table;

            fn read(reader: &mut $crate::model::Reader<'_>) -> Self {
                $name {
                    $($field: reader.$get(&$row),)*
                }
            }

            fn write(&self, writer: &mut $crate::model::Writer) {
                $(writer.$put(&$row, &self.$field);)*
            }
        }
    };
    // The declaring form: every field sorted with its row's index in the table.
    (@table $head:tt [$($done:tt)*] [$($index:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : object $model:ty = $row:expr
        $(, $($rest:tt)*)?
    ) => {
        $crate::model!(@table $head
            [$($done)* [$(#[$fmeta])* $fvis $field: $model, object, put_object, $row, ($($index)*)]]
            [$($index)* + 1]
            $($($rest)*)?);
    };
    (@table $head:tt [$($done:tt)*] [$($index:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : objects $model:ty = $row:expr
        $(, $($rest:tt)*)?
    ) => {
        $crate::model!(@table $head
            [$($done)* [$(#[$fmeta])* $fvis $field: ::std::vec::Vec<$model>, objects, put_objects, $row, ($($index)*)]]
            [$($index)* + 1]
            $($($rest)*)?);
    };
    (@table $head:tt [$($done:tt)*] [$($index:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : $value:ty = $row:expr
        $(, $($rest:tt)*)?
    ) => {
        $crate::model!(@table $head
            [$($done)* [$(#[$fmeta])* $fvis $field: $value, get, put, $row, ($($index)*)]]
            [$($index)* + 1]
            $($($rest)*)?);
    };
    (@table [$(#[$meta:meta])* $vis:vis struct $name:ident]
        [$([$(#[$fmeta:meta])* $fvis:vis $field:ident : $value:ty, $get:ident, $put:ident, $row:expr, $index:expr])*]
        [$($count:tt)*]
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $($(#[$fmeta])* $fvis $field: $crate::model::Attr<$value>,)*
        }

        impl $name {
            /// The table: one row per field, in the order the fields are declared.
            #[allow(dead_code)]
            $vis const FIELDS: &'static [$crate::attributes::Field] = &[$($row),*];
        }

        impl $crate::model::Model for $name {
            const FIELDS: &'static [$crate::attributes::Field] = $name::FIELDS;

            fn read(reader: &mut $crate::model::Reader<'_>) -> Self {
                $name {
                    $($field: reader.$get(&$name::FIELDS[$index]),)*
                }
            }

            fn write(&self, writer: &mut $crate::model::Writer) {
                $(writer.$put(&$name::FIELDS[$index], &self.$field);)*
            }
        }
    };
    // Another model over a table with the same names: `struct Name(Inner) for TABLE;`.
    (@wrap [$(#[$meta:meta])* $vis:vis struct $name:ident ($inner:ty) ($table:expr)]) => {
        $(#[$meta])*
        $vis struct $name($inner);

        impl $crate::model::Model for $name {
            const FIELDS: &'static [$crate::attributes::Field] = $table;

            fn read(reader: &mut $crate::model::Reader<'_>) -> Self {
                $name(<$inner as $crate::model::Model>::read(reader))
            }

            fn write(&self, writer: &mut $crate::model::Writer) {
                $crate::model::Model::write(&self.0, writer);
            }
        }
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident ($inner:ty) for & $table:path;) => {
        $crate::model!(@wrap [$(#[$meta])* $vis struct $name ($inner) (&$table)]);
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident ($inner:ty) for $table:path;) => {
        $crate::model!(@wrap [$(#[$meta])* $vis struct $name ($inner) ($table)]);
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident for & $table:path { $($body:tt)* }) => {
        $crate::model!(@fields [$(#[$meta])* $vis struct $name (&$table)] [] $($body)*);
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident for $table:path { $($body:tt)* }) => {
        $crate::model!(@fields [$(#[$meta])* $vis struct $name ($table)] [] $($body)*);
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($body:tt)* }) => {
        $crate::model!(@table [$(#[$meta])* $vis struct $name] [] [0] $($body)*);
    };
}

#[cfg(test)]
mod tests {
    use tf_plugin_protocol::cty::Value;
    use tf_plugin_protocol::schema::Presence;

    use crate::attributes::{Field, Kind};
    use crate::model::{check_model, check_model_deep, Attr, Model};
    use crate::values::attr;

    const NAME: Field = Field::computed("name", Kind::String, "Name.");
    const TAGS: Field = Field::optional("tags", Kind::StringSet, "Tags.");
    const LEAF_FIELDS: &[Field] = &[NAME, TAGS];

    const ID: Field = Field::computed("id", Kind::String, "Id.");
    const SIZE: Field = Field::optional("size", Kind::Int, "Size.");
    const FIRST: Field = Field::computed("first", Kind::Nested(LEAF_FIELDS), "First.");
    const ALL: Field = Field::computed("all", Kind::NestedList(LEAF_FIELDS), "All.");
    const ROOT_FIELDS: [Field; 4] = [ID, SIZE, FIRST, ALL];

    crate::model! {
        /// A leaf model, declared with docs on the struct and its fields.
        #[derive(Clone, Debug, PartialEq)]
        pub(crate) struct Leaf for LEAF_FIELDS {
            /// The leaf's name.
            pub(crate) name: String = NAME,
            tags: Vec<String> = TAGS
        }
    }

    crate::model! {
        #[derive(Debug, PartialEq)]
        struct Root for &ROOT_FIELDS {
            id: String = ID,
            size: i64 = SIZE,
            first: object Leaf = FIRST,
            all: objects Leaf = ALL,
        }
    }

    /// The same table with the `size` row left out of the list.
    mod forgetful {
        use super::*;
        crate::model! {
            pub(super) struct Root for &ROOT_FIELDS {
                pub(super) id: String = ID,
                pub(super) first: object Leaf = FIRST,
                pub(super) all: objects Leaf = ALL,
            }
        }
    }

    const NAME_ONLY: Field = Field::required("name", Kind::String, "Name.");
    const LOOKUP_FIELDS: &[Field] = &[NAME_ONLY, TAGS];

    crate::model! {
        /// A leaf as a lookup reads it: the same names, another table.
        #[derive(Debug, PartialEq)]
        struct Lookup(Leaf) for LOOKUP_FIELDS;
    }

    #[test]
    fn a_wrapper_reads_as_its_inner_model_over_its_own_table() {
        let lookup = Lookup(leaf("a", &["x"]));
        assert_eq!(check_model(&lookup), Ok(()));
        assert_eq!(<Lookup as Model>::FIELDS[0].name, "name");
        assert_eq!(
            <Lookup as Model>::FIELDS[0].description,
            NAME_ONLY.description
        );
        assert!(matches!(
            <Lookup as Model>::FIELDS[0].presence,
            Presence::Required
        ));
        assert_eq!(Lookup::from_value(&lookup.to_value()), Ok(lookup));
    }

    crate::model! {
        /// A model that declares its table: one list, rows shared or written in place.
        #[derive(Debug, PartialEq)]
        struct Declared {
            id: String = ID,
            label: String = Field::optional("label", Kind::String, "Label."),
            first: object Leaf = FIRST,
            all: objects Leaf = ALL,
        }
    }

    /// The declared table with `id` settable, as a lookup would have it.
    const LOOKUP_DECLARED: &[Field] = &crate::attributes::with_rows::<{ Declared::FIELDS.len() }>(
        Declared::FIELDS,
        &[ID.presence(Presence::Required)],
    );

    #[test]
    fn a_model_without_a_table_declares_it_in_the_order_of_its_fields() {
        let names: Vec<&str> = Declared::FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(names, ["id", "label", "first", "all"]);
        assert_eq!(<Declared as Model>::FIELDS.len(), 4);
        let declared = Declared {
            id: Attr::Known("d".into()),
            label: Attr::Known("l".into()),
            first: Attr::Known(leaf("a", &["x"])),
            all: Attr::Known(vec![leaf("b", &[])]),
        };
        let value = declared.to_value();
        assert_eq!(attr(&value, "label"), &Value::string("l"));
        assert_eq!(Declared::from_value(&value), Ok(declared));
        assert_eq!(
            Declared::from_value(&Value::object([("label", Value::Bool(true))])).unwrap_err()[0]
                .attribute,
            Some(tf_plugin_protocol::diagnostics::AttributePath::root(
                "label"
            ))
        );
    }

    #[test]
    fn a_table_with_rows_replaced_keeps_the_others_and_their_order() {
        let names: Vec<&str> = LOOKUP_DECLARED.iter().map(|f| f.name).collect();
        assert_eq!(names, ["id", "label", "first", "all"]);
        assert_eq!(LOOKUP_DECLARED[0].presence, Presence::Required);
        assert_eq!(LOOKUP_DECLARED[1].presence, Presence::Optional);
    }

    fn leaf(name: &str, tags: &[&str]) -> Leaf {
        Leaf {
            name: Attr::Known(name.into()),
            tags: Attr::Known(tags.iter().map(|t| t.to_string()).collect()),
        }
    }

    #[test]
    fn a_declared_model_reads_and_writes_every_field_through_its_row() {
        let root = Root {
            id: Attr::Known("r".into()),
            size: Attr::Known(3),
            first: Attr::Known(leaf("a", &["x"])),
            all: Attr::Known(vec![leaf("b", &["y", "z"]), leaf("c", &[])]),
        };
        assert_eq!(check_model(&root), Ok(()));
        assert_eq!(check_model_deep(&root), Ok(()));
        let value = root.to_value();
        assert_eq!(attr(&value, "size"), &Value::int(3));
        assert_eq!(
            attr(attr(&value, "first"), "tags"),
            &Value::set_of_strings(["x"])
        );
        let Value::List(all) = attr(&value, "all") else {
            panic!("all is not a list: {value:?}")
        };
        assert_eq!(attr(&all[0], "name"), &Value::string("b"));
        assert_eq!(Root::from_value(&value), Ok(root));
    }

    #[test]
    fn a_declared_model_keeps_null_and_unknown_fields() {
        let value = Value::object([("id", Value::Unknown), ("all", Value::Unknown)]);
        let root = Root::from_value(&value).unwrap();
        assert_eq!(root.id, Attr::Unknown);
        assert_eq!(root.size, Attr::Null);
        assert_eq!(root.first, Attr::Null);
        assert_eq!(root.all, Attr::Unknown);
        assert_eq!(<Root as Model>::FIELDS.len(), 4);
    }

    #[test]
    fn check_model_catches_a_declared_model_missing_a_row() {
        let sample = forgetful::Root {
            id: Attr::Known("r".into()),
            first: Attr::Known(leaf("a", &["x"])),
            all: Attr::Known(vec![leaf("b", &["y"])]),
        };
        let complaint = check_model(&sample).unwrap_err();
        assert!(
            complaint.contains("size") && !complaint.contains("first"),
            "{complaint}"
        );
    }

    #[test]
    fn a_wrong_type_in_a_declared_nested_object_names_its_path() {
        let value = Value::object([("first", Value::object([("name", Value::Bool(true))]))]);
        let error = Root::from_value(&value).unwrap_err();
        assert!(error[0].detail.contains("`name`"), "{error:?}");
        assert_eq!(
            error[0].attribute,
            Some(tf_plugin_protocol::diagnostics::AttributePath::root("first").attribute("name"))
        );
    }
}
