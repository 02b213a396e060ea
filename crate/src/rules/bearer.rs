//! `bearer.*` and `dpop.*`: RFC 6750 challenges, RFC 9728 metadata, DPoP.

use super::text::{contains_ci, first_of};
use super::{fill, ChallengeAt, Context, Ex, Hit};

/// The first Bearer (or DPoP) challenge of `ex`.
pub(super) fn bearer_challenge<'e>(ex: &'e Ex<'_>) -> Option<&'e ChallengeAt<'e>> {
    ex.challenges
        .iter()
        .find(|c| c.is("bearer") || c.is("dpop"))
}

/// What the server itself says about the token: `error`, `error_description`
/// of the challenge, and the body.
pub(super) fn server_says<'e>(ex: &'e Ex<'_>) -> [&'e str; 3] {
    let c = bearer_challenge(ex);
    [
        c.and_then(|c| c.param("error")).unwrap_or(""),
        c.and_then(|c| c.param("error_description")).unwrap_or(""),
        ex.body,
    ]
}

/// Where in the server's words `needles` occur: (evidence, matched needle).
pub(super) fn server_mentions(
    cx: &Context<'_>,
    ex: &Ex<'_>,
    needles: &[&str],
) -> Option<(Option<crate::report::Evidence>, String)> {
    let said = server_says(ex);
    if let Some(c) = bearer_challenge(ex) {
        for name in ["error_description", "error"] {
            let Some(p) = c.challenge.param(name) else {
                continue;
            };
            if let Some(n) = first_of(&p.value, needles) {
                let note = fill("the server says: {}", &[&p.value]);
                return Some((
                    cx.res_ev(ex.index, c.index, Some(p.value_span), &note),
                    n.to_owned(),
                ));
            }
        }
    }
    first_of(said[2], needles).map(|n| (cx.body_ev(ex.index, n, "the server says"), n.to_owned()))
}

/// Plain-words meaning of the RFC 6750 / RFC 9449 error codes.
const ERRORS: &[(&str, &str, &str)] = &[
    ("invalid_request", "the request is missing a parameter or has a malformed one", "Check how the token is sent: one Authorization header, `Bearer <token>`, nothing in the query as well."),
    ("invalid_token", "the token is expired, revoked, malformed or for another resource", "Get a fresh token for this API (right audience/scope) and retry."),
    ("insufficient_scope", "the token lacks a scope this resource requires", "Request a token with the scope named in the challenge."),
    ("invalid_dpop_proof", "the DPoP proof is missing, malformed or does not match the request", "Send a fresh DPoP proof JWT for exactly this method and URL."),
    ("use_dpop_nonce", "the server wants a DPoP proof carrying its nonce", "Retry with the DPoP-Nonce value in the proof's `nonce` claim."),
];

/// `bearer.error`: the challenge's `error` and `error_description`, explained.
pub(super) fn error(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let Some(c) = bearer_challenge(ex) else {
            continue;
        };
        let Some(err) = c.param("error") else {
            continue;
        };
        let desc = c.param("error_description").unwrap_or("");
        let (meaning, fix) = ERRORS
            .iter()
            .find(|(e, _, _)| e.eq_ignore_ascii_case(err))
            .map_or(
                ("a non-standard error code", "Read the error_description."),
                |(_, m, f)| (*m, *f),
            );
        let mut title = fill("{} says {}: {}", &[c.challenge.scheme, err, meaning]);
        if !desc.is_empty() {
            title.push_str(" (\"");
            title.push_str(desc);
            title.push_str("\")");
        }
        let span = c.challenge.param("error").map(|p| p.value_span);
        out.push(
            Hit::new("bearer.error", ex.index, title)
                .subcode(err)
                .weight(50)
                .detail(why!("RFC 6750 §3.1: the resource server says why it refused the token; error_description is its own words."))
                .evidence(cx.res_ev(ex.index, c.index, span, "error code"))
                .visitor(fix)
                .owner("Keep error_description specific (which claim failed) so clients can act on it."),
        );
    }
}

/// Scopes a token holds: `scope` (space-separated or an array) and `scp`.
fn token_scopes(ex: &Ex<'_>) -> Option<Vec<String>> {
    let jwt = ex.bearer.as_ref()?.jwt.as_ref()?.as_ref().ok()?;
    let claims = jwt.claims.as_ref()?;
    let mut scopes = Vec::new();
    for name in ["scope", "scp", "access"] {
        match claims.get(name) {
            Some(serde_json::Value::String(s)) => scopes.extend(s.split(' ').map(str::to_owned)),
            Some(serde_json::Value::Array(a)) => scopes.extend(a.iter().map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => super::text::json(other),
            })),
            _ => {}
        }
    }
    Some(scopes)
}

/// `bearer.insufficient-scope`: scopes required vs. scopes held.
pub(super) fn insufficient_scope(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let Some(c) = bearer_challenge(ex) else {
            continue;
        };
        let required = c.param("scope").unwrap_or("");
        let said = c
            .param("error")
            .is_some_and(|e| e.eq_ignore_ascii_case("insufficient_scope"));
        let held = token_scopes(ex);
        let lacks = !required.is_empty()
            && held.as_ref().is_some_and(|h| {
                required
                    .split(' ')
                    .any(|r| !h.iter().any(|s| s == r || contains_ci(s, r)))
            });
        if !said && !lacks {
            continue;
        }
        let held_text = held.map_or_else(
            || "unknown".to_owned(),
            |h| {
                if h.is_empty() {
                    "none".to_owned()
                } else {
                    h.join(" ")
                }
            },
        );
        let span = c.challenge.param("scope").map(|p| p.value_span);
        out.push(
            Hit::new("bearer.insufficient-scope", ex.index, fill("The token lacks the required scope \"{}\" (token grants: {})", &[if required.is_empty() { "(not named)" } else { required }, &held_text]))
                .weight(if said { 90 } else { 85 })
                .detail(why!("The token is valid but does not grant this resource. A new token must be requested with the scope the challenge names; retrying with the same one cannot work."))
                .evidence(cx.res_ev(ex.index, c.index, span, "scope required"))
                .evidence(ex.auth.as_ref().and_then(|a| cx.req_ev(ex.index, a.index, None, &fill("token scopes: {}", &[&held_text]))))
                .visitor(fill("Request a new token with scope \"{}\" (and check the account may have it).", &[required]))
                .owner("Name the required scope in the challenge's scope= parameter and answer 403 for insufficient_scope."),
        );
    }
}

/// Paths of Model Context Protocol endpoints.
fn is_mcp(ex: &Ex<'_>) -> bool {
    let p = ex.path().trim_end_matches('/');
    p.ends_with("/mcp") || p.ends_with("/sse") || p == "/mcp"
}

/// `bearer.resource-metadata`: RFC 9728 metadata in the challenge, or its
/// absence on an MCP endpoint.
pub(super) fn resource_metadata(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.status == Some(401)) {
        let with = bearer_challenge(ex).and_then(|c| c.param("resource_metadata").map(|v| (c, v)));
        if let Some((c, url)) = with {
            out.push(
                Hit::new("bearer.resource-metadata", ex.index, fill("The server names its protected-resource metadata: {}", &[url]))
                    .weight(if ex.auth.is_none() { 60 } else { 20 })
                    .detail(why!("RFC 9728: an OAuth 2.1 / MCP client fetches this document to find the authorization server, then logs in and retries with a token."))
                    .evidence(cx.res_ev(ex.index, c.index, None, "resource_metadata"))
                    .visitor("Let the client follow the metadata to log in (MCP clients do this on a 401); if it does not, update it."),
            );
            continue;
        }
        if !is_mcp(ex) {
            continue;
        }
        let no_token = ex.auth.is_none();
        out.push(
            Hit::new("bearer.resource-metadata", ex.index, fill("MCP endpoint {} answers 401 without RFC 9728 resource_metadata: clients cannot discover where to log in", &[ex.path()]))
                .weight(if no_token { 70 } else { 40 })
                .detail(why!("MCP authorization (2025-06-18) requires the server to answer 401 with `WWW-Authenticate: Bearer resource_metadata=\"…/.well-known/oauth-protected-resource\"`; without it clients cannot start the OAuth flow."))
                .evidence(cx.status_ev(ex.index, "401 on the MCP endpoint"))
                .evidence(bearer_challenge(ex).and_then(|c| cx.res_ev(ex.index, c.index, None, "no resource_metadata parameter")))
                .visitor("Configure the client with a token manually, or use a client that supports the server's login.")
                .owner(fill("Serve /.well-known/oauth-protected-resource on {} and answer 401 with `WWW-Authenticate: Bearer resource_metadata=\"https://{}/.well-known/oauth-protected-resource\"`.", &[ex.host(), ex.host()])),
        );
    }
}

/// `dpop.nonce-required`: `use_dpop_nonce` with a `DPoP-Nonce` header.
pub(super) fn dpop_nonce(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let said = ex.challenges.iter().any(|c| {
            c.param("error")
                .is_some_and(|e| e.eq_ignore_ascii_case("use_dpop_nonce"))
        }) || contains_ci(ex.body, "use_dpop_nonce");
        if !said {
            continue;
        }
        out.push(
            Hit::new("dpop.nonce-required", ex.index, "The server wants a DPoP proof with its nonce: retry with DPoP-Nonce".into())
                .weight(90)
                .detail(why!("RFC 9449 §8: the first request without a nonce is refused with use_dpop_nonce and a DPoP-Nonce header; the client must retry with that nonce in the proof. This is a normal step when the retry follows."))
                .evidence(cx.res_named(ex.index, "dpop-nonce", "the nonce to put in the proof"))
                .visitor("Retry with a new DPoP proof whose `nonce` claim is the DPoP-Nonce value (DPoP-aware libraries do this automatically)."),
        );
    }
}

/// `dpop.proof-problem`: missing, mismatched or stale DPoP proof; a
/// DPoP-bound token sent as Bearer.
pub(super) fn dpop_proof(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let said = ex.challenges.iter().find(|c| {
            c.param("error")
                .is_some_and(|e| e.eq_ignore_ascii_case("invalid_dpop_proof"))
        });
        let dpop_scheme = ex.auth.as_ref().is_some_and(|a| a.is("dpop"));
        let proof = ex.req_header("dpop");
        let bound_as_bearer = ex
            .bearer
            .as_ref()
            .and_then(|b| b.jwt.as_ref())
            .and_then(|j| j.as_ref().ok())
            .and_then(|j| j.claims.as_ref())
            .is_some_and(|c| c.get("cnf").and_then(|v| v.get("jkt")).is_some());
        let (title, weight) = if dpop_scheme && proof.is_none() {
            ("DPoP token sent without a DPoP proof header", 88)
        } else if bound_as_bearer {
            ("A DPoP-bound token (cnf.jkt) was sent as Bearer", 85)
        } else if said.is_some() {
            ("The server refused the DPoP proof (invalid_dpop_proof)", 80)
        } else {
            continue;
        };
        let mut hit = Hit::new("dpop.proof-problem", ex.index, title.into())
            .weight(weight)
            .detail(why!("RFC 9449: a DPoP-bound token must travel as `Authorization: DPoP <token>` together with a `DPoP` header holding a fresh proof JWT signed by the bound key, with htm/htu matching this request and ath hashing the token."))
            .evidence(ex.auth.as_ref().and_then(|a| cx.req_ev(ex.index, a.index, None, "token scheme")))
            .evidence(said.and_then(|c| cx.res_ev(ex.index, c.index, None, "the server's error")))
            .visitor(fill("Send a fresh DPoP proof for {} {} with each request (`DPoP: <proof JWT>`), signed by the key the token is bound to.", &[ex.method(), ex.path()]))
            .owner("Return error_description naming the failed check (htm, htu, iat, ath, signature).");
        if let Some((index, _)) = proof {
            hit = hit.evidence(cx.req_ev(ex.index, index, None, "proof sent"));
        }
        out.push(hit);
    }
}
