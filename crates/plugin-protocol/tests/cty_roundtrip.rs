//! Property tests for the cty codecs: random types and values of those types (null, unknown, nested
//! collections, big numbers, dynamic) survive msgpack and JSON round trips, and malformed input of
//! any shape is refused with an error rather than a panic.

use std::collections::BTreeMap;

use proptest::prelude::*;
use tf_plugin_protocol::cty::{json, msgpack, Number, Type, Value};

fn arb_primitive_type() -> BoxedStrategy<Type> {
    prop_oneof![Just(Type::Bool), Just(Type::Number), Just(Type::String)].boxed()
}

fn arb_type() -> BoxedStrategy<Type> {
    let leaf = prop_oneof![4 => arb_primitive_type(), 1 => Just(Type::Dynamic)];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(Type::list),
            inner.clone().prop_map(Type::set),
            inner.clone().prop_map(Type::map),
            prop::collection::btree_map("[a-z_]{1,6}", inner.clone(), 0..4).prop_map(|attrs| {
                Type::Object {
                    attributes: attrs,
                    optional: Vec::new(),
                }
            }),
            prop::collection::vec(inner, 0..4).prop_map(Type::Tuple),
        ]
    })
    .boxed()
}

fn arb_number() -> BoxedStrategy<Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from_i64),
        any::<u64>().prop_map(Number::from_u64),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| Number::from_f64(f).expect("finite")),
        "-?[0-9]{1,40}(\\.[0-9]{1,40})?([eE][+-]?[0-9]{1,3})?"
            .prop_map(|s| Number::parse(&s).expect("generated decimal")),
    ]
    .boxed()
}

/// A value of type `ty`; `unknown` allows unknown values; `depth` bounds dynamic values' types.
fn arb_value(ty: &Type, unknown: bool, depth: u32) -> BoxedStrategy<Value> {
    let known = arb_known(ty, unknown, depth);
    if unknown {
        prop_oneof![1 => Just(Value::Null), 1 => Just(Value::Unknown), 8 => known].boxed()
    } else {
        prop_oneof![1 => Just(Value::Null), 8 => known].boxed()
    }
}

fn arb_known(ty: &Type, unknown: bool, depth: u32) -> BoxedStrategy<Value> {
    match ty {
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Number => arb_number().prop_map(Value::Number).boxed(),
        Type::String => any::<String>().prop_map(Value::String).boxed(),
        Type::List(e) => prop::collection::vec(arb_value(e, unknown, depth), 0..4)
            .prop_map(Value::List)
            .boxed(),
        Type::Set(e) => prop::collection::vec(arb_value(e, unknown, depth), 0..4)
            .prop_map(Value::Set)
            .boxed(),
        Type::Map(e) => prop::collection::btree_map(".{0,6}", arb_value(e, unknown, depth), 0..4)
            .prop_map(Value::Map)
            .boxed(),
        Type::Object { attributes, .. } => {
            let parts: Vec<BoxedStrategy<(String, Value)>> = attributes
                .iter()
                .map(|(k, t)| {
                    let k = k.clone();
                    arb_value(t, unknown, depth)
                        .prop_map(move |v| (k.clone(), v))
                        .boxed()
                })
                .collect();
            parts
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<BTreeMap<_, _>>()))
                .boxed()
        }
        Type::Tuple(es) => {
            let parts: Vec<BoxedStrategy<Value>> =
                es.iter().map(|t| arb_value(t, unknown, depth)).collect();
            parts.prop_map(Value::Tuple).boxed()
        }
        Type::Dynamic => {
            let types = if depth == 0 {
                arb_primitive_type()
            } else {
                arb_type()
            };
            types
                .prop_flat_map(move |t| {
                    arb_value(&t, unknown, depth.saturating_sub(1))
                        .prop_map(move |v| Value::dynamic(t.clone(), v))
                })
                .boxed()
        }
    }
}

fn typed_value(unknown: bool) -> impl Strategy<Value = (Type, Value)> {
    arb_type().prop_flat_map(move |t| (Just(t.clone()), arb_value(&t, unknown, 1)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn msgpack_round_trips((ty, value) in typed_value(true)) {
        let bytes = msgpack::encode(&value, &ty).expect("encode");
        let back = msgpack::decode(&bytes, &ty).expect("decode");
        prop_assert_eq!(&back, &value);
        // Encoding is deterministic: the decoded value encodes to the same bytes.
        prop_assert_eq!(msgpack::encode(&back, &ty).expect("re-encode"), bytes);
    }

    #[test]
    fn json_round_trips((ty, value) in typed_value(false)) {
        let bytes = json::encode(&value, &ty).expect("encode");
        let back = json::decode(&bytes, &ty).expect("decode");
        prop_assert_eq!(&back, &value);
        // Lenient decoding of well-formed input gives the same result.
        prop_assert_eq!(json::decode_lenient(&bytes, &ty).expect("lenient"), value);
    }

    #[test]
    fn types_round_trip_as_json(ty in arb_type()) {
        let bytes = json::encode_type(&ty);
        prop_assert_eq!(json::decode_type(&bytes).expect("decode type"), ty);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..48), ty in arb_type()) {
        let _ = msgpack::decode(&bytes, &ty);
        let _ = msgpack::decode(&bytes, &Type::Dynamic);
        let _ = json::decode(&bytes, &ty);
        let _ = json::decode_type(&bytes);
    }

    #[test]
    fn damaged_encodings_never_panic(
        (ty, value) in typed_value(true),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let bytes = msgpack::encode(&value, &ty).expect("encode");
        if !bytes.is_empty() {
            let _ = msgpack::decode(&bytes[..cut.index(bytes.len())], &ty);
            let mut changed = bytes.clone();
            changed[flip.index(bytes.len())] = byte;
            let _ = msgpack::decode(&changed, &ty);
            let _ = msgpack::decode(&changed, &Type::Dynamic);
        }
    }

    #[test]
    fn numbers_are_canonical(
        int in "-?[0-9]{1,30}",
        frac in "[0-9]{0,20}",
        zeros in 0usize..5,
    ) {
        let plain = Number::parse(&format!("{int}.{frac}")).expect("plain");
        let padded = Number::parse(&format!("{int}.{frac}{}", "0".repeat(zeros))).expect("padded");
        prop_assert_eq!(&plain, &padded);
        prop_assert_eq!(Number::parse(plain.as_str()).expect("reparse"), plain.clone());
        let exp = Number::parse(&format!("{int}{frac}e-{}", frac.len())).expect("exponent form");
        prop_assert_eq!(exp, plain);
    }

    #[test]
    fn floats_survive(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        let n = Number::from_f64(f).expect("finite");
        prop_assert_eq!(n.as_f64(), f);
        prop_assert!(n.is_exact_f64());
    }
}
