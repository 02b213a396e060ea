//! Evaluation over the real cases of `shared/corpus/cases/cases.jsonl`:
//! each case's request and response become one exchange (the response body
//! from `extra.body` / `extra.body_message`, nothing else from `extra`), the
//! diagnosis runs with a fixed clock, and a case passes when the verdict is
//! one of `verdict_codes` and every `must_codes` code is among the findings.
//! Cases with empty `verdict_codes` are reported, not scored.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use authlens::diagnosis::diagnose_exchanges;
use authlens::model::{Body, Exchange, Header, Request, Response};
use authlens::Options;
use serde_json::Value;

/// The clock for cases without a `Date`: after every case's own timeline.
const NOW: i64 = 1_780_000_000; // 2026-05-28

fn headers(v: &Value) -> Vec<Header> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| Some(Header::new(h.get(0)?.as_str()?, h.get(1)?.as_str()?)))
                .collect()
        })
        .unwrap_or_default()
}

fn exchange(case: &Value) -> Exchange {
    let extra = case.get("extra").cloned().unwrap_or(Value::Null);
    let version = extra
        .get("http_version")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let request = case
        .get("request")
        .filter(|r| !r.is_null())
        .map(|r| Request {
            method: r["method"].as_str().unwrap_or("").to_owned(),
            url: r["url"].as_str().unwrap_or("").to_owned(),
            http_version: version.clone(),
            headers: headers(&r["headers"]),
            ..Request::default()
        });
    let body = extra
        .get("body")
        .or_else(|| extra.get("body_message"))
        .map(|b| match b {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
    let response = case
        .get("response")
        .filter(|r| !r.is_null())
        .map(|r| Response {
            status: r["status"].as_u64().and_then(|s| u16::try_from(s).ok()),
            status_text: r["status_text"].as_str().unwrap_or("").to_owned(),
            http_version: version.clone(),
            headers: headers(&r["headers"]),
            body: body.map(|text| Body {
                text,
                truncated: false,
            }),
        });
    Exchange {
        request,
        response,
        ..Exchange::default()
    }
}

fn codes(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn real_cases() {
    let path = authlens::testing::corpus_path("cases/cases.jsonl");
    let text = std::fs::read_to_string(&path).expect("cases.jsonl");
    let options = Options::with_now(NOW);
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut families: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case JSON");
        let id = case["id"].as_str().unwrap_or("?");
        let family = case["family"].as_str().unwrap_or("?").to_owned();
        let verdict_codes = codes(&case["verdict_codes"]);
        let must = codes(&case["must_codes"]);
        let (verdict, findings) = diagnose_exchanges(&[exchange(&case)], &options);
        let got = verdict.as_ref().map_or("(none)", |v| v.code.as_str());
        let found: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        assert!(
            !findings
                .iter()
                .any(|f| f.severity == "error" && f.exchange.is_none()),
            "{id}: error finding without an exchange"
        );
        if verdict_codes.is_empty() {
            println!("{id} {family:<20} unscored  verdict {got}");
            continue;
        }
        let missing: Vec<&String> = must
            .iter()
            .filter(|m| !found.contains(&m.as_str()))
            .collect();
        let ok = verdict_codes.iter().any(|c| c == got) && missing.is_empty();
        let entry = families.entry(family.clone()).or_default();
        if ok {
            passed += 1;
            entry.0 += 1;
            println!("{id} {family:<20} pass      verdict {got}");
        } else {
            failed += 1;
            entry.1 += 1;
            let alternatives = verdict
                .as_ref()
                .map(|v| v.alternatives.join(","))
                .unwrap_or_default();
            println!(
                "{id} {family:<20} FAIL      verdict {got} (wanted one of {verdict_codes:?}, missing {missing:?}); alternatives {alternatives}; findings {found:?}"
            );
        }
    }
    for (family, (p, f)) in &families {
        println!("family {family:<20} {p} passed, {f} failed");
    }
    let total = passed + failed;
    println!(
        "{passed} passed, {failed} failed ({}%)",
        passed * 100 / total.max(1)
    );
    assert!(total > 0, "no scored cases read");
    assert!(
        passed * 10 >= total * 9,
        "below the 90% floor: {passed} of {total}"
    );
}
