//! `jwt.*` and `clock.skew`: the token's own claims against the capture's
//! clock and the server's words. The server's error text outranks the
//! token's age when the capture has no clock of its own.

use crate::parse::jwt::{decode_jwt, Jwt, JwtKind};
use crate::time::format_rfc3339;

use super::bearer::server_mentions;
use super::text::{contains_ci, duration, json};
use super::{fill, Auth, ClockSource, Context, Ex, Hit};

/// The JWT the request carries (Bearer or DPoP scheme), decoded.
fn token<'e>(ex: &'e Ex<'_>) -> Option<(&'e Auth<'e>, Result<Jwt, String>)> {
    let auth = ex.auth.as_ref()?;
    if let Some(b) = &ex.bearer {
        let jwt = b.jwt.as_ref()?;
        return Some((auth, jwt.clone().map_err(|e| e.to_string())));
    }
    let c = auth.credentials.as_ref().filter(|c| c.is("dpop"))?;
    let t = c.token68?;
    Some((
        auth,
        decode_jwt(t.text, t.span.start).map_err(|e| e.to_string()),
    ))
}

fn claim<'j>(jwt: &'j Jwt, name: &str) -> Option<&'j serde_json::Value> {
    jwt.claims.as_ref()?.get(name)
}

fn claim_text(jwt: &Jwt, name: &str) -> String {
    match claim(jwt, name) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map_or_else(|| json(v), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        Some(v) => json(v),
        None => String::new(),
    }
}

/// Strong clocks (Date, HAR) judge; `now` only hints.
fn time_weight(source: ClockSource, strong: u8, weak: u8) -> u8 {
    if source == ClockSource::Now {
        weak
    } else {
        strong
    }
}

/// `jwt.decoded`: header and claims, times relative to the clock.
pub(super) fn decoded(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let mut title = fill(
            "JWT alg {}, iss \"{}\", aud \"{}\"",
            &[
                jwt.alg().unwrap_or("?"),
                &claim_text(&jwt, "iss"),
                &claim_text(&jwt, "aud"),
            ],
        );
        if let Some(exp) = jwt.exp {
            title.push_str(", exp ");
            title.push_str(&format_rfc3339(exp));
        }
        out.push(Hit::new("jwt.decoded", ex.index, title).evidence(cx.req_ev(
            ex.index,
            auth.index,
            Some(jwt.span),
            "decoded; signature not shown",
        )));
    }
}

/// `jwt.expired`: `exp` before the clock, or the server says so.
pub(super) fn expired(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let said = if cx.is_failure(ex.index) {
            server_mentions(
                cx,
                ex,
                &["expired", "IDX10223", "token is expired", "exp claim"],
            )
        } else {
            None
        };
        let late = match (jwt.exp, ex.clock) {
            (Some(exp), Some((now, source))) if now >= exp => Some((exp, now, source)),
            _ => None,
        };
        if said.is_none() && late.is_none() {
            continue;
        }
        let (title, note, weight) = match late {
            Some((exp, now, source)) => {
                let ago = duration(now - exp);
                let note = fill(
                    "exp {} is {} before {}",
                    &[&format_rfc3339(exp), &ago, source.name()],
                );
                (
                    fill(
                        "The token expired {} before {} (exp {})",
                        &[&ago, source.name(), &format_rfc3339(exp)],
                    ),
                    note,
                    if said.is_some() {
                        95
                    } else {
                        time_weight(source, 88, 50)
                    },
                )
            }
            None => (
                "The server says the token has expired".to_owned(),
                "server's words".to_owned(),
                92,
            ),
        };
        let iss = claim_text(&jwt, "iss");
        out.push(
            Hit::new("jwt.expired", ex.index, title)
                .weight(weight)
                .detail(why!("An access token is refused from its exp time on (RFC 7519 §4.1.4). Clients should refresh before exp, or on a 401 with invalid_token."))
                .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), &note))
                .evidence(said.and_then(|s| s.0))
                .visitor(fill("Get a new token (log in again or use the refresh token) from {}.", &[if iss.is_empty() { "the issuer" } else { &iss }]))
                .owner("Check the client refreshes tokens before exp; on a 401 send `error=\"invalid_token\", error_description=\"token expired\"` so it knows to refresh.")
                .next("the response Date header (or a HAR) to judge the token's age against the server's clock"),
        );
    }
}

/// `jwt.not-yet-valid` and `clock.skew`: `nbf`/`iat` after the clock.
pub(super) fn not_yet_valid(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let said = if cx.is_failure(ex.index) {
            server_mentions(
                cx,
                ex,
                &[
                    "not valid before",
                    "not yet valid",
                    "IssuedAtFuture",
                    "IDX10222",
                    "used before",
                    "issued in the future",
                    "iat",
                    "nbf",
                ],
            )
        } else {
            None
        };
        let early = ex.clock.and_then(|(now, source)| {
            let nbf = jwt.nbf.filter(|n| *n > now).map(|n| ("nbf", n));
            let iat = jwt.iat.filter(|n| *n > now + 30).map(|n| ("iat", n));
            nbf.or(iat).map(|(name, at)| (name, at, now, source))
        });
        if said.is_none() && early.is_none() {
            continue;
        }
        let (title, note, weight) = match early {
            Some((name, at, now, source)) => {
                let ahead = duration(at - now);
                (
                    fill("The token's {} is {} after {}: the issuer's clock is ahead of the server's", &[name, &ahead, source.name()]),
                    fill("{} {} is {} after {}", &[name, &format_rfc3339(at), &ahead, source.name()]),
                    if said.is_some() { 95 } else { time_weight(source, 86, 40) },
                )
            }
            None => (
                "The server says the token is not valid yet".to_owned(),
                "server's words".to_owned(),
                92,
            ),
        };
        let ev = cx.req_ev(ex.index, auth.index, Some(jwt.span), &note);
        let said_ev = said.and_then(|s| s.0);
        out.push(
            Hit::new("jwt.not-yet-valid", ex.index, title.clone())
                .weight(weight)
                .detail(why!("nbf (and for some validators iat) in the future means the token is refused until then: the issuer's and the resource server's clocks disagree."))
                .evidence(ev.clone())
                .evidence(said_ev.clone())
                .visitor("Retry in a few minutes; if it persists, tell the owner their clocks differ.")
                .owner("Sync both hosts with NTP (containers and WSL often drift), and allow a small clock skew (e.g. 2–5 min) in the token validation."),
        );
        out.push(
            Hit::new("clock.skew", ex.index, fill("Clock skew: {}", &[&title]))
                .weight(weight.saturating_sub(10))
                .evidence(ev)
                .evidence(said_ev)
                .owner("Run NTP on the issuer and the resource server; set ClockSkew/leeway to a few minutes."),
        );
    }
}

/// `clock.skew` for an expiry only minutes old: a clock problem as likely
/// as a stale token.
pub(super) fn skew_on_expiry(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let (Some(exp), Some((now, source))) = (jwt.exp, ex.clock) else {
            continue;
        };
        if source == ClockSource::Now || now < exp || now - exp > 600 {
            continue;
        }
        let ago = duration(now - exp);
        let lifetime = jwt.iat.map(|iat| duration(exp - iat)).unwrap_or_default();
        out.push(
            Hit::new("clock.skew", ex.index, fill("The token expired only {} before {}{}: check the clocks and the token lifetime", &[&ago, source.name(), &if lifetime.is_empty() { String::new() } else { fill(" (lifetime {})", &[&lifetime]) }]))
                .weight(45)
                .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), &fill("exp {}, {} {}", &[&format_rfc3339(exp), source.name(), &format_rfc3339(now)])))
                .owner("Compare the issuer's and the API server's clocks (NTP); a short lifetime plus a skew makes tokens expire on arrival."),
        );
    }
}

/// Well-known resource ids an access token may be minted for by mistake.
const FOREIGN_AUDIENCES: &[(&str, &str, &str)] = &[
    (
        "00000003-0000-0000-c000-000000000000",
        "Microsoft Graph",
        "graph.microsoft.com",
    ),
    (
        "https://graph.microsoft.com",
        "Microsoft Graph",
        "graph.microsoft.com",
    ),
    (
        "https://management.azure.com",
        "Azure Resource Manager",
        "management.azure.com",
    ),
    (
        "https://management.core.windows.net/",
        "Azure Service Management",
        "management.core.windows.net",
    ),
];

/// `jwt.audience-mismatch`: `aud` does not name the resource called.
/// What servers say when they refuse a token for a reason other than its audience.
const OTHER_CAUSES: &[&str] = &[
    "expired",
    "not valid yet",
    "not yet valid",
    "signature",
    "IDX10223",
    "IDX10222",
    "IDX10503",
    "revoked",
    "issuer",
];

pub(super) fn audience(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.is_challenge_status()) {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let aud = claim_text(&jwt, "aud");
        let said = server_mentions(
            cx,
            ex,
            &[
                "audience",
                "IDX10214",
                "IDX10206",
                "IDX10208",
                "aud claim",
                "invalid aud",
            ],
        );
        let foreign = FOREIGN_AUDIENCES
            .iter()
            .find(|(id, _, host)| aud.eq_ignore_ascii_case(id) && !ex.host().ends_with(host));
        // A host comparison is weak evidence: when the server names another
        // cause (expiry, clock, signature), it is not the audience.
        let other_cause = said.is_none() && server_mentions(cx, ex, OTHER_CAUSES).is_some();
        let other_host = url_host(&aud).filter(|h| {
            !h.is_empty() && *h != ex.host() && !jwt_has_many_aud(&jwt) && !other_cause
        });
        let bare_bearer = aud.is_empty()
            && ex
                .challenges
                .iter()
                .any(|c| c.is("bearer") && c.param("error").is_none());
        let (why, weight) = if let Some((_, name, _)) = foreign {
            (
                fill(
                    "aud is {} ({}), not the API at {}",
                    &[name, &aud, ex.host()],
                ),
                if said.is_some() { 95 } else { 75 },
            )
        } else if said.is_some() {
            (
                fill(
                    "the server refused the audience \"{}\"",
                    &[if aud.is_empty() { "(none)" } else { &aud }],
                ),
                92,
            )
        } else if aud.is_empty() && bare_bearer {
            (
                "the token has no aud claim, so an API that validates audiences refuses it"
                    .to_owned(),
                55,
            )
        } else if let Some(h) = other_host {
            (
                fill("aud names {}, but the request went to {}", &[h, ex.host()]),
                45,
            )
        } else {
            continue;
        };
        out.push(
            Hit::new("jwt.audience-mismatch", ex.index, fill("Audience mismatch: {}", &[&why]))
                .weight(weight)
                .detail(why!("A resource server accepts only tokens minted for it (aud = its identifier). A token for another API, or one without aud because no scope/resource was requested, is refused."))
                .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), &fill("aud = \"{}\"", &[&aud])))
                .evidence(said.and_then(|s| s.0))
                .visitor(fill("Request the token for this API: its own scope (e.g. api://<api-id>/.default) or resource/audience parameter, not \"{}\".", &[if aud.is_empty() { "nothing" } else { &aud }]))
                .owner("Check the API's configured audience (ValidAudience / Audience / aud) matches what the issuer puts in tokens for it; log the expected vs received aud."),
        );
    }
}

fn jwt_has_many_aud(jwt: &Jwt) -> bool {
    matches!(claim(jwt, "aud"), Some(serde_json::Value::Array(a)) if a.len() > 1)
}

fn url_host(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let authority = rest.split('/').next()?;
    authority.split(':').next()
}

/// `jwt.issuer-mismatch`: `iss` differs from what the API trusts.
pub(super) fn issuer(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.is_challenge_status()) {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let iss = claim_text(&jwt, "iss");
        let said = server_mentions(
            cx,
            ex,
            &["issuer", "IDX10205", "IDX10204", "iss claim", "invalid iss"],
        );
        let okta_org = url_host(&iss)
            .is_some_and(|h| h.ends_with("okta.com") || h.ends_with("oktapreview.com"))
            && !iss.contains("/oauth2/");
        let (why, weight) = if said.is_some() {
            (fill("the server refused the issuer \"{}\"", &[&iss]), 92)
        } else if okta_org {
            (fill("\"{}\" is Okta's org authorization server, whose tokens only Okta's own APIs accept", &[&iss]), 70)
        } else {
            continue;
        };
        out.push(
            Hit::new("jwt.issuer-mismatch", ex.index, fill("Issuer mismatch: {}", &[&why]))
                .weight(weight)
                .detail(why!("The API validates iss against the authority it is configured with; the exact string matters (http vs https, host name seen from inside a container, trailing slash, realm path, tenant id)."))
                .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), &fill("iss = \"{}\"", &[&iss])))
                .evidence(said.and_then(|s| s.0))
                .visitor("Get the token from the issuer this API trusts (the same URL the API is configured with).")
                .owner(if okta_org {
                    "Use a custom authorization server (https://<org>.okta.com/oauth2/default) for your API's tokens and configure the API with that issuer."
                } else {
                    "Make the API's Authority/issuer-uri exactly the iss in the tokens (Keycloak: set KC_HOSTNAME so the frontend and back-channel URLs agree)."
                }),
        );
    }
}

/// `jwt.signing-key-unknown`: the `kid` is not in the keys the API trusts.
pub(super) fn signing_key(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.is_challenge_status()) {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let Some((ev, _)) = server_mentions(
            cx,
            ex,
            &[
                "signature key was not found",
                "IDX10501",
                "IDX10503",
                "IDX10500",
                "no matching key",
                "signing key",
                "unable to find",
                "kid",
                "invalid signature",
                "signature is invalid",
                "signature verification failed",
            ],
        ) else {
            continue;
        };
        let kid = jwt
            .header
            .get("kid")
            .and_then(|v| v.as_str())
            .unwrap_or("(none)");
        let iss = claim_text(&jwt, "iss");
        out.push(
            Hit::new("jwt.signing-key-unknown", ex.index, fill("The API has no key for the token's kid \"{}\" (issuer {})", &[kid, &iss]))
                .weight(92)
                .detail(why!("The resource server looks up the signing key by kid in the key set of the authority it trusts. A token from another tenant, authority or environment, or one signed for another resource (Graph tokens carry a nonce and cannot be validated), is not found there."))
                .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), &fill("kid \"{}\", iss \"{}\"", &[kid, &iss])))
                .evidence(ev)
                .visitor("Request the token for this API (its own scope), from the authority the API trusts.")
                .owner("Point the API's Authority/JWKS at the token's issuer (right tenant/realm/environment) and make sure tokens are requested for the API's own audience."),
        );
    }
}

/// `jwt.malformed` and `jwt.encrypted`.
pub(super) fn malformed(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(auth) = ex.auth.as_ref().filter(|a| a.is("bearer")) else {
            continue;
        };
        let failing = cx.is_failure(ex.index);
        let said = if failing {
            server_mentions(
                cx,
                ex,
                &[
                    "jwt malformed",
                    "malformed",
                    "IDX12709",
                    "IDX14100",
                    "IDX12741",
                    "not well formed",
                    "invalid compact",
                ],
            )
        } else {
            None
        };
        let decoded = token(ex).map(|(_, r)| r);
        match decoded {
            Some(Ok(jwt)) if jwt.kind == JwtKind::Jwe => {
                let enc = jwt
                    .header
                    .get("enc")
                    .and_then(|v| v.as_str())
                    .unwrap_or("?");
                out.push(
                    Hit::new("jwt.encrypted", ex.index, fill("The token is an encrypted JWT (JWE, enc {}): the API cannot read its claims", &[enc]))
                        .weight(if failing { 80 } else { 0 })
                        .detail(why!("Five segments mean a JWE. Identity providers issue one when no API audience was requested (Auth0 without audience), or for their own userinfo; an API expecting a signed JWT refuses it."))
                        .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), "five segments: JWE"))
                        .visitor("Request the access token with the API's audience (Auth0: audience=https://your-api) so a signed JWT is issued.")
                        .owner("Register the API with the identity provider and document the audience clients must request."),
                );
            }
            Some(Err(msg)) => out.push(
                Hit::new(
                    "jwt.malformed",
                    ex.index,
                    fill(
                        "The bearer token looks like a JWT but does not decode: {}",
                        &[&msg],
                    ),
                )
                .weight(if failing { 70 } else { 0 })
                .evidence(cx.req_ev(ex.index, auth.index, None, &msg))
                .visitor("Send the whole token as issued (no truncation, quotes or line breaks)."),
            ),
            None => {
                let Some((ev, _)) = said else { continue };
                out.push(
                    Hit::new("jwt.malformed", ex.index, "The API expects a JWT but the token is opaque (not three base64url parts)".into())
                        .weight(90)
                        .detail(why!("The token sent is not a JWT; an API that validates JWTs cannot read it. Identity providers issue opaque access tokens when no API audience/resource is requested."))
                        .evidence(cx.req_ev(ex.index, auth.index, None, "opaque token"))
                        .evidence(ev)
                        .visitor("Request the access token for the API's audience so the issuer returns a JWT; do not send the ID token or a session id.")
                        .owner("Say in error_description which token type the API expects."),
                );
            }
            Some(Ok(_)) => {}
        }
    }
}

/// `jwt.alg-none`: unsecured or foreign-key headers.
pub(super) fn alg_none(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let none = jwt.alg().is_some_and(|a| a.eq_ignore_ascii_case("none"));
        let foreign = ["jku", "x5u"]
            .into_iter()
            .find(|k| jwt.header.contains_key(*k));
        if !none && foreign.is_none() {
            continue;
        }
        let what = if none {
            "alg none (unsigned)"
        } else {
            foreign.unwrap_or("")
        };
        out.push(
            Hit::new("jwt.alg-none", ex.index, fill("Unsafe JWT header: {}", &[what]))
                .weight(if none && cx.is_failure(ex.index) { 70 } else { 0 })
                .warning()
                .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), what))
                .owner("Accept only the algorithms and keys you configured; never alg none or keys fetched from URLs in the token."),
        );
    }
}

/// `jwt.wrong-token-type`: an ID token or refresh token sent as an access token.
pub(super) fn wrong_type(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some((auth, Ok(jwt))) = token(ex) else {
            continue;
        };
        let typ = claim_text(&jwt, "typ");
        let id_token = (claim(&jwt, "nonce").is_some() || claim(&jwt, "at_hash").is_some())
            && claim(&jwt, "scope").is_none()
            && claim(&jwt, "scp").is_none()
            || typ.eq_ignore_ascii_case("id");
        let refresh = typ.eq_ignore_ascii_case("refresh") || contains_ci(&typ, "refresh");
        if !id_token && !refresh {
            continue;
        }
        let kind = if refresh {
            "a refresh token"
        } else {
            "an ID token"
        };
        out.push(
            Hit::new("jwt.wrong-token-type", ex.index, fill("The bearer token is {}, not an access token", &[kind]))
                .weight(if cx.is_failure(ex.index) { 75 } else { 0 })
                .warning()
                .detail(why!("ID tokens are for the client (aud = the client id); refresh tokens are for the token endpoint. APIs accept access tokens only."))
                .evidence(cx.req_ev(ex.index, auth.index, Some(jwt.span), kind))
                .visitor("Send the access_token from the token response, not id_token or refresh_token."),
        );
    }
}
