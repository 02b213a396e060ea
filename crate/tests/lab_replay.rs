//! Replays the scenario lab's committed captures (`tests/lab/captures/`,
//! recorded from real servers and a real browser by `./dev lab`) through the
//! library and checks each against its scenario's `expected.json`: the
//! verdict's code, the codes that must be among the findings and those that
//! must not. A capture marked `known_miss` is listed on stdout (with what
//! AuthLens says instead) rather than failing, and fails as soon as it passes,
//! so the list only ever holds real misses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use authlens::time::parse_rfc3339;
use authlens::{diagnose, Options};
use serde_json::Value;

fn lab_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lab")
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// What is wrong with one capture's report (empty when it matches).
fn problems(expect: &Value, capture: &Path) -> Vec<String> {
    let now = expect["now"].as_str().expect("now");
    let now = parse_rfc3339(now).unwrap_or_else(|| panic!("bad now {now}"));
    let bytes = std::fs::read(capture).unwrap_or_else(|e| panic!("{}: {e}", capture.display()));
    let report = serde_json::to_value(diagnose(&bytes, &Options::with_now(now))).unwrap();
    let verdict = report.pointer("/verdict/code").and_then(Value::as_str);
    let codes: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    let mut out = Vec::new();
    let want = expect["verdict"].as_str();
    if verdict != want {
        out.push(format!("verdict {verdict:?}, expected {want:?}"));
    }
    if let Some(want) = expect.get("subcode").and_then(Value::as_str) {
        let got = report.pointer("/verdict/subcode").and_then(Value::as_str);
        if got != Some(want) {
            out.push(format!("subcode {got:?}, expected {want:?}"));
        }
    }
    for code in strings(expect, "codes") {
        if !codes.contains(code.as_str()) {
            out.push(format!("missing {code}"));
        }
    }
    for code in strings(expect, "absent") {
        if codes.contains(code.as_str()) {
            out.push(format!("unexpected {code}"));
        }
    }
    if !out.is_empty() {
        out.push(format!("findings: {codes:?}"));
    }
    out
}

#[test]
fn committed_lab_captures_give_their_expected_verdicts() {
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(lab_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    scenarios.sort();
    let (mut passed, mut failures, mut misses) = (0, Vec::new(), Vec::new());
    for dir in &scenarios {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        let expected: Value = serde_json::from_str(&text).unwrap();
        for expect in expected["captures"].as_array().unwrap() {
            let file = expect["file"].as_str().unwrap();
            let capture = lab_dir().join("captures").join(&name).join(file);
            let found = problems(expect, &capture);
            let label = format!("{name}/{file}");
            match (
                expect.get("known_miss").and_then(Value::as_str),
                found.is_empty(),
            ) {
                (Some(_), true) => failures.push(format!(
                    "{label}: marked known_miss but passes now; remove the mark"
                )),
                (Some(why), false) => misses.push(format!("{label}: {why} ({})", found.join("; "))),
                (None, true) => passed += 1,
                (None, false) => failures.push(format!("{label}: {}", found.join("; "))),
            }
        }
    }
    println!(
        "lab replay: {passed} captures pass, {} known misses",
        misses.len()
    );
    for miss in &misses {
        println!("  known miss: {miss}");
    }
    assert!(passed >= 1, "no lab capture was replayed");
    assert!(
        failures.is_empty(),
        "lab captures:\n  {}",
        failures.join("\n  ")
    );
}
