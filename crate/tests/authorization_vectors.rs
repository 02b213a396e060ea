//! Conformance: the Basic, Bearer and Digest records of
//! `corpus/authorization/vectors.json` (NTLM, Negotiate and AWS belong to
//! their own decoders). Digest `response` values are recomputed from
//! `expected.inputs` with md-5/sha2 where the record gives the inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use authlens::parse::authorization::{parse_credentials, Credentials};
use authlens::parse::basic::{decode_credentials as decode_basic, BasicFlag, Charset};
use authlens::parse::bearer::{decode_credentials as decode_bearer, TokenShape};
use authlens::parse::digest::{Algorithm, DigestResponse};
use authlens::time::format_rfc3339;
use md5::{Digest as _, Md5};
use serde_json::Value;
use sha2::{Sha256, Sha512_256};

fn records() -> Vec<Value> {
    let path = authlens::testing::corpus_path("authorization/vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn check_basic(c: &Credentials<'_>, want: &Value) -> Result<(), String> {
    if want.get("error").is_some() {
        return match decode_basic(c) {
            Err(_) => Ok(()),
            Ok(b) => Err(format!("decoded an invalid token: user {:?}", b.user)),
        };
    }
    if c.token68.map(|t| t.text) != want["token68"].as_str() {
        return Err(format!("token68 {:?}", c.token68));
    }
    let b = decode_basic(c).map_err(|e| format!("rejected: {e}"))?;
    let text = want
        .get("decoded_utf8")
        .or_else(|| want.get("lenient_decoded_utf8"))
        .or_else(|| want.get("decoded_latin1"))
        .and_then(Value::as_str)
        .ok_or("record has no decoded text")?;
    let (user, password) = text.split_once(':').ok_or("record text has no ':'")?;
    if b.user != user || b.password_chars != password.chars().count() {
        return Err(format!(
            "user {:?} / password length {}",
            b.user, b.password_chars
        ));
    }
    if password.ends_with('\n') != b.has(BasicFlag::TrailingNewline) {
        return Err("trailing newline flag".into());
    }
    if want.get("decoded_latin1").is_some()
        && (b.charset != Charset::Latin1 || !b.has(BasicFlag::NotUtf8))
    {
        return Err(format!("charset {:?}", b.charset));
    }
    if !text.is_ascii() && !b.has(BasicFlag::NonAscii) {
        return Err("non-ASCII not flagged".into());
    }
    if let Some(strict) = want.get("error_strict").and_then(Value::as_str) {
        let token = c.token68.map(|t| t.text).unwrap_or_default();
        let padding = strict.contains("padding");
        if padding && !b.has(BasicFlag::MissingPadding) {
            return Err("missing padding not flagged".into());
        }
        // The base64url record's token holds no '-' or '_', so only demand the flag when it does.
        if token.contains(['-', '_']) && !b.has(BasicFlag::Base64Url) {
            return Err("base64url not flagged".into());
        }
    }
    // The user is shown on purpose; look for the password everywhere else.
    let mut json = b.to_json();
    json.as_object_mut().map(|o| o.remove("user"));
    if password.len() > 2 && json.to_string().contains(password) {
        return Err("password echoed in JSON".into());
    }
    Ok(())
}

fn check_bearer(c: &Credentials<'_>, want: &Value) -> Result<(), String> {
    let decoded = decode_bearer(c);
    if want.get("error").is_some() {
        return match decoded {
            Err(_) => Ok(()),
            Ok(_) if !c.warnings.is_empty() => Ok(()),
            Ok(b) => Err(format!(
                "no warning for an invalid value; read {:?}",
                b.shape
            )),
        };
    }
    let b = decoded.map_err(|e| format!("rejected: {e}"))?;
    if Some(b.token) != want["token68"].as_str() {
        return Err(format!("token {:?}", b.token));
    }
    if want.get("suspicious").is_some() {
        return match b.shape {
            TokenShape::Placeholder(_) => Ok(()),
            other => Err(format!("not flagged as a placeholder: {other:?}")),
        };
    }
    if let Some(w) = c.warnings.first() {
        return Err(format!("warning on a valid value: {w}"));
    }
    match want.get("token_kind").and_then(Value::as_str) {
        Some("opaque") if b.shape != TokenShape::Opaque => Err(format!("shape {:?}", b.shape)),
        Some("JWT") => {
            let jwt = b
                .jwt
                .clone()
                .ok_or("no JWT decoding")?
                .map_err(|e| e.to_string())?;
            if Value::Object(jwt.header.clone()) != want["jwt_header"] {
                return Err(format!("header {:?}", jwt.header));
            }
            if jwt.claims.clone().map(Value::Object).as_ref() != Some(&want["jwt_payload"]) {
                return Err(format!("claims {:?}", jwt.claims));
            }
            if let Some(at) = want.get("expired_at").and_then(Value::as_str) {
                if jwt.exp.map(format_rfc3339).as_deref() != Some(at) {
                    return Err(format!("exp {:?}", jwt.exp));
                }
            }
            if b.to_json(None).to_string().contains(jwt_signature(b.token)) {
                return Err("signature echoed".into());
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn jwt_signature(token: &str) -> &str {
    token.rsplit('.').next().unwrap_or_default()
}

fn hex_hash(algorithm: Algorithm, text: &str) -> String {
    let bytes: Vec<u8> = match algorithm {
        Algorithm::Md5 | Algorithm::Md5Sess => Md5::digest(text).to_vec(),
        Algorithm::Sha256 | Algorithm::Sha256Sess => Sha256::digest(text).to_vec(),
        _ => Sha512_256::digest(text).to_vec(),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 7616 §3.4.1 (and RFC 2069 without qop).
fn expected_response(
    d: &DigestResponse<'_>,
    user: &str,
    password: &str,
    method: &str,
) -> Option<String> {
    let alg = d.algorithm();
    let v = |x: &Option<authlens::parse::digest::Directive<'_>>| {
        x.as_ref().map(|d| d.value.to_string())
    };
    let (realm, nonce, uri) = (v(&d.realm)?, v(&d.nonce)?, v(&d.uri)?);
    let mut ha1 = hex_hash(alg, &format!("{user}:{realm}:{password}"));
    if alg.is_session() {
        ha1 = hex_hash(alg, &format!("{ha1}:{nonce}:{}", v(&d.cnonce)?));
    }
    let ha2 = hex_hash(alg, &format!("{method}:{uri}"));
    Some(match v(&d.qop) {
        Some(qop) => hex_hash(
            alg,
            &format!("{ha1}:{nonce}:{}:{}:{qop}:{ha2}", v(&d.nc)?, v(&d.cnonce)?),
        ),
        None => hex_hash(alg, &format!("{ha1}:{nonce}:{ha2}")),
    })
}

/// Returns whether the response was recomputed (false: directives only).
fn check_digest(c: &Credentials<'_>, want: &Value) -> Result<bool, String> {
    if let Some(w) = c.warnings.first() {
        return Err(format!("warning on a valid value: {w}"));
    }
    let want_params = want["params"].as_object().ok_or("no params")?;
    if c.params.len() != want_params.len() {
        return Err(format!(
            "{} params, expected {}",
            c.params.len(),
            want_params.len()
        ));
    }
    for (name, value) in want_params {
        let got = c.param(name).map(|p| p.value.to_string());
        if got.as_deref() != value.as_str() {
            return Err(format!("{name} = {got:?}"));
        }
    }
    let d = DigestResponse::from_params(&c.params);
    if !d.missing().is_empty() {
        return Err(format!("reported missing {:?}", d.missing()));
    }
    if let Some(name) = want.get("username_decoded").and_then(Value::as_str) {
        if d.user().as_deref() != Some(name) {
            return Err(format!("user {:?}", d.user()));
        }
    }
    if d.to_json()
        .to_string()
        .contains(want_params["response"].as_str().unwrap_or("-"))
    {
        return Err("response hash echoed".into());
    }
    let Some(inputs) = want.get("inputs") else {
        return Ok(false);
    };
    let user = inputs["user"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| d.user())
        .ok_or("no user to hash")?;
    let computed = expected_response(
        &d,
        &user,
        inputs["password"].as_str().ok_or("no password")?,
        inputs["method"].as_str().ok_or("no method")?,
    )
    .ok_or("directives missing for the hash")?;
    let sent = d
        .response
        .as_ref()
        .map(|r| r.value.to_string())
        .unwrap_or_default();
    if computed != sent {
        return Err(format!("recomputed response {computed} differs"));
    }
    Ok(true)
}

#[test]
fn authorization_vectors() {
    let mut counts = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    let mut failed = Vec::new();
    let mut recomputed = 0;
    for record in records() {
        let id = record["id"].as_str().unwrap_or("?").to_owned();
        let family = match id.split('/').next() {
            Some("basic") => "basic",
            Some("bearer") => "bearer",
            Some("digest") => "digest",
            _ => continue,
        };
        let header = record["header"].as_str().unwrap();
        let want = &record["expected"];
        let result = match parse_credentials(header) {
            Err(_) if want.get("error").is_some() => Ok(()),
            Err(e) => Err(format!("no credentials read: {e}")),
            Ok(c) => {
                let scheme_ok = want
                    .get("scheme")
                    .and_then(Value::as_str)
                    .is_none_or(|s| c.scheme.eq_ignore_ascii_case(s));
                if !scheme_ok {
                    Err(format!("scheme {:?}", c.scheme))
                } else {
                    match family {
                        "basic" => check_basic(&c, want),
                        "bearer" => check_bearer(&c, want),
                        _ => check_digest(&c, want).map(|r| recomputed += usize::from(r)),
                    }
                }
            }
        };
        let entry = counts.entry(family).or_default();
        match result {
            Ok(()) => entry.0 += 1,
            Err(why) => {
                entry.1 += 1;
                failed.push(format!("{id}: {why}"));
            }
        }
    }
    for (family, (passed, failed)) in &counts {
        say(format!(
            "authorization {family}: {passed} passed, {failed} failed"
        ));
    }
    say(format!("digest responses recomputed: {recomputed}"));
    for f in &failed {
        say(format!("  FAIL {f}"));
    }
    let total: usize = counts.values().map(|(p, f)| p + f).sum();
    assert_eq!(total, 47, "17 Basic + 12 Bearer + 18 Digest records");
    assert!(
        failed.is_empty(),
        "{} authorization vectors failed",
        failed.len()
    );
}

/// Writes a summary line past the test harness's capture (it captures only
/// the print! macros), so `cargo test` shows the figures without --nocapture.
fn say(line: String) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "{line}");
}
