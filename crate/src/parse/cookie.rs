//! `Cookie` request header: the name=value pairs a client sent.
//!
//! Read leniently, like servers do: pairs are split on `;`, trimmed, and a
//! pair without `=` is a nameless cookie (RFC 6265bis serialises those as the
//! bare value). Nothing here can fail; odd input yields odd pairs.

use serde::ser::SerializeStruct;
use serde::Serialize;
use serde_json::Value;

use super::json::{to_value, Prefixed};
use crate::parse::set_cookie::Redacted;
use crate::span::Span;

/// One `name=value` pair of a `Cookie` header, borrowing from it. `Debug`
/// hides the value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CookiePair<'a> {
    /// Name, trimmed; empty for a pair without `=`.
    pub name: &'a str,
    /// Where the name is in the header value.
    pub name_span: Span,
    /// Value, trimmed. A secret: never print it whole.
    pub value: &'a str,
    /// Where the value is in the header value.
    pub value_span: Span,
}

/// A parsed `Cookie` header value. `Debug` hides the source and values.
#[derive(Clone, PartialEq, Eq)]
pub struct CookieHeader<'a> {
    /// The header value as given.
    pub source: &'a str,
    /// The pairs in order (browsers send longer paths first, then older).
    pub pairs: Vec<CookiePair<'a>>,
}

impl std::fmt::Debug for CookiePair<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CookiePair")
            .field("name", &self.name)
            .field("name_span", &self.name_span)
            .field("value", &Redacted(self.value))
            .field("value_span", &self.value_span)
            .finish()
    }
}

impl std::fmt::Debug for CookieHeader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CookieHeader")
            .field("source", &Redacted(self.source))
            .field("pairs", &self.pairs)
            .finish()
    }
}

/// Parses a `Cookie` header value.
///
/// ```text
/// cookie-string = cookie-pair *( ";" SP cookie-pair )   ; RFC 6265bis §4.2.1
/// cookie-pair   = cookie-name "=" cookie-value
/// ```
/// <https://www.ietf.org/archive/id/draft-ietf-httpbis-rfc6265bis-20.html#section-4.2.1>
///
/// ```
/// use authlens::parse::cookie::parse_cookie;
/// let header = parse_cookie("sid=abc; theme=dark;lone");
/// let names: Vec<_> = header.pairs.iter().map(|p| p.name).collect();
/// assert_eq!(names, ["sid", "theme", ""]);
/// assert_eq!(header.pairs[2].value, "lone");
/// assert_eq!(header.get("theme").map(|p| p.value), Some("dark"));
/// ```
#[must_use]
pub fn parse_cookie(source: &str) -> CookieHeader<'_> {
    let mut pairs = Vec::new();
    let mut start = 0;
    for piece in source.split(';') {
        let end = start + piece.len();
        let (name_span, value_span) = match piece.find('=') {
            Some(eq) => (
                trim(source, start, start + eq),
                trim(source, start + eq + 1, end),
            ),
            None => {
                let value = trim(source, start, end);
                (Span::new(value.start, value.start), value)
            }
        };
        if !(name_span.is_empty() && value_span.is_empty() && !piece.contains('=')) {
            pairs.push(CookiePair {
                name: name_span.slice(source).unwrap_or_default(),
                name_span,
                value: value_span.slice(source).unwrap_or_default(),
                value_span,
            });
        }
        start = end + 1;
    }
    CookieHeader { source, pairs }
}

impl<'a> CookieHeader<'a> {
    /// The first pair named `name` (cookie names are case-sensitive).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&CookiePair<'a>> {
        self.pairs.iter().find(|p| p.name == name)
    }

    /// The decoded structure for the report's `parsed` field: names, spans,
    /// and each value's length and short prefix, never the value itself.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// `{"cookies": [{"name", "name_span", "value": {"length", "prefix"},
/// "value_span"}]}`.
impl Serialize for CookieHeader<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("CookieHeader", 1)?;
        map.serialize_field("cookies", &self.pairs)?;
        map.end()
    }
}

impl Serialize for CookiePair<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("CookiePair", 4)?;
        map.serialize_field("name", self.name)?;
        map.serialize_field("name_span", &self.name_span)?;
        map.serialize_field("value", &Prefixed(self.value))?;
        map.serialize_field("value_span", &self.value_span)?;
        map.end()
    }
}

/// The span of `source[start..end]` without surrounding spaces and tabs.
fn trim(source: &str, start: usize, end: usize) -> Span {
    let text = source.get(start..end).unwrap_or_default();
    let is_ows = |c: char| c == ' ' || c == '\t';
    let leading = text.len() - text.trim_start_matches(is_ows).len();
    let kept = text.trim_matches(is_ows).len();
    Span::new(start + leading, start + leading + kept)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn pairs_and_spans() {
        for (input, expected) in [
            ("a=b", vec![("a", "b")]),
            ("a=b; c=d", vec![("a", "b"), ("c", "d")]),
            (" a = b ;; c=", vec![("a", "b"), ("c", "")]),
            ("x; =y", vec![("", "x"), ("", "y")]),
            ("", vec![]),
            ("é=ü; ß", vec![("é", "ü"), ("", "ß")]),
        ] {
            let header = parse_cookie(input);
            let got: Vec<_> = header.pairs.iter().map(|p| (p.name, p.value)).collect();
            assert_eq!(got, expected, "{input}");
            for p in &header.pairs {
                assert_eq!(p.name_span.slice(input), Some(p.name));
                assert_eq!(p.value_span.slice(input), Some(p.value));
            }
        }
    }

    #[test]
    fn json_hides_values() {
        let text = parse_cookie("session=0123456789abcdef")
            .to_json()
            .to_string();
        assert!(!text.contains("0123456789abcdef"));
        assert!(text.contains("\"length\":16"));
    }
}
