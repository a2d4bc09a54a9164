//! The one walk over a type and a value that both encoders share; each wire format only says how
//! its pieces are written ([`Format`]).
//!
//! The walk decides everything that does not depend on the format: which value fits which type
//! (any of list, set and tuple for a sequence type, map or object for a map or object type), how a
//! dynamic slot gets its concrete type (the wrapper's, else the value's inferred type), that a
//! tuple has as many elements as its type, that an object has no attribute its type lacks and is
//! written with every attribute in sorted order (absent ones as null), and the depth cap. A
//! format writes nulls, unknowns, primitives, sequences, maps and the dynamic envelope, and may
//! refuse what it cannot hold (JSON has no unknown and no infinity).
//!
//! Like the decoders, encoding first runs with a [`Depth`] (no path is built) and, only when it
//! fails, again with a [`Trail`], so the error says where.

use super::path::{Depth, Position, Step, Trail};
use super::{CodecError, Number, Type, Value};

/// Nesting deeper than this is refused, as the decoders refuse it.
const MAX_DEPTH: usize = 100;

/// How one wire format writes the pieces of a value. The walk calls these in document order; a
/// method returning `Err(message)` ends the walk with that message at the current path.
pub(crate) trait Format: Default {
    /// Null, whatever the type.
    fn null(&mut self);
    /// A value not known yet.
    fn unknown(&mut self) -> Result<(), String>;
    fn bool(&mut self, b: bool);
    fn number(&mut self, n: &Number) -> Result<(), String>;
    fn string(&mut self, s: &str) -> Result<(), String>;
    /// The start of a list, set or tuple of `len` elements.
    fn begin_sequence(&mut self, len: usize);
    /// Before element `index` of the current sequence.
    fn element(&mut self, index: usize);
    fn end_sequence(&mut self);
    /// The start of a map or object of `len` entries.
    fn begin_map(&mut self, len: usize);
    /// Entry `index`'s key, before its value.
    fn key(&mut self, index: usize, key: &str) -> Result<(), String>;
    fn end_map(&mut self);
    /// Before the value of a dynamic slot whose concrete type is `ty`.
    fn begin_dynamic(&mut self, ty: &Type) -> Result<(), String>;
    /// After the value of a dynamic slot whose concrete type is `ty`.
    fn end_dynamic(&mut self, ty: &Type) -> Result<(), String>;
    /// The bytes written.
    fn finish(self) -> Vec<u8>;
}

/// Encodes `value` for type `ty` in format `F`: a fast pass, and a second one with the path when
/// the first fails.
pub(crate) fn encode<F: Format>(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    run::<F, _>(value, ty, Depth::default()).or_else(|_| run::<F, _>(value, ty, Trail::default()))
}

/// One pass of the walk, keeping `position` (a [`Depth`] or a [`Trail`]).
pub(crate) fn run<F: Format, P: Position>(
    value: &Value,
    ty: &Type,
    position: P,
) -> Result<Vec<u8>, CodecError> {
    let mut walk = Walk {
        out: F::default(),
        position,
    };
    walk.value(value, ty)?;
    Ok(walk.out.finish())
}

struct Walk<F, P> {
    out: F,
    position: P,
}

impl<F: Format, P: Position> Walk<F, P> {
    /// What the format said, as an error at the current path.
    fn written(&self, result: Result<(), String>) -> Result<(), CodecError> {
        result.map_err(|message| self.position.error(message))
    }

    fn value(&mut self, value: &Value, ty: &Type) -> Result<(), CodecError> {
        if self.position.depth() > MAX_DEPTH {
            return Err(self.position.error("value is nested too deeply"));
        }
        match (value, ty) {
            (Value::Null, _) => self.out.null(),
            (Value::Unknown, _) => {
                let written = self.out.unknown();
                self.written(written)?;
            }
            (Value::Dynamic(inner_ty, inner), Type::Dynamic) => {
                if **inner_ty == Type::Dynamic {
                    return self.value(inner, ty);
                }
                self.dynamic(inner, inner_ty)?;
            }
            // A dynamic wrapper where the schema has a concrete type: the schema wins.
            (Value::Dynamic(_, inner), _) => self.value(inner, ty)?,
            (_, Type::Dynamic) => match value.inferred_type() {
                Some(inferred) => self.dynamic(value, &inferred)?,
                None => {
                    return Err(self.position.error(
                        "cannot tell the type of a value for a dynamic attribute; wrap it in Value::Dynamic",
                    ))
                }
            },
            (Value::Bool(b), Type::Bool) => self.out.bool(*b),
            (Value::Number(n), Type::Number) => {
                let written = self.out.number(n);
                self.written(written)?;
            }
            (Value::String(s), Type::String) => {
                let written = self.out.string(s);
                self.written(written)?;
            }
            (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::List(element) | Type::Set(element)) => {
                self.out.begin_sequence(items.len());
                for (i, item) in items.iter().enumerate() {
                    self.out.element(i);
                    self.nested(|| Step::Index(i), item, element)?;
                }
                self.out.end_sequence();
            }
            (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::Tuple(elements)) => {
                if items.len() != elements.len() {
                    return Err(self.position.error(format!(
                        "tuple needs {} elements, found {}",
                        elements.len(),
                        items.len()
                    )));
                }
                self.out.begin_sequence(items.len());
                for (i, (item, element)) in items.iter().zip(elements).enumerate() {
                    self.out.element(i);
                    self.nested(|| Step::Index(i), item, element)?;
                }
                self.out.end_sequence();
            }
            (Value::Map(map) | Value::Object(map), Type::Map(element)) => {
                self.out.begin_map(map.len());
                for (i, (key, item)) in map.iter().enumerate() {
                    let written = self.out.key(i, key);
                    self.written(written)?;
                    self.nested(|| Step::Key(key.clone()), item, element)?;
                }
                self.out.end_map();
            }
            (Value::Object(object) | Value::Map(object), Type::Object { attributes, .. }) => {
                if let Some(extra) = first_extra(object.keys(), attributes.keys()) {
                    return Err(self
                        .position
                        .error(format!("attribute {extra:?} is not in the object type")));
                }
                self.out.begin_map(attributes.len());
                // Both are sorted and every entry is an attribute, so they advance together.
                let mut entries = object.iter().peekable();
                for (i, (name, attribute_type)) in attributes.iter().enumerate() {
                    let written = self.out.key(i, name);
                    self.written(written)?;
                    let item = match entries.next_if(|(key, _)| *key == name) {
                        Some((_, item)) => item,
                        None => &Value::Null,
                    };
                    self.nested(|| Step::Attribute(name.clone()), item, attribute_type)?;
                }
                self.out.end_map();
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

    /// `value` in a dynamic slot, with its concrete type `ty` beside it.
    fn dynamic(&mut self, value: &Value, ty: &Type) -> Result<(), CodecError> {
        let written = self.out.begin_dynamic(ty);
        self.written(written)?;
        self.value(value, ty)?;
        let written = self.out.end_dynamic(ty);
        self.written(written)
    }
}

/// The first of the sorted `keys` that is not among the sorted `names`, found in one walk.
fn first_extra<'k>(
    keys: impl Iterator<Item = &'k String>,
    names: impl Iterator<Item = &'k String>,
) -> Option<&'k String> {
    let mut names = names.peekable();
    for key in keys {
        while names.next_if(|name| *name < key).is_some() {}
        if names.next_if(|name| *name == key).is_none() {
            return Some(key);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn first_extra_matches_a_lookup_per_key(
            keys in prop::collection::btree_set("[a-d]{0,2}", 0..6),
            names in prop::collection::btree_set("[a-d]{0,2}", 0..6),
        ) {
            let expected = keys.iter().find(|k| !names.contains(*k));
            prop_assert_eq!(first_extra(keys.iter(), names.iter()), expected);
        }
    }
}
