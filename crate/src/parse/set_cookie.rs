//! `Set-Cookie` response header, read exactly as RFC 6265bis §5.6 tells a
//! browser to, plus the reasons a browser then refuses the cookie.
//!
//! The browser algorithm, not the §4.1 server grammar, is what decides
//! whether a session cookie exists at all, so it is what AuthLens follows:
//! quotes mean nothing, a pair without `=` is a cookie with an empty name,
//! an attribute that does not parse is dropped while the cookie is kept, and
//! the last valid instance of an attribute wins.

use std::fmt;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::Serialize;
use serde_json::Value;

use super::json::{to_value, Prefixed};
use crate::parse::cookie_date::parse_cookie_date;
use crate::parse::url::Url;
use crate::span::Span;

/// Largest name plus value, in bytes, a browser keeps (RFC 6265bis §5.6 step 5).
pub const MAX_NAME_VALUE_BYTES: usize = 4096;
/// Largest attribute value, in bytes, a browser reads (RFC 6265bis §5.6).
pub const MAX_ATTRIBUTE_VALUE_BYTES: usize = 1024;

/// One parsed `Set-Cookie` header value, borrowing from it. Spans are byte
/// ranges into [`SetCookie::source`]. `Debug` hides the value (and the
/// source, which holds it).
#[derive(Clone, PartialEq, Eq)]
pub struct SetCookie<'a> {
    /// The header value as given.
    pub source: &'a str,
    /// Cookie name, trimmed; empty for a pair without `=` (RFC 6265bis).
    pub name: &'a str,
    /// Where the name is (empty span before the value when the name is empty).
    pub name_span: Span,
    /// Cookie value, trimmed. A secret: never print it whole.
    pub value: &'a str,
    /// Where the value is.
    pub value_span: Span,
    /// Every `;`-separated attribute in order, including ignored ones.
    pub attributes: Vec<Attribute<'a>>,
    /// Effective `Expires` (seconds since the epoch), from the last valid one.
    pub expires: Option<i64>,
    /// Effective `Max-Age` in seconds (zero or negative deletes), from the last valid one.
    pub max_age: Option<i64>,
    /// Effective `Domain`: leading dot removed, lowercased.
    pub domain: Option<String>,
    /// Effective `Path` attribute, if any was given.
    pub path: Option<CookiePath>,
    /// `Secure` given.
    pub secure: bool,
    /// `HttpOnly` given.
    pub http_only: bool,
    /// Effective `SameSite`, if the attribute was given.
    pub same_site: Option<SameSite>,
    /// `Partitioned` (CHIPS) given.
    pub partitioned: bool,
}

/// The `Path` attribute once read (RFC 6265bis §5.6.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CookiePath {
    /// A value starting with `/`, used as written.
    Explicit(String),
    /// Empty or not starting with `/`: the default-path of the setting URL.
    Default,
}

/// The `SameSite` enforcement mode (RFC 6265bis §5.6.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SameSite {
    /// Sent only in a same-site context.
    Strict,
    /// Also sent on cross-site top-level navigations with a safe method.
    Lax,
    /// Sent in every context (browsers require `Secure` with it).
    None,
    /// No attribute, or a value that is none of the above: the browser's
    /// default applies (Lax in Chromium, None in Firefox and Safari).
    Default,
}

/// One `;`-separated cookie-av of a `Set-Cookie`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// Attribute name as written, trimmed.
    pub name: &'a str,
    /// Where the name is.
    pub name_span: Span,
    /// Attribute value as written, trimmed (empty when there is no `=`).
    pub value: &'a str,
    /// Where the value is (empty, just after the name, when there is no `=`).
    pub value_span: Span,
    /// The whole cookie-av, trimmed.
    pub span: Span,
    /// Which attribute this is.
    pub kind: AttributeKind,
    /// Why a browser drops this attribute, if it does.
    pub ignored: Option<AttributeIgnored>,
}

/// Which attribute a cookie-av is, by case-insensitive name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AttributeKind {
    /// `Expires`.
    Expires,
    /// `Max-Age`.
    MaxAge,
    /// `Domain`.
    Domain,
    /// `Path`.
    Path,
    /// `Secure`.
    Secure,
    /// `HttpOnly`.
    HttpOnly,
    /// `SameSite`.
    SameSite,
    /// `Partitioned`.
    Partitioned,
    /// Anything else; browsers ignore it.
    Unknown,
}

/// Why a browser drops one attribute while keeping the cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AttributeIgnored {
    /// The value is over 1024 bytes.
    ValueTooLong,
    /// `Expires` is not a date the cookie-date algorithm accepts.
    InvalidDate,
    /// `Max-Age` is empty or not an optionally negative integer.
    InvalidMaxAge,
    /// `Domain=` with no value.
    EmptyDomain,
    /// `SameSite` with a value other than Strict, Lax or None: the mode
    /// becomes the browser default rather than the attribute being dropped.
    UnknownSameSite,
    /// An attribute browsers do not know.
    UnknownAttribute,
    /// A later attribute of the same name replaces this one.
    Overridden,
}

/// Why a `Set-Cookie` is not a cookie at all (RFC 6265bis §5.6, §5.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookieError {
    /// What is wrong.
    pub kind: SetCookieErrorKind,
    /// Where: the offending byte, or the name-value pair.
    pub span: Span,
}

/// The kinds of [`SetCookieError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SetCookieErrorKind {
    /// A control character other than tab (0x00–0x08, 0x0A–0x1F, 0x7F).
    ControlCharacter,
    /// Name and value are both empty.
    NoContent,
    /// Name plus value are over 4096 bytes.
    NameValueTooLarge,
}

impl fmt::Display for SetCookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            SetCookieErrorKind::ControlCharacter => write!(
                f,
                "control character at byte {}: browsers ignore the whole Set-Cookie",
                self.span.start
            ),
            SetCookieErrorKind::NoContent => {
                f.write_str("the Set-Cookie has neither name nor value")
            }
            SetCookieErrorKind::NameValueTooLarge => write!(
                f,
                "name and value are {} bytes, over the {MAX_NAME_VALUE_BYTES}-byte limit",
                self.span.len()
            ),
        }
    }
}

impl std::error::Error for SetCookieError {}

/// Parses one `Set-Cookie` field value by RFC 6265bis §5.6.
///
/// ```text
/// set-cookie-string = name-value-pair *( ";" cookie-av )   ; as browsers read it:
/// name-value-pair   = up to the first ";"; name = before the first "=" (empty if none)
/// cookie-av         = attribute-name [ "=" attribute-value ]
/// ```
/// <https://www.ietf.org/archive/id/draft-ietf-httpbis-rfc6265bis-20.html#section-5.6>
///
/// # Errors
/// [`SetCookieError`] when a browser ignores the whole line: a control
/// character, no name and no value, or name plus value over 4096 bytes.
///
/// ```
/// use authlens::parse::set_cookie::{parse_set_cookie, SameSite};
/// let c = parse_set_cookie("sid=abc123; Path=/; Secure; SameSite=Lax").unwrap();
/// assert_eq!((c.name, c.value, c.secure), ("sid", "abc123", true));
/// assert_eq!(c.same_site, Some(SameSite::Lax));
/// assert_eq!(c.name_span.slice(c.source), Some("sid"));
/// ```
pub fn parse_set_cookie(source: &str) -> Result<SetCookie<'_>, SetCookieError> {
    if let Some(at) = source.bytes().position(is_forbidden_control) {
        return Err(SetCookieError {
            kind: SetCookieErrorKind::ControlCharacter,
            span: Span::new(at, at + 1),
        });
    }
    let pair_end = source.find(';').unwrap_or(source.len());
    let pair = source.get(..pair_end).unwrap_or_default();
    let (name_span, value_span) = match pair.find('=') {
        Some(eq) => (
            trim_span(source, 0, eq),
            trim_span(source, eq + 1, pair_end),
        ),
        None => {
            let value_span = trim_span(source, 0, pair_end);
            (Span::new(value_span.start, value_span.start), value_span)
        }
    };
    let name = name_span.slice(source).unwrap_or_default();
    let value = value_span.slice(source).unwrap_or_default();
    if name.is_empty() && value.is_empty() {
        return Err(SetCookieError {
            kind: SetCookieErrorKind::NoContent,
            span: Span::new(0, pair_end),
        });
    }
    if name.len() + value.len() > MAX_NAME_VALUE_BYTES {
        return Err(SetCookieError {
            kind: SetCookieErrorKind::NameValueTooLarge,
            span: Span::new(name_span.start, value_span.end.max(name_span.end)),
        });
    }
    let mut cookie = SetCookie {
        source,
        name,
        name_span,
        value,
        value_span,
        attributes: Vec::new(),
        expires: None,
        max_age: None,
        domain: None,
        path: None,
        secure: false,
        http_only: false,
        same_site: None,
        partitioned: false,
    };
    let mut start = pair_end;
    while start < source.len() {
        // `start` sits on a ';'.
        let av_start = start + 1;
        let av_end = source
            .get(av_start..)
            .and_then(|rest| rest.find(';'))
            .map_or(source.len(), |i| av_start + i);
        cookie.read_attribute(av_start, av_end);
        start = av_end;
    }
    cookie.mark_overridden();
    Ok(cookie)
}

impl SetCookie<'_> {
    fn read_attribute(&mut self, start: usize, end: usize) {
        let source = self.source;
        let av = source.get(start..end).unwrap_or_default();
        let (name_span, value_span) = match av.find('=') {
            Some(eq) => (
                trim_span(source, start, start + eq),
                trim_span(source, start + eq + 1, end),
            ),
            None => {
                let name_span = trim_span(source, start, end);
                (name_span, Span::new(name_span.end, name_span.end))
            }
        };
        let name = name_span.slice(source).unwrap_or_default();
        let value = value_span.slice(source).unwrap_or_default();
        if name.is_empty() && value.is_empty() && !av.contains('=') {
            // `;;` or a trailing `;` holds no attribute at all.
            return;
        }
        let kind = attribute_kind(name);
        let span = Span::new(name_span.start, value_span.end.max(name_span.end));
        let ignored = if value.len() > MAX_ATTRIBUTE_VALUE_BYTES {
            Some(AttributeIgnored::ValueTooLong)
        } else {
            self.apply(kind, value)
        };
        self.attributes.push(Attribute {
            name,
            name_span,
            value,
            value_span,
            span,
            kind,
            ignored,
        });
    }

    /// Applies one attribute (RFC 6265bis §5.6.1–§5.6.7); later ones replace
    /// earlier ones. Returns why it is ignored, if it is.
    fn apply(&mut self, kind: AttributeKind, value: &str) -> Option<AttributeIgnored> {
        match kind {
            AttributeKind::Expires => match parse_cookie_date(value) {
                Some(at) => self.expires = Some(at),
                None => return Some(AttributeIgnored::InvalidDate),
            },
            AttributeKind::MaxAge => match parse_max_age(value) {
                Some(delta) => self.max_age = Some(delta),
                None => return Some(AttributeIgnored::InvalidMaxAge),
            },
            AttributeKind::Domain => {
                if value.is_empty() {
                    return Some(AttributeIgnored::EmptyDomain);
                }
                let domain = value.strip_prefix('.').unwrap_or(value);
                self.domain = Some(domain.to_ascii_lowercase());
            }
            AttributeKind::Path => {
                self.path = Some(if value.starts_with('/') {
                    CookiePath::Explicit(value.to_owned())
                } else {
                    CookiePath::Default
                });
            }
            AttributeKind::Secure => self.secure = true,
            AttributeKind::HttpOnly => self.http_only = true,
            AttributeKind::Partitioned => self.partitioned = true,
            AttributeKind::SameSite => {
                let mode = [
                    ("none", SameSite::None),
                    ("strict", SameSite::Strict),
                    ("lax", SameSite::Lax),
                ]
                .into_iter()
                .find(|(name, _)| value.eq_ignore_ascii_case(name))
                .map(|(_, mode)| mode);
                self.same_site = Some(mode.unwrap_or(SameSite::Default));
                if mode.is_none() {
                    return Some(AttributeIgnored::UnknownSameSite);
                }
            }
            AttributeKind::Unknown => return Some(AttributeIgnored::UnknownAttribute),
        }
        None
    }

    /// Marks every valid attribute that a later valid one of the same kind
    /// replaces, so a report can show which `Domain=` won.
    fn mark_overridden(&mut self) {
        let mut seen: Vec<AttributeKind> = Vec::new();
        for attribute in self.attributes.iter_mut().rev() {
            // An unknown SameSite value still counts: it sets the mode to Default.
            let counts = attribute.ignored.is_none()
                || attribute.ignored == Some(AttributeIgnored::UnknownSameSite);
            if !counts || attribute.kind == AttributeKind::Unknown {
                continue;
            }
            if seen.contains(&attribute.kind) {
                attribute.ignored = Some(AttributeIgnored::Overridden);
            } else {
                seen.push(attribute.kind);
            }
        }
    }

    /// The effective `SameSite` mode: [`SameSite::Default`] when none was given.
    #[must_use]
    pub fn same_site_mode(&self) -> SameSite {
        self.same_site.unwrap_or(SameSite::Default)
    }

    /// Whether a valid `Path` attribute of exactly `/` is present (the
    /// `__Host-` rule asks for the attribute, not for the default path).
    #[must_use]
    pub fn has_root_path_attribute(&self) -> bool {
        matches!(&self.path, Some(CookiePath::Explicit(p)) if p == "/")
    }

    /// The reasons a browser refuses this cookie when it arrives in a
    /// response from `from`, that need no cookie store (RFC 6265bis §5.7
    /// steps on Domain, Secure and prefixes; Chromium's `SameSite=None`
    /// requires `Secure`). Empty when nothing refuses it.
    ///
    /// ```
    /// use authlens::parse::{set_cookie::{parse_set_cookie, Rejection}, url::Url};
    /// let from = Url::parse("https://www.example.com/").unwrap();
    /// let c = parse_set_cookie("sid=1; Domain=other.example; SameSite=None").unwrap();
    /// let reasons = c.rejections(&from);
    /// assert!(reasons.contains(&Rejection::SameSiteNoneInsecure));
    /// assert!(reasons.iter().any(|r| matches!(r, Rejection::DomainMismatch { .. })));
    /// ```
    #[must_use]
    pub fn rejections(&self, from: &Url) -> Vec<Rejection> {
        let mut reasons = Vec::new();
        if !matches!(from.scheme.as_str(), "http" | "https" | "ws" | "wss") {
            reasons.push(Rejection::NonCookieableScheme {
                scheme: from.scheme.clone(),
            });
        }
        if let Some(domain) = &self.domain {
            if !domain.is_ascii() {
                reasons.push(Rejection::DomainNonAscii {
                    domain: domain.clone(),
                });
            } else if crate::site::is_public_suffix(domain) && *domain != from.host {
                reasons.push(Rejection::DomainPublicSuffix {
                    domain: domain.clone(),
                });
            } else if !domain_match(&from.host, domain) {
                reasons.push(Rejection::DomainMismatch {
                    domain: domain.clone(),
                    host: from.host.clone(),
                });
            }
        }
        if self.secure && !from.is_secure() {
            reasons.push(Rejection::SecureFromInsecureOrigin);
        }
        if self.same_site == Some(SameSite::None) && !self.secure {
            reasons.push(Rejection::SameSiteNoneInsecure);
        }
        if starts_with_ignore_case(self.name, "__Secure-") && !self.secure {
            reasons.push(Rejection::SecurePrefix);
        }
        if starts_with_ignore_case(self.name, "__Host-") {
            let host_only = self.domain.is_none()
                || self.domain.as_deref() == Some(from.host.as_str())
                    && crate::site::is_public_suffix(&from.host);
            if !self.secure || !host_only || !self.has_root_path_attribute() {
                reasons.push(Rejection::HostPrefix {
                    secure: self.secure,
                    domain: self.domain.is_some(),
                    root_path: self.has_root_path_attribute(),
                });
            }
        }
        if self.name.is_empty()
            && (starts_with_ignore_case(self.value, "__Secure-")
                || starts_with_ignore_case(self.value, "__Host-"))
        {
            reasons.push(Rejection::NamelessPrefix);
        }
        reasons
    }

    /// The decoded structure for the report's `parsed` field. The value is a
    /// secret: only its length and a short prefix appear.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

impl fmt::Debug for SetCookie<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetCookie")
            .field("source", &Redacted(self.source))
            .field("name", &self.name)
            .field("name_span", &self.name_span)
            .field("value", &Redacted(self.value))
            .field("value_span", &self.value_span)
            .field("attributes", &self.attributes)
            .field("expires", &self.expires)
            .field("max_age", &self.max_age)
            .field("domain", &self.domain)
            .field("path", &self.path)
            .field("secure", &self.secure)
            .field("http_only", &self.http_only)
            .field("same_site", &self.same_site)
            .field("partitioned", &self.partitioned)
            .finish()
    }
}

/// A secret in `Debug` output: `<redacted: 12 bytes>`, so that a cookie
/// value never lands in logs, panics or test failures.
pub(crate) struct Redacted<'a>(pub(crate) &'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<redacted: {} bytes>", self.0.len())
    }
}

/// `{"name", "name_span", "value": {"length", "prefix"}, "value_span",
/// "attributes": [{"name", "kind", "value", "span", "name_span", "value_span",
/// "ignored"?}], "expires", "max_age", "domain", "path", "secure",
/// "http_only", "same_site", "partitioned"}`.
impl Serialize for SetCookie<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("SetCookie", 13)?;
        map.serialize_field("name", self.name)?;
        map.serialize_field("name_span", &self.name_span)?;
        map.serialize_field("value", &Prefixed(self.value))?;
        map.serialize_field("value_span", &self.value_span)?;
        map.serialize_field("attributes", &self.attributes)?;
        map.serialize_field("expires", &self.expires.map(crate::time::format_rfc3339))?;
        map.serialize_field("max_age", &self.max_age)?;
        map.serialize_field("domain", &self.domain)?;
        map.serialize_field("path", &self.path)?;
        map.serialize_field("secure", &self.secure)?;
        map.serialize_field("http_only", &self.http_only)?;
        map.serialize_field("same_site", &self.same_site)?;
        map.serialize_field("partitioned", &self.partitioned)?;
        map.end()
    }
}

/// `{"name", "kind", "value", "span", "name_span", "value_span"}`, with
/// `"ignored"` only when the browser ignores the attribute.
impl Serialize for Attribute<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", self.name)?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("value", self.value)?;
        map.serialize_entry("span", &self.span)?;
        map.serialize_entry("name_span", &self.name_span)?;
        map.serialize_entry("value_span", &self.value_span)?;
        if let Some(ignored) = &self.ignored {
            map.serialize_entry("ignored", ignored)?;
        }
        map.end()
    }
}

/// Why a browser refuses a `Set-Cookie` it could parse, or one it could not
/// ([`Rejection::Malformed`]). Names follow Chromium's `ExclusionReason`
/// where one exists ([`Rejection::chromium_name`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Rejection {
    /// The line is not a cookie (control character, empty, oversize).
    Malformed {
        /// What is wrong with it.
        kind: SetCookieErrorKind,
    },
    /// Set by a response whose scheme cannot carry cookies (`file:`, `data:`).
    NonCookieableScheme {
        /// The scheme.
        scheme: String,
    },
    /// `Domain` holds non-ASCII characters.
    DomainNonAscii {
        /// The domain as given.
        domain: String,
    },
    /// `Domain` is a public suffix (`com`, `co.uk`, `github.io`) that is not
    /// the setting host itself.
    DomainPublicSuffix {
        /// The domain.
        domain: String,
    },
    /// `Domain` does not domain-match the host that set it.
    DomainMismatch {
        /// The domain.
        domain: String,
        /// The setting host.
        host: String,
    },
    /// `Secure` cookie set by an `http:` response.
    SecureFromInsecureOrigin,
    /// `SameSite=None` without `Secure` (Chromium and current Firefox).
    SameSiteNoneInsecure,
    /// `__Secure-` name without `Secure`.
    SecurePrefix,
    /// `__Host-` name without `Secure`, with `Domain`, or without `Path=/`.
    HostPrefix {
        /// `Secure` was given.
        secure: bool,
        /// `Domain` was given.
        domain: bool,
        /// `Path=/` was given.
        root_path: bool,
    },
    /// A nameless cookie whose value starts with `__Secure-` or `__Host-`.
    NamelessPrefix,
    /// A non-`Secure` cookie from an insecure origin would replace or shadow
    /// a `Secure` cookie of the same name (RFC 6265bis §5.7 step 16).
    OverwriteSecure,
    /// A `SameSite=Lax`/`Strict` cookie set by a cross-site subresource
    /// response (RFC 6265bis §5.7 step 18).
    SameSiteFromCrossSite {
        /// The cookie's mode (`Default` when the policy treats it as Lax).
        mode: SameSite,
    },
    /// Third-party cookies are blocked and the response was cross-site.
    ThirdPartyBlocked,
}

impl Rejection {
    /// Chromium's `CookieInclusionStatus::ExclusionReason` name for this reason.
    #[must_use]
    pub fn chromium_name(&self) -> &'static str {
        match self {
            Self::Malformed { kind } => match kind {
                SetCookieErrorKind::ControlCharacter => "EXCLUDE_DISALLOWED_CHARACTER",
                SetCookieErrorKind::NoContent => "EXCLUDE_NO_COOKIE_CONTENT",
                SetCookieErrorKind::NameValueTooLarge => "EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE",
            },
            Self::NonCookieableScheme { .. } => "EXCLUDE_NONCOOKIEABLE_SCHEME",
            Self::DomainNonAscii { .. } => "EXCLUDE_DOMAIN_NON_ASCII",
            Self::DomainPublicSuffix { .. } | Self::DomainMismatch { .. } => {
                "EXCLUDE_INVALID_DOMAIN"
            }
            Self::SecureFromInsecureOrigin => "EXCLUDE_SECURE_ONLY",
            Self::SameSiteNoneInsecure => "EXCLUDE_SAMESITE_NONE_INSECURE",
            Self::SecurePrefix | Self::HostPrefix { .. } | Self::NamelessPrefix => {
                "EXCLUDE_INVALID_PREFIX"
            }
            Self::OverwriteSecure => "EXCLUDE_OVERWRITE_SECURE",
            Self::SameSiteFromCrossSite { mode } => match mode {
                SameSite::Strict => "EXCLUDE_SAMESITE_STRICT",
                SameSite::Default => "EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX",
                SameSite::Lax | SameSite::None => "EXCLUDE_SAMESITE_LAX",
            },
            Self::ThirdPartyBlocked => "EXCLUDE_THIRD_PARTY_PHASEOUT",
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { kind } => match kind {
                SetCookieErrorKind::ControlCharacter => {
                    f.write_str("it contains a control character")
                }
                SetCookieErrorKind::NoContent => f.write_str("it has neither name nor value"),
                SetCookieErrorKind::NameValueTooLarge => {
                    write!(f, "name and value exceed {MAX_NAME_VALUE_BYTES} bytes")
                }
            },
            Self::NonCookieableScheme { scheme } => {
                write!(f, "`{scheme}:` responses cannot set cookies")
            }
            Self::DomainNonAscii { domain } => write!(f, "Domain `{domain}` is not ASCII"),
            Self::DomainPublicSuffix { domain } => {
                write!(f, "Domain `{domain}` is a public suffix")
            }
            Self::DomainMismatch { domain, host } => {
                write!(
                    f,
                    "Domain `{domain}` does not cover the setting host `{host}`"
                )
            }
            Self::SecureFromInsecureOrigin => {
                f.write_str("a Secure cookie cannot be set from http:")
            }
            Self::SameSiteNoneInsecure => f.write_str("SameSite=None requires Secure"),
            Self::SecurePrefix => f.write_str("a __Secure- cookie must have Secure"),
            Self::HostPrefix { .. } => {
                f.write_str("a __Host- cookie must have Secure and Path=/ and no Domain")
            }
            Self::NamelessPrefix => {
                f.write_str("a nameless cookie's value cannot start with __Secure- or __Host-")
            }
            Self::OverwriteSecure => f.write_str(
                "an insecure response cannot overwrite a Secure cookie of the same name",
            ),
            Self::SameSiteFromCrossSite { .. } => f.write_str(
                "a cross-site subresource response cannot set a SameSite=Lax/Strict cookie",
            ),
            Self::ThirdPartyBlocked => f.write_str("third-party cookies are blocked"),
        }
    }
}

/// A secret value as the report shows it: its length and at most four
/// leading characters, fewer for short values so that the whole value is
/// never revealed (at most half of it shows).
#[must_use]
pub fn redacted_value(value: &str) -> Value {
    to_value(&Prefixed(value))
}

/// Whether `host` domain-matches `domain` (RFC 6265bis §5.1.3): equal, or
/// `host` ends with `.domain` and is a name, not an IP address. Both are
/// expected lowercase.
#[must_use]
pub fn domain_match(host: &str, domain: &str) -> bool {
    if host == domain {
        return true;
    }
    host.strip_suffix(domain)
        .is_some_and(|head| head.ends_with('.'))
        && !crate::parse::url::is_ip_address(host)
}

/// Whether `request_path` path-matches `cookie_path` (RFC 6265bis §5.1.4).
#[must_use]
pub fn path_match(request_path: &str, cookie_path: &str) -> bool {
    match request_path.strip_prefix(cookie_path) {
        Some(rest) => rest.is_empty() || cookie_path.ends_with('/') || rest.starts_with('/'),
        None => false,
    }
}

/// The default-path of a URL path (RFC 6265bis §5.1.4): the directory part,
/// `/` when there is none.
#[must_use]
pub fn default_path(uri_path: &str) -> &str {
    if !uri_path.starts_with('/') {
        return "/";
    }
    match uri_path.rfind('/') {
        Some(0) | None => "/",
        Some(last) => uri_path.get(..last).unwrap_or("/"),
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn is_forbidden_control(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0A..=0x1F | 0x7F)
}

fn attribute_kind(name: &str) -> AttributeKind {
    [
        ("expires", AttributeKind::Expires),
        ("max-age", AttributeKind::MaxAge),
        ("domain", AttributeKind::Domain),
        ("path", AttributeKind::Path),
        ("secure", AttributeKind::Secure),
        ("httponly", AttributeKind::HttpOnly),
        ("samesite", AttributeKind::SameSite),
        ("partitioned", AttributeKind::Partitioned),
    ]
    .into_iter()
    .find(|(known, _)| name.eq_ignore_ascii_case(known))
    .map_or(AttributeKind::Unknown, |(_, kind)| kind)
}

/// `Max-Age` per §5.6.2: an optional `-` then digits only. Huge values
/// saturate instead of failing, as browsers clamp them.
fn parse_max_age(value: &str) -> Option<i64> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0_i64, |acc, b| {
        acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// The span of `source[start..end]` without leading and trailing space or tab.
fn trim_span(source: &str, start: usize, end: usize) -> Span {
    let text = source.get(start..end).unwrap_or_default();
    let is_wsp = |c: char| c == ' ' || c == '\t';
    let leading = text.len() - text.trim_start_matches(is_wsp).len();
    let trimmed_end = text.trim_end_matches(is_wsp).len();
    if trimmed_end <= leading {
        return Span::new(start + leading, start + leading);
    }
    Span::new(start + leading, start + trimmed_end)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn name_value_table() {
        for (input, name, value) in [
            ("foo=bar", "foo", "bar"),
            ("  A  = BC  ;foo;;;   bar", "A", "BC"),
            ("  A=== BC  ;foo", "A", "== BC"),
            ("foo", "", "foo"),
            ("=ABC", "", "ABC"),
            ("ABC=;  path = /", "ABC", ""),
            ("aBc=\"zz;pp\" ; ;", "aBc", "\"zz"),
            ("a=b\t", "a", "b"),
        ] {
            let c = parse_set_cookie(input).unwrap();
            assert_eq!((c.name, c.value), (name, value), "{input}");
            assert_eq!(c.name_span.slice(input), Some(name));
            assert_eq!(c.value_span.slice(input), Some(value));
        }
    }

    #[test]
    fn whole_line_errors() {
        for (input, kind) in [
            ("", SetCookieErrorKind::NoContent),
            ("   ", SetCookieErrorKind::NoContent),
            ("=", SetCookieErrorKind::NoContent),
            ("; bar", SetCookieErrorKind::NoContent),
            ("a=b\u{1}c", SetCookieErrorKind::ControlCharacter),
            ("a=b; Path=/\r", SetCookieErrorKind::ControlCharacter),
        ] {
            assert_eq!(parse_set_cookie(input).unwrap_err().kind, kind, "{input:?}");
        }
        let big = format!("a={}", "b".repeat(4095));
        assert!(parse_set_cookie(&big).is_ok());
        let too_big = format!("a={}", "b".repeat(4096));
        assert_eq!(
            parse_set_cookie(&too_big).unwrap_err().kind,
            SetCookieErrorKind::NameValueTooLarge
        );
    }

    #[test]
    fn attributes() {
        let c = parse_set_cookie(
            "a=b; Domain=.Example.COM; path=/x; max-age=2.5; Max-Age=60; SameSite=lax; SameSite=bogus; secure; HTTPONLY; Partitioned; Expires=Wed, 09 Jun 2021 10:18:14 GMT; foo=bar",
        )
        .unwrap();
        assert_eq!(c.domain.as_deref(), Some("example.com"));
        assert_eq!(c.path, Some(CookiePath::Explicit("/x".to_owned())));
        assert_eq!(c.max_age, Some(60));
        assert_eq!(c.same_site, Some(SameSite::Default));
        assert!(c.secure && c.http_only && c.partitioned);
        assert_eq!(c.expires, Some(1_623_233_894));
        assert_eq!(
            c.attributes[2].ignored,
            Some(AttributeIgnored::InvalidMaxAge)
        );
        assert_eq!(c.attributes[4].ignored, Some(AttributeIgnored::Overridden));
        assert_eq!(
            c.attributes[0].value_span.slice(c.source),
            Some(".Example.COM")
        );
        let long = format!("a=b; Path=/{}", "x".repeat(1024));
        let c = parse_set_cookie(&long).unwrap();
        assert_eq!(c.path, None);
        assert_eq!(
            c.attributes[0].ignored,
            Some(AttributeIgnored::ValueTooLong)
        );
    }

    #[test]
    fn max_age_forms() {
        for (input, expected) in [
            ("0", Some(0)),
            ("-1", Some(-1)),
            ("60", Some(60)),
            ("+5", None),
            ("", None),
            ("-", None),
            ("1e3", None),
            ("99999999999999999999999", Some(i64::MAX)),
        ] {
            assert_eq!(parse_max_age(input), expected, "{input}");
        }
    }

    #[test]
    fn matching_helpers() {
        assert!(domain_match("a.example.com", "example.com"));
        assert!(!domain_match("aexample.com", "example.com"));
        assert!(!domain_match("1.2.3.4", "2.3.4"));
        assert!(path_match("/api/users", "/api"));
        assert!(path_match("/api", "/api"));
        assert!(path_match("/api/x", "/api/"));
        assert!(!path_match("/apiv2", "/api"));
        assert_eq!(default_path("/auth/login"), "/auth");
        assert_eq!(default_path("/login"), "/");
        assert_eq!(default_path(""), "/");
        assert_eq!(default_path("/a/b/"), "/a/b");
    }

    #[test]
    fn rejections_table() {
        let https = Url::parse("https://www.example.com/").unwrap();
        let http = Url::parse("http://www.example.com/").unwrap();
        for (input, from, expected) in [
            ("sid=1; Secure", &http, vec!["EXCLUDE_SECURE_ONLY"]),
            (
                "sid=1; SameSite=None",
                &https,
                vec!["EXCLUDE_SAMESITE_NONE_INSECURE"],
            ),
            ("sid=1; Domain=com", &https, vec!["EXCLUDE_INVALID_DOMAIN"]),
            (
                "sid=1; Domain=other.example",
                &https,
                vec!["EXCLUDE_INVALID_DOMAIN"],
            ),
            ("__Secure-a=1", &https, vec!["EXCLUDE_INVALID_PREFIX"]),
            (
                "__Host-a=1; Secure; Path=/; Domain=example.com",
                &https,
                vec!["EXCLUDE_INVALID_PREFIX"],
            ),
            ("__Host-a=1; Secure", &https, vec!["EXCLUDE_INVALID_PREFIX"]),
            ("__Host-a=1; Secure; Path=/", &https, vec![]),
            ("__Secure-a", &https, vec!["EXCLUDE_INVALID_PREFIX"]),
            ("sid=1; Domain=example.com", &https, vec![]),
        ] {
            let c = parse_set_cookie(input).unwrap();
            let names: Vec<_> = c
                .rejections(from)
                .iter()
                .map(Rejection::chromium_name)
                .collect();
            assert_eq!(names, expected, "{input}");
        }
    }

    #[test]
    fn json_never_shows_the_value() {
        let c = parse_set_cookie("sid=supersecretvalue; Path=/").unwrap();
        let text = c.to_json().to_string();
        assert!(!text.contains("supersecretvalue"), "{text}");
        assert!(text.contains("\"prefix\":\"supe\""), "{text}");
        let debug = format!("{c:?}");
        assert!(!debug.contains("supersecretvalue"), "{debug}");
        assert!(debug.contains("<redacted: 16 bytes>"), "{debug}");
        let pairs = format!(
            "{:?}",
            crate::parse::cookie::parse_cookie("sid=supersecretvalue")
        );
        assert!(!pairs.contains("supersecretvalue"), "{pairs}");
        let short = parse_set_cookie("sid=1").unwrap().to_json().to_string();
        assert!(short.contains("\"prefix\":\"\""), "{short}");
    }
}

#[cfg(test)]
mod parsed_dispatch_tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    #[test]
    fn report_parsed_field_for_cookie_headers() {
        let set =
            crate::parse::parsed("Set-Cookie", "session=s3cr3tvalue; Path=/; HttpOnly").unwrap();
        assert_eq!(set["name"], "session");
        assert_eq!(set["value"]["length"], 11);
        assert_eq!(set["attributes"][0]["kind"], "path");
        assert!(!set.to_string().contains("s3cr3tvalue"));
        let bad = crate::parse::parsed("set-cookie", "a=b\u{7f}").unwrap();
        assert_eq!(bad["error"]["kind"], "control-character");
        assert_eq!(bad["error"]["span"]["start"], 3);
        let cookie = crate::parse::parsed("COOKIE", "a=hello; b=world").unwrap();
        assert_eq!(cookie["cookies"][1]["name"], "b");
        assert!(!cookie.to_string().contains("world"));
        assert_eq!(crate::parse::parsed("X-Other", "a=b"), None);
    }
}
