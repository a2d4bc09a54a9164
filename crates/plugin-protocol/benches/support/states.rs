//! Sample values for the codec benchmarks: a resource state object shaped like a tenant's, and a
//! large list of objects. Each is built from an index so that many distinct states can be made.

use tf_plugin_protocol::cty::{Type, Value};

const CELLS: [&str; 5] = ["eu-1", "us-1", "ca-1", "ap-2", "ap-3"];

/// The type of a tenant-like resource state: 12 attributes, among them a set of strings, a map of
/// strings and a nested object.
pub fn state_type() -> Type {
    Type::object([
        ("id", Type::String),
        ("name", Type::String),
        ("organization", Type::String),
        ("cells", Type::set(Type::String)),
        ("documents_ui", Type::map(Type::String)),
        ("created", Type::String),
        ("updated", Type::String),
        ("description", Type::String),
        ("deletion_protection", Type::Bool),
        ("force_destroy", Type::Bool),
        ("application_count", Type::Number),
        (
            "timeouts",
            Type::object([("create", Type::String), ("delete", Type::String)]),
        ),
    ])
}

/// State number `n`: every attribute set except `description` (null), as a typical read returns.
pub fn state(n: usize) -> Value {
    let name = format!("tenant{n:05}");
    let ui = CELLS.iter().map(|cell| {
        (
            cell.to_string(),
            format!("https://{name}-acme.{cell}.documents.resistant.ai"),
        )
    });
    Value::object([
        (
            "id",
            Value::string(format!("3f1c9a2e-7b4d-4e1a-9c2f-{n:012}")),
        ),
        ("name", Value::string(name.clone())),
        ("organization", Value::string("acme")),
        ("cells", Value::set_of_strings(CELLS)),
        ("documents_ui", Value::map_of_strings(ui)),
        ("created", Value::string("2026-11-23T15:59:15.123Z")),
        ("updated", Value::string("2026-11-23T16:04:51.987Z")),
        ("description", Value::Null),
        ("deletion_protection", Value::bool(true)),
        ("force_destroy", Value::bool(false)),
        ("application_count", Value::int(n as i64 % 7)),
        (
            "timeouts",
            Value::object([("create", Value::string("10m")), ("delete", Value::Null)]),
        ),
    ])
}

/// The element type of [`large_list`].
pub fn row_type() -> Type {
    Type::object([
        ("id", Type::String),
        ("name", Type::String),
        ("cell", Type::String),
        ("scopes", Type::list(Type::String)),
        ("created", Type::String),
        ("enabled", Type::Bool),
        ("quota", Type::Number),
    ])
}

pub fn large_list_type() -> Type {
    Type::list(row_type())
}

/// A list of `len` objects of [`row_type`].
pub fn large_list(len: usize) -> Value {
    Value::list((0..len).map(|i| {
        Value::object([
            ("id", Value::string(format!("app-{i:08}"))),
            ("name", Value::string(format!("application number {i}"))),
            ("cell", Value::string(CELLS[i % CELLS.len()])),
            (
                "scopes",
                Value::list_of_strings(["submissions.read", "submissions.write", "analysis.read"]),
            ),
            ("created", Value::string("2026-11-23T15:59:15Z")),
            ("enabled", Value::bool(!i.is_multiple_of(3))),
            ("quota", Value::int(1000 + i as i64)),
        ])
    }))
}

/// Elements put in each list and set by [`sample`].
const SAMPLE_ELEMENTS: usize = 5;
/// Entries put in each map by [`sample`].
const SAMPLE_ENTRIES: usize = 3;

/// A value of `ty` with everything filled in, distinct for each `n`: strings and numbers carry
/// `n`, lists and sets get 5 elements, maps 3 entries, and `Dynamic` slots a string.
pub fn sample(ty: &Type, n: usize) -> Value {
    match ty {
        Type::Bool => Value::bool(n.is_multiple_of(2)),
        Type::Number => Value::int(n as i64),
        Type::String => Value::string(format!("sample-value-{n:08}")),
        Type::Dynamic => Value::dynamic(Type::String, Value::string(format!("dynamic-{n}"))),
        Type::List(e) => Value::list((0..SAMPLE_ELEMENTS).map(|i| sample(e, n * 10 + i))),
        Type::Set(e) => Value::set((0..SAMPLE_ELEMENTS).map(|i| sample(e, n * 10 + i))),
        Type::Map(e) => Value::map((0..SAMPLE_ENTRIES).map(|i| (format!("key{i}"), sample(e, n)))),
        Type::Object { attributes, .. } => Value::object(
            attributes
                .iter()
                .map(|(name, t)| (name.clone(), sample(t, n))),
        ),
        Type::Tuple(es) => Value::tuple(es.iter().map(|t| sample(t, n))),
    }
}
