//! Parsers and decoders for the headers and tokens AuthLens reads.

pub mod authorization;
pub mod basic;
pub mod bearer;
pub mod digest;
pub mod jwt;
pub mod www_authenticate;

/// The decoded structure of header `name: value` for the JSON report, or
/// `None` for headers AuthLens does not decode.
#[must_use]
pub fn parsed(name: &str, value: &str) -> Option<serde_json::Value> {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if is("www-authenticate") || is("proxy-authenticate") {
        return Some(www_authenticate::to_json(value));
    }
    if is("authorization") || is("proxy-authorization") {
        return Some(authorization::to_json(value));
    }
    None
}
