//! Fixed byte vectors for the cty codecs, matching what Terraform (through cty) sends and expects.

use tf_plugin_protocol::cty::{json, msgpack, Number, Type, Value};

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
        // cty: unknown, not null, string prefix "ab".
        "c7 07 0c 82 01 c2 02 a2 61 62",
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

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let mut ty = Type::String;
    for _ in 0..300 {
        ty = Type::list(ty);
    }
    let mut bytes = vec![0x91; 300];
    bytes.push(0xa0);
    let err = msgpack::decode(&bytes, &ty).unwrap_err();
    assert!(err.message.contains("deep"), "{err}");
    // Nested dynamic values: each level brings its own type.
    let mut dynamic = Vec::new();
    for _ in 0..300 {
        dynamic.extend_from_slice(&[0x92, 0xc4, 0x09]);
        dynamic.extend_from_slice(b"\"dynamic\"");
    }
    dynamic.push(0xc0);
    let err = msgpack::decode(&dynamic, &Type::Dynamic).unwrap_err();
    assert!(err.message.contains("deep"), "{err}");
    let text = format!("{}\"x\"{}", "[".repeat(300), "]".repeat(300));
    assert!(json::decode(text.as_bytes(), &ty).is_err());
}

#[test]
fn huge_lengths_do_not_allocate() {
    // An array claiming 2^32-1 elements with no data behind it.
    let err = msgpack::decode(&unhex("dd ff ff ff ff"), &Type::list(Type::String)).unwrap_err();
    assert!(err.message.contains("end"), "{err}");
    let err = msgpack::decode(&unhex("db ff ff ff ff 61"), &Type::String).unwrap_err();
    assert!(err.message.contains("end"), "{err}");
}

#[test]
fn malformed_numbers_are_not_echoed() {
    let err = json::decode(br#""hunter2-secret""#, &Type::Number).unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
    let err = msgpack::decode(&unhex("a3 61 62 63"), &Type::Number).unwrap_err();
    assert!(!err.to_string().contains("abc"), "{err}");
    assert_eq!(
        json::decode(b"1.50", &Type::String).unwrap(),
        Value::string("1.5")
    );
}

#[test]
fn lenient_mode_applies_to_nested_objects() {
    let rule = Type::object([("name", Type::String)]);
    let ty = Type::object([("id", Type::String), ("rules", Type::list(rule))]);
    let state = br#"{"id":"t1","legacy":true,"rules":[{"name":"a","old":1}]}"#;
    let err = json::decode(state, &ty).unwrap_err();
    assert_eq!(err.path, "<root>");
    let v = json::decode_lenient(state, &ty).unwrap();
    assert_eq!(
        v,
        Value::object([
            ("id", Value::string("t1")),
            ("rules", Value::list([Value::object([("name", "a")])])),
        ])
    );
    let err = json::decode(br#"{"id":"t1","rules":[{"name":"a","old":1}]}"#, &ty).unwrap_err();
    assert_eq!(err.path, "rules[0]");
    assert!(err.message.contains("\"old\""), "{err}");
}

#[test]
fn dynamic_null_and_unknown_keep_their_types() {
    let typed_null = Value::dynamic(Type::String, Value::Null);
    let bytes = msgpack::encode(&typed_null, &Type::Dynamic).unwrap();
    assert_eq!(hex(&bytes), "92 c4 08 22 73 74 72 69 6e 67 22 c0");
    let back = msgpack::decode(&bytes, &Type::Dynamic).unwrap();
    assert_eq!(back, typed_null);
    assert!(back.is_null());
    let typed_unknown = msgpack::decode(
        &unhex("92 c4 08 22 73 74 72 69 6e 67 22 d4 00 00"),
        &Type::Dynamic,
    )
    .unwrap();
    assert!(typed_unknown.is_unknown());
    // The type may come as a msgpack string instead of binary.
    let v = msgpack::decode(&unhex("92 a6 22 62 6f 6f 6c 22 c3"), &Type::Dynamic).unwrap();
    assert_eq!(v, Value::dynamic(Type::Bool, Value::bool(true)));
    assert!(msgpack::decode(&unhex("93 a6 22 62 6f 6f 6c 22 c3 c3"), &Type::Dynamic).is_err());
}

#[test]
fn length_headers_at_boundaries() {
    for (len, prefix) in [
        (31, "bf"),
        (32, "d9 20"),
        (255, "d9 ff"),
        (256, "da 01 00"),
        (65536, "db 00 01 00 00"),
    ] {
        let v = Value::string("x".repeat(len));
        let bytes = msgpack::encode(&v, &Type::String).unwrap();
        assert!(hex(&bytes).starts_with(prefix), "string of {len}");
        assert_eq!(msgpack::decode(&bytes, &Type::String).unwrap(), v);
    }
    for (len, prefix) in [(15, "9f"), (16, "dc 00 10"), (65536, "dd 00 01 00 00")] {
        let v = Value::list(vec![Value::bool(true); len]);
        let bytes = msgpack::encode(&v, &Type::list(Type::Bool)).unwrap();
        assert!(hex(&bytes).starts_with(prefix), "list of {len}");
        assert_eq!(msgpack::decode(&bytes, &Type::list(Type::Bool)).unwrap(), v);
        let m = Value::Map((0..len).map(|i| (i.to_string(), Value::Null)).collect());
        let bytes = msgpack::encode(&m, &Type::map(Type::Bool)).unwrap();
        let map_prefix = prefix
            .replacen("9f", "8f", 1)
            .replacen("dc", "de", 1)
            .replacen("dd", "df", 1);
        assert!(hex(&bytes).starts_with(&map_prefix), "map of {len}");
        assert_eq!(msgpack::decode(&bytes, &Type::map(Type::Bool)).unwrap(), m);
    }
    // Type JSON longer than 255 bytes uses bin16.
    let ty = Type::object((0..40).map(|i| (format!("attribute_{i}"), Type::String)));
    let v = Value::dynamic(ty.clone(), Value::null_object(&ty));
    let bytes = msgpack::encode(&v, &Type::Dynamic).unwrap();
    assert_eq!(bytes[1], 0xc5);
    assert_eq!(msgpack::decode(&bytes, &Type::Dynamic).unwrap(), v);
}

#[test]
fn encoding_forgives_container_variants() {
    let set = Type::set(Type::String);
    let from_list = msgpack::encode(&Value::list(["a"]), &set).unwrap();
    assert_eq!(
        from_list,
        msgpack::encode(&Value::set_of_strings(["a"]), &set).unwrap()
    );
    assert_eq!(
        msgpack::decode(&from_list, &set).unwrap(),
        Value::set_of_strings(["a"])
    );
    let map = Type::map(Type::String);
    let from_object = json::encode(&Value::object([("k", "v")]), &map).unwrap();
    assert_eq!(from_object, br#"{"k":"v"}"#);
    let obj = Type::object([("k", Type::String)]);
    assert_eq!(
        msgpack::encode(&Value::map_of_strings([("k", "v")]), &obj).unwrap(),
        msgpack::encode(&Value::object([("k", "v")]), &obj).unwrap()
    );
    // Shapes that cannot fit are still refused, with the path.
    let err = msgpack::encode(&Value::object([("k", Value::int(1))]), &obj).unwrap_err();
    assert_eq!(err.path, "k");
    assert!(msgpack::encode(&Value::string("x"), &set).is_err());
}
