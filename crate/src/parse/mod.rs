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
    if is("set-cookie") {
        return Some(match set_cookie::parse_set_cookie(value) {
            Ok(cookie) => cookie.to_json(),
            Err(error) => serde_json::json!({
                "error": { "kind": error.kind, "span": error.span, "message": error.to_string() }
            }),
        });
    }
    if is("cookie") {
        return Some(cookie::parse_cookie(value).to_json());
    }
    if is("date") || is("expires") || is("last-modified") {
        return Some(http_date::to_json(value));
    }
    if is("retry-after") {
        return Some(retry_after::to_json(value));
    }
    if is("cache-control") {
        return Some(cache_control::to_json(value));
    }
    if is("vary") {
        return Some(vary::to_json(value));
    }
    if is("location") {
        return Some(location::to_json(value));
    }
    if cors::is_cors_field(name) {
        return cors::to_json(name, value);
    }
    // A value that fails to decode still gets a `parsed` entry: the error
    // and its offset are what the page shows for it.
    let decoded = if is("dpop") {
        dpop::decode_dpop_proof(value).map(serde_json::to_value)
    } else if is("dpop-nonce") {
        dpop::decode_dpop_nonce(value).map(serde_json::to_value)
    } else {
        return None;
    };
    match decoded {
        Ok(v) => v.ok(),
        Err(e) => Some(serde_json::json!({ "error": e })),
    }
}

/// `{"error": {"offset": n, "message": "..."}}`: the `parsed` value of a
/// field that could not be read, as contracts.md shapes it.
#[must_use]
pub fn error_json(offset: usize, message: &str) -> serde_json::Value {
    #[derive(serde::Serialize)]
    struct Located<'a> {
        offset: usize,
        message: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Error<'a> {
        error: Located<'a>,
    }
    serde_json::to_value(Error {
        error: Located { offset, message },
    })
    .unwrap_or_default()
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
