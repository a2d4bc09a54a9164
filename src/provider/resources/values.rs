//! Small accessors over decoded resource objects: reading attributes, building string sets and maps,
//! and comparing values the way Terraform does (sets without regard to order).

use std::collections::BTreeMap;

use crate::protocol::cty::Value;

/// The attributes of a resource object, by name.
pub type Object = BTreeMap<String, Value>;

static NULL: Value = Value::Null;

/// The attribute `name` of an object value; `Null` when the value is not an object or lacks it.
pub fn attr<'a>(object: &'a Value, name: &str) -> &'a Value {
    match object {
        Value::Object(attributes) => attributes.get(name).unwrap_or(&NULL),
        _ => &NULL,
    }
}

/// The attributes of an object value (empty for null or unknown).
pub fn attributes(object: &Value) -> Object {
    match object {
        Value::Object(attributes) => attributes.clone(),
        _ => Object::new(),
    }
}

/// A known string.
pub fn as_str(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// A known bool.
pub fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// The known strings of a set or list; unknown elements and non-strings are skipped.
pub fn known_strings(value: &Value) -> Vec<String> {
    match value {
        Value::Set(items) | Value::List(items) => items
            .iter()
            .filter_map(|v| as_str(v).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every string of a wholly known set or list; `None` if it is null, unknown or has unknown elements.
pub fn all_strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Set(items) | Value::List(items) => items
            .iter()
            .map(|v| as_str(v).map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// A set of strings, sorted and without duplicates.
pub fn string_set<I, S>(items: I) -> Value
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut items: Vec<String> = items.into_iter().map(Into::into).collect();
    items.sort();
    items.dedup();
    Value::Set(items.into_iter().map(Value::String).collect())
}

/// A map of strings.
pub fn string_map<'a>(items: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    Value::Map(
        items
            .into_iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// A string, or null for `None`.
pub fn optional_string(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |s| Value::String(s.to_string()))
}

/// True when nothing in the value is unknown.
pub fn is_known(value: &Value) -> bool {
    match value {
        Value::Unknown => false,
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => items.iter().all(is_known),
        Value::Map(items) | Value::Object(items) => items.values().all(is_known),
        Value::Dynamic(_, inner) => is_known(inner),
        _ => true,
    }
}

/// Equality as Terraform sees it: sets compare without regard to order; an unknown value equals
/// nothing (it may become anything).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Unknown, _) | (_, Value::Unknown) => false,
        (Value::Set(x), Value::Set(y)) => {
            x.len() == y.len()
                && x.iter().all(|item| y.iter().any(|other| same(item, other)))
                && y.iter().all(|item| x.iter().any(|other| same(item, other)))
        }
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) | (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|other| same(v, other)))
        }
        (Value::Dynamic(tx, x), Value::Dynamic(ty, y)) => tx == ty && same(x, y),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_compare_without_order_and_unknown_equals_nothing() {
        assert!(same(&string_set(["b", "a"]), &string_set(["a", "b"])));
        assert!(!same(&string_set(["a"]), &string_set(["a", "b"])));
        assert!(!same(&Value::Unknown, &Value::Unknown));
        assert!(!same(&Value::Set(vec![Value::Unknown]), &string_set(["a"])));
        assert!(same(&Value::Null, &Value::Null));
        assert!(!same(&Value::Null, &Value::String(String::new())));
    }

    #[test]
    fn attribute_access_tolerates_non_objects() {
        assert_eq!(attr(&Value::Null, "x"), &Value::Null);
        assert_eq!(attr(&Value::Unknown, "x"), &Value::Null);
        let object = Value::Object(Object::from([("x".into(), Value::Bool(true))]));
        assert_eq!(as_bool(attr(&object, "x")), Some(true));
        assert!(!is_known(&Value::Object(Object::from([(
            "x".into(),
            Value::Unknown
        )]))));
    }
}
