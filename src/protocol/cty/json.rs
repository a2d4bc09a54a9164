//! Values in Terraform's JSON encoding (state, `raw_state`, DynamicValue.json), and types as JSON.

use super::{Type, Value};
use crate::protocol::cty::CodecError;

/// Decodes a JSON-encoded value of type `ty`.
pub fn decode(_bytes: &[u8], _ty: &Type) -> Result<Value, CodecError> {
    todo!("codec")
}

/// Encodes `value` (which must be wholly known) as JSON for type `ty`.
pub fn encode(_value: &Value, _ty: &Type) -> Result<Vec<u8>, CodecError> {
    todo!("codec")
}

/// Parses a type from its JSON form, e.g. `["list","string"]`.
pub fn decode_type(_bytes: &[u8]) -> Result<Type, CodecError> {
    todo!("codec")
}

/// Writes a type in its JSON form.
pub fn encode_type(_ty: &Type) -> Vec<u8> {
    todo!("codec")
}
