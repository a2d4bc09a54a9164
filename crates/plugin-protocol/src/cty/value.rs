//! Helpers for building and reading [`Value`]s in provider code: constructors, accessors that answer
//! `None` rather than panic when the value has another shape, and type inference for dynamic values.

use std::collections::BTreeMap;

use super::{Number, Type, Value};

impl Value {
    // ---- constructors -------------------------------------------------------------------------

    /// A string value.
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// A boolean value.
    pub fn bool(b: bool) -> Value {
        Value::Bool(b)
    }

    /// A number value from anything that converts into a [`Number`].
    pub fn number(n: impl Into<Number>) -> Value {
        Value::Number(n.into())
    }

    /// A number value from an integer.
    pub fn int(n: i64) -> Value {
        Value::Number(Number::from_i64(n))
    }

    /// An object from `(attribute, value)` pairs. Attributes of the type that are left out are
    /// written as null by the codecs.
    pub fn object<K: Into<String>, V: Into<Value>>(
        attrs: impl IntoIterator<Item = (K, V)>,
    ) -> Value {
        Value::Object(
            attrs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// A map from `(key, value)` pairs.
    pub fn map<K: Into<String>, V: Into<Value>>(
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> Value {
        Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// A list of these items.
    pub fn list<V: Into<Value>>(items: impl IntoIterator<Item = V>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }

    /// A set; duplicates are removed, first occurrence kept.
    pub fn set<V: Into<Value>>(items: impl IntoIterator<Item = V>) -> Value {
        let mut out: Vec<Value> = Vec::new();
        for item in items {
            let item = item.into();
            if !out.contains(&item) {
                out.push(item);
            }
        }
        Value::Set(out)
    }

    /// A tuple of these items.
    pub fn tuple<V: Into<Value>>(items: impl IntoIterator<Item = V>) -> Value {
        Value::Tuple(items.into_iter().map(Into::into).collect())
    }

    /// A list of strings.
    pub fn list_of_strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::list(items.into_iter().map(|s| Value::String(s.into())))
    }

    /// A set of strings, de-duplicated.
    pub fn set_of_strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::set(items.into_iter().map(|s| Value::String(s.into())))
    }

    /// A map of strings from `(key, string)` pairs.
    pub fn map_of_strings<K: Into<String>, S: Into<String>>(
        entries: impl IntoIterator<Item = (K, S)>,
    ) -> Value {
        Value::map(
            entries
                .into_iter()
                .map(|(k, s)| (k, Value::String(s.into()))),
        )
    }

    /// A value for a `Dynamic` slot, carrying its concrete type. A `Dynamic` type adds no wrapper.
    pub fn dynamic(ty: Type, value: Value) -> Value {
        if ty == Type::Dynamic {
            value
        } else {
            Value::Dynamic(Box::new(ty), Box::new(value))
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    /// Whether the value is null (through a dynamic wrapper too).
    pub fn is_null(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Dynamic(_, v) => v.is_null(),
            _ => false,
        }
    }

    /// Whether the value is unknown (through a dynamic wrapper too).
    pub fn is_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::Dynamic(_, v) => v.is_unknown(),
            _ => false,
        }
    }

    /// Known at this level (nested values may still be unknown).
    pub fn is_known(&self) -> bool {
        !self.is_unknown()
    }

    /// Known here and everywhere inside.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => true,
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
                items.iter().all(Value::is_wholly_known)
            }
            Value::Map(map) | Value::Object(map) => map.values().all(Value::is_wholly_known),
            Value::Dynamic(_, v) => v.is_wholly_known(),
        }
    }

    /// Neither null nor unknown.
    pub fn is_set(&self) -> bool {
        !self.is_null() && !self.is_unknown()
    }

    /// A word for messages: `null`, `unknown`, `string`, `list`...
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unknown => "unknown",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Object(_) => "object",
            Value::Tuple(_) => "tuple",
            Value::Dynamic(_, v) => v.kind(),
        }
    }

    /// The value inside a `Dynamic` wrapper (or the value itself).
    pub fn unwrap_dynamic(&self) -> &Value {
        match self {
            Value::Dynamic(_, v) => v.unwrap_dynamic(),
            v => v,
        }
    }

    // ---- accessors ------------------------------------------------------------------------------

    /// An attribute of an object (`None` if this is not an object or has no such attribute).
    pub fn get(&self, attr: &str) -> Option<&Value> {
        match self.unwrap_dynamic() {
            Value::Object(map) => map.get(attr),
            _ => None,
        }
    }

    /// A mutable attribute of an object.
    pub fn get_mut(&mut self, attr: &str) -> Option<&mut Value> {
        match self {
            Value::Object(map) => map.get_mut(attr),
            Value::Dynamic(_, v) => v.get_mut(attr),
            _ => None,
        }
    }

    /// Sets an attribute of an object; returns false (and does nothing) if this is not an object.
    pub fn set_attribute(&mut self, attr: impl Into<String>, value: impl Into<Value>) -> bool {
        match self {
            Value::Object(map) => {
                map.insert(attr.into(), value.into());
                true
            }
            Value::Dynamic(_, v) => v.set_attribute(attr, value),
            _ => false,
        }
    }

    /// A string attribute of an object, if it is a known, non-null string.
    pub fn get_str(&self, attr: &str) -> Option<&str> {
        self.get(attr).and_then(Value::as_str)
    }

    /// The boolean attribute `attr` of an object, if it is a known bool.
    pub fn get_bool(&self, attr: &str) -> Option<bool> {
        self.get(attr).and_then(Value::as_bool)
    }

    /// The number attribute `attr` of an object, if it is an integer that fits `i64`.
    pub fn get_i64(&self, attr: &str) -> Option<i64> {
        self.get(attr).and_then(Value::as_i64)
    }

    /// The text of a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self.unwrap_dynamic() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a known bool.
    pub fn as_bool(&self) -> Option<bool> {
        match self.unwrap_dynamic() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number of a known number.
    pub fn as_number(&self) -> Option<&Number> {
        match self.unwrap_dynamic() {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The value of a known number, if it is an integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The elements of a list, set or tuple.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self.unwrap_dynamic() {
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// The elements of a list, set or tuple; empty for anything else (null included).
    pub fn elements(&self) -> &[Value] {
        self.as_list().unwrap_or(&[])
    }

    /// The entries of a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self.unwrap_dynamic() {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The attributes of an object.
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self.unwrap_dynamic() {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The strings of a list, set or tuple of known, non-null strings.
    pub fn as_strings(&self) -> Option<Vec<&str>> {
        self.as_list()?.iter().map(Value::as_str).collect()
    }

    /// The entries of a map of known, non-null strings.
    pub fn as_string_map(&self) -> Option<BTreeMap<&str, &str>> {
        self.as_map()?
            .iter()
            .map(|(k, v)| Some((k.as_str(), v.as_str()?)))
            .collect()
    }

    // ---- comparison -----------------------------------------------------------------------------

    /// Equality as Terraform sees it: sets compare regardless of order and duplicates, and a
    /// `Dynamic` wrapper compares equal to the value inside it. (`==` compares structurally.)
    pub fn equivalent(&self, other: &Value) -> bool {
        match (self.unwrap_dynamic(), other.unwrap_dynamic()) {
            (Value::Set(a), Value::Set(b)) => {
                a.iter().all(|x| b.iter().any(|y| x.equivalent(y)))
                    && b.iter().all(|y| a.iter().any(|x| x.equivalent(y)))
            }
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equivalent(y))
            }
            (Value::Map(a), Value::Map(b)) | (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.equivalent(vb))
            }
            (a, b) => a == b,
        }
    }

    /// An object of type `ty` with every attribute null (`Null` for a non-object type), a starting
    /// point for building state.
    pub fn null_object(ty: &Type) -> Value {
        match ty {
            Type::Object { attributes, .. } => Value::Object(
                attributes
                    .keys()
                    .map(|k| (k.clone(), Value::Null))
                    .collect(),
            ),
            _ => Value::Null,
        }
    }

    // ---- types ----------------------------------------------------------------------------------

    /// The type this value evidently has, for writing it into a `Dynamic` slot: null and unknown
    /// are `Dynamic`, an empty collection has a `Dynamic` element type, and the elements of a
    /// collection must agree. `None` when they do not.
    pub fn inferred_type(&self) -> Option<Type> {
        fn collection<'a>(mut items: impl Iterator<Item = &'a Value>) -> Option<Type> {
            items.try_fold(Type::Dynamic, |acc, item| unify(acc, item.inferred_type()?))
        }
        Some(match self {
            Value::Null | Value::Unknown => Type::Dynamic,
            Value::Bool(_) => Type::Bool,
            Value::Number(_) => Type::Number,
            Value::String(_) => Type::String,
            Value::List(items) => Type::list(collection(items.iter())?),
            Value::Set(items) => Type::set(collection(items.iter())?),
            Value::Map(map) => Type::map(collection(map.values())?),
            Value::Tuple(items) => Type::Tuple(
                items
                    .iter()
                    .map(Value::inferred_type)
                    .collect::<Option<_>>()?,
            ),
            Value::Object(map) => Type::Object {
                attributes: map
                    .iter()
                    .map(|(k, v)| Some((k.clone(), v.inferred_type()?)))
                    .collect::<Option<_>>()?,
                optional: Vec::new(),
            },
            Value::Dynamic(ty, _) => (**ty).clone(),
        })
    }
}

/// The type both `a` and `b` fit, where `Dynamic` stands for "not known yet".
fn unify(a: Type, b: Type) -> Option<Type> {
    match (a, b) {
        (Type::Dynamic, t) | (t, Type::Dynamic) => Some(t),
        (Type::List(a), Type::List(b)) => Some(Type::list(unify(*a, *b)?)),
        (Type::Set(a), Type::Set(b)) => Some(Type::set(unify(*a, *b)?)),
        (Type::Map(a), Type::Map(b)) => Some(Type::map(unify(*a, *b)?)),
        (Type::Tuple(a), Type::Tuple(b)) if a.len() == b.len() => Some(Type::Tuple(
            a.into_iter()
                .zip(b)
                .map(|(a, b)| unify(a, b))
                .collect::<Option<_>>()?,
        )),
        (Type::Object { attributes: a, .. }, Type::Object { attributes: b, .. })
            if a.keys().eq(b.keys()) =>
        {
            Some(Type::Object {
                attributes: a
                    .into_iter()
                    .zip(b)
                    .map(|((k, a), (_, b))| Some((k, unify(a, b)?)))
                    .collect::<Option<_>>()?,
                optional: Vec::new(),
            })
        }
        (a, b) if a == b => Some(a),
        _ => None,
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::String(s.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Value {
        Value::Number(n)
    }
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::Number(Number::from(n))
            }
        }
    )*};
}
value_from_int!(i32, i64, u32, u64, usize);

/// `None` becomes null.
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_reads() {
        let v = Value::object([
            ("name", Value::string("x")),
            ("count", Value::int(3)),
            ("enabled", Value::bool(true)),
            ("tags", Value::map_of_strings([("a", "1")])),
            ("ids", Value::set_of_strings(["b", "a", "b"])),
            ("gone", Value::Null),
        ]);
        assert_eq!(v.get_str("name"), Some("x"));
        assert_eq!(v.get_i64("count"), Some(3));
        assert_eq!(v.get_bool("enabled"), Some(true));
        assert_eq!(
            v.get("ids").and_then(Value::as_strings),
            Some(vec!["b", "a"])
        );
        assert_eq!(
            v.get("tags").and_then(Value::as_string_map),
            Some(BTreeMap::from([("a", "1")]))
        );
        assert!(v.get("gone").is_some_and(Value::is_null));
        assert_eq!(v.get("missing"), None);
        assert_eq!(Value::string("x").get("a"), None);
        assert!(Value::Null.elements().is_empty());
        assert!(v.is_wholly_known());
        let partial = Value::object([("a", Value::list([Value::Unknown]))]);
        assert!(partial.is_known());
        assert!(!partial.is_wholly_known());
        assert_eq!(Value::from(None::<&str>), Value::Null);
    }

    #[test]
    fn equivalence_ignores_set_order_and_wrappers() {
        let a = Value::set_of_strings(["a", "b"]);
        let b = Value::Set(vec![Value::from("b"), Value::from("a"), Value::from("a")]);
        assert!(a.equivalent(&b));
        assert_ne!(a, b);
        assert!(!a.equivalent(&Value::set_of_strings(["a"])));
        assert!(!Value::list(["a", "b"]).equivalent(&Value::list(["b", "a"])));
        let wrapped = Value::dynamic(Type::set(Type::String), b);
        assert!(Value::object([("x", a)]).equivalent(&Value::object([("x", wrapped)])));
        let ty = Type::object([("a", Type::String), ("b", Type::Number)]);
        assert_eq!(
            Value::null_object(&ty),
            Value::object([("a", Value::Null), ("b", Value::Null)])
        );
    }

    #[test]
    fn infers_types() {
        let v = Value::list([Value::list(Vec::<Value>::new()), Value::list(["a"])]);
        assert_eq!(
            v.inferred_type(),
            Some(Type::list(Type::list(Type::String)))
        );
        assert_eq!(
            Value::list([Value::int(1), Value::from("a")]).inferred_type(),
            None
        );
        let o = Value::object([("a", Value::Null), ("b", Value::int(1))]);
        assert_eq!(
            o.inferred_type(),
            Some(Type::object([("a", Type::Dynamic), ("b", Type::Number)]))
        );
    }
}
