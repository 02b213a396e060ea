//! Criterion micro-benchmarks of the parsers on the shared corpus:
//! `WWW-Authenticate` challenges (ours beside the `http-auth` crate on the
//! same values), JWTs, NTLM messages and the cookie jar.
//!
//! `./dev bench` runs them; `cargo bench -p authlens --bench parsers -- --test`
//! runs each once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;

use authlens::cookie_store::{CookieStore, Policy, RequestContext};
use authlens::parse::jwt::decode_jwt;
use authlens::parse::ntlm::decode_ntlm;
use authlens::parse::url::Url;
use authlens::parse::www_authenticate::parse_challenges;
use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::Value;

fn corpus_json(relative: &str) -> Vec<Value> {
    let path = authlens::testing::corpus_path(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The challenge vectors' single-line values (the multi-line ones need
/// joining, which the conformance test and `examples/bench.rs` do).
fn challenge_values() -> Vec<String> {
    corpus_json("challenges/vectors.json")
        .iter()
        .filter_map(|r| r["header"].as_str().map(str::to_owned))
        .collect()
}

fn challenges(c: &mut Criterion) {
    let values = challenge_values();
    let bytes: usize = values.iter().map(String::len).sum();
    let mut group = c.benchmark_group("www_authenticate");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("authlens", |b| {
        b.iter(|| {
            values
                .iter()
                .map(|v| parse_challenges(black_box(v)).map_or(0, |c| c.challenges.len()))
                .sum::<usize>()
        });
    });
    group.bench_function("http-auth", |b| {
        b.iter(|| {
            values
                .iter()
                .map(|v| {
                    http_auth::parser::ChallengeParser::new(black_box(v))
                        .take_while(Result::is_ok)
                        .count()
                })
                .sum::<usize>()
        });
    });
    group.finish();
}

fn jwts(c: &mut Criterion) {
    let tokens: Vec<String> = corpus_json("jwt/vectors.json")
        .iter()
        .filter_map(|r| r["token"].as_str().map(str::to_owned))
        .collect();
    let mut group = c.benchmark_group("jwt");
    group.throughput(Throughput::Elements(tokens.len() as u64));
    group.bench_function("decode_jwt", |b| {
        b.iter(|| {
            tokens
                .iter()
                .filter(|t| decode_jwt(black_box(t), 0).is_ok())
                .count()
        });
    });
    group.finish();
}

/// Every NTLM message (`TlRMTVNTUA…`) pasted in the paste corpus, decoded
/// from base64 once.
fn ntlm_messages() -> Vec<Vec<u8>> {
    let dir = authlens::testing::corpus_path("paste");
    let mut messages = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for (at, _) in text.match_indices("TlRMTVNTUA") {
            let token: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
                .collect();
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(token) {
                messages.push(bytes);
            }
        }
    }
    assert!(!messages.is_empty(), "no NTLM message in the paste corpus");
    messages
}

fn ntlm(c: &mut Criterion) {
    let messages = ntlm_messages();
    let mut group = c.benchmark_group("ntlm");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("decode_ntlm", |b| {
        b.iter(|| {
            messages
                .iter()
                .filter(|m| decode_ntlm(black_box(m)).is_ok())
                .count()
        });
    });
    group.finish();
}

/// One cookie-jar case: the `Set-Cookie` lines received from a URL, then
/// the `Cookie` header the jar sends to another.
struct JarCase {
    set_cookie: Vec<String>,
    from: Url,
    to: Url,
}

fn jar_cases() -> Vec<JarCase> {
    corpus_json("cookies/vectors.json")
        .iter()
        .filter_map(|r| {
            Some(JarCase {
                set_cookie: r["set_cookie"]
                    .as_array()?
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                from: Url::parse(r["set_from_url"].as_str()?).ok()?,
                to: Url::parse(r["request_url"].as_str()?).ok()?,
            })
        })
        .collect()
}

fn cookie_jar(c: &mut Criterion) {
    let cases = jar_cases();
    let now = 1_420_070_400; // the vectors' fixed_now, 2015-01-01
    let mut group = c.benchmark_group("cookie_jar");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function("set_then_cookie_header", |b| {
        b.iter(|| {
            cases
                .iter()
                .filter_map(|case| {
                    let mut store = CookieStore::new(Policy::chromium());
                    let ctx = RequestContext::same_site("GET");
                    for line in &case.set_cookie {
                        store.set_cookie(black_box(line), &case.from, &ctx, now);
                    }
                    store.cookie_header(&case.to, &ctx, now)
                })
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, challenges, jwts, ntlm, cookie_jar);
criterion_main!(benches);
