//! The sanitizer: a HAR or a paste with every secret replaced, so it can be
//! shared with a vendor, and the diagnosis of the result unchanged.
//!
//! It works on structure, never by regex over the file: a HAR is read as JSON
//! and written as JSON (always valid); a paste is read into headers with their
//! byte ranges and rewritten there. Each secret becomes a placeholder that
//! keeps what the diagnosis reads (length, character classes, vendor prefix,
//! JWT claims, NTLM layout), and the same secret gets the same placeholder
//! everywhere, so a cookie that was set and later sent still matches.

mod credential;
mod filler;
mod har;
mod names;
mod stream;
mod text;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use credential::Rewriter;
pub use filler::Pseudonyms;
pub use names::{is_secret_header, is_secret_name};
pub use stream::{sanitize_har, HarSanitizer, StreamSummary};

/// What kind of secret was redacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A token or credential blob (Bearer, NTLM, Negotiate, API key, signature).
    Credential,
    /// A password (Basic, URL userinfo).
    Password,
    /// A JWT (claims kept, signature replaced).
    Jwt,
    /// A person's name or e-mail in JWT claims.
    Identity,
    /// A cookie value.
    Cookie,
    /// A value under a secret name (header, parameter, JSON key, form field).
    Secret,
    /// A token recognised by its shape in free text.
    Shape,
}

/// What was redacted: counts per kind and location (`request.headers`,
/// `response.content`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redactions {
    counts: BTreeMap<(Kind, &'static str), usize>,
}

/// One line of the redaction report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedactionCount {
    /// The kind of secret.
    pub kind: Kind,
    /// Where in the input.
    pub location: &'static str,
    /// How many.
    pub count: usize,
}

impl Redactions {
    pub(crate) fn add(&mut self, kind: Kind, location: &'static str) {
        *self.counts.entry((kind, location)).or_insert(0) += 1;
    }

    /// Every (kind, location) with its count, sorted.
    #[must_use]
    pub fn counts(&self) -> Vec<RedactionCount> {
        self.counts
            .iter()
            .map(|(&(kind, location), &count)| RedactionCount {
                kind,
                location,
                count,
            })
            .collect()
    }

    /// How many secrets were redacted in all.
    #[must_use]
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

impl fmt::Display for Redactions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.counts.is_empty() {
            return writeln!(f, "nothing redacted");
        }
        writeln!(f, "redacted {} value(s):", self.total())?;
        for c in self.counts() {
            let kind = serde_json::to_value(c.kind).ok();
            let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("?");
            writeln!(f, "  {:>5}  {kind:<10} in {}", c.count, c.location)?;
        }
        Ok(())
    }
}

/// Why a HAR could not be sanitized (the sanitizer never writes a file it
/// could not read whole: a half-redacted file is worse than none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanitizeError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for SanitizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SanitizeError {}

/// The sanitized output and what was redacted.
#[derive(Debug, Clone)]
pub struct Sanitized {
    /// The output text (JSON for a HAR).
    pub text: String,
    /// What was redacted.
    pub redactions: Redactions,
    /// Where a HAR stopped early (truncated or broken after its first
    /// entry): the output holds the complete entries before that point.
    pub warnings: Vec<SanitizeError>,
}

/// Rewrites one header value; `None` when nothing in it is secret. What
/// it replaced is learnt, to be replaced wherever else it turns up.
pub(crate) fn header(name: &str, value: &str, r: &mut Rewriter<'_>) -> Option<String> {
    let out = match value.split_once('\n') {
        // A value that runs over lines (an unclosed quote in a command, a
        // folded line) holds more than its header: the first line is the
        // value, the rest is text that may hold headers of its own.
        Some((first, rest)) if !name.eq_ignore_ascii_case("set-cookie") => {
            let head = header_value(name, first, r);
            let tail = text::scrub(rest, r);
            (head.is_some() || tail.is_some()).then(|| {
                let mut out = head.unwrap_or_else(|| first.to_owned());
                out.push('\n');
                out.push_str(tail.as_deref().unwrap_or(rest));
                out
            })
        }
        _ => header_value(name, value, r),
    };
    if let Some(new) = &out {
        r.names.learn(value, new);
    }
    out
}

fn header_value(name: &str, value: &str, r: &mut Rewriter<'_>) -> Option<String> {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if is("authorization") || is("proxy-authorization") {
        let out = r.authorization(value);
        return (out != value).then_some(out);
    }
    if is("cookie") {
        let out = cookie_pairs(value, "; ", r);
        return (out != value).then_some(out);
    }
    if is("set-cookie") {
        // Firefox and some proxies join several Set-Cookie lines with `\n`.
        let out: Vec<String> = value.split('\n').map(|line| set_cookie(line, r)).collect();
        let out = out.join("\n");
        return (out != value).then_some(out);
    }
    if is_secret_header(name) {
        let out = r.token(value);
        if out != value {
            return Some(out);
        }
        return None;
    }
    text::scrub(value, r)
}

/// `a=1; b=2`: every value replaced, names kept.
fn cookie_pairs(value: &str, joiner: &str, r: &mut Rewriter<'_>) -> String {
    value
        .split(';')
        .map(|pair| {
            let trimmed = pair.trim();
            match trimmed.split_once('=') {
                Some((name, v)) => format!("{name}={}", cookie_value(v, r)),
                None => trimmed.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(joiner)
}

/// A cookie value: same placeholder for the same value everywhere.
pub(crate) fn cookie_value(value: &str, r: &mut Rewriter<'_>) -> String {
    if value.is_empty() || value.eq_ignore_ascii_case("deleted") {
        return value.to_owned();
    }
    r.report.add(Kind::Cookie, r.location);
    if crate::parse::jwt::looks_like_jwt(value) {
        return r.jwt(value);
    }
    r.names.filler(value, 0)
}

fn set_cookie(line: &str, r: &mut Rewriter<'_>) -> String {
    let (pair, attributes) = line
        .split_once(';')
        .map_or((line, None), |(p, a)| (p, Some(a)));
    let rewritten = match pair.split_once('=') {
        Some((name, v)) => {
            let lead = v.len() - v.trim_start().len();
            let (space, value) = v.split_at(lead);
            format!("{name}={space}{}", cookie_value(value.trim_end(), r))
        }
        None => pair.to_owned(),
    };
    match attributes {
        Some(a) => format!("{rewritten};{a}"),
        None => rewritten,
    }
}

/// Sanitizes pasted text (headers, curl output, raw HTTP, a command line):
/// headers the input reader finds are rewritten where they stand, the rest
/// is scrubbed as free text.
#[must_use]
pub fn sanitize_text(input: &[u8]) -> Sanitized {
    let decoded = crate::input::decode(input);
    let source: &str = decoded.text.as_ref();
    let mut names = Pseudonyms::default();
    let mut redactions = Redactions::default();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    if let Ok(read) = crate::input::read(source.as_bytes()) {
        for exchange in &read.exchanges {
            let sides = [
                (
                    "request.headers",
                    exchange.request.as_ref().map(|r| &r.headers),
                ),
                (
                    "response.headers",
                    exchange.response.as_ref().map(|r| &r.headers),
                ),
            ];
            for (location, headers) in sides {
                for h in headers.into_iter().flatten() {
                    let Some(span) = h.span else { continue };
                    let mut r = Rewriter {
                        names: &mut names,
                        report: &mut redactions,
                        location,
                    };
                    if let Some(new) = header(&h.name, &h.value, &mut r) {
                        edits.push((span.start, span.end, new));
                    }
                }
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    let gap =
        |out: &mut String, piece: &str, names: &mut Pseudonyms, redactions: &mut Redactions| {
            let mut r = Rewriter {
                names,
                report: redactions,
                location: "text",
            };
            out.push_str(&text::scrub(piece, &mut r).unwrap_or_else(|| piece.to_owned()));
        };
    for (start, end, new) in edits {
        if start < at || end > source.len() {
            continue;
        }
        gap(
            &mut out,
            source.get(at..start).unwrap_or(""),
            &mut names,
            &mut redactions,
        );
        out.push_str(&new);
        at = end;
    }
    gap(
        &mut out,
        source.get(at..).unwrap_or(""),
        &mut names,
        &mut redactions,
    );
    // A secret replaced in its header may also stand in a line the reader
    // did not take for that header (a trace echoing the request, a note).
    if let Some((text, count)) = names.rescrub(&out) {
        out = text;
        for _ in 0..count {
            redactions.add(Kind::Credential, "text");
        }
    }
    Sanitized {
        text: out,
        redactions,
        warnings: Vec::new(),
    }
}

/// Sanitizes any input: a HAR as JSON, anything else as text.
///
/// # Errors
/// [`SanitizeError`] when the input is a HAR of which not one entry could
/// be read.
pub fn sanitize(input: &[u8]) -> Result<Sanitized, SanitizeError> {
    let start = input
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(input)
        .iter()
        .position(|b| !b.is_ascii_whitespace());
    let looks_json = start
        .and_then(|s| input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input).get(s))
        == Some(&b'{');
    if looks_json {
        sanitize_har(input)
    } else {
        Ok(sanitize_text(input))
    }
}
