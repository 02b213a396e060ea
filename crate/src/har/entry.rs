//! One HAR entry, as the scanner re-emitted it, into an [`Exchange`].
//! Producers disagree on types (numbers as strings, `null` statuses, one
//! object where an array belongs), so every field is read leniently.

use serde_json::{Map, Value};

use super::scan::TRUNCATED_KEY;
use crate::model::{Body, Exchange, HarMeta, Header, Request, Response};

/// Bodies kept when the response did not fail: small JSON error payloads.
const SMALL_JSON: usize = 4 * 1024;

/// Takes the string at `key` out of `map` (numbers and booleans as text).
fn take_str(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.get_mut(key)?.take() {
        Value::String(s) => Some(s),
        // The report's serializer, not `Display`: one number formatter in the wasm.
        Value::Number(n) => Some(crate::json_text::to_string(&n)),
        Value::Bool(b) => Some(if b { "true" } else { "false" }.to_owned()),
        _ => None,
    }
}

/// A number at `key`, also when written as a string.
fn number(map: &Map<String, Value>, key: &str) -> Option<f64> {
    match map.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => decimal(s.trim().as_bytes()),
        _ => None,
    }
}

/// A plain decimal (`401`, `-3`, `12.75`), as HARs write statuses and
/// times. `str::parse::<f64>` would also take exponents and `inf`, none of
/// which a status or a duration is, and it costs the wasm ~15 KB (the
/// exact-rounding tables); milliseconds and status codes need no such
/// precision.
pub(crate) fn decimal(text: &[u8]) -> Option<f64> {
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let (whole, fraction) = match text.iter().position(|&b| b == b'.') {
        Some(dot) => (text.get(..dot)?, text.get(dot + 1..)?),
        None => (text, &[][..]),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = 0.0_f64;
    for &b in whole {
        value = value * 10.0 + f64::from(digit(b)?);
    }
    let mut scale = 1.0_f64;
    for &b in fraction {
        scale /= 10.0;
        value += f64::from(digit(b)?) * scale;
    }
    Some(if negative { -value } else { value })
}

fn digit(b: u8) -> Option<u8> {
    b.is_ascii_digit().then(|| b - b'0')
}

/// The elements of an array, or the one object written where an array belongs.
fn list(value: Option<&mut Value>) -> Vec<Value> {
    match value.map(Value::take) {
        Some(Value::Array(items)) => items,
        Some(object @ Value::Object(_)) => vec![object],
        _ => Vec::new(),
    }
}

/// `name`/`value` pairs (headers, cookies).
fn pairs(value: Option<&mut Value>) -> impl Iterator<Item = (String, String)> {
    list(value).into_iter().filter_map(|item| {
        let Value::Object(mut pair) = item else {
            return None;
        };
        let name = take_str(&mut pair, "name")?;
        let value = take_str(&mut pair, "value").unwrap_or_default();
        Some((name, value))
    })
}

fn headers(value: Option<&mut Value>) -> Vec<Header> {
    pairs(value)
        .map(|(name, value)| Header {
            name,
            value,
            span: None,
        })
        .collect()
}

/// `HTTP/1.1`, `HTTP/2`, `HTTP/3` for the spellings producers use (`h2`,
/// `http/2.0`, `HTTP/2.0`, `h3`, `http/2.0+quic/46`, `1.1`); other
/// non-empty spellings are kept as written, placeholders become `None`.
pub(crate) fn http_version(raw: &str) -> Option<String> {
    let v = raw.trim();
    let lower = v.to_ascii_lowercase();
    let canonical = match lower.as_str() {
        "" | "unknown" | "http" | "-" => return None,
        "h2" | "http/2" | "http/2.0" | "2" | "2.0" => "HTTP/2",
        "h3" | "http/3" | "http/3.0" | "3" => "HTTP/3",
        "http/1.1" | "1.1" => "HTTP/1.1",
        "http/1.0" | "1.0" => "HTTP/1.0",
        "http/0.9" => "HTTP/0.9",
        _ if lower.starts_with("h3-") || lower.contains("quic") => "HTTP/3",
        _ => return Some(v.to_owned()),
    };
    Some(canonical.to_owned())
}

/// A status as a code: `0` (no response) is kept, negative, `null` and
/// non-numeric ones are not a status.
pub(crate) fn status(map: &Map<String, Value>) -> Option<u16> {
    let n = number(map, "status")?;
    (0.0..1000.0).contains(&n).then_some(n as u16)
}

/// `startedDateTime` as seconds, also for `+0000` offsets without a colon.
fn started_unix(text: &str) -> Option<i64> {
    crate::time::parse_rfc3339(text).or_else(|| {
        let t = text.trim();
        let (head, tail) = t.split_at_checked(t.len().checked_sub(5)?)?;
        let fixed = tail
            .get(..3)
            .map(|h| format!("{head}{h}:{}", tail.get(3..).unwrap_or("")))?;
        crate::time::parse_rfc3339(&fixed)
    })
}

/// A body text, decoded from base64 when the producer encoded it.
fn body(content: &mut Map<String, Value>) -> Option<Body> {
    let text = take_str(content, "text")?;
    let truncated = content.get(TRUNCATED_KEY).is_some();
    let base64 = content
        .get("encoding")
        .and_then(Value::as_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
    let text = if base64 { decode_base64(&text)? } else { text };
    Some(Body { text, truncated })
}

fn decode_base64(text: &str) -> Option<String> {
    use base64::Engine as _;
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    // A cut body ends mid-quantum: decode the whole quanta only.
    let whole = clean.get(..clean.len() / 4 * 4)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(whole)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Whether a body of a response with `status` is worth keeping: error
/// bodies, and small JSON payloads that may carry an OAuth error.
fn keep_body(status: Option<u16>, body: &Body) -> bool {
    match status {
        Some(400..=599) => true,
        _ => {
            let t = body.text.trim_start();
            t.len() <= SMALL_JSON && t.starts_with('{') && t.contains("error")
        }
    }
}

fn request(map: &mut Map<String, Value>, meta: &mut HarMeta) -> Request {
    let body = match map.get_mut("postData") {
        Some(Value::Object(post)) => body(post).filter(|b| !b.text.is_empty()),
        _ => None,
    };
    meta.request_cookies = pairs(map.get_mut("cookies")).collect();
    Request {
        method: take_str(map, "method").unwrap_or_default(),
        url: take_str(map, "url").unwrap_or_default(),
        http_version: take_str(map, "httpVersion").and_then(|v| http_version(&v)),
        headers: headers(map.get_mut("headers")),
        body,
    }
}

fn response(map: &mut Map<String, Value>, meta: &mut HarMeta) -> Response {
    let status = status(map);
    let body = match map.get_mut("content") {
        Some(Value::Object(content)) => body(content).filter(|b| keep_body(status, b)),
        _ => None,
    };
    meta.response_cookies = pairs(map.get_mut("cookies")).collect();
    meta.redirect_url = take_str(map, "redirectURL").filter(|u| !u.is_empty());
    Response {
        status,
        status_text: take_str(map, "statusText").unwrap_or_default(),
        http_version: take_str(map, "httpVersion").and_then(|v| http_version(&v)),
        headers: headers(map.get_mut("headers")),
        body,
    }
}

/// Whether `value` looks like an entry (a single-entry file's top level).
pub(crate) fn is_entry(value: &Value) -> bool {
    value.as_object().is_some_and(|m| {
        m.get("request").is_some_and(Value::is_object)
            || m.get("response").is_some_and(Value::is_object)
    })
}

/// The exchange of entry `index`.
///
/// # Errors
/// A message when the entry is not an object.
pub(crate) fn exchange(value: Value, index: usize) -> Result<Exchange, &'static str> {
    let Value::Object(mut map) = value else {
        return Err("is not an object");
    };
    let mut meta = HarMeta {
        page: take_str(&mut map, "pageref"),
        started: take_str(&mut map, "startedDateTime"),
        time_ms: number(&map, "time")
            .filter(|t| t.is_finite() && *t >= 0.0)
            .map(|t| t.round() as u64),
        server_ip: take_str(&mut map, "serverIPAddress").filter(|s| !s.is_empty()),
        connection: take_str(&mut map, "connection").filter(|s| !s.is_empty()),
        ..HarMeta::default()
    };
    meta.started_unix = meta.started.as_deref().and_then(started_unix);
    let request = match map.get_mut("request") {
        Some(Value::Object(r)) => Some(request(r, &mut meta)),
        _ => None,
    };
    let response = match map.get_mut("response") {
        Some(Value::Object(r)) => Some(response(r, &mut meta)),
        _ => None,
    };
    // Found by fuzzing: `{}` (or non-object sides) made an exchange with
    // nothing in it, which every rule and the page then had to guard against.
    if request.is_none() && response.is_none() {
        return Err("has neither a request nor a response object");
    }
    Ok(Exchange {
        entry_index: index,
        request,
        response,
        har: Some(Box::new(meta)),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_spellings() {
        for (raw, want) in [
            ("h2", Some("HTTP/2")),
            ("http/2.0", Some("HTTP/2")),
            ("HTTP/2.0", Some("HTTP/2")),
            ("h3", Some("HTTP/3")),
            ("http/2.0+quic/46", Some("HTTP/3")),
            ("1.1", Some("HTTP/1.1")),
            ("http/1.0", Some("HTTP/1.0")),
            ("", None),
            ("unknown", None),
            ("HTTP", None),
            ("spdy/3.1", Some("spdy/3.1")),
        ] {
            assert_eq!(http_version(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn statuses() {
        for (json, want) in [
            (r#"{"status":401}"#, Some(401)),
            (r#"{"status":0}"#, Some(0)),
            (r#"{"status":-1}"#, None),
            (r#"{"status":null}"#, None),
            (r#"{"status":"404"}"#, Some(404)),
            (r#"{"status":200.0}"#, Some(200)),
            (r#"{"status":" 401 "}"#, Some(401)),
            (r#"{"status":"+302"}"#, Some(302)),
            (r#"{"status":"401.0"}"#, Some(401)),
            (r#"{"status":"-5"}"#, None),
            (r#"{"status":"4e2"}"#, None),
            (r#"{"status":"."}"#, None),
            (r#"{"status":"inf"}"#, None),
            (r#"{"status":"Unauthorized"}"#, None),
        ] {
            let v: Value = serde_json::from_str(json).unwrap_or_default();
            let map = v.as_object().cloned().unwrap_or_default();
            assert_eq!(status(&map), want, "{json}");
        }
    }

    #[test]
    fn times_written_as_text_round_to_milliseconds() {
        for (json, want) in [
            (r#"{"time":12.5}"#, Some(13)),
            (r#"{"time":"12.49"}"#, Some(12)),
            (r#"{"time":"0.75"}"#, Some(1)),
            (r#"{"time":".5"}"#, Some(1)),
            (r#"{"time":"-1"}"#, None),
            (r#"{"time":"soon"}"#, None),
        ] {
            let v: Value = serde_json::from_str(json).unwrap_or_default();
            let mut map = v.as_object().cloned().unwrap_or_default();
            map.insert(
                "request".into(),
                serde_json::json!({"method": "GET", "url": "https://a.test/"}),
            );
            let time = exchange(Value::Object(map), 0)
                .ok()
                .and_then(|e| e.har)
                .and_then(|h| h.time_ms);
            assert_eq!(time, want, "{json}");
        }
    }

    #[test]
    fn started_without_colon_in_offset() {
        assert_eq!(
            started_unix("2011-09-13T18:50:36.503+0000"),
            crate::time::parse_rfc3339("2011-09-13T18:50:36Z")
        );
    }
}
