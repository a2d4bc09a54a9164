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
//! and the source of every error. Encoding first runs without recording its path and, only when
//! it fails, again with it, so that the error says where.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::path::{Depth, Position, Step, Trail};
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
pub fn from_json_value(json: &Json, ty: &Type, mode: Mode) -> Result<Value, CodecError> {
    Decoder {
        mode,
        trail: Trail::default(),
        depth: 0,
    }
    .value(json, ty)
}

/// Encodes `value` (which must be wholly known) as JSON for type `ty`.
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    // The first pass keeps only the depth; when it fails, the second finds the same error with
    // its path.
    Encoder::run(value, ty, Depth::default()).or_else(|_| Encoder::run(value, ty, Trail::default()))
}

/// Encodes `value` as a parsed JSON document (numbers keep their exact text).
pub fn to_json_value(value: &Value, ty: &Type) -> Result<Json, CodecError> {
    let bytes = encode(value, ty)?;
    serde_json::from_slice(&bytes).map_err(|e| CodecError {
        path: Trail::default().render(),
        message: format!("could not re-read encoded JSON: {e}"),
    })
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
pub fn type_to_json(ty: &Type) -> Json {
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

/// Reads a type from a JSON document.
pub fn type_from_json_value(json: &Json) -> Result<Type, CodecError> {
    type_from_json(json, &mut Trail::default())
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

/// Writes a value as JSON; `P` records where it is, for the depth cap and error messages.
struct Encoder<P> {
    out: Vec<u8>,
    position: P,
}

impl<P: Position> Encoder<P> {
    fn run(value: &Value, ty: &Type, position: P) -> Result<Vec<u8>, CodecError> {
        let mut encoder = Encoder {
            out: Vec::new(),
            position,
        };
        encoder.value(value, ty)?;
        Ok(encoder.out)
    }

    fn value(&mut self, value: &Value, ty: &Type) -> Result<(), CodecError> {
        if self.position.depth() > MAX_DEPTH {
            return Err(self.position.error("value is nested too deeply"));
        }
        match (value, ty) {
            (Value::Unknown, _) => {
                return Err(self
                    .position
                    .error("value is not known, so it cannot be written as JSON"))
            }
            (Value::Null, _) => self.out.extend_from_slice(b"null"),
            (Value::Dynamic(inner_ty, inner), Type::Dynamic) => {
                if **inner_ty == Type::Dynamic {
                    return self.value(inner, ty);
                }
                self.dynamic(inner, inner_ty)?;
            }
            (Value::Dynamic(_, inner), _) => self.value(inner, ty)?,
            (_, Type::Dynamic) => match value.inferred_type() {
                Some(inferred) => self.dynamic(value, &inferred)?,
                None => {
                    return Err(self.position.error(
                        "cannot tell the type of a value for a dynamic attribute; wrap it in Value::Dynamic",
                    ))
                }
            },
            (Value::Bool(b), Type::Bool) => {
                let text: &[u8] = if *b { b"true" } else { b"false" };
                self.out.extend_from_slice(text);
            }
            (Value::Number(n), Type::Number) if n.is_infinite() => {
                return Err(self.position.error(format!(
                    "{n} cannot be written as JSON, which has no infinity"
                )))
            }
            (Value::Number(n), Type::Number) => self.out.extend_from_slice(n.as_str().as_bytes()),
            (Value::String(s), Type::String) => self.string(s)?,
            (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::List(element) | Type::Set(element)) => {
                self.out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.nested(|| Step::Index(i), item, element)?;
                }
                self.out.push(b']');
            }
            (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::Tuple(elements)) => {
                if items.len() != elements.len() {
                    return Err(self.position.error(format!(
                        "tuple needs {} elements, found {}",
                        elements.len(),
                        items.len()
                    )));
                }
                self.out.push(b'[');
                for (i, (item, element)) in items.iter().zip(elements).enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.nested(|| Step::Index(i), item, element)?;
                }
                self.out.push(b']');
            }
            (Value::Map(map) | Value::Object(map), Type::Map(element)) => {
                self.out.push(b'{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.string(key)?;
                    self.out.push(b':');
                    self.nested(|| Step::Key(key.clone()), item, element)?;
                }
                self.out.push(b'}');
            }
            (Value::Object(object) | Value::Map(object), Type::Object { attributes, .. }) => {
                if let Some(extra) = object.keys().find(|k| !attributes.contains_key(*k)) {
                    return Err(self
                        .position
                        .error(format!("attribute {extra:?} is not in the object type")));
                }
                self.out.push(b'{');
                for (i, (name, attribute_type)) in attributes.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.string(name)?;
                    self.out.push(b':');
                    let item = object.get(name).unwrap_or(&Value::Null);
                    self.nested(|| Step::Attribute(name.clone()), item, attribute_type)?;
                }
                self.out.push(b'}');
            }
            _ => {
                return Err(self.position.error(format!(
                    "{} value does not fit type {}",
                    value.kind(),
                    ty.friendly_name()
                )))
            }
        }
        Ok(())
    }

    fn nested(
        &mut self,
        step: impl FnOnce() -> Step,
        value: &Value,
        ty: &Type,
    ) -> Result<(), CodecError> {
        self.position.enter(step);
        self.value(value, ty)?;
        self.position.leave();
        Ok(())
    }

    fn dynamic(&mut self, value: &Value, ty: &Type) -> Result<(), CodecError> {
        self.out.extend_from_slice(br#"{"value":"#);
        self.value(value, ty)?;
        self.out.extend_from_slice(br#","type":"#);
        self.write_json(&type_to_json(ty))?;
        self.out.push(b'}');
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<(), CodecError> {
        self.write_json(s)
    }

    /// Appends `json` exactly as serde_json writes it, escapes included.
    fn write_json<T: serde::Serialize + ?Sized>(&mut self, json: &T) -> Result<(), CodecError> {
        serde_json::to_writer(&mut self.out, json)
            .map_err(|e| self.position.error(format!("could not write JSON: {e}")))
    }
}
