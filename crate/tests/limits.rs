//! Each resource limit of `authlens::limits` (and the HAR scanner's) at a
//! size just past it: the limit triggers, the report says so in a warning,
//! and everything else is still read. Full-size versions (100 MB values, a
//! million headers or entries, a 1 GB body) run in release mode through
//! `cargo run --profile release-native -p authlens --example hostile_inputs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use authlens::limits::{MAX_HEADERS_PER_MESSAGE, MAX_HEADER_VALUE_BYTES, MAX_LINE_BYTES};
use authlens::{diagnose, Options, Reader, Report};
use base64::Engine as _;

fn options() -> Options {
    Options::with_now(1_764_720_000)
}

fn warned(report: &Report, needle: &str) -> bool {
    report
        .input
        .warnings
        .iter()
        .any(|w| w.message.contains(needle) && w.line >= 1 && w.column >= 1)
}

fn har(entries: &str) -> String {
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"t","version":"1"}},"entries":[{entries}]}}}}"#
    )
}

fn entry(request_headers: &str, content: &str) -> String {
    format!(
        r#"{{"request":{{"method":"GET","url":"https://a.test/","httpVersion":"HTTP/1.1","headers":[{request_headers}]}},"response":{{"status":401,"statusText":"","httpVersion":"HTTP/1.1","headers":[{{"name":"WWW-Authenticate","value":"Basic realm=\"a\""}}],"content":{{"size":0,"mimeType":"text/plain"{content}}}}}}}"#
    )
}

#[test]
fn a_long_pasted_line_is_cut_and_the_rest_still_read() {
    let value = "a".repeat(MAX_LINE_BYTES + 10);
    let paste =
        format!("HTTP/1.1 401 Unauthorized\nX-Big: {value}\nWWW-Authenticate: Basic realm=\"x\"\n");
    let report = diagnose(paste.as_bytes(), &options());
    assert!(warned(&report, "(limit)"), "{:?}", report.input.warnings);
    let headers = &report.exchanges[0].response.as_ref().unwrap().headers;
    assert!(headers[0].value.len() <= MAX_LINE_BYTES);
    assert!(headers.iter().any(|h| h.name == "WWW-Authenticate"));
    let line = report
        .input
        .warnings
        .iter()
        .find(|w| w.message.contains("(limit)"))
        .unwrap();
    assert_eq!(line.line, 2);
}

#[test]
fn a_long_har_header_value_is_cut_with_a_warning() {
    let value = "b".repeat(MAX_HEADER_VALUE_BYTES + 3);
    let input = har(&entry(
        &format!(r#"{{"name":"Authorization","value":"Bearer {value}"}}"#),
        "",
    ));
    let report = diagnose(input.as_bytes(), &options());
    assert!(
        warned(&report, "header `Authorization`"),
        "{:?}",
        report.input.warnings
    );
    let request = report.exchanges[0].request.as_ref().unwrap();
    assert_eq!(request.headers[0].value.len(), MAX_HEADER_VALUE_BYTES);
    assert_eq!(
        report.exchanges[0].response.as_ref().unwrap().status,
        Some(401)
    );
}

#[test]
fn too_many_headers_keep_the_first_ones() {
    let mut paste = String::from("HTTP/1.1 401 Unauthorized\n");
    for i in 0..MAX_HEADERS_PER_MESSAGE + 5 {
        paste.push_str(&format!("X-H{i}: v\n"));
    }
    let report = diagnose(paste.as_bytes(), &options());
    assert!(
        warned(&report, "headers; read the first"),
        "{:?}",
        report.input.warnings
    );
    assert_eq!(
        report.exchanges[0].response.as_ref().unwrap().headers.len(),
        MAX_HEADERS_PER_MESSAGE
    );
}

#[test]
fn deep_nesting_is_refused_with_a_located_error() {
    let input = format!(r#"{{"log":{{"entries":[{}"#, "[".repeat(100_000));
    let report = diagnose(input.as_bytes(), &options());
    let error = report.input.error.as_ref().expect("an error");
    assert!(error.message.contains("nested too deep"), "{error:?}");
    assert!(error.line >= 1 && error.column > 1);
    // Deeply nested JSON inside a JWT's claims is refused by serde_json's own
    // recursion limit.
    let claims = format!("{}1{}", "[".repeat(50_000), "]".repeat(50_000));
    let token = format!(
        "eyJhbGciOiJub25lIn0.{}.",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims)
    );
    let jwt = authlens::parse::jwt::decode_jwt(&token, 0)
        .unwrap()
        .to_json(None);
    assert!(jwt["claims"].is_null(), "{jwt:.300}");
    assert!(!jwt["problems"].as_array().unwrap().is_empty());
}

#[test]
fn a_big_base64_body_streams_past_without_being_held() {
    let head = har("").replace("]}}", "");
    let head = format!(
        "{head}{}",
        entry("", r#","encoding":"base64","text":""#).trim_end_matches("}}}")
    );
    let mut reader = Reader::new(options());
    reader.push(head.as_bytes());
    let chunk = "QUJD".repeat(64 * 1024);
    let mut most = 0;
    for _ in 0..32 {
        reader.push(chunk.as_bytes());
        most = most.max(reader.buffered_bytes());
    }
    reader.push(b"\"}}}]}}");
    assert!(most < 1 << 20, "held {most} bytes of an 8 MiB body");
    let report = reader.finish();
    assert_eq!(report.input.exchanges, 1, "{:?}", report.input);
    assert!(report.input.error.is_none());
}

#[test]
fn many_tiny_entries_are_counted_and_only_the_relevant_listed() {
    let tiny = r#"{"request":{"method":"GET","url":"https://a.test/","headers":[]},"response":{"status":200,"headers":[]}}"#;
    let mut entries = vec![tiny; 20_000].join(",");
    entries.push(',');
    entries.push_str(&entry("", ""));
    let report = diagnose(har(&entries).as_bytes(), &options());
    assert_eq!(report.input.exchanges, 20_001);
    assert!(report.exchanges.len() <= 1_000);
    assert!(report
        .exchanges
        .iter()
        .any(|e| e.response.as_ref().and_then(|r| r.status) == Some(401)));
}

#[test]
fn ntlm_lengths_past_the_buffer_are_an_error_not_a_panic() {
    let mut msg = b"NTLMSSP\0\x03\0\0\0".to_vec();
    for _ in 0..6 {
        msg.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff]);
    }
    msg.extend_from_slice(&[0xff; 4]);
    let decoded = authlens::parse::ntlm::decode_ntlm(&msg);
    let text = format!("{decoded:?}");
    assert!(
        decoded.is_err() || text.contains("error: Some"),
        "lengths past the buffer must be reported: {text}"
    );
    let token = base64::engine::general_purpose::STANDARD.encode(&msg);
    let report = diagnose(
        format!("Authorization: NTLM {token}").as_bytes(),
        &options(),
    );
    assert_eq!(report.exchanges.len(), 1);
}
