//! Parsers and decoders for the headers and tokens AuthLens reads.

pub mod cookie_date;
pub mod url;

/// The decoded structure of header `name: value` for the JSON report, or
/// `None` for headers AuthLens does not decode.
#[must_use]
pub fn parsed(_name: &str, _value: &str) -> Option<serde_json::Value> {
    None
}
