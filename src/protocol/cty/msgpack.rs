//! Values in Terraform's msgpack encoding (unknown as extension 0, dynamic values as `[type_json, value]`).

use super::{Type, Value};
use crate::protocol::cty::CodecError;

/// Decodes a msgpack-encoded value of type `ty`.
pub fn decode(_bytes: &[u8], _ty: &Type) -> Result<Value, CodecError> {
    todo!("codec")
}

/// Encodes `value` as msgpack for type `ty`.
pub fn encode(_value: &Value, _ty: &Type) -> Result<Vec<u8>, CodecError> {
    todo!("codec")
}
