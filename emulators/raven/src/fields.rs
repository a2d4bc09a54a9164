//! Checks of the plain fields (tenant and key names, email, scopes), with errors that name the field.

use serde_json::Value;

use crate::error::ApiError;

/// Every scope a key can hold, in the order they are listed back.
pub const SCOPES: [&str; 8] = [
    "tenant:read",
    "tenant:admin",
    "memory:read",
    "memory:write",
    "users:read",
    "users:write",
    "conversations:read",
    "conversations:write",
];

/// Longest tenant or key name, in characters.
pub const NAME_MAX: usize = 200;
/// Longest email address.
const EMAIL_MAX: usize = 254;

/// A string field: `None` when absent; null or another type is refused, naming the field.
pub fn string<'a>(value: Option<&'a Value>, field: &str) -> Result<Option<&'a str>, ApiError> {
    match value {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(Value::Null) => Err(ApiError::invalid(format!(
            "{field} must be a string, not null"
        ))),
        Some(_) => Err(ApiError::invalid(format!("{field} must be a string"))),
    }
}

/// A name of 1 to 200 characters.
pub fn name(text: &str, field: &str) -> Result<String, ApiError> {
    let count = text.chars().count();
    if !(1..=NAME_MAX).contains(&count) {
        return Err(ApiError::invalid(format!(
            "{field} must be 1 to {NAME_MAX} characters long (it has {count})"
        )));
    }
    Ok(text.to_string())
}

/// An email address: one `@` between a local part and a dotted domain, no spaces.
pub fn email(text: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError::invalid(
            "email must be an address such as developer@example.com \
             (one @, a dotted domain, no spaces)",
        )
    };
    if text.len() > EMAIL_MAX || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = text.split_once('@').ok_or_else(bad)?;
    let labels_ok = domain.split('.').count() >= 2 && domain.split('.').all(|l| !l.is_empty());
    if local.is_empty() || domain.contains('@') || !labels_ok {
        return Err(bad());
    }
    Ok(text.to_string())
}

/// The key under which an email must be unique (case-insensitive).
pub fn email_key(email: &str) -> String {
    email.to_lowercase()
}

/// A non-empty array of known scopes, as a set in [`SCOPES`] order.
pub fn scopes(value: Option<&Value>) -> Result<Vec<String>, ApiError> {
    let known = SCOPES.join(", ");
    let items = match value {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid(format!(
                "scopes is required: a non-empty array of scopes from {known}"
            )))
        }
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ApiError::invalid(format!(
                "scopes must be an array of scopes from {known}"
            )))
        }
    };
    if items.is_empty() {
        return Err(ApiError::invalid(format!(
            "scopes must not be empty; give at least one of {known}"
        )));
    }
    let mut given = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(scope) if SCOPES.contains(&scope) => given.push(scope),
            Some(scope) => {
                return Err(ApiError::invalid(format!(
                    "scopes[{index}]: unknown scope {scope:?}; known scopes: {known}"
                )))
            }
            None => {
                return Err(ApiError::invalid(format!(
                    "scopes[{index}] must be a string"
                )))
            }
        }
    }
    Ok(SCOPES
        .iter()
        .filter(|scope| given.contains(scope))
        .map(|scope| scope.to_string())
        .collect())
}

/// Refuses a body field outside `allowed`, naming it.
pub fn reject_unknown(
    body: &serde_json::Map<String, Value>,
    allowed: &[&str],
) -> Result<(), ApiError> {
    match body.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(ApiError::invalid(format!(
            "unknown field {key:?}; the body may hold: {}",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_count_characters_not_bytes() {
        assert!(name(&"é".repeat(200), "name").is_ok());
        let err = name(&"é".repeat(201), "name").unwrap_err();
        assert!(
            err.message.contains("name must be 1 to 200"),
            "{}",
            err.message
        );
        assert!(name("", "name").is_err());
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        for good in ["a@b.co", "first.last+tag@sub.example.com"] {
            assert!(email(good).is_ok(), "{good}");
        }
        for bad in [
            "", "a", "a@", "@b.co", "a@b", "a@b..co", "a b@c.de", "a@b@c.de",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scopes_are_a_set_in_the_listed_order() {
        let got = scopes(Some(&json!(["users:read", "tenant:read", "users:read"]))).unwrap();
        assert_eq!(got, ["tenant:read", "users:read"]);
        let err = scopes(Some(&json!(["tenant:read", "tenant:delete"]))).unwrap_err();
        assert!(err.message.contains("scopes[1]"), "{}", err.message);
        assert!(scopes(Some(&json!([]))).is_err());
        assert!(scopes(None).is_err());
    }
}
