//! Sanitizing a HAR: read as JSON, walked as a tree, written as JSON — the
//! output is valid JSON by construction, whatever the producer's quirks.
//!
//! The walk is generic rather than tied to HAR 1.2's field list: producers
//! add `_webSocketMessages`, `_initiator` stacks with URLs, single objects
//! where arrays belong; every string anywhere is scrubbed, and the places
//! with known structure (headers, cookies, query strings, form params,
//! base64 bodies) get their structural treatment.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;

use super::credential::Rewriter;
use super::filler::Pseudonyms;
use super::{
    cookie_value, header, is_secret_name, text, Kind, Redactions, SanitizeError, Sanitized,
};
use crate::span::line_column;

/// Sanitizes a HAR read whole as one JSON tree: for files that are not
/// `{"log": …}` (one entry saved alone, a producer's own wrapper), which the
/// stream hands over whole (UTF-8 BOM and a JSONP wrapper are kept).
///
/// # Errors
/// [`SanitizeError`] located where the JSON breaks.
pub(crate) fn sanitize_har_tree(input: &[u8]) -> Result<Sanitized, SanitizeError> {
    let bom = input.starts_with(b"\xEF\xBB\xBF");
    let body = if bom {
        input.get(3..).unwrap_or(&[])
    } else {
        input
    };
    let text = String::from_utf8_lossy(body);
    // JSONP: `onInputData({...});` as harviewer writes it.
    let (prefix, json, suffix) = match (text.find('{'), text.rfind('}')) {
        (Some(open), Some(close)) if open < close => (
            text.get(..open).unwrap_or(""),
            text.get(open..=close).unwrap_or(""),
            text.get(close + 1..).unwrap_or(""),
        ),
        _ => ("", text.as_ref(), ""),
    };
    let offset = prefix.len();
    // From bytes, as the stream reads its entries: the wasm then holds one
    // JSON reader for both.
    let mut value: Value = serde_json::from_slice(json.as_bytes()).map_err(|e| {
        // serde_json counts lines and columns in the JSON; shift to the file.
        let (line, column) = if e.line() == 1 {
            line_column(&text, offset + e.column().saturating_sub(1))
        } else {
            let (l, _) = line_column(&text, offset);
            (l + e.line() - 1, e.column())
        };
        SanitizeError {
            line,
            column,
            message: format!("not valid JSON: {e}"),
        }
    })?;
    let mut names = Pseudonyms::default();
    let mut redactions = Redactions::default();
    walk(&mut value, "", &mut names, &mut redactions);
    let json = serde_json::to_string_pretty(&value).map_err(|e| SanitizeError {
        line: 1,
        column: 1,
        message: e.to_string(),
    })?;
    let mut out = String::with_capacity(json.len() + prefix.len() + suffix.len() + 3);
    if bom {
        out.push('\u{FEFF}');
    }
    out.push_str(prefix);
    out.push_str(&json);
    out.push_str(suffix);
    Ok(Sanitized {
        text: out,
        redactions,
        warnings: Vec::new(),
    })
}

/// A short, stable name for where a value sits, for the redaction report.
fn location(path: &str) -> &'static str {
    const PLACES: &[(&str, &str)] = &[
        ("request.headers", "request.headers"),
        ("request.cookies", "request.cookies"),
        ("request.queryString", "request.queryString"),
        ("request.postData", "request.postData"),
        ("request.url", "request.url"),
        ("response.headers", "response.headers"),
        ("response.cookies", "response.cookies"),
        ("response.content", "response.content"),
        ("response.redirectURL", "response.redirectURL"),
        ("_webSocketMessages", "websocket"),
    ];
    PLACES
        .iter()
        .find(|(p, _)| path.contains(p))
        .map_or("other", |(_, name)| name)
}

pub(crate) fn walk(value: &mut Value, path: &str, names: &mut Pseudonyms, report: &mut Redactions) {
    walk_value(value, path, names, report);
    // Once an entry is done, what its headers and cookies held goes from
    // everywhere in it (a body or a note that echoes the token). Per entry,
    // so the stream and the whole-file walk write the same.
    if path == ".log.entries" && value.is_object() {
        rescrub(value, names, report);
    }
}

/// Every string in `value` with the secrets learnt so far replaced.
fn rescrub(value: &mut Value, names: &Pseudonyms, report: &mut Redactions) {
    match value {
        Value::String(s) => {
            if let Some((new, count)) = names.rescrub(s) {
                *s = new;
                for _ in 0..count {
                    report.add(Kind::Credential, "elsewhere");
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rescrub(v, names, report)),
        Value::Object(map) => map.values_mut().for_each(|v| rescrub(v, names, report)),
        _ => {}
    }
}

fn walk_value(value: &mut Value, path: &str, names: &mut Pseudonyms, report: &mut Redactions) {
    match value {
        Value::Object(map) => {
            let base64 = map.get("encoding").and_then(Value::as_str) == Some("base64");
            // {name, value} pairs: headers, cookies, query strings, params.
            let pair_name = map.get("name").and_then(Value::as_str).map(str::to_owned);
            if let (Some(name), Some(Value::String(v))) =
                (pair_name.as_deref(), map.get_mut("value"))
            {
                let mut r = Rewriter {
                    names,
                    report,
                    location: location(path),
                };
                let new = if path.ends_with("headers") {
                    header(name, v, &mut r)
                } else if path.ends_with("cookies") {
                    Some(cookie_value(v, &mut r))
                } else if is_secret_name(name) {
                    Some(r.token(v))
                } else {
                    text::scrub(v, &mut r)
                };
                if let Some(new) = new {
                    names.learn(v, &new);
                    *v = new;
                }
            }
            for (key, child) in map.iter_mut() {
                if key == "value" && pair_name.is_some() {
                    continue;
                }
                let child_path = format!("{path}.{key}");
                match child {
                    Value::String(s) if key == "text" && base64 => {
                        let mut r = Rewriter {
                            names,
                            report,
                            location: location(&child_path),
                        };
                        if let Some(new) = scrub_base64(s, &mut r) {
                            *s = new;
                        }
                    }
                    Value::String(s) if is_secret_name(key) && !s.is_empty() => {
                        let mut r = Rewriter {
                            names,
                            report,
                            location: location(&child_path),
                        };
                        let new = r.token(s);
                        names.learn(s, &new);
                        *s = new;
                    }
                    _ => walk(child, &child_path, names, report),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                // Arrays keep their parent's name: `request.headers`.
                walk(item, path, names, report);
            }
        }
        Value::String(s) => {
            let mut r = Rewriter {
                names,
                report,
                location: location(path),
            };
            if let Some(new) = text::scrub(s, &mut r) {
                *s = new;
            }
        }
        _ => {}
    }
}

/// A base64 body: decoded, scrubbed as text when it is text, encoded again.
fn scrub_base64(encoded: &str, r: &mut Rewriter<'_>) -> Option<String> {
    let bytes = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(bytes).ok()?;
    let scrubbed = text::scrub(&decoded, r)?;
    Some(STANDARD.encode(scrubbed))
}
