//! Checks that the fast paths never change an answer. The streaming decoder: on random types and
//! random JSON shaped after them (with the leniencies, wrong kinds, duplicate and escaped keys,
//! unknown attributes, dynamic wrappers in either order, damaged text), `decode_with` gives exactly
//! the two-step result, value or error, in both modes. The encoder: errors found by its first,
//! path-less pass still come out with their path, and strings are escaped as serde_json does.

use proptest::prelude::*;
use serde_json::Value as Json;

use super::{decode_in_two_steps, decode_with, encode, stream, Mode};
use crate::cty::strategies::arb_type;
use crate::cty::{Number, Type, Value};

const MODES: [Mode; 2] = [Mode::Strict, Mode::Lenient];

fn select(texts: &[&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(texts.to_vec())
        .prop_map(String::from)
        .boxed()
}

/// Number texts, in and out of JSON's and cty's grammars.
fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        select(&[
            "0",
            "-0",
            "-0.0",
            "1.50",
            "1e3",
            "-1E-2",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e99999999999",
            "01",
            "1.",
            ".5",
            "+1",
        ]),
        any::<i64>().prop_map(|n| n.to_string()),
        "-?[0-9]{1,22}(\\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?",
    ]
    .boxed()
}

/// A key as JSON text: plain, with a `\u` escape (so serde_json cannot lend it), or odd.
fn key_text(name: String, escaped: bool) -> String {
    match name.chars().next() {
        Some(first) if escaped && first.is_ascii() => {
            format!("\"\\u{:04x}{}\"", first as u32, &name[1..])
        }
        _ => serde_json::to_string(&name).unwrap_or_default(),
    }
}

fn stray() -> BoxedStrategy<String> {
    select(&[
        "[]",
        "{}",
        "\"s\"",
        "1",
        "true",
        "[1]",
        r#"{"a":1}"#,
        r#"{"$serde_json::private::Number":"12"}"#,
        r#"{"$serde_json::private::Number":"x"}"#,
        "-0",
        "1.5",
    ])
}

/// JSON text meant for `ty`, now and then off the mark.
fn fragment(ty: &Type, depth: u32) -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just("null".to_string()),
        1 => stray(),
        8 => typed_fragment(ty, depth),
    ]
    .boxed()
}

fn typed_fragment(ty: &Type, depth: u32) -> BoxedStrategy<String> {
    match ty {
        Type::Bool => select(&[
            "true",
            "false",
            "\"true\"",
            "\"false\"",
            "\"yes\"",
            "1",
            "\"\"",
        ]),
        Type::Number => prop_oneof![
            3 => number_text(),
            1 => number_text().prop_map(|t| format!("\"{t}\"")),
            1 => select(&["\"abc\"", "\" 1\"", "true", "\"\""]),
        ]
        .boxed(),
        Type::String => prop_oneof![
            3 => any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
            1 => select(&[r#""a\"b\\c\n\u00e9""#, r#""\ud83d\ude00""#, r#""\ud800""#, "true"]),
            1 => number_text(),
        ]
        .boxed(),
        Type::List(element) | Type::Set(element) => {
            prop::collection::vec(fragment(element, depth), 0..4)
                .prop_map(|items| format!("[{}]", items.join(",")))
                .boxed()
        }
        Type::Tuple(elements) => {
            let parts: Vec<BoxedStrategy<String>> =
                elements.iter().map(|e| fragment(e, depth)).collect();
            (parts, 0..6u8)
                .prop_map(|(mut items, shape)| {
                    match shape {
                        0 => items.push("1".to_string()),
                        1 => drop(items.pop()),
                        _ => {}
                    }
                    format!("[{}]", items.join(","))
                })
                .boxed()
        }
        Type::Map(element) => prop::collection::vec(
            (
                select(&["a", "b", "", "é", "$serde_json::private::Number"]),
                any::<bool>(),
                fragment(element, depth),
            ),
            0..4,
        )
        .prop_map(|entries| {
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(k, escaped, v)| format!("{}:{v}", key_text(k, escaped)))
                .collect();
            format!("{{{}}}", entries.join(","))
        })
        .boxed(),
        Type::Object { attributes, .. } => {
            let known: Vec<BoxedStrategy<Vec<(String, bool, String)>>> = attributes
                .iter()
                .map(|(name, ty)| {
                    let name = name.clone();
                    prop::collection::vec((any::<bool>(), fragment(ty, depth)), 0..=2)
                        .prop_map(move |values| {
                            values
                                .into_iter()
                                .map(|(escaped, v)| (name.clone(), escaped, v))
                                .collect()
                        })
                        .boxed()
                })
                .collect();
            let unknown = prop::collection::vec(
                (
                    select(&["old", "$serde_json::private::Number"]),
                    Just(false),
                    prop_oneof![stray(), Just("\"\\ud800\"".to_string())],
                ),
                0..2,
            );
            (known, unknown)
                .prop_flat_map(|(known, unknown)| {
                    let entries: Vec<(String, bool, String)> =
                        known.into_iter().flatten().chain(unknown).collect();
                    Just(entries).prop_shuffle()
                })
                .prop_map(|entries| {
                    let entries: Vec<String> = entries
                        .into_iter()
                        .map(|(k, escaped, v)| format!("{}:{v}", key_text(k, escaped)))
                        .collect();
                    format!("{{{}}}", entries.join(","))
                })
                .boxed()
        }
        Type::Dynamic => {
            let types = if depth == 0 {
                prop_oneof![Just(Type::Bool), Just(Type::Number), Just(Type::String)].boxed()
            } else {
                arb_type()
            };
            types
                .prop_flat_map(move |ty| {
                    let type_text = String::from_utf8(super::encode_type(&ty)).unwrap_or_default();
                    (Just(type_text), fragment(&ty, depth - depth.min(1)), 0..4u8)
                })
                .prop_map(|(ty, value, shape)| match shape {
                    0 => format!(r#"{{"type":{ty},"value":{value}}}"#),
                    1 => format!(r#"{{"value":{value}}}"#),
                    2 => format!(r#"{{"value":{value},"type":{ty},"extra":1}}"#),
                    _ => format!(r#"{{"value":{value},"type":{ty}}}"#),
                })
                .boxed()
        }
    }
}

/// A document for `ty`, sometimes cut short or followed by junk.
fn document(ty: &Type) -> BoxedStrategy<String> {
    (fragment(ty, 1), 0..10u8, any::<prop::sample::Index>())
        .prop_map(|(text, shape, cut)| match shape {
            0 => format!("{text} x"),
            1 => {
                let mut at = cut.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text[..at].to_string()
            }
            2 => format!(" \n{text}\t"),
            _ => text,
        })
        .boxed()
}

fn typed_document() -> impl Strategy<Value = (Type, String)> {
    arb_type().prop_flat_map(|ty| (Just(ty.clone()), document(&ty)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn streaming_agrees_with_two_steps((ty, text) in typed_document()) {
        for mode in MODES {
            let reference = decode_in_two_steps(text.as_bytes(), &ty, mode);
            if let Some(fast) = stream::decode(text.as_bytes(), &ty, mode) {
                prop_assert_eq!(Ok(fast), reference.clone(), "{:?} {}", mode, text);
            }
            prop_assert_eq!(decode_with(text.as_bytes(), &ty, mode), reference);
        }
    }
}

/// The fast path takes ordinary documents itself (otherwise it would only add a second parse).
#[test]
fn ordinary_documents_take_the_fast_path() {
    let row = Type::object([
        ("id", Type::String),
        ("count", Type::Number),
        ("on", Type::Bool),
        ("tags", Type::map(Type::String)),
        ("cells", Type::set(Type::String)),
        ("pair", Type::tuple([Type::Number, Type::String])),
        ("any", Type::Dynamic),
    ]);
    let ty = Type::list(row);
    let text = r#"[{"id":"a\"b","count":-12.50,"on":"true","tags":{"k":1.0,"\u0078":true},
        "cells":["x"],"pair":["7",12],"any":{"type":["list","number"],"value":[1,"2"]}},
        {"id":7,"count":null},null]"#;
    let fast = stream::decode(text.as_bytes(), &ty, Mode::Strict);
    assert!(fast.is_some());
    assert_eq!(
        fast.map(Ok),
        Some(decode_in_two_steps(text.as_bytes(), &ty, Mode::Strict))
    );

    let value = Value::list([Value::object([
        ("id", Value::string("x")),
        (
            "count",
            Value::Number(Number::parse("1e30").expect("number")),
        ),
        ("on", Value::bool(false)),
        ("any", Value::dynamic(Type::Bool, Value::bool(true))),
    ])]);
    let bytes = encode(&value, &ty).expect("encode");
    let back = stream::decode(&bytes, &ty, Mode::Strict).expect("fast path");
    assert_eq!(Ok(back), decode_in_two_steps(&bytes, &ty, Mode::Strict));
}

/// Inputs the fast path must hand over, each with the two-step answer it then gets.
#[test]
fn unusual_documents_get_the_two_step_answer() {
    let ab = Type::object([("a", Type::String), ("b", Type::Number)]);
    let cases: [(&str, &Type); 9] = [
        // A duplicate key whose first value is wrong: the last one wins.
        (r#"{"a":[],"a":"x"}"#, &ab),
        // A number where an object is expected, in lenient mode too.
        ("5", &ab),
        // serde_json reads an object with its number token as a number.
        (r#"{"$serde_json::private::Number":"12"}"#, &Type::Number),
        (r#"{"$serde_json::private::Number":"12"}"#, &ab),
        // Syntax errors after a type error: the syntax error is reported.
        (r#"{"a":[],"b":}"#, &ab),
        ("[1,2,3]", &Type::tuple([Type::Number, Type::Number])),
        // Dropped attributes must still be valid JSON.
        ("{\"a\":\"x\",\"old\":\"\\ud800\"}", &ab),
        (r#"{"value":1,"type":"number","value":"x"}"#, &Type::Dynamic),
        ("-0", &Type::String),
    ];
    for (text, ty) in cases {
        for mode in MODES {
            assert_eq!(
                decode_with(text.as_bytes(), ty, mode),
                decode_in_two_steps(text.as_bytes(), ty, mode),
                "{text} {mode:?}"
            );
        }
    }
}

#[test]
fn encoding_errors_keep_their_paths() {
    let ty = Type::object([
        ("tags", Type::map(Type::list(Type::String))),
        ("n", Type::Number),
    ]);
    let value = Value::object([(
        "tags",
        Value::map([("k", Value::list([Value::string("a"), Value::Unknown]))]),
    )]);
    let err = encode(&value, &ty).expect_err("unknown value");
    assert_eq!(err.path, "tags[\"k\"][1]");
    assert!(err.message.contains("not known"), "{err}");
    let err = encode(&Value::object([("n", Value::bool(true))]), &ty).expect_err("misfit");
    assert_eq!(err.path, "n");
    let mut deep = Value::string("x");
    let mut deep_ty = Type::String;
    for _ in 0..150 {
        deep = Value::list([deep]);
        deep_ty = Type::list(deep_ty);
    }
    let err = encode(&deep, &deep_ty).expect_err("too deep");
    assert!(err.message.contains("deep"), "{err}");
    assert!(err.path.starts_with("[0][0]"), "{err}");
}

#[test]
fn strings_are_escaped_like_serde_json() {
    let text: String = (0u32..0x80)
        .filter_map(char::from_u32)
        .chain("é\u{2028}😀\u{7f}".chars())
        .collect();
    let ty = Type::map(Type::String);
    let value = Value::map([(text.clone(), Value::string(text.clone()))]);
    let mut expected = serde_json::Map::new();
    expected.insert(text.clone(), Json::String(text));
    assert_eq!(
        encode(&value, &ty).expect("encode"),
        Json::Object(expected).to_string().into_bytes()
    );
    let dynamic = Value::dynamic(Type::list(Type::Bool), Value::list([true]));
    assert_eq!(
        encode(&dynamic, &Type::Dynamic).expect("encode"),
        br#"{"value":[true],"type":["list","bool"]}"#
    );
}

#[test]
fn infinities_cannot_be_written_as_json_and_no_text_decodes_to_one() {
    let ty = Type::object([("n", Type::Number)]);
    let value = Value::object([("n", Value::Number(Number::negative_infinity()))]);
    let err = encode(&value, &ty).expect_err("infinity");
    assert_eq!(err.path, "n");
    assert!(
        err.message.contains("-Inf") && err.message.contains("no infinity"),
        "{err}"
    );
    for text in [r#""+Inf""#, r#""Infinity""#, "1e99999999"] {
        for mode in MODES {
            assert!(
                decode_with(text.as_bytes(), &Type::Number, mode).is_err(),
                "{text}"
            );
        }
    }
}
