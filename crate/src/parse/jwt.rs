//! JSON Web Tokens in compact serialization (RFC 7519, RFC 7515 §7.1,
//! RFC 7516 §7.1): header and claims decoded, times read, the signature
//! only measured.
//!
//! Decoding is lenient where libraries disagree (padding, the standard
//! base64 alphabet, duplicate members, a non-object payload) and records
//! each as a problem with its span, since "works with library A, 401 with
//! library B" is exactly what the report has to explain.

use std::fmt;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::json::{to_value, Located};

use crate::span::Span;
use crate::time::format_rfc3339;

/// What kind of compact token it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwtKind {
    /// Signed (three segments).
    Jws,
    /// Three segments with `alg: none`.
    Unsecured,
    /// Encrypted (five segments): only the header can be read.
    Jwe,
}

impl JwtKind {
    const fn name(self) -> &'static str {
        match self {
            Self::Jws => "JWS",
            Self::Unsecured => "JWS (unsecured)",
            Self::Jwe => "JWE",
        }
    }
}

/// A decoded token. The signature is never kept, only its length.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwt {
    /// Where the token stands in the text it was read from.
    pub span: Span,
    /// Number of `.`-separated segments (3 or 5).
    pub segments: usize,
    /// JWS, unsecured JWS or JWE.
    pub kind: JwtKind,
    /// The JOSE header (for a repeated member, the last one, as RFC 7515 §5.2 allows).
    pub header: Map<String, Value>,
    /// The claims, when the payload is a JSON object (never for a JWE).
    pub claims: Option<Map<String, Value>>,
    /// Where the signature segment stands.
    pub signature_span: Span,
    /// Decoded signature length in bytes.
    pub signature_len: usize,
    /// `exp` as seconds since the epoch, when it is a number.
    pub exp: Option<i64>,
    /// `nbf` as seconds since the epoch, when it is a number.
    pub nbf: Option<i64>,
    /// `iat` as seconds since the epoch, when it is a number.
    pub iat: Option<i64>,
    /// What a strict verifier would refuse although the token decoded.
    pub problems: Vec<JwtError>,
}

impl Jwt {
    /// `alg` from the header.
    #[must_use]
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// Whether the token has expired at `now` (RFC 7519 §4.1.4: it must be
    /// used before `exp`). `None` without a numeric `exp`.
    #[must_use]
    pub fn expired(&self, now: i64) -> Option<bool> {
        self.exp.map(|exp| now >= exp)
    }

    /// Whether `now` is before `nbf` (RFC 7519 §4.1.5). `None` without a numeric `nbf`.
    #[must_use]
    pub fn not_yet_valid(&self, now: i64) -> Option<bool> {
        self.nbf.map(|nbf| now < nbf)
    }

    /// The report's view: header, claims, times in UTC (and relative to
    /// `now` when given), the signature's length, and the problems.
    #[must_use]
    pub fn to_json(&self, now: Option<i64>) -> Value {
        to_value(&self.json(now))
    }

    /// [`Jwt::to_json`]'s value, serialized straight into the report.
    #[must_use]
    pub fn json(&self, now: Option<i64>) -> impl Serialize + '_ {
        JwtJson { jwt: self, now }
    }
}

struct JwtJson<'j> {
    jwt: &'j Jwt,
    now: Option<i64>,
}

/// `{"kind", "segments", "header", "claims", "signature": {"length"},
/// "times": {"exp"|"nbf"|"iat": {"value", "utc", "seconds_from_now"?,
/// "relative"?}}, "expired", "not_yet_valid", "problems"}`.
impl Serialize for JwtJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (jwt, now) = (self.jwt, self.now);
        let mut map = serializer.serialize_struct("Jwt", 9)?;
        map.serialize_field("kind", jwt.kind.name())?;
        map.serialize_field("segments", &jwt.segments)?;
        map.serialize_field("header", &jwt.header)?;
        map.serialize_field("claims", &jwt.claims)?;
        map.serialize_field("signature", &SignatureJson(jwt.signature_len))?;
        map.serialize_field("times", &TimesJson(self))?;
        map.serialize_field("expired", &now.and_then(|now| jwt.expired(now)))?;
        map.serialize_field("not_yet_valid", &now.and_then(|now| jwt.not_yet_valid(now)))?;
        map.serialize_field("problems", &jwt.problems)?;
        map.end()
    }
}

struct SignatureJson(usize);

impl Serialize for SignatureJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("Signature", 1)?;
        map.serialize_field("length", &self.0)?;
        map.end()
    }
}

struct TimesJson<'t, 'j>(&'t JwtJson<'j>);

impl Serialize for TimesJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let jwt = self.0.jwt;
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in [("exp", jwt.exp), ("nbf", jwt.nbf), ("iat", jwt.iat)] {
            if let Some(seconds) = value {
                map.serialize_entry(
                    name,
                    &TimeJson {
                        seconds,
                        now: self.0.now,
                    },
                )?;
            }
        }
        map.end()
    }
}

struct TimeJson {
    seconds: i64,
    now: Option<i64>,
}

impl Serialize for TimeJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &self.seconds)?;
        map.serialize_entry("utc", &format_rfc3339(self.seconds))?;
        if let Some(now) = self.now {
            let delta = self.seconds.saturating_sub(now);
            map.serialize_entry("seconds_from_now", &delta)?;
            map.serialize_entry("relative", &relative(delta))?;
        }
        map.end()
    }
}

/// `3 h 12 min ago`, `in 2 d 1 h`, for a difference in seconds.
fn relative(delta: i64) -> String {
    let abs = delta.unsigned_abs();
    let (d, h, m, s) = (abs / 86_400, abs / 3600 % 24, abs / 60 % 60, abs % 60);
    let text = if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min {s} s")
    } else {
        format!("{s} s")
    };
    if delta < 0 {
        format!("{text} ago")
    } else {
        format!("in {text}")
    }
}

/// A reason a token cannot be read (or, in [`Jwt::problems`], a
/// deviation the reading stepped over), with the bytes it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtError {
    /// What is wrong.
    pub kind: JwtErrorKind,
    /// Where.
    pub span: Span,
}

impl JwtError {
    const fn new(kind: JwtErrorKind, start: usize, end: usize) -> Self {
        Self {
            kind,
            span: Span::new(start, end),
        }
    }

    /// `{"offset": n, "message": "..."}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// `{"offset": n, "message": "..."}`.
impl Serialize for JwtError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Located {
            offset: self.span.start,
            message: &self.kind,
        }
        .serialize(serializer)
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.span.start)
    }
}

impl std::error::Error for JwtError {}

/// The ways a compact JWT goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwtErrorKind {
    /// Nothing to decode.
    Empty,
    /// Whitespace or a line break inside the token (a wrapped copy, a `Bearer ` prefix).
    Whitespace,
    /// Neither 3 (JWS) nor 5 (JWE) segments.
    SegmentCount(usize),
    /// A character outside base64url.
    InvalidBase64Url,
    /// A segment whose length no base64 encoder produces.
    InvalidLength,
    /// `=` padding, which compact serialization forbids.
    Padding,
    /// `+` or `/`: standard base64 instead of base64url.
    StandardAlphabet,
    /// The header is not JSON.
    HeaderNotJson,
    /// The header is JSON but not an object.
    HeaderNotObject,
    /// A member name repeated in the header or the claims.
    DuplicateMember(String),
    /// The payload is not a JSON object, so not a JWT Claims Set.
    ClaimsNotObject,
    /// `alg: none` with a non-empty signature.
    AlgNoneWithSignature,
    /// A time claim that is not a number (RFC 7519 §2 NumericDate).
    TimeNotNumber(&'static str),
}

impl fmt::Display for JwtErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty token"),
            Self::Whitespace => f.write_str("whitespace inside the token: base64url has none"),
            Self::SegmentCount(n) => write!(
                f,
                "{n} segment(s): a JWS has 3 and a JWE 5, separated by '.'"
            ),
            Self::InvalidBase64Url => f.write_str("character outside base64url (A-Z a-z 0-9 - _)"),
            Self::InvalidLength => f.write_str("segment length cannot be base64url"),
            Self::Padding => f.write_str("'=' padding, which compact serialization forbids"),
            Self::StandardAlphabet => {
                f.write_str("'+' or '/': standard base64, not the base64url a JWT uses")
            }
            Self::HeaderNotJson => f.write_str("decoded header is not JSON"),
            Self::HeaderNotObject => f.write_str("header is JSON but not an object"),
            Self::DuplicateMember(name) => write!(
                f,
                "member '{name}' appears twice; libraries differ on which one wins"
            ),
            Self::ClaimsNotObject => {
                f.write_str("payload is not a JSON object, so not a JWT Claims Set")
            }
            Self::AlgNoneWithSignature => f.write_str("alg 'none' but the signature is not empty"),
            Self::TimeNotNumber(claim) => {
                write!(
                    f,
                    "'{claim}' is not a number (NumericDate): verifiers reject or ignore it"
                )
            }
        }
    }
}

/// The members of a JSON object in order, repeats kept, so that repeated
/// names can be reported (serde_json's `Map` keeps only one).
///
/// Read through `deserialize_any` with every kind of value accepted (anything
/// but an object gives no names): `deserialize_map` and the visitor's default
/// methods would build serde's "invalid type" errors, whose float formatting
/// alone costs the wasm 14 KB.
struct Members(Vec<String>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut names = Vec::new();
                while let Some((name, _)) = map.next_entry::<Name, IgnoredAny>()? {
                    names.push(name.0);
                }
                Ok(Members(names))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Members, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Members(Vec::new()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Members, E> {
                Ok(Members(Vec::new()))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Members, E> {
                Ok(Members(Vec::new()))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Members, E> {
                Ok(Members(Vec::new()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Members, E> {
                Ok(Members(Vec::new()))
            }
            fn visit_str<E>(self, _: &str) -> Result<Members, E> {
                Ok(Members(Vec::new()))
            }
            fn visit_unit<E>(self) -> Result<Members, E> {
                Ok(Members(Vec::new()))
            }
        }
        deserializer.deserialize_any(MembersVisitor)
    }
}

/// A member name, read the same way (`String`'s own visitor would bring
/// the "invalid type" errors back).
struct Name(String);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E>(self, name: &str) -> Result<Name, E> {
                Ok(Name(name.to_owned()))
            }
        }
        deserializer.deserialize_any(NameVisitor)
    }
}

fn first_duplicate(bytes: &[u8]) -> Option<String> {
    let Members(names) = serde_json::from_slice(bytes).ok()?;
    let mut seen = super::json::NameSet::default();
    names.into_iter().find(|n| !seen.insert(n.clone()))
}

/// Decodes the base64url segment `text` found at `offset`, noting padding
/// and standard-alphabet characters as problems.
fn decode_segment(
    text: &str,
    offset: usize,
    problems: &mut Vec<JwtError>,
) -> Result<Vec<u8>, JwtError> {
    let mut url = String::with_capacity(text.len());
    let mut padding_at = None;
    for (i, c) in text.char_indices() {
        let at = offset + i;
        match c {
            '=' => {
                padding_at.get_or_insert(at);
            }
            _ if padding_at.is_some() => {
                return Err(JwtError::new(
                    JwtErrorKind::InvalidBase64Url,
                    at,
                    at + c.len_utf8(),
                ))
            }
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => url.push(c),
            '+' | '/' => {
                if !problems
                    .iter()
                    .any(|p| p.kind == JwtErrorKind::StandardAlphabet)
                {
                    problems.push(JwtError::new(JwtErrorKind::StandardAlphabet, at, at + 1));
                }
                url.push(if c == '+' { '-' } else { '_' });
            }
            _ => {
                return Err(JwtError::new(
                    JwtErrorKind::InvalidBase64Url,
                    at,
                    at + c.len_utf8(),
                ))
            }
        }
    }
    if let Some(at) = padding_at {
        problems.push(JwtError::new(
            JwtErrorKind::Padding,
            at,
            offset + text.len(),
        ));
    }
    let engine = GeneralPurpose::new(
        &alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    engine
        .decode(url.as_bytes())
        .map_err(|_| JwtError::new(JwtErrorKind::InvalidLength, offset, offset + text.len()))
}

fn numeric_date(
    claims: &Map<String, Value>,
    name: &'static str,
    span: Span,
    problems: &mut Vec<JwtError>,
) -> Option<i64> {
    match claims.get(name)? {
        Value::Number(n) => n.as_i64().or_else(|| {
            // Fractions are allowed (RFC 7519 §2); whole seconds are enough here.
            #[allow(clippy::cast_possible_truncation)]
            n.as_f64().map(|f| f as i64)
        }),
        _ => {
            problems.push(JwtError::new(
                JwtErrorKind::TimeNotNumber(name),
                span.start,
                span.end,
            ));
            None
        }
    }
}

/// Decodes a compact JWS or JWE found at byte `offset` of some text (spans
/// are relative to that text).
///
/// ```text
/// JWS = BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)   ; RFC 7515 §7.1
/// JWE = BASE64URL(header) "." key "." iv "." ciphertext "." tag              ; RFC 7516 §7.1
/// ```
/// <https://www.rfc-editor.org/rfc/rfc7519#section-7.2>
///
/// # Errors
/// Empty token, whitespace inside it, a segment count other than 3 or 5,
/// a segment that is not base64url, or a header that is not a JSON object.
/// Problems past the header (payload not an object, padding, duplicate
/// members, `alg: none` with a signature, non-numeric times) are listed in
/// [`Jwt::problems`] instead.
///
/// # Examples
/// ```
/// use authlens::parse::jwt::decode_jwt;
/// let jwt = decode_jwt("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjEwfQ.c2ln", 0).unwrap();
/// assert_eq!(jwt.alg(), Some("HS256"));
/// assert_eq!(jwt.exp, Some(10));
/// assert_eq!(jwt.signature_len, 3);
/// assert_eq!(jwt.expired(11), Some(true));
/// ```
pub fn decode_jwt(token: &str, offset: usize) -> Result<Jwt, JwtError> {
    let span = Span::new(offset, offset + token.len());
    if token.is_empty() {
        return Err(JwtError::new(JwtErrorKind::Empty, offset, offset));
    }
    if let Some((i, c)) = token.char_indices().find(|(_, c)| c.is_whitespace()) {
        return Err(JwtError::new(
            JwtErrorKind::Whitespace,
            offset + i,
            offset + i + c.len_utf8(),
        ));
    }
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut at = offset;
    for part in token.split('.') {
        parts.push((at, part));
        at += part.len() + 1;
    }
    let segments = parts.len();
    if segments != 3 && segments != 5 {
        return Err(JwtError::new(
            JwtErrorKind::SegmentCount(segments),
            span.start,
            span.end,
        ));
    }
    let mut problems = Vec::new();
    let (header_at, header_text) = parts.first().copied().unwrap_or((offset, ""));
    let header_span = Span::new(header_at, header_at + header_text.len());
    let header_bytes = decode_segment(header_text, header_at, &mut problems)?;
    let header = match serde_json::from_slice::<Value>(&header_bytes) {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            return Err(JwtError::new(
                JwtErrorKind::HeaderNotObject,
                header_span.start,
                header_span.end,
            ))
        }
        Err(_) => {
            return Err(JwtError::new(
                JwtErrorKind::HeaderNotJson,
                header_span.start,
                header_span.end,
            ))
        }
    };
    if let Some(name) = first_duplicate(&header_bytes) {
        problems.push(JwtError::new(
            JwtErrorKind::DuplicateMember(name),
            header_span.start,
            header_span.end,
        ));
    }
    let (sig_at, sig_text) = parts.last().copied().unwrap_or((offset, ""));
    let signature_span = Span::new(sig_at, sig_at + sig_text.len());
    if segments == 5 {
        return Ok(Jwt {
            span,
            segments,
            kind: JwtKind::Jwe,
            header,
            claims: None,
            signature_span,
            signature_len: decode_segment(sig_text, sig_at, &mut problems)?.len(),
            exp: None,
            nbf: None,
            iat: None,
            problems,
        });
    }
    let (payload_at, payload_text) = parts.get(1).copied().unwrap_or((offset, ""));
    let payload_span = Span::new(payload_at, payload_at + payload_text.len());
    let payload = decode_segment(payload_text, payload_at, &mut problems)?;
    let claims = match serde_json::from_slice::<Value>(&payload) {
        Ok(Value::Object(map)) => Some(map),
        _ => {
            problems.push(JwtError::new(
                JwtErrorKind::ClaimsNotObject,
                payload_span.start,
                payload_span.end,
            ));
            None
        }
    };
    if claims.is_some() {
        if let Some(name) = first_duplicate(&payload) {
            problems.push(JwtError::new(
                JwtErrorKind::DuplicateMember(name),
                payload_span.start,
                payload_span.end,
            ));
        }
    }
    let signature_len = decode_segment(sig_text, sig_at, &mut problems)?.len();
    let unsecured = header
        .get("alg")
        .and_then(Value::as_str)
        .is_some_and(|alg| alg.eq_ignore_ascii_case("none"));
    if unsecured && !sig_text.is_empty() {
        problems.push(JwtError::new(
            JwtErrorKind::AlgNoneWithSignature,
            signature_span.start,
            signature_span.end,
        ));
    }
    let (mut exp, mut nbf, mut iat) = (None, None, None);
    if let Some(claims) = &claims {
        exp = numeric_date(claims, "exp", payload_span, &mut problems);
        nbf = numeric_date(claims, "nbf", payload_span, &mut problems);
        iat = numeric_date(claims, "iat", payload_span, &mut problems);
    }
    Ok(Jwt {
        span,
        segments,
        kind: if unsecured {
            JwtKind::Unsecured
        } else {
            JwtKind::Jws
        },
        header,
        claims,
        signature_span,
        signature_len,
        exp,
        nbf,
        iat,
        problems,
    })
}

/// Whether `token` looks like a compact JWS/JWE at a glance: three or five
/// base64url segments, the first one a JSON object (`eyJ`).
#[must_use]
pub fn looks_like_jwt(token: &str) -> bool {
    let dots = token.bytes().filter(|&b| b == b'.').count();
    token.starts_with("eyJ") && (dots == 2 || dots == 4)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn errors_are_located() {
        let table: &[(&str, JwtErrorKind, usize)] = &[
            ("", JwtErrorKind::Empty, 0),
            ("null", JwtErrorKind::SegmentCount(1), 0),
            ("eyJ9.e30", JwtErrorKind::SegmentCount(2), 0),
            ("Bearer eyJ9.e30.", JwtErrorKind::Whitespace, 6),
            ("e30.e!0.", JwtErrorKind::InvalidBase64Url, 5),
            ("bm90IGpzb24.e30.", JwtErrorKind::HeaderNotJson, 0),
            ("WyJIUzI1NiJd.e30.", JwtErrorKind::HeaderNotObject, 0),
        ];
        for (token, kind, at) in table {
            let e = decode_jwt(token, 0).unwrap_err();
            assert_eq!((&e.kind, e.span.start), (kind, *at), "{token:?}");
        }
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        for claims in [
            r#"{"exp":1e300,"nbf":-1e300}"#,
            r#"{"exp":-9223372036854775808,"iat":9223372036854775807}"#,
        ] {
            let token = format!("eyJhbGciOiJub25lIn0.{}.", URL_SAFE_NO_PAD.encode(claims));
            let jwt = decode_jwt(&token, 0).unwrap();
            for now in [i64::MIN, 0, i64::MAX] {
                let _ = jwt.to_json(Some(now));
                let _ = jwt.expired(now);
            }
        }
    }

    #[test]
    fn first_duplicate_reads_top_level_names_only() {
        let table: &[(&str, Option<&str>)] = &[
            (r#"{"a":1,"b":2,"a":3}"#, Some("a")),
            (r#"{"a":1,"\u0061":[1,{"x":1,"x":2}]}"#, Some("a")),
            (r#"{"a":{"b":1,"b":2},"c":[null,true,1.5,-1,"s"]}"#, None),
            (r#"[{"a":1},{"a":1}]"#, None),
            (r#""a""#, None),
            ("1.5", None),
            ("null", None),
            (r#"{"a":1,"a":2"#, None),
            (r#"{"a":1,"a":2} x"#, None),
        ];
        for (json, want) in table {
            assert_eq!(first_duplicate(json.as_bytes()).as_deref(), *want, "{json}");
        }
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(-3 * 3600 - 60), "3 h 1 min ago");
        assert_eq!(relative(90_000), "in 1 d 1 h");
        assert_eq!(relative(5), "in 5 s");
    }
}
