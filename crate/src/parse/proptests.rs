//! No-panic contracts for the binary and structured decoders: on arbitrary
//! input, and on cuts and bit flips of valid tokens, every decoder returns
//! a value or an error whose offset lies inside the input.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use base64::Engine as _;
use proptest::prelude::*;

use super::reader::DecodeError;
use super::{dpop, ntlm, sigv4, spnego};

fn valid_tokens() -> Vec<Vec<u8>> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.decode(s).unwrap();
    vec![
        b64("TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAPRlAAAADw=="),
        b64("TlRMTVNTUAACAAAAAgACADAAAAAGgoEAc51AYVDgyNcAAAAAAAAAAG4AbgAyAAAAQ0MCAAQAQwBDAAEAEgBFAEwASQBTAEEAQgBFAFQASAAEABgAYwBjAC4AaQBjAGUAZABlAHYALgBuAHUAAwAsAGUAbABpAHMAYQBiAGUAdABoAC4AYwBjAC4AaQBjAGUAZABlAHYALgBuAHUAAAAAAA=="),
        ntlm::tests::type3([7; 16]),
        spnego::tests::spnego_init(&spnego::tests::ap_req_token(18)),
        spnego::tests::spnego_init(&ntlm::tests::type3([0; 16])),
        spnego::tests::krb_error_token(41),
    ]
}

fn located(e: &DecodeError, len: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        e.offset <= len,
        "offset {} past input of {len}: {e}",
        e.offset
    );
    Ok(())
}

/// Runs every byte decoder on `bytes` and checks the contract.
fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    let len = bytes.len();
    match ntlm::decode_ntlm(bytes) {
        Ok(m) => {
            if let Some(e) = &m.error {
                located(e, len)?;
            }
            prop_assert!(serde_json::to_value(&m).is_ok());
        }
        Err(e) => located(&e, len)?,
    }
    match spnego::decode_negotiate_bytes(bytes) {
        Ok(t) => {
            if let Some(e) = &t.error {
                located(e, len)?;
            }
            prop_assert!(serde_json::to_value(&t).is_ok());
        }
        Err(e) => located(&e, len)?,
    }
    Ok(())
}

fn check_text(text: &str) -> Result<(), TestCaseError> {
    let len = text.len();
    if let Err(e) = spnego::decode_negotiate(text) {
        located(&e, len)?;
    }
    if let Err(e) = sigv4::decode_sigv4(text) {
        located(&e, len)?;
    }
    if let Err(e) = dpop::decode_dpop_proof(text) {
        located(&e, len)?;
    }
    if let Err(e) = dpop::decode_dpop_nonce(text) {
        located(&e, len)?;
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_bytes(&bytes)?;
        // Arbitrary bytes behind a valid prefix reach the deeper code.
        let mut ntlm = b"NTLMSSP\0".to_vec();
        ntlm.extend_from_slice(&bytes);
        check_bytes(&ntlm)?;
        let mut der = vec![0x60, 0x82, 0x01, 0x00, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02];
        der.extend_from_slice(&bytes);
        check_bytes(&der)?;
    }

    #[test]
    fn arbitrary_text(text in ".{0,200}") {
        check_text(&text)?;
        check_text(&format!("AWS4-HMAC-SHA256 {text}"))?;
        check_text(&format!("e30.{text}"))?;
    }

    #[test]
    fn cut_valid_tokens(which in 0usize..6, cut in 0usize..2000) {
        let tokens = valid_tokens();
        let token = &tokens[which % tokens.len()];
        let cut = cut % (token.len() + 1);
        check_bytes(&token[..cut])?;
        let text = base64::engine::general_purpose::STANDARD.encode(&token[..cut]);
        check_text(&text)?;
    }

    #[test]
    fn flipped_valid_tokens(which in 0usize..6, flips in proptest::collection::vec((any::<usize>(), 0u8..8), 1..6)) {
        let tokens = valid_tokens();
        let mut token = tokens[which % tokens.len()].clone();
        for (at, bit) in flips {
            let at = at % token.len();
            token[at] ^= 1 << bit;
        }
        check_bytes(&token)?;
    }
}

const VALID_TEXTS: &[&str] = &[
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2In0.eyJodG0iOiJHRVQiLCJodHUiOiJodHRwczovL2EudGVzdC9yIiwiaWF0IjoxNzAwMDAwMDAwLCJqdGkiOiJ4In0.c2ln",
    "Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAPRlAAAADw==",
];

proptest! {
    #[test]
    fn cut_and_flipped_texts(which in 0usize..3, cut in any::<usize>(), flips in proptest::collection::vec((any::<usize>(), 0u8..7), 0..4)) {
        let mut bytes = VALID_TEXTS[which % VALID_TEXTS.len()].as_bytes().to_vec();
        bytes.truncate(cut % (bytes.len() + 1));
        for (at, bit) in flips {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                // Bits 0-6 only, so the text stays ASCII.
                bytes[at] ^= 1 << bit;
            }
        }
        check_text(&String::from_utf8(bytes).unwrap())?;
    }
}

#[test]
fn valid_tokens_decode_cleanly() {
    for token in valid_tokens() {
        if token.starts_with(ntlm::SIGNATURE) {
            assert_eq!(ntlm::decode_ntlm(&token).unwrap().error, None);
        } else {
            assert_eq!(spnego::decode_negotiate_bytes(&token).unwrap().error, None);
        }
    }
}

proptest! {
    /// The field parsers (dates, lists, caching, CORS, Location) never panic,
    /// list spans stay on the value's char boundaries, and every field the
    /// report decodes gives JSON.
    #[test]
    fn field_parsers_never_panic(value in any::<String>()) {
        for (span, item) in super::list::split_list(&value) {
            prop_assert_eq!(span.slice(&value), Some(item));
        }
        let _ = super::http_date::parse_http_date(&value);
        let _ = super::retry_after::parse_retry_after(&value);
        let _ = super::cache_control::parse_cache_control(&value);
        let _ = super::vary::parse_vary(&value);
        let _ = super::location::reference_kind(&value);
        if let Ok(base) = super::url::Url::parse("https://a.test/x/y") {
            let _ = super::location::resolve(&base, &value);
        }
        for name in ["Date", "Retry-After", "Cache-Control", "Vary", "Location", "Access-Control-Allow-Headers",
                     "Access-Control-Allow-Origin", "Access-Control-Max-Age", "Origin"] {
            prop_assert!(super::parsed(name, &value).is_some(), "{} gives no parsed value", name);
        }
    }
}
