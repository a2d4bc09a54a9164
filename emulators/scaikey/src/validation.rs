//! Pydantic-style checks of single values: each returns the accepted value or an [`Issue`] at
//! the given `loc`, with pydantic's `type` names and messages.

use serde_json::Value;

use crate::error::Issue;

/// The slug rule, as shown in error messages.
pub const SLUG_PATTERN: &str = "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$";

/// `loc` with one more element.
pub fn at(loc: &[Value], part: impl Into<Value>) -> Vec<Value> {
    let mut next = loc.to_vec();
    next.push(part.into());
    next
}

pub fn missing(loc: &[Value]) -> Issue {
    Issue::new(loc, "missing", "Field required")
}

pub fn extra(loc: &[Value]) -> Issue {
    Issue::new(loc, "extra_forbidden", "Extra inputs are not permitted")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A string of `min..=max` characters.
pub fn string(value: &Value, loc: &[Value], min: usize, max: usize) -> Result<String, Issue> {
    let text = value
        .as_str()
        .ok_or_else(|| Issue::new(loc, "string_type", "Input should be a valid string"))?;
    let count = text.chars().count();
    if count < min {
        return Err(Issue::new(
            loc,
            "string_too_short",
            format!("String should have at least {}", plural(min, "character")),
        ));
    }
    if count > max {
        return Err(Issue::new(
            loc,
            "string_too_long",
            format!("String should have at most {}", plural(max, "character")),
        ));
    }
    Ok(text.to_string())
}

/// Whether `slug` matches [`SLUG_PATTERN`].
pub fn is_slug(slug: &str) -> bool {
    let bytes = slug.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    (1..=63).contains(&bytes.len())
        && bytes.iter().all(|b| edge(b) || *b == b'-')
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
}

pub fn slug(value: &Value, loc: &[Value]) -> Result<String, Issue> {
    let text = string(value, loc, 0, usize::MAX)?;
    if is_slug(&text) {
        Ok(text)
    } else {
        Err(Issue::new(
            loc,
            "string_pattern_mismatch",
            format!("String should match pattern '{SLUG_PATTERN}'"),
        ))
    }
}

pub fn boolean(value: &Value, loc: &[Value]) -> Result<bool, Issue> {
    value
        .as_bool()
        .ok_or_else(|| Issue::new(loc, "bool_type", "Input should be a valid boolean"))
}

/// A JSON integer from `min` to `max`.
pub fn integer(value: &Value, loc: &[Value], min: i64, max: i64) -> Result<i64, Issue> {
    let n = value
        .as_i64()
        .ok_or_else(|| Issue::new(loc, "int_type", "Input should be a valid integer"))?;
    bounded(n, loc, min, max)
}

/// An integer within `min..=max`.
pub fn bounded(n: i64, loc: &[Value], min: i64, max: i64) -> Result<i64, Issue> {
    if n < min {
        Err(Issue::new(
            loc,
            "greater_than_equal",
            format!("Input should be greater than or equal to {min}"),
        ))
    } else if n > max {
        Err(Issue::new(
            loc,
            "less_than_equal",
            format!("Input should be less than or equal to {max}"),
        ))
    } else {
        Ok(n)
    }
}

/// "'a', 'b' or 'c'"
fn options_text(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("'{o}'")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// One of `options`.
pub fn literal(value: &Value, loc: &[Value], options: &[&str]) -> Result<String, Issue> {
    match value.as_str() {
        Some(text) if options.contains(&text) => Ok(text.to_string()),
        _ => Err(Issue::new(
            loc,
            "literal_error",
            format!("Input should be {}", options_text(options)),
        )),
    }
}

/// A list of `options`, as a set in `options` order; one issue per bad item.
pub fn literal_set(
    value: &Value,
    loc: &[Value],
    options: &[&str],
) -> Result<Vec<String>, Vec<Issue>> {
    let items = value
        .as_array()
        .ok_or_else(|| vec![Issue::new(loc, "list_type", "Input should be a valid list")])?;
    let mut given = Vec::new();
    let mut issues = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match literal(item, &at(loc, index), options) {
            Ok(text) => given.push(text),
            Err(issue) => issues.push(issue),
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(options
        .iter()
        .filter(|o| given.iter().any(|g| g == *o))
        .map(|o| o.to_string())
        .collect())
}

pub fn dict_type(loc: &[Value]) -> Issue {
    Issue::new(loc, "dict_type", "Input should be a valid dictionary")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slugs_follow_the_contract_pattern() {
        for good in ["a", "0", "acme", "acme-eu-1", &"a".repeat(63)] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "-a", "a-", "Acme", "a_b", "a b", "é", &"a".repeat(64)] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn messages_follow_pydantic() {
        let loc = vec![json!("body"), json!("name")];
        assert_eq!(
            string(&json!(""), &loc, 1, 100).unwrap_err().msg,
            "String should have at least 1 character"
        );
        assert_eq!(
            integer(&json!(2), &loc, 5, 1440).unwrap_err().kind,
            "greater_than_equal"
        );
        assert_eq!(
            literal(&json!("x"), &loc, &["active", "suspended"])
                .unwrap_err()
                .msg,
            "Input should be 'active' or 'suspended'"
        );
        let issues = literal_set(&json!(["totp", "fax", 3]), &loc, &["totp", "sms"]).unwrap_err();
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0].loc, vec![json!("body"), json!("name"), json!(1)]);
    }
}
