//! Reading the report's JSON on the page. The page holds the report as a
//! generic `serde_json::Value`: typed `Deserialize` impls for the whole
//! report would cost the wasm far more than these lookups.

use serde_json::Value;

/// The string at `value`, or "" when it is not one.
pub fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// The elements of the array at `value` (none when it is not one).
pub fn items(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

/// `value` as an index, when it is a non-negative integer.
pub fn index(value: &Value) -> Option<usize> {
    value.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// A scalar as a person reads it: strings bare, numbers and booleans as
/// JSON, `null` as "", arrays of scalars joined with ", ".
pub fn scalar(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(list) => list.iter().map(scalar).collect::<Vec<_>>().join(", "),
        other => crate::json_text::to_string(other),
    }
}

/// The headers of one side (`request`/`response`) of an exchange.
pub fn headers<'a>(exchange: &'a Value, part: &str) -> impl Iterator<Item = &'a Value> {
    items(&exchange[part]["headers"])
}

/// Whether header `h` is named `name` (any case).
pub fn named(h: &Value, name: &str) -> bool {
    text(&h["name"]).eq_ignore_ascii_case(name)
}
