//! Values in Terraform's msgpack encoding (unknown as extension 0, dynamic values as `[type_json, value]`).
//!
//! What goes on the wire, following cty's own marshaller:
//! - null is msgpack nil, whatever the type; an unknown is written as extension 0 with a one-byte
//!   payload (`d4 00 00`). On decode, any extension of any code and length is an unknown, so
//!   refined unknowns (code 12 with a map payload) are accepted and their refinements dropped.
//! - numbers: an integer that fits `i64` as a msgpack integer, else a value that is exactly a double
//!   as float64, else its decimal text as a string. All three (and unsigned 64-bit, float32) decode.
//!   Infinities (which cty can send as float64) are refused: a [`Number`] is always finite.
//! - lists, sets and tuples are arrays; maps and objects are maps with keys in sorted order. Object
//!   attributes missing from the input decode as null; attributes not in the type are an error.
//! - a value of type `Dynamic` is a two-element array: the JSON text of its type as msgpack binary
//!   (a string is accepted too), then the value encoded for that type.
//! - sets keep the order they arrive in and are not de-duplicated (Terraform never sends duplicates).

use super::path::{Step, Trail};
use super::{json, Number, Type, Value};
use crate::protocol::cty::CodecError;

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 100;

/// Decodes a msgpack-encoded value of type `ty`.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    let mut decoder = Decoder {
        input: Reader { bytes, pos: 0 },
        trail: Trail::default(),
        depth: 0,
    };
    let value = decoder.value(ty)?;
    if decoder.input.pos != bytes.len() {
        return Err(decoder.trail.error(format!(
            "{} unexpected bytes after the value",
            bytes.len() - decoder.input.pos
        )));
    }
    Ok(value)
}

/// Encodes `value` as msgpack for type `ty`.
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    let mut encoder = Encoder {
        out: Writer::default(),
        trail: Trail::default(),
    };
    encoder.value(value, ty)?;
    Ok(encoder.out.0)
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

struct Decoder<'a> {
    input: Reader<'a>,
    trail: Trail,
    /// Nesting of `value` calls; exceeds the path length when dynamic values wrap each other.
    depth: usize,
}

impl Decoder<'_> {
    fn eof(&self) -> CodecError {
        self.trail.error("unexpected end of msgpack input")
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
            0xc1 => return Err(self.trail.error("invalid msgpack marker 0xc1")),
        };
        head.ok_or_else(|| self.eof())
    }

    fn len(&mut self, width: usize) -> Option<usize> {
        self.input.uint(width).and_then(|n| usize::try_from(n).ok())
    }

    fn bytes(&mut self, n: usize) -> Result<&[u8], CodecError> {
        match self.input.take(n) {
            Some(b) => Ok(b),
            None => Err(self.eof()),
        }
    }

    fn text(&mut self, n: usize, what: &str) -> Result<String, CodecError> {
        let bytes = self.bytes(n)?.to_vec();
        String::from_utf8(bytes).map_err(|_| self.trail.error(format!("{what} is not valid UTF-8")))
    }

    /// A capacity hint that hostile lengths cannot inflate: each item takes at least one byte.
    fn capacity(&self, n: usize) -> usize {
        n.min(self.input.remaining())
    }

    fn value(&mut self, ty: &Type) -> Result<Value, CodecError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.trail.error("value is nested too deeply"));
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
                Head::Str(n) | Head::Bin(n) => self.text(n, "string").map(Value::String),
                _ => Err(self.mismatch("a string")),
            },
            Type::List(element) => self.sequence(head, element).map(Value::List),
            Type::Set(element) => self.sequence(head, element).map(Value::Set),
            Type::Tuple(elements) => {
                let Head::Array(n) = head else {
                    return Err(self.mismatch("an array (tuple)"));
                };
                if n != elements.len() {
                    return Err(self.trail.error(format!(
                        "tuple needs {} elements, found {n}",
                        elements.len()
                    )));
                }
                let mut items = Vec::with_capacity(n);
                for (i, element) in elements.iter().enumerate() {
                    items.push(self.nested(Step::Index(i), element)?);
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
                    let value = self.nested(Step::Key(key.clone()), element)?;
                    map.insert(key, value);
                }
                Ok(Value::Map(map))
            }
            Type::Object { attributes, .. } => {
                let Head::Map(n) = head else {
                    return Err(self.mismatch("a map (object)"));
                };
                let mut object = std::collections::BTreeMap::new();
                for _ in 0..n {
                    let key = self.key()?;
                    let Some(attribute_type) = attributes.get(&key) else {
                        return Err(self.trail.error(format!("unsupported attribute {key:?}")));
                    };
                    let value = self.nested(Step::Attribute(key.clone()), attribute_type)?;
                    object.insert(key, value);
                }
                for name in attributes.keys() {
                    object.entry(name.clone()).or_insert(Value::Null);
                }
                Ok(Value::Object(object))
            }
            Type::Dynamic => self.dynamic(head),
        }
    }

    fn nested(&mut self, step: Step, ty: &Type) -> Result<Value, CodecError> {
        self.trail.push(step);
        let value = self.value(ty)?;
        self.trail.pop();
        Ok(value)
    }

    fn mismatch(&self, wanted: &str) -> CodecError {
        self.trail.error(format!("expected {wanted}"))
    }

    fn key(&mut self) -> Result<String, CodecError> {
        match self.head()? {
            Head::Str(n) | Head::Bin(n) => self.text(n, "map key"),
            _ => Err(self.trail.error("map key is not a string")),
        }
    }

    fn sequence(&mut self, head: Head, element: &Type) -> Result<Vec<Value>, CodecError> {
        let Head::Array(n) = head else {
            return Err(self.mismatch("an array"));
        };
        let mut items = Vec::with_capacity(self.capacity(n));
        for i in 0..n {
            items.push(self.nested(Step::Index(i), element)?);
        }
        Ok(items)
    }

    fn number(&mut self, head: Head) -> Result<Number, CodecError> {
        let float = |f: f64, trail: &Trail| {
            Number::from_f64(f).map_err(|e| trail.error(format!("unsupported number: {e}")))
        };
        match head {
            Head::Uint(u) => Ok(Number::from_u64(u)),
            Head::Int(i) => Ok(Number::from_i64(i)),
            Head::F32 => {
                let bits = self.input.uint(4).ok_or_else(|| self.eof())?;
                float(f64::from(f32::from_bits(bits as u32)), &self.trail)
            }
            Head::F64 => {
                let bits = self.input.uint(8).ok_or_else(|| self.eof())?;
                float(f64::from_bits(bits), &self.trail)
            }
            Head::Str(n) => {
                let text = self.text(n, "number")?;
                // The text is not echoed: it may be a misplaced secret.
                Number::parse(&text).map_err(|_| {
                    self.trail
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
            Head::Bin(n) | Head::Str(n) => self.bytes(n)?.to_vec(),
            _ => {
                return Err(self
                    .trail
                    .error("dynamic value's type is not a JSON string"))
            }
        };
        let ty = json::decode_type(&type_json).map_err(|e| {
            self.trail
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

    fn nil(&mut self) {
        self.byte(0xc0);
    }

    fn unknown(&mut self) {
        self.0.extend_from_slice(&[0xd4, 0, 0]);
    }

    fn bool(&mut self, b: bool) {
        self.byte(if b { 0xc3 } else { 0xc2 });
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

struct Encoder {
    out: Writer,
    trail: Trail,
}

impl Encoder {
    fn value(&mut self, value: &Value, ty: &Type) -> Result<(), CodecError> {
        if self.trail.depth() > MAX_DEPTH {
            return Err(self.trail.error("value is nested too deeply"));
        }
        match (value, ty) {
            (Value::Null, _) => self.out.nil(),
            (Value::Unknown, _) => self.out.unknown(),
            (Value::Dynamic(inner_ty, inner), Type::Dynamic) => {
                if **inner_ty == Type::Dynamic {
                    return self.value(inner, ty);
                }
                self.out.array(2);
                self.out.bin(&json::encode_type(inner_ty));
                self.value(inner, inner_ty)?;
            }
            // A dynamic wrapper where the schema has a concrete type: the schema wins.
            (Value::Dynamic(_, inner), _) => self.value(inner, ty)?,
            (_, Type::Dynamic) => match value.inferred_type() {
                Some(inferred) => {
                    self.out.array(2);
                    self.out.bin(&json::encode_type(&inferred));
                    self.value(value, &inferred)?;
                }
                None => {
                    return Err(self.trail.error(
                        "cannot tell the type of a value for a dynamic attribute; wrap it in Value::Dynamic",
                    ))
                }
            },
            (Value::Bool(b), Type::Bool) => self.out.bool(*b),
            (Value::Number(n), Type::Number) => self.number(n),
            (Value::String(s), Type::String) => self.out.str(s),
            (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::List(element) | Type::Set(element)) => {
                self.out.array(items.len());
                for (i, item) in items.iter().enumerate() {
                    self.nested(Step::Index(i), item, element)?;
                }
            }
            (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::Tuple(elements)) => {
                if items.len() != elements.len() {
                    return Err(self.trail.error(format!(
                        "tuple needs {} elements, found {}",
                        elements.len(),
                        items.len()
                    )));
                }
                self.out.array(items.len());
                for (i, (item, element)) in items.iter().zip(elements).enumerate() {
                    self.nested(Step::Index(i), item, element)?;
                }
            }
            (Value::Map(map) | Value::Object(map), Type::Map(element)) => {
                self.out.map(map.len());
                for (key, item) in map {
                    self.out.str(key);
                    self.nested(Step::Key(key.clone()), item, element)?;
                }
            }
            (Value::Object(object) | Value::Map(object), Type::Object { attributes, .. }) => {
                if let Some(extra) = object.keys().find(|k| !attributes.contains_key(*k)) {
                    return Err(self
                        .trail
                        .error(format!("attribute {extra:?} is not in the object type")));
                }
                self.out.map(attributes.len());
                for (name, attribute_type) in attributes {
                    self.out.str(name);
                    let item = object.get(name).unwrap_or(&Value::Null);
                    self.nested(Step::Attribute(name.clone()), item, attribute_type)?;
                }
            }
            _ => {
                return Err(self.trail.error(format!(
                    "{} value does not fit type {}",
                    value.kind(),
                    ty.friendly_name()
                )))
            }
        }
        Ok(())
    }

    fn nested(&mut self, step: Step, value: &Value, ty: &Type) -> Result<(), CodecError> {
        self.trail.push(step);
        self.value(value, ty)?;
        self.trail.pop();
        Ok(())
    }

    fn number(&mut self, n: &Number) {
        if let Some(i) = n.as_i64() {
            self.out.int(i);
        } else if n.is_exact_f64() {
            self.out.f64(n.as_f64());
        } else {
            self.out.str(n.as_str());
        }
    }
}
