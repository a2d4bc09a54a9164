//! Decoding and encoding of `DynamicValue`s: msgpack (or JSON when that field is the one set) in,
//! msgpack out, always against the type the schema implies. Failures become error diagnostics.

use std::time::SystemTime;

use crate::cty::{json, msgpack, CodecError, Type, Value};
use crate::diagnostics::Diagnostics;
use crate::proto_gen::tfplugin6 as pb;

fn codec_error(what: &str, error: CodecError) -> Diagnostics {
    Diagnostics::error(
        format!("Invalid {what}"),
        format!("The {what} could not be processed: {error}."),
    )
}

/// Decodes a value Terraform sent; an absent or empty value is null.
pub fn decode(
    value: Option<&pb::DynamicValue>,
    ty: &Type,
    what: &str,
) -> Result<Value, Diagnostics> {
    let Some(value) = value else {
        return Ok(Value::Null);
    };
    if !value.msgpack.is_empty() {
        msgpack::decode(&value.msgpack, ty).map_err(|error| codec_error(what, error))
    } else if !value.json.is_empty() {
        json::decode(&value.json, ty).map_err(|error| codec_error(what, error))
    } else {
        Ok(Value::Null)
    }
}

/// Encodes a value for Terraform as msgpack.
pub fn encode(value: &Value, ty: &Type, what: &str) -> Result<pb::DynamicValue, Diagnostics> {
    msgpack::encode(value, ty)
        .map(|msgpack| pb::DynamicValue {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|error| codec_error(what, error))
}

/// A point in time as a protobuf timestamp (times before 1970 clamp to the epoch).
pub fn timestamp(time: SystemTime) -> prost_types::Timestamp {
    let since_epoch = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    prost_types::Timestamp {
        seconds: i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX),
        nanos: i32::try_from(since_epoch.subsec_nanos()).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn absent_values_are_null() {
        assert_eq!(decode(None, &Type::String, "config"), Ok(Value::Null));
        let empty = pb::DynamicValue::default();
        assert_eq!(
            decode(Some(&empty), &Type::String, "config"),
            Ok(Value::Null)
        );
    }

    #[test]
    fn timestamps_keep_seconds_and_nanos() {
        let t = SystemTime::UNIX_EPOCH + Duration::new(1_700_000_000, 5);
        let ts = timestamp(t);
        assert_eq!((ts.seconds, ts.nanos), (1_700_000_000, 5));
    }
}
