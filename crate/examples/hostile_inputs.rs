//! Hostile inputs at full size, each timed and with the process's peak
//! memory: the release-mode check behind the limits in SECURITY.md (the test
//! command runs scaled-down versions in `crate/tests/limits.rs`). Inputs are
//! generated as they are pushed, in 1 MiB chunks, where the reader streams.
//!
//! Usage: `cargo run --profile release-native -p authlens --example hostile_inputs [CASE...]`

use std::time::Instant;

use authlens::{Options, Reader};

const MIB: usize = 1 << 20;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Pushes `head`, then `repeat` copies of `unit` in ~1 MiB chunks, then `tail`.
fn streamed(head: &str, unit: &str, repeat: usize, tail: &str) -> (usize, authlens::Report) {
    let mut reader = Reader::new(Options::with_now(1_764_720_000));
    reader.push(head.as_bytes());
    let per_chunk = (MIB / unit.len().max(1)).max(1);
    let chunk = unit.repeat(per_chunk);
    let mut left = repeat;
    let mut peak_buffer = 0;
    while left > 0 {
        let n = left.min(per_chunk);
        reader.push(chunk.get(..n * unit.len()).unwrap_or(&chunk).as_bytes());
        peak_buffer = peak_buffer.max(reader.buffered_bytes());
        left -= n;
    }
    reader.push(tail.as_bytes());
    (peak_buffer, reader.finish())
}

const ENTRY_HEAD: &str = r#"{"startedDateTime":"2026-12-03T10:00:00Z","time":1,"request":{"method":"GET","url":"https://a.test/","httpVersion":"HTTP/1.1","headers":["#;
const ENTRY_MID: &str = r#"],"cookies":[],"queryString":[],"headersSize":-1,"bodySize":0},"response":{"status":401,"statusText":"","httpVersion":"HTTP/1.1","headers":[{"name":"WWW-Authenticate","value":"Bearer realm=\"a\""}],"cookies":[],"content":{"size":0,"mimeType":"text/plain""#;
const ENTRY_TAIL: &str = r#"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":0,"receive":0}}"#;
const HAR_HEAD: &str =
    r#"{"log":{"version":"1.2","creator":{"name":"probe","version":"1"},"entries":["#;

fn case(name: &str) -> Option<(usize, authlens::Report)> {
    Some(match name {
        "nested-json" => streamed(HAR_HEAD, "[", 10_000_000, ""),
        "header-100mb" => streamed(
            &format!("{HAR_HEAD}{ENTRY_HEAD}{{\"name\":\"Authorization\",\"value\":\"Bearer "),
            "a",
            100 * MIB,
            &format!("\"}}{ENTRY_MID}{ENTRY_TAIL}]}}}}"),
        ),
        "paste-header-100mb" => streamed(
            "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"",
            "a",
            100 * MIB,
            "\"\n",
        ),
        "million-headers" => streamed(
            &format!("{HAR_HEAD}{ENTRY_HEAD}"),
            r#"{"name":"X-A","value":"b"},"#,
            1_000_000,
            &format!("{{\"name\":\"X-B\",\"value\":\"c\"}}{ENTRY_MID}{ENTRY_TAIL}]}}}}"),
        ),
        "paste-million-headers" => {
            streamed("HTTP/1.1 401 Unauthorized\n", "X-A: b\n", 1_000_000, "\n")
        }
        "million-entries" => streamed(
            HAR_HEAD,
            r#"{"request":{"method":"GET","url":"https://a.test/","headers":[]},"response":{"status":200,"headers":[]}},"#,
            1_000_000,
            "{}]}}",
        ),
        "base64-1gb" => streamed(
            &format!("{HAR_HEAD}{ENTRY_HEAD}{ENTRY_MID},\"encoding\":\"base64\",\"text\":\""),
            "QUJD",
            256 * MIB,
            &format!("\"{ENTRY_TAIL}]}}}}"),
        ),
        "jwt-10mb" => {
            use base64::Engine as _;
            let claims = format!("{{\"sub\":\"{}\",\"exp\":1}}", "x".repeat(10 * MIB));
            let token = format!(
                "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims)
            );
            streamed(&format!("Authorization: Bearer {token}"), "", 0, "")
        }
        "ntlm-past-buffer" => {
            use base64::Engine as _;
            // A type 3 message whose every security buffer claims 65535
            // bytes at offset 0xFFFFFFF0.
            let mut msg = b"NTLMSSP\0\x03\0\0\0".to_vec();
            for _ in 0..6 {
                msg.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff]);
            }
            msg.extend_from_slice(&[0xff; 4]);
            let token = base64::engine::general_purpose::STANDARD.encode(msg);
            streamed(&format!("Authorization: NTLM {token}"), "", 0, "")
        }
        _ => return None,
    })
}

const CASES: &[&str] = &[
    "nested-json",
    "header-100mb",
    "paste-header-100mb",
    "million-headers",
    "paste-million-headers",
    "million-entries",
    "base64-1gb",
    "jwt-10mb",
    "ntlm-past-buffer",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let names: Vec<&str> = if args.is_empty() {
        CASES.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    println!("case                   seconds  peak_rss_mib  reader_buffer_mib  exchanges  warnings/error");
    for name in names {
        let start = Instant::now();
        let Some((buffer, report)) = case(name) else {
            eprintln!("unknown case {name}; cases: {}", CASES.join(" "));
            std::process::exit(1);
        };
        let secs = start.elapsed().as_secs_f64();
        let mut notes: Vec<String> = report
            .input
            .warnings
            .iter()
            .map(|w| w.message.clone())
            .collect();
        if let Some(e) = &report.input.error {
            notes.push(format!("error: {}", e.message));
        }
        let mut note = notes.join(" | ");
        note.truncate(160);
        println!(
            "{name:<22} {secs:>7.2}  {:>12.0}  {:>17.1}  {:>9}  {note}",
            peak_rss_mib(),
            buffer as f64 / MIB as f64,
            report.input.exchanges
        );
    }
}
