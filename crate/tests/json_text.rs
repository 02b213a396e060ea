//! The page's JSON writer (`authlens::json_text`) writes exactly what
//! serde_json writes, over every report the shared corpus gives: each HAR
//! and paste, shared redacted, compared with each other, and every string
//! of the header vectors decoded as each header the report decodes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use authlens::json_text::to_string;
use authlens::parse::Parsed;
use authlens::testing::corpus_path;
use authlens::{diagnose, Options};
use serde::Serialize;
use serde_json::Value;

fn same<T: Serialize>(value: &T, what: &str) {
    let want = serde_json::to_string(value).unwrap();
    assert!(
        to_string(value) == want,
        "{what}: JSON differs from serde_json's"
    );
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_path(dir))
        .expect("corpus directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_report_is_written_as_serde_json_writes_it() {
    let options = Options::with_now(1_700_000_000);
    let mut reports = Vec::new();
    for path in files("har").into_iter().chain(files("paste")) {
        let bytes = std::fs::read(&path).unwrap();
        let mut report = diagnose(&bytes, &options);
        let what = path.display().to_string();
        same(&report, &what);
        let mut value = serde_json::to_value(&report).unwrap();
        same(&value, &what);
        // The shared form is written from a value: serde_json reads it back
        // and writes the same text.
        let shared = authlens::report::share::redacted_json(&value);
        let back: Value = serde_json::from_str(&shared).unwrap();
        assert!(serde_json::to_string(&back).unwrap() == shared, "{what}");
        value.take();
        report.redact_secrets();
        same(&report, &what);
        reports.push(report);
    }
    assert!(reports.len() > 150, "{} reports", reports.len());
    let mut compared = 0;
    for pair in reports.windows(2) {
        if let [working, failing] = pair {
            same(&authlens::compare::compare(working, failing), "comparison");
            compared += 1;
        }
    }
    assert!(compared > 100);
}

/// Every string in `value`, however deep.
fn strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(list) => list.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn every_decoded_header_is_written_as_serde_json_writes_it() {
    const NAMES: &[&str] = &[
        "WWW-Authenticate",
        "Authorization",
        "Set-Cookie",
        "Cookie",
        "Date",
        "Retry-After",
        "Cache-Control",
        "Vary",
        "Location",
        "Access-Control-Allow-Headers",
        "DPoP",
        "DPoP-Nonce",
    ];
    let mut written = 0;
    for file in [
        "challenges/vectors.json",
        "authorization/vectors.json",
        "cookies/vectors.json",
        "cookies/dates.json",
        "jwt/vectors.json",
    ] {
        let json: Value =
            serde_json::from_slice(&std::fs::read(corpus_path(file)).unwrap()).unwrap();
        let mut values = Vec::new();
        strings(&json, &mut values);
        for value in values {
            for name in NAMES {
                same(&Parsed { name, value }, &format!("{file}: {name}: {value}"));
                // Tokens alone, as the vectors give them, behind each scheme.
                for scheme in ["Bearer ", "NTLM ", "Negotiate "] {
                    let value = &[scheme, value].concat();
                    same(&Parsed { name, value }, &format!("{file}: {name}: {value}"));
                }
                written += 1;
            }
        }
    }
    assert!(written > 1_000, "{written}");
}
