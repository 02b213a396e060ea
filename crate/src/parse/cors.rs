//! CORS response and preflight fields (Fetch standard §3.2.2–3.2.3). A
//! credentialed cross-origin request fails in the browser, often looking like
//! a 401 with no details, when these do not allow it.

use serde::Serialize;

use super::list::split_list;

/// One `Access-Control-*` (or `Origin`) field, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "kebab-case")]
pub enum CorsField<'a> {
    /// `Access-Control-Allow-Origin`: `*`, `null` or one serialized origin.
    AllowOrigin {
        /// The value as sent.
        origin: &'a str,
        /// `*`: any origin, but never for a credentialed request.
        wildcard: bool,
        /// A list or more than one origin: browsers reject the response.
        invalid_list: bool,
    },
    /// `Access-Control-Allow-Credentials`: only the exact `true` counts.
    AllowCredentials {
        /// Whether the value is exactly `true` (case-sensitive).
        allowed: bool,
    },
    /// `Access-Control-Allow-Headers`, `-Allow-Methods`, `-Expose-Headers`,
    /// `-Request-Headers`: lists of names, `*` as a wildcard.
    List {
        /// The names listed, in order.
        names: Vec<&'a str>,
        /// Whether `*` is among them (it never covers `Authorization`, and
        /// means a literal `*` for credentialed requests).
        wildcard: bool,
    },
    /// `Access-Control-Max-Age` in seconds.
    MaxAge {
        /// Seconds the preflight may be cached, when a number.
        seconds: Option<u64>,
    },
    /// `Access-Control-Request-Method`, `Origin`: one token or origin.
    Single {
        /// The value as sent.
        value: &'a str,
    },
}

/// Whether `name` is a CORS field this module reads.
#[must_use]
pub fn is_cors_field(name: &str) -> bool {
    name.get(..15)
        .is_some_and(|p| p.eq_ignore_ascii_case("access-control-"))
        || name.eq_ignore_ascii_case("origin")
}

/// Reads CORS field `name: value`; `None` for other field names.
///
/// <https://fetch.spec.whatwg.org/#http-new-header-syntax>
#[must_use]
pub fn parse_cors_field<'a>(name: &str, value: &'a str) -> Option<CorsField<'a>> {
    let value = value.trim();
    let field = name.to_ascii_lowercase();
    Some(match field.as_str() {
        "access-control-allow-origin" => CorsField::AllowOrigin {
            origin: value,
            wildcard: value == "*",
            invalid_list: value.contains(',') || value.split_ascii_whitespace().count() > 1,
        },
        "access-control-allow-credentials" => CorsField::AllowCredentials {
            allowed: value == "true",
        },
        "access-control-allow-headers"
        | "access-control-allow-methods"
        | "access-control-expose-headers"
        | "access-control-request-headers" => {
            let names: Vec<&str> = split_list(value)
                .into_iter()
                .map(|(_, item)| item)
                .collect();
            let wildcard = names.contains(&"*");
            CorsField::List { names, wildcard }
        }
        "access-control-max-age" => CorsField::MaxAge {
            seconds: value.parse().ok(),
        },
        "access-control-request-method" | "origin" => CorsField::Single { value },
        _ => return None,
    })
}

/// Whether an `Access-Control-Allow-Headers` list lets a request send header
/// `name`. `*` covers every name but `Authorization` (Fetch: "CORS-unsafe
/// request-header names"), and nothing at all for credentialed requests.
#[must_use]
pub fn allow_headers_covers(names: &[&str], name: &str, credentialed: bool) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
        || (!credentialed && !name.eq_ignore_ascii_case("authorization") && names.contains(&"*"))
}

/// The report's `parsed` value for a CORS field (`None` for other fields).
#[must_use]
pub fn to_json(name: &str, value: &str) -> Option<serde_json::Value> {
    parse_cors_field(name, value).map(|field| super::json::to_value(&field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields() {
        assert_eq!(
            parse_cors_field("Access-Control-Allow-Origin", "*"),
            Some(CorsField::AllowOrigin {
                origin: "*",
                wildcard: true,
                invalid_list: false
            })
        );
        assert_eq!(
            parse_cors_field(
                "access-control-allow-origin",
                "https://a.test, https://b.test"
            ),
            Some(CorsField::AllowOrigin {
                origin: "https://a.test, https://b.test",
                wildcard: false,
                invalid_list: true
            })
        );
        assert_eq!(
            parse_cors_field("Access-Control-Allow-Credentials", "True"),
            Some(CorsField::AllowCredentials { allowed: false })
        );
        assert_eq!(
            parse_cors_field("Access-Control-Max-Age", "600"),
            Some(CorsField::MaxAge { seconds: Some(600) })
        );
        assert_eq!(parse_cors_field("Content-Type", "x"), None);
        assert!(
            is_cors_field("Access-Control-Expose-Headers")
                && is_cors_field("Origin")
                && !is_cors_field("Access")
        );
    }

    #[test]
    fn wildcard_never_covers_authorization() {
        let Some(CorsField::List { names, wildcard }) =
            parse_cors_field("Access-Control-Allow-Headers", "*, X-Api-Key")
        else {
            unreachable!("a list field reads as a list")
        };
        assert!(wildcard);
        assert!(!allow_headers_covers(&names, "Authorization", false));
        assert!(allow_headers_covers(&names, "Content-Type", false));
        assert!(!allow_headers_covers(&names, "Content-Type", true));
        assert!(allow_headers_covers(&names, "x-api-key", true));
        assert!(allow_headers_covers(
            &["authorization"],
            "Authorization",
            true
        ));
    }
}
