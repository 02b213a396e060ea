//! The sanitizer keeps what the diagnosis reads: for every HAR of the corpus
//! and every real case (written out as the raw HTTP a user would paste), the
//! verdict after sanitizing is the verdict before. A redaction that changed a
//! token's claims, a Basic password's trailing newline or an NTLM blob's
//! layout would change the verdict and fail here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use authlens::report::Report;
use authlens::sanitize::sanitize;
use authlens::testing::corpus_path;
use authlens::{diagnose, Options};
use serde_json::Value;

/// After every case's timeline, so expiry does not depend on the day the test runs.
const NOW: i64 = 1_780_000_000;

/// What must survive: the verdict's code, subcode and confidence.
fn verdict(report: &Report) -> Option<(String, Option<String>, String)> {
    report
        .verdict
        .as_ref()
        .map(|v| (v.code.clone(), v.subcode.clone(), v.confidence.clone()))
}

/// Diagnoses `input` before and after sanitizing; a description of the
/// difference, if any.
fn compare(name: &str, input: &[u8]) -> Option<String> {
    let options = Options::with_now(NOW);
    let before = diagnose(input, &options);
    let sanitized = match sanitize(input) {
        Ok(s) => s,
        Err(e) => return Some(format!("{name}: sanitize failed: {e}")),
    };
    let after = diagnose(sanitized.text.as_bytes(), &options);
    let (b, a) = (verdict(&before), verdict(&after));
    (b != a).then(|| format!("{name}: verdict {b:?} became {a:?}"))
}

/// A case as the raw HTTP a user would paste: request, then response.
fn case_text(case: &Value) -> String {
    let mut out = String::new();
    let lines = |out: &mut String, headers: &Value| {
        for h in headers.as_array().into_iter().flatten() {
            if let (Some(n), Some(v)) = (h[0].as_str(), h[1].as_str()) {
                out.push_str(&format!("{n}: {v}\n"));
            }
        }
    };
    if let Some(r) = case.get("request").filter(|r| !r.is_null()) {
        out.push_str(&format!(
            "{} {} HTTP/1.1\n",
            r["method"].as_str().unwrap_or("GET"),
            r["url"].as_str().unwrap_or("/")
        ));
        lines(&mut out, &r["headers"]);
        out.push('\n');
    }
    if let Some(r) = case.get("response").filter(|r| !r.is_null()) {
        out.push_str(&format!(
            "HTTP/1.1 {} {}\n",
            r["status"].as_u64().unwrap_or(0),
            r["status_text"].as_str().unwrap_or("")
        ));
        lines(&mut out, &r["headers"]);
        if let Some(body) = case["extra"].get("body").and_then(Value::as_str) {
            out.push('\n');
            out.push_str(body);
            out.push('\n');
        }
    }
    out
}

#[test]
fn har_verdicts_survive_sanitizing() {
    let dir = corpus_path("har");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "har"))
        .collect();
    files.sort();
    assert!(
        files.len() > 50,
        "corpus HARs not found in {}",
        dir.display()
    );
    let mut with_verdict = 0;
    let mut diffs = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if diagnose(&bytes, &Options::with_now(NOW)).verdict.is_some() {
            with_verdict += 1;
        }
        diffs.extend(compare(&name, &bytes));
    }
    eprintln!(
        "sanitize verdicts: {} HARs ({with_verdict} with a verdict), {} differ",
        files.len(),
        diffs.len()
    );
    assert!(
        with_verdict > 10,
        "too few HARs have a verdict to prove anything"
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn case_verdicts_survive_sanitizing() {
    let text = std::fs::read_to_string(corpus_path("cases/cases.jsonl")).unwrap();
    let mut count = 0;
    let mut with_verdict = 0;
    let mut diffs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let id = case["id"].as_str().unwrap_or("?").to_owned();
        let paste = case_text(&case);
        count += 1;
        if diagnose(paste.as_bytes(), &Options::with_now(NOW))
            .verdict
            .is_some()
        {
            with_verdict += 1;
        }
        diffs.extend(compare(&id, paste.as_bytes()));
    }
    eprintln!(
        "sanitize verdicts: {count} cases ({with_verdict} with a verdict), {} differ",
        diffs.len()
    );
    assert!(count > 50 && with_verdict > count / 2);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
