//! Streaming: the report does not depend on how the input is cut into
//! chunks, memory stays flat on a big HAR, and no input makes the reader panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use authlens::har::HarReader;
use authlens::{Options, Reader};
use proptest::prelude::*;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = authlens::testing::corpus_path("har");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "har"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn report_in_chunks(bytes: &[u8], size: usize, options: &Options) -> String {
    let mut reader = Reader::new(options.clone());
    for chunk in bytes.chunks(size) {
        reader.push(chunk);
    }
    reader.finish().to_json()
}

fn read_split(
    bytes: &[u8],
    cuts: &[usize],
    max: usize,
) -> Result<authlens::input::Read, authlens::input::ReadError> {
    let mut reader = HarReader::new(max);
    let mut start = 0;
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    for cut in cuts {
        reader.push(&bytes[start..cut]);
        start = cut;
    }
    reader.push(&bytes[start..]);
    reader.finish()
}

#[test]
fn chunk_sizes_give_the_same_report_for_every_corpus_file() {
    // A small listing limit makes the selection path part of the comparison.
    let mut limited = Options::default();
    limited.max_listed_exchanges = 5;
    for (name, bytes) in corpus() {
        for options in [Options::default(), limited.clone()] {
            let whole = authlens::diagnose(&bytes, &options).to_json();
            assert!(whole.contains("\"kind\": \"har\""), "{name}");
            let sizes: &[usize] = if bytes.len() < 300_000 {
                &[1, 7, 4096]
            } else {
                &[7, 4096]
            };
            for &size in sizes {
                assert_eq!(
                    report_in_chunks(&bytes, size, &options),
                    whole,
                    "{name}: chunks of {size}"
                );
            }
        }
    }
}

fn small_hars() -> Vec<Vec<u8>> {
    corpus()
        .into_iter()
        .filter(|(_, b)| b.len() < 12_000)
        .map(|(_, b)| b)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_split_points_give_the_same_read(which in any::<prop::sample::Index>(), cuts in prop::collection::vec(any::<usize>(), 0..12), max in 0usize..4) {
        let files = small_hars();
        let bytes = which.get(&files);
        let whole = read_split(bytes, &[], max);
        prop_assert_eq!(read_split(bytes, &cuts, max), whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), cuts in prop::collection::vec(any::<usize>(), 0..6)) {
        let _ = read_split(&bytes, &cuts, 3);
        let _ = authlens::har::looks_like_har(&bytes);
    }

    #[test]
    fn damaged_hars_never_panic_and_keep_split_equality(which in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in any::<usize>(), splits in prop::collection::vec(any::<usize>(), 0..6)) {
        let files = small_hars();
        let mut bytes = which.get(&files).clone();
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        bytes.truncate(cut % (bytes.len() + 1));
        let whole = read_split(&bytes, &[], 2);
        prop_assert_eq!(read_split(&bytes, &splits, 2), whole);
    }
}

#[test]
fn truncation_anywhere_gives_complete_entries_or_a_located_error() {
    let bytes = std::fs::read(authlens::testing::corpus_path(
        "har/firefox__janodvarko_harviewer__ff47.har",
    ))
    .unwrap();
    let whole = authlens::har::read(&bytes).unwrap();
    let mut previous = 0;
    for cut in (0..bytes.len()).step_by(97) {
        match authlens::har::read(&bytes[..cut]) {
            Ok(read) => {
                assert!(read.exchanges.len() >= previous, "cut {cut}");
                assert!(read.exchanges.len() <= whole.exchanges.len());
                assert_eq!(
                    read.exchanges[..],
                    whole.exchanges[..read.exchanges.len()],
                    "cut {cut}"
                );
                assert!(!read.warnings.is_empty(), "cut {cut}: no warning");
                previous = read.exchanges.len();
            }
            Err(error) => {
                assert_eq!(
                    previous, 0,
                    "cut {cut}: error after entries were read: {error}"
                );
                assert!(error.line >= 1 && error.column >= 1);
            }
        }
    }
}

#[test]
fn malformed_hars_give_located_errors() {
    for bad in [
        &b"{\"log\": {\"entries\": [ }"[..],
        b"{\"log\": {\"entries\": [{\"request\": {\"url\": \"a\"}}, {\"request\": ]}}",
        b"{\"log\" \"x\"}",
        b"callback_x(5)",
    ] {
        let mut reader = HarReader::new(10);
        reader.push(bad);
        match reader.finish() {
            Err(error) => assert!(error.line >= 1 && error.column > 1, "{error}"),
            Ok(read) => {
                assert!(
                    !read.warnings.is_empty(),
                    "{}",
                    String::from_utf8_lossy(bad)
                );
                assert!(read.warnings.iter().all(|w| w.column >= 1));
            }
        }
    }
    // The entry before the broken one is still read.
    let read = authlens::har::read(
        b"{\"log\": {\"entries\": [{\"request\": {\"url\": \"a\"}}, {\"request\": ]}}",
    )
    .unwrap();
    assert_eq!(read.exchanges.len(), 1);
    assert_eq!(read.warnings.len(), 1);
}

/// One generated entry with a body of `body` bytes.
fn generated_entry(i: usize, body: usize) -> String {
    let status = if i % 97 == 0 { 401 } else { 200 };
    format!(
        concat!(
            "{{\"startedDateTime\":\"2026-01-01T00:00:00Z\",\"time\":12.5,\"request\":{{\"method\":\"GET\",",
            "\"url\":\"https://a.test/r/{i}\",\"httpVersion\":\"HTTP/1.1\",\"headers\":[{{\"name\":\"Accept\",\"value\":\"*/*\"}}],",
            "\"cookies\":[],\"queryString\":[],\"headersSize\":-1,\"bodySize\":0}},",
            "\"response\":{{\"status\":{status},\"statusText\":\"\",\"httpVersion\":\"h2\",",
            "\"headers\":[{{\"name\":\"Content-Type\",\"value\":\"text/html\"}}],\"cookies\":[],",
            "\"content\":{{\"size\":{body},\"mimeType\":\"text/html\",\"text\":\"{text}\"}},\"redirectURL\":\"\"}},",
            "\"cache\":{{}},\"timings\":{{\"send\":1,\"wait\":2,\"receive\":3}},\"_initiator\":{{\"type\":\"other\"}}}}"
        ),
        i = i,
        status = status,
        body = body,
        text = "x\\n".repeat(body / 3)
    )
}

/// What streaming a generated HAR of about `target` bytes held at most.
struct Held {
    har: usize,
    reader: usize,
}

/// Streams a generated HAR of about `target` bytes in 1 MiB chunks through
/// both readers, checks what they read, and returns the most they buffered.
/// A small listing limit puts the selection of auth-relevant exchanges on
/// the path, as a HAR of thousands of entries would.
fn stream_generated(target: usize) -> Held {
    let limit = 100;
    let chunk = 1024 * 1024;
    let mut options = Options::default();
    options.max_listed_exchanges = limit;
    let mut reader = Reader::new(options);
    let mut har = HarReader::new(limit);
    let mut pending: Vec<u8> = b"{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"gen\",\"version\":\"1\"},\"entries\":[".to_vec();
    let mut written = 0;
    let mut entries = 0;
    let mut max_reader = 0;
    while written < target {
        if entries > 0 {
            pending.push(b',');
        }
        // Bodies from 0 to ~1.2 MB (those cross several chunks), most small.
        pending.extend_from_slice(
            generated_entry(
                entries,
                if entries % 100 == 0 {
                    1_200_000
                } else {
                    (entries * 7919) % 40_000
                },
            )
            .as_bytes(),
        );
        entries += 1;
        while pending.len() >= chunk {
            let rest = pending.split_off(chunk);
            reader.push(&pending);
            har.push(&pending);
            written += pending.len();
            pending = rest;
            max_reader = max_reader.max(reader.buffered_bytes());
        }
    }
    pending.extend_from_slice(b"]}}");
    reader.push(&pending);
    har.push(&pending);
    let held = Held {
        har: har.max_buffered_bytes(),
        reader: max_reader,
    };
    assert!(
        entries > limit,
        "{entries} entries: the selection was not used"
    );
    let read = har.finish().unwrap();
    assert_eq!(read.total_exchanges, Some(entries));
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    // Only the challenges are auth-relevant here.
    assert_eq!(read.exchanges.len(), entries.div_ceil(97));
    let report = reader.finish();
    assert_eq!(report.input.exchanges, entries);
    held
}

/// Memory does not grow with the file: what the readers hold is bounded by
/// the largest entry without its bodies, the same at 4 MB and at 24 MB (the
/// 200 MB and 1 GB peaks are measured by `./dev bench`).
#[test]
fn memory_stays_flat_as_a_har_grows() {
    let small = stream_generated(4 * 1024 * 1024);
    let big = stream_generated(24 * 1024 * 1024);
    for held in [&small, &big] {
        assert!(held.har < 64 * 1024, "HAR reader held {} bytes", held.har);
        assert!(held.reader < 64 * 1024, "Reader held {} bytes", held.reader);
    }
    assert!(
        big.har <= small.har + 4096,
        "HAR reader held {} bytes at 24 MB, {} at 4 MB",
        big.har,
        small.har
    );
    assert!(
        big.reader <= small.reader + 4096,
        "Reader held {} bytes at 24 MB, {} at 4 MB",
        big.reader,
        small.reader
    );
}
