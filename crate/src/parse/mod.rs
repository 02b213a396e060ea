//! Parsers and decoders for the headers and tokens AuthLens reads.

pub mod cookie;
pub mod cookie_date;
pub mod set_cookie;
pub mod url;

/// The decoded structure of header `name: value` for the JSON report, or
/// `None` for headers AuthLens does not decode.
#[must_use]
pub fn parsed(name: &str, value: &str) -> Option<serde_json::Value> {
    if name.eq_ignore_ascii_case("set-cookie") {
        return Some(match set_cookie::parse_set_cookie(value) {
            Ok(cookie) => cookie.to_json(),
            Err(error) => serde_json::json!({
                "error": { "kind": error.kind, "span": error.span, "message": error.to_string() }
            }),
        });
    }
    if name.eq_ignore_ascii_case("cookie") {
        return Some(cookie::parse_cookie(value).to_json());
    }
    None
}
