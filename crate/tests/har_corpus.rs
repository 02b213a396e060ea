//! Every HAR of the shared corpus is read: the exchange count, statuses and
//! header counts match a reference computed by a plain `serde_json` parse of
//! the same file, and a truncated file gives its complete entries and a
//! located warning.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use authlens::har::HarReader;
use authlens::input::InputKind;
use serde_json::Value;

fn corpus() -> Vec<PathBuf> {
    let dir = authlens::testing::corpus_path("har");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "har"))
        .collect();
    files.sort();
    assert!(files.len() >= 50, "corpus has {} HAR files", files.len());
    files
}

/// The file as a plain JSON value: BOM and JSONP wrapper removed.
fn reference(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.trim_start_matches('\u{feff}').trim();
    let text = if text.starts_with('{') || text.starts_with('[') {
        text
    } else {
        let open = text.find('(')?;
        let close = text.rfind(')')?;
        &text[open + 1..close]
    };
    serde_json::from_str(text).ok()
}

/// Elements of a list, or the one object written where a list belongs.
fn list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(object @ Value::Object(_)) => vec![object],
        _ => Vec::new(),
    }
}

fn header_count(message: &Value) -> usize {
    list(message.get("headers"))
        .into_iter()
        .filter(|h| h.get("name").is_some_and(|n| !n.is_null()))
        .count()
}

/// The status rule of the reader: 0..=999 kept, anything else is no status.
fn status(response: &Value) -> Option<u16> {
    let n = match response.get("status")? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (0.0..1000.0).contains(&n).then_some(n as u16)
}

#[test]
fn every_corpus_har_reads_like_a_plain_parse() {
    let mut checked = 0;
    for path in corpus() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            authlens::har::looks_like_har(&bytes[..bytes.len().min(1024)]),
            "{name}: not sniffed as HAR"
        );
        let mut reader = HarReader::new(usize::MAX);
        reader.push(&bytes);
        let read = reader.finish().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read.kind, InputKind::Har, "{name}");
        let Some(value) = reference(&bytes) else {
            // Not valid JSON (the truncated file): complete entries and a warning.
            assert!(!read.exchanges.is_empty(), "{name}: no entry read");
            let warning = read.warnings.last().expect("a warning");
            assert!(
                warning.message.contains("ends early")
                    || warning.message.contains("not valid JSON"),
                "{name}: {warning:?}"
            );
            assert!(warning.line > 1, "{name}: {warning:?}");
            // It stops at the end of the file, where the cut is.
            let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
            assert_eq!(warning.line, lines, "{name}: {warning:?}");
            // The entries read are the complete ones: each URL stands in the text.
            let text = String::from_utf8_lossy(&bytes);
            for exchange in &read.exchanges {
                let url = &exchange.request.as_ref().expect("request").url;
                assert!(text.contains(url.as_str()), "{name}: {url}");
            }
            continue;
        };
        let entries = list(value.get("log").and_then(|l| l.get("entries")));
        let entries: Vec<&Value> = if entries.is_empty() {
            vec![&value]
        } else {
            entries
        };
        assert_eq!(
            read.exchanges.len(),
            entries.len(),
            "{name}: exchange count"
        );
        assert_eq!(read.total_exchanges, Some(entries.len()), "{name}: total");
        for (i, (exchange, entry)) in read.exchanges.iter().zip(&entries).enumerate() {
            assert_eq!(exchange.entry_index, i, "{name}");
            match entry.get("request").filter(|r| r.is_object()) {
                Some(request) => {
                    let got = exchange.request.as_ref().expect("request");
                    assert_eq!(
                        got.headers.len(),
                        header_count(request),
                        "{name} entry {i}: request headers"
                    );
                    assert_eq!(
                        Some(got.method.as_str()),
                        request.get("method").and_then(Value::as_str).or(Some("")),
                        "{name} entry {i}"
                    );
                }
                None => assert!(exchange.request.is_none(), "{name} entry {i}"),
            }
            match entry.get("response").filter(|r| r.is_object()) {
                Some(response) => {
                    let got = exchange.response.as_ref().expect("response");
                    assert_eq!(got.status, status(response), "{name} entry {i}: status");
                    assert_eq!(
                        got.headers.len(),
                        header_count(response),
                        "{name} entry {i}: response headers"
                    );
                }
                None => assert!(exchange.response.is_none(), "{name} entry {i}"),
            }
            let meta = exchange.har.as_ref().expect("HAR metadata");
            assert_eq!(
                meta.page.as_deref(),
                entry.get("pageref").and_then(Value::as_str),
                "{name} entry {i}"
            );
            assert_eq!(
                meta.server_ip.as_deref(),
                entry
                    .get("serverIPAddress")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty()),
                "{name} entry {i}"
            );
        }
        let creator = value
            .get("log")
            .and_then(|l| l.get("creator"))
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str);
        assert_eq!(
            read.producer.is_some(),
            creator.is_some_and(|c| !c.trim().is_empty()),
            "{name}: producer {:?}",
            read.producer
        );
        checked += 1;
    }
    assert!(checked >= 50, "{checked} files checked");
}

#[test]
fn producers_are_named_as_people_know_them() {
    for (file, prefix) in [
        (
            "firefox__sitespeedio_coach-core__compressassets2.har",
            "Firefox 43",
        ),
        (
            "charles__httprunner_httprunner__postman-echo.har",
            "Charles 4.6",
        ),
        ("chrome__mitmproxy_mitmproxy__chrome.har", "Chrome "),
        ("edge__mitmproxy_mitmproxy__edge.har", "Edge "),
    ] {
        let bytes = std::fs::read(authlens::testing::corpus_path(&format!("har/{file}"))).unwrap();
        let read = authlens::har::read(&bytes).unwrap();
        let producer = read.producer.unwrap_or_default();
        assert!(producer.starts_with(prefix), "{file}: {producer}");
    }
}

#[test]
fn error_bodies_are_kept_and_big_bodies_are_not() {
    for path in corpus() {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(read) = authlens::har::read(&bytes) else {
            continue;
        };
        for exchange in &read.exchanges {
            if let Some(response) = &exchange.response {
                if let Some(body) = &response.body {
                    assert!(
                        body.text.len() <= 64 * 1024,
                        "{}: body of {} bytes kept",
                        path.display(),
                        body.text.len()
                    );
                }
            }
        }
    }
    // The Digest challenge of the Charles capture keeps its (small) 401 body.
    let bytes = std::fs::read(authlens::testing::corpus_path(
        "har/charles__httprunner_httprunner__postman-echo.har",
    ))
    .unwrap();
    let read = authlens::har::read(&bytes).unwrap();
    let challenge = read
        .exchanges
        .iter()
        .filter_map(|e| e.response.as_ref())
        .find(|r| r.status == Some(401))
        .expect("a 401");
    assert!(challenge.headers.iter().any(|h| h.is("www-authenticate")));
}

#[test]
fn big_hars_list_only_auth_relevant_exchanges_but_count_all() {
    let bytes = std::fs::read(authlens::testing::corpus_path(
        "har/firefox__sitespeedio_coach-core__compressassets2.har",
    ))
    .unwrap();
    let all = authlens::har::read(&bytes).unwrap();
    let mut reader = HarReader::new(10);
    reader.push(&bytes);
    let some = reader.finish().unwrap();
    assert_eq!(some.total_exchanges, all.total_exchanges);
    assert!(some.exchanges.len() < all.exchanges.len());
    // Every 401 is still listed, with its entry index.
    let challenges = |r: &authlens::input::Read| {
        r.exchanges
            .iter()
            .filter(|e| e.response.as_ref().and_then(|r| r.status) == Some(401))
            .map(|e| e.entry_index)
            .collect::<Vec<_>>()
    };
    assert!(!challenges(&all).is_empty());
    assert_eq!(challenges(&some), challenges(&all));
}

#[test]
fn sanitized_chrome_export_is_flagged() {
    let bytes = std::fs::read(authlens::testing::corpus_path(
        "har/chrome__gdagm94_freeorbarter__localhost.har",
    ))
    .unwrap();
    let read = authlens::har::read(&bytes).unwrap();
    assert!(
        read.warnings
            .iter()
            .any(|w| w.message.contains("sensitive data")),
        "{:?}",
        read.warnings
    );
    let bytes = std::fs::read(authlens::testing::corpus_path(
        "har/chrome__humanmike_shopapitest__localhost.har",
    ))
    .unwrap();
    let read = authlens::har::read(&bytes).unwrap();
    assert!(!read
        .warnings
        .iter()
        .any(|w| w.message.contains("sensitive data")));
}
