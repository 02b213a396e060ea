//! The binary/structured decoders against the shared corpus: every NTLM,
//! Negotiate and AWS4-HMAC-SHA256 record of `authorization/vectors.json`,
//! and every NTLM/Negotiate token in the paste samples.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use authlens::parse::reader::{base64_prefix, hex};
use authlens::parse::{ntlm, sigv4, spnego};
use authlens::testing::corpus_path;
use serde_json::{json, Value};

/// Keys of the vectors that are not decoded fields: the raw input, and the
/// NT/LM response bytes, which the decoder shows by length only on purpose.
const NOT_COMPARED: &[&str] = &[
    "scheme",
    "token68",
    "lm_response_hex",
    "nt_response_hex",
    "note",
    "request",
];

fn records() -> Vec<Value> {
    let path = corpus_path("authorization/vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn token_of(record: &Value) -> String {
    let expected = &record["expected"];
    expected["token68"].as_str().map_or_else(
        || {
            let header = record["header"].as_str().unwrap();
            header.split_once(' ').map_or("", |(_, t)| t).to_owned()
        },
        str::to_owned,
    )
}

/// Compares the NTLM fields of `expected` with the decoded message;
/// returns the mismatches.
fn compare_ntlm(expected: &Value, msg: &ntlm::NtlmMessage, skip: &[&str]) -> Vec<String> {
    let got = serde_json::to_value(msg).unwrap();
    let mut bad = Vec::new();
    for (key, want) in expected.as_object().unwrap() {
        if NOT_COMPARED.contains(&key.as_str()) || skip.contains(&key.as_str()) {
            continue;
        }
        let ok = match key.as_str() {
            // The vector spells out the reason ("NTLMv2 (nt_response > 24
            // bytes)"); the decoder gives the name.
            "ntlm_version" => got[key]
                .as_str()
                .is_some_and(|v| want.as_str().unwrap().starts_with(v)),
            _ => got.get(key) == Some(want),
        };
        if !ok {
            bad.push(format!(
                "{key}: want {want}, got {}",
                got.get(key).unwrap_or(&Value::Null)
            ));
        }
    }
    bad
}

fn check_record(record: &Value) -> Vec<String> {
    let expected = &record["expected"];
    let scheme = expected["scheme"].as_str().unwrap_or_default();
    let token = token_of(record);
    match scheme {
        "NTLM" => {
            let (bytes, stop) = base64_prefix(&token);
            if let Some(e) = stop {
                return vec![format!("base64: {e}")];
            }
            match ntlm::decode_ntlm(&bytes) {
                Ok(m) if m.error.is_none() => compare_ntlm(expected, &m, &[]),
                Ok(m) => vec![format!("stopped: {:?}", m.error)],
                Err(e) => vec![format!("error: {e}")],
            }
        }
        "Negotiate" => {
            let t = match spnego::decode_negotiate(&token) {
                Ok(t) => t,
                Err(e) => return vec![format!("error: {e}")],
            };
            let got = serde_json::to_value(&t).unwrap();
            let mut bad = Vec::new();
            if let Some(m) = &t.ntlm {
                bad.extend(compare_ntlm(expected, m, &["inner_mechanism", "truncated"]));
            }
            for (key, want) in expected.as_object().unwrap() {
                let ok = match key.as_str() {
                    "inner_mechanism" | "truncated" | "der_length" => got.get(key) == Some(want),
                    "base64_decodable" => {
                        let (bytes, stop) = base64_prefix(&token);
                        want == &json!(stop.is_none() && !bytes.is_empty())
                    }
                    "prefix_decoded_hex" => want == &json!(hex(&base64_prefix(&token).0)),
                    "gss_initial_context_token_tag" => want == "0x60" && t.gss_mech.is_some(),
                    "mech_oid" => t
                        .gss_mech
                        .as_ref()
                        .is_some_and(|m| want == &json!(format!("{} ({})", m.oid, m.name))),
                    // "0xA0 NegTokenInit", "0xA1 NegTokenResp (…)".
                    "inner" => t
                        .spnego_choice
                        .is_some_and(|c| want.as_str().unwrap().contains(c)),
                    // NTLM fields were compared above.
                    _ => NOT_COMPARED.contains(&key.as_str()) || t.ntlm.is_some(),
                };
                if !ok {
                    bad.push(format!("{key}: want {want}, got {got}"));
                }
            }
            bad
        }
        "AWS4-HMAC-SHA256" => {
            let v = match sigv4::decode_sigv4(record["header"].as_str().unwrap()) {
                Ok(v) => v,
                Err(e) => return vec![format!("error: {e}")],
            };
            let scope = &expected["credential_scope"];
            let mut bad = Vec::new();
            let mut eq = |what: &str, want: &Value, got: Value| {
                if *want != got {
                    bad.push(format!("{what}: want {want}, got {got}"));
                }
            };
            eq(
                "access_key_id",
                &scope["access_key_id"],
                json!(v.access_key_id()),
            );
            eq("date", &scope["date"], json!(v.date));
            eq("region", &scope["region"], json!(v.region));
            eq("service", &scope["service"], json!(v.service));
            eq("terminator", &scope["terminator"], json!(v.terminator));
            eq(
                "signed_headers",
                &expected["signed_headers"],
                json!(v.signed_headers),
            );
            let params = &expected["params"];
            eq(
                "SignedHeaders",
                &params["SignedHeaders"],
                json!(v.signed_headers.join(";")),
            );
            eq(
                "Credential",
                &params["Credential"],
                json!(format!(
                    "{}/{}/{}/{}/{}",
                    v.access_key_id(),
                    v.date,
                    v.region.unwrap_or_default(),
                    v.service,
                    v.terminator
                )),
            );
            eq(
                "Signature length",
                &json!(params["Signature"].as_str().map(str::len)),
                json!(v.signature_len),
            );
            eq("problems", &json!([]), json!(v.problems));
            bad
        }
        _ => Vec::new(),
    }
}

#[test]
fn authorization_vectors() {
    let mut passed = 0;
    let mut failed = Vec::new();
    for record in records() {
        let scheme = record["expected"]["scheme"].as_str().unwrap_or_default();
        if !matches!(scheme, "NTLM" | "Negotiate" | "AWS4-HMAC-SHA256") {
            continue;
        }
        let id = record["id"].as_str().unwrap().to_owned();
        let bad = check_record(&record);
        if bad.is_empty() {
            passed += 1;
        } else {
            failed.push((id, bad));
        }
    }
    println!("{passed} passed, {} failed", failed.len());
    for (id, bad) in &failed {
        println!("FAIL {id}: {bad:#?}");
    }
    assert!(
        passed >= 10,
        "expected the 10 NTLM/Negotiate/AWS4 records, found {passed}"
    );
    assert!(failed.is_empty());
}

/// Scheme and token of every `NTLM`/`Negotiate` credential in `text`; a
/// token wrapped over several lines is joined, an elided one kept as is.
fn tokens_in(text: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        for scheme in ["NTLM ", "Negotiate "] {
            let mut rest = *line;
            while let Some(at) = rest.find(scheme) {
                rest = &rest[at + scheme.len()..];
                let token: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | ']' | '\'' | ','))
                    .collect();
                if token.len() < 8 || !token.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    continue;
                }
                let mut token = token;
                if token.len() == rest.len() {
                    // Wrapped: following lines made only of base64.
                    for next in &lines[i + 1..] {
                        if next.len() > 16
                            && next
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
                        {
                            token.push_str(next);
                        } else {
                            break;
                        }
                    }
                }
                out.push((
                    if scheme == "NTLM " {
                        "NTLM"
                    } else {
                        "Negotiate"
                    },
                    token,
                ));
            }
        }
    }
    out
}

#[test]
fn paste_tokens() {
    let dir = corpus_path("paste");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut decoded = 0;
    let mut partial = 0;
    let mut seen = std::collections::BTreeMap::new();
    for path in files {
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (scheme, token) in tokens_in(&text) {
            let json = if scheme == "NTLM" {
                let (bytes, stop) = base64_prefix(&token);
                match ntlm::decode_ntlm(&bytes) {
                    Ok(m) => {
                        let e = m.error.clone().or(stop);
                        json!({"message_type": m.message_type, "ntlm_version": m.ntlm_version, "flags": m.flag_names.len(), "error": e})
                    }
                    Err(e) => {
                        assert!(e.offset <= bytes.len(), "{name}: {e}");
                        json!({"error": e})
                    }
                }
            } else {
                match spnego::decode_negotiate(&token) {
                    Ok(t) => {
                        json!({"mechanism": t.mechanism(), "truncated": t.truncated, "error": t.error, "parsed": t})
                    }
                    Err(e) => {
                        assert!(e.offset <= token.len(), "{name}: {e}");
                        json!({"error": e})
                    }
                }
            };
            if json["error"].is_null() {
                decoded += 1;
            } else {
                partial += 1;
                assert!(
                    json["error"]["offset"].is_u64(),
                    "{name}: error not located: {json}"
                );
            }
            println!(
                "{name} {scheme}: {}",
                json.to_string().chars().take(300).collect::<String>()
            );
            seen.insert(
                (name.clone(), token.chars().take(12).collect::<String>()),
                json,
            );
        }
    }
    println!("{decoded} complete, {partial} partial with a located error");
    assert!(
        decoded + partial >= 10,
        "found only {} tokens",
        decoded + partial
    );

    // Facts that must survive the cuts.
    let find = |file: &str| {
        seen.iter()
            .find(|((f, _), _)| f.starts_with(file))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no token in {file}"))
    };
    let krb = find("bare-authorization__negotiate-kerberos");
    assert_eq!(krb["mechanism"], "kerberos");
    let ap = &krb["parsed"]["neg_token_init"]["mech_token"]["ap_req"];
    assert_eq!(ap["realm"], "SALELYTICS.LOCAL");
    assert_eq!(ap["sname"]["name"], "host/webtest01.salelytics.local");
    assert_eq!(
        ap["ticket_enc_part"]["etype"]["name"],
        "aes256-cts-hmac-sha1-96"
    );
    let elided = find("bare-negotiate__spnego-token-value-elided");
    assert_eq!(elided["truncated"], true);
    assert_eq!(
        elided["parsed"]["neg_token_init"]["mech_types"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    let h2 = find("curl-v__curl8-win-http2-negotiate");
    assert_eq!(h2["mechanism"], "ntlm");
    let type3 = find("postman-console-raw__ntlm-type3");
    // Complete (only its tail bytes were faked): a 24-byte NT response.
    assert_eq!(type3["message_type"], 3);
    assert_eq!(
        type3["ntlm_version"],
        "NTLMv1 with extended session security"
    );
    let type2 = seen
        .iter()
        .find(|((f, t), _)| f.starts_with("curl-v__iis-scep") && t.starts_with("TlRMTVNTUAAC"))
        .map(|(_, v)| v)
        .unwrap();
    assert_eq!(type2["message_type"], 2);
    assert_eq!(type2["error"]["kind"], "out_of_bounds");
}
