//! Properties every parser keeps on any input: it returns a reading or a
//! located error and never panics, and every span it reports lies inside
//! the input on char boundaries (the page slices evidence by these spans).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use authlens::parse::authorization::parse_credentials;
use authlens::parse::basic::decode_basic;
use authlens::parse::bearer::decode_credentials as decode_bearer;
use authlens::parse::jwt::decode_jwt;
use authlens::parse::www_authenticate::{parse_challenges, parse_challenges_strict};
use authlens::span::Span;
use proptest::prelude::*;

fn assert_span(input: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= input.len(),
        "{what} {span:?} outside {input:?}"
    );
    assert!(
        input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries of {input:?}"
    );
}

/// Text built from the characters the grammars care about, so the search
/// reaches deep states (quotes, escapes, commas, padding) and not only junk.
fn header_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("Basic".to_owned()),
            Just("Bearer".to_owned()),
            Just("Digest".to_owned()),
            Just("realm".to_owned()),
            Just("eyJ".to_owned()),
            "[ \t,=\"\\\\.\r\n:/+_~-]".prop_map(|s| s),
            "[a-zA-Z0-9]{1,4}".prop_map(|s| s),
            "[é€\u{0}\u{7f}😀]".prop_map(|s| s),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn check_challenges(input: &str) {
    match parse_challenges(input) {
        Ok(read) => {
            assert!(!read.challenges.is_empty());
            for c in &read.challenges {
                assert_span(input, c.scheme_span, "scheme");
                assert_eq!(c.scheme_span.slice(input), Some(c.scheme));
                if let Some(t) = c.token68 {
                    assert_span(input, t.span, "token68");
                    assert_eq!(t.span.slice(input), Some(t.text));
                }
                for p in &c.params {
                    assert_span(input, p.name_span, "param name");
                    assert_eq!(p.name_span.slice(input), Some(p.name));
                    assert_span(input, p.value_span, "param value");
                }
            }
            for w in &read.warnings {
                assert_span(input, w.span, "warning");
                assert!(!w.kind.to_string().is_empty());
            }
        }
        Err(e) => assert_span(input, e.span, "error"),
    }
    if let Err(e) = parse_challenges_strict(input) {
        assert_span(input, e.span, "strict error");
    }
    let _ = authlens::parse::parsed("WWW-Authenticate", input);
}

fn check_credentials(input: &str) {
    match parse_credentials(input) {
        Ok(c) => {
            assert_span(input, c.scheme_span, "scheme");
            if let Some(t) = c.token68 {
                assert_span(input, t.span, "token68");
                assert_eq!(t.span.slice(input), Some(t.text));
            }
            for p in &c.params {
                assert_span(input, p.name_span, "param name");
                assert_span(input, p.value_span, "param value");
            }
            for w in &c.warnings {
                assert_span(input, w.span, "warning");
            }
            match decode_bearer(&c) {
                Ok(b) => {
                    assert_span(input, b.span, "bearer token");
                    if let Some(Ok(jwt)) = &b.jwt {
                        assert_span(input, jwt.span, "jwt");
                        assert_span(input, jwt.signature_span, "jwt signature");
                    }
                    if let Some(Err(e)) = &b.jwt {
                        assert_span(input, e.span, "jwt error");
                    }
                }
                Err(e) => assert_span(input, e.span, "bearer error"),
            }
            let _ = c.to_json();
        }
        Err(e) => assert_span(input, e.span, "credentials error"),
    }
    let _ = authlens::parse::parsed("Authorization", input);
}

fn check_tokens(input: &str) {
    match decode_jwt(input, 0) {
        Ok(jwt) => {
            assert_span(input, jwt.span, "jwt");
            assert_span(input, jwt.signature_span, "signature");
            for p in &jwt.problems {
                assert_span(input, p.span, "jwt problem");
            }
            let _ = jwt.to_json(Some(0));
            let _ = jwt.to_json(Some(i64::MIN));
        }
        Err(e) => assert_span(input, e.span, "jwt error"),
    }
    match decode_basic(input, 0) {
        Ok(b) => assert_span(input, b.token_span, "basic"),
        Err(e) => assert_span(input, e.span, "basic error"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn challenges_any_string(input in any::<String>()) {
        check_challenges(&input);
    }

    #[test]
    fn challenges_header_like(input in header_like()) {
        check_challenges(&input);
    }

    #[test]
    fn credentials_any_string(input in any::<String>()) {
        check_credentials(&input);
    }

    #[test]
    fn credentials_header_like(scheme in "(Basic|Bearer|Digest|NTLM|X) {0,2}", rest in header_like()) {
        check_credentials(&format!("{scheme}{rest}"));
    }

    #[test]
    fn tokens_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..96)) {
        let input = String::from_utf8_lossy(&bytes);
        check_tokens(&input);
        check_challenges(&input);
        check_credentials(&input);
    }

    #[test]
    fn tokens_base64_like(input in "[A-Za-z0-9_+/=.-]{0,80}") {
        check_tokens(&input);
        check_tokens(&format!("eyJ{input}"));
        check_credentials(&format!("Bearer eyJ{input}"));
        check_credentials(&format!("Basic {input}"));
    }

    /// Secrets never reach the report: a token or base64 credential of
    /// realistic length is absent from the JSON, whatever its shape.
    #[test]
    fn credentials_json_never_echoes_the_secret(
        scheme in "(Basic|Bearer|bearer|NTLM|Negotiate)",
        prefix in "(|ghp_|xoxb-|sk_live_|glpat-|ya29\\.)",
        secret in "[A-Za-z0-9_-]{16,48}",
    ) {
        let token = format!("{prefix}{secret}");
        let value = format!("{scheme} {token}");
        let json = authlens::parse::parsed("Authorization", &value).unwrap().to_string();
        prop_assert!(!json.contains(&token), "{json}");
        prop_assert!(!json.contains(&secret[..12]), "{json}");
    }

    #[test]
    fn jwt_signature_never_echoed(sig in "[A-Za-z0-9_-]{16,86}") {
        let value = format!("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.{sig}");
        let json = authlens::parse::parsed("Authorization", &value).unwrap().to_string();
        prop_assert!(!json.contains(&sig), "{json}");
    }
}
