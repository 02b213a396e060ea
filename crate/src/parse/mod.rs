//! Parsers and decoders for the headers and tokens AuthLens reads.

pub mod authorization;
pub mod basic;
pub mod bearer;
pub mod cache_control;
pub mod cookie;
pub mod cookie_date;
pub mod cors;
pub mod digest;
pub mod dpop;
pub mod http_date;
pub mod json;
pub mod jwt;
pub mod list;
pub mod location;
pub mod ntlm;
pub mod reader;
pub mod retry_after;
pub mod set_cookie;
pub mod sigv4;
pub mod spnego;
pub mod url;
pub mod vary;
pub mod www_authenticate;

use serde::Serialize;

/// The decoded structure of header `name: value` for the JSON report, or
/// `None` for headers AuthLens does not decode.
#[must_use]
pub fn parsed(name: &str, value: &str) -> Option<serde_json::Value> {
    match json::to_value(&Parsed { name, value }) {
        serde_json::Value::Null => None,
        json => Some(json),
    }
}

/// [`parsed`]'s value (`null` for headers AuthLens does not decode), written
/// by the decoders straight into the report's serializer: no
/// `serde_json::Value` tree is built for it.
#[derive(Debug, Clone, Copy)]
pub struct Parsed<'a> {
    /// The header's name (any case).
    pub name: &'a str,
    /// The header's value as read.
    pub value: &'a str,
}

impl Serialize for Parsed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (name, value) = (self.name, self.value);
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("www-authenticate") || is("proxy-authenticate") {
            return www_authenticate::json(value).serialize(serializer);
        }
        if is("authorization") || is("proxy-authorization") {
            return authorization::json(value).serialize(serializer);
        }
        if is("set-cookie") {
            return json::OrError(
                set_cookie::parse_set_cookie(value).map_err(|error| SetCookieErrorJson { error }),
            )
            .serialize(serializer);
        }
        if is("cookie") {
            return cookie::parse_cookie(value).serialize(serializer);
        }
        if is("date") || is("expires") || is("last-modified") {
            return http_date::json(value).serialize(serializer);
        }
        if is("retry-after") {
            return retry_after::json(value).serialize(serializer);
        }
        if is("cache-control") {
            return cache_control::json(value).serialize(serializer);
        }
        if is("vary") {
            return vary::parse_vary(value).serialize(serializer);
        }
        if is("location") {
            return location::json(value).serialize(serializer);
        }
        if cors::is_cors_field(name) {
            return cors::parse_cors_field(name, value).serialize(serializer);
        }
        // A value that fails to decode still gets a `parsed` entry: the error
        // and its offset are what the page shows for it.
        if is("dpop") {
            return json::OrError(dpop::decode_dpop_proof(value)).serialize(serializer);
        }
        if is("dpop-nonce") {
            return json::OrError(dpop::decode_dpop_nonce(value)).serialize(serializer);
        }
        serializer.serialize_none()
    }
}

/// `{"kind", "span", "message"}` of a `Set-Cookie` that is no cookie.
struct SetCookieErrorJson {
    error: set_cookie::SetCookieError,
}

impl Serialize for SetCookieErrorJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut map = serializer.serialize_struct("SetCookieError", 3)?;
        map.serialize_field("kind", &self.error.kind)?;
        map.serialize_field("span", &self.error.span)?;
        map.serialize_field("message", &json::Text(&self.error))?;
        map.end()
    }
}

/// `{"error": {"offset": n, "message": "..."}}`: the `parsed` value of a
/// field that could not be read, as contracts.md shapes it.
#[must_use]
pub fn error_json(offset: usize, message: &str) -> serde_json::Value {
    json::to_value(&json::ErrorJson(json::Located { offset, message }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parsed_table() {
        // (name, value, JSON pointer, expected)
        let cases: &[(&str, &str, &str, serde_json::Value)] = &[
            ("DPoP-Nonce", "abc", "/length", serde_json::json!(3)),
            (
                "dpop-nonce",
                "",
                "/error/kind",
                serde_json::json!("invalid"),
            ),
            ("DPoP", "x.y", "/error/offset", serde_json::json!(0)),
        ];
        for (name, value, pointer, want) in cases {
            let got = parsed(name, value).unwrap();
            assert_eq!(got.pointer(pointer), Some(want), "{got}");
        }
        assert_eq!(parsed("X-Unknown", "NTLM TlRM"), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
