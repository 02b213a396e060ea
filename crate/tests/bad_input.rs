//! The bad-input corpus (`tests/bad-input/`): truncated, mis-encoded, binary
//! and mixed inputs. Each must give a located error or warning, never a
//! panic, and every part that can be read: `expect.tsv` says how many
//! exchanges each file holds that a reader can recover, a word the warning
//! or error must contain, and text the report must hold verbatim (no
//! mojibake). A warning may sit on the input (line and column), on a parsed
//! header value (offset into it), or be an `input.*` finding.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use authlens::{diagnose, Options, Reader};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-input")
}

#[test]
fn every_bad_input_is_located_and_read_as_far_as_it_goes() {
    let manifest = std::fs::read_to_string(dir().join("expect.tsv")).unwrap();
    let mut listed = Vec::new();
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, exchanges, kind, needle, verbatim] = cols[..] else {
            panic!("expect.tsv: want 5 tab-separated columns: {line}");
        };
        listed.push(file.to_owned());
        let bytes = std::fs::read(dir().join(file)).unwrap();
        let report = diagnose(&bytes, &Options::with_now(1_764_720_000));
        let input = &report.input;
        let json = report.to_json();
        let notes: Vec<String> = input
            .warnings
            .iter()
            .map(|w| {
                assert!(
                    w.line >= 1 && w.column >= 1,
                    "{file}: unlocated warning {w:?}"
                );
                w.message.clone()
            })
            .chain(input.error.iter().map(|e| {
                assert!(
                    e.line >= 1 && e.column >= 1,
                    "{file}: unlocated error {e:?}"
                );
                e.message.clone()
            }))
            .chain(parsed_notes(&json))
            .chain(
                report
                    .findings
                    .iter()
                    .filter(|f| f.code.starts_with("input."))
                    .map(|f| format!("{}: {}", f.code, f.title)),
            )
            .collect();
        assert!(!notes.is_empty(), "{file}: no warning or error");
        if verbatim != "-" {
            assert!(json.contains(verbatim), "{file}: report lacks {verbatim:?}");
        }
        assert!(
            notes
                .iter()
                .any(|n| n.to_lowercase().contains(&needle.to_lowercase())),
            "{file}: no note mentions {needle:?}: {notes:?}"
        );
        assert_eq!(
            report.exchanges.len().to_string(),
            exchanges,
            "{file}: exchanges read ({notes:?})"
        );
        match kind {
            "error" => assert!(input.error.is_some(), "{file}: expected an error"),
            "warning" => assert!(
                input.error.is_none(),
                "{file}: unexpected error {:?}",
                input.error
            ),
            other => panic!("expect.tsv: kind must be error or warning, not {other}"),
        }
        // Byte at a time: the streaming reader agrees on every bad input.
        let mut reader = Reader::new(Options::with_now(1_764_720_000));
        for b in bytes.chunks(7) {
            reader.push(b);
        }
        assert_eq!(
            reader.finish().to_json(),
            report.to_json(),
            "{file}: streamed differs"
        );
    }
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expect.tsv")
        .collect();
    files.sort();
    listed.sort();
    assert_eq!(
        files, listed,
        "every file in tests/bad-input is listed in expect.tsv"
    );
}

/// Warnings and errors the header decoders located inside a value.
fn parsed_notes(json: &str) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let (Some(_), Some(m)) = (map.get("offset"), map.get("message")) {
                    out.push(m.as_str().unwrap_or("").to_owned());
                }
                map.values().for_each(|v| walk(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut out = Vec::new();
    walk(&value["exchanges"], &mut out);
    out
}
