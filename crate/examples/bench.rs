//! The native half of `./dev bench`: HAR reading speed against a plain
//! `serde_json::Value` parse measured in the same run (the machines are shared
//! and noisy, so only ratios and same-run figures mean something), peak memory
//! in a child process, how time grows with size, paste diagnosis latency, and
//! our `WWW-Authenticate` parser against the `http-auth` crate on the
//! conformance vectors. Every figure is printed as a `name: value` line.
//!
//! ```text
//! cargo run --profile release-native --example bench -- all [--smoke]
//! cargo run --profile release-native --example bench -- rss FILE.har
//! cargo run --profile release-native --example bench -- har-file MB
//! ```
//!
//! The synthetic HARs are written under `target/bench/`, built from the real
//! entries of `shared/corpus/har` in their own formatting, cycled in order so
//! every size keeps the corpus's mix of body sizes and header counts.
#![allow(clippy::cast_precision_loss)]

use std::error::Error;
use std::fs::{self, File};
use std::hint::black_box;
use std::io::{BufWriter, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use authlens::parse::www_authenticate::{parse_challenges_strict, Challenge};
use authlens::{Options, Reader};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const MB: usize = 1_000_000;
/// What `File.stream()` hands the page's worker, give or take.
const CHUNK: usize = 1 << 20;

/// The sizes of one run; `--smoke` keeps every code path but takes seconds.
struct Sizes {
    ratio: usize,
    rss: [usize; 2],
    scaling: [usize; 4],
    repeats: usize,
}

const FULL: Sizes = Sizes {
    ratio: 200 * MB,
    rss: [200 * MB, 1000 * MB],
    scaling: [50 * MB, 100 * MB, 200 * MB, 400 * MB],
    repeats: 3,
};

const SMOKE: Sizes = Sizes {
    ratio: 4 * MB,
    rss: [2 * MB, 8 * MB],
    scaling: [MB, 2 * MB, 4 * MB, 8 * MB],
    repeats: 1,
};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    match args.first().map(String::as_str) {
        Some("rss") => {
            let file = args.get(1).ok_or("usage: bench rss FILE")?;
            rss_child(Path::new(file))
        }
        // The browser half streams the same files: make one, print its path.
        Some("har-file") => {
            let megabytes: usize = args.get(1).ok_or("usage: bench har-file MB")?.parse()?;
            let path = synthetic(&corpus_entries()?, megabytes * MB)?;
            println!("{}", path.display());
            Ok(())
        }
        Some("all") => {
            let sizes = if smoke { &SMOKE } else { &FULL };
            paste()?;
            challenges(smoke)?;
            har(sizes)
        }
        _ => Err("usage: bench all [--smoke] | bench rss FILE | bench har-file MB".into()),
    }
}

fn figure(name: &str, value: f64) {
    println!("{name}: {}", round(value));
}

fn round(value: f64) -> String {
    let digits = if value.abs() >= 100.0 {
        0
    } else if value.abs() >= 1.0 {
        2
    } else {
        4
    };
    format!("{value:.digits$}")
}

/// The smallest of `repeats` runs: on a shared machine noise only adds time.
fn best_of<T>(repeats: usize, mut run: impl FnMut() -> T) -> Duration {
    (0..repeats.max(1))
        .map(|_| {
            let start = Instant::now();
            let out = run();
            let took = start.elapsed();
            drop(black_box(out));
            took
        })
        .min()
        .unwrap_or_default()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted.get(rank).copied().unwrap_or(f64::NAN)
}

// --- paste ---------------------------------------------------------------------

/// Every paste sample through `authlens::diagnose`, as the page's worker does.
fn paste() -> Result<()> {
    let dir = authlens::testing::corpus_path("paste");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let options = Options::default();
    let mut micros = Vec::with_capacity(files.len());
    for file in &files {
        let bytes = fs::read(file)?;
        // The median of a few runs, after one that warms the caches.
        let _ = black_box(authlens::diagnose(&bytes, &options));
        let mut runs: Vec<f64> = (0..15)
            .map(|_| {
                let start = Instant::now();
                let report = authlens::diagnose(black_box(&bytes), &options);
                let took = start.elapsed();
                drop(black_box(report));
                took.as_secs_f64() * 1e6
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        micros.push(percentile(&runs, 0.5));
    }
    micros.sort_by(f64::total_cmp);
    figure("paste.native_inputs", micros.len() as f64);
    figure("paste.native_us_p50", percentile(&micros, 0.5));
    figure("paste.native_us_p95", percentile(&micros, 0.95));
    Ok(())
}

// --- WWW-Authenticate against http-auth -----------------------------------------

/// One conformance vector: the field value as a user agent reads it, and the
/// expected challenges (`None` when the grammar forbids the value).
struct Vector {
    value: String,
    expected: Option<Vec<Expected>>,
}

struct Expected {
    scheme: String,
    token68: Option<String>,
    params: Vec<(String, String)>,
}

fn vectors() -> Result<Vec<Vector>> {
    let text = fs::read_to_string(authlens::testing::corpus_path("challenges/vectors.json"))?;
    let records: Vec<Value> = serde_json::from_str(&text)?;
    records.iter().map(vector).collect()
}

/// Repeated lines joined with ", ", raw bytes read as ISO-8859-1, obs-fold
/// unfolded: what both parsers are handed (as in the conformance test).
fn vector(record: &Value) -> Result<Vector> {
    let joined = match &record["header"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        _ => return Err("a vector without a header".into()),
    };
    let value: String = match record.get("header_bytes_hex").and_then(Value::as_str) {
        Some(hex) => hex
            .as_bytes()
            .chunks(2)
            .map(|pair| {
                let pair = std::str::from_utf8(pair)?;
                Ok(char::from(u8::from_str_radix(pair, 16)?))
            })
            .collect::<Result<_>>()?,
        None => joined,
    };
    let value = value.replace("\r\n ", "  ").replace("\r\n\t", " \t");
    let expected = record["expected"].as_array().map(|list| {
        list.iter()
            .map(|c| Expected {
                scheme: c["scheme"].as_str().unwrap_or_default().to_owned(),
                token68: c["token68"].as_str().map(str::to_owned),
                params: c["params"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                (
                                    p[0].as_str().unwrap_or_default().to_owned(),
                                    p[1].as_str().unwrap_or_default().to_owned(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect()
    });
    Ok(Vector { value, expected })
}

/// A parsed challenge in the shape both crates can be compared in.
type Got = (String, Option<String>, Vec<(String, String)>);

fn ours(value: &str) -> Option<Vec<Got>> {
    parse_challenges_strict(value).ok().map(|list| {
        list.iter()
            .map(|c: &Challenge<'_>| {
                (
                    c.scheme.to_owned(),
                    c.token68.map(|t| t.text.to_owned()),
                    c.params
                        .iter()
                        .map(|p| (p.name.to_owned(), p.value.clone().into_owned()))
                        .collect(),
                )
            })
            .collect()
    })
}

/// `http-auth` has no token68 form: a challenge that needs one cannot match.
fn theirs(value: &str) -> Option<Vec<Got>> {
    http_auth::parser::ChallengeParser::new(value)
        .map(|c| {
            c.ok().map(|c| {
                (
                    c.scheme.to_owned(),
                    None,
                    c.params
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), v.to_unescaped()))
                        .collect(),
                )
            })
        })
        .collect()
}

fn right(vector: &Vector, got: Option<Vec<Got>>) -> bool {
    match (&vector.expected, got) {
        (None, None) => true,
        (Some(want), Some(got)) => {
            want.len() == got.len()
                && want.iter().zip(&got).all(|(w, (scheme, token68, params))| {
                    w.scheme.eq_ignore_ascii_case(scheme)
                        && w.token68 == *token68
                        && w.params.len() == params.len()
                        && w.params
                            .iter()
                            .zip(params)
                            .all(|((wn, wv), (n, v))| wn.eq_ignore_ascii_case(n) && wv == v)
                })
        }
        _ => false,
    }
}

fn challenges(smoke: bool) -> Result<()> {
    let vectors = vectors()?;
    let ours_right = vectors.iter().filter(|v| right(v, ours(&v.value))).count();
    let theirs_right = vectors
        .iter()
        .filter(|v| right(v, theirs(&v.value)))
        .count();
    // Parsing only (borrowed results, nothing converted), every vector, many rounds.
    let rounds = if smoke { 20 } else { 2_000 };
    let repeats = if smoke { 1 } else { 9 };
    let run_ours = || {
        let mut n = 0usize;
        for _ in 0..rounds {
            for v in &vectors {
                n += parse_challenges_strict(black_box(&v.value)).map_or(0, |c| c.len());
            }
        }
        n
    };
    let run_theirs = || {
        let mut n = 0usize;
        for _ in 0..rounds {
            for v in &vectors {
                n += http_auth::parser::ChallengeParser::new(black_box(&v.value))
                    .take_while(|c| c.is_ok())
                    .count();
            }
        }
        n
    };
    // Taken in turns, so a busy spell on the shared machine hits both.
    let mut ours_time = Duration::MAX;
    let mut theirs_time = Duration::MAX;
    for _ in 0..repeats {
        ours_time = ours_time.min(best_of(1, run_ours));
        theirs_time = theirs_time.min(best_of(1, run_theirs));
    }
    let per_vector = |t: Duration| t.as_secs_f64() * 1e9 / (rounds * vectors.len()) as f64;
    figure("challenge.vectors", vectors.len() as f64);
    figure("challenge.authlens.vectors_right", ours_right as f64);
    figure("challenge.http_auth.vectors_right", theirs_right as f64);
    figure("challenge.authlens.ns_per_vector", per_vector(ours_time));
    figure("challenge.http_auth.ns_per_vector", per_vector(theirs_time));
    figure(
        "challenge.speed_ratio_vs_http_auth",
        theirs_time.as_secs_f64() / ours_time.as_secs_f64(),
    );
    Ok(())
}

// --- HAR ----------------------------------------------------------------------

#[derive(Deserialize)]
struct Har<'a> {
    #[serde(borrow)]
    log: Log<'a>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

/// Every entry of every corpus HAR that is plain JSON, as its producer wrote
/// it (the JSONP-wrapped and the truncated files cannot be cycled into one).
fn corpus_entries() -> Result<Vec<Vec<u8>>> {
    let dir = authlens::testing::corpus_path("har");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "har"))
        .collect();
    files.sort();
    let mut entries = Vec::new();
    for file in files {
        let bytes = fs::read(&file)?;
        let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        let Ok(text) = std::str::from_utf8(text) else {
            continue;
        };
        if let Ok(har) = serde_json::from_str::<Har<'_>>(text) {
            entries.extend(har.log.entries.iter().map(|e| e.get().as_bytes().to_vec()));
        }
    }
    if entries.is_empty() {
        return Err(format!("no HAR entries under {}", dir.display()).into());
    }
    Ok(entries)
}

/// Writes (once) a HAR of at least `size` bytes under `target/bench/`.
fn synthetic(entries: &[Vec<u8>], size: usize) -> Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    fs::create_dir_all(&dir)?;
    // The name carries the corpus's shape, so a changed corpus makes new files.
    let corpus: usize = entries.iter().map(Vec::len).sum();
    let path = dir.join(format!("synthetic-{}mb-{corpus:x}.har", size / MB));
    if path.exists() {
        return Ok(path);
    }
    let partial = path.with_extension("har.part");
    let mut out = BufWriter::with_capacity(CHUNK, File::create(&partial)?);
    let head = br#"{"log":{"version":"1.2","creator":{"name":"authlens-bench","version":"1"},"pages":[],"entries":["#;
    out.write_all(head)?;
    let mut written = head.len();
    for (i, entry) in entries.iter().cycle().enumerate() {
        if written >= size {
            break;
        }
        if i > 0 {
            out.write_all(b",\n")?;
            written += 2;
        }
        out.write_all(entry)?;
        written += entry.len();
    }
    out.write_all(b"\n]}}\n")?;
    out.flush()?;
    drop(out);
    fs::rename(&partial, &path)?;
    Ok(path)
}

/// Reading and diagnosing, in the chunks the page's worker gets.
fn diagnose_in_chunks(bytes: &[u8]) -> authlens::Report {
    let mut reader = Reader::new(Options::default());
    for chunk in bytes.chunks(CHUNK) {
        reader.push(chunk);
    }
    reader.finish()
}

fn har(sizes: &Sizes) -> Result<()> {
    let entries = corpus_entries()?;
    figure("har.corpus_entries", entries.len() as f64);

    // Speed against the generic parse everybody starts with, same bytes, same run.
    let path = synthetic(&entries, sizes.ratio)?;
    let bytes = fs::read(&path)?;
    let report = diagnose_in_chunks(&bytes);
    let count = report.input.exchanges;
    let listed = report.exchanges.len();
    if report.input.error.is_some() || count == 0 {
        return Err(format!("{}: not read as a HAR", path.display()).into());
    }
    let mut ours = Duration::MAX;
    let mut value = Duration::MAX;
    for _ in 0..sizes.repeats {
        ours = ours.min(best_of(1, || diagnose_in_chunks(black_box(&bytes))));
        value = value.min(best_of(1, || {
            serde_json::from_slice::<Value>(black_box(&bytes)).map_err(|e| e.to_string())
        }));
    }
    let megabytes = bytes.len() as f64 / MB as f64;
    drop(bytes);
    figure("har.native.file_mb", megabytes);
    figure("har.native.entries", count as f64);
    // Above 1,000 entries only the auth-relevant ones are kept and diagnosed.
    figure("har.native.listed_exchanges", listed as f64);
    figure("har.native.ms", ours.as_secs_f64() * 1e3);
    figure("har.native.serde_value_ms", value.as_secs_f64() * 1e3);
    figure(
        "har.native.ratio_vs_serde_value",
        value.as_secs_f64() / ours.as_secs_f64(),
    );
    figure("har.native.mb_per_s", megabytes / ours.as_secs_f64());
    figure(
        "har.native.entries_per_s",
        count as f64 / ours.as_secs_f64(),
    );

    // Peak memory of a process that streams the file from disk, at two sizes.
    let mut peaks = Vec::new();
    for (size, label) in sizes.rss.iter().zip(["200mb", "1gb"]) {
        let path = synthetic(&entries, *size)?;
        let peak = rss_of_child(&path)?;
        figure(&format!("har.native.peak_rss_mb.{label}"), peak);
        peaks.push(peak);
    }
    if let [small, big] = peaks[..] {
        figure("har.native.peak_rss_growth", big / small);
    }

    // How time grows with size: the slope of log(time) against log(size).
    let mut points = Vec::new();
    for size in sizes.scaling {
        let path = synthetic(&entries, size)?;
        let bytes = fs::read(&path)?;
        let took = best_of(sizes.repeats, || diagnose_in_chunks(black_box(&bytes)));
        points.push(((bytes.len() as f64).ln(), took.as_secs_f64().ln()));
    }
    figure("har.native.scaling_exponent", slope(&points));
    Ok(())
}

/// Least-squares slope of `(x, y)` points.
fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let covariance: f64 = points
        .iter()
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let variance: f64 = points.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    covariance / variance
}

/// Peak resident memory (MB) of a fresh process reading `path`: this process
/// has held whole files for the speed figures, so it cannot measure itself.
fn rss_of_child(path: &Path) -> Result<f64> {
    let out = Command::new(std::env::current_exe()?)
        .arg("rss")
        .arg(path)
        .output()?;
    if !out.status.success() {
        return Err(format!("rss child failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let kilobytes: f64 = String::from_utf8(out.stdout)?.trim().parse()?;
    Ok(kilobytes / 1024.0)
}

/// The child: streams the file through the reader in 1 MiB chunks and prints
/// its own peak resident set (`VmHWM`, in kB).
fn rss_child(path: &Path) -> Result<()> {
    let mut file = File::open(path)?;
    let mut buffer = vec![0; CHUNK];
    let mut reader = Reader::new(Options::default());
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        reader.push(buffer.get(..n).unwrap_or_default());
    }
    let report = reader.finish();
    if report.input.exchanges == 0 {
        return Err("no exchange read".into());
    }
    let status = fs::read_to_string("/proc/self/status")?;
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .ok_or("no VmHWM in /proc/self/status")?;
    println!("{}", peak.trim());
    Ok(())
}
