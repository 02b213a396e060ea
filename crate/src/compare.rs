//! Compare two captures: a working one and a failing one. The requests of
//! both are lined up (same method and path), and for each pair what differs
//! in everything auth-relevant is listed — credentials, token claims,
//! cookies sent, challenge, redirect hops, URL origin, HTTP version,
//! connection — in the order of how well such a difference explains a
//! failure. Values are shown as the reports show them: schemes, claim
//! values, cookie names; never a credential.

use serde::Serialize;

use crate::parse::authorization::parse_credentials;
use crate::parse::basic::decode_credentials;
use crate::parse::http_date::parse_http_date;
use crate::parse::jwt::{decode_jwt, Jwt};
use crate::parse::www_authenticate::parse_challenges;

use crate::report::{ExchangeOut, HeaderOut, Report};

/// The aspects compared, most explanatory first.
pub const ASPECTS: [&str; 9] = [
    "credentials",
    "proxy credentials",
    "token",
    "cookies sent",
    "challenge",
    "redirects",
    "origin",
    "http version",
    "connection",
];

/// What differs between two captures.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Lined-up requests that differ, failing ones (4xx) first.
    pub pairs: Vec<Pair>,
    /// Indexes (into the failing report's exchanges) of requests the
    /// working capture has no match for.
    pub unmatched: Vec<usize>,
}

/// One request seen in both captures.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    /// `METHOD path` of the request.
    pub request: String,
    /// Index into the working report's exchanges.
    pub working: usize,
    /// Index into the failing report's exchanges.
    pub failing: usize,
    /// Status in the working capture.
    pub working_status: Option<u16>,
    /// Status in the failing capture.
    pub failing_status: Option<u16>,
    /// What differs, most explanatory first.
    pub differences: Vec<Difference>,
}

/// One aspect that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// One of [`ASPECTS`].
    pub aspect: &'static str,
    /// As seen in the working capture ("" when absent).
    pub working: String,
    /// As seen in the failing capture ("" when absent).
    pub failing: String,
}

/// `(scheme and host, path without query)` of a URL or request target.
fn split_url(url: &str) -> (&str, &str) {
    let without_query = url.split(['?', '#']).next().unwrap_or_default();
    match without_query.split_once("://") {
        Some((_, rest)) => {
            let at = rest.find('/').unwrap_or(rest.len());
            let origin_len = without_query.len() - rest.len() + at;
            (
                without_query.get(..origin_len).unwrap_or_default(),
                rest.get(at..).filter(|p| !p.is_empty()).unwrap_or("/"),
            )
        }
        None => ("", without_query),
    }
}

fn key(exchange: &ExchangeOut) -> Option<(String, String)> {
    let request = exchange.request.as_ref()?;
    Some((
        request.method.to_ascii_uppercase(),
        split_url(&request.url).1.to_owned(),
    ))
}

fn request_headers(exchange: &ExchangeOut) -> &[HeaderOut] {
    exchange.request.as_ref().map_or(&[], |r| &r.headers)
}

fn response_headers(exchange: &ExchangeOut) -> &[HeaderOut] {
    exchange.response.as_ref().map_or(&[], |r| &r.headers)
}

fn find<'a>(headers: &'a [HeaderOut], name: &str) -> Option<&'a HeaderOut> {
    headers.iter().find(|h| h.name.eq_ignore_ascii_case(name))
}

/// `Bearer (JWT)`, `Basic user "ann"`, `none`: what credentials looked like.
/// Read with the typed parsers, not through the report's `parsed` values:
/// building those as `serde_json::Value` trees would cost the page's wasm
/// some 20 KB gzipped.
fn credentials(exchange: &ExchangeOut, name: &str) -> String {
    let Some(header) = find(request_headers(exchange), name) else {
        return "none".to_owned();
    };
    let Ok(credentials) = parse_credentials(&header.value) else {
        return "unreadable".to_owned();
    };
    let scheme = credentials.scheme.to_owned();
    if credentials.is("basic") {
        if let Ok(basic) = decode_credentials(&credentials) {
            return format!("{scheme} user \"{}\"", basic.user);
        }
    }
    if jwt(exchange).is_some() {
        return scheme + " (JWT)";
    }
    scheme
}

/// The JWT a request's `Authorization: Bearer` carries, decoded.
fn jwt(exchange: &ExchangeOut) -> Option<Jwt> {
    let header = find(request_headers(exchange), "authorization")?;
    let credentials = parse_credentials(&header.value).ok()?;
    let token = credentials.token68.filter(|_| credentials.is("bearer"))?;
    decode_jwt(token.text, 0).ok()
}

/// Claim values that decide whether an API accepts a token, and its
/// lifetime against the response `Date`.
fn token(exchange: &ExchangeOut) -> Vec<(String, String)> {
    let Some(jwt) = jwt(exchange) else {
        return Vec::new();
    };
    let mut claims = Vec::new();
    let none = serde_json::Map::new();
    let (header, body) = (&jwt.header, jwt.claims.as_ref().unwrap_or(&none));
    for (from_header, name) in [
        (true, "alg"),
        (false, "iss"),
        (false, "aud"),
        (false, "azp"),
        (false, "tid"),
        (false, "scope"),
        (false, "scp"),
        (false, "roles"),
        (false, "typ"),
    ] {
        let value = if from_header {
            header.get(name)
        } else {
            body.get(name)
        };
        if let Some(value) = value {
            let shown = value
                .as_str()
                .map_or_else(|| crate::json_text::to_string(value), str::to_owned);
            claims.push((name.to_owned(), shown));
        }
    }
    let date = find(response_headers(exchange), "date")
        .and_then(|d| parse_http_date(&d.value).ok())
        .map(|d| d.unix);
    if let (Some(exp), Some(date)) = (jwt.exp, date) {
        let left = exp - date;
        let text = if left < 0 {
            format!("expired {} before Date", crate::rules::duration(left))
        } else {
            format!("valid {} after Date", crate::rules::duration(left))
        };
        claims.push(("exp".to_owned(), text));
    }
    claims
}

fn cookie_names(exchange: &ExchangeOut) -> Vec<String> {
    request_headers(exchange)
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("cookie"))
        .flat_map(|h| crate::parse::cookie::parse_cookie(&h.value).pairs)
        .map(|p| p.name.to_owned())
        .collect()
}

fn challenge(exchange: &ExchangeOut) -> String {
    let mut shown: Vec<String> = Vec::new();
    for header in response_headers(exchange).iter().filter(|h| {
        h.name.eq_ignore_ascii_case("www-authenticate")
            || h.name.eq_ignore_ascii_case("proxy-authenticate")
    }) {
        let Ok(read) = parse_challenges(&header.value) else {
            shown.push("unreadable".to_owned());
            continue;
        };
        for c in read.challenges {
            shown.push(match c.param("error") {
                Some(error) => format!("{} error={}", c.scheme, error.value),
                None => c.scheme.to_owned(),
            });
        }
    }
    shown.join(", ")
}

/// How many redirects led straight to exchange `at`.
fn redirects(report: &Report, at: usize) -> usize {
    report
        .exchanges
        .get(..at)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|e| {
            e.response
                .as_ref()
                .and_then(|r| r.status)
                .is_some_and(|s| (300..400).contains(&s))
        })
        .count()
}

fn status(exchange: &ExchangeOut) -> Option<u16> {
    exchange.response.as_ref().and_then(|r| r.status)
}

fn header_value(headers: &[HeaderOut], name: &str) -> String {
    find(headers, name)
        .map(|h| h.value.clone())
        .unwrap_or_default()
}

fn differences(working: &Report, w: usize, failing: &Report, f: usize) -> Vec<Difference> {
    let (Some(a), Some(b)) = (working.exchanges.get(w), failing.exchanges.get(f)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |aspect: &'static str, working: String, failing: String| {
        if working != failing {
            out.push(Difference {
                aspect,
                working,
                failing,
            });
        }
    };
    push(
        "credentials",
        credentials(a, "authorization"),
        credentials(b, "authorization"),
    );
    push(
        "proxy credentials",
        credentials(a, "proxy-authorization"),
        credentials(b, "proxy-authorization"),
    );
    let (ta, tb) = (token(a), token(b));
    let names: Vec<&String> = ta.iter().chain(&tb).map(|(n, _)| n).collect();
    let mut seen: Vec<&String> = Vec::new();
    for name in names {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let value = |t: &[(String, String)]| {
            t.iter()
                .find(|(n, _)| n == name)
                .map(|(n, v)| format!("{n}: {v}"))
                .unwrap_or_default()
        };
        push("token", value(&ta), value(&tb));
    }
    let (ca, cb) = (cookie_names(a), cookie_names(b));
    let missing: Vec<&str> = ca
        .iter()
        .filter(|c| !cb.contains(c))
        .map(String::as_str)
        .collect();
    let extra: Vec<&str> = cb
        .iter()
        .filter(|c| !ca.contains(c))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() || !extra.is_empty() {
        push("cookies sent", ca.join(", "), cb.join(", "));
    }
    push("challenge", challenge(a), challenge(b));
    push(
        "redirects",
        format!("{} before", redirects(working, w)),
        format!("{} before", redirects(failing, f)),
    );
    let origin = |e: &ExchangeOut| {
        e.request
            .as_ref()
            .map(|r| split_url(&r.url).0.to_owned())
            .unwrap_or_default()
    };
    let (oa, ob) = (origin(a), origin(b));
    // A path-only target has no origin to compare.
    if !oa.is_empty() && !ob.is_empty() {
        push("origin", oa, ob);
    }
    let version = |e: &ExchangeOut| {
        e.response
            .as_ref()
            .and_then(|r| r.http_version.clone())
            .or_else(|| e.request.as_ref().and_then(|r| r.http_version.clone()))
            .unwrap_or_default()
    };
    push("http version", version(a), version(b));
    push(
        "connection",
        header_value(response_headers(a), "connection"),
        header_value(response_headers(b), "connection"),
    );
    out
}

/// Lines up the requests of `failing` with those of `working` and lists
/// what differs.
#[must_use]
pub fn compare(working: &Report, failing: &Report) -> Comparison {
    let mut used = vec![false; working.exchanges.len()];
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for (f, exchange) in failing.exchanges.iter().enumerate() {
        let Some(wanted) = key(exchange) else {
            continue;
        };
        let found = working.exchanges.iter().enumerate().find(|(w, e)| {
            !used.get(*w).copied().unwrap_or(true) && key(e).as_ref() == Some(&wanted)
        });
        let Some((w, matched)) = found else {
            unmatched.push(f);
            continue;
        };
        if let Some(slot) = used.get_mut(w) {
            *slot = true;
        }
        let differences = differences(working, w, failing, f);
        if differences.is_empty() {
            continue;
        }
        pairs.push(Pair {
            request: format!("{} {}", wanted.0, wanted.1),
            working: w,
            failing: f,
            working_status: status(matched),
            failing_status: status(exchange),
            differences,
        });
    }
    // Failing requests first; the order of the capture otherwise.
    let failed = |p: &Pair| p.failing_status.is_some_and(|s| s >= 400);
    let (mut first, rest): (Vec<Pair>, Vec<Pair>) = pairs.into_iter().partition(failed);
    first.extend(rest);
    Comparison {
        pairs: first,
        unmatched,
    }
}

/// The comparison as text for a terminal.
#[must_use]
pub fn render_text(comparison: &Comparison) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if comparison.pairs.is_empty() {
        out.push_str("No auth-relevant difference between the matching requests.\n");
    }
    let code = |s: Option<u16>| s.map_or_else(|| "-".to_owned(), |s| s.to_string());
    for pair in &comparison.pairs {
        let _ = writeln!(
            out,
            "{}: working #{} {} / failing #{} {}",
            pair.request,
            pair.working,
            code(pair.working_status),
            pair.failing,
            code(pair.failing_status)
        );
        for d in &pair.differences {
            let shown = |s: &str| {
                if s.is_empty() {
                    "(none)".to_owned()
                } else {
                    s.to_owned()
                }
            };
            let _ = writeln!(
                out,
                "  {:<18} working: {}\n  {:<18} failing: {}",
                d.aspect,
                shown(&d.working),
                "",
                shown(&d.failing)
            );
        }
    }
    if !comparison.unmatched.is_empty() {
        let list: Vec<String> = comparison
            .unmatched
            .iter()
            .map(|i| format!("#{i}"))
            .collect();
        let _ = writeln!(
            out,
            "Failing requests with no match in the working capture: {}",
            list.join(", ")
        );
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn report(text: &str) -> Report {
        crate::diagnose(text.as_bytes(), &crate::Options::with_now(1_764_676_800))
    }

    const WORKING: &str = "GET /api/orders?page=1 HTTP/1.1\nHost: a.test\nAuthorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9vcmRlcnMiLCJleHAiOjE3NjQ2NzkwMDB9.c2ln\nCookie: sid=1; theme=dark\n\nHTTP/1.1 200 OK\nDate: Tue, 02 Dec 2025 11:30:00 GMT\nConnection: keep-alive\n\n";
    const FAILING: &str = "GET /api/orders?page=2 HTTP/1.1\nHost: a.test\nAuthorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9ncmFwaCIsImV4cCI6MTc2NDY2NjAwMH0.c2ln\nCookie: theme=dark\n\nHTTP/1.1 401 Unauthorized\nDate: Tue, 02 Dec 2025 11:30:00 GMT\nWWW-Authenticate: Bearer error=\"invalid_token\"\nConnection: close\n\n";

    #[test]
    fn matching_requests_are_lined_up_and_their_differences_ranked() {
        let comparison = compare(&report(WORKING), &report(FAILING));
        assert!(comparison.unmatched.is_empty());
        let [pair] = &comparison.pairs[..] else {
            panic!("one pair: {comparison:?}");
        };
        assert_eq!(pair.request, "GET /api/orders");
        assert_eq!(
            (pair.working_status, pair.failing_status),
            (Some(200), Some(401))
        );
        let shown: Vec<(&str, &str, &str)> = pair
            .differences
            .iter()
            .map(|d| (d.aspect, d.working.as_str(), d.failing.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("token", "aud: api://orders", "aud: api://graph"),
                (
                    "token",
                    "exp: valid 1 h 6 min after Date",
                    "exp: expired 2 h 30 min before Date"
                ),
                ("cookies sent", "sid, theme", "theme"),
                ("challenge", "", "Bearer error=invalid_token"),
                ("connection", "keep-alive", "close"),
            ]
        );
        let text = render_text(&comparison);
        assert!(
            text.starts_with("GET /api/orders: working #0 200 / failing #0 401\n"),
            "{text}"
        );
        assert!(!text.contains("eyJ"), "no token in the output: {text}");
    }

    #[test]
    fn identical_captures_have_nothing_to_say_and_unmatched_requests_are_named() {
        let same = compare(&report(WORKING), &report(WORKING));
        assert!(same.pairs.is_empty() && same.unmatched.is_empty());
        assert!(render_text(&same).starts_with("No auth-relevant difference"));
        let other = compare(
            &report(WORKING),
            &report("POST /login HTTP/1.1\nHost: a.test\n\n"),
        );
        assert_eq!(other.unmatched, [0]);
    }

    #[test]
    fn origins_compare_scheme_and_host_only() {
        assert_eq!(
            split_url("https://a.test/x/y?z=1"),
            ("https://a.test", "/x/y")
        );
        assert_eq!(split_url("http://a.test"), ("http://a.test", "/"));
        assert_eq!(split_url("/x?y"), ("", "/x"));
    }
}
