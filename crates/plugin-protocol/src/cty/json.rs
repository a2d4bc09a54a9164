//! Values in Terraform's JSON encoding (state, `raw_state`, DynamicValue.json), and types as JSON.
//!
//! Follows cty's JSON marshaller: null is `null` for any type; unknown values cannot be written;
//! numbers are written as their exact decimal text (an infinity cannot be written); maps and objects are JSON objects with sorted
//! keys; lists, sets and tuples are arrays; a value of type `Dynamic` is `{"value": …, "type": …}`.
//! Decoding accepts what cty accepts: numbers and bools given as strings where a number or bool is
//! expected, numbers and bools where a string is expected.
//!
//! Objects always come out with every attribute of their type; attributes missing from the input are
//! null. [`Mode::Strict`] refuses attributes the type does not have; [`Mode::Lenient`] drops them
//! (use it for stored state written by an older schema).
//!
//! Types are written `"string"`, `"number"`, `"bool"`, `"dynamic"`, `["list",T]`, `["set",T]`,
//! `["map",T]`, `["object",{"attr":T,…}]` (with an optional third element listing optional
//! attributes) and `["tuple",[T,…]]`.
//!
//! Speed: decoding first tries [`stream`], which builds the value straight from the bytes and
//! hands anything unusual back; the two-step decoder here (parse, then convert) is the reference
//! and the source of every error. Encoding is the walk shared with msgpack (`super::encode`),
//! with this module's `Format` writing JSON text.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::encode::{self, Format};
use super::path::{Step, Trail};
use super::{Number, Type, Value};
use crate::cty::CodecError;

mod stream;
#[cfg(test)]
mod tests;

/// Nesting deeper than this is refused (serde_json itself stops at 128 levels).
const MAX_DEPTH: usize = 100;

/// How decoding treats object attributes the type does not declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Unknown attributes are an error.
    #[default]
    Strict,
    /// Unknown attributes are dropped (state upgrade).
    Lenient,
}

/// Decodes a JSON-encoded value of type `ty`.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    decode_with(bytes, ty, Mode::Strict)
}

/// Decodes JSON for type `ty`, dropping attributes the type does not declare.
pub fn decode_lenient(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    decode_with(bytes, ty, Mode::Lenient)
}

/// Decodes JSON for type `ty` in the given mode.
pub fn decode_with(bytes: &[u8], ty: &Type, mode: Mode) -> Result<Value, CodecError> {
    if let Some(value) = stream::decode(bytes, ty, mode) {
        return Ok(value);
    }
    decode_in_two_steps(bytes, ty, mode)
}

/// Parses the whole document, then converts it against the type. This is the reference behaviour:
/// the streaming decoder defers to it on any input it does not accept, so every error comes from
/// here.
fn decode_in_two_steps(bytes: &[u8], ty: &Type, mode: Mode) -> Result<Value, CodecError> {
    let json: Json = serde_json::from_slice(bytes).map_err(|e| CodecError {
        path: Trail::default().render(),
        message: format!("invalid JSON: {e}"),
    })?;
    from_json_value(&json, ty, mode)
}

/// Decodes an already parsed JSON document for type `ty`.
fn from_json_value(json: &Json, ty: &Type, mode: Mode) -> Result<Value, CodecError> {
    Decoder {
        mode,
        trail: Trail::default(),
        depth: 0,
    }
    .value(json, ty)
}

/// Encodes `value` (which must be wholly known) as JSON for type `ty`.
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    encode::encode::<Writer>(value, ty)
}

/// Parses a type from its JSON form, e.g. `["list","string"]`.
pub fn decode_type(bytes: &[u8]) -> Result<Type, CodecError> {
    let json: Json = serde_json::from_slice(bytes).map_err(|e| CodecError {
        path: Trail::default().render(),
        message: format!("invalid type JSON: {e}"),
    })?;
    type_from_json(&json, &mut Trail::default())
}

/// Writes a type in its JSON form.
pub fn encode_type(ty: &Type) -> Vec<u8> {
    type_to_json(ty).to_string().into_bytes()
}

/// A type as a JSON document.
fn type_to_json(ty: &Type) -> Json {
    let pair = |kind: &str, inner: Json| Json::Array(vec![Json::from(kind), inner]);
    match ty {
        Type::Bool => Json::from("bool"),
        Type::Number => Json::from("number"),
        Type::String => Json::from("string"),
        Type::Dynamic => Json::from("dynamic"),
        Type::List(e) => pair("list", type_to_json(e)),
        Type::Set(e) => pair("set", type_to_json(e)),
        Type::Map(e) => pair("map", type_to_json(e)),
        Type::Tuple(es) => pair("tuple", Json::Array(es.iter().map(type_to_json).collect())),
        Type::Object {
            attributes,
            optional,
        } => {
            let attrs = attributes
                .iter()
                .map(|(k, t)| (k.clone(), type_to_json(t)))
                .collect();
            let mut parts = vec![Json::from("object"), Json::Object(attrs)];
            if !optional.is_empty() {
                let mut names = optional.clone();
                names.sort();
                names.dedup();
                parts.push(Json::Array(names.into_iter().map(Json::from).collect()));
            }
            Json::Array(parts)
        }
    }
}

fn type_from_json(json: &Json, trail: &mut Trail) -> Result<Type, CodecError> {
    if trail.depth() > MAX_DEPTH {
        return Err(trail.error("type is nested too deeply"));
    }
    let parts = match json {
        Json::String(name) => {
            return match name.as_str() {
                "bool" => Ok(Type::Bool),
                "number" => Ok(Type::Number),
                "string" => Ok(Type::String),
                "dynamic" => Ok(Type::Dynamic),
                other => Err(trail.error(format!("unknown type {other:?}"))),
            }
        }
        Json::Array(parts) => parts,
        _ => return Err(trail.error("a type must be a string or an array")),
    };
    let (Some(Json::String(kind)), Some(inner)) = (parts.first(), parts.get(1)) else {
        return Err(trail.error("a type array must start with a kind name and its argument"));
    };
    let arity = if kind == "object" { 2..=3 } else { 2..=2 };
    if !arity.contains(&parts.len()) {
        return Err(trail.error(format!("wrong number of elements for a {kind} type")));
    }
    let mut nested = |step: Step, json: &Json| {
        trail.push(step);
        let ty = type_from_json(json, trail);
        trail.pop();
        ty.map(Box::new)
    };
    match kind.as_str() {
        "list" => Ok(Type::List(nested(Step::Index(1), inner)?)),
        "set" => Ok(Type::Set(nested(Step::Index(1), inner)?)),
        "map" => Ok(Type::Map(nested(Step::Index(1), inner)?)),
        "tuple" => {
            let Json::Array(items) = inner else {
                return Err(trail.error("a tuple type needs an array of element types"));
            };
            let mut elements = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                elements.push(*nested(Step::Index(i), item)?);
            }
            Ok(Type::Tuple(elements))
        }
        "object" => {
            let Json::Object(attrs) = inner else {
                return Err(trail.error("an object type needs an object of attribute types"));
            };
            let mut attributes = BTreeMap::new();
            for (name, item) in attrs {
                attributes.insert(name.clone(), *nested(Step::Attribute(name.clone()), item)?);
            }
            let mut optional = Vec::new();
            if let Some(list) = parts.get(2) {
                let Json::Array(names) = list else {
                    return Err(trail.error("optional attributes must be an array of names"));
                };
                for name in names {
                    match name {
                        Json::String(n) if attributes.contains_key(n) => optional.push(n.clone()),
                        _ => return Err(trail.error(format!("invalid optional attribute {name}"))),
                    }
                }
                optional.sort();
                optional.dedup();
            }
            Ok(Type::Object {
                attributes,
                optional,
            })
        }
        other => Err(trail.error(format!("unknown type kind {other:?}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

struct Decoder {
    mode: Mode,
    trail: Trail,
    /// Nesting of `value` calls; exceeds the path length when dynamic values wrap each other.
    depth: usize,
}

impl Decoder {
    fn value(&mut self, json: &Json, ty: &Type) -> Result<Value, CodecError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.trail.error("value is nested too deeply"));
        }
        self.depth += 1;
        let value = self.value_inner(json, ty);
        self.depth -= 1;
        value
    }

    fn value_inner(&mut self, json: &Json, ty: &Type) -> Result<Value, CodecError> {
        if json.is_null() {
            return Ok(Value::Null);
        }
        match ty {
            Type::Bool => match json {
                Json::Bool(b) => Ok(Value::Bool(*b)),
                Json::String(s) if s == "true" => Ok(Value::Bool(true)),
                Json::String(s) if s == "false" => Ok(Value::Bool(false)),
                _ => Err(self.mismatch("a bool", json)),
            },
            Type::Number => {
                let text = match json {
                    Json::Number(n) => n.to_string(),
                    Json::String(s) => s.clone(),
                    _ => return Err(self.mismatch("a number", json)),
                };
                // The text is not echoed: it may be a misplaced secret.
                Number::parse(&text).map(Value::Number).map_err(|_| {
                    self.trail
                        .error("expected a number, found malformed decimal text")
                })
            }
            Type::String => match json {
                Json::String(s) => Ok(Value::String(s.clone())),
                Json::Number(n) => {
                    let text = n.to_string();
                    let canonical = Number::parse(&text).map_or(text, |n| n.to_string());
                    Ok(Value::String(canonical))
                }
                Json::Bool(b) => Ok(Value::String(b.to_string())),
                _ => Err(self.mismatch("a string", json)),
            },
            Type::List(element) => self.sequence(json, element).map(Value::List),
            Type::Set(element) => self.sequence(json, element).map(Value::Set),
            Type::Tuple(elements) => {
                let Json::Array(items) = json else {
                    return Err(self.mismatch("an array (tuple)", json));
                };
                if items.len() != elements.len() {
                    return Err(self.trail.error(format!(
                        "tuple needs {} elements, found {}",
                        elements.len(),
                        items.len()
                    )));
                }
                let mut values = Vec::with_capacity(items.len());
                for (i, (item, element)) in items.iter().zip(elements).enumerate() {
                    values.push(self.nested(Step::Index(i), item, element)?);
                }
                Ok(Value::Tuple(values))
            }
            Type::Map(element) => {
                let Json::Object(entries) = json else {
                    return Err(self.mismatch("an object (map)", json));
                };
                let mut map = BTreeMap::new();
                for (key, item) in entries {
                    let value = self.nested(Step::Key(key.clone()), item, element)?;
                    map.insert(key.clone(), value);
                }
                Ok(Value::Map(map))
            }
            Type::Object { attributes, .. } => {
                let Json::Object(entries) = json else {
                    return Err(self.mismatch("an object", json));
                };
                let mut object = BTreeMap::new();
                for (key, item) in entries {
                    let Some(attribute_type) = attributes.get(key) else {
                        if self.mode == Mode::Lenient {
                            continue;
                        }
                        return Err(self.trail.error(format!("unsupported attribute {key:?}")));
                    };
                    let value = self.nested(Step::Attribute(key.clone()), item, attribute_type)?;
                    object.insert(key.clone(), value);
                }
                for name in attributes.keys() {
                    object.entry(name.clone()).or_insert(Value::Null);
                }
                Ok(Value::Object(object))
            }
            Type::Dynamic => self.dynamic(json),
        }
    }

    fn nested(&mut self, step: Step, json: &Json, ty: &Type) -> Result<Value, CodecError> {
        self.trail.push(step);
        let value = self.value(json, ty)?;
        self.trail.pop();
        Ok(value)
    }

    fn mismatch(&self, wanted: &str, found: &Json) -> CodecError {
        let found = match found {
            Json::Null => "null",
            Json::Bool(_) => "a bool",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        };
        self.trail
            .error(format!("expected {wanted}, found {found}"))
    }

    fn sequence(&mut self, json: &Json, element: &Type) -> Result<Vec<Value>, CodecError> {
        let Json::Array(items) = json else {
            return Err(self.mismatch("an array", json));
        };
        let mut values = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            values.push(self.nested(Step::Index(i), item, element)?);
        }
        Ok(values)
    }

    fn dynamic(&mut self, json: &Json) -> Result<Value, CodecError> {
        let Json::Object(entries) = json else {
            return Err(self.mismatch(r#"{"value": …, "type": …} for a dynamic value"#, json));
        };
        if let Some(extra) = entries.keys().find(|k| *k != "value" && *k != "type") {
            return Err(self
                .trail
                .error(format!("invalid key {extra:?} in a dynamic value")));
        }
        let (Some(type_json), Some(value_json)) = (entries.get("type"), entries.get("value"))
        else {
            return Err(self
                .trail
                .error("a dynamic value needs both \"type\" and \"value\""));
        };
        let ty = type_from_json(type_json, &mut Trail::default()).map_err(|e| {
            self.trail
                .error(format!("dynamic value's type is invalid: {}", e.message))
        })?;
        let value = self.value(value_json, &ty)?;
        Ok(Value::dynamic(ty, value))
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// Writes the pieces of a value as JSON text, as cty's marshaller does.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    /// Appends `json` exactly as serde_json writes it, escapes included.
    fn json<T: serde::Serialize + ?Sized>(&mut self, json: &T) -> Result<(), String> {
        serde_json::to_writer(&mut self.0, json).map_err(|e| format!("could not write JSON: {e}"))
    }
}

impl Format for Writer {
    fn null(&mut self) {
        self.0.extend_from_slice(b"null");
    }

    fn unknown(&mut self) -> Result<(), String> {
        Err("value is not known, so it cannot be written as JSON".into())
    }

    fn bool(&mut self, b: bool) {
        let text: &[u8] = if b { b"true" } else { b"false" };
        self.0.extend_from_slice(text);
    }

    /// The exact decimal text; an infinity is refused.
    fn number(&mut self, n: &Number) -> Result<(), String> {
        if n.is_infinite() {
            return Err(format!(
                "{n} cannot be written as JSON, which has no infinity"
            ));
        }
        self.0.extend_from_slice(n.as_str().as_bytes());
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<(), String> {
        self.json(s)
    }

    fn begin_sequence(&mut self, _: usize) {
        self.0.push(b'[');
    }

    fn element(&mut self, index: usize) {
        if index > 0 {
            self.0.push(b',');
        }
    }

    fn end_sequence(&mut self) {
        self.0.push(b']');
    }

    fn begin_map(&mut self, _: usize) {
        self.0.push(b'{');
    }

    fn key(&mut self, index: usize, key: &str) -> Result<(), String> {
        if index > 0 {
            self.0.push(b',');
        }
        self.json(key)?;
        self.0.push(b':');
        Ok(())
    }

    fn end_map(&mut self) {
        self.0.push(b'}');
    }

    /// `{"value": …, "type": …}`: the value comes first.
    fn begin_dynamic(&mut self, _: &Type) -> Result<(), String> {
        self.0.extend_from_slice(br#"{"value":"#);
        Ok(())
    }

    fn end_dynamic(&mut self, ty: &Type) -> Result<(), String> {
        self.0.extend_from_slice(br#","type":"#);
        self.json(&type_to_json(ty))?;
        self.0.push(b'}');
        Ok(())
    }

    fn finish(self) -> Vec<u8> {
        self.0
    }
}
