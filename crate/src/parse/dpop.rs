//! DPoP proofs (RFC 9449): the `DPoP` request header, a JWT the client
//! signs per request with the key its access token is bound to, and the
//! server's `DPoP-Nonce` header.
//!
//! A 401 with `error="invalid_dpop_proof"` or `use_dpop_nonce` is explained
//! from these fields: a wrong `typ`/`alg`, a proof for another method or URL
//! (`htm`/`htu`), a stale `iat`, or a missing/old `nonce`.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine as _};
use serde::Serialize;
use serde_json::{Map, Value};

use super::reader::{DecodeError, ErrorKind, ReadResult};

/// The public key in the proof's header (RFC 9449 §4.2 `jwk`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Jwk {
    /// Key type (`EC`, `RSA`, `OKP`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kty: Option<String>,
    /// Curve (`P-256`, `Ed25519`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// The JWK holds a private key member (`d`): the client leaks its key.
    pub has_private_key: bool,
}

/// A decoded DPoP proof JWT. The signature is shown by length only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DpopProof {
    /// Header `typ`; must be `dpop+jwt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
    /// Header `alg`; must be an asymmetric algorithm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Header `jwk`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwk: Option<Jwk>,
    /// HTTP method the proof is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub htm: Option<String>,
    /// HTTP URL the proof is for (no query or fragment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub htu: Option<String>,
    /// Issued-at, seconds since the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// `iat` as RFC 3339 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat_utc: Option<String>,
    /// Unique proof id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// Server-provided nonce echoed back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Hash of the access token (required with a token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ath: Option<String>,
    /// Signature length in base64url characters.
    pub signature_len: usize,
    /// What RFC 9449 §4.3 checks would reject.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<&'static str>,
}

/// A `DPoP-Nonce` header value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DpopNonce<'a> {
    /// The nonce (not a secret: the server publishes it).
    pub nonce: &'a str,
    /// Its length.
    pub length: usize,
}

// JWT parts are base64url without padding; padded or standard-alphabet
// parts are a client bug worth reporting, but still worth reading.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes one JWT part to a JSON object.
// TODO: use parse::jwt once merged; this minimal helper exists only so
// the DPoP decoder does not wait for the general JWT decoder's branch.
fn json_part(part: &str, offset: usize) -> ReadResult<Map<String, Value>> {
    let bytes = B64URL
        .decode(part.trim_end_matches('='))
        .map_err(|_| DecodeError::new(offset, ErrorKind::NotBase64))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(DecodeError::invalid(
            offset,
            "JWT part is not a JSON object",
        )),
    }
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Decodes a `DPoP` header value: a compact JWS
/// (`header.payload.signature`).
///
/// # Errors
/// When the value is not three base64url parts of which the first two are
/// JSON objects; the offset is the character where the bad part starts.
///
/// # Examples
/// ```
/// // {"typ":"dpop+jwt","alg":"ES256"} . {"htm":"GET","htu":"https://a.test/r","iat":1700000000,"jti":"x"}
/// let v = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2In0.eyJodG0iOiJHRVQiLCJodHUiOiJodHRwczovL2EudGVzdC9yIiwiaWF0IjoxNzAwMDAwMDAwLCJqdGkiOiJ4In0.c2ln";
/// let p = authlens::parse::dpop::decode_dpop_proof(v).unwrap();
/// assert_eq!(p.htm.as_deref(), Some("GET"));
/// assert!(p.problems.contains(&"no jwk in the header"));
/// ```
pub fn decode_dpop_proof(value: &str) -> ReadResult<DpopProof> {
    let lead = value.len() - value.trim_start().len();
    let text = value.trim();
    let mut parts = text.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DecodeError::invalid(
            lead,
            "a DPoP proof is a JWT of three dot-separated parts",
        ));
    };
    let header = json_part(h, lead)?;
    let claims = json_part(p, lead + h.len() + 1)?;
    let mut proof = DpopProof {
        typ: string(&header, "typ"),
        alg: string(&header, "alg"),
        jwk: header.get("jwk").and_then(Value::as_object).map(|k| Jwk {
            kty: string(k, "kty"),
            crv: string(k, "crv"),
            has_private_key: k.contains_key("d") || k.contains_key("p") || k.contains_key("k"),
        }),
        htm: string(&claims, "htm"),
        htu: string(&claims, "htu"),
        iat: claims.get("iat").and_then(Value::as_i64),
        jti: string(&claims, "jti"),
        nonce: string(&claims, "nonce"),
        ath: string(&claims, "ath"),
        signature_len: s.len(),
        ..DpopProof::default()
    };
    proof.iat_utc = proof.iat.map(crate::time::format_rfc3339);
    proof.problems = problems(&proof, &header);
    Ok(proof)
}

fn problems(p: &DpopProof, header: &Map<String, Value>) -> Vec<&'static str> {
    let mut out = Vec::new();
    if p.typ.as_deref() != Some("dpop+jwt") {
        out.push("typ is not dpop+jwt");
    }
    match p.alg.as_deref() {
        None => out.push("no alg"),
        Some(a) if a.eq_ignore_ascii_case("none") || a.starts_with("HS") => {
            out.push("alg must be an asymmetric signature algorithm");
        }
        Some(_) => {}
    }
    match &p.jwk {
        None => out.push("no jwk in the header"),
        Some(k) if k.has_private_key => out.push("jwk contains a private key"),
        Some(_) => {}
    }
    if header.contains_key("jku") || header.contains_key("x5u") {
        out.push("key referenced by URL instead of an inline jwk");
    }
    if p.htm.is_none() {
        out.push("no htm claim");
    }
    match p.htu.as_deref() {
        None => out.push("no htu claim"),
        Some(u) if u.contains('?') || u.contains('#') => {
            out.push("htu carries a query or fragment (compared without them)");
        }
        Some(_) => {}
    }
    if p.iat.is_none() {
        out.push("no numeric iat claim");
    }
    if p.jti.is_none() {
        out.push("no jti claim");
    }
    if p.signature_len == 0 {
        out.push("empty signature");
    }
    out
}

/// Decodes a `DPoP-Nonce` header value (RFC 9449 §8.1:
/// `nonce = 1*NQCHAR`, `NQCHAR = %x21 / %x23-5B / %x5D-7E`).
///
/// # Errors
/// An empty value, or the first character that is not an NQCHAR.
///
/// # Examples
/// ```
/// let n = authlens::parse::dpop::decode_dpop_nonce("eyJ7S_zG.eyJH0-Z.HX4w-7v").unwrap();
/// assert_eq!(n.length, 24);
/// ```
pub fn decode_dpop_nonce(value: &str) -> ReadResult<DpopNonce<'_>> {
    let lead = value.len() - value.trim_start().len();
    let nonce = value.trim();
    if nonce.is_empty() {
        return Err(DecodeError::invalid(lead, "empty DPoP-Nonce"));
    }
    if let Some(i) = nonce
        .bytes()
        .position(|b| !matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e))
    {
        return Err(DecodeError::invalid(
            lead + i,
            "not a nonce character (NQCHAR)",
        ));
    }
    Ok(DpopNonce {
        nonce,
        length: nonce.len(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn jwt(header: &str, claims: &str, sig: &str) -> String {
        let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.{sig}", e(header), e(claims))
    }

    #[test]
    fn proof_table() {
        let jwk = r#""jwk":{"kty":"EC","crv":"P-256","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#;
        let good_claims = r#"{"jti":"-BwC3ESc6acc2lTc","htm":"POST","htu":"https://server.example.com/token","iat":1562262616}"#;
        // (header, claims, problems)
        let cases: Vec<(String, &str, Vec<&str>)> = vec![
            (
                format!(r#"{{"typ":"dpop+jwt","alg":"ES256",{jwk}}}"#),
                good_claims,
                vec![],
            ),
            (
                format!(r#"{{"typ":"JWT","alg":"HS256",{jwk}}}"#),
                good_claims,
                vec![
                    "typ is not dpop+jwt",
                    "alg must be an asymmetric signature algorithm",
                ],
            ),
            (
                r#"{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","crv":"P-256","d":"secret"}}"#
                    .to_owned(),
                r#"{"htm":"GET","htu":"https://a.test/x?y=1"}"#,
                vec![
                    "jwk contains a private key",
                    "htu carries a query or fragment (compared without them)",
                    "no numeric iat claim",
                    "no jti claim",
                ],
            ),
        ];
        for (header, claims, problems) in cases {
            let p = decode_dpop_proof(&jwt(&header, claims, "sig")).unwrap();
            assert_eq!(p.problems, problems, "{header} {claims}");
        }
        let p = decode_dpop_proof(&jwt(
            &format!(r#"{{"typ":"dpop+jwt","alg":"ES256",{jwk}}}"#),
            good_claims,
            "abc",
        ))
        .unwrap();
        assert_eq!(p.iat_utc.as_deref(), Some("2019-07-04T17:50:16Z"));
        let k = p.jwk.unwrap();
        assert_eq!(
            (k.kty.as_deref(), k.crv.as_deref()),
            (Some("EC"), Some("P-256"))
        );
        assert_eq!(p.signature_len, 3);
        for iat in [i64::MAX, i64::MIN, -1] {
            let claims =
                format!(r#"{{"htm":"GET","htu":"https://a.test/","iat":{iat},"jti":"j"}}"#);
            let p = decode_dpop_proof(&jwt(r#"{"typ":"dpop+jwt","alg":"ES256"}"#, &claims, "s"))
                .unwrap();
            assert_eq!(p.iat, Some(iat));
        }
    }

    #[test]
    fn proof_errors_table() {
        // (input, offset)
        let ok_header =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"typ":"dpop+jwt"}"#);
        let cases: Vec<(String, usize)> = vec![
            ("a.b".to_owned(), 0),
            ("a.b.c.d".to_owned(), 0),
            ("!!.e30.x".to_owned(), 0),
            (format!("{ok_header}.W10.x"), ok_header.len() + 1),
            (format!("  {ok_header}.!!.x"), ok_header.len() + 3),
        ];
        for (input, offset) in cases {
            assert_eq!(
                decode_dpop_proof(&input).unwrap_err().offset,
                offset,
                "{input}"
            );
        }
    }

    #[test]
    fn nonce_table() {
        // (input, Ok(length) or Err(offset))
        let cases: &[(&str, Result<usize, usize>)] = &[
            ("eyJ7S_zG.eyJH0-Z.HX4w-7v", Ok(24)),
            (" abc ", Ok(3)),
            ("", Err(0)),
            ("ab\"c", Err(2)),
            ("a b", Err(1)),
        ];
        for &(input, want) in cases {
            let got = decode_dpop_nonce(input)
                .map(|n| n.length)
                .map_err(|e| e.offset);
            assert_eq!(got, want, "{input:?}");
        }
    }
}
