//! `Authorization` and `Proxy-Authorization` (RFC 9110 §11.6.2, §11.7.2):
//! one scheme with a token68 or auth-params, then a decoder per scheme.
//!
//! Token68 schemes (Basic, Bearer, NTLM, Negotiate) are read by hand rather
//! than through the challenge grammar, because the interesting failures are
//! exactly the ones that grammar cannot express: a doubled `Bearer`, a token
//! in quotes, a newline read from a file. Each becomes a located warning and
//! the token behind it is still decoded.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::json::{to_value, ErrorJson, OrError, Redacted};
use super::www_authenticate::{
    is_tchar, is_token68_char, Param, ParseError, ParseErrorKind, Scanner, Token68,
};
use super::{basic, bearer, digest, sigv4, spnego};
use crate::span::Span;

/// Schemes whose credentials are a single token68.
const TOKEN68_SCHEMES: &[&str] = &["basic", "bearer", "ntlm", "negotiate"];

/// Credentials as read from an `Authorization` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The value the spans point into.
    pub source: &'a str,
    /// The scheme as written.
    pub scheme: &'a str,
    /// Where the scheme stands.
    pub scheme_span: Span,
    /// The token68, for token68 schemes (after stripping a doubled scheme or quotes).
    pub token68: Option<Token68<'a>>,
    /// The auth-params (Digest response directives and the like).
    pub params: Vec<Param<'a>>,
    /// Deviations from the grammar the reading stepped over.
    pub warnings: Vec<ParseError>,
}

impl<'a> Credentials<'a> {
    /// Whether the scheme is `name` (ASCII case-insensitive).
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(name)
    }

    /// The first parameter called `name` (ASCII case-insensitive).
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&Param<'a>> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The report's `parsed` object: scheme, shape of the credentials and
    /// the scheme's decoding. Secrets are never included: a token appears as
    /// its length and a short prefix, a password as its length.
    #[must_use]
    pub fn to_json(&self) -> Value {
        self.to_json_at(None)
    }

    /// [`Credentials::to_json`] with JWT times also given relative to `now`
    /// (seconds since the epoch: the response's `Date`, or the caller's clock).
    #[must_use]
    pub fn to_json_at(&self, now: Option<i64>) -> Value {
        to_value(&self.json_at(now))
    }

    /// [`Credentials::to_json_at`]'s value, serialized straight into the report.
    #[must_use]
    pub fn json_at(&self, now: Option<i64>) -> impl Serialize + '_ {
        CredentialsJson {
            credentials: self,
            now,
        }
    }
}

struct CredentialsJson<'c, 'a> {
    credentials: &'c Credentials<'a>,
    now: Option<i64>,
}

/// `{"scheme", "token68", "params", "warnings", "decoded"}`.
impl Serialize for CredentialsJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = self.credentials;
        let mut map = serializer.serialize_struct("Credentials", 5)?;
        map.serialize_field("scheme", c.scheme)?;
        map.serialize_field("token68", &c.token68.map(|t| Redacted(t.text)))?;
        map.serialize_field("params", &SecretParams(&c.params))?;
        map.serialize_field("warnings", &c.warnings)?;
        if c.is("basic") {
            map.serialize_field("decoded", &OrError(basic::decode_credentials(c)))?;
        } else if c.is("bearer") {
            match bearer::decode_credentials(c) {
                Ok(bearer) => map.serialize_field("decoded", &bearer.json(self.now))?,
                Err(error) => map.serialize_field("decoded", &ErrorJson(error))?,
            }
        } else if c.is("digest") {
            map.serialize_field("decoded", &digest::DigestResponse::from_params(&c.params))?;
        } else if c.is("ntlm") || c.is("negotiate") {
            // Both carry NTLMSSP or SPNEGO/Kerberos; the decoder tells which
            // (NTLM inside `Negotiate` is the Kerberos fallback to report).
            let decoded = c.token68.map(|t| OrError(spnego::decode_negotiate(t.text)));
            map.serialize_field("decoded", &decoded)?;
        } else {
            map.serialize_field("decoded", &())?;
        }
        map.end()
    }
}

/// Auth-params as `[[name, value], …]`, secret values redacted.
struct SecretParams<'p, 'a>(&'p [Param<'a>]);

impl Serialize for SecretParams<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|p| {
            let secret = is_secret_param(p.name);
            (
                p.name,
                ParamValue {
                    value: &p.value,
                    secret,
                },
            )
        }))
    }
}

struct ParamValue<'v> {
    value: &'v str,
    secret: bool,
}

impl Serialize for ParamValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.secret {
            Redacted(self.value).serialize(serializer)
        } else {
            serializer.serialize_str(self.value)
        }
    }
}

/// Parameters whose values are secrets or derived from one.
fn is_secret_param(name: &str) -> bool {
    ["response", "signature", "password", "client_secret"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
}

/// `<redacted: N bytes>`, the one form every secret takes in output.
#[must_use]
pub fn redacted(secret: &str) -> String {
    format!("<redacted: {} bytes>", secret.len())
}

/// Reads an `Authorization` or `Proxy-Authorization` value.
///
/// ```text
/// Authorization = credentials                                  ; RFC 9110 §11.6.2
/// credentials   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
/// token68       = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
/// ```
/// <https://www.rfc-editor.org/rfc/rfc9110#section-11.6.2>
///
/// # Errors
/// When the value does not start with an auth-scheme (empty, or a
/// character no token may hold).
///
/// # Examples
/// ```
/// use authlens::parse::authorization::parse_credentials;
/// let c = parse_credentials("Bearer Bearer abc").unwrap();
/// assert_eq!(c.token68.map(|t| t.text), Some("abc"));
/// assert_eq!(c.warnings.len(), 1); // the doubled scheme
/// ```
pub fn parse_credentials(value: &str) -> Result<Credentials<'_>, ParseError> {
    let bytes = value.as_bytes();
    let mut start = 0;
    while matches!(bytes.get(start), Some(b' ' | b'\t')) {
        start += 1;
    }
    let mut end = start;
    while bytes.get(end).copied().is_some_and(is_tchar) {
        end += 1;
    }
    if end == start {
        let kind = if start == value.len() {
            ParseErrorKind::NoCredentials
        } else {
            ParseErrorKind::ExpectedScheme
        };
        return Err(ParseError::new(kind, start, value.len()));
    }
    let scheme = value.get(start..end).unwrap_or_default();
    let mut credentials = Credentials {
        source: value,
        scheme,
        scheme_span: Span::new(start, end),
        token68: None,
        params: Vec::new(),
        warnings: Vec::new(),
    };
    if TOKEN68_SCHEMES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
    {
        read_token68(&mut credentials, end);
    } else {
        let (mut challenges, mut issues) = Scanner::new(value).challenges();
        if challenges.len() > 1 {
            let at = challenges
                .get(1)
                .map_or(value.len(), |c| c.scheme_span.start);
            issues.push(ParseError::new(
                ParseErrorKind::ExtraCredentials,
                at,
                value.len(),
            ));
        }
        if !challenges.is_empty() {
            let first = challenges.swap_remove(0);
            credentials.token68 = first.token68;
            credentials.params = first.params;
        }
        credentials.warnings = issues;
    }
    Ok(credentials)
}

/// Reads the token68 after the scheme ending at `scheme_end`, stepping over
/// the usual client mistakes with a warning each.
fn read_token68(credentials: &mut Credentials<'_>, scheme_end: usize) {
    let value = credentials.source;
    let bytes = value.as_bytes();
    let mut warn = |kind, start, end| {
        credentials.warnings.push(ParseError::new(kind, start, end));
    };
    // What the token is: the rest of the value without surrounding whitespace.
    let mut start = scheme_end;
    while matches!(bytes.get(start), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        start += 1;
    }
    let mut end = value.len();
    while end > start && matches!(bytes.get(end - 1), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        end -= 1;
    }
    if let Some(c) = value.get(scheme_end..).and_then(|rest| rest.chars().next()) {
        if c != ' ' {
            let end = scheme_end + c.len_utf8();
            warn(ParseErrorKind::ExpectedSpaceAfterScheme, scheme_end, end);
        }
    }
    if let Some(at) = value.get(end..).and_then(|tail| tail.find(['\r', '\n'])) {
        warn(ParseErrorKind::LineBreak, end + at, end + at + 1);
    }
    if start >= end {
        warn(ParseErrorKind::NoCredentials, scheme_end, value.len());
        return;
    }
    // `Bearer Bearer xyz`: the stored token kept its prefix.
    let scheme = credentials.scheme;
    let mut word_end = start;
    while bytes.get(word_end).copied().is_some_and(is_tchar) {
        word_end += 1;
    }
    if value
        .get(start..word_end)
        .is_some_and(|w| w.eq_ignore_ascii_case(scheme))
        && matches!(bytes.get(word_end), Some(b' ' | b'\t'))
    {
        warn(ParseErrorKind::DoubledScheme, start, word_end);
        start = word_end;
        while matches!(bytes.get(start), Some(b' ' | b'\t')) {
            start += 1;
        }
        // `Bearer Bearer `: the doubled scheme was all there was (found by
        // fuzzing and the property tests: the token's span ran backwards).
        if start >= end {
            warn(ParseErrorKind::NoCredentials, scheme_end, value.len());
            return;
        }
    }
    // `Bearer "xyz"`: a JSON string copied with its quotes. Saturating: the
    // doubled scheme skipped above may leave `start` past `end` (fuzzing
    // found `Bearer \t Bearer `).
    if end.saturating_sub(start) >= 2
        && bytes.get(start) == Some(&b'"')
        && bytes.get(end - 1) == Some(&b'"')
    {
        warn(ParseErrorKind::QuotedToken68, start, end);
        start += 1;
        end -= 1;
    }
    let mut padding = false;
    for (i, c) in value.get(start..end).unwrap_or_default().char_indices() {
        let at = start + i;
        let b = u8::try_from(c).unwrap_or(0x80);
        if c == '=' {
            padding = true;
        } else if padding || !is_token68_char(b) {
            let kind = match c {
                ' ' | '\t' => ParseErrorKind::WhitespaceInToken68,
                '\r' | '\n' => ParseErrorKind::LineBreak,
                '"' => ParseErrorKind::QuotedToken68,
                _ => ParseErrorKind::InvalidToken68Char,
            };
            warn(kind, at, at + c.len_utf8());
            break;
        }
    }
    credentials.token68 = Some(Token68 {
        text: value.get(start..end).unwrap_or_default(),
        span: Span::new(start, end),
    });
}

/// The report's `parsed` value for an `Authorization`/`Proxy-Authorization`
/// field, or `{"error": {...}}` when it has no scheme.
#[must_use]
pub fn to_json(value: &str) -> Value {
    to_value(&json(value))
}

/// [`to_json`]'s value, serialized straight into the report.
#[must_use]
pub fn json(value: &str) -> impl Serialize + '_ {
    AuthorizationJson(value)
}

struct AuthorizationJson<'a>(&'a str);

impl Serialize for AuthorizationJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        // SigV4 values are not auth-param syntax: their own decoder reads them.
        if value
            .trim_start()
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("aws4-"))
        {
            return match sigv4::decode_sigv4(value) {
                Ok(sigv4) => {
                    let none: [(); 0] = [];
                    let mut map = serializer.serialize_struct("Credentials", 5)?;
                    map.serialize_field("scheme", sigv4.algorithm)?;
                    map.serialize_field("token68", &())?;
                    map.serialize_field("params", &none)?;
                    map.serialize_field("warnings", &none)?;
                    map.serialize_field("decoded", &sigv4)?;
                    map.end()
                }
                Err(error) => ErrorJson(error).serialize(serializer),
            };
        }
        match parse_credentials(value) {
            Ok(credentials) => credentials.json_at(None).serialize(serializer),
            Err(error) => ErrorJson(error).serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn token68_mistakes_are_located() {
        let table: &[(&str, Option<&str>, Option<ParseErrorKind>, usize)] = &[
            ("Basic QWxh", Some("QWxh"), None, 0),
            ("Bearer  abc", Some("abc"), None, 0),
            (
                "Bearer Bearer abc",
                Some("abc"),
                Some(ParseErrorKind::DoubledScheme),
                7,
            ),
            (
                "Bearer \"abc\"",
                Some("abc"),
                Some(ParseErrorKind::QuotedToken68),
                7,
            ),
            (
                "Bearer abc\n",
                Some("abc"),
                Some(ParseErrorKind::LineBreak),
                10,
            ),
            (
                "Bearer ab c",
                Some("ab c"),
                Some(ParseErrorKind::WhitespaceInToken68),
                9,
            ),
            ("Bearer ", None, Some(ParseErrorKind::NoCredentials), 6),
            (
                "Basic QW!x",
                Some("QW!x"),
                Some(ParseErrorKind::InvalidToken68Char),
                8,
            ),
        ];
        for (value, token, kind, at) in table {
            let c = parse_credentials(value).unwrap();
            assert_eq!(c.token68.map(|t| t.text), *token, "{value}");
            assert_eq!(c.warnings.first().map(|w| w.kind.clone()), *kind, "{value}");
            if kind.is_some() {
                assert_eq!(c.warnings[0].span.start, *at, "{value}");
            }
        }
    }

    #[test]
    fn digest_params_and_redaction() {
        let c =
            parse_credentials(r#"Digest username="a b", response="0123", nc=00000001"#).unwrap();
        assert_eq!(c.param("USERNAME").map(|p| &*p.value), Some("a b"));
        let json = c.to_json();
        assert_eq!(json["params"][1][1], "<redacted: 4 bytes>");
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn basic_json_never_holds_the_password() {
        // "Aladdin:open sesame"
        let json = to_json("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==").to_string();
        assert!(!json.contains("open sesame"), "{json}");
        assert!(!json.contains("QWxhZGRpbjpvcGVuIHNlc2FtZQ"), "{json}");
        assert!(json.contains("Aladdin"), "{json}");
    }
}
