//! Basic credentials (RFC 7617): base64 of `user-id ":" password`.
//!
//! The decoder is lenient the way servers are (missing padding, the
//! base64url alphabet, Latin-1 bytes) and flags each leniency, because each
//! is a classic reason one server accepts what another answers with 401.
//! The password itself is never kept: only its length and what is wrong
//! with it.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::json::{to_value, Text};

use super::authorization::Credentials;
use super::www_authenticate::{ParseError, ParseErrorKind};
use crate::span::Span;

/// How the decoded bytes were read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Charset {
    /// Only ASCII bytes: every charset agrees.
    Ascii,
    /// Valid UTF-8 with non-ASCII characters (what RFC 7617 `charset="UTF-8"` asks for).
    Utf8,
    /// Not UTF-8: read as ISO-8859-1, as legacy clients send it.
    Latin1,
}

impl Charset {
    const fn name(self) -> &'static str {
        match self {
            Self::Ascii => "ascii",
            Self::Utf8 => "utf-8",
            Self::Latin1 => "iso-8859-1",
        }
    }
}

/// Something a server may trip over although the credentials decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BasicFlag {
    /// The base64 lacks its `=` padding (strict decoders reject it).
    MissingPadding,
    /// `-` or `_`: base64url, not the standard alphabet RFC 7617 uses.
    Base64Url,
    /// The decoded text ends in a line break (`echo user:pass | base64`).
    TrailingNewline,
    /// Non-ASCII credentials: client and server must agree on a charset.
    NonAscii,
    /// Non-ASCII bytes that are not UTF-8 (most likely ISO-8859-1).
    NotUtf8,
    /// The user name has leading or trailing whitespace.
    UserWhitespace,
}

impl BasicFlag {
    const fn message(self) -> &'static str {
        match self {
            Self::MissingPadding => "base64 without '=' padding: strict decoders reject it",
            Self::Base64Url => "base64url alphabet ('-' or '_'); RFC 7617 uses standard base64",
            Self::TrailingNewline => {
                "decoded credentials end in a line break, as `echo user:pass | base64` makes: the password sent includes it"
            }
            Self::NonAscii => "non-ASCII credentials: the server must expect UTF-8",
            Self::NotUtf8 => "bytes are not UTF-8 (read as ISO-8859-1): a UTF-8 server sees another password",
            Self::UserWhitespace => "user name starts or ends with whitespace",
        }
    }

    const fn code(self) -> &'static str {
        match self {
            Self::MissingPadding => "missing-padding",
            Self::Base64Url => "base64url",
            Self::TrailingNewline => "trailing-newline",
            Self::NonAscii => "non-ascii",
            Self::NotUtf8 => "not-utf8",
            Self::UserWhitespace => "user-whitespace",
        }
    }
}

/// Decoded Basic credentials: the user shown, the password only measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// Where the base64 token stands in the header value.
    pub token_span: Span,
    /// The user-id, read in [`BasicCredentials::charset`].
    pub user: String,
    /// Password length in characters.
    pub password_chars: usize,
    /// Password length in bytes as sent.
    pub password_bytes: usize,
    /// How the bytes were read.
    pub charset: Charset,
    /// What a server may trip over.
    pub flags: Vec<BasicFlag>,
}

impl BasicCredentials {
    /// Whether `flag` was raised.
    #[must_use]
    pub fn has(&self, flag: BasicFlag) -> bool {
        self.flags.contains(&flag)
    }

    /// The report's `decoded` object; the password appears as its length only.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// `{"user", "password": "<redacted: N bytes>", "password_length", "charset",
/// "flags": [{"code", "message"}]}`.
impl Serialize for BasicCredentials {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("BasicCredentials", 5)?;
        map.serialize_field("user", &self.user)?;
        map.serialize_field(
            "password",
            &Text(&format_args!("<redacted: {} bytes>", self.password_bytes)),
        )?;
        map.serialize_field("password_length", &self.password_chars)?;
        map.serialize_field("charset", self.charset.name())?;
        map.serialize_field("flags", &self.flags)?;
        map.end()
    }
}

/// `{"code": …, "message": …}`.
impl Serialize for BasicFlag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("BasicFlag", 2)?;
        map.serialize_field("code", self.code())?;
        map.serialize_field("message", self.message())?;
        map.end()
    }
}

/// Decodes the Basic credentials read by
/// [`parse_credentials`](super::authorization::parse_credentials).
///
/// # Errors
/// No token after the scheme, a token that is not base64, or decoded text
/// without the `:` between user and password.
pub fn decode_credentials(credentials: &Credentials<'_>) -> Result<BasicCredentials, ParseError> {
    match credentials.token68 {
        Some(token) => decode_basic(token.text, token.span.start),
        None => Err(ParseError::new(
            ParseErrorKind::NoCredentials,
            credentials.scheme_span.end,
            credentials.source.len(),
        )),
    }
}

/// Decodes a Basic token (the part after `Basic `) found at byte `offset`
/// of the header value; spans in the result and errors are relative to
/// that value.
///
/// ```text
/// credentials = "Basic" 1*SP token68          ; RFC 7617 §2
/// user-pass   = user-id ":" password          ; decoded from base64 (RFC 4648 §4)
/// ```
/// <https://www.rfc-editor.org/rfc/rfc7617#section-2>
///
/// # Errors
/// [`ParseErrorKind::InvalidToken68Char`] at the first character outside
/// base64 (either alphabet), [`ParseErrorKind::InvalidBase64`] when the
/// length cannot be base64, [`ParseErrorKind::NoColon`] when the decoded
/// text has no `:`.
///
/// # Examples
/// ```
/// use authlens::parse::basic::{decode_basic, BasicFlag};
/// let basic = decode_basic("QWxhZGRpbjpvcGVuIHNlc2FtZQo=", 6).unwrap();
/// assert_eq!(basic.user, "Aladdin");
/// assert_eq!(basic.password_chars, 12);
/// assert!(basic.has(BasicFlag::TrailingNewline));
/// ```
pub fn decode_basic(token: &str, offset: usize) -> Result<BasicCredentials, ParseError> {
    let span = Span::new(offset, offset + token.len());
    if token.is_empty() {
        return Err(ParseError::new(
            ParseErrorKind::NoCredentials,
            offset,
            offset,
        ));
    }
    let mut flags = Vec::new();
    let mut padding_seen = false;
    let mut standard = String::with_capacity(token.len());
    for (i, c) in token.char_indices() {
        let mapped = match c {
            '=' => {
                padding_seen = true;
                '='
            }
            _ if padding_seen => {
                return Err(ParseError::new(
                    ParseErrorKind::InvalidToken68Char,
                    offset + i,
                    offset + i + c.len_utf8(),
                ))
            }
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => c,
            '-' | '_' => {
                if !flags.contains(&BasicFlag::Base64Url) {
                    flags.push(BasicFlag::Base64Url);
                }
                if c == '-' {
                    '+'
                } else {
                    '/'
                }
            }
            _ => {
                return Err(ParseError::new(
                    ParseErrorKind::InvalidToken68Char,
                    offset + i,
                    offset + i + c.len_utf8(),
                ))
            }
        };
        standard.push(mapped);
    }
    if !padding_seen && token.len() % 4 != 0 {
        flags.push(BasicFlag::MissingPadding);
    }
    let engine = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = engine
        .decode(standard.as_bytes())
        .map_err(|_| ParseError::new(ParseErrorKind::InvalidBase64, span.start, span.end))?;
    let (charset, text) = match std::str::from_utf8(&bytes) {
        Ok(text) if text.is_ascii() => (Charset::Ascii, text.to_owned()),
        Ok(text) => (Charset::Utf8, text.to_owned()),
        Err(_) => (
            Charset::Latin1,
            bytes.iter().copied().map(char::from).collect(),
        ),
    };
    match charset {
        Charset::Ascii => {}
        Charset::Utf8 => flags.push(BasicFlag::NonAscii),
        Charset::Latin1 => flags.extend([BasicFlag::NonAscii, BasicFlag::NotUtf8]),
    }
    let Some((user, password)) = text.split_once(':') else {
        return Err(ParseError::new(
            ParseErrorKind::NoColon,
            span.start,
            span.end,
        ));
    };
    if password.ends_with('\n') || password.ends_with('\r') {
        flags.push(BasicFlag::TrailingNewline);
    }
    if user != user.trim() {
        flags.push(BasicFlag::UserWhitespace);
    }
    let password_bytes = match charset {
        Charset::Latin1 => password.chars().count(),
        Charset::Ascii | Charset::Utf8 => password.len(),
    };
    Ok(BasicCredentials {
        token_span: span,
        user: user.to_owned(),
        password_chars: password.chars().count(),
        password_bytes,
        charset,
        flags,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn table() {
        let ok: &[(&str, &str, usize, Charset, &[BasicFlag])] = &[
            (
                "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
                "Aladdin",
                11,
                Charset::Ascii,
                &[],
            ),
            (
                "QWxhZGRpbjpvcGVuIHNlc2FtZQ",
                "Aladdin",
                11,
                Charset::Ascii,
                &[BasicFlag::MissingPadding],
            ),
            (
                "dGVzdDoxMjPCow==",
                "test",
                4,
                Charset::Utf8,
                &[BasicFlag::NonAscii],
            ),
            (
                "dGVzdDoxMjOj",
                "test",
                4,
                Charset::Latin1,
                &[BasicFlag::NonAscii, BasicFlag::NotUtf8],
            ),
            (
                "dXNlcjpwYT9zPg",
                "user",
                5,
                Charset::Ascii,
                &[BasicFlag::MissingPadding],
            ),
            (
                "dXNlcjo-Pj4_",
                "user",
                4,
                Charset::Ascii,
                &[BasicFlag::Base64Url],
            ),
            ("Og==", "", 0, Charset::Ascii, &[]),
        ];
        for (token, user, len, charset, flags) in ok {
            let b = decode_basic(token, 6).unwrap();
            assert_eq!(
                (&*b.user, b.password_chars, b.charset, &*b.flags),
                (*user, *len, *charset, *flags),
                "{token}"
            );
        }
        let bad: &[(&str, ParseErrorKind, usize)] = &[
            ("QWxh!ZGRp", ParseErrorKind::InvalidToken68Char, 10),
            ("QWxhZGRpbg==", ParseErrorKind::NoColon, 6),
            ("QQ=Q", ParseErrorKind::InvalidToken68Char, 9),
            ("Q", ParseErrorKind::InvalidBase64, 6),
            ("", ParseErrorKind::NoCredentials, 6),
        ];
        for (token, kind, at) in bad {
            let e = decode_basic(token, 6).unwrap_err();
            assert_eq!((&e.kind, e.span.start), (kind, *at), "{token}");
        }
    }
}
