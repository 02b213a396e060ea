//! The page's examples gallery (`tests/fixtures/examples/`): each example
//! must still produce the verdict and findings `expected.tsv` lists, which
//! the browser test also checks on the page. A rule change that alters
//! them fails here first, natively and fast.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/examples")
}

#[test]
fn every_example_gives_its_expected_verdict_and_codes() {
    let dir = examples_dir();
    let table = std::fs::read_to_string(dir.join("expected.tsv")).unwrap_or_default();
    let now = authlens::time::parse_rfc3339("2025-12-02T12:00:00Z");
    assert!(now.is_some());
    let options = authlens::Options::with_now(now.unwrap_or_default());
    let mut checked = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [id, verdict, codes] = fields[..] else {
            panic!("expected.tsv: bad line {line:?}");
        };
        let input = std::fs::read(dir.join(format!("{id}.txt")))
            .unwrap_or_else(|e| panic!("example {id}: {e}"));
        let report = authlens::diagnose(&input, &options);
        let got = report.verdict.as_ref().map_or("-", |v| v.code.as_str());
        assert_eq!(got, verdict, "{id}: verdict");
        let got: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        let want: Vec<&str> = codes.split(',').collect();
        assert_eq!(got, want, "{id}: findings");
        assert!(
            report.input.error.is_none() && report.input.warnings.is_empty(),
            "{id}: read cleanly"
        );
        checked += 1;
    }
    assert_eq!(checked, 11, "every example of the gallery is listed");
}
