//! Parsers and decoders for the headers and tokens AuthLens reads.

/// The decoded structure of header `name: value` for the JSON report, or
/// `None` for headers AuthLens does not decode.
#[must_use]
pub fn parsed(_name: &str, _value: &str) -> Option<serde_json::Value> {
    None
}

pub mod ntlm;
pub mod reader;
pub mod sigv4;
pub mod spnego;
