//! The common model every input format is read into: exchanges of an
//! optional request and an optional response, each with its headers in the
//! order they were read (repeats kept).

use crate::span::Span;

/// One request and/or its response. A paste of one side holds only that side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    /// HAR entry index, or the message order in a paste.
    pub entry_index: usize,
    /// The request, when the input shows it.
    pub request: Option<Request>,
    /// The response, when the input shows it.
    pub response: Option<Response>,
    /// What a HAR entry adds (timings, connection, page); `None` for pastes.
    /// Boxed: most exchanges come from pastes and should stay small.
    pub har: Option<Box<HarMeta>>,
    /// What the tool said about this exchange besides the HTTP text, when a
    /// rule needs it: curl's `* gss_init_sec_context() failed` (it tried
    /// Negotiate), wget's `Authentication selected: Basic` (it sent
    /// credentials it does not show). Only such lines are kept.
    pub notes: Vec<Note>,
}

/// One informational line a tool printed (without its `* ` prefix).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    /// 1-based line of the input it stands on, so evidence can point at it.
    pub line: usize,
    /// The line's text.
    pub text: String,
}

/// The parts of a HAR entry that are not headers: NTLM needs the connection,
/// cookie rules need the clock, SSO flows need the page and redirect target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HarMeta {
    /// `pageref`, as written.
    pub page: Option<String>,
    /// `startedDateTime`, as written.
    pub started: Option<String>,
    /// `startedDateTime` as seconds since the Unix epoch, when it parses.
    pub started_unix: Option<i64>,
    /// Total `time` of the entry in whole milliseconds, when given.
    pub time_ms: Option<u64>,
    /// `serverIPAddress`.
    pub server_ip: Option<String>,
    /// `connection` (a connection id or port; NTLM needs the same one for
    /// every leg of the handshake).
    pub connection: Option<String>,
    /// `response.redirectURL`, when not empty.
    pub redirect_url: Option<String>,
    /// `request.cookies` as (name, value) pairs, when the producer wrote them.
    pub request_cookies: Vec<(String, String)>,
    /// `response.cookies` as (name, value) pairs, when the producer wrote them.
    pub response_cookies: Vec<(String, String)>,
}

/// A request as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, … as written (empty when only headers were shown).
    pub method: String,
    /// The target as written: absolute URL, origin-form path, or empty.
    pub url: String,
    /// `HTTP/1.1`, `HTTP/2`, … when the input says.
    pub http_version: Option<String>,
    /// Header fields in order, repeats kept.
    pub headers: Vec<Header>,
    /// Body, when the input shows one.
    pub body: Option<Body>,
}

/// A response as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// Status code, when the input shows it (a body alone has none).
    pub status: Option<u16>,
    /// Reason phrase as written (HTTP/2 has none).
    pub status_text: String,
    /// `HTTP/1.1`, `HTTP/2`, … when the input says.
    pub http_version: Option<String>,
    /// Header fields in order, repeats kept.
    pub headers: Vec<Header>,
    /// Body, when the input shows one.
    pub body: Option<Body>,
}

/// One header field line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// Field name as written (case kept; compare with `eq_ignore_ascii_case`).
    pub name: String,
    /// Field value as read: unfolded, unescaped, without surrounding whitespace.
    pub value: String,
    /// Where the value stands in the (decoded) input text, when it stands
    /// there verbatim; `None` when it was rebuilt (unfolded, unescaped).
    pub span: Option<Span>,
}

impl Header {
    /// A header with no position in the input.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            span: None,
        }
    }

    /// Whether this header is named `name` (ASCII case-insensitive).
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// A message body as shown in the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The text (bodies are kept only as text, to recognise error pages and
    /// JSON error payloads).
    pub text: String,
    /// Whether the input showed only part of it.
    pub truncated: bool,
}

/// Lookup helpers shared by requests and responses.
pub trait Headers {
    /// All header fields, in order.
    fn headers(&self) -> &[Header];

    /// The first header named `name`.
    fn header(&self, name: &str) -> Option<&Header> {
        self.headers().iter().find(|h| h.is(name))
    }

    /// Every header named `name`, with its index in the list.
    fn headers_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Header)> + 'a {
        self.headers()
            .iter()
            .enumerate()
            .filter(move |(_, h)| h.is(name))
    }
}

impl Headers for Request {
    fn headers(&self) -> &[Header] {
        &self.headers
    }
}

impl Headers for Response {
    fn headers(&self) -> &[Header] {
        &self.headers
    }
}
