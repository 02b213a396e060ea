//! Property tests: the cookie parsers and the cookie store never panic on
//! arbitrary input, and every span they return lies inside the input, on
//! char boundaries, and covers exactly the text it claims.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use authlens::cookie_store::{CookieStore, Policy, RequestContext};
use authlens::parse::cookie::parse_cookie;
use authlens::parse::cookie_date::{format_imf_fixdate, parse_cookie_date};
use authlens::parse::set_cookie::parse_set_cookie;
use authlens::parse::url::Url;
use authlens::site::{registrable_domain, SiteRelation};
use authlens::span::Span;
use proptest::prelude::*;

/// Text shaped like cookie headers (separators, quotes, tabs, controls,
/// multibyte characters and attribute names), mixed with arbitrary strings.
fn cookieish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("=".to_owned()),
        Just(";".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("\"".to_owned()),
        Just("\u{1}".to_owned()),
        Just("é".to_owned()),
        Just("🍪".to_owned()),
        Just("Path=/".to_owned()),
        Just("Domain=.example.com".to_owned()),
        Just("Max-Age=-1".to_owned()),
        Just("Expires=Wed, 09 Jun 2021 10:18:14 GMT".to_owned()),
        Just("SameSite=None".to_owned()),
        Just("Secure".to_owned()),
        Just("__Host-".to_owned()),
        "[a-zA-Z0-9_.-]{0,6}",
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..16).prop_map(|parts| parts.concat()),
        any::<String>(),
    ]
}

fn urlish() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://www.example.com/a/b?x".to_owned()),
        Just("http://example.com/".to_owned()),
        Just("https://api.example.co.uk/".to_owned()),
        Just("http://127.0.0.1:8080/x/".to_owned()),
        Just("https://[::1]/".to_owned()),
        "(https?|ftp)://[a-z.é]{0,12}(:[0-9]{0,6})?(/[a-z/%.]{0,10})?(\\?[a-z=]{0,5})?",
        any::<String>(),
    ]
}

fn check_span(source: &str, span: Span, expected: &str) {
    assert!(
        span.start <= span.end && span.end <= source.len(),
        "{span:?} outside {source:?}"
    );
    assert_eq!(span.slice(source), Some(expected), "{span:?} in {source:?}");
}

proptest! {
    #[test]
    fn set_cookie_spans_hold(input in cookieish()) {
        match parse_set_cookie(&input) {
            Ok(cookie) => {
                check_span(&input, cookie.name_span, cookie.name);
                check_span(&input, cookie.value_span, cookie.value);
                for attribute in &cookie.attributes {
                    check_span(&input, attribute.name_span, attribute.name);
                    check_span(&input, attribute.value_span, attribute.value);
                    assert!(attribute.span.slice(&input).is_some());
                }
                // The report shows a prefix of at most half the value, never all of it.
                let json = cookie.to_json();
                let prefix = json["value"]["prefix"].as_str().unwrap_or_default();
                prop_assert!(cookie.value.starts_with(prefix));
                prop_assert!(prefix.chars().count() <= 4);
                prop_assert!(cookie.value.is_empty() || prefix.len() < cookie.value.len());
            }
            Err(error) => {
                prop_assert!(error.span.start <= error.span.end && error.span.end <= input.len());
                prop_assert!(error.span.slice(&input).is_some());
                let _ = error.to_string();
            }
        }
    }

    #[test]
    fn cookie_header_spans_hold(input in cookieish()) {
        let header = parse_cookie(&input);
        for pair in &header.pairs {
            check_span(&input, pair.name_span, pair.name);
            check_span(&input, pair.value_span, pair.value);
        }
        let _ = header.to_json();
    }

    #[test]
    fn dates_and_urls_never_panic(input in cookieish(), url in urlish(), seconds in any::<i64>()) {
        if let Some(at) = parse_cookie_date(&input) {
            let _ = format_imf_fixdate(at);
        }
        let _ = format_imf_fixdate(seconds / 4);
        if let Ok(parsed) = Url::parse(&url) {
            let _ = registrable_domain(&parsed.host);
            let _ = parsed.to_string();
        }
        let _ = registrable_domain(&input);
    }

    #[test]
    fn store_never_panics(
        lines in prop::collection::vec((cookieish(), urlish(), any::<i64>()), 0..8),
        target in urlish(),
        now in any::<i64>(),
        cross in any::<bool>(),
        top in any::<bool>(),
        blocked in any::<bool>(),
    ) {
        let mut store = CookieStore::new(Policy::chromium().with_third_party_blocked(blocked));
        let site = if cross { SiteRelation::CrossSite } else { SiteRelation::SameSite };
        let ctx = RequestContext::same_site("POST").with_site(Some(site)).with_top_level_navigation(top);
        for (line, from, at) in &lines {
            if let Ok(from) = Url::parse(from) {
                store.set_cookie(line, &from, &ctx, *at);
            }
        }
        if let Ok(target) = Url::parse(&target) {
            let _ = store.cookie_header(&target, &ctx, now);
            for event in 0..store.events().len() {
                let explanation = store.explain_event(event, &target, &ctx, now);
                prop_assert_eq!(explanation.sent, explanation.reasons.is_empty());
            }
            let _ = store.explain("sid", &target, &ctx, now);
        }
    }
}
