//! Fixed byte vectors for the cty codecs, matching what Terraform (through cty) sends and expects.

use terraform_provider_resistant::protocol::cty::{json, msgpack, Number, Type, Value};

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn unhex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

fn ab_type() -> Type {
    Type::object([("a", Type::String), ("b", Type::String)])
}

#[test]
fn object_with_null_attribute() {
    let v = Value::object([("a", Value::string("x")), ("b", Value::Null)]);
    let bytes = msgpack::encode(&v, &ab_type()).unwrap();
    assert_eq!(hex(&bytes), "82 a1 61 a1 78 a1 62 c0");
    assert_eq!(msgpack::decode(&bytes, &ab_type()).unwrap(), v);
    // Missing attributes decode as null; attributes left out of a value encode as null.
    let short = unhex("81 a1 61 a1 78");
    assert_eq!(msgpack::decode(&short, &ab_type()).unwrap(), v);
    let partial = Value::object([("a", "x")]);
    assert_eq!(
        hex(&msgpack::encode(&partial, &ab_type()).unwrap()),
        "82 a1 61 a1 78 a1 62 c0"
    );
}

#[test]
fn unknown_is_extension_zero() {
    assert_eq!(
        hex(&msgpack::encode(&Value::Unknown, &Type::String).unwrap()),
        "d4 00 00"
    );
    let v = Value::object([("a", Value::Unknown), ("b", Value::string("y"))]);
    let bytes = msgpack::encode(&v, &ab_type()).unwrap();
    assert_eq!(hex(&bytes), "82 a1 61 d4 00 00 a1 62 a1 79");
}

#[test]
fn any_extension_decodes_as_unknown() {
    for input in [
        "d4 00 00",
        "d4 05 ff",
        "d5 0c 00 01",
        "d6 7f 01 02 03 04",
        "d7 01 00 00 00 00 00 00 00 00",
        "d8 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
        "c7 00 00",
        "c7 03 0c 81 01 c3",
        "c8 00 02 0c 80 c0",
        "c9 00 00 00 01 0c 80",
    ] {
        for ty in [
            Type::String,
            Type::Number,
            Type::list(Type::Bool),
            Type::Dynamic,
            ab_type(),
        ] {
            assert_eq!(
                msgpack::decode(&unhex(input), &ty).unwrap(),
                Value::Unknown,
                "{input} as {ty}"
            );
        }
    }
    // A refined unknown string (cty: ext 12 with a map of refinements) inside an object.
    let refined = unhex("82 a1 61 c7 03 0c 81 01 c2 a1 62 c0");
    let v = msgpack::decode(&refined, &ab_type()).unwrap();
    assert_eq!(
        v,
        Value::object([("a", Value::Unknown), ("b", Value::Null)])
    );
}

#[test]
fn numbers_as_cty_writes_them() {
    let cases = [
        ("0", "00"),
        ("127", "7f"),
        ("128", "cc 80"),
        ("-1", "ff"),
        ("-33", "d0 df"),
        ("65536", "ce 00 01 00 00"),
        ("9223372036854775807", "cf 7f ff ff ff ff ff ff ff"),
        ("-9223372036854775808", "d3 80 00 00 00 00 00 00 00"),
        ("0.5", "cb 3f e0 00 00 00 00 00 00"),
        // 2^64 is exactly a double, so cty sends a float.
        ("18446744073709551616", "cb 43 f0 00 00 00 00 00 00"),
        // 0.1 is not exactly a double: its decimal text is sent.
        ("0.1", "a3 30 2e 31"),
    ];
    for (text, want) in cases {
        let n = Value::Number(Number::parse(text).unwrap());
        let bytes = msgpack::encode(&n, &Type::Number).unwrap();
        assert_eq!(hex(&bytes), want, "{text}");
        assert_eq!(msgpack::decode(&bytes, &Type::Number).unwrap(), n, "{text}");
    }
    // u64 beyond i64 and float32 decode exactly too.
    let u = msgpack::decode(&unhex("cf ff ff ff ff ff ff ff ff"), &Type::Number).unwrap();
    assert_eq!(u, Value::number(u64::MAX));
    let f = msgpack::decode(&unhex("ca 3f c0 00 00"), &Type::Number).unwrap();
    assert_eq!(f, Value::Number(Number::parse("1.5").unwrap()));
    let big = "123456789012345678901234567890.000000000000000000001";
    let bytes =
        msgpack::encode(&Value::Number(Number::parse(big).unwrap()), &Type::Number).unwrap();
    assert_eq!(bytes[0], 0xd9);
    assert_eq!(&bytes[2..], big.as_bytes());
}

#[test]
fn dynamic_is_type_then_value() {
    let v = Value::dynamic(Type::String, Value::string("x"));
    let bytes = msgpack::encode(&v, &Type::Dynamic).unwrap();
    // [bin "\"string\"", "x"]
    assert_eq!(hex(&bytes), "92 c4 08 22 73 74 72 69 6e 67 22 a1 78");
    assert_eq!(msgpack::decode(&bytes, &Type::Dynamic).unwrap(), v);
    assert_eq!(
        hex(&msgpack::encode(&Value::Null, &Type::Dynamic).unwrap()),
        "c0"
    );
    let json_bytes = json::encode(&v, &Type::Dynamic).unwrap();
    assert_eq!(
        String::from_utf8(json_bytes.clone()).unwrap(),
        r#"{"value":"x","type":"string"}"#
    );
    assert_eq!(json::decode(&json_bytes, &Type::Dynamic).unwrap(), v);
    let reordered = br#"{"type":["list","number"],"value":[1,2.5]}"#;
    assert_eq!(
        json::decode(reordered, &Type::Dynamic).unwrap(),
        Value::dynamic(
            Type::list(Type::Number),
            Value::list([Value::int(1), Value::Number(Number::parse("2.5").unwrap())])
        )
    );
    // An unwrapped value whose type can be inferred is written with that type.
    let inferred = msgpack::encode(&Value::string("x"), &Type::Dynamic).unwrap();
    assert_eq!(inferred, bytes);
}

#[test]
fn map_keys_sorted_and_collections() {
    let ty = Type::map(Type::list(Type::Number));
    let v = Value::map([
        ("z", Value::list([Value::int(1)])),
        ("a", Value::list(Vec::<Value>::new())),
    ]);
    let bytes = msgpack::encode(&v, &ty).unwrap();
    assert_eq!(hex(&bytes), "82 a1 61 90 a1 7a 91 01");
    assert_eq!(
        String::from_utf8(json::encode(&v, &ty).unwrap()).unwrap(),
        r#"{"a":[],"z":[1]}"#
    );
}

#[test]
fn json_state_modes() {
    let ty = ab_type();
    let input = br#"{"a":"x","old":1}"#;
    let err = json::decode(input, &ty).unwrap_err();
    assert!(err.message.contains("old"), "{err}");
    let v = json::decode_lenient(input, &ty).unwrap();
    assert_eq!(
        v,
        Value::object([("a", Value::string("x")), ("b", Value::Null)])
    );
}

#[test]
fn json_numbers_keep_precision() {
    let text = br#"[123456789012345678901234567890.5, 1e400, 1.0]"#;
    let v = json::decode(text, &Type::list(Type::Number)).unwrap();
    let out = String::from_utf8(json::encode(&v, &Type::list(Type::Number)).unwrap()).unwrap();
    assert_eq!(
        out,
        format!("[123456789012345678901234567890.5,1{},1]", "0".repeat(400))
    );
}

#[test]
fn json_accepts_cty_conversions() {
    assert_eq!(
        json::decode(br#""12""#, &Type::Number).unwrap(),
        Value::int(12)
    );
    assert_eq!(
        json::decode(br#""true""#, &Type::Bool).unwrap(),
        Value::bool(true)
    );
    assert_eq!(
        json::decode(br#"12"#, &Type::String).unwrap(),
        Value::string("12")
    );
    assert!(json::encode(&Value::Unknown, &Type::String).is_err());
}

#[test]
fn types_as_json() {
    let ty = Type::Object {
        attributes: [
            ("b".to_string(), Type::set(Type::String)),
            ("a".to_string(), Type::tuple([Type::Number, Type::Dynamic])),
            ("c".to_string(), Type::map(Type::Bool)),
        ]
        .into_iter()
        .collect(),
        optional: vec!["c".to_string()],
    };
    let text = r#"["object",{"a":["tuple",["number","dynamic"]],"b":["set","string"],"c":["map","bool"]},["c"]]"#;
    assert_eq!(String::from_utf8(json::encode_type(&ty)).unwrap(), text);
    assert_eq!(json::decode_type(text.as_bytes()).unwrap(), ty);
    assert_eq!(
        json::decode_type(br#"["list","string"]"#).unwrap(),
        Type::list(Type::String)
    );
    for bad in [
        r#""str""#,
        r#"["list"]"#,
        r#"["list","string","x"]"#,
        r#"["object",[]]"#,
        "1",
        "[",
        r#"["object",{"a":"bool"},["b"]]"#,
    ] {
        assert!(json::decode_type(bad.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn errors_carry_paths() {
    let ty = Type::object([("cells", Type::list(Type::Number))]);
    let err = json::decode(br#"{"cells":[1,"x"]}"#, &ty).unwrap_err();
    assert_eq!(err.path, "cells[1]");
    let ty = Type::object([("tags", Type::map(Type::String))]);
    let err = msgpack::decode(&unhex("81 a4 74 61 67 73 81 a1 61 c3"), &ty).unwrap_err();
    assert_eq!(err.path, "tags[\"a\"]");
    assert!(msgpack::decode(&unhex("81 a1 61"), &ab_type()).is_err());
    assert!(msgpack::decode(&unhex("c0 c0"), &Type::String).is_err());
}
