//! What resources need beyond the codec's `Value` helpers: attributes with a null fallback, owned
//! string lists, and equality the way Terraform sees it (sets without regard to order).

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

/// The known strings of a set or list; unknown elements and non-strings are skipped.
pub fn known_strings(value: &Value) -> Vec<String> {
    value
        .elements()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Every string of a wholly known set or list; `None` if it is null, unknown or has unknown elements.
pub fn owned_strings(value: &Value) -> Option<Vec<String>> {
    value
        .as_strings()
        .map(|items| items.into_iter().map(str::to_string).collect())
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
        let set = |items: &[&str]| Value::set_of_strings(items.iter().copied());
        assert!(same(&set(&["b", "a"]), &set(&["a", "b"])));
        assert!(!same(&set(&["a"]), &set(&["a", "b"])));
        assert!(!same(&Value::Unknown, &Value::Unknown));
        assert!(!same(&Value::Set(vec![Value::Unknown]), &set(&["a"])));
        assert!(same(&Value::Null, &Value::Null));
        assert!(!same(&Value::Null, &Value::String(String::new())));
    }

    #[test]
    fn attribute_access_tolerates_non_objects() {
        assert_eq!(attr(&Value::Null, "x"), &Value::Null);
        assert_eq!(attr(&Value::Unknown, "x"), &Value::Null);
        let object = Value::Object(Object::from([("x".into(), Value::Bool(true))]));
        assert_eq!(attr(&object, "x").as_bool(), Some(true));
        assert_eq!(
            known_strings(&Value::Set(vec![Value::Unknown, Value::string("a")])),
            ["a"]
        );
        assert_eq!(owned_strings(&Value::Set(vec![Value::Unknown])), None);
    }
}
