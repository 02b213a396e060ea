//! What tools print around HTTP text, one recogniser per family: curl and
//! libcurl traces (`> `, `< `, `* `, `cURL:type[1]-`, `=> Send header`),
//! Insomnia (`| ` bodies), Python `http.client` (`send:`/`reply:`/`header:`),
//! wget (`awaiting response... 401`), mitmproxy (`addr: GET url`, `<< 401`),
//! nginx debug and access logs, Apache trace logs, DevTools section labels
//! and General fields, console lines, PowerShell's response object, Node.js
//! header objects and Go's `%q` dumps.

use crate::input::assemble::{Side, State};
use crate::input::http_text::{self, Start};
use crate::input::lines::Line;
use crate::input::scan::{absolute, Channel, Scan};
use crate::input::InputKind;
use crate::model::{Header, Request, Response};

/// Splits a tool prefix off `t`.
pub(super) fn channel(t: &str) -> (Channel, &str) {
    if let Some(rest) = t.strip_prefix("> ") {
        return (Channel::Out, rest);
    }
    if t == ">" {
        return (Channel::Out, "");
    }
    if let Some(rest) = t.strip_prefix("< ") {
        return (Channel::In, rest);
    }
    if t == "<" {
        return (Channel::In, "");
    }
    if t == "*" || t.starts_with("* ") || t.starts_with("{ [") || t.starts_with("} [") {
        return (Channel::Info, t);
    }
    if let Some(rest) = t.strip_prefix("| ") {
        return (Channel::OutBody, rest);
    }
    if t == "|" {
        return (Channel::OutBody, "");
    }
    if let Some(rest) = t.strip_prefix("header: ") {
        return (Channel::In, rest);
    }
    // libcurl debug callback: `cURL:type[N]-text` (0 info, 1 header in,
    // 2 header out, 3/4 data).
    if let Some(rest) = t.strip_prefix("cURL:type[") {
        let (n, text) = rest.split_once("]-").unwrap_or(("0", ""));
        return match n {
            "1" => (Channel::In, text),
            "2" => (Channel::Out, text),
            _ => (Channel::Info, text),
        };
    }
    // curl --trace-ascii / GIT_TRACE_CURL: `=> Send header: …`, `<= Recv header: …`.
    if let Some(i) = t.find("=> Send header") {
        let rest = t.get(i + "=> Send header".len()..).unwrap_or_default();
        return match rest.strip_prefix(':') {
            Some(text) => (Channel::Out, text.strip_prefix(' ').unwrap_or(text)),
            None => (Channel::Info, t),
        };
    }
    if let Some(i) = t.find("<= Recv header") {
        let rest = t.get(i + "<= Recv header".len()..).unwrap_or_default();
        return match rest.strip_prefix(':') {
            Some(text) => (Channel::In, text.strip_prefix(' ').unwrap_or(text)),
            None => (Channel::Info, t),
        };
    }
    if t.contains("== Info:") || t.contains("=> Send data") || t.contains("<= Recv data") {
        return (Channel::Info, t);
    }
    (Channel::Plain, t)
}

/// What a tool's informational line says that rules read, by a phrase in
/// it: curl's Kerberos (GSS-API) failures, which show it tried Negotiate,
/// and the TLS handshake's client-certificate request and refusals. Other
/// chatter (connects, ALPN, certificates of the server) is dropped.
const KEPT_INFO: &[&str] = &[
    "gss_init_sec_context",
    "Request CERT",
    "alert certificate required",
    "alert bad certificate",
    "alert unknown ca",
    "alert certificate expired",
    "alert certificate revoked",
];

/// Whether an informational line (`* …`, libcurl's info callback) is
/// one [`KEPT_INFO`] names.
pub(super) fn kept_info(t: &str) -> bool {
    KEPT_INFO.iter().any(|k| t.contains(k))
}

/// wget's own lines about authentication: `Authentication selected: Basic
/// realm="…"` comes after a 401 and before the retry that carries the
/// credentials (it prints no request headers), so it belongs to the next
/// exchange; `Username/Password Authentication Failed.` ends the last one
/// (wget prints it whether or not it had credentials).
fn wget_note(scan: &mut Scan<'_>, line: &Line<'_>, t: &str) -> bool {
    let next = if t.starts_with("Authentication selected: ") {
        true
    } else if t.starts_with("Username/Password Authentication Failed") {
        false
    } else {
        return false;
    };
    scan.set_kind(InputKind::Wget, Some("wget"));
    scan.note(line, t, next);
    if !next {
        scan.asm.set_state(State::Outside);
    }
    true
}

/// A DevTools section caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    /// `Response Headers`, `Request Headers:`, `Response:`; true for the
    /// DevTools captions (not the plain `Request:` of other tools).
    Headers(Side, bool),
    /// `Request Body`, `Request Payload`, `Response Body`.
    Body(Side),
}

/// Recognises a section caption (with an optional colon, a trailing size
/// like `(1.2 kB)` or a `view source` toggle).
pub(super) fn label(t: &str) -> Option<Label> {
    if t.len() > 60 {
        return None;
    }
    let mut s = t.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    if let Some(i) = s.find(" (") {
        s.truncate(i);
    }
    for toggle in ["view source", "view parsed", "raw"] {
        if let Some(rest) = s.strip_suffix(toggle) {
            s = rest.trim().to_owned();
        }
    }
    match s.as_str() {
        "response headers" | "response header" => Some(Label::Headers(Side::Response, true)),
        "request headers" | "request header" => Some(Label::Headers(Side::Request, true)),
        "response" => Some(Label::Headers(Side::Response, false)),
        "request" => Some(Label::Headers(Side::Request, false)),
        "request body" | "request payload" | "form data" => Some(Label::Body(Side::Request)),
        "response body" | "response payload" => Some(Label::Body(Side::Response)),
        _ => None,
    }
}

/// `"status": 401` in a JSON error body.
pub(super) fn json_status(t: &str) -> Option<u16> {
    for key in ["\"status\":", "\"statusCode\":", "\"status_code\":"] {
        if let Some(i) = t.find(key) {
            let rest = t.get(i + key.len()..)?.trim_start().trim_start_matches('"');
            if let Some(code) = leading_status(rest) {
                return Some(code);
            }
        }
    }
    None
}

/// A status code at the start of `s` (three digits, then a non-digit).
pub(super) fn leading_status(s: &str) -> Option<u16> {
    let digits = s.get(..3)?;
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || s.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    digits.parse().ok().filter(|c| (100..=599).contains(c))
}

/// Status codes by the names .NET and PowerShell print.
const STATUS_NAMES: &[(&str, u16)] = &[
    ("OK", 200),
    ("Created", 201),
    ("NoContent", 204),
    ("MovedPermanently", 301),
    ("Found", 302),
    ("Redirect", 302),
    ("SeeOther", 303),
    ("NotModified", 304),
    ("TemporaryRedirect", 307),
    ("BadRequest", 400),
    ("Unauthorized", 401),
    ("Forbidden", 403),
    ("NotFound", 404),
    ("MethodNotAllowed", 405),
    ("ProxyAuthenticationRequired", 407),
    ("RequestTimeout", 408),
    ("InternalServerError", 500),
    ("BadGateway", 502),
    ("ServiceUnavailable", 503),
];

/// Lines that a tool writes whole and that the generic reader would
/// misread. Returns true when the line was consumed.
pub(super) fn special(scan: &mut Scan<'_>, line: &Line<'_>, t: &str, at: Option<usize>) -> bool {
    if t.is_empty() {
        return false;
    }
    if scan.json_headers().is_some() {
        return json_headers_line(scan, t);
    }
    let first = t.as_bytes().first().copied().unwrap_or(0);
    let handled = match first {
        b's' | b'r' | b'"' => python(scan, t) || go_quoted(scan, t),
        b'0'..=b'9' => nginx_debug(scan, line, t, at) || mitm_request(scan, t),
        b'[' => apache(scan, t, at),
        _ => false,
    };
    if handled {
        return true;
    }
    if mitm_response(scan, t) || access_log(scan, t) || wget_note(scan, line, t) {
        return true;
    }
    if let Some(i) = t.find("awaiting response... ") {
        let rest = t
            .get(i + "awaiting response... ".len()..)
            .unwrap_or_default();
        scan.set_kind(InputKind::Wget, Some("wget"));
        if let Some(code) = leading_status(rest.trim()) {
            let reason = rest.trim().get(3..).unwrap_or_default().trim();
            scan.asm.start_response(Response {
                status: Some(code),
                status_text: reason.to_owned(),
                ..Response::default()
            });
            scan.asm.set_state(State::Outside);
        }
        return true;
    }
    if let Some(i) = t.find("responded with a status of ") {
        let rest = t
            .get(i + "responded with a status of ".len()..)
            .unwrap_or_default();
        if let Some(code) = leading_status(rest) {
            scan.asm.start_response(Response {
                status: Some(code),
                ..Response::default()
            });
            scan.asm.set_state(State::Outside);
            scan.set_kind(InputKind::Console, None);
            return true;
        }
    }
    if general_field(scan, t) || powershell_status(scan, t) {
        return true;
    }
    let lower_start = t.get(..8).map(str::to_ascii_lowercase);
    if lower_start.as_deref() == Some("headers:") && t.trim_end().ends_with('{') {
        let side = match scan.asm.state() {
            State::Headers { side } | State::Body { side } => side,
            State::Outside => Side::Response,
        };
        if scan.asm.exchanges().is_empty() {
            scan.begin(side);
        }
        *scan.json_headers() = Some((side, None));
        return true;
    }
    false
}

/// One line inside a `Headers: { … }` JSON object.
fn json_headers_line(scan: &mut Scan<'_>, t: &str) -> bool {
    let Some((side, key)) = scan.json_headers().clone() else {
        return false;
    };
    let t = t.trim().trim_end_matches(',');
    if t.starts_with('}') {
        *scan.json_headers() = None;
        scan.asm.set_state(State::Outside);
        return true;
    }
    if t.starts_with(']') {
        *scan.json_headers() = Some((side, None));
        return true;
    }
    let strings = json_strings(t);
    match (key, strings.as_slice()) {
        (Some(k), [value]) => scan.asm.header(side, Header::new(k, value.clone())),
        (None, [name, value]) => scan
            .asm
            .header(side, Header::new(name.clone(), value.clone())),
        (None, [name]) if t.ends_with('[') => {
            *scan.json_headers() = Some((side, Some(name.clone())))
        }
        _ => {}
    }
    true
}

/// The JSON string literals on a line, unescaped.
fn json_strings(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some(n) => s.push(n),
                    None => break,
                },
                '"' => break,
                _ => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

/// Chrome's General section: `Request URL:`, `Request Method:`, `Status Code:`.
fn general_field(scan: &mut Scan<'_>, t: &str) -> bool {
    let Some((name, value)) = t.split_once(':') else {
        return false;
    };
    let value = value.trim();
    match name.trim() {
        "Request URL" => {
            scan.begin(Side::Request);
            if let Some(r) = scan.asm.last_request() {
                value.clone_into(&mut r.url);
            }
        }
        "Request Method" => {
            if scan.asm.last_request().is_none() {
                scan.begin(Side::Request);
            }
            if let Some(r) = scan.asm.last_request() {
                value.clone_into(&mut r.method);
            }
        }
        "Status Code" => {
            let Some(code) = leading_status(value) else {
                return false;
            };
            scan.begin(Side::Response);
            if let Some(r) = scan.asm.last_response() {
                r.status = Some(code);
                value
                    .get(3..)
                    .unwrap_or_default()
                    .trim()
                    .clone_into(&mut r.status_text);
            }
        }
        "Remote Address" | "Referrer Policy" => {}
        _ => return false,
    }
    scan.asm.set_state(State::Outside);
    scan.set_kind(InputKind::Devtools, None);
    true
}

/// PowerShell's response object: `StatusCode        : 401` (or its name).
fn powershell_status(scan: &mut Scan<'_>, t: &str) -> bool {
    let Some(rest) = t.strip_prefix("StatusCode") else {
        return false;
    };
    let Some(value) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    let value = value.trim();
    let code = leading_status(value).or_else(|| {
        STATUS_NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(value))
            .map(|(_, c)| *c)
    });
    let Some(code) = code else { return false };
    scan.asm.start_response(Response {
        status: Some(code),
        ..Response::default()
    });
    scan.asm.set_state(State::Outside);
    scan.set_kind(InputKind::PowershellOutput, Some("PowerShell"));
    true
}

/// Python `http.client` debug output: `send: b'GET / HTTP/1.1\r\n…'`,
/// `reply: 'HTTP/1.1 401 Unauthorized\r\n'`.
fn python(scan: &mut Scan<'_>, t: &str) -> bool {
    if let Some(rest) = t.strip_prefix("send: ") {
        let Some(text) = python_literal(rest) else {
            return false;
        };
        scan.set_kind(InputKind::PythonDebug, Some("Python"));
        feed(scan, &text);
        scan.asm.set_state(State::Outside);
        return true;
    }
    if let Some(rest) = t.strip_prefix("reply: ") {
        let Some(text) = python_literal(rest) else {
            return false;
        };
        let Some(start) = http_text::status_line(text.trim_end()) else {
            return false;
        };
        scan.set_kind(InputKind::PythonDebug, Some("Python"));
        scan.start(start);
        return true;
    }
    false
}

/// Reads a Python `b'…'`/`'…'` literal (possibly cut short) and unescapes it.
fn python_literal(s: &str) -> Option<String> {
    let s = s.strip_prefix('b').unwrap_or(s);
    let quote = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = s.get(1..)?;
    Some(unescape(inner, quote))
}

/// Go's `%q` of a dump: `"HTTP/1.1 401 Unauthorized\r\nContent-Length: …"`.
fn go_quoted(scan: &mut Scan<'_>, t: &str) -> bool {
    let Some(inner) = t.strip_prefix('"') else {
        return false;
    };
    if !inner.contains("\\r\\n")
        || http_text::start_line(inner.split("\\r\\n").next().unwrap_or_default()).is_none()
    {
        return false;
    }
    let text = unescape(inner, '"');
    scan.set_kind(InputKind::Http, Some("Go"));
    feed(scan, &text);
    true
}

/// Unescapes a C-like string body up to its closing `quote`.
fn unescape(s: &str, quote: char) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('r') => out.push('\r'),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('x') => {
                    let hex: String = chars.by_ref().take(2).collect();
                    let byte = u8::from_str_radix(&hex, 16).unwrap_or(b'?');
                    out.push(char::from(byte));
                }
                Some(n) => out.push(n),
                None => break,
            },
            c if c == quote => break,
            _ => out.push(c),
        }
    }
    out
}

/// Reads unescaped message text (no positions in the input).
fn feed(scan: &mut Scan<'_>, text: &str) {
    let mut side = None;
    let mut in_body = false;
    for raw in text.split('\n') {
        let l = raw.trim_end_matches('\r');
        if let Some(start) = http_text::start_line(l) {
            side = Some(match start {
                Start::Request { .. } => Side::Request,
                Start::Status { .. } => Side::Response,
            });
            scan.start(start);
            in_body = false;
            continue;
        }
        let Some(s) = side else { continue };
        if in_body {
            scan.asm.body_line(s, l);
        } else if l.is_empty() {
            in_body = true;
            scan.asm.set_state(State::Body { side: s });
        } else if let Some(h) = http_text::header_line(l) {
            scan.add_header(s, &h, None);
        }
    }
}

/// nginx `error_log` at debug level: `… [debug] 1#1: *5 http header: "Name: v"`.
fn nginx_debug(scan: &mut Scan<'_>, line: &Line<'_>, t: &str, at: Option<usize>) -> bool {
    let b = t.as_bytes();
    if b.get(4) != Some(&b'/') || b.get(7) != Some(&b'/') || b.get(13) != Some(&b':') {
        return false;
    }
    let Some(level_end) = t.find("] ") else {
        return false;
    };
    let after = t.get(level_end + 2..).unwrap_or_default();
    let Some((_, rest)) = after.split_once(": ") else {
        return true;
    };
    let rest = match rest.strip_prefix('*') {
        Some(r) => r.split_once(' ').map_or("", |(_, r)| r),
        None => rest,
    };
    scan.set_kind(InputKind::ServerLog, Some("nginx"));
    if let Some(q) = rest.strip_prefix("http request line: \"") {
        let q = q.strip_suffix('"').unwrap_or(q);
        if let Some(start) = http_text::request_line(q) {
            scan.start(start);
        }
        return true;
    }
    if let Some(q) = rest.strip_prefix("http header: \"") {
        let q = q.strip_suffix('"').unwrap_or(q);
        if let Some(h) = http_text::header_line(q) {
            if scan.asm.last_request().is_none() {
                scan.begin(Side::Request);
            }
            scan.add_header(Side::Request, &h, absolute(at, t, q));
        }
        return true;
    }
    if let Some(start) = http_text::status_line(rest) {
        // The response header block follows as plain lines.
        scan.start(start);
        return true;
    }
    let _ = line;
    scan.asm.set_state(State::Outside);
    true
}

/// Apache `LogLevel http:trace4`: `[…] [client a:p] Headers received from
/// client:`, `[…] [client a:p]   Name: value`, `Response sent with status 401`.
fn apache(scan: &mut Scan<'_>, t: &str, at: Option<usize>) -> bool {
    let Some(i) = t.find("[client ") else {
        return false;
    };
    let Some(close) = t.get(i..).and_then(|s| s.find("] ")) else {
        return false;
    };
    let rest = t.get(i + close + 2..).unwrap_or_default();
    scan.set_kind(InputKind::ServerLog, Some("Apache"));
    if rest.starts_with("Headers received from client") {
        scan.asm.start_request(Request::default(), false);
        return true;
    }
    if let Some(s) = rest.strip_prefix("Response sent with status ") {
        scan.asm.start_response(Response {
            status: leading_status(s),
            ..Response::default()
        });
        return true;
    }
    if rest.starts_with("  ") {
        if let State::Headers { side } = scan.asm.state() {
            let h = rest.trim_start();
            if let Some(h) = http_text::header_line(h) {
                scan.add_header(side, &h, absolute(at, t, rest.trim_start()));
                return true;
            }
        }
    }
    scan.asm.set_state(State::Outside);
    true
}

/// An access log line: `… [date] "GET /x HTTP/1.1" 401 179 …`.
fn access_log(scan: &mut Scan<'_>, t: &str) -> bool {
    let Some(i) = t.find("] \"") else {
        return false;
    };
    let rest = t.get(i + 3..).unwrap_or_default();
    let Some((request, after)) = rest.split_once("\" ") else {
        return false;
    };
    let Some(Start::Request {
        method,
        target,
        version,
    }) = http_text::request_line(request)
    else {
        return false;
    };
    let Some(status) = leading_status(after) else {
        return false;
    };
    scan.set_kind(InputKind::ServerLog, None);
    scan.asm.start_request(
        Request {
            method: method.to_owned(),
            url: target.to_owned(),
            http_version: version.map(str::to_owned),
            ..Request::default()
        },
        false,
    );
    scan.asm.start_response(Response {
        status: Some(status),
        ..Response::default()
    });
    scan.asm.set_state(State::Outside);
    true
}

/// mitmproxy's flow line: `127.0.0.1:35264: GET http://host/path`.
fn mitm_request(scan: &mut Scan<'_>, t: &str) -> bool {
    let Some((addr, rest)) = t.split_once(": ") else {
        return false;
    };
    if addr.contains(' ') || !addr.bytes().last().is_some_and(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some(start @ Start::Request { .. }) = http_text::request_line(rest) else {
        return false;
    };
    scan.set_kind(InputKind::Mitmproxy, Some("mitmproxy"));
    scan.start(start);
    true
}

/// mitmproxy's response line: `<< 401 Unauthorized 73b`.
fn mitm_response(scan: &mut Scan<'_>, t: &str) -> bool {
    let Some(rest) = t.strip_prefix("<< ") else {
        return false;
    };
    let Some(code) = leading_status(rest) else {
        return false;
    };
    let reason = rest.get(3..).unwrap_or_default().trim();
    // mitmproxy appends the body size (`73b`).
    let reason = match reason.rsplit_once(' ') {
        Some((r, size)) if size.ends_with('b') => r,
        _ => reason,
    };
    scan.asm.start_response(Response {
        status: Some(code),
        status_text: reason.to_owned(),
        ..Response::default()
    });
    scan.set_kind(InputKind::Mitmproxy, Some("mitmproxy"));
    true
}
