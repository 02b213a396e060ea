//! `challenge.decoded`, `digest.decoded`, `ntlm.decoded`,
//! `negotiate.kerberos-decoded`: info findings that say, in one line per
//! exchange, what the parsers read from the auth headers. They explain
//! nothing by themselves (weight 0, never the verdict); the report shows
//! them under the findings that do. The same words on many exchanges (a
//! retry loop) collapse into one finding in the diagnosis.

use crate::parse::digest::DigestResponse;
use crate::parse::ntlm::{ChannelBindings, NtlmMessage, NtlmVersion};
use crate::parse::spnego::{decode_negotiate, KerberosMessage, NegotiateToken};

use super::{fill, Auth, ChallengeAt, Context, Ex, Hit};

/// Longest parameter value a title shows before cutting it.
const VALUE_MAX: usize = 60;

/// `value` cut to [`VALUE_MAX`] characters, with `…` when cut.
fn short(value: &str) -> String {
    match value.char_indices().nth(VALUE_MAX) {
        Some((at, _)) => {
            let mut s = value.get(..at).unwrap_or(value).to_owned();
            s.push('…');
            s
        }
        None => value.to_owned(),
    }
}

/// One challenge as a person reads it: scheme, token length, parameters in
/// order, values quoted as sent.
fn challenge_text(c: &ChallengeAt<'_>, out: &mut String) {
    out.push_str(c.challenge.scheme);
    if let Some(t) = c.challenge.token68 {
        out.push_str(&fill(
            " <token of {} characters>",
            &[&t.text.len().to_string()],
        ));
    }
    for (n, p) in c.challenge.params.iter().enumerate() {
        out.push_str(if n == 0 { " " } else { ", " });
        out.push_str(p.name);
        out.push('=');
        let v = short(&p.value);
        if p.quoted {
            out.push('"');
            out.push_str(&v);
            out.push('"');
        } else {
            out.push_str(&v);
        }
    }
}

/// `challenge.decoded`: every challenge of the response, scheme and
/// parameters in order.
pub(super) fn challenges(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let mut title = String::new();
        for (header, list) in [
            ("WWW-Authenticate", &ex.challenges),
            ("Proxy-Authenticate", &ex.proxy_challenges),
        ] {
            if list.is_empty() {
                continue;
            }
            if !title.is_empty() {
                title.push_str(" | ");
            }
            title.push_str(header);
            title.push_str(if list.len() == 1 {
                " offers "
            } else {
                " offers, in order: "
            });
            for (n, c) in list.iter().enumerate() {
                if n > 0 {
                    title.push_str("; ");
                }
                challenge_text(c, &mut title);
            }
        }
        if title.is_empty() {
            continue;
        }
        let mut hit = Hit::new("challenge.decoded", ex.index, title);
        let mut last = None;
        for c in ex.challenges.iter().chain(&ex.proxy_challenges) {
            // One evidence per header line, not per challenge in it.
            if last != Some(c.index) {
                hit = hit.evidence(cx.res_ev(ex.index, c.index, None, "challenge as parsed"));
                last = Some(c.index);
            }
        }
        out.push(hit);
    }
}

/// The request's Digest credentials (origin first, then proxy).
fn digest_auth<'e>(ex: &'e Ex<'_>) -> Option<&'e Auth<'e>> {
    [ex.auth.as_ref(), ex.proxy_auth.as_ref()]
        .into_iter()
        .flatten()
        .find(|a| a.is("digest"))
}

/// `digest.decoded`: the client's Digest response, directive by directive;
/// the hash by length only.
pub(super) fn digest(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(auth) = digest_auth(ex) else {
            continue;
        };
        let Some(creds) = auth.credentials.as_ref() else {
            continue;
        };
        let r = DigestResponse::from_params(&creds.params);
        let user = r.user().map_or_else(
            || {
                if r.is_userhash() {
                    "(hashed: userhash=true)".to_owned()
                } else {
                    "(none)".to_owned()
                }
            },
            |u| fill("\"{}\"", &[&u]),
        );
        let value = |d: &Option<crate::parse::digest::Directive<'_>>| {
            d.as_ref()
                .map_or_else(|| "-".to_owned(), |d| short(&d.value))
        };
        let hash = r
            .response
            .as_ref()
            .map_or_else(|| "none".to_owned(), |d| d.value.len().to_string());
        let mut title = fill(
            "Digest response for user {}: realm \"{}\", uri {}, algorithm {}, qop {}, nc {}, hash of {} hex digits",
            &[
                &user,
                &value(&r.realm),
                &value(&r.uri),
                r.algorithm().name(),
                &value(&r.qop),
                &value(&r.nc),
                &hash,
            ],
        );
        let missing = r.missing();
        if !missing.is_empty() {
            title.push_str("; missing ");
            title.push_str(&missing.join(", "));
        }
        out.push(
            Hit::new("digest.decoded", ex.index, title).evidence(cx.req_ev(
                ex.index,
                auth.index,
                None,
                "decoded; the response hash by length only",
            )),
        );
    }
}

/// One NTLM message as a line: type, names, response kind.
fn ntlm_text(m: &NtlmMessage) -> String {
    let name = |o: &Option<String>| o.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
    let mut s = fill(
        "type {} ({})",
        &[&m.message_type.to_string(), m.message_name],
    );
    match m.message_type {
        1 => {
            if let Some(d) = name(&m.domain) {
                s.push_str(&fill(", domain {}", &[&d]));
            }
            if let Some(w) = name(&m.workstation) {
                s.push_str(&fill(", workstation {}", &[&w]));
            }
        }
        2 => {
            if let Some(t) = name(&m.target_name) {
                s.push_str(&fill(" from target {}", &[&t]));
            }
            let dns = m
                .target_info
                .iter()
                .flatten()
                .find(|p| p.id == 3)
                .map(|p| p.value.as_str());
            if let Some(host) = dns {
                s.push_str(&fill(" (server {})", &[host]));
            }
        }
        _ => {
            let user = name(&m.user).unwrap_or_else(|| "(anonymous)".to_owned());
            match name(&m.domain) {
                Some(d) => s.push_str(&fill(" for {}\\{}", &[&d, &user])),
                None => s.push_str(&fill(" for {}", &[&user])),
            }
            if let Some(w) = name(&m.workstation) {
                s.push_str(&fill(" on {}", &[&w]));
            }
            s.push_str(match m.ntlm_version {
                Some(NtlmVersion::V2) => ", NTLMv2",
                Some(NtlmVersion::V1) => ", NTLMv1",
                Some(NtlmVersion::V1Ess) => ", NTLMv1 (extended session security)",
                Some(NtlmVersion::Anonymous) => ", anonymous",
                _ => "",
            });
            if let Some(cb) = m.channel_bindings {
                s.push_str(match cb {
                    ChannelBindings::Absent => ", no channel binding",
                    ChannelBindings::Zero => ", channel binding all zero",
                    ChannelBindings::Present => ", channel binding present",
                });
            }
            if let Some(spn) = name(&m.target_spn) {
                s.push_str(&fill(", target {}", &[&spn]));
            }
        }
    }
    if let Some(v) = m.version.as_deref() {
        s.push_str(&fill(", Windows {}", &[v]));
    }
    if m.error.is_some() {
        s.push_str(", cut short");
    }
    s
}

/// Appends `Type N flags: …` for `m` to `out` (the finding's detail: too
/// long for a title, and what a person checks against MS-NLMP §2.2.2.5).
fn flag_line(m: &NtlmMessage, out: &mut String) {
    if m.flag_names.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(&fill(
        "Type {} flags: {}.",
        &[&m.message_type.to_string(), &m.flag_names.join(", ")],
    ));
}

/// A Kerberos message as a line: the AP-REQ's realm and SPN with the
/// ticket's key, or what the server answered.
fn kerberos_text(k: &KerberosMessage) -> Option<String> {
    if let Some(req) = &k.ap_req {
        let spn = req.sname.as_ref().map_or("?", |p| p.name.as_str());
        let realm = req.realm.as_deref().unwrap_or("?");
        let mut s = fill("AP-REQ for {}@{}", &[spn, realm]);
        if let Some(enc) = &req.ticket_enc_part {
            if let Some(e) = enc.etype {
                s.push_str(&fill(", ticket encrypted with {}", &[e.name]));
                if e.weak {
                    s.push_str(" (weak)");
                }
            }
            if let Some(kvno) = enc.kvno {
                s.push_str(&fill(", kvno {}", &[&kvno.to_string()]));
            }
        }
        if req.ap_options.contains(&"mutual-required") {
            s.push_str(", mutual authentication asked");
        }
        return Some(s);
    }
    if k.ap_rep.is_some() {
        return Some("AP-REP: the server accepted the ticket".to_owned());
    }
    // KRB-ERROR is `negotiate.kerberos-error`'s to explain.
    None
}

/// A Negotiate/NTLM token of `auth`, decoded.
fn token_of(auth: &Auth<'_>) -> Option<(NegotiateToken, crate::span::Span)> {
    if !(auth.is("ntlm") || auth.is("negotiate")) {
        return None;
    }
    let t = auth.credentials.as_ref()?.token68?;
    Some((decode_negotiate(t.text).ok()?, t.span))
}

/// `ntlm.decoded` and `negotiate.kerberos-decoded`: the NTLM messages and
/// Kerberos tickets of each exchange, request and challenge side together,
/// so a handshake leg reads as one line.
pub(super) fn windows(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let mut ntlm = Hit::default();
        let mut krb = Hit::default();
        let (mut ntlm_title, mut krb_title) = (String::new(), String::new());
        let mut flags = String::new();
        let add = |title: &mut String, text: &str| {
            if !title.is_empty() {
                title.push_str(" → ");
            }
            title.push_str(text);
        };
        for auth in [ex.auth.as_ref(), ex.proxy_auth.as_ref()]
            .into_iter()
            .flatten()
        {
            let Some((t, span)) = token_of(auth) else {
                continue;
            };
            if let Some(m) = t.ntlm_message() {
                add(&mut ntlm_title, &fill("client sent {}", &[&ntlm_text(m)]));
                flag_line(m, &mut flags);
                ntlm = ntlm.evidence(cx.req_ev(ex.index, auth.index, Some(span), m.message_name));
            }
            if let Some(text) = t.kerberos_message().and_then(kerberos_text) {
                let mechs = t
                    .neg_token_init
                    .as_ref()
                    .map(|i| {
                        i.mech_types
                            .iter()
                            .map(|m| m.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .filter(|s| !s.is_empty());
                let mut line = fill("client sent Kerberos {}", &[&text]);
                if let Some(m) = mechs {
                    line.push_str(&fill(" (SPNEGO offers {})", &[&m]));
                }
                add(&mut krb_title, &line);
                krb = krb.evidence(cx.req_ev(
                    ex.index,
                    auth.index,
                    Some(span),
                    "Kerberos ticket; encrypted parts by length only",
                ));
            }
        }
        for c in ex.challenges.iter().chain(&ex.proxy_challenges) {
            if !(c.is("ntlm") || c.is("negotiate")) {
                continue;
            }
            let Some(tok) = c.challenge.token68 else {
                continue;
            };
            let Ok(t) = decode_negotiate(tok.text) else {
                continue;
            };
            if let Some(m) = t.ntlm_message() {
                add(&mut ntlm_title, &fill("server sent {}", &[&ntlm_text(m)]));
                flag_line(m, &mut flags);
                ntlm = ntlm.evidence(cx.res_ev(ex.index, c.index, Some(tok.span), m.message_name));
            }
            if let Some(text) = t.kerberos_message().and_then(kerberos_text) {
                let state = t
                    .neg_token_resp
                    .as_ref()
                    .and_then(|r| r.neg_state)
                    .map(|s| fill(" ({})", &[s]))
                    .unwrap_or_default();
                add(&mut krb_title, &fill("server sent {}{}", &[&text, &state]));
                krb = krb.evidence(cx.res_ev(
                    ex.index,
                    c.index,
                    Some(tok.span),
                    "server's Kerberos answer",
                ));
            }
        }
        for (code, title, mut hit) in [
            ("ntlm.decoded", ntlm_title, ntlm),
            ("negotiate.kerberos-decoded", krb_title, krb),
        ] {
            if title.is_empty() {
                continue;
            }
            hit.code = code;
            hit.exchange = Some(ex.index);
            hit.title = if code == "ntlm.decoded" {
                hit.detail = std::mem::take(&mut flags);
                fill("NTLM: {}", &[&title])
            } else {
                fill("Negotiate/Kerberos: {}", &[&title])
            };
            out.push(hit);
        }
    }
}
