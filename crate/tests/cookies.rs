//! Cookie conformance: the http-state parser suite (scored against RFC 6265bis
//! where the corpus gives a 6265bis expectation), the derived SameSite /
//! Secure / prefix scenarios (including Chromium's exclusion reasons), and
//! the cookie-date vectors. Prints `cookies: N passed, N failed` and every
//! failure; `disabled-*` records are run and shown but not scored.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use authlens::cookie_store::{CookieStore, NotSent, Policy, RequestContext};
use authlens::parse::cookie_date::{format_imf_fixdate, parse_cookie_date};
use authlens::parse::url::Url;
use authlens::site::SiteRelation;
use serde_json::Value;

/// Now for scenarios, which carry no `fixed_now`: any time works, since none
/// of them has an absolute date.
const SCENARIO_NOW: i64 = 1_800_000_000;

fn load(relative: &str) -> Vec<Value> {
    let path = authlens::testing::corpus_path(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn text_list(record: &Value, key: &str) -> Vec<String> {
    record[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The Cookie header the store produces for an http-state record, and the
/// header the record expects (6265bis expectation first).
fn run_http_state(record: &Value) -> Result<(), String> {
    let now = authlens::time::parse_rfc3339(record["fixed_now"].as_str().unwrap()).unwrap();
    let from = Url::parse(record["set_from_url"].as_str().unwrap()).unwrap();
    let to = Url::parse(record["request_url"].as_str().unwrap()).unwrap();
    let ctx = RequestContext::default();
    let mut store = CookieStore::new(Policy::chromium());
    for line in text_list(record, "set_cookie") {
        store.set_cookie(&line, &from, &ctx, now);
    }
    let got = store.cookie_header(&to, &ctx, now);
    let bis = record
        .as_object()
        .unwrap()
        .get("expected_cookie_header_rfc6265bis");
    let expected = bis
        .unwrap_or(&record["expected_cookie_header"])
        .as_str()
        .map(str::to_owned);
    if got != expected {
        return Err(format!("got {got:?}, expected {expected:?}"));
    }
    // `expected_sent` is null where the suite's parser.json has no entry.
    if bis.is_none() && record["expected_sent"].is_array() {
        let sent: Vec<(String, String)> = store
            .cookies_for(&to, &ctx, now)
            .iter()
            .map(|c| (c.name.clone(), c.value.clone()))
            .collect();
        let expected_sent: Vec<(String, String)> = record["expected_sent"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_owned(),
                    p["value"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        if sent != expected_sent {
            return Err(format!("sent {sent:?}, expected_sent {expected_sent:?}"));
        }
    }
    Ok(())
}

/// Chromium names of every reason each Set-Cookie of the store would not be
/// sent with the request.
fn exclusion_names(
    store: &CookieStore,
    to: &Url,
    ctx: &RequestContext,
    now: i64,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for event in 0..store.events().len() {
        for reason in store.explain_event(event, to, ctx, now).reasons {
            match reason {
                NotSent::Rejected { reasons } => {
                    names.extend(reasons.iter().map(|r| r.chromium_name().to_owned()));
                }
                other => names.extend(other.chromium_name().map(str::to_owned)),
            }
        }
    }
    names
}

fn run_scenario(record: &Value) -> Result<(), String> {
    let rc = &record["request_context"];
    let from = Url::parse(record["set_from_url"].as_str().unwrap()).unwrap();
    let to = Url::parse(record["request_url"].as_str().unwrap()).unwrap();
    let blocked = rc["third_party_cookies"].as_str() == Some("blocked");
    let mut store = CookieStore::new(Policy::chromium().with_third_party_blocked(blocked));
    // An hour old unless the scenario says otherwise, so that Chromium's
    // two-minute Lax-allowing-unsafe grace only applies where intended.
    let age = rc["cookie_age_seconds"].as_i64().unwrap_or(3600);
    let set_ctx = RequestContext::same_site("GET").with_top_level_navigation(true);
    for line in text_list(record, "set_cookie") {
        store.set_cookie(&line, &from, &set_ctx, SCENARIO_NOW - age);
    }
    let base = RequestContext::same_site(rc["method"].as_str().unwrap_or("GET"))
        .with_top_level_navigation(rc["top_level_navigation"].as_bool().unwrap_or(false));
    let by_header = base.clone().with_site(SiteRelation::from_sec_fetch_site(
        rc["site_for_cookies"].as_str().unwrap(),
    ));
    // The same request with the relation computed from the initiator's site.
    let initiator = match rc["initiator"].as_str() {
        Some("same-origin") | None => to.clone(),
        Some(origin) => Url::parse(origin).unwrap(),
    };
    let by_initiator = base.with_site(None).with_initiator(Some(initiator));
    let expected = record["expected_cookie_header"].as_str().map(str::to_owned);
    let expected_names: BTreeSet<String> = text_list(record, "expected_chromium_exclusions")
        .into_iter()
        .collect();
    for (how, ctx) in [("Sec-Fetch-Site", &by_header), ("initiator", &by_initiator)] {
        let got = store.cookie_header(&to, ctx, SCENARIO_NOW);
        if got != expected {
            return Err(format!("({how}) got {got:?}, expected {expected:?}"));
        }
        let names = exclusion_names(&store, &to, ctx, SCENARIO_NOW);
        if names != expected_names {
            return Err(format!(
                "({how}) exclusions {names:?}, expected {expected_names:?}"
            ));
        }
    }
    Ok(())
}

fn run_date(record: &Value) -> Result<(), String> {
    let input = record["input"].as_str().unwrap();
    let got = parse_cookie_date(input).map(format_imf_fixdate);
    let expected = record["expected"].as_str().map(str::to_owned);
    if got == expected {
        Ok(())
    } else {
        Err(format!("{input:?}: got {got:?}, expected {expected:?}"))
    }
}

#[test]
fn cookie_conformance() {
    let vectors = load("cookies/vectors.json");
    let dates = load("cookies/dates.json");
    let mut failures: Vec<String> = Vec::new();
    let mut informative: Vec<String> = Vec::new();
    let mut passed = 0;
    let mut suites: Vec<(&str, usize, usize)> = Vec::new();
    let mut score =
        |suite: &'static str, id: &str, result: Result<(), String>, failures: &mut Vec<String>| {
            if suites.last().map(|s| s.0) != Some(suite) {
                suites.push((suite, 0, 0));
            }
            let entry = suites.last_mut().unwrap();
            match result {
                Ok(()) => {
                    passed += 1;
                    entry.1 += 1;
                }
                Err(why) => {
                    failures.push(format!("  {id}: {why}"));
                    entry.2 += 1;
                }
            }
        };
    for record in &vectors {
        let id = record["id"].as_str().unwrap();
        if id.contains("/disabled-") {
            let outcome = run_http_state(record)
                .err()
                .unwrap_or_else(|| "passes".to_owned());
            informative.push(format!("  {id}: {outcome}"));
        } else if id.starts_with("http-state/") {
            score("http-state", id, run_http_state(record), &mut failures);
        } else if id.starts_with("scenario/") {
            score("scenarios", id, run_scenario(record), &mut failures);
        } else {
            failures.push(format!("  {id}: unknown record kind"));
        }
    }
    for record in &dates {
        score(
            "dates",
            record["id"].as_str().unwrap(),
            run_date(record),
            &mut failures,
        );
    }
    for (suite, ok, bad) in &suites {
        println!("cookies/{suite}: {ok} passed, {bad} failed");
    }
    println!("cookies: {passed} passed, {} failed", failures.len());
    for failure in &failures {
        println!("{failure}");
    }
    println!("disabled (informative, not scored):");
    for line in &informative {
        println!("{line}");
    }
    assert!(
        failures.is_empty(),
        "{} cookie vectors failed",
        failures.len()
    );
    assert_eq!(
        suites.iter().map(|s| s.1).sum::<usize>(),
        218 + 32 + dates.len()
    );
}
