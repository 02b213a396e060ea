//! Conformance: every record of `corpus/jwt/vectors.json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use authlens::parse::jwt::{decode_jwt, JwtErrorKind};
use authlens::time::{format_rfc3339, parse_rfc3339};
use serde_json::Value;

fn check(record: &Value, now: i64) -> Result<(), String> {
    let token = record["token"].as_str().unwrap();
    let want = &record["expected"];
    let header_expected = want
        .get("header")
        .or_else(|| want.get("lenient_header"))
        .or_else(|| want.get("lenient_header_last_wins"));
    let Some(header_expected) = header_expected else {
        // Nothing readable is expected: the token must be rejected.
        return match decode_jwt(token, 0) {
            Err(_) => Ok(()),
            Ok(jwt) => Err(format!("decoded an invalid token: {:?}", jwt.header)),
        };
    };
    let jwt = decode_jwt(token, 0).map_err(|e| format!("rejected: {e}"))?;
    if &Value::Object(jwt.header.clone()) != header_expected {
        return Err(format!("header {:?}", jwt.header));
    }
    let strict_problem = ["error", "error_strict", "error_jwt", "error_claims"]
        .iter()
        .any(|k| want.get(*k).is_some());
    if strict_problem && jwt.problems.is_empty() {
        return Err("a deviation the record names was not reported".into());
    }
    if !strict_problem && !jwt.problems.is_empty() {
        return Err(format!("problems on a valid token: {:?}", jwt.problems));
    }
    if want.get("lenient_header_last_wins").is_some()
        && !jwt
            .problems
            .iter()
            .any(|p| matches!(p.kind, JwtErrorKind::DuplicateMember(_)))
    {
        return Err("duplicate member not reported".into());
    }
    if let Some(n) = want.get("segments").and_then(Value::as_u64) {
        if jwt.segments as u64 != n {
            return Err(format!("{} segments", jwt.segments));
        }
    }
    if let Some(kind) = want.get("kind").and_then(Value::as_str) {
        let got = jwt.to_json(None)["kind"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if !got.eq_ignore_ascii_case(kind) {
            return Err(format!("kind {got}"));
        }
    }
    if let Some(payload) = want.get("payload") {
        if jwt.claims.clone().map_or(Value::Null, Value::Object) != *payload {
            return Err(format!("claims {:?}", jwt.claims));
        }
    }
    if let Some(n) = want.get("signature_len_bytes").and_then(Value::as_u64) {
        if jwt.signature_len as u64 != n {
            return Err(format!("signature length {}", jwt.signature_len));
        }
    }
    for (key, got) in [
        ("exp_utc", jwt.exp),
        ("iat_utc", jwt.iat),
        ("nbf_utc", jwt.nbf),
    ] {
        if let Some(at) = want.get(key).and_then(Value::as_str) {
            if got.map(format_rfc3339).as_deref() != Some(at) {
                return Err(format!("{key} {got:?}"));
            }
        }
    }
    if let Some(expired) = want.get("expired").and_then(Value::as_bool) {
        if jwt.expired(now).unwrap_or(false) != expired {
            return Err(format!("expired {:?}", jwt.expired(now)));
        }
    }
    if let Some(nyv) = want.get("not_yet_valid").and_then(Value::as_bool) {
        if jwt.not_yet_valid(now).unwrap_or(false) != nyv {
            return Err(format!("not yet valid {:?}", jwt.not_yet_valid(now)));
        }
    }
    let signature = token.rsplit('.').next().unwrap_or_default();
    if signature.len() > 4 && jwt.to_json(Some(now)).to_string().contains(signature) {
        return Err("signature echoed".into());
    }
    Ok(())
}

#[test]
fn jwt_vectors() {
    let path = authlens::testing::corpus_path("jwt/vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let records: Vec<Value> = serde_json::from_str(&text).unwrap();
    let now = parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
    let mut failed = Vec::new();
    for record in &records {
        if let Err(why) = check(record, now) {
            failed.push(format!("{}: {why}", record["id"].as_str().unwrap_or("?")));
        }
    }
    say(format!(
        "jwt: {} passed, {} failed",
        records.len() - failed.len(),
        failed.len()
    ));
    for f in &failed {
        say(format!("  FAIL {f}"));
    }
    assert_eq!(records.len(), 21);
    assert!(failed.is_empty(), "{} jwt vectors failed", failed.len());
}

/// Writes a summary line past the test harness's capture (it captures only
/// the print! macros), so `cargo test` shows the figures without --nocapture.
fn say(line: String) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "{line}");
}
