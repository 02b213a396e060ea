//! `WWW-Authenticate` and `Proxy-Authenticate` (RFC 9110 §11.6.1, §11.7.1):
//! a list of challenges, each a scheme with a token68 or auth-params.
//!
//! Two readings share one scanner. [`parse_challenges_strict`] follows the
//! RFC grammar and rejects the first deviation; [`parse_challenges`] reads
//! what servers really send the way browsers do (missing commas, unquoted
//! values with spaces, a missing closing quote, a comma straight after the
//! scheme) and reports each deviation as a warning with its byte range, so
//! the page can show both the reading and what is wrong with the field.

use super::json::NameSet;
use std::borrow::Cow;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::json::{to_value, Located, OrError};
use crate::span::Span;

/// One challenge: a scheme with either a token68 or auth-params (or neither).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge<'a> {
    /// The scheme as written (compare with `eq_ignore_ascii_case`).
    pub scheme: &'a str,
    /// Where the scheme stands in the field value.
    pub scheme_span: Span,
    /// The token68 form (`Negotiate YII…`), when the challenge uses it.
    pub token68: Option<Token68<'a>>,
    /// The auth-params in order, as read.
    pub params: Vec<Param<'a>>,
}

impl<'a> Challenge<'a> {
    /// The first parameter called `name` (ASCII case-insensitive).
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&Param<'a>> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The challenge as the report shows it: scheme, token68, params.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// `{"scheme": …, "token68": … | null, "params": [[name, value], …]}`.
impl Serialize for Challenge<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("Challenge", 3)?;
        map.serialize_field("scheme", self.scheme)?;
        map.serialize_field("token68", &self.token68.map(|t| t.text))?;
        map.serialize_field("params", &ParamsJson(&self.params))?;
        map.end()
    }
}

/// Auth-params as `[[name, value], …]`.
pub(crate) struct ParamsJson<'p, 'a>(pub(crate) &'p [Param<'a>]);

impl Serialize for ParamsJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|p| (p.name, &*p.value)))
    }
}

/// A token68 value (`1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token68<'a> {
    /// The token as written.
    pub text: &'a str,
    /// Where it stands in the field value.
    pub span: Span,
}

/// One auth-param `name=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param<'a> {
    /// The name as written (compare with `eq_ignore_ascii_case`).
    pub name: &'a str,
    /// Where the name stands.
    pub name_span: Span,
    /// The value with quoted-string escapes removed.
    pub value: Cow<'a, str>,
    /// Where the value stands as written, quotes included.
    pub value_span: Span,
    /// Whether the value was a quoted-string.
    pub quoted: bool,
}

/// The lenient reading of a field value: challenges plus what broke the
/// grammar on the way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Challenges<'a> {
    /// The challenges in order.
    pub challenges: Vec<Challenge<'a>>,
    /// Deviations from RFC 9110 that the reading stepped over.
    pub warnings: Vec<ParseError>,
}

impl Challenges<'_> {
    /// The `parsed` object of the JSON report (`contracts.md`).
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// `{"challenges": […], "warnings": [{"offset": n, "message": …}, …]}`.
impl Serialize for Challenges<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("Challenges", 2)?;
        map.serialize_field("challenges", &self.challenges)?;
        map.serialize_field("warnings", &self.warnings)?;
        map.end()
    }
}

/// Why a field value (or part of it) breaks the grammar, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What was wrong.
    pub kind: ParseErrorKind,
    /// The bytes it concerns (empty at the point where something was expected).
    pub span: Span,
}

impl ParseError {
    pub(crate) const fn new(kind: ParseErrorKind, start: usize, end: usize) -> Self {
        Self {
            kind,
            span: Span::new(start, end),
        }
    }

    /// `{"offset": n, "message": "..."}` as the report's warnings and errors use.
    #[must_use]
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

/// `{"offset": n, "message": "..."}`.
impl Serialize for ParseError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Located {
            offset: self.span.start,
            message: &self.kind,
        }
        .serialize(serializer)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.span.start)
    }
}

impl std::error::Error for ParseError {}

/// The ways a challenge list breaks RFC 9110.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// No challenge at all (empty value or only commas).
    NoChallenge,
    /// A list element does not start with an auth-scheme token.
    ExpectedScheme,
    /// The scheme is followed by something other than a space, a comma or the end.
    ExpectedSpaceAfterScheme,
    /// An auth-param where a new challenge should start (`Basic, realm="x"`).
    ParamWithoutScheme,
    /// Something that is neither token68 nor an auth-param after the scheme.
    ExpectedParam,
    /// `name=` with no value.
    ExpectedValue,
    /// An unquoted value holding characters a token may not (spaces, `@`, `\`, …).
    InvalidTokenValue,
    /// A quoted-string that never closes.
    UnterminatedQuote,
    /// A control character inside a quoted-string.
    ControlInQuote,
    /// Two auth-params separated by whitespace instead of a comma.
    MissingComma,
    /// Two challenges separated by whitespace instead of a comma.
    MissingCommaBetweenChallenges,
    /// Text after a token68 other than a comma.
    TrailingAfterToken68,
    /// Text after a quoted-string other than a comma.
    TrailingAfterQuotedString,
    /// The same parameter name twice in one challenge (RFC 9110 §11.2).
    DuplicateParam,
    /// Obsolete line folding (CRLF followed by whitespace) inside the value.
    ObsFold,
    /// A bare CR or LF in the value.
    LineBreak,
    /// `Authorization` with a scheme but no credentials after it.
    NoCredentials,
    /// The scheme written twice (`Bearer Bearer …`): a token stored with its prefix.
    DoubledScheme,
    /// A token68 wrapped in quotes (a JSON string copied verbatim).
    QuotedToken68,
    /// Whitespace inside a token68.
    WhitespaceInToken68,
    /// A character outside the token68 alphabet.
    InvalidToken68Char,
    /// More than one set of credentials in one `Authorization` value.
    ExtraCredentials,
    /// Base64 that cannot decode (a length no encoder produces).
    InvalidBase64,
    /// Basic credentials without the `:` between user-id and password.
    NoColon,
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoChallenge => "no challenge: expected an auth-scheme such as Basic or Bearer",
            Self::ExpectedScheme => "expected an auth-scheme (a token) to start a challenge",
            Self::ExpectedSpaceAfterScheme => {
                "expected a space, a comma or the end after the auth-scheme"
            }
            Self::ParamWithoutScheme => {
                "expected an auth-scheme, found a parameter: a comma directly after the scheme ends that challenge"
            }
            Self::ExpectedParam => "expected a token68 or name=value parameters after the scheme",
            Self::ExpectedValue => "expected a token or a quoted-string after '='",
            Self::InvalidTokenValue => {
                "unquoted value holds characters a token may not (space, '@', '\\', …); it should be quoted"
            }
            Self::UnterminatedQuote => "quoted-string is not closed: expected '\"'",
            Self::ControlInQuote => "control character inside a quoted-string",
            Self::MissingComma => "expected ',' between parameters, found only whitespace",
            Self::MissingCommaBetweenChallenges => {
                "expected ',' between challenges, found only whitespace"
            }
            Self::TrailingAfterToken68 => "expected ',' or the end after the token68",
            Self::TrailingAfterQuotedString => "expected ',' or the end after the quoted-string",
            Self::DuplicateParam => {
                "parameter name repeated in one challenge (RFC 9110 §11.2 allows each once)"
            }
            Self::ObsFold => "obsolete line folding (CRLF followed by whitespace) inside the value",
            Self::LineBreak => "line break inside the value",
            Self::NoCredentials => "expected credentials after the auth-scheme, found nothing",
            Self::DoubledScheme => "auth-scheme written twice: the stored token already carried its prefix",
            Self::QuotedToken68 => "token wrapped in quotes: credentials are a bare token68, not a quoted-string",
            Self::WhitespaceInToken68 => "whitespace inside the token: a token68 has none",
            Self::InvalidToken68Char => {
                "character outside the token68 alphabet (A-Z a-z 0-9 - . _ ~ + / and trailing =)"
            }
            Self::ExtraCredentials => "expected one set of credentials, found more after a comma",
            Self::InvalidBase64 => "not base64: its length cannot be decoded",
            Self::NoColon => "decoded credentials have no ':' between user-id and password",
        })
    }
}

/// Reads a `WWW-Authenticate` or `Proxy-Authenticate` value leniently, as
/// browsers do, keeping every deviation from the grammar as a warning.
///
/// ```text
/// WWW-Authenticate = #challenge                       ; RFC 9110 §11.6.1
/// challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
/// auth-scheme = token
/// auth-param  = token BWS "=" BWS ( token / quoted-string )
/// token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
/// #element    = [ element ] *( OWS "," OWS [ element ] ) ; §5.6.1.2
/// ```
/// <https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1>
///
/// # Errors
/// When no challenge can be read at all (empty value, only commas, or
/// nothing that starts like a challenge): the first problem and where it is.
///
/// # Examples
/// ```
/// use authlens::parse::www_authenticate::parse_challenges;
/// let read = parse_challenges(r#"Basic realm="a b",charset=UTF-8, Bearer"#).unwrap();
/// assert_eq!(read.challenges.len(), 2);
/// assert_eq!(read.challenges[0].param("Realm").map(|p| &*p.value), Some("a b"));
/// assert!(read.warnings.is_empty());
/// ```
pub fn parse_challenges(value: &str) -> Result<Challenges<'_>, ParseError> {
    let (challenges, warnings) = Scanner::new(value).challenges();
    if challenges.is_empty() {
        let first = warnings.into_iter().next();
        return Err(first.unwrap_or(ParseError::new(ParseErrorKind::NoChallenge, 0, value.len())));
    }
    Ok(Challenges {
        challenges,
        warnings,
    })
}

/// Reads a `WWW-Authenticate` or `Proxy-Authenticate` value by the RFC 9110
/// grammar alone (see [`parse_challenges`] for the ABNF).
///
/// <https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1>
///
/// # Errors
/// The first place the value breaks the grammar, including a repeated
/// parameter name and a value with no challenge.
///
/// # Examples
/// ```
/// use authlens::parse::www_authenticate::{parse_challenges_strict, ParseErrorKind};
/// let err = parse_challenges_strict(r#"Basic realm="x"#).unwrap_err();
/// assert_eq!(err.kind, ParseErrorKind::UnterminatedQuote);
/// assert_eq!(err.span.start, 12);
/// ```
pub fn parse_challenges_strict(value: &str) -> Result<Vec<Challenge<'_>>, ParseError> {
    let read = parse_challenges(value)?;
    match read.warnings.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(read.challenges),
    }
}

/// The report's `parsed` value for a challenge field: the lenient reading
/// with warnings, or `{"error": {...}}` when nothing can be read.
///
/// ```
/// let json = authlens::parse::www_authenticate::to_json("Basic realm=x y");
/// assert_eq!(json["challenges"][0]["params"][0][1], "x y");
/// assert_eq!(json["warnings"][0]["offset"], 12);
/// ```
#[must_use]
pub fn to_json(value: &str) -> Value {
    to_value(&json(value))
}

/// [`to_json`]'s value, serialized straight into the report.
#[must_use]
pub fn json(value: &str) -> impl Serialize + '_ {
    OrError(parse_challenges(value))
}

/// tchar (RFC 9110 §5.6.2).
pub(crate) const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`'
        | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// token68 characters before the trailing `=` padding (RFC 9110 §11.2).
pub(crate) const fn is_token68_char(b: u8) -> bool {
    matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// Scheme names worth recognising when a missing comma leaves it unclear
/// whether a word starts a new challenge.
const KNOWN_SCHEMES: &[&str] = &[
    "basic",
    "bearer",
    "digest",
    "negotiate",
    "ntlm",
    "dpop",
    "hoba",
    "mutual",
    "vapid",
    "scram-sha-1",
    "scram-sha-256",
    "aws4-hmac-sha256",
    "kerberos",
];

/// Most warnings kept for one field value.
pub const MAX_WARNINGS: usize = 32;

/// A byte cursor over the field value. Every position it stops at is an
/// ASCII byte or the end, so spans always fall on char boundaries.
pub(crate) struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    issues: Vec<ParseError>,
}

impl<'a> Scanner<'a> {
    pub(crate) const fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            issues: Vec::new(),
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }

    fn peek(&self) -> Option<u8> {
        self.byte(self.pos)
    }

    fn text(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or_default()
    }

    fn issue(&mut self, kind: ParseErrorKind, start: usize, end: usize) {
        // A broken megabyte header would otherwise carry a warning per
        // element; the first ones explain it and the rest only weigh.
        if self.issues.len() < MAX_WARNINGS {
            self.issues.push(ParseError::new(kind, start, end));
        }
    }

    /// End of the whitespace run at `at` (SP, HTAB, and CR/LF, which the
    /// lenient reading treats as folding).
    fn ows_end(&self, mut at: usize) -> usize {
        while matches!(self.byte(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            at += 1;
        }
        at
    }

    /// Skips whitespace, noting line breaks.
    fn skip_ows(&mut self) {
        let end = self.ows_end(self.pos);
        let mut at = self.pos;
        while at < end {
            match self.byte(at) {
                Some(b'\r') if self.byte(at + 1) == Some(b'\n') => {
                    if matches!(self.byte(at + 2), Some(b' ' | b'\t')) {
                        self.issue(ParseErrorKind::ObsFold, at, at + 2);
                    } else {
                        self.issue(ParseErrorKind::LineBreak, at, at + 2);
                    }
                    at += 2;
                }
                Some(b'\n') => {
                    let kind = if matches!(self.byte(at + 1), Some(b' ' | b'\t')) {
                        ParseErrorKind::ObsFold
                    } else {
                        ParseErrorKind::LineBreak
                    };
                    self.issue(kind, at, at + 1);
                    at += 1;
                }
                Some(b'\r') => {
                    self.issue(ParseErrorKind::LineBreak, at, at + 1);
                    at += 1;
                }
                _ => at += 1,
            }
        }
        self.pos = end;
    }

    fn token_end(&self, mut at: usize) -> usize {
        while self.byte(at).is_some_and(is_tchar) {
            at += 1;
        }
        at
    }

    fn token68_end(&self, start: usize) -> usize {
        let mut at = start;
        while self.byte(at).is_some_and(is_token68_char) {
            at += 1;
        }
        if at == start {
            return start;
        }
        while self.byte(at) == Some(b'=') {
            at += 1;
        }
        at
    }

    /// Position of the next `,`, or the end. Quotes are not honoured: this
    /// only skips text already known to be broken, up to where a list
    /// element is likely to start again.
    fn comma_or_end(&self, from: usize) -> usize {
        self.src
            .get(from..)
            .and_then(|rest| rest.find(','))
            .map_or(self.src.len(), |i| from + i)
    }

    /// `end` moved back over trailing whitespace, but not before `start`.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && matches!(self.byte(end - 1), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            end -= 1;
        }
        end
    }

    fn at_list_end(&self, at: usize) -> bool {
        matches!(self.byte(self.ows_end(at)), None | Some(b','))
    }

    /// Whether a token at `at` is followed by `BWS "="`: an auth-param starts here.
    fn param_starts(&self, at: usize) -> bool {
        let end = self.token_end(at);
        end > at && self.byte(self.ows_end(end)) == Some(b'=')
    }

    /// Whether the text at `at` reads as a challenge that lost its leading
    /// comma: a known scheme, or any token followed by space and a parameter.
    fn challenge_starts(&self, at: usize) -> bool {
        let end = self.token_end(at);
        if end == at || !matches!(self.byte(end), Some(b' ' | b'\t')) {
            return false;
        }
        let word = self.text(at, end);
        KNOWN_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(word))
            || self.param_starts(self.ows_end(end))
    }

    fn char_len_at(&self, at: usize) -> usize {
        self.src
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8)
    }

    /// Reads the whole value as a challenge list.
    pub(crate) fn challenges(mut self) -> (Vec<Challenge<'a>>, Vec<ParseError>) {
        let mut out: Vec<Challenge<'a>> = Vec::new();
        loop {
            self.skip_ows();
            let start = self.pos;
            match self.peek() {
                None => break,
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let end = self.token_end(start);
            if end == start {
                let junk_end = self
                    .comma_or_end(start)
                    .max(start + self.char_len_at(start));
                self.issue(ParseErrorKind::ExpectedScheme, start, junk_end);
                self.pos = junk_end;
                continue;
            }
            if self.param_starts(start) {
                self.issue(ParseErrorKind::ParamWithoutScheme, start, end);
                if let Some(last) = out.last_mut() {
                    self.params(last);
                } else {
                    let mut orphan = Challenge {
                        scheme: "",
                        scheme_span: Span::new(start, start),
                        token68: None,
                        params: Vec::new(),
                    };
                    self.params(&mut orphan);
                }
                continue;
            }
            self.pos = end;
            let mut challenge = Challenge {
                scheme: self.text(start, end),
                scheme_span: Span::new(start, end),
                token68: None,
                params: Vec::new(),
            };
            self.after_scheme(&mut challenge);
            out.push(challenge);
        }
        (out, self.issues)
    }

    /// Reads what follows a scheme: nothing, a token68 or auth-params.
    fn after_scheme(&mut self, challenge: &mut Challenge<'a>) {
        match self.peek() {
            None | Some(b',') => return,
            Some(b' ') => {}
            Some(b'\t' | b'\r' | b'\n') => {
                if self.peek() == Some(b'\t') {
                    self.issue(
                        ParseErrorKind::ExpectedSpaceAfterScheme,
                        self.pos,
                        self.pos + 1,
                    );
                }
            }
            Some(_) => {
                let end = self.comma_or_end(self.pos);
                self.issue(ParseErrorKind::ExpectedSpaceAfterScheme, self.pos, end);
                self.pos = end;
                return;
            }
        }
        self.skip_ows();
        let start = self.pos;
        match self.peek() {
            None => return,
            Some(b',') => {
                // `Basic , realm="x"`: a param list that opens with an empty element.
                self.params(challenge);
                return;
            }
            _ => {}
        }
        let t68 = self.token68_end(start);
        if t68 > start && self.at_list_end(t68) {
            challenge.token68 = Some(Token68 {
                text: self.text(start, t68),
                span: Span::new(start, t68),
            });
            self.pos = t68;
            return;
        }
        if self.param_starts(start) {
            self.params(challenge);
            return;
        }
        if t68 > start {
            // A token68 followed by more words: either a challenge that
            // lost its comma (`close Bearer realm=…`) or junk after the token.
            if self.token_end(start) == t68 && self.challenge_starts(start) {
                self.issue(ParseErrorKind::MissingCommaBetweenChallenges, start, t68);
                return;
            }
            challenge.token68 = Some(Token68 {
                text: self.text(start, t68),
                span: Span::new(start, t68),
            });
            let end = self.comma_or_end(t68);
            self.issue(ParseErrorKind::TrailingAfterToken68, self.ows_end(t68), end);
            self.pos = end;
            return;
        }
        let end = self
            .comma_or_end(start)
            .max(start + self.char_len_at(start));
        self.issue(ParseErrorKind::ExpectedParam, start, end);
        self.pos = end;
    }

    /// Reads `#auth-param` into `challenge`, stopping before a list element
    /// that starts the next challenge.
    fn params(&mut self, challenge: &mut Challenge<'a>) {
        // A set, not a scan of the params, so a value with thousands of
        // params stays linear.
        let mut seen = NameSet::default();
        for p in &challenge.params {
            seen.insert(p.name.to_ascii_lowercase());
        }
        loop {
            self.skip_ows();
            let start = self.pos;
            match self.peek() {
                None => return,
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            if !self.param_starts(start) {
                if self.token_end(start) == start {
                    let end = self
                        .comma_or_end(start)
                        .max(start + self.char_len_at(start));
                    self.issue(ParseErrorKind::ExpectedParam, start, end);
                    self.pos = end;
                    continue;
                }
                // The next challenge.
                return;
            }
            let name_end = self.token_end(start);
            self.pos = name_end;
            self.skip_ows();
            self.pos += 1; // the '=' that param_starts saw
            self.skip_ows();
            let param = self.param_value(start, name_end);
            if !seen.insert(param.name.to_ascii_lowercase()) {
                self.issue(ParseErrorKind::DuplicateParam, start, name_end);
            }
            let quoted = param.quoted;
            let value_start = param.value_span.start;
            challenge.params.push(param);
            // What follows the value: a comma, the end, or a deviation.
            let after = self.ows_end(self.pos);
            match self.byte(after) {
                None | Some(b',') => continue,
                Some(_) => {}
            }
            if self.param_starts(after) {
                self.issue(ParseErrorKind::MissingComma, self.pos, after);
                self.skip_ows();
                continue;
            }
            if self.challenge_starts(after) {
                self.issue(
                    ParseErrorKind::MissingCommaBetweenChallenges,
                    self.pos,
                    after,
                );
                self.skip_ows();
                return;
            }
            let end = self.comma_or_end(after);
            if quoted {
                self.issue(ParseErrorKind::TrailingAfterQuotedString, after, end);
            } else if let Some(last) = challenge.params.last_mut() {
                // `realm=Thunder Bluff`: an unquoted value with spaces.
                let value_end = self.trim_end(value_start, end);
                self.issue(ParseErrorKind::InvalidTokenValue, value_start, value_end);
                last.value = Cow::Borrowed(self.text(value_start, value_end));
                last.value_span = Span::new(value_start, value_end);
            }
            self.pos = end;
        }
    }

    /// Reads the value of the param whose name is `name_start..name_end`;
    /// the cursor stands after `BWS "=" BWS`.
    fn param_value(&mut self, name_start: usize, name_end: usize) -> Param<'a> {
        let name = self.text(name_start, name_end);
        let start = self.pos;
        if self.peek() == Some(b'"') {
            let (value, end) = self.quoted_string(start);
            self.pos = end;
            return Param {
                name,
                name_span: Span::new(name_start, name_end),
                value,
                value_span: Span::new(start, end),
                quoted: true,
            };
        }
        let mut end = self.token_end(start);
        let glued = !matches!(
            self.byte(end),
            None | Some(b',' | b' ' | b'\t' | b'\r' | b'\n')
        );
        if glued {
            // `realm=foo@bar`, `realm=\f\o\o`: read up to the next comma.
            end = self.trim_end(start, self.comma_or_end(end));
            self.issue(ParseErrorKind::InvalidTokenValue, start, end);
        } else if end == start {
            self.issue(ParseErrorKind::ExpectedValue, start, start);
        }
        self.pos = end;
        Param {
            name,
            name_span: Span::new(name_start, name_end),
            value: Cow::Borrowed(self.text(start, end)),
            value_span: Span::new(start, end),
            quoted: false,
        }
    }

    /// Reads the quoted-string opening at `open`; returns its unescaped
    /// content and the position after the closing quote.
    ///
    /// ```text
    /// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE   ; RFC 9110 §5.6.4
    /// qdtext        = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
    /// quoted-pair   = "\" ( HTAB / SP / VCHAR / obs-text )
    /// ```
    fn quoted_string(&mut self, open: usize) -> (Cow<'a, str>, usize) {
        let inner_start = open + 1;
        let rest = self.src.get(inner_start..).unwrap_or_default();
        let mut owned: Option<String> = None;
        let mut chars = rest.char_indices();
        let mut control_noted = false;
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let close = inner_start + i;
                    let value = owned
                        .map_or_else(|| Cow::Borrowed(self.text(inner_start, close)), Cow::Owned);
                    return (value, close + 1);
                }
                '\\' => {
                    let buf =
                        owned.get_or_insert_with(|| rest.get(..i).unwrap_or_default().to_owned());
                    if let Some((_, escaped)) = chars.next() {
                        buf.push(escaped);
                    }
                }
                _ => {
                    if c.is_ascii_control() && c != '\t' && !control_noted {
                        control_noted = true;
                        let at = inner_start + i;
                        self.issue(ParseErrorKind::ControlInQuote, at, at + 1);
                    }
                    if let Some(buf) = owned.as_mut() {
                        buf.push(c);
                    }
                }
            }
        }
        let end = self.src.len();
        self.issue(ParseErrorKind::UnterminatedQuote, open, end);
        let value = owned.map_or_else(|| Cow::Borrowed(self.text(inner_start, end)), Cow::Owned);
        (value, end)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    type Reading = (String, Option<String>, Vec<(String, String)>);

    fn read(value: &str) -> Vec<Reading> {
        parse_challenges(value)
            .unwrap()
            .challenges
            .iter()
            .map(|c| {
                (
                    c.scheme.to_owned(),
                    c.token68.map(|t| t.text.to_owned()),
                    c.params
                        .iter()
                        .map(|p| (p.name.to_owned(), p.value.to_string()))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn strict_table() {
        let ok: &[(&str, usize)] = &[
            ("Basic realm=\"x\"", 1),
            ("Basic , realm=\"x\"", 1),
            ("A, B", 2),
            ("Digest qop=", 1),
            ("Other 0123456789===  , YetAnother, ", 2),
            ("Basic realm = \"x\",a=b,,,c=d", 1),
        ];
        for (value, n) in ok {
            assert_eq!(parse_challenges_strict(value).unwrap().len(), *n, "{value}");
        }
        let bad: &[(&str, ParseErrorKind, usize)] = &[
            ("", ParseErrorKind::NoChallenge, 0),
            (",", ParseErrorKind::NoChallenge, 0),
            ("Basic, realm=\"x\"", ParseErrorKind::ParamWithoutScheme, 7),
            ("Basic realm=\"x", ParseErrorKind::UnterminatedQuote, 12),
            ("Basic realm=a@b", ParseErrorKind::InvalidTokenValue, 12),
            (
                "Basic realm=\"x\", realm=y",
                ParseErrorKind::DuplicateParam,
                17,
            ),
            ("Basic realm=\"x\" a=b", ParseErrorKind::MissingComma, 15),
            (
                "close Bearer realm=\"x\"",
                ParseErrorKind::MissingCommaBetweenChallenges,
                6,
            ),
            ("Basic \"x\"", ParseErrorKind::ExpectedParam, 6),
        ];
        for (value, kind, at) in bad {
            let err = parse_challenges_strict(value).unwrap_err();
            assert_eq!((&err.kind, err.span.start), (kind, *at), "{value}");
        }
    }

    #[test]
    fn lenient_readings() {
        assert_eq!(
            read("Digest realm=Thunder Bluff, nonce=x"),
            vec![(
                "Digest".into(),
                None,
                vec![
                    ("realm".into(), "Thunder Bluff".into()),
                    ("nonce".into(), "x".into())
                ]
            )]
        );
        assert_eq!(
            read("Basic, realm=\"x\""),
            vec![("Basic".into(), None, vec![("realm".into(), "x".into())])]
        );
        assert_eq!(read("close Bearer realm=\"x\"").len(), 2);
        assert_eq!(
            read("Basic realm=\"a\\\"b")[0].2,
            vec![("realm".into(), "a\"b".into())]
        );
        let folded = parse_challenges("Basic\r\n realm=\"x\"").unwrap();
        assert_eq!(folded.warnings[0].kind, ParseErrorKind::ObsFold);
    }

    #[test]
    fn spans_point_at_the_bytes() {
        let value = "Basic realm=\"a\\\"b\", Negotiate YII=";
        let read = parse_challenges(value).unwrap();
        let basic = &read.challenges[0];
        assert_eq!(basic.scheme_span, Span::new(0, 5));
        assert_eq!(basic.params[0].name_span, Span::new(6, 11));
        assert_eq!(basic.params[0].value_span, Span::new(12, 18));
        assert_eq!(basic.params[0].value, "a\"b");
        let negotiate = &read.challenges[1];
        assert_eq!(negotiate.scheme_span.slice(value), Some("Negotiate"));
        assert_eq!(negotiate.token68.unwrap().span.slice(value), Some("YII="));
    }

    #[test]
    fn json_shape() {
        use serde_json::json;
        assert_eq!(
            to_json("Bearer realm=\"api\""),
            json!({"challenges": [{"scheme": "Bearer", "token68": null, "params": [["realm", "api"]]}], "warnings": []})
        );
        assert_eq!(
            to_json(""),
            json!({"error": {"offset": 0, "message": ParseErrorKind::NoChallenge.to_string()}})
        );
    }
}
