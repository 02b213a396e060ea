//! One pass over the lines of a paste. Each line is first stripped of what
//! its tool put around the HTTP text (`> `/`< ` of `curl -v`, `header: ` of
//! Python, log prefixes of nginx and Apache, wget's indentation, comment
//! markers), then handed to the shared [`Assembler`]. Pastes mix formats (a
//! command and its output, prose around a message), so every recogniser is
//! tried on every line rather than choosing one format up front.

use crate::input::assemble::{Assembler, Side, State};
use crate::input::http_text::{self, HeaderLine, Start};
use crate::input::lines::{offset_in, Line};
use crate::input::{command, tools, InputKind, Warning};
use crate::model::{Exchange, Header, Note, Request, Response};
use crate::span::Span;

/// Warnings kept per input; past this only a count is added, so a big
/// paste of prose cannot flood the report.
const MAX_WARNINGS: usize = 50;

/// Where a line's HTTP text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Channel {
    /// No tool prefix.
    Plain,
    /// Sent by the client (`> ` of curl, `=> Send header` of libcurl traces).
    Out,
    /// Received by the client (`< `, `header: ` of Python).
    In,
    /// A request body line (`| ` of Insomnia).
    OutBody,
    /// Tool chatter (`* `, `{ [5 bytes data]`).
    Info,
}

/// The result of one pass.
#[derive(Debug)]
pub(super) struct Scanned {
    pub exchanges: Vec<Exchange>,
    pub warnings: Vec<Warning>,
    pub kind: Option<InputKind>,
    pub producer: Option<&'static str>,
}

/// The scanner's state between lines.
pub(super) struct Scan<'t> {
    text: &'t str,
    pub(super) asm: Assembler,
    warnings: Vec<Warning>,
    dropped_warnings: usize,
    pub(super) kind: Option<InputKind>,
    pub(super) producer: Option<&'static str>,
    /// Lines carry `> `/`< ` prefixes (curl -v and friends).
    curl_mode: bool,
    /// A DevTools section label (`Response Headers`) waiting for its lines.
    label: Option<Side>,
    /// Indentation of the open message's header lines.
    header_indent: Option<usize>,
    /// The open message came from prefixed lines.
    prefixed: bool,
    /// Unprefixed header lines may still continue the prefixed message
    /// (a paste where the `> ` was lost after the request line).
    plain_ok: bool,
    /// `curl -i -v` printed the response again on stdout: skip that copy.
    echo: bool,
    /// A body-only response whose JSON may carry `"status": 401`.
    json_status: bool,
    /// Inside a `Headers: { … }` JSON object (Node.js dumps): its side and
    /// the array key being read.
    json_headers: Option<(Side, Option<String>)>,
    /// A `name:` line of the alternating DevTools form waits for its value.
    pending_name: Option<(String, Side)>,
    /// Lines of other text skipped, and where the first one was.
    skipped: usize,
    first_skipped: Option<Warning>,
}

impl<'t> Scan<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Self {
            text,
            asm: Assembler::default(),
            warnings: Vec::new(),
            dropped_warnings: 0,
            kind: None,
            producer: None,
            curl_mode: false,
            label: None,
            header_indent: None,
            prefixed: false,
            plain_ok: false,
            echo: false,
            json_status: false,
            json_headers: None,
            pending_name: None,
            skipped: 0,
            first_skipped: None,
        }
    }

    pub(super) fn warn(&mut self, warning: Warning) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(warning);
        } else {
            self.dropped_warnings += 1;
        }
    }

    /// Names the input. Tool output outranks a DevTools copy, which
    /// outranks a command, which outranks raw HTTP: a command followed by
    /// its `-v` output is curl-verbose.
    pub(super) fn set_kind(&mut self, kind: InputKind, producer: Option<&'static str>) {
        let rank = |k: Option<InputKind>| match k {
            None => 0,
            Some(InputKind::Http | InputKind::Header | InputKind::Jwt) => 1,
            Some(
                InputKind::CurlCommand
                | InputKind::WgetCommand
                | InputKind::HttpieCommand
                | InputKind::FetchCommand
                | InputKind::PowershellCommand,
            ) => 2,
            Some(InputKind::Devtools | InputKind::Console) => 3,
            Some(_) => 4,
        };
        if rank(Some(kind)) > rank(self.kind) {
            self.kind = Some(kind);
            if producer.is_some() {
                self.producer = producer;
            }
        }
        if self.producer.is_none() {
            self.producer = producer;
        }
    }

    /// Notes a line of other text (prose, log chatter) that was skipped;
    /// one warning sums them up.
    fn skip(&mut self, line: &Line<'_>, at: Option<usize>) {
        if self.skipped == 0 {
            self.first_skipped = Some(line.warning(at.unwrap_or(line.start), ""));
        }
        self.skipped += 1;
    }

    /// Reads every line.
    pub(super) fn run(mut self, lines: &[Line<'_>]) -> Scanned {
        let mut skip_until = 0;
        for line in lines {
            if line.start < skip_until {
                continue;
            }
            if let Some(end) = self.line(line) {
                skip_until = end;
            }
        }
        if let Some(mut first) = self.first_skipped.take() {
            let n = self.skipped;
            first.message = if n == 1 {
                "1 line that is not HTTP was skipped".into()
            } else {
                format!("{n} lines that are not HTTP were skipped (the first here)")
            };
            self.warnings.insert(0, first);
        }
        if self.dropped_warnings > 0 {
            let n = self.dropped_warnings;
            let at = lines.last().map_or(0, |l| l.number);
            self.warnings.push(Warning {
                line: at,
                column: 1,
                message: format!("{n} more lines could not be read"),
            });
        }
        Scanned {
            exchanges: self.asm.finish(),
            warnings: self.warnings,
            kind: self.kind,
            producer: self.producer,
        }
    }

    /// Reads one line; returns the offset to skip to when a command
    /// consumed the lines after it.
    fn line(&mut self, line: &Line<'_>) -> Option<usize> {
        let mut owned = None;
        if line.text.contains('\u{1b}') {
            owned = Some(strip_ansi(line.text));
        }
        let raw: &str = owned.as_deref().unwrap_or(line.text);
        let verbatim = owned.is_none();
        let raw = strip_html_break(raw);
        let trimmed = raw.trim_start();
        let indent = raw.len() - trimmed.len();
        let mut t = trimmed;
        // Comment markers around pasted output (`// > GET`, `# HTTP/2 401`).
        for marker in ["// ", "# "] {
            if let Some(rest) = t.strip_prefix(marker) {
                t = rest.trim_start();
            }
        }
        if t == "//" || t == "#" {
            t = "";
        }
        let at = |s: &str| verbatim.then(|| line.offset_of(s));

        if t.starts_with("```") || t.starts_with("~~~") {
            return None;
        }
        if self.asm.state()
            != (State::Headers {
                side: Side::Request,
            })
            && self.asm.state()
                != (State::Headers {
                    side: Side::Response,
                })
            && verbatim
        {
            if let Some(cmd) = command::read(self.text, line.start, line.text) {
                self.set_kind(cmd.kind, Some(cmd.producer));
                self.asm.start_request(cmd.request, true);
                self.label = None;
                return Some(cmd.end);
            }
        }
        if tools::special(self, line, t, at(t)) {
            return None;
        }
        let (channel, rest) = tools::channel(t);
        match channel {
            Channel::Plain => self.plain(line, indent, t, at(t)),
            Channel::Info => {
                if tools::kept_info(rest) {
                    self.note(line, rest, false);
                }
            }
            Channel::OutBody => {
                if self.asm.last_request().is_some() {
                    self.asm.body_line(Side::Request, rest);
                }
            }
            Channel::Out | Channel::In => {
                let side = if channel == Channel::Out {
                    Side::Request
                } else {
                    Side::Response
                };
                self.prefixed_line(line, side, rest.trim_start(), at(rest.trim_start()));
            }
        }
        None
    }

    /// Keeps a tool's informational line (without its `* ` prefix) on the
    /// exchange it is about.
    pub(super) fn note(&mut self, line: &Line<'_>, text: &str, next: bool) {
        let text = text.split_once("== Info: ").map_or(text, |(_, rest)| rest);
        let text = text.strip_prefix("* ").unwrap_or(text).trim();
        self.asm.note(
            Note {
                line: line.number,
                text: text.to_owned(),
            },
            next,
        );
    }

    /// A line with a `> `/`< ` (or equivalent) prefix.
    pub(super) fn prefixed_line(
        &mut self,
        line: &Line<'_>,
        side: Side,
        t: &str,
        at: Option<usize>,
    ) {
        if let Some(start) = http_text::start_line(t) {
            self.curl_mode = true;
            self.set_kind(InputKind::CurlVerbose, Some("curl"));
            self.start(start);
            self.prefixed = true;
            self.plain_ok = true;
            self.echo = false;
            return;
        }
        if t.is_empty() {
            self.asm.set_state(match side {
                Side::Request => State::Outside,
                Side::Response => State::Body {
                    side: Side::Response,
                },
            });
            return;
        }
        if let Some(h) = http_text::header_line(t) {
            self.curl_mode = true;
            let open = match side {
                Side::Request => self.asm.state() == State::Headers { side },
                Side::Response => self.asm.last_response().is_some(),
            };
            if !open {
                self.asm.begin(side);
                self.prefixed = true;
            }
            if side == Side::Response {
                self.asm.set_state(State::Headers { side });
            }
            self.plain_ok = false;
            self.add_header(side, &h, at);
            return;
        }
        match self.asm.state() {
            State::Body { side: s } if s == side => self.asm.body_line(side, t),
            State::Headers { side: s }
                if s == side && t.starts_with([' ', '\t']) || continues_token(t) =>
            {
                let joiner = if continues_token(t) { "" } else { " " };
                if !self.asm.continue_header(side, t.trim(), joiner) {
                    self.warn(line.warning(at.unwrap_or(line.start), "expected a header line"));
                }
            }
            _ => self.warn(line.warning(
                at.unwrap_or(line.start),
                "expected a start line or a header line after the prefix",
            )),
        }
    }

    /// Opens a message for a start line.
    pub(super) fn start(&mut self, start: Start<'_>) {
        self.label = None;
        self.header_indent = None;
        self.json_status = false;
        self.pending_name = None;
        match start {
            Start::Status {
                version,
                status,
                reason,
            } => self.asm.start_response(Response {
                status,
                status_text: reason.to_owned(),
                http_version: Some(version.to_owned()),
                ..Response::default()
            }),
            Start::Request {
                method,
                target,
                version,
            } => self.asm.start_request(
                Request {
                    method: method.to_owned(),
                    url: target.to_owned(),
                    http_version: version.map(str::to_owned),
                    ..Request::default()
                },
                false,
            ),
        }
    }

    /// Adds a header line to the open message of `side`.
    pub(super) fn add_header(&mut self, side: Side, h: &HeaderLine<'_>, at: Option<usize>) {
        let span = at.map(|a| Span::new(a + h.value_at, a + h.value_at + h.value.len()));
        self.asm.header(
            side,
            Header {
                name: h.name.to_owned(),
                value: h.value.to_owned(),
                span,
            },
        );
    }

    /// Begins a message of `side` without a start line.
    pub(super) fn begin(&mut self, side: Side) {
        self.asm.begin(side);
        self.label = None;
        self.header_indent = None;
        self.prefixed = false;
        self.pending_name = None;
    }

    /// Sets a DevTools section label.
    pub(super) fn set_label(&mut self, side: Side, devtools: bool) {
        self.label = Some(side);
        self.asm.set_state(State::Outside);
        if devtools {
            self.set_kind(InputKind::Devtools, None);
        }
    }

    /// Starts a body-only response (a response shown only as its body).
    pub(super) fn body_only_response(&mut self, t: &str) {
        self.asm.start_response(Response::default());
        self.asm.set_state(State::Body {
            side: Side::Response,
        });
        self.json_status = true;
        self.label = None;
        self.body_line(Side::Response, t);
    }

    fn body_line(&mut self, side: Side, t: &str) {
        if self.json_status && side == Side::Response {
            if let Some(status) = tools::json_status(t) {
                if let Some(r) = self.asm.last_response() {
                    if r.status.is_none() {
                        r.status = Some(status);
                    }
                }
                self.json_status = false;
            }
        }
        self.asm.body_line(side, t);
    }

    pub(super) fn json_headers(&mut self) -> &mut Option<(Side, Option<String>)> {
        &mut self.json_headers
    }

    /// A line without a tool prefix.
    fn plain(&mut self, line: &Line<'_>, indent: usize, t: &str, at: Option<usize>) {
        let state = self.asm.state();
        if self.echo {
            // The stdout copy of a response curl -v already showed.
            let body_text = !t.is_empty()
                && http_text::start_line(t).is_none()
                && http_text::header_line(t).is_none();
            if body_text && matches!(state, State::Body { .. }) {
                self.body_line(Side::Response, t);
            }
            return;
        }
        if t.is_empty() {
            match state {
                State::Headers { side } => {
                    self.pending_name = None;
                    if self.prefixed && side == Side::Request {
                        self.asm.set_state(State::Outside);
                    } else {
                        self.asm.set_state(State::Body { side });
                    }
                }
                State::Body { side } => self.body_line(side, ""),
                State::Outside => {}
            }
            return;
        }
        if let Some(start) = http_text::start_line(t) {
            let smuggled = state
                == State::Body {
                    side: Side::Request,
                }
                && matches!(start, Start::Request { .. })
                && self.asm.has_body(Side::Request);
            if smuggled {
                self.body_line(Side::Request, t);
                return;
            }
            if self.curl_mode && self.prefixed {
                if let Start::Status { status, .. } = start {
                    let same = self.asm.last_response().is_some_and(|r| r.status == status);
                    if same {
                        self.echo = true;
                        return;
                    }
                }
            }
            self.set_kind(InputKind::Http, None);
            self.start(start);
            self.prefixed = false;
            return;
        }
        match state {
            State::Headers { side } => {
                if self.headers_line(line, side, indent, t, at) {
                    return;
                }
                if self.prefixed {
                    // Output after a prefixed message (Python prints the body
                    // after the `header:` lines).
                    if side == Side::Response {
                        self.asm.set_state(State::Body { side });
                        self.body_line(side, t);
                    } else {
                        self.asm.set_state(State::Outside);
                    }
                    return;
                }
                self.asm.set_state(State::Outside);
                self.outside(line, t, at);
            }
            State::Body { side } => {
                if let Some(label) = tools::label(t) {
                    self.apply_label(label);
                    return;
                }
                self.body_line(side, t);
            }
            State::Outside => self.outside(line, t, at),
        }
    }

    pub(super) fn apply_label(&mut self, label: tools::Label) {
        match label {
            tools::Label::Headers(side, devtools) => self.set_label(side, devtools),
            tools::Label::Body(side) => {
                let exists = match side {
                    Side::Request => self.asm.last_request().is_some(),
                    Side::Response => self.asm.last_response().is_some(),
                };
                if exists {
                    self.asm.set_state(State::Body { side });
                } else {
                    self.set_label(side, true);
                }
            }
        }
    }

    /// A line while reading headers; false when it ends the header block.
    fn headers_line(
        &mut self,
        line: &Line<'_>,
        side: Side,
        indent: usize,
        t: &str,
        at: Option<usize>,
    ) -> bool {
        if let Some((name, value_side)) = self.pending_name.take() {
            if http_text::header_line(t).is_none_or(|h| !h.spaced && h.value.is_empty()) {
                self.asm.header(
                    value_side,
                    Header {
                        name,
                        value: t.trim().to_owned(),
                        span: at.map(|a| Span::new(a, a + t.trim_end().len())),
                    },
                );
                return true;
            }
            self.asm.header(value_side, Header::new(name, ""));
        }
        if self.prefixed && !self.plain_ok {
            return false;
        }
        if tools::label(t).is_some() {
            return false;
        }
        if let Some(h) = http_text::header_line(t) {
            let base = *self.header_indent.get_or_insert(indent);
            if indent < base {
                return false;
            }
            if indent > base && !h.spaced {
                return self.asm.continue_header(side, t.trim(), " ");
            }
            if h.value.is_empty() && !h.name.starts_with(':') && !self.prefixed {
                // The alternating `name:` / value form: the value follows.
                self.pending_name = Some((h.name.to_owned(), side));
                return true;
            }
            self.add_header(side, &h, at);
            return true;
        }
        let base = self.header_indent.unwrap_or(0);
        if indent > base || continues_token(t) && self.last_value_is_token(side) {
            let joiner = if indent > base { " " } else { "" };
            if self.asm.continue_header(side, t.trim(), joiner) {
                return true;
            }
        }
        if indent == 0 && !self.prefixed && looks_like_garbage_header(t) {
            self.warn(line.warning(
                at.unwrap_or(line.start),
                "expected a header line `Name: value`",
            ));
            return true;
        }
        false
    }

    fn last_value_is_token(&mut self, side: Side) -> bool {
        self.asm.last_header_value(side).is_some_and(|v| {
            v.rsplit(' ')
                .next()
                .is_some_and(|last| last.len() >= 16 && http_text::is_token68(last))
        })
    }

    /// A line between messages.
    fn outside(&mut self, line: &Line<'_>, t: &str, at: Option<usize>) {
        if let Some(label) = tools::label(t) {
            self.apply_label(label);
            return;
        }
        if let Some(h) = http_text::header_line(t) {
            let side = match self.label {
                Some(side) => Some(side),
                None if self.asm.exchanges().is_empty() && bare_header_name(h.name) => {
                    Some(side_of(h.name))
                }
                _ => None,
            };
            if let Some(side) = side {
                if h.name.eq_ignore_ascii_case("status") && side == Side::Response {
                    // CGI / Node.js `Status: 401 - Unauthorized`.
                    if let Some(code) = tools::leading_status(h.value) {
                        self.asm.start_response(Response {
                            status: Some(code),
                            ..Response::default()
                        });
                        return;
                    }
                }
                self.begin(side);
                self.set_kind(InputKind::Header, None);
                self.header_indent = Some(0);
                if h.value.is_empty() && !h.spaced && self.label.is_none() {
                    self.pending_name = Some((h.name.to_owned(), side));
                } else {
                    self.add_header(side, &h, at);
                }
                return;
            }
        }
        if self.label == Some(Side::Response) || self.asm.command_pending() && looks_like_json(t) {
            if !is_toggle_text(t) {
                self.body_only_response(t);
            }
            return;
        }
        if self.label.is_some() && is_toggle_text(t) {
            return;
        }
        if t.starts_with("HTTP/") || looks_like_garbage_header(t) && self.label.is_some() {
            self.warn(line.warning(
                at.unwrap_or(line.start),
                "looks like HTTP but could not be read; skipped",
            ));
        } else {
            self.skip(line, at);
        }
    }
}

/// `view source`, `Raw` and similar toggle captions DevTools copies along.
fn is_toggle_text(t: &str) -> bool {
    let t = t.trim().to_ascii_lowercase();
    matches!(
        t.as_str(),
        "view source" | "view parsed" | "raw" | "view decoded" | "view url encoded"
    )
}

/// The first line of a JSON document (a response body shown alone).
fn looks_like_json(t: &str) -> bool {
    let t = t.trim_end();
    t == "{" || t == "[" || t.starts_with("{\"") || t.starts_with("[{")
}

/// A line of a hard-wrapped token (base64 that did not fit the width).
fn continues_token(t: &str) -> bool {
    t.len() >= 16 && http_text::is_token68(t.trim_end())
}

/// Text that sits where a header should and is clearly meant as one (a
/// broken name), as opposed to prose that ends the block.
fn looks_like_garbage_header(t: &str) -> bool {
    t.split_once(':').is_some_and(|(name, _)| {
        name.len() <= 40
            && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && !name.contains([' ', '\t', '[', '(', '<', '/'])
    })
}

/// Header names that may start a paste of bare header lines: names with a
/// hyphen (nearly all of them) and the short ones people paste alone.
fn bare_header_name(name: &str) -> bool {
    const SHORT: &[&str] = &[
        "authorization",
        "cookie",
        "host",
        "date",
        "server",
        "location",
        "accept",
        "connection",
        "vary",
        "expires",
        "pragma",
        "via",
        "etag",
        "allow",
        "link",
        "origin",
        "referer",
        "dnt",
        "age",
        "status",
        "dpop",
        "te",
        "upgrade",
        "warning",
    ];
    name.contains('-')
        || name.starts_with(':')
        || SHORT.iter().any(|s| name.eq_ignore_ascii_case(s))
}

/// The side a header usually belongs to.
pub(super) fn side_of(name: &str) -> Side {
    const RESPONSE: &[&str] = &[
        "www-authenticate",
        "proxy-authenticate",
        "set-cookie",
        "server",
        "location",
        "authentication-info",
        "proxy-authentication-info",
        "etag",
        "last-modified",
        "expires",
        "age",
        "vary",
        "retry-after",
        "strict-transport-security",
        "x-powered-by",
        "status",
        ":status",
        "access-control-expose-headers",
        "content-security-policy",
        "x-frame-options",
    ];
    let lower = name.to_ascii_lowercase();
    if RESPONSE.contains(&lower.as_str()) || lower.starts_with("access-control-allow-") {
        Side::Response
    } else {
        Side::Request
    }
}

fn strip_html_break(s: &str) -> &str {
    let t = s.trim_end();
    for tail in ["<br />", "<br/>", "<br>"] {
        if let Some(rest) = t.strip_suffix(tail) {
            return rest;
        }
    }
    s
}

/// Removes ANSI escape sequences (`ESC [ … letter`) a terminal copy kept.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for n in chars.by_ref() {
                    if n.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Offset of `sub` in `base` as an absolute position, for readers that
/// slice inside a line.
pub(super) fn absolute(at: Option<usize>, base: &str, sub: &str) -> Option<usize> {
    at.map(|a| a + offset_in(base, sub))
}
