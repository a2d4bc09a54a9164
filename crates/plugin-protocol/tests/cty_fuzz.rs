//! Fuzzing the cty decoders with outside input: JSON and msgpack that is almost right (lying
//! lengths, huge numbers, truncated, of the wrong shape for the type). No input panics; what is
//! accepted encodes again to the same value, and every refusal says what was wrong.
//!
//! A modest number of cases by default; `PROPTEST_CASES=20000` for a long run.

use proptest::prelude::*;
use serde_json::Value as Json;
use tf_plugin_protocol::cty::{json as cty_json, msgpack, Type};

/// `PROPTEST_CASES` when set, otherwise `default`.
fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

fn arb_type() -> BoxedStrategy<Type> {
    let leaf = prop_oneof![
        Just(Type::Bool),
        Just(Type::Number),
        Just(Type::String),
        Just(Type::Dynamic)
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(Type::list),
            inner.clone().prop_map(Type::set),
            inner.clone().prop_map(Type::map),
            prop::collection::btree_map("[ab]", inner.clone(), 0..3).prop_map(Type::object),
            prop::collection::vec(inner, 0..3).prop_map(Type::tuple),
        ]
    })
    .boxed()
}

/// Number literals, many of them out of any range: long, tiny, huge exponents, negative zero.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,40}(\\.[0-9]{1,40})?([eE][+-]?[0-9]{1,12})?",
        Just("1e999999999999".to_string()),
        Just("-0".to_string()),
        Just("0.000000000000000000000000000000000001e-99999".to_string()),
        Just("18446744073709551616".to_string()),
        Just("1".repeat(5000)),
    ]
}

/// JSON text that is mostly well formed, shaped like cty values, types and dynamic wrappers.
fn json_text() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        number_text(),
        any::<String>().prop_map(|s| Json::String(s).to_string()),
        prop_oneof![
            Just("\"string\""),
            Just("\"number\""),
            Just("\"bool\""),
            Just("\"dynamic\""),
            Just("\"list\""),
            Just("\"object\""),
            Just("\"tuple\"")
        ]
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop_oneof!["[ab]", Just("type".into()), Just("value".into())],
                    inner
                ),
                0..4
            )
            .prop_map(|pairs| {
                let fields: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| format!("{}:{v}", Json::String(k.clone())))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
    .boxed()
}

/// A msgpack item, possibly lying about its length or holding invalid UTF-8.
#[derive(Debug, Clone)]
enum Pack {
    Nil,
    Bool(bool),
    Uint(u64),
    Int(i64),
    F32(f32),
    F64(f64),
    Str(String),
    BadUtf8(Vec<u8>),
    Bin(Vec<u8>),
    Ext(i8, Vec<u8>),
    Array(Vec<Pack>),
    Map(Vec<(Pack, Pack)>),
    /// A header claiming `u32::MAX` items (or bytes) with nothing after it.
    Liar(u8),
}

fn arb_pack() -> BoxedStrategy<Pack> {
    let leaf = prop_oneof![
        Just(Pack::Nil),
        any::<bool>().prop_map(Pack::Bool),
        any::<u64>().prop_map(Pack::Uint),
        any::<i64>().prop_map(Pack::Int),
        any::<f32>().prop_map(Pack::F32),
        any::<f64>().prop_map(Pack::F64),
        "[ab]|type|value|.{0,8}".prop_map(Pack::Str),
        prop::collection::vec(0x80u8..0xff, 1..4).prop_map(Pack::BadUtf8),
        prop::collection::vec(any::<u8>(), 0..8).prop_map(Pack::Bin),
        (any::<i8>(), prop::collection::vec(any::<u8>(), 0..4)).prop_map(|(t, d)| Pack::Ext(t, d)),
        (0u8..4).prop_map(Pack::Liar),
        json_text().prop_map(|text| Pack::Bin(text.into_bytes())),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Pack::Array),
            prop::collection::vec((inner.clone(), inner), 0..3).prop_map(Pack::Map),
        ]
    })
    .boxed()
}

fn write_pack(out: &mut Vec<u8>, item: &Pack) {
    use rmp::encode as e;
    match item {
        Pack::Nil => e::write_nil(out).unwrap(),
        Pack::Bool(b) => e::write_bool(out, *b).unwrap(),
        Pack::Uint(u) => e::write_u64(out, *u).map(drop).unwrap(),
        Pack::Int(i) => e::write_sint(out, *i).map(drop).unwrap(),
        Pack::F32(f) => e::write_f32(out, *f).unwrap(),
        Pack::F64(f) => e::write_f64(out, *f).unwrap(),
        Pack::Str(s) => e::write_str(out, s).unwrap(),
        Pack::BadUtf8(bytes) => {
            e::write_str_len(out, bytes.len() as u32).unwrap();
            out.extend_from_slice(bytes);
        }
        Pack::Bin(bytes) => e::write_bin(out, bytes).unwrap(),
        Pack::Ext(kind, data) => {
            e::write_ext_meta(out, data.len() as u32, *kind).unwrap();
            out.extend_from_slice(data);
        }
        Pack::Array(items) => {
            e::write_array_len(out, items.len() as u32).unwrap();
            items.iter().for_each(|i| write_pack(out, i));
        }
        Pack::Map(pairs) => {
            e::write_map_len(out, pairs.len() as u32).unwrap();
            for (k, v) in pairs {
                write_pack(out, k);
                write_pack(out, v);
            }
        }
        Pack::Liar(kind) => {
            let marker = [0xdd, 0xdf, 0xdb, 0xc6][*kind as usize];
            out.push(marker);
            out.extend_from_slice(&u32::MAX.to_be_bytes());
        }
    }
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn cty_json_input_of_any_shape_is_decoded_or_refused_with_a_reason(
        text in json_text(),
        ty in arb_type(),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = text.into_bytes();
        if truncate && !bytes.is_empty() {
            bytes.truncate(cut.index(bytes.len()));
        }
        for decoded in [cty_json::decode(&bytes, &ty), cty_json::decode_lenient(&bytes, &ty)] {
            match decoded {
                // What was accepted encodes again, and that encoding decodes to the same value.
                Ok(value) => {
                    let again = cty_json::encode(&value, &ty).expect("a decoded value encodes");
                    prop_assert_eq!(cty_json::decode(&again, &ty).expect("re-decode"), value);
                }
                Err(error) => prop_assert!(!error.message.is_empty(), "{error:?}"),
            }
        }
        if let Err(error) = cty_json::decode_type(&bytes) {
            prop_assert!(!error.message.is_empty());
        }
    }

    #[test]
    fn cty_msgpack_input_of_any_shape_is_decoded_or_refused_with_a_reason(
        item in arb_pack(),
        ty in arb_type(),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = Vec::new();
        write_pack(&mut bytes, &item);
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        for ty in [&ty, &Type::Dynamic] {
            match msgpack::decode(&bytes, ty) {
                Ok(value) => {
                    let again = msgpack::encode(&value, ty).expect("a decoded value encodes");
                    prop_assert_eq!(msgpack::decode(&again, ty).expect("re-decode"), value);
                }
                Err(error) => prop_assert!(!error.message.is_empty(), "{error:?}"),
            }
        }
    }
}
