//! Values in Terraform's msgpack encoding (unknown as extension 0, dynamic values as `[type_json, value]`).
//!
//! What goes on the wire, following cty's own marshaller:
//! - null is msgpack nil, whatever the type; an unknown is written as extension 0 with a one-byte
//!   payload (`d4 00 00`). On decode, any extension of any code and length is an unknown, so
//!   refined unknowns (code 12 with a map payload) are accepted and their refinements dropped.
//! - numbers: an integer that fits `i64` as a msgpack integer, else a value that is exactly a double
//!   as float64 (the infinities too), else its decimal text as a string: an integer beyond `i64`
//!   that is not exactly a double (e.g. 2^63, sent as float64, but 2^63 + 1, sent as the text
//!   `"9223372036854775809"`). All of these (and unsigned 64-bit, float32) decode; NaN is refused.
//! - lists, sets and tuples are arrays; maps and objects are maps with keys in sorted order. Object
//!   attributes missing from the input decode as null; attributes not in the type are an error.
//! - a value of type `Dynamic` is a two-element array: the JSON text of its type as msgpack binary
//!   (a string is accepted too), then the value encoded for that type.
//! - sets keep the order they arrive in and are not de-duplicated (Terraform never sends duplicates).

use super::encode::{self, Format};
use super::path::{Depth, Position, Step, Trail};
use super::{json, Number, Type, Value};
use crate::cty::CodecError;

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 100;

/// Decodes a msgpack-encoded value of type `ty`.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    // The first pass keeps only the depth; when it fails, the second finds the same error with
    // its path.
    Decoder::run(bytes, ty, Depth::default()).or_else(|_| Decoder::run(bytes, ty, Trail::default()))
}

/// Encodes `value` as msgpack for type `ty`.
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    encode::encode::<Writer>(value, ty)
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// A cursor over the input that never reads past its end.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn uint(&mut self, width: usize) -> Option<u64> {
        let bytes = self.take(width)?;
        Some(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }
}

/// What a msgpack marker byte introduces.
enum Head {
    Nil,
    Bool(bool),
    Uint(u64),
    Int(i64),
    F32,
    F64,
    Str(usize),
    Bin(usize),
    Array(usize),
    Map(usize),
    Ext(usize),
}

struct Decoder<'a, P> {
    input: Reader<'a>,
    position: P,
    /// Nesting of `value` calls; exceeds the path length when dynamic values wrap each other.
    depth: usize,
}

impl<'a, P: Position> Decoder<'a, P> {
    fn run(bytes: &'a [u8], ty: &Type, position: P) -> Result<Value, CodecError> {
        let mut decoder = Decoder {
            input: Reader { bytes, pos: 0 },
            position,
            depth: 0,
        };
        let value = decoder.value(ty)?;
        if decoder.input.remaining() != 0 {
            return Err(decoder.position.error(format!(
                "{} unexpected bytes after the value",
                decoder.input.remaining()
            )));
        }
        Ok(value)
    }

    fn eof(&self) -> CodecError {
        self.position.error("unexpected end of msgpack input")
    }

    /// Reads a marker and its length or small payload (not the body of strings, arrays...).
    fn head(&mut self) -> Result<Head, CodecError> {
        let marker = self.input.peek().ok_or_else(|| self.eof())?;
        self.input.pos += 1;
        let head = match marker {
            0x00..=0x7f => Some(Head::Uint(u64::from(marker))),
            0x80..=0x8f => Some(Head::Map(usize::from(marker & 0x0f))),
            0x90..=0x9f => Some(Head::Array(usize::from(marker & 0x0f))),
            0xa0..=0xbf => Some(Head::Str(usize::from(marker & 0x1f))),
            0xc0 => Some(Head::Nil),
            0xc2 => Some(Head::Bool(false)),
            0xc3 => Some(Head::Bool(true)),
            0xc4..=0xc6 => self.len(1 << (marker - 0xc4)).map(Head::Bin),
            0xc7..=0xc9 => self.len(1 << (marker - 0xc7)).map(|n| Head::Ext(n + 1)),
            0xca => Some(Head::F32),
            0xcb => Some(Head::F64),
            0xcc..=0xcf => self.input.uint(1 << (marker - 0xcc)).map(Head::Uint),
            0xd0..=0xd3 => {
                let width = 1usize << (marker - 0xd0);
                self.input.uint(width).map(|u| {
                    let shift = 64 - 8 * width as u32;
                    Head::Int(((u << shift) as i64) >> shift)
                })
            }
            0xd4..=0xd8 => Some(Head::Ext((1usize << (marker - 0xd4)) + 1)),
            0xd9..=0xdb => self.len(1 << (marker - 0xd9)).map(Head::Str),
            0xdc | 0xdd => self.len(2 << (marker - 0xdc)).map(Head::Array),
            0xde | 0xdf => self.len(2 << (marker - 0xde)).map(Head::Map),
            0xe0..=0xff => Some(Head::Int(i64::from(marker as i8))),
            0xc1 => return Err(self.position.error("invalid msgpack marker 0xc1")),
        };
        head.ok_or_else(|| self.eof())
    }

    fn len(&mut self, width: usize) -> Option<usize> {
        self.input.uint(width).and_then(|n| usize::try_from(n).ok())
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        match self.input.take(n) {
            Some(b) => Ok(b),
            None => Err(self.eof()),
        }
    }

    /// The next `n` bytes as text, borrowed from the input (validated once, copied by the caller
    /// only when it keeps them).
    fn text(&mut self, n: usize, what: &str) -> Result<&'a str, CodecError> {
        let bytes = self.bytes(n)?;
        std::str::from_utf8(bytes)
            .map_err(|_| self.position.error(format!("{what} is not valid UTF-8")))
    }

    /// A capacity hint that hostile lengths cannot inflate: each item takes at least one byte.
    fn capacity(&self, n: usize) -> usize {
        n.min(self.input.remaining())
    }

    fn value(&mut self, ty: &Type) -> Result<Value, CodecError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.position.error("value is nested too deeply"));
        }
        self.depth += 1;
        let value = self.value_inner(ty);
        self.depth -= 1;
        value
    }

    fn value_inner(&mut self, ty: &Type) -> Result<Value, CodecError> {
        let head = self.head()?;
        match head {
            Head::Nil => return Ok(Value::Null),
            Head::Ext(n) => {
                // Code byte then payload; refinements in the payload are not needed.
                self.bytes(n)?;
                return Ok(Value::Unknown);
            }
            _ => {}
        }
        match ty {
            Type::Bool => match head {
                Head::Bool(b) => Ok(Value::Bool(b)),
                _ => Err(self.mismatch("a bool")),
            },
            Type::Number => self.number(head).map(Value::Number),
            Type::String => match head {
                Head::Str(n) | Head::Bin(n) => {
                    self.text(n, "string").map(|s| Value::String(s.to_owned()))
                }
                _ => Err(self.mismatch("a string")),
            },
            Type::List(element) => self.sequence(head, element).map(Value::List),
            Type::Set(element) => self.sequence(head, element).map(Value::Set),
            Type::Tuple(elements) => {
                let Head::Array(n) = head else {
                    return Err(self.mismatch("an array (tuple)"));
                };
                if n != elements.len() {
                    return Err(self.position.error(format!(
                        "tuple needs {} elements, found {n}",
                        elements.len()
                    )));
                }
                let mut items = Vec::with_capacity(n);
                for (i, element) in elements.iter().enumerate() {
                    items.push(self.nested(|| Step::Index(i), element)?);
                }
                Ok(Value::Tuple(items))
            }
            Type::Map(element) => {
                let Head::Map(n) = head else {
                    return Err(self.mismatch("a map"));
                };
                let mut map = std::collections::BTreeMap::new();
                for _ in 0..n {
                    let key = self.key()?;
                    let value = self.nested(|| Step::Key(key.to_owned()), element)?;
                    map.insert(key.to_owned(), value);
                }
                Ok(Value::Map(map))
            }
            Type::Object { attributes, .. } => {
                let Head::Map(n) = head else {
                    return Err(self.mismatch("a map (object)"));
                };
                // Collected first: a map built from (usually already sorted) pairs in one go is
                // cheaper than one insertion per key. Later duplicates win, as with `insert`.
                let mut entries = Vec::with_capacity(attributes.len());
                for _ in 0..n {
                    let key = self.key()?;
                    let Some(attribute_type) = attributes.get(key) else {
                        return Err(self
                            .position
                            .error(format!("unsupported attribute {key:?}")));
                    };
                    let value = self.nested(|| Step::Attribute(key.to_owned()), attribute_type)?;
                    entries.push((key.to_owned(), value));
                }
                let mut object: std::collections::BTreeMap<_, _> = entries.into_iter().collect();
                // Every key read is an attribute, so equal counts mean none is missing.
                if object.len() < attributes.len() {
                    for name in attributes.keys() {
                        if !object.contains_key(name) {
                            object.insert(name.clone(), Value::Null);
                        }
                    }
                }
                Ok(Value::Object(object))
            }
            Type::Dynamic => self.dynamic(head),
        }
    }

    fn nested(&mut self, step: impl FnOnce() -> Step, ty: &Type) -> Result<Value, CodecError> {
        self.position.enter(step);
        let value = self.value(ty)?;
        self.position.leave();
        Ok(value)
    }

    fn mismatch(&self, wanted: &str) -> CodecError {
        self.position.error(format!("expected {wanted}"))
    }

    fn key(&mut self) -> Result<&'a str, CodecError> {
        match self.head()? {
            Head::Str(n) | Head::Bin(n) => self.text(n, "map key"),
            _ => Err(self.position.error("map key is not a string")),
        }
    }

    fn sequence(&mut self, head: Head, element: &Type) -> Result<Vec<Value>, CodecError> {
        let Head::Array(n) = head else {
            return Err(self.mismatch("an array"));
        };
        let mut items = Vec::with_capacity(self.capacity(n));
        for i in 0..n {
            items.push(self.nested(|| Step::Index(i), element)?);
        }
        Ok(items)
    }

    fn number(&mut self, head: Head) -> Result<Number, CodecError> {
        let float = |f: f64, position: &P| {
            Number::from_f64(f).map_err(|e| position.error(format!("unsupported number: {e}")))
        };
        match head {
            Head::Uint(u) => Ok(Number::from_u64(u)),
            Head::Int(i) => Ok(Number::from_i64(i)),
            Head::F32 => {
                let bits = self.input.uint(4).ok_or_else(|| self.eof())?;
                float(f64::from(f32::from_bits(bits as u32)), &self.position)
            }
            Head::F64 => {
                let bits = self.input.uint(8).ok_or_else(|| self.eof())?;
                float(f64::from_bits(bits), &self.position)
            }
            Head::Str(n) => {
                let text = self.text(n, "number")?;
                // The text is not echoed: it may be a misplaced secret.
                Number::parse(text).map_err(|_| {
                    self.position
                        .error("expected a number, found malformed decimal text")
                })
            }
            _ => Err(self.mismatch("a number")),
        }
    }

    /// `[type JSON, value]`; nil and unknown were handled by the caller.
    fn dynamic(&mut self, head: Head) -> Result<Value, CodecError> {
        let Head::Array(2) = head else {
            return Err(self.mismatch("a two-element array [type, value] for a dynamic value"));
        };
        let type_json = match self.head()? {
            Head::Bin(n) | Head::Str(n) => self.bytes(n)?,
            _ => {
                return Err(self
                    .position
                    .error("dynamic value's type is not a JSON string"))
            }
        };
        let ty = json::decode_type(type_json).map_err(|e| {
            self.position
                .error(format!("dynamic value's type is invalid: {}", e.message))
        })?;
        let value = self.value(&ty)?;
        Ok(Value::dynamic(ty, value))
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// Writes msgpack in the most compact form, as cty's encoder does.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    fn sized(&mut self, marker: u8, n: u64, width: usize) {
        self.0.push(marker);
        self.0.extend_from_slice(&n.to_be_bytes()[8 - width..]);
    }

    fn int(&mut self, n: i64) {
        match n {
            0..=0x7f => self.byte(n as u8),
            0x80..=0xff => self.sized(0xcc, n as u64, 1),
            0x100..=0xffff => self.sized(0xcd, n as u64, 2),
            0x1_0000..=0xffff_ffff => self.sized(0xce, n as u64, 4),
            0x1_0000_0000.. => self.sized(0xcf, n as u64, 8),
            -32..=-1 => self.byte(n as u8),
            -0x80..=-33 => self.sized(0xd0, n as u64, 1),
            -0x8000..=-0x81 => self.sized(0xd1, n as u64, 2),
            -0x8000_0000..=-0x8001 => self.sized(0xd2, n as u64, 4),
            _ => self.sized(0xd3, n as u64, 8),
        }
    }

    fn f64(&mut self, f: f64) {
        self.sized(0xcb, f.to_bits(), 8);
    }

    /// A length header: the fixed form below `fix.1` if the kind has one, else the 8-bit form if
    /// the kind has one, else 16 or 32 bits.
    fn header(&mut self, n: usize, fix: Option<(u8, usize)>, m8: Option<u8>, m16: u8, m32: u8) {
        match (fix, m8) {
            (Some((base, limit)), _) if n < limit => self.byte(base | n as u8),
            (_, Some(m)) if n <= 0xff => self.sized(m, n as u64, 1),
            _ if n <= 0xffff => self.sized(m16, n as u64, 2),
            _ => self.sized(m32, n as u64, 4),
        }
    }

    fn str(&mut self, s: &str) {
        self.header(s.len(), Some((0xa0, 32)), Some(0xd9), 0xda, 0xdb);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn bin(&mut self, b: &[u8]) {
        self.header(b.len(), None, Some(0xc4), 0xc5, 0xc6);
        self.0.extend_from_slice(b);
    }

    fn array(&mut self, n: usize) {
        self.header(n, Some((0x90, 16)), None, 0xdc, 0xdd);
    }

    fn map(&mut self, n: usize) {
        self.header(n, Some((0x80, 16)), None, 0xde, 0xdf);
    }
}

impl Format for Writer {
    fn null(&mut self) {
        self.byte(0xc0);
    }

    fn unknown(&mut self) -> Result<(), String> {
        self.0.extend_from_slice(&[0xd4, 0, 0]);
        Ok(())
    }

    fn bool(&mut self, b: bool) {
        self.byte(if b { 0xc3 } else { 0xc2 });
    }

    /// An `i64` as an integer, else an exact double as float64, else the decimal text.
    fn number(&mut self, n: &Number) -> Result<(), String> {
        if let Some(i) = n.as_i64() {
            self.int(i);
        } else if n.is_exact_f64() {
            self.f64(n.as_f64());
        } else {
            self.str(n.as_str());
        }
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<(), String> {
        self.str(s);
        Ok(())
    }

    fn begin_sequence(&mut self, len: usize) {
        self.array(len);
    }

    fn element(&mut self, _: usize) {}

    fn end_sequence(&mut self) {}

    fn begin_map(&mut self, len: usize) {
        self.map(len);
    }

    fn key(&mut self, _: usize, key: &str) -> Result<(), String> {
        self.str(key);
        Ok(())
    }

    fn end_map(&mut self) {}

    /// `[type JSON as binary, value]`: the type comes first.
    fn begin_dynamic(&mut self, ty: &Type) -> Result<(), String> {
        self.array(2);
        self.bin(&json::encode_type(ty));
        Ok(())
    }

    fn end_dynamic(&mut self, _: &Type) -> Result<(), String> {
        Ok(())
    }

    fn finish(self) -> Vec<u8> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    //! The fast pass (depth only) and the path-recording pass must agree on every input: the same
    //! value, or an error with the same message, which `decode`/`encode` then report with its path.

    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::cty::strategies::arb_type;

    /// A value of roughly type `ty`; dynamic slots hold a string or a number.
    fn arb_value(ty: &Type) -> BoxedStrategy<Value> {
        let known = match ty {
            Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
            Type::Number => prop_oneof![
                any::<i64>().prop_map(Number::from_i64),
                any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).ok()),
                "[0-9]{20,25}".prop_filter_map("decimal", |s| Number::parse(&s).ok()),
            ]
            .prop_map(Value::Number)
            .boxed(),
            Type::String => "[a-z\u{e9}]{0,4}".prop_map(Value::String).boxed(),
            Type::List(e) | Type::Set(e) => prop::collection::vec(arb_value(e), 0..3)
                .prop_map(Value::List)
                .boxed(),
            Type::Map(e) => prop::collection::btree_map("[a-c]{0,2}", arb_value(e), 0..3)
                .prop_map(Value::Map)
                .boxed(),
            Type::Object { attributes, .. } => {
                let parts: Vec<_> = attributes
                    .iter()
                    .map(|(k, t)| (Just(k.clone()), arb_value(t)))
                    .collect();
                parts
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<BTreeMap<_, _>>()))
                    .boxed()
            }
            Type::Tuple(es) => {
                let parts: Vec<_> = es.iter().map(arb_value).collect();
                parts.prop_map(Value::Tuple).boxed()
            }
            Type::Dynamic => prop_oneof![
                "[a-z]{0,3}".prop_map(|s| Value::dynamic(Type::String, Value::String(s))),
                any::<i64>()
                    .prop_map(|i| Value::dynamic(Type::Number, Value::Number(Number::from_i64(i)))),
            ]
            .boxed(),
        };
        prop_oneof![1 => Just(Value::Null), 1 => Just(Value::Unknown), 6 => known].boxed()
    }

    /// A type, and bytes that are a valid encoding of one of its values, then maybe damaged.
    fn arb_input() -> impl Strategy<Value = (Type, Vec<u8>)> {
        arb_type()
            .prop_flat_map(|ty| (Just(ty.clone()), arb_value(&ty)))
            .prop_flat_map(|(ty, value)| {
                let bytes = encode(&value, &ty).unwrap_or_default();
                (
                    Just(ty),
                    Just(bytes),
                    any::<u8>(),
                    any::<prop::sample::Index>(),
                    0..5u8,
                )
            })
            .prop_map(|(ty, mut bytes, byte, at, damage)| {
                if !bytes.is_empty() {
                    let i = at.index(bytes.len());
                    match damage {
                        0 => bytes[i] = byte,
                        1 => bytes.truncate(i),
                        2 => bytes.insert(i, byte),
                        3 => bytes[i] ^= 1 << (byte % 8),
                        _ => {}
                    }
                }
                (ty, bytes)
            })
    }

    fn decoders_agree(bytes: &[u8], ty: &Type) -> Result<(), TestCaseError> {
        let fast = Decoder::run(bytes, ty, Depth::default());
        let traced = Decoder::run(bytes, ty, Trail::default());
        match (&fast, &traced) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => {
                prop_assert_eq!(&a.message, &b.message);
                prop_assert_eq!(&a.path, "");
            }
            _ => prop_assert!(false, "fast {fast:?} but traced {traced:?}"),
        }
        prop_assert_eq!(decode(bytes, ty), traced);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn decode_passes_agree_on_damaged_encodings((ty, bytes) in arb_input()) {
            decoders_agree(&bytes, &ty)?;
        }

        #[test]
        fn decode_passes_agree_on_random_bytes(
            ty in arb_type(),
            bytes in prop::collection::vec(any::<u8>(), 0..40),
        ) {
            decoders_agree(&bytes, &ty)?;
        }

        #[test]
        fn encode_passes_agree_on_mismatched_types(
            (own, value) in arb_type().prop_flat_map(|t| (Just(t.clone()), arb_value(&t))),
            other in arb_type(),
            pick in any::<bool>(),
        ) {
            // A value encoded for its own type or for another one.
            let ty = if pick { own } else { other };
            let fast = encode::run::<Writer, _>(&value, &ty, Depth::default());
            let traced = encode::run::<Writer, _>(&value, &ty, Trail::default());
            match (&fast, &traced) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(a), Err(b)) => {
                    prop_assert_eq!(&a.message, &b.message);
                    prop_assert_eq!(&a.path, "");
                }
                _ => prop_assert!(false, "fast {fast:?} but traced {traced:?}"),
            }
            prop_assert_eq!(encode(&value, &ty), traced);
        }
    }

    #[test]
    fn a_repeated_attribute_keeps_its_last_value_and_missing_ones_are_null() {
        let ty = Type::object([("a", Type::Number), ("b", Type::Bool)]);
        // {"a": 1, "a": 2}
        let bytes = [0x82, 0xa1, b'a', 0x01, 0xa1, b'a', 0x02];
        let expected = Value::Object(BTreeMap::from([
            ("a".to_string(), Value::Number(Number::from_i64(2))),
            ("b".to_string(), Value::Null),
        ]));
        assert_eq!(decode(&bytes, &ty), Ok(expected));
    }

    #[test]
    fn errors_keep_their_paths() {
        let ty = Type::object([("tags", Type::map(Type::list(Type::Number)))]);
        // {"tags": {"a": [1, "x"]}}
        let bytes = [
            0x81, 0xa4, b't', b'a', b'g', b's', 0x81, 0xa1, b'a', 0x92, 0x01, 0xa1, b'x',
        ];
        let error = decode(&bytes, &ty).expect_err("malformed number");
        assert_eq!(error.path, "tags[\"a\"][1]");
        assert_eq!(
            error.message,
            "expected a number, found malformed decimal text"
        );
        let mut tail = bytes.to_vec();
        tail[12] = b'7';
        tail.push(0xc0);
        let error = decode(&tail, &ty).expect_err("trailing byte");
        assert_eq!(error.path, "<root>");
        assert_eq!(error.message, "1 unexpected bytes after the value");
    }
    fn number_bytes(text: &str) -> Vec<u8> {
        let n = Value::Number(Number::parse(text).expect("decimal"));
        encode(&n, &Type::Number).expect("encode")
    }

    #[test]
    fn integers_beyond_i64_go_as_a_double_when_exact_and_as_decimal_text_otherwise() {
        let string = |text: &str| {
            let mut bytes = vec![0xa0 | text.len() as u8];
            bytes.extend_from_slice(text.as_bytes());
            bytes
        };
        let double = |f: f64| {
            let mut bytes = vec![0xcb];
            bytes.extend_from_slice(&f.to_bits().to_be_bytes());
            bytes
        };
        let cases = [
            (
                "9223372036854775807",
                vec![0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            ),
            ("9223372036854775808", double(9223372036854775808.0)),
            ("9223372036854775809", string("9223372036854775809")),
            ("-9223372036854775809", string("-9223372036854775809")),
            ("18446744073709551615", string("18446744073709551615")),
            ("1180591620717411303424", double(1180591620717411303424.0)),
            (
                "1000000000000000000000000000000",
                string("1000000000000000000000000000000"),
            ),
        ];
        for (text, want) in cases {
            let bytes = number_bytes(text);
            assert_eq!(bytes, want, "{text}");
            let back = decode(&bytes, &Type::Number).expect("decode");
            assert_eq!(
                back,
                Value::Number(Number::parse(text).expect("decimal")),
                "{text}"
            );
        }
    }

    #[test]
    fn infinities_decode_from_floats_and_encode_back_as_float64_but_nan_is_refused() {
        let up = [0xcb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0];
        let down = [0xcb, 0xff, 0xf0, 0, 0, 0, 0, 0, 0];
        let up32 = [0xca, 0x7f, 0x80, 0x00, 0x00];
        let infinity = Value::Number(Number::positive_infinity());
        let negative = Value::Number(Number::negative_infinity());
        assert_eq!(decode(&up, &Type::Number), Ok(infinity.clone()));
        assert_eq!(decode(&down, &Type::Number), Ok(negative.clone()));
        assert_eq!(decode(&up32, &Type::Number), Ok(infinity.clone()));
        assert_eq!(encode(&infinity, &Type::Number).expect("encode"), up);
        assert_eq!(encode(&negative, &Type::Number).expect("encode"), down);
        let nan = [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0];
        let error = decode(&nan, &Type::Number).expect_err("NaN");
        assert!(error.message.contains("NaN"), "{error}");
    }
}
