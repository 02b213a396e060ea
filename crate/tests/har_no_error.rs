//! Over every HAR of `shared/corpus/har/`, no `error` finding may land on an
//! exchange whose status is 2xx or 3xx: severity is per occurrence, and a
//! healthy exchange is never "the failure". The HAR is read here with
//! serde_json (entries' request/response headers, status, body text,
//! startedDateTime) so the test does not depend on the product's HAR reader.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use authlens::diagnosis::diagnose_exchanges;
use authlens::model::{Body, Exchange, HarMeta, Header, Request, Response};
use authlens::Options;
use serde_json::Value;

fn headers(v: &Value) -> Vec<Header> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| {
                    Some(Header::new(
                        h.get("name")?.as_str()?,
                        h.get("value")?.as_str()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn exchanges(har: &Value) -> Vec<Exchange> {
    let entries = har
        .pointer("/log/entries")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let req = &e["request"];
            let res = &e["response"];
            let started = e["startedDateTime"].as_str().map(str::to_owned);
            Exchange {
                entry_index: i,
                request: Some(Request {
                    method: req["method"].as_str().unwrap_or("").to_owned(),
                    url: req["url"].as_str().unwrap_or("").to_owned(),
                    http_version: req["httpVersion"].as_str().map(str::to_owned),
                    headers: headers(&req["headers"]),
                    ..Request::default()
                }),
                response: Some(Response {
                    status: res["status"].as_u64().and_then(|s| u16::try_from(s).ok()),
                    status_text: res["statusText"].as_str().unwrap_or("").to_owned(),
                    http_version: res["httpVersion"].as_str().map(str::to_owned),
                    headers: headers(&res["headers"]),
                    body: res
                        .pointer("/content/text")
                        .and_then(Value::as_str)
                        .map(|t| Body {
                            text: t.chars().take(4096).collect(),
                            truncated: false,
                        }),
                }),
                har: Some(Box::new(HarMeta {
                    started_unix: started.as_deref().and_then(authlens::time::parse_rfc3339),
                    started,
                    connection: e["connection"].as_str().map(str::to_owned),
                    ..HarMeta::default()
                })),
                ..Exchange::default()
            }
        })
        .collect()
}

#[test]
fn no_error_on_healthy_exchanges() {
    let dir = authlens::testing::corpus_path("har");
    let mut files = 0;
    let mut errors_on_healthy = Vec::new();
    let mut findings_total = 0;
    for entry in std::fs::read_dir(&dir).expect("har corpus") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("har") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        // JSONP-wrapped HARs (harp) hold the JSON between the first `(` and the last `)`.
        let json = if text.trim_start().starts_with('{') {
            text.to_owned()
        } else {
            let (Some(a), Some(b)) = (text.find('('), text.rfind(')')) else {
                continue;
            };
            text.get(a + 1..b).unwrap_or("").to_owned()
        };
        let Ok(har) = serde_json::from_str::<Value>(&json) else {
            continue;
        };
        let ex = exchanges(&har);
        files += 1;
        let (_, findings) = diagnose_exchanges(&ex, &Options::with_now(1_780_000_000));
        findings_total += findings.len();
        for f in findings.iter().filter(|f| f.severity == "error") {
            let status = f
                .exchange
                .and_then(|i| ex.get(i))
                .and_then(|e| e.response.as_ref())
                .and_then(|r| r.status);
            if status.is_some_and(|s| (200..400).contains(&s)) {
                errors_on_healthy.push(format!(
                    "{}: {} on #{:?} ({status:?}): {}",
                    path.display(),
                    f.code,
                    f.exchange,
                    f.title
                ));
            }
        }
    }
    println!(
        "{files} HAR files, {findings_total} findings, {} errors on 2xx/3xx",
        errors_on_healthy.len()
    );
    assert!(files > 50, "HAR corpus not read: {files} files");
    assert!(
        errors_on_healthy.is_empty(),
        "errors on healthy exchanges:\n{}",
        errors_on_healthy.join("\n")
    );
}
