//! Conformance: every record of `corpus/challenges/vectors.json`.
//!
//! A valid record must read exactly (scheme, token68, params; names compared
//! without case) with no warning, both strictly and leniently. A record the
//! grammar forbids must be rejected by the strict reading, and the lenient
//! reading must either reject it too or carry at least one warning.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use authlens::parse::www_authenticate::{parse_challenges, parse_challenges_strict, Challenge};
use serde_json::Value;

/// The field value as a user agent would parse it: repeated lines joined
/// with ", ", the non-UTF-8 bytes read as ISO-8859-1, obs-fold unfolded.
fn field_value(record: &Value) -> String {
    let joined = match &record["header"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines
            .iter()
            .map(|l| l.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(", "),
        other => panic!("header is {other}"),
    };
    let text = match record.get("header_bytes_hex").and_then(Value::as_str) {
        Some(hex) => (0..hex.len())
            .step_by(2)
            .map(|i| char::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()))
            .collect(),
        None => joined,
    };
    text.replace("\r\n ", "  ").replace("\r\n\t", " \t")
}

fn matches(got: &[Challenge<'_>], want: &[Value]) -> Result<(), String> {
    if got.len() != want.len() {
        return Err(format!("{} challenges, expected {}", got.len(), want.len()));
    }
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        if !g.scheme.eq_ignore_ascii_case(w["scheme"].as_str().unwrap()) {
            return Err(format!("challenge {i}: scheme {:?}", g.scheme));
        }
        if g.token68.map(|t| t.text) != w["token68"].as_str() {
            return Err(format!("challenge {i}: token68 {:?}", g.token68));
        }
        let wp = w["params"].as_array().unwrap();
        let gp: Vec<(&str, &str)> = g.params.iter().map(|p| (p.name, &*p.value)).collect();
        let ok = gp.len() == wp.len()
            && gp.iter().zip(wp).all(|((n, v), w)| {
                n.eq_ignore_ascii_case(w[0].as_str().unwrap()) && Some(*v) == w[1].as_str()
            });
        if !ok {
            return Err(format!("challenge {i}: params {gp:?}"));
        }
    }
    Ok(())
}

fn check(record: &Value) -> Result<(), String> {
    let value = field_value(record);
    let strict = parse_challenges_strict(&value);
    let lenient = parse_challenges(&value);
    match &record["expected"] {
        Value::Array(want) => {
            let got = strict.map_err(|e| format!("strict rejected: {e}"))?;
            matches(&got, want)?;
            let read = lenient.map_err(|e| format!("lenient rejected: {e}"))?;
            if let Some(w) = read.warnings.first() {
                return Err(format!("valid input read with warning: {w}"));
            }
            matches(&read.challenges, want)
        }
        _ => {
            if let Ok(got) = strict {
                return Err(format!("strict accepted an invalid input: {got:?}"));
            }
            match lenient {
                Ok(read) if read.warnings.is_empty() => {
                    Err("lenient reading of an invalid input has no warning".into())
                }
                _ => Ok(()),
            }
        }
    }
}

#[test]
fn challenges_vectors() {
    let path = authlens::testing::corpus_path("challenges/vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let records: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut failed = Vec::new();
    for record in &records {
        if let Err(why) = check(record) {
            failed.push(format!("{}: {why}", record["id"].as_str().unwrap_or("?")));
        }
    }
    say(format!(
        "challenges: {} passed, {} failed",
        records.len() - failed.len(),
        failed.len()
    ));
    for f in &failed {
        say(format!("  FAIL {f}"));
    }
    assert_eq!(records.len(), 108);
    assert!(
        failed.is_empty(),
        "{} challenge vectors failed",
        failed.len()
    );
}

/// Writes a summary line past the test harness's capture (it captures only
/// the print! macros), so `cargo test` shows the figures without --nocapture.
fn say(line: String) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "{line}");
}
