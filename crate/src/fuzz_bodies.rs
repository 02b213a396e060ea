//! The bodies of the fuzz targets (native only, hidden from the docs).
//!
//! Each body takes arbitrary bytes, runs one parser (or the whole pipeline)
//! and checks what must hold for *every* input: no panic, offsets inside the
//! value they point into, JSON that parses, the same report however a HAR is
//! cut into chunks, no marked secret surviving the sanitizer. They live here,
//! in the crate, so that two callers share them: `crate/fuzz/` (cargo fuzz,
//! nightly) and `crate/tests/fuzz_seeds.rs`, which runs them over the seed
//! corpora on stable in the ordinary test command.
//!
//! A broken invariant panics on purpose: that is how libFuzzer records a
//! crash, and how a seed test fails.
#![allow(clippy::panic)]

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::cookie_store::{CookieStore, Policy, RequestContext};
use crate::parse::url::Url;
use crate::report::Report;
use crate::{har, input, parse, Options, Reader};

/// A fixed clock, so a crash reproduces whatever the day.
const NOW: i64 = 1_764_720_000;

/// A fuzz body: arbitrary bytes in, a panic when an invariant breaks.
pub type Body = fn(&[u8]);

/// Every target: its name (the `cargo fuzz` binary) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("paste", paste),
    ("http_text", http_text),
    ("command", command),
    ("challenge", challenge),
    ("authorization", authorization),
    ("jwt", jwt),
    ("ntlm", ntlm),
    ("spnego", spnego),
    ("set_cookie", set_cookie),
    ("cookie_store", cookie_store),
    ("har", har_whole),
    ("har_stream", har_stream),
    ("har_differential", har_differential),
    ("diagnose", diagnose),
    ("sanitize_leak", sanitize_leak),
];

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The paste sniffer and every text reader behind it.
pub fn paste(data: &[u8]) {
    let _ = crate::input::sniff::looks_like_har(data);
    let decoded = input::decode(data);
    if let Ok(read) = input::read(data) {
        check_read(&read);
    }
    if let Ok(read) = input::read_text(decoded.text.as_ref()) {
        check_read(&read);
    }
}

/// Raw HTTP text: the input behind a status line, so the message reader
/// (headers, folding, bodies, several messages) is what gets exercised.
pub fn http_text(data: &[u8]) {
    let body = text(data);
    for head in [
        "HTTP/1.1 401 Unauthorized\r\n",
        "GET / HTTP/1.1\nHost: a.test\n",
    ] {
        if let Ok(read) = input::read_text(&format!("{head}{body}")) {
            check_read(&read);
        }
    }
}

/// Command lines: curl (bash and cmd quoting), fetch, PowerShell.
pub fn command(data: &[u8]) {
    let rest = text(data);
    for head in [
        "curl ",
        "curl.exe ",
        "fetch(\"https://a.test/\", ",
        "Invoke-WebRequest -Uri ",
        "wget ",
        "http ",
    ] {
        if let Ok(read) = input::read_text(&format!("{head}{rest}")) {
            check_read(&read);
        }
    }
}

/// `WWW-Authenticate` / `Proxy-Authenticate`: lenient and strict readings.
pub fn challenge(data: &[u8]) {
    let value = text(data);
    let value = value.as_ref();
    match parse::www_authenticate::parse_challenges(value) {
        Ok(challenges) => {
            let _ = challenges.to_json();
        }
        Err(error) => {
            let _ = error.to_json();
        }
    }
    let _ = parse::www_authenticate::parse_challenges_strict(value);
    check_offsets(&parse::www_authenticate::to_json(value), value);
    let _ = parse::parsed("Proxy-Authenticate", value);
}

/// `Authorization`: every scheme's decoder (Basic, Bearer, Digest, NTLM,
/// Negotiate, AWS SigV4, DPoP) through the header's JSON.
pub fn authorization(data: &[u8]) {
    let value = text(data);
    let value = value.as_ref();
    let _ = parse::authorization::parse_credentials(value);
    check_offsets(&parse::authorization::to_json(value), value);
    let _ = parse::parsed("Proxy-Authorization", value);
    let _ = parse::bearer::classify(value);
    let _ = parse::basic::decode_basic(value, 0);
}

/// A JWT (JWS or JWE): segments, base64url, JSON claims.
pub fn jwt(data: &[u8]) {
    let token = text(data);
    let token = token.as_ref();
    let _ = parse::jwt::looks_like_jwt(token);
    if let Ok(jwt) = parse::jwt::decode_jwt(token, 0) {
        let _ = jwt.to_json(Some(NOW));
        let _ = jwt.expired(NOW);
        let _ = jwt.not_yet_valid(NOW);
        let _ = jwt.alg();
    }
    let _ = parse::parsed("Authorization", &format!("Bearer {token}"));
}

/// NTLM messages as bytes, and as the header carries them.
pub fn ntlm(data: &[u8]) {
    if let Ok(message) = parse::ntlm::decode_ntlm(data) {
        let _ = serde_json::to_string(&message);
    }
    let token = STANDARD.encode(data);
    let _ = parse::parsed("Authorization", &format!("NTLM {token}"));
    let _ = parse::parsed("WWW-Authenticate", &format!("NTLM {token}"));
}

/// SPNEGO / Kerberos DER as bytes, and as the header carries them.
pub fn spnego(data: &[u8]) {
    if let Ok(token) = parse::spnego::decode_negotiate_bytes(data) {
        let _ = serde_json::to_string(&token);
    }
    let token = STANDARD.encode(data);
    let _ = parse::spnego::decode_negotiate(&token);
    let _ = parse::parsed("Authorization", &format!("Negotiate {token}"));
    let _ = parse::parsed("WWW-Authenticate", &format!("Negotiate {token}"));
}

/// One `Set-Cookie` value, its rejections and its JSON.
pub fn set_cookie(data: &[u8]) {
    let value = text(data);
    let value = value.as_ref();
    if let Ok(cookie) = parse::set_cookie::parse_set_cookie(value) {
        let _ = cookie.to_json();
        let _ = cookie.same_site_mode();
        for from in ["https://a.example.com/x/y", "http://127.0.0.1/"] {
            if let Ok(url) = Url::parse(from) {
                let _ = cookie.rejections(&url);
            }
        }
    }
    let _ = parse::cookie::parse_cookie(value).to_json();
    let _ = parse::parsed("Set-Cookie", value);
}

/// The cookie jar: the first line is the URL the cookies come from (a
/// default when it does not parse), every further line one `Set-Cookie`.
pub fn cookie_store(data: &[u8]) {
    let source = text(data);
    let mut lines = source.lines();
    let first = lines.next().unwrap_or("");
    let Ok(default) = Url::parse("https://www.example.com/a/b") else {
        return;
    };
    let from = Url::parse(first).unwrap_or_else(|_| default.clone());
    for policy in [Policy::chromium(), Policy::rfc6265bis()] {
        let mut store = CookieStore::new(policy);
        let ctx = RequestContext::same_site("GET");
        for (i, line) in lines.clone().enumerate() {
            let now = NOW + i64::try_from(i).unwrap_or(0) * 60;
            let _ = store.set_cookie(line, &from, &ctx, now);
        }
        for url in [&from, &default] {
            let _ = store.cookie_header(url, &ctx, NOW + 3600);
            let _ = store.cookie_header(url, &RequestContext::default(), NOW + 3600);
        }
        if let Some(cookie) = store.cookies().first() {
            let name = cookie.name.clone();
            let _ = store.explain(&name, &from, &ctx, NOW);
        }
    }
}

/// A HAR read whole.
pub fn har_whole(data: &[u8]) {
    if let Ok(read) = har::read(data) {
        check_read(&read);
    }
}

/// Chunk sizes for the streaming targets, taken from the input's first
/// bytes: byte 0 says how many size bytes follow (0–7), each gives a size of
/// 1–256 bytes; the sizes cycle over the rest. No size byte: one byte a chunk.
fn split_chunks(data: &[u8]) -> (Vec<usize>, &[u8]) {
    let Some((&count, rest)) = data.split_first() else {
        return (vec![1], data);
    };
    let count = usize::from(count % 8).min(rest.len());
    let (sizes, body) = rest.split_at(count);
    let mut sizes: Vec<usize> = sizes.iter().map(|&b| usize::from(b) + 1).collect();
    if sizes.is_empty() {
        sizes.push(1);
    }
    (sizes, body)
}

fn pieces<'a>(body: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = body;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (piece, tail) = rest.split_at(size.min(rest.len()));
        out.push(piece);
        rest = tail;
    }
    out
}

/// The streaming HAR reader fed random chunk boundaries.
pub fn har_stream(data: &[u8]) {
    let (sizes, body) = split_chunks(data);
    let mut reader = har::HarReader::new(3);
    for piece in pieces(body, &sizes) {
        reader.push(piece);
    }
    let _ = reader.entries_read();
    if let Ok(read) = reader.finish() {
        check_read(&read);
    }
}

/// Differential: the streaming [`Reader`] fed random chunks gives exactly
/// the report of the whole-buffer call. A `{"log":` prefix is added when the
/// input lacks one, so most inputs take the HAR path.
pub fn har_differential(data: &[u8]) {
    let (sizes, body) = split_chunks(data);
    let owned;
    let body = if body.windows(6).take(64).any(|w| w == b"\"log\":") {
        body
    } else {
        owned = [br#"{"log":{"entries":["#.as_slice(), body].concat();
        owned.as_slice()
    };
    let options = Options {
        now: Some(NOW),
        max_listed_exchanges: 4,
    };
    let whole = crate::diagnose(body, &options).to_json();
    let mut reader = Reader::new(options);
    for piece in pieces(body, &sizes) {
        reader.push(piece);
    }
    let streamed = reader.finish().to_json();
    if whole != streamed {
        panic!(
            "streamed report differs from whole report (chunk sizes {sizes:?})\nwhole:    {whole}\nstreamed: {streamed}"
        );
    }
}

/// The whole pipeline: sniff, read, diagnose, and every rendering.
pub fn diagnose(data: &[u8]) {
    let report = crate::diagnose(data, &Options::with_now(NOW));
    check_report(&report);
    let _ = crate::report::render_text(&report, true);
    let _ = crate::report::render_markdown(&report);
    let _ = crate::report::render_details_text(&report);
}

/// Differential for the sanitizer: a secret is planted in a place it
/// promises to redact (chosen by byte 0), spelled from bytes 1–24, among
/// header lines made of the rest; the secret must not appear in the output,
/// nor any encoding of it a reader could undo.
pub fn sanitize_leak(data: &[u8]) {
    let Some((&place, rest)) = data.split_first() else {
        return;
    };
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let (spelling, noise) = rest.split_at(rest.len().min(24));
    // A fixed prefix keeps the secret distinct from anything the fuzzer
    // writes around it, and long enough that a filler cannot equal it.
    let mut secret = String::from("QZKs");
    secret.extend(spelling.iter().map(|&b| {
        char::from(
            *ALPHABET
                .get(usize::from(b) % ALPHABET.len())
                .unwrap_or(&b'x'),
        )
    }));
    while secret.len() < 16 {
        secret.push('7');
    }
    let noise = text(noise);
    if noise.contains("QZKs") {
        return;
    }
    // Noise goes into harmless header values, one per line, so it cannot end
    // the header block or turn a header into a body.
    let noise_lines: Vec<String> = noise
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .take(8)
        .map(|l| format!("X-Note: {}", l.trim()))
        .collect();
    let basic = STANDARD.encode(format!("alice:{secret}"));
    let line = match place % 8 {
        0 => format!("Authorization: Bearer {secret}"),
        1 => format!("Authorization: Basic {basic}"),
        2 => format!("Cookie: theme=dark; sid={secret}"),
        3 => format!("Set-Cookie: sid={secret}; Path=/; HttpOnly"),
        4 => format!("Proxy-Authorization: Bearer {secret}"),
        5 => format!("X-Api-Key: {secret}"),
        6 => {
            let value = format!("Bearer {secret}");
            let har = serde_json::json!({"log": {"version": "1.2", "entries": [{
                "request": {"method": "GET", "url": "https://a.test/", "httpVersion": "HTTP/1.1",
                    "headers": noise_lines.iter().map(|l| serde_json::json!({"name": "X-Note", "value": l}))
                        .chain([serde_json::json!({"name": "Authorization", "value": value})]).collect::<Vec<_>>(),
                    "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0},
                "response": {"status": 401, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [],
                    "cookies": [], "content": {"size": 0, "mimeType": ""}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
                "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0}}]}});
            check_no_leak(har.to_string().as_bytes(), &secret, &basic);
            return;
        }
        _ => format!("curl -H 'Authorization: Bearer {secret}' https://a.test/"),
    };
    let mut paste = String::new();
    if place % 8 == 3 {
        paste.push_str("HTTP/1.1 401 Unauthorized\n");
    } else if place % 8 != 7 {
        paste.push_str("GET /api HTTP/1.1\nHost: a.test\n");
    }
    let (before, after) = noise_lines.split_at(noise_lines.len() / 2);
    if place % 8 != 7 {
        for l in before {
            paste.push_str(l);
            paste.push('\n');
        }
    }
    paste.push_str(&line);
    paste.push('\n');
    if place % 8 != 7 {
        for l in after {
            paste.push_str(l);
            paste.push('\n');
        }
    }
    check_no_leak(paste.as_bytes(), &secret, &basic);
}

fn check_no_leak(input: &[u8], secret: &str, basic: &str) {
    let Ok(out) = crate::sanitize::sanitize(input) else {
        panic!(
            "the sanitizer refused an input it wrote itself:\n{}",
            String::from_utf8_lossy(input)
        );
    };
    for needle in [secret, basic] {
        if out.text.contains(needle) {
            panic!(
                "secret {needle} survived the sanitizer\ninput:\n{}\noutput:\n{}",
                String::from_utf8_lossy(input),
                out.text
            );
        }
    }
}

/// What a read must satisfy: every header span lies on the source's char
/// boundaries (checked by the reader's own slicing) and each exchange has a
/// side.
fn check_read(read: &input::Read) {
    for warning in &read.warnings {
        if warning.line == 0 || warning.column == 0 {
            panic!("warning not located: {warning:?}");
        }
    }
    for exchange in &read.exchanges {
        if exchange.request.is_none() && exchange.response.is_none() {
            panic!("exchange {} has neither side", exchange.entry_index);
        }
    }
}

/// Every `offset` in a parsed header's JSON points into (or just past) the
/// value it came from.
fn check_offsets(json: &serde_json::Value, value: &str) {
    match json {
        serde_json::Value::Object(map) => {
            if let Some(offset) = map.get("offset").and_then(serde_json::Value::as_u64) {
                if usize::try_from(offset).map_or(true, |o| o > value.len()) {
                    panic!("offset {offset} past a {}-byte value: {json}", value.len());
                }
            }
            map.values().for_each(|v| check_offsets(v, value));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| check_offsets(v, value)),
        _ => {}
    }
}

/// What every report must satisfy: valid JSON, located warnings and errors,
/// evidence that points at a listed exchange and inside the header value
/// it names, on char boundaries.
fn check_report(report: &Report) {
    let json = report.to_json();
    if serde_json::from_str::<serde_json::Value>(&json).is_err() {
        panic!("report is not JSON: {json}");
    }
    if let Some(error) = &report.input.error {
        if error.line == 0 || error.column == 0 {
            panic!("error not located: {error:?}");
        }
    }
    for finding in &report.findings {
        if let Some(i) = finding.exchange {
            if i >= report.exchanges.len() {
                panic!(
                    "finding {} points at exchange {i} of {}",
                    finding.code,
                    report.exchanges.len()
                );
            }
        }
        for evidence in &finding.evidence {
            let Some(exchange) = report.exchanges.get(evidence.exchange) else {
                panic!(
                    "evidence of {} points at exchange {} of {}",
                    finding.code,
                    evidence.exchange,
                    report.exchanges.len()
                );
            };
            let headers = match evidence.part.as_str() {
                "request" => exchange.request.as_ref().map(|r| &r.headers),
                "response" => exchange.response.as_ref().map(|r| &r.headers),
                _ => None,
            };
            let (Some(headers), Some(index)) = (headers, evidence.header_index) else {
                continue;
            };
            let Some(header) = headers.get(index) else {
                panic!(
                    "evidence of {} points at header {index} of {}",
                    finding.code,
                    headers.len()
                );
            };
            if let (Some(start), Some(end)) = (evidence.start, evidence.end) {
                if start > end || header.value.get(start..end).is_none() {
                    panic!(
                        "evidence of {} spans {start}..{end} of a {}-byte value {:?}",
                        finding.code,
                        header.value.len(),
                        header.value
                    );
                }
            }
        }
    }
}

/// The seed inputs of a target, read from the shared corpus: whole files for
/// the readers, the individual values of the JSON vector files for the
/// header parsers. `max_len` skips bigger files (the seed tests stay fast).
///
/// # Errors
/// When a corpus folder or vector file cannot be read.
pub fn seeds(target: &str, max_len: usize) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let corpus = crate::testing::corpus_path("");
    let mut out = Vec::new();
    let add_files = |dir: &str, out: &mut Vec<(String, Vec<u8>)>| -> std::io::Result<()> {
        for path in files(&corpus.join(dir))? {
            if std::fs::metadata(&path)?.len() as usize <= max_len {
                out.push((path.display().to_string(), std::fs::read(&path)?));
            }
        }
        Ok(())
    };
    let vectors = |file: &str, keys: &[&str]| -> std::io::Result<Vec<(String, Vec<u8>)>> {
        let text = std::fs::read_to_string(corpus.join(file))?;
        let json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        let mut found = Vec::new();
        collect_strings(&json, keys, &mut found);
        Ok(found
            .into_iter()
            .enumerate()
            .map(|(i, s)| (format!("{file}#{i}"), s.into_bytes()))
            .collect())
    };
    match target {
        "paste" | "http_text" | "command" | "sanitize_leak" => add_files("paste", &mut out)?,
        "challenge" => out = vectors("challenges/vectors.json", &["header"])?,
        "authorization" => out = vectors("authorization/vectors.json", &["header"])?,
        "jwt" => out = vectors("jwt/vectors.json", &["token"])?,
        "ntlm" | "spnego" => {
            for (name, header) in vectors("authorization/vectors.json", &["header"])? {
                let header = String::from_utf8_lossy(&header).into_owned();
                let token = header.split_once(' ').map_or("", |(_, t)| t.trim());
                if let Ok(bytes) = STANDARD.decode(token) {
                    out.push((name, bytes));
                }
            }
        }
        "set_cookie" | "cookie_store" => {
            out = vectors("cookies/vectors.json", &["set_cookie"])?;
            if target == "cookie_store" {
                // One jar per vector: its URL, then its Set-Cookie lines.
                let text = std::fs::read_to_string(corpus.join("cookies/vectors.json"))?;
                let json: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
                out.clear();
                for (i, v) in json.as_array().into_iter().flatten().enumerate() {
                    let mut jar = v["set_from_url"].as_str().unwrap_or("").to_owned();
                    for line in v["set_cookie"].as_array().into_iter().flatten() {
                        jar.push('\n');
                        jar.push_str(line.as_str().unwrap_or(""));
                    }
                    out.push((format!("cookies/vectors.json#{i}"), jar.into_bytes()));
                }
            }
        }
        "har" | "har_stream" | "har_differential" => add_files("har", &mut out)?,
        "diagnose" => {
            add_files("paste", &mut out)?;
            add_files("har", &mut out)?;
        }
        _ => {}
    }
    Ok(out)
}

fn collect_strings(json: &serde_json::Value, keys: &[&str], out: &mut Vec<String>) {
    match json {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if keys.contains(&k.as_str()) {
                    match v {
                        serde_json::Value::String(s) => out.push(s.clone()),
                        serde_json::Value::Array(items) => {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned)))
                        }
                        _ => {}
                    }
                } else {
                    collect_strings(v, keys, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, keys, out)),
        _ => {}
    }
}

/// Files under `dir`, sorted, skipping `README*` and `index.tsv`.
fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_file() && !name.starts_with("README") && name != "index.tsv" {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
