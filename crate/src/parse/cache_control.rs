//! `Cache-Control` (RFC 9111 §5.2): a 401 or an authenticated response that a
//! shared cache may store can be served to the wrong person, or keep serving
//! a stale refusal.

use serde::Serialize;

use super::list::{split_list, unquote};
use crate::span::Span;

/// One directive, `name` or `name=value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive<'a> {
    /// Directive name, lowercased for comparison by the caller.
    pub name: &'a str,
    /// Argument, unquoted.
    pub value: Option<String>,
    /// Where the directive stands in the field value.
    pub span: Span,
}

/// A parsed `Cache-Control` value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CacheControl<'a> {
    /// Every directive in order.
    pub directives: Vec<Directive<'a>>,
}

impl CacheControl<'_> {
    /// Whether directive `name` is present (ASCII case-insensitive).
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.directives
            .iter()
            .any(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// `max-age`/`s-maxage` seconds, when given as a number.
    #[must_use]
    pub fn seconds(&self, name: &str) -> Option<u64> {
        let directive = self
            .directives
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))?;
        directive.value.as_deref()?.parse().ok()
    }

    /// Whether a shared cache may store the response: `private`, `no-store`
    /// and `no-cache` (which forces revalidation) say no.
    #[must_use]
    pub fn shared_cache_may_store(&self) -> bool {
        !(self.has("private") || self.has("no-store") || self.has("no-cache"))
    }
}

/// Parses a `Cache-Control` value.
///
/// ```text
/// Cache-Control   = #cache-directive
/// cache-directive = token [ "=" ( token / quoted-string ) ]
/// ```
/// <https://www.rfc-editor.org/rfc/rfc9111#section-5.2>
#[must_use]
pub fn parse_cache_control(value: &str) -> CacheControl<'_> {
    let directives = split_list(value)
        .into_iter()
        .map(|(span, item)| match item.split_once('=') {
            Some((name, arg)) => Directive {
                name: name.trim(),
                value: Some(unquote(arg.trim())),
                span,
            },
            None => Directive {
                name: item,
                value: None,
                span,
            },
        })
        .collect();
    CacheControl { directives }
}

#[derive(Serialize)]
struct Json<'a> {
    directives: Vec<(&'a str, Option<String>)>,
    shared_cache_may_store: bool,
}

/// The report's `parsed` value for `Cache-Control`.
#[must_use]
pub fn to_json(value: &str) -> serde_json::Value {
    super::json::to_value(&json(value))
}

/// [`to_json`]'s value, serialized straight into the report.
#[must_use]
pub fn json(value: &str) -> impl Serialize + '_ {
    let parsed = parse_cache_control(value);
    let shared_cache_may_store = parsed.shared_cache_may_store();
    let directives = parsed
        .directives
        .into_iter()
        .map(|d| (d.name, d.value))
        .collect();
    Json {
        directives,
        shared_cache_may_store,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn reads_directives() {
        let cc = parse_cache_control(r#"public, max-age=600, no-cache="Set-Cookie, X""#);
        assert_eq!(cc.directives.len(), 3);
        assert_eq!(cc.seconds("MAX-AGE"), Some(600));
        assert_eq!(cc.directives[2].value.as_deref(), Some("Set-Cookie, X"));
        assert!(!cc.shared_cache_may_store());
        assert!(parse_cache_control("public, max-age=60").shared_cache_may_store());
        assert!(!parse_cache_control("private").shared_cache_may_store());
        assert!(parse_cache_control("").directives.is_empty());
    }
}
