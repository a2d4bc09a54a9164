//! What the provider needs beyond the codec's `Value` helpers: attributes with a null fallback,
//! known and owned string lists, and shorthands for building string values.

use std::collections::BTreeMap;

use tf_plugin_protocol::cty::Value;

/// The attributes of an object, by name.
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

/// A string value.
pub fn string(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

/// A set of strings.
pub fn string_set<S: AsRef<str>>(items: &[S]) -> Value {
    Value::Set(items.iter().map(|s| string(s.as_ref())).collect())
}

/// An object with every one of `names` null but those set in `pairs`, for tests.
pub fn object_of<'a>(names: impl IntoIterator<Item = &'a str>, pairs: &[(&str, Value)]) -> Value {
    let mut object: Object = names
        .into_iter()
        .map(|name| (name.to_string(), Value::Null))
        .collect();
    for (name, value) in pairs {
        object.insert(name.to_string(), value.clone());
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

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
