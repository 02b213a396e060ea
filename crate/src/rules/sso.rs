//! `redirect.sso-flow`: the login hops of a capture read as a sequence —
//! OAuth 2 / OpenID Connect authorization requests (RFC 6749 §4.1.1, OIDC
//! Core §3.1.2.1), the callback with its code or `error=` (RFC 6749
//! §4.1.2.1), the code exchanged at the token endpoint, and SAML 2.0
//! messages (HTTP-Redirect and HTTP-POST bindings). The sequence is
//! information; an `error=` the identity provider sent back is the reason
//! the login failed, and is reported as such.

use crate::parse::location::resolve;
use crate::parse::url::Url;
use crate::report::Evidence;

use super::text::contains_ci;
use super::{fill, Context, Hit};
use crate::report::shown_url as redact_url;

/// The `error` values of RFC 6749 §4.1.2.1 and OIDC Core §3.1.2.6 (plus
/// Google's `redirect_uri_mismatch`), with what each means for the login.
const ERRORS: &[(&str, &str)] = &[
    ("access_denied", "the user or a policy refused (consent declined, user not assigned to the app, conditional access)"),
    ("invalid_request", "a parameter is missing, repeated or wrong (often redirect_uri or the PKCE code_challenge)"),
    ("unauthorized_client", "this client may not use this flow (the grant or response type is not enabled for the app)"),
    ("unsupported_response_type", "the identity provider does not allow this response_type for the app"),
    ("invalid_scope", "a requested scope is unknown, or not granted to this client"),
    ("server_error", "the identity provider failed while handling the login"),
    ("temporarily_unavailable", "the identity provider is overloaded or down for maintenance"),
    ("interaction_required", "a silent login (prompt=none) needs the user to act"),
    ("login_required", "a silent login (prompt=none) found no session at the identity provider"),
    ("consent_required", "a silent login (prompt=none) needs the user's consent first"),
    ("account_selection_required", "a silent login (prompt=none) needs the user to pick an account"),
    ("invalid_client", "the identity provider does not know this client_id"),
    ("redirect_uri_mismatch", "the redirect_uri is not registered for this client"),
];

/// Query (and fragment) parameters of `url`, percent-decoded.
fn params(url: &str) -> Vec<(String, String)> {
    let Some((_, rest)) = url.split_once(['?', '#']) else {
        return Vec::new();
    };
    rest.split(['&', '#', '?'])
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding with `+` as a space (form encoding), lossy on bad UTF-8.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = |j: usize| b.get(j).and_then(|d| (*d as char).to_digit(16));
        match c {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => {
                    out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                    i += 2;
                }
                _ => out.push(c),
            },
            _ => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn get<'p>(p: &'p [(String, String)], name: &str) -> Option<&'p str> {
    p.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// `host/path` of a URL, for a person.
fn place(url: &str) -> String {
    Url::parse(url).map_or_else(
        |_| url.split(['?', '#']).next().unwrap_or(url).to_owned(),
        |u| {
            let mut s = u.host;
            s.push_str(&u.path);
            s
        },
    )
}

/// A URL as evidence may show it: credential parameters and one-time
/// codes, tokens and SAML messages hidden.
fn shown(url: &str) -> String {
    let mut out = redact_url(url);
    for name in [
        "code=",
        "id_token=",
        "SAMLRequest=",
        "SAMLResponse=",
        "RelayState=",
    ] {
        let mut from = 0;
        while let Some(at) = out.get(from..).and_then(|s| s.find(name)).map(|a| a + from) {
            let start = at + name.len();
            let before = at.checked_sub(1).and_then(|b| out.get(b..at));
            if !matches!(before, Some("?" | "&" | "#")) {
                from = start;
                continue;
            }
            let end = out
                .get(start..)
                .and_then(|s| s.find(['&', '#']))
                .map_or(out.len(), |e| e + start);
            out.replace_range(start..end, "<redacted>");
            from = start + "<redacted>".len();
        }
    }
    out
}

/// What identifies a hop across its two sightings (the `Location` of one
/// exchange, the request of the next): place and decoded parameters, since
/// the resolved `Location` and the request URL may encode them apart.
fn same_hop(a: &str, b: &str) -> bool {
    a == b || (place(a) == place(b) && params(a) == params(b) && !params(a).is_empty())
}

/// What one URL (or POST) of the capture is in a login.
enum Step {
    Authorize(String),
    Saml(String),
    Callback(String),
    Error {
        text: String,
        code: String,
        description: String,
        idp: String,
    },
    Token(String),
}

/// One hop: where it was seen, and what it is.
struct Hop {
    ex: usize,
    url: String,
    evidence: Vec<Evidence>,
    step: Step,
}

/// What `url` is in a login, if anything. `idp` is the identity provider
/// of the last authorization request seen, for callbacks.
fn classify(url: &str, seen_authorize: bool, idp: &str) -> Option<Step> {
    let p = params(url);
    if p.is_empty() {
        return None;
    }
    let client_id = get(&p, "client_id");
    let response_type = get(&p, "response_type");
    let redirect_uri = get(&p, "redirect_uri");
    if let (Some(cid), true) = (client_id, response_type.is_some() || redirect_uri.is_some()) {
        let host = Url::parse(url).map(|u| u.host).unwrap_or_default();
        let mut s = fill("authorize at {} (client_id {}", &[&host, cid]);
        for (label, v) in [
            ("response_type", response_type),
            ("scope", get(&p, "scope")),
        ] {
            if let Some(v) = v {
                s.push_str(&fill(", {} \"{}\"", &[label, v]));
            }
        }
        if let Some(r) = redirect_uri {
            s.push_str(&fill(", redirect_uri {}", &[r]));
        }
        s.push_str(if get(&p, "state").is_some() {
            ", state sent"
        } else {
            ", no state"
        });
        if get(&p, "nonce").is_some() {
            s.push_str(", nonce sent");
        }
        if get(&p, "code_challenge").is_some() {
            s.push_str(", PKCE");
        }
        if let Some(prompt) = get(&p, "prompt") {
            s.push_str(&fill(", prompt={}", &[prompt]));
        }
        s.push(')');
        return Some(Step::Authorize(s));
    }
    for name in ["SAMLRequest", "SAMLResponse"] {
        if get(&p, name).is_some() {
            return Some(Step::Saml(fill("{} sent to {}", &[name, &place(url)])));
        }
    }
    if let Some(code) = get(&p, "error") {
        if ERRORS.iter().any(|(e, _)| *e == code) {
            let description = get(&p, "error_description").unwrap_or("").to_owned();
            return Some(Step::Error {
                text: fill("callback {} with error={}", &[&place(url), code]),
                code: code.to_owned(),
                description,
                idp: idp.to_owned(),
            });
        }
    }
    let granted = ["code", "id_token", "access_token"]
        .iter()
        .find(|n| get(&p, n).is_some());
    if let (Some(what), Some(_)) = (granted, get(&p, "state")) {
        let path_hint = [
            "callback",
            "signin-oidc",
            "redirect",
            "oauth",
            "auth",
            "login",
        ]
        .iter()
        .any(|h| contains_ci(url.split('?').next().unwrap_or(url), h));
        if seen_authorize || path_hint {
            return Some(Step::Callback(fill(
                "callback {} with {}",
                &[&place(url), what],
            )));
        }
    }
    None
}

/// `redirect.sso-flow`: the login sequence, and the identity provider's
/// `error=` where the login came back with one.
pub(super) fn sso_flow(cx: &Context<'_>, out: &mut Vec<Hit>) {
    let mut hops: Vec<Hop> = Vec::new();
    let mut idp = String::new();
    for ex in cx.ex.iter() {
        let Some(req) = ex.req else { continue };
        let i = ex.index;
        let request_url = ex
            .url
            .as_ref()
            .map_or_else(|| req.url.clone(), ToString::to_string);
        let mut candidates: Vec<(String, Option<Evidence>)> = Vec::new();
        let request_ev = cx.request_line_ev(i, "login hop").map(|mut e| {
            e.value = fill("{} {}", &[&req.method, &shown(&req.url)]);
            e
        });
        candidates.push((request_url, request_ev));
        if let (Some((index, h)), Some(base)) = (ex.res_header("location"), ex.url.as_ref()) {
            if let Ok(target) = resolve(base, &h.value) {
                // The fragment (implicit flow, response_mode=fragment)
                // carries the answer too, and the resolved URL drops it.
                let mut text = target.to_string();
                if let Some((_, frag)) = h.value.split_once('#') {
                    text.push('#');
                    text.push_str(frag);
                }
                let ev = cx
                    .res_ev(i, index, None, "redirect to the next login hop")
                    .map(|mut e| {
                        e.value = shown(&h.value);
                        e
                    });
                candidates.push((text, ev));
            }
        }
        for (url, evidence) in candidates {
            if let Some(hop) = hops.iter_mut().find(|h| same_hop(&h.url, &url)) {
                // The browser following the redirect: the request is where
                // the app answers, so the hop moves there.
                hop.ex = i;
                hop.evidence.extend(evidence);
                continue;
            }
            let Some(step) = classify(&url, !idp.is_empty(), &idp) else {
                continue;
            };
            if let Step::Authorize(_) = step {
                idp = Url::parse(&url).map(|u| u.host).unwrap_or_default();
            }
            hops.push(Hop {
                ex: i,
                url,
                evidence: evidence.into_iter().collect(),
                step,
            });
        }
        // SAML HTTP-POST binding and the code exchange: in the request body.
        let body = req.body.as_ref().map_or("", |b| b.text.as_str());
        if req.method.eq_ignore_ascii_case("POST") && !body.is_empty() {
            let step = if body.contains("SAMLResponse=") {
                Some(Step::Saml(fill(
                    "SAMLResponse posted to {}",
                    &[&place(&req.url)],
                )))
            } else if body.contains("SAMLRequest=") {
                Some(Step::Saml(fill(
                    "SAMLRequest posted to {}",
                    &[&place(&req.url)],
                )))
            } else if body.contains("grant_type=authorization_code") {
                Some(Step::Token(fill(
                    "code exchanged at {} ({})",
                    &[
                        &place(&req.url),
                        &ex.status
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "no response".to_owned()),
                    ],
                )))
            } else {
                None
            };
            if let Some(step) = step {
                let evidence = cx.request_line_ev(i, "login hop").map(|mut e| {
                    e.value = fill("{} {}", &[&req.method, &shown(&req.url)]);
                    e
                });
                hops.push(Hop {
                    ex: i,
                    url: String::new(),
                    evidence: evidence.into_iter().collect(),
                    step,
                });
            }
        }
    }
    if hops.is_empty() {
        return;
    }
    let mut title = String::from("Login sequence: ");
    let mut hit_ev = Vec::new();
    for (n, hop) in hops.iter().enumerate().take(8) {
        if n > 0 {
            title.push_str(" → ");
        }
        title.push_str(match &hop.step {
            Step::Authorize(s) | Step::Saml(s) | Step::Callback(s) | Step::Token(s) => s,
            Step::Error { text, .. } => text,
        });
        hit_ev.extend(hop.evidence.iter().cloned());
    }
    if hops.len() > 8 {
        title.push_str(&fill(" → … ({} hops in all)", &[&hops.len().to_string()]));
    }
    let first = hops.first().map_or(0, |h| h.ex);
    let mut info = Hit::new("redirect.sso-flow", first, title);
    info.evidence = hit_ev;
    out.push(info);
    for hop in &hops {
        let Step::Error {
            code,
            description,
            idp,
            ..
        } = &hop.step
        else {
            continue;
        };
        let meaning = ERRORS
            .iter()
            .find(|(e, _)| e == code)
            .map_or("", |(_, m)| m);
        let from = if idp.is_empty() {
            "The identity provider"
        } else {
            idp.as_str()
        };
        let mut title = fill(
            "{} sent the login back with error={}: {}",
            &[from, code, meaning],
        );
        if !description.is_empty() {
            let cut: String = description.chars().take(160).collect();
            title.push_str(&fill(" (\"{}\")", &[&cut]));
        }
        let silent = code.ends_with("_required");
        let mut hit = Hit::new("redirect.sso-flow", hop.ex, title);
        hit.evidence.clone_from(&hop.evidence);
        out.push(
            hit
                .subcode(code)
                .weight(85)
                .detail(why!("After the authorization request, the identity provider redirects the browser back to the app's redirect_uri. With a failure it carries error= (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6) instead of a code: the login failed at the identity provider, and what the app does next (an error page, a 401, a loop) follows from that."))
                .visitor(if silent {
                    "Sign in again interactively (the app tried a silent login); if it keeps failing, clear the site's cookies and sign in."
                } else if code == "access_denied" {
                    "Accept the consent screen, or ask your administrator to assign you to the application or grant consent."
                } else {
                    "Tell the site's owner the login fails at the identity provider with this error; retrying will not change it."
                })
                .owner(fill("Read error={} and the description in the identity provider's sign-in logs for this client_id; compare the authorization request's redirect_uri, scope and response_type with the app's registration there.", &[code]))
                .next("the identity provider's sign-in log entry for this attempt (its correlation or trace id)"),
        );
    }
}
