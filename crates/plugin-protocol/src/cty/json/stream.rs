//! The fast path of JSON decoding: builds a [`Value`] straight from the bytes, guided by the cty
//! type, without first parsing the document into a `serde_json::Value`.
//!
//! It only ever answers `Some` with the value the two-step decoder in the parent module would give
//! for the same input; on anything it does not handle, or any doubt (malformed JSON, a mismatch,
//! a duplicate key it cannot settle, depth), it answers `None` and the caller runs the two-step
//! decoder, which then produces the result and its exact error message. Dynamic values are parsed
//! into a document and handed to that decoder, since their type may come after their value.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;

use super::{Decoder, Mode, MAX_DEPTH};
use crate::cty::path::Trail;
use crate::cty::{Number, Type, Value};

/// The key under which serde_json (with `arbitrary_precision`) hands a number's text to a visitor
/// as a one-entry map. An object key with this text is left to the two-step decoder.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Decodes `bytes` for `ty`, or `None` when the two-step decoder must decide.
pub(super) fn decode(bytes: &[u8], ty: &Type, mode: Mode) -> Option<Value> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = Seed { ty, mode, depth: 0 }
        .deserialize(&mut deserializer)
        .ok()?;
    deserializer.end().ok()?;
    Some(value)
}

/// The error that sends the input to the two-step decoder; its text is never shown.
fn give_up<E: de::Error>() -> E {
    E::custom("left to the two-step decoder")
}

/// Decodes one value of type `ty` at nesting `depth` (counted as the two-step decoder counts it).
#[derive(Clone, Copy)]
struct Seed<'t> {
    ty: &'t Type,
    mode: Mode,
    depth: usize,
}

impl<'t> Seed<'t> {
    fn nested(self, ty: &'t Type) -> Seed<'t> {
        Seed {
            ty,
            mode: self.mode,
            depth: self.depth + 1,
        }
    }

    /// A JSON string where a primitive is expected.
    fn text<E: de::Error>(self, text: Cow<'_, str>) -> Result<Value, E> {
        match self.ty {
            Type::String => Ok(Value::String(text.into_owned())),
            Type::Bool => match &*text {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(give_up()),
            },
            Type::Number => Number::parse(&text)
                .map(Value::Number)
                .map_err(|_| give_up()),
            _ => Err(give_up()),
        }
    }

    /// A JSON number, as its text, where a primitive is expected.
    fn number<E: de::Error>(self, text: &str) -> Result<Value, E> {
        match self.ty {
            Type::Number => Number::parse(text)
                .map(Value::Number)
                .map_err(|_| give_up()),
            Type::String => Ok(Value::String(
                Number::parse(text).map_or_else(|_| text.to_string(), |n| n.to_string()),
            )),
            _ => Err(give_up()),
        }
    }

    /// An integer serde_json has already read as a machine integer; its text is `Display`'s.
    fn integer<E: de::Error>(self, n: Number) -> Result<Value, E> {
        match self.ty {
            Type::Number => Ok(Value::Number(n)),
            Type::String => Ok(Value::String(n.to_string())),
            _ => Err(give_up()),
        }
    }

    fn object<'de, A: MapAccess<'de>>(
        self,
        attributes: &BTreeMap<String, Type>,
        mut map: A,
    ) -> Result<Value, A::Error> {
        let mut object = BTreeMap::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match attributes.get_key_value(&*key) {
                Some((name, ty)) => {
                    let value = map.next_value_seed(self.nested(ty))?;
                    object.insert(name.clone(), value);
                }
                // Parsed in full so that malformed text is refused exactly as before.
                None if self.mode == Mode::Lenient => drop(map.next_value::<Json>()?),
                None => return Err(give_up()),
            }
        }
        if object.len() < attributes.len() {
            for name in attributes.keys() {
                if !object.contains_key(name) {
                    object.insert(name.clone(), Value::Null);
                }
            }
        }
        Ok(Value::Object(object))
    }

    fn map<'de, A: MapAccess<'de>>(self, element: &Type, mut map: A) -> Result<Value, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(self.nested(element))?;
            entries.insert(key.into_owned(), value);
        }
        Ok(Value::Map(entries))
    }

    fn sequence<'de, A: SeqAccess<'de>>(
        self,
        element: &Type,
        mut seq: A,
    ) -> Result<Vec<Value>, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(value) = seq.next_element_seed(self.nested(element))? {
            values.push(value);
        }
        Ok(values)
    }

    fn tuple<'de, A: SeqAccess<'de>>(
        self,
        elements: &[Type],
        mut seq: A,
    ) -> Result<Value, A::Error> {
        let mut values = Vec::with_capacity(elements.len());
        for element in elements {
            match seq.next_element_seed(self.nested(element))? {
                Some(value) => values.push(value),
                None => return Err(give_up()),
            }
        }
        if seq.next_element_seed(Refuse)?.is_some() {
            return Err(give_up());
        }
        Ok(Value::Tuple(values))
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(give_up());
        }
        if *self.ty == Type::Dynamic {
            let json = Json::deserialize(deserializer)?;
            let mut decoder = Decoder {
                mode: self.mode,
                trail: Trail::default(),
                depth: self.depth,
            };
            return decoder.value(&json, &Type::Dynamic).map_err(|_| give_up());
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a JSON value for {}", self.ty.friendly_name())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        match self.ty {
            Type::Bool => Ok(Value::Bool(b)),
            Type::String => Ok(Value::String(b.to_string())),
            _ => Err(give_up()),
        }
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        self.integer(Number::from_u64(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        self.integer(Number::from_i64(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        self.text(Cow::Borrowed(s))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        self.text(Cow::Owned(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        match self.ty {
            Type::List(element) => self.sequence(element, seq).map(Value::List),
            Type::Set(element) => self.sequence(element, seq).map(Value::Set),
            Type::Tuple(elements) => self.tuple(elements, seq),
            _ => Err(give_up()),
        }
    }

    /// A JSON object, or a number (serde_json passes those as a map under [`NUMBER_TOKEN`]).
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        match self.ty {
            Type::Object { attributes, .. } => self.object(attributes, map),
            Type::Map(element) => self.map(element, map),
            Type::Number | Type::String => {
                match Json::deserialize(MapAccessDeserializer::new(map))? {
                    Json::Number(n) => self.number(n.as_str()),
                    _ => Err(give_up()),
                }
            }
            _ => Err(give_up()),
        }
    }
}

/// An object key, borrowed from the input when it has no escapes. [`NUMBER_TOKEN`] is refused.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        if s == NUMBER_TOKEN {
            return Err(give_up());
        }
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        if s == NUMBER_TOKEN {
            return Err(give_up());
        }
        Ok(Cow::Owned(s.to_string()))
    }
}

/// Stands where a tuple's surplus element would be: any element there sends the input back.
struct Refuse;

impl<'de> DeserializeSeed<'de> for Refuse {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(give_up())
    }
}
