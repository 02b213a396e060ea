//! Every real paste in `shared/corpus/paste/` is read into the messages,
//! statuses and methods its `index.tsv` row lists (the README there defines
//! how they are counted). The test prints each mismatch and fails if any.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use authlens::report::Report;
use authlens::testing::corpus_path;
use authlens::{diagnose, Options};

struct Row {
    file: String,
    messages: usize,
    statuses: String,
    methods: String,
}

fn rows() -> Vec<Row> {
    let index = std::fs::read_to_string(corpus_path("paste/index.tsv")).expect("index.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("header row").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (file, messages, statuses, methods) = (
        col("file"),
        col("messages"),
        col("statuses"),
        col("request_methods"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("").trim().to_owned();
            Row {
                file: cell(file),
                messages: cell(messages).parse().expect("messages is a number"),
                statuses: cell(statuses),
                methods: cell(methods),
            }
        })
        .collect()
}

/// What the report shows, counted the way the corpus README counts.
fn counted(report: &Report) -> (usize, String, String) {
    let mut messages = 0;
    let mut statuses = Vec::new();
    let mut methods = Vec::new();
    for exchange in &report.exchanges {
        if let Some(request) = &exchange.request {
            messages += 1;
            if !request.method.is_empty() {
                methods.push(request.method.clone());
            }
        }
        if let Some(response) = &exchange.response {
            messages += 1;
            if let Some(status) = response.status {
                statuses.push(status.to_string());
            }
        }
    }
    (messages, statuses.join(","), methods.join(","))
}

#[test]
fn every_paste_reads_as_its_index_row_says() {
    let rows = rows();
    assert!(rows.len() >= 100, "index.tsv has only {} rows", rows.len());
    let mut misses = Vec::new();
    for row in &rows {
        let bytes = std::fs::read(corpus_path(&format!("paste/{}", row.file))).expect(&row.file);
        let report = diagnose(&bytes, &Options::default());
        if let Some(error) = &report.input.error {
            misses.push(format!("{}: unreadable: {error}", row.file));
            continue;
        }
        let (messages, statuses, methods) = counted(&report);
        if (messages, statuses.as_str(), methods.as_str())
            != (row.messages, row.statuses.as_str(), row.methods.as_str())
        {
            misses.push(format!(
                "{}: got {messages} messages [{statuses}] [{methods}], index says {} [{}] [{}]",
                row.file, row.messages, row.statuses, row.methods
            ));
        }
    }
    for miss in &misses {
        println!("MISS {miss}");
    }
    println!("{} of {} rows match", rows.len() - misses.len(), rows.len());
    assert!(
        misses.is_empty(),
        "{} rows do not match (listed above)",
        misses.len()
    );
}

/// Where a header's span is given, it covers exactly its value in the
/// decoded text (the page highlights evidence by these offsets).
#[test]
fn header_spans_cover_their_values() {
    let mut checked = 0;
    for row in rows() {
        let bytes = std::fs::read(corpus_path(&format!("paste/{}", row.file))).expect(&row.file);
        let decoded = authlens::input::decode(&bytes);
        let Ok(read) = authlens::input::read(&bytes) else {
            continue;
        };
        for exchange in &read.exchanges {
            let request = exchange.request.iter().flat_map(|r| &r.headers);
            let response = exchange.response.iter().flat_map(|r| &r.headers);
            for header in request.chain(response) {
                if let Some(span) = header.span {
                    assert_eq!(
                        span.slice(&decoded.text),
                        Some(header.value.as_str()),
                        "{}: {}",
                        row.file,
                        header.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} spans checked");
}
