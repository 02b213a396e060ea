//! Raw HTTP messages: a status line or request line, header lines, an
//! optional body after a blank line; several messages in a row.

use crate::input::{InputKind, Read, ReadError, Warning};
use crate::model::{Body, Exchange, Header, Request, Response};
use crate::span::Span;

/// A line of the text with its byte offset.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        Line {
            start,
            text: raw.trim_end_matches(['\n', '\r']),
        }
    })
}

enum Start<'a> {
    Status {
        version: &'a str,
        status: Option<u16>,
        reason: &'a str,
    },
    Request {
        method: &'a str,
        target: &'a str,
        version: Option<&'a str>,
    },
}

/// `HTTP/1.1 401 Unauthorized`, `HTTP/2 401`.
fn status_line(line: &str) -> Option<Start<'_>> {
    let rest = line.strip_prefix("HTTP/")?;
    let (version, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let rest = rest.trim_start();
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    let status = code.parse::<u16>().ok().filter(|s| (100..=999).contains(s));
    let version = line.get(..5 + version.len())?;
    Some(Start::Status {
        version,
        status,
        reason: reason.trim(),
    })
}

/// `GET /path HTTP/1.1`.
fn request_line(line: &str) -> Option<Start<'_>> {
    let mut parts = line.split(' ').filter(|p| !p.is_empty());
    let method = parts.next()?;
    let target = parts.next()?;
    let version = parts.next();
    if parts.next().is_some() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    match version {
        Some(v) if v.starts_with("HTTP/") => Some(Start::Request {
            method,
            target,
            version: Some(v),
        }),
        _ => None,
    }
}

/// `Name: value` with a token name.
fn header_line(line: &Line<'_>) -> Option<Header> {
    let (name, value) = line.text.split_once(':')?;
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return None;
    }
    let value_start = line.start + name.len() + 1;
    let leading = value.len() - value.trim_start().len();
    let value = value.trim();
    let start = value_start + leading;
    Some(Header {
        name: name.to_owned(),
        value: value.to_owned(),
        span: Some(Span::new(start, start + value.len())),
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Reads raw HTTP messages from `text`.
pub(super) fn read(text: &str) -> Result<Read, ReadError> {
    let mut exchanges: Vec<Exchange> = Vec::new();
    let mut warnings = Vec::new();
    let mut current: Option<(Start<'_>, Vec<Header>, Option<String>)> = None;
    let mut in_body = false;

    let flush = |current: Option<(Start<'_>, Vec<Header>, Option<String>)>,
                 exchanges: &mut Vec<Exchange>| {
        let Some((start, headers, body)) = current else {
            return;
        };
        let body = body.filter(|b| !b.trim().is_empty()).map(|text| Body {
            text,
            truncated: false,
        });
        match start {
            Start::Status {
                version,
                status,
                reason,
            } => {
                let response = Response {
                    status,
                    status_text: reason.to_owned(),
                    http_version: Some(version.to_owned()),
                    headers,
                    body,
                };
                match exchanges.last_mut() {
                    Some(last) if last.response.is_none() && last.request.is_some() => {
                        last.response = Some(response)
                    }
                    _ => exchanges.push(Exchange {
                        entry_index: exchanges.len(),
                        request: None,
                        response: Some(response),
                        ..Exchange::default()
                    }),
                }
            }
            Start::Request {
                method,
                target,
                version,
            } => exchanges.push(Exchange {
                entry_index: exchanges.len(),
                request: Some(Request {
                    method: method.to_owned(),
                    url: target.to_owned(),
                    http_version: version.map(str::to_owned),
                    headers,
                    body,
                }),
                ..Exchange::default()
            }),
        }
    };

    for line in lines(text) {
        if let Some(start) = status_line(line.text).or_else(|| request_line(line.text)) {
            flush(current.take(), &mut exchanges);
            current = Some((start, Vec::new(), None));
            in_body = false;
            continue;
        }
        let Some((_, headers, body)) = current.as_mut() else {
            if !line.text.trim().is_empty() {
                warnings.push(Warning::at(
                    text,
                    line.start,
                    "not an HTTP start line; skipped",
                ));
            }
            continue;
        };
        if in_body {
            let body = body.get_or_insert_with(String::new);
            body.push_str(line.text);
            body.push('\n');
        } else if line.text.trim().is_empty() {
            in_body = true;
        } else if let Some(header) = header_line(&line) {
            headers.push(header);
        } else {
            warnings.push(Warning::at(
                text,
                line.start,
                "expected a header line `Name: value`",
            ));
        }
    }
    flush(current, &mut exchanges);

    if exchanges.is_empty() {
        let first = text.len() - text.trim_start().len();
        return Err(ReadError::at(
            text,
            first,
            "no HTTP message, header, command, token or HAR found",
        ));
    }
    Ok(Read {
        kind: InputKind::Http,
        producer: None,
        exchanges,
        warnings,
        total_exchanges: None,
    })
}
