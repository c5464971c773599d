//! Field defaults for new instances (`Field.get_default`).

use crate::interp::Value;
use crate::models::{DefaultValue, Field};

pub fn field_default(f: &Field) -> Value {
    match &f.default {
        Some(DefaultValue::Bool(b)) => Value::Bool(*b),
        Some(DefaultValue::Int(i)) => Value::Int(*i),
        Some(DefaultValue::Float(x)) => Value::Float(*x),
        Some(DefaultValue::Str(s)) => Value::str(s),
        Some(DefaultValue::None) | Some(DefaultValue::Callable(_)) => Value::None,
        None if f.kind.is_text() && !f.null => Value::str(""),
        None => Value::None,
    }
}
