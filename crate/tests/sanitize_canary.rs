//! The sanitizer's promise, tested the way a leak would happen: a unique
//! canary planted in every place a secret hides (headers, cookies, query
//! strings, userinfo, form/JSON/multipart bodies, base64 bodies, WebSocket
//! messages, redirect targets, JWT claims and signatures), in several
//! encodings, into every corpus HAR; none may survive, and the output must
//! stay valid JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use authlens::sanitize::sanitize;
use authlens::testing::corpus_path;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

const CANARY: &str = "QZKANARI";

fn canary(place: &str) -> String {
    format!("{CANARY}{place}q7Zx")
}

fn jwt(sub: &str, sig: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"{sub}","exp":1700000000}}"#));
    format!("{header}.{claims}.{sig}")
}

/// Plants canaries into one entry; returns how many places were planted.
fn plant(entry: &mut Value) -> usize {
    let basic = STANDARD.encode(format!("alice:{}", canary("basic")));
    let request = json!({
        "method": "POST",
        "url": format!("https://bob:{}@api.test/cb?code={}&access_token=%51ZKANARIpct", canary("userinfo"), canary("code")),
        "httpVersion": "HTTP/1.1",
        "headers": [
            {"name": "Authorization", "value": format!("Basic {basic}")},
            {"name": "authorization", "value": format!("Bearer {}", jwt(&canary("sub"), &canary("sig")))},
            {"name": "Proxy-Authorization", "value": format!("Bearer {}", canary("proxy"))},
            {"name": "Cookie", "value": format!("theme=dark; sid={}", canary("cookiehdr"))},
            {"name": "x-api-key", "value": canary("apikey")},
        ],
        "cookies": [{"name": "sid", "value": canary("cookiearr")}],
        "queryString": [{"name": "api_key", "value": canary("qs")}],
        "postData": {
            "mimeType": "application/json",
            "text": format!("{{\"user\":\"bob\",\"password\":\"{}\",\"nested\":{{\"client_secret\":\"{}\"}}}}", canary("json"), canary("nested")),
            "params": [{"name": "password", "value": canary("param")}],
        },
        "headersSize": -1, "bodySize": -1,
    });
    let response = json!({
        "status": 302, "statusText": "Found", "httpVersion": "HTTP/1.1",
        "headers": [
            {"name": "Set-Cookie", "value": format!("session={}; Path=/; HttpOnly", canary("setcookie"))},
            {"name": "Location", "value": format!("https://app.test/#id_token={}", canary("fragment"))},
        ],
        "cookies": [{"name": "session", "value": canary("respcookie")}],
        "content": {
            "size": 10, "mimeType": "application/json", "encoding": "base64",
            "text": STANDARD.encode(format!("{{\"refresh_token\":\"{}\"}}", canary("b64body"))),
        },
        "redirectURL": format!("https://app.test/cb?code={}", canary("redirect")),
        "headersSize": -1, "bodySize": -1,
    });
    let obj = entry.as_object_mut().unwrap();
    obj.insert("request".into(), request);
    obj.insert("response".into(), response);
    obj.insert(
        "_webSocketMessages".into(),
        json!([{"type": "send", "time": 1.0, "opcode": 1, "data": format!("{{\"token\":\"{}\"}}", canary("ws"))},
               {"type": "receive", "time": 1.1, "opcode": 1, "data": format!("--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{}\r\n--b--", canary("multipart"))}]),
    );
    18
}

/// Every decoding a reader of the output might try.
fn readings(s: &str) -> Vec<String> {
    let mut out = vec![s.to_owned(), percent_decode(s)];
    for piece in
        s.split(|c: char| c.is_whitespace() || matches!(c, '.' | '"' | ',' | ':' | '=' | ';'))
    {
        for decoded in [
            STANDARD.decode(piece).ok(),
            URL_SAFE_NO_PAD.decode(piece).ok(),
        ]
        .into_iter()
        .flatten()
        {
            out.push(String::from_utf8_lossy(&decoded).into_owned());
        }
    }
    // Base64 with its padding kept (the pieces above were split at `=`).
    for piece in s.split_whitespace() {
        if let Ok(decoded) = STANDARD.decode(piece) {
            out.push(String::from_utf8_lossy(&decoded).into_owned());
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn leaks(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            for reading in readings(s) {
                if reading.contains(CANARY) {
                    found.push(format!("{path}: {}", &reading[..reading.len().min(120)]));
                    break;
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaks(v, &format!("{path}[{i}]"), found)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| leaks(v, &format!("{path}.{k}"), found)),
        _ => {}
    }
}

#[test]
fn no_canary_survives_in_any_corpus_har() {
    let dir = corpus_path("har");
    let mut files = 0;
    let mut planted = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("har") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
            .into_owned();
        let (Some(open), Some(close)) = (text.find('{'), text.rfind('}')) else {
            continue;
        };
        // Truncated and otherwise broken files are the reader's business;
        // the sanitizer refuses them (tested below).
        let Ok(mut har) = serde_json::from_str::<Value>(&text[open..=close]) else {
            continue;
        };
        let Some(entries) = har
            .pointer_mut("/log/entries")
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        if entries.is_empty() {
            entries.push(json!({}));
        }
        for e in entries.iter_mut().take(3) {
            if e.is_object() {
                planted += plant(e);
            }
        }
        files += 1;
        let planted_text = serde_json::to_string(&har).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = match sanitize(planted_text.as_bytes()) {
            Ok(out) => out,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let Ok(parsed) = serde_json::from_str::<Value>(&out.text) else {
            failures.push(format!("{name}: output is not valid JSON"));
            continue;
        };
        let mut found = Vec::new();
        leaks(&parsed, "", &mut found);
        for leak in found {
            failures.push(format!("{name}: {leak}"));
        }
        assert!(
            out.redactions.total() >= 18,
            "{name}: redaction report counts what was planted"
        );
    }
    println!(
        "{files} HARs, {planted} canaries planted, {} leaks",
        failures.len()
    );
    assert!(files >= 50, "the corpus was found ({files} HARs)");
    assert!(
        failures.is_empty(),
        "{} leaks:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn broken_har_is_refused_with_a_location() {
    let err = sanitize(b"{\"log\": {\"entries\": [\n  {\"request\": }").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.column > 1);
}

#[test]
fn diagnosis_reads_the_same_headers_after_sanitizing() {
    // What the decoders show must not change where it is not secret.
    let paste = format!(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\r\n\r\nGET /x HTTP/1.1\r\nAuthorization: Bearer {}\r\n\r\n",
        jwt("alice@example.com", "c2lnbmF0dXJl")
    );
    let out = sanitize(paste.as_bytes()).unwrap();
    assert!(!out.text.contains("alice@"));
    assert!(out
        .text
        .contains("WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\""));
    let before = authlens::diagnose(paste.as_bytes(), &authlens::Options::default());
    let after = authlens::diagnose(out.text.as_bytes(), &authlens::Options::default());
    assert_eq!(before.exchanges.len(), after.exchanges.len());
    let exp = |r: &authlens::Report| {
        serde_json::to_value(r)
            .unwrap()
            .to_string()
            .contains("1700000000")
    };
    assert_eq!(exp(&before), exp(&after));
}
