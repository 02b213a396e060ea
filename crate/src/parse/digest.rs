//! Digest access authentication (RFC 7616): the directives of a challenge
//! and of a response, named and typed, so rules can compare algorithm,
//! qop, realm, nonce and uri between the two. The `response` hash is shown
//! by length only: with the nonce it allows an offline password guess.

use std::borrow::Cow;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::json::to_value;

use super::www_authenticate::{Challenge, Param};
use crate::span::Span;

/// A Digest algorithm (RFC 7616 §3.3, IANA "HTTP Digest Hash Algorithms").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Algorithm {
    /// `MD5` (the default when absent).
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
    /// `SHA-512-256`.
    Sha512_256,
    /// `SHA-512-256-sess`.
    Sha512_256Sess,
    /// Anything else (clients will not answer it).
    Unknown,
}

impl Algorithm {
    /// Reads an `algorithm` value (case-insensitive, as browsers compare it).
    #[must_use]
    pub fn from_name(name: &str) -> Self {
        const NAMES: &[(&str, Algorithm)] = &[
            ("md5", Algorithm::Md5),
            ("md5-sess", Algorithm::Md5Sess),
            ("sha-256", Algorithm::Sha256),
            ("sha-256-sess", Algorithm::Sha256Sess),
            ("sha-512-256", Algorithm::Sha512_256),
            ("sha-512-256-sess", Algorithm::Sha512_256Sess),
        ];
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or(Self::Unknown, |(_, a)| *a)
    }

    /// The canonical name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Md5Sess => "MD5-sess",
            Self::Sha256 => "SHA-256",
            Self::Sha256Sess => "SHA-256-sess",
            Self::Sha512_256 => "SHA-512-256",
            Self::Sha512_256Sess => "SHA-512-256-sess",
            Self::Unknown => "unknown",
        }
    }

    /// Whether HA1 also covers nonce and cnonce (the `-sess` variants).
    #[must_use]
    pub const fn is_session(self) -> bool {
        matches!(
            self,
            Self::Md5Sess | Self::Sha256Sess | Self::Sha512_256Sess
        )
    }

    /// Hex length of a `response` made with this algorithm.
    #[must_use]
    pub const fn hex_len(self) -> Option<usize> {
        match self {
            Self::Md5 | Self::Md5Sess => Some(32),
            Self::Sha256 | Self::Sha256Sess | Self::Sha512_256 | Self::Sha512_256Sess => Some(64),
            Self::Unknown => None,
        }
    }
}

/// A directive's value and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    /// The value, unescaped.
    pub value: Cow<'a, str>,
    /// Where it stands in the header value, quotes included.
    pub span: Span,
    /// Whether it was quoted.
    pub quoted: bool,
}

fn directive<'a>(params: &[Param<'a>], name: &str) -> Option<Directive<'a>> {
    params
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .map(|p| Directive {
            value: p.value.clone(),
            span: p.value_span,
            quoted: p.quoted,
        })
}

fn value_json<'d>(d: Option<&'d Directive<'_>>) -> Option<&'d str> {
    d.map(|d| &*d.value)
}

/// The directives of a `Digest` challenge (RFC 7616 §3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChallenge<'a> {
    /// `realm`.
    pub realm: Option<Directive<'a>>,
    /// `domain` (space-separated URIs).
    pub domain: Option<Directive<'a>>,
    /// `nonce`.
    pub nonce: Option<Directive<'a>>,
    /// `opaque`.
    pub opaque: Option<Directive<'a>>,
    /// `stale` (`true` means: retry with the new nonce, the password is fine).
    pub stale: Option<Directive<'a>>,
    /// `algorithm` as written.
    pub algorithm: Option<Directive<'a>>,
    /// `qop` (a comma-separated list inside the quotes).
    pub qop: Option<Directive<'a>>,
    /// `charset` (only `UTF-8` is defined).
    pub charset: Option<Directive<'a>>,
    /// `userhash`.
    pub userhash: Option<Directive<'a>>,
}

impl<'a> DigestChallenge<'a> {
    /// Reads the directives of a parsed challenge.
    ///
    /// ```text
    /// challenge = "Digest" 1*SP #auth-param   ; RFC 7616 §3.3: realm, domain, nonce, opaque,
    ///                                          ; stale, algorithm, qop, charset, userhash
    /// ```
    /// <https://www.rfc-editor.org/rfc/rfc7616#section-3.3>
    #[must_use]
    pub fn from_challenge(challenge: &Challenge<'a>) -> Self {
        let p = &challenge.params;
        Self {
            realm: directive(p, "realm"),
            domain: directive(p, "domain"),
            nonce: directive(p, "nonce"),
            opaque: directive(p, "opaque"),
            stale: directive(p, "stale"),
            algorithm: directive(p, "algorithm"),
            qop: directive(p, "qop"),
            charset: directive(p, "charset"),
            userhash: directive(p, "userhash"),
        }
    }

    /// The algorithm offered (`MD5` when absent, RFC 7616 §3.3).
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
            .as_ref()
            .map_or(Algorithm::Md5, |a| Algorithm::from_name(&a.value))
    }

    /// The qop values offered, trimmed (`"auth, auth-int"` gives two).
    #[must_use]
    pub fn qops(&self) -> Vec<&str> {
        self.qop.as_ref().map_or_else(Vec::new, |q| {
            q.value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    /// Whether `stale=true` (case-insensitive).
    #[must_use]
    pub fn is_stale(&self) -> bool {
        self.stale
            .as_ref()
            .is_some_and(|s| s.value.eq_ignore_ascii_case("true"))
    }

    /// The report's view of the challenge.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// The directives of a `Digest` response (RFC 7616 §3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestResponse<'a> {
    /// `username` (a hash when `userhash=true`).
    pub username: Option<Directive<'a>>,
    /// `username*` (RFC 8187 extended value).
    pub username_star: Option<Directive<'a>>,
    /// `realm`.
    pub realm: Option<Directive<'a>>,
    /// `nonce`.
    pub nonce: Option<Directive<'a>>,
    /// `uri` (the request target as the client saw it).
    pub uri: Option<Directive<'a>>,
    /// `response` (a hash derived from the password: never printed).
    pub response: Option<Directive<'a>>,
    /// `algorithm`.
    pub algorithm: Option<Directive<'a>>,
    /// `qop` (one value).
    pub qop: Option<Directive<'a>>,
    /// `nc` (8 hex digits).
    pub nc: Option<Directive<'a>>,
    /// `cnonce`.
    pub cnonce: Option<Directive<'a>>,
    /// `opaque`.
    pub opaque: Option<Directive<'a>>,
    /// `userhash`.
    pub userhash: Option<Directive<'a>>,
}

impl<'a> DigestResponse<'a> {
    /// Reads the directives from parsed `Authorization: Digest` params.
    ///
    /// ```text
    /// credentials = "Digest" 1*SP #auth-param   ; RFC 7616 §3.4: username, realm, uri,
    ///                                            ; nonce, response, algorithm, qop, nc, cnonce, …
    /// ```
    /// <https://www.rfc-editor.org/rfc/rfc7616#section-3.4>
    ///
    /// ```
    /// use authlens::parse::{authorization::parse_credentials, digest::{Algorithm, DigestResponse}};
    /// let c = parse_credentials(r#"Digest username*=UTF-8''J%C3%A4s, realm="r", nonce="n", uri="/", response="00", algorithm=SHA-256"#).unwrap();
    /// let d = DigestResponse::from_params(&c.params);
    /// assert_eq!(d.user().as_deref(), Some("Jäs"));
    /// assert_eq!(d.algorithm(), Algorithm::Sha256);
    /// assert!(d.missing().is_empty());
    /// ```
    #[must_use]
    pub fn from_params(p: &[Param<'a>]) -> Self {
        Self {
            username: directive(p, "username"),
            username_star: directive(p, "username*"),
            realm: directive(p, "realm"),
            nonce: directive(p, "nonce"),
            uri: directive(p, "uri"),
            response: directive(p, "response"),
            algorithm: directive(p, "algorithm"),
            qop: directive(p, "qop"),
            nc: directive(p, "nc"),
            cnonce: directive(p, "cnonce"),
            opaque: directive(p, "opaque"),
            userhash: directive(p, "userhash"),
        }
    }

    /// The algorithm used (`MD5` when absent).
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
            .as_ref()
            .map_or(Algorithm::Md5, |a| Algorithm::from_name(&a.value))
    }

    /// Whether `userhash=true`: `username` is then a hash, not a name.
    #[must_use]
    pub fn is_userhash(&self) -> bool {
        self.userhash
            .as_ref()
            .is_some_and(|s| s.value.eq_ignore_ascii_case("true"))
    }

    /// The user name as a person reads it: `username*` decoded (RFC 8187),
    /// else `username` unless it is a userhash.
    #[must_use]
    pub fn user(&self) -> Option<String> {
        if let Some(star) = &self.username_star {
            return decode_ext_value(&star.value);
        }
        if self.is_userhash() {
            return None;
        }
        self.username.as_ref().map(|u| u.value.to_string())
    }

    /// Directives a valid response needs but lacks (RFC 7616 §3.4: with a
    /// `qop`, also `nc` and `cnonce`).
    #[must_use]
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.username.is_none() && self.username_star.is_none() {
            missing.push("username");
        }
        for (name, d) in [
            ("realm", &self.realm),
            ("nonce", &self.nonce),
            ("uri", &self.uri),
            ("response", &self.response),
        ] {
            if d.is_none() {
                missing.push(name);
            }
        }
        if self.qop.is_some() {
            if self.nc.is_none() {
                missing.push("nc");
            }
            if self.cnonce.is_none() {
                missing.push("cnonce");
            }
        }
        missing
    }

    /// The report's `decoded` object; `response` appears as its length and
    /// whether that fits the algorithm.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// `{"realm", "domain", "nonce", "opaque", "stale", "algorithm", "qop",
/// "charset", "userhash"}`.
impl Serialize for DigestChallenge<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("DigestChallenge", 9)?;
        map.serialize_field("realm", &value_json(self.realm.as_ref()))?;
        map.serialize_field("domain", &value_json(self.domain.as_ref()))?;
        map.serialize_field("nonce", &value_json(self.nonce.as_ref()))?;
        map.serialize_field("opaque", &value_json(self.opaque.as_ref()))?;
        map.serialize_field("stale", &self.is_stale())?;
        map.serialize_field("algorithm", self.algorithm().name())?;
        map.serialize_field("qop", &self.qops())?;
        map.serialize_field("charset", &value_json(self.charset.as_ref()))?;
        map.serialize_field("userhash", &value_json(self.userhash.as_ref()))?;
        map.end()
    }
}

/// `{"user", "username", "userhash", "realm", "nonce", "uri", "algorithm",
/// "algorithm_given", "qop", "nc", "cnonce", "opaque", "response": {"length",
/// "hex", "fits_algorithm"} | null, "missing"}`.
impl Serialize for DigestResponse<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let algorithm = self.algorithm();
        let mut map = serializer.serialize_struct("DigestResponse", 14)?;
        map.serialize_field("user", &self.user())?;
        map.serialize_field("username", &value_json(self.username.as_ref()))?;
        map.serialize_field("userhash", &self.is_userhash())?;
        map.serialize_field("realm", &value_json(self.realm.as_ref()))?;
        map.serialize_field("nonce", &value_json(self.nonce.as_ref()))?;
        map.serialize_field("uri", &value_json(self.uri.as_ref()))?;
        map.serialize_field("algorithm", algorithm.name())?;
        map.serialize_field("algorithm_given", &self.algorithm.is_some())?;
        map.serialize_field("qop", &value_json(self.qop.as_ref()))?;
        map.serialize_field("nc", &value_json(self.nc.as_ref()))?;
        map.serialize_field("cnonce", &value_json(self.cnonce.as_ref()))?;
        map.serialize_field("opaque", &value_json(self.opaque.as_ref()))?;
        map.serialize_field(
            "response",
            &self.response.as_ref().map(|r| ResponseJson {
                value: &r.value,
                hex_len: algorithm.hex_len(),
            }),
        )?;
        map.serialize_field("missing", &self.missing())?;
        map.end()
    }
}

struct ResponseJson<'a> {
    value: &'a str,
    hex_len: Option<usize>,
}

impl Serialize for ResponseJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("Response", 3)?;
        map.serialize_field("length", &self.value.len())?;
        map.serialize_field("hex", &self.value.bytes().all(|b| b.is_ascii_hexdigit()))?;
        map.serialize_field(
            "fits_algorithm",
            &self.hex_len.map(|n| n == self.value.len()),
        )?;
        map.end()
    }
}

/// Decodes an RFC 8187 ext-value (`UTF-8''J%C3%A4s%C3%B8n`); `None` when it
/// is not one. ISO-8859-1 is read too, as RFC 8187 §3.2.1 allows.
#[must_use]
pub fn decode_ext_value(value: &str) -> Option<String> {
    let (charset, rest) = value.split_once('\'')?;
    let (_language, encoded) = rest.split_once('\'')?;
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut iter = encoded.bytes();
    while let Some(b) = iter.next() {
        if b == b'%' {
            let hi = char::from(iter.next()?).to_digit(16)?;
            let lo = char::from(iter.next()?).to_digit(16)?;
            bytes.push(u8::try_from(hi * 16 + lo).ok()?);
        } else {
            bytes.push(b);
        }
    }
    if charset.eq_ignore_ascii_case("utf-8") {
        String::from_utf8(bytes).ok()
    } else if charset.eq_ignore_ascii_case("iso-8859-1") {
        Some(bytes.into_iter().map(char::from).collect())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::parse::www_authenticate::parse_challenges;

    #[test]
    fn challenge_directives() {
        let read = parse_challenges(
            r#"Digest realm="r", qop="auth, auth-int", algorithm=sha-256, nonce="n", stale=TRUE"#,
        )
        .unwrap();
        let d = DigestChallenge::from_challenge(&read.challenges[0]);
        assert_eq!(d.algorithm(), Algorithm::Sha256);
        assert_eq!(d.qops(), ["auth", "auth-int"]);
        assert!(d.is_stale());
    }

    #[test]
    fn ext_value() {
        assert_eq!(
            decode_ext_value("UTF-8''J%C3%A4s%C3%B8n%20Doe").as_deref(),
            Some("Jäsøn Doe")
        );
        assert_eq!(decode_ext_value("iso-8859-1'en'%E4").as_deref(), Some("ä"));
        assert_eq!(decode_ext_value("UTF-8''%E4"), None);
        assert_eq!(decode_ext_value("plain"), None);
    }
}
