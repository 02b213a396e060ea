//! `credentials.*`: what the request sent.

use crate::parse::bearer::{classify, TokenShape};
use crate::parse::sigv4::decode_sigv4;
use crate::parse::www_authenticate::ParseErrorKind;

use super::context::Ex;
use super::status::scheme_list;
use super::text::contains_ci;
use super::{fill, Context, Hit};

/// `credentials.none-sent`: the failing request carried no credentials.
pub(super) fn none_sent(cx: &Context<'_>, out: &mut Vec<Hit>) {
    if cx.sanitized {
        return;
    }
    for ex in cx.failures() {
        if ex.req.is_none() || ex.status == Some(407) || ex.has_any_credential() {
            continue;
        }
        if ex.method().eq_ignore_ascii_case("OPTIONS")
            && !ex.req_value("access-control-request-method").is_empty()
        {
            continue;
        }
        let schemes = scheme_list(ex.offered());
        let offered = !ex.offered().is_empty();
        out.push(
            Hit::new("credentials.none-sent", ex.index, fill("The request to {} carried no credentials (no Authorization, no cookie, no API key)", &[ex.host()]))
                .weight(55)
                .detail(why!("The server refused a request that did not authenticate at all. Either the client never attached credentials, or something on the way (a redirect to another origin, a proxy, a browser cookie rule) removed them."))
                .evidence(cx.request_line_ev(ex.index, "no Authorization or Cookie header in this request"))
                .visitor(if offered {
                    fill("Send credentials the server accepts ({}): log in, or configure the token/key in the client.", &[&schemes])
                } else {
                    fill("Log in to {} again, or configure the client's token or API key for this request.", &[ex.host()])
                })
                .owner("If the client did attach credentials, look for what removed them: a redirect to another host, a proxy stripping Authorization, cookies refused by SameSite/Secure/Domain rules.")
                .next("the request as the client built it (before any redirect), with its headers"),
        );
    }
}

/// `credentials.rejected`: credentials in an offered scheme, refused again.
pub(super) fn rejected(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.is_challenge_status()) {
        let Some(sent) = ex.sent() else {
            rejected_by_tool_note(cx, ex, out);
            continue;
        };
        let scheme = sent.scheme();
        if scheme.is_empty() || (!ex.offered().is_empty() && !ex.offers(scheme)) {
            continue;
        }
        // Digest stale=true says the response was right and only the nonce
        // expired (RFC 7616 §3.3): nothing was refused.
        let stale = ex.offered().iter().any(|c| {
            c.is("digest")
                && c.param("stale")
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        });
        if stale {
            continue;
        }
        let who = sent
            .credentials
            .as_ref()
            .filter(|c| c.is("basic"))
            .and_then(|c| crate::parse::basic::decode_credentials(c).ok())
            .map(|b| b.user);
        let realm = ex
            .offered()
            .iter()
            .find_map(|c| c.param("realm"))
            .unwrap_or("");
        let title = match &who {
            Some(user) => fill(
                "{} credentials for user \"{}\" were refused by {}",
                &[scheme, user, ex.host()],
            ),
            None => fill(
                "{} credentials were sent and refused by {}",
                &[scheme, ex.host()],
            ),
        };
        out.push(
            Hit::new("credentials.rejected", ex.index, title)
                .weight(40)
                .detail(why!("The server offers the scheme the client used and still answers 401: the user, password, key or token itself is wrong, expired or revoked."))
                .evidence(cx.req_ev(ex.index, sent.index, None, "credentials sent"))
                .evidence(cx.status_ev(ex.index, "refused again"))
                .visitor(if realm.is_empty() {
                    fill("Check the {} credentials: retype the password or get a new token, and check the account is not locked or expired.", &[scheme])
                } else {
                    fill("Check the user and password for realm \"{}\": retype them (no trailing space or newline), and check the account is not locked.", &[realm])
                })
                .owner("Look at the server's error log for this request: it says whether the user is unknown, the password mismatched or the token was refused.")
                .next("the server's error log line for this request"),
        );
    }
}

/// `credentials.rejected` where the tool does not print its requests but
/// says it answered the challenge (wget's `Authentication selected: Basic
/// realm="…"` before the retry that failed).
fn rejected_by_tool_note(cx: &Context<'_>, ex: &Ex<'_>, out: &mut Vec<Hit>) {
    let Some(note) = ex.note("Authentication selected:") else {
        return;
    };
    let chosen = note.text.split_once(':').map_or("", |(_, c)| c.trim());
    let scheme = chosen.split([' ', ',']).next().unwrap_or("");
    if scheme.is_empty() || !ex.offers(scheme) {
        return;
    }
    let host = if ex.host().is_empty() {
        "the server"
    } else {
        ex.host()
    };
    out.push(
        Hit::new("credentials.rejected", ex.index, fill("{} credentials were sent and refused by {}", &[scheme, host]))
            .weight(40)
            .detail(why!("The tool answered the server's challenge with the user and password it was given (its output shows no request headers, only that it chose the scheme), and the server refused them again: the user or password is wrong, or the account is locked."))
            .evidence(cx.note_ev(ex.index, note, "credentials sent (the tool does not print the request)"))
            .evidence(cx.status_ev(ex.index, "refused again"))
            .visitor(fill("Check the user and password the tool was given for {}: retype them (no trailing space or newline), and check the account is not locked.", &[chosen]))
            .owner("Look at the server's error log for this request: it says whether the user is unknown or the password mismatched.")
            .next("the server's error log line for this request"),
    );
}

/// Headers whose value is a credential a client may leave unset.
const CREDENTIAL_HEADERS: &[&str] = &[
    "x-amz-security-token",
    "x-api-key",
    "api-key",
    "private-token",
    "x-auth-token",
    "x-access-token",
    "cf-access-client-secret",
];

/// `credentials.placeholder`: `Bearer null`, `undefined`, `${TOKEN}`, empty.
pub(super) fn placeholder(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(req) = ex.req else { continue };
        let mut found: Option<(usize, &str, String)> = None;
        if let Some(auth) = ex
            .auth
            .as_ref()
            .or(ex.proxy_auth.as_ref())
            .filter(|a| !a.bare_token())
        {
            let rest = auth
                .header
                .value
                .get(auth.scheme().len()..)
                .unwrap_or("")
                .trim();
            if rest.is_empty() && !auth.is("negotiate") && !auth.is("ntlm") {
                found = Some((
                    auth.index,
                    "empty credentials after the scheme",
                    auth.header.name.clone(),
                ));
            } else if let TokenShape::Placeholder(why) = classify(rest) {
                found = Some((auth.index, why, auth.header.name.clone()));
            }
        }
        if found.is_none() {
            found = req.headers.iter().enumerate().find_map(|(i, h)| {
                let named = CREDENTIAL_HEADERS.iter().any(|n| h.is(n));
                match classify(h.value.trim()) {
                    TokenShape::Placeholder(why) if named => Some((i, why, h.name.clone())),
                    _ => None,
                }
            });
        }
        let Some((index, why, name)) = found else {
            continue;
        };
        out.push(
            Hit::new("credentials.placeholder", ex.index, fill("{} holds a placeholder, not a credential: {}", &[&name, why]))
                .weight(90)
                .detail(why!("The client sent the text of an unset variable or template instead of a real token; the server sees no valid credentials."))
                .evidence(cx.req_ev(ex.index, index, None, why))
                .visitor(fill("Set the variable that fills {} (check the environment, the .env file, the login step that should store the token) before sending the request.", &[&name]))
                .owner("Nothing on the server side; consider answering with error_description=\"token missing\" to make it obvious."),
        );
    }
}

/// `credentials.malformed`: doubled scheme, quotes, whitespace, broken SigV4.
pub(super) fn malformed(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(req) = ex.req else { continue };
        if let Some((index, h)) = req
            .headers
            .iter()
            .enumerate()
            .find(|(_, h)| MISSPELT.iter().any(|m| h.is(m)))
        {
            out.push(
                Hit::new(
                    "credentials.malformed",
                    ex.index,
                    fill(
                        "Header name \"{}\" is not Authorization: servers ignore it",
                        &[&h.name],
                    ),
                )
                .weight(80)
                .evidence(cx.req_ev(ex.index, index, None, "misspelt header name"))
                .visitor("Name the header exactly `Authorization`."),
            );
        }
        let Some(auth) = ex.auth.as_ref() else {
            continue;
        };
        if auth.bare_token() {
            let scheme = ex
                .offered()
                .first()
                .map_or("Bearer", |c| c.challenge.scheme);
            let shape = if crate::parse::jwt::looks_like_jwt(auth.header.value.trim()) {
                "a JWT"
            } else {
                "a token"
            };
            out.push(
                Hit::new("credentials.malformed", ex.index, fill("{} holds {} with no scheme in front: the server expects `{} <token>`", &[&auth.header.name, shape, scheme]))
                    .weight(85)
                    .detail(why!("The value of Authorization starts with the scheme name and a space; servers read the first word as the scheme, find no scheme they know, and treat the request as carrying no credentials at all."))
                    .evidence(cx.req_ev(ex.index, auth.index, None, "no scheme before the token"))
                    .visitor(fill("Send `{}: {} <token>` — the scheme, one space, then the token (in code: the string \"{} \" + token).", &[&auth.header.name, scheme, scheme]))
                    .owner("If old clients send bare tokens, accept them explicitly or answer with error_description=\"missing scheme\" so the mistake is visible."),
            );
            continue;
        }
        let Some(c) = auth.credentials.as_ref() else {
            continue;
        };
        if let Some(w) = c.warnings.first() {
            let msg = w.to_string();
            // Characters outside token68 ('|' in Laravel Sanctum tokens) are
            // accepted by most servers; the other deviations break them.
            let weight = if w.kind == ParseErrorKind::InvalidToken68Char {
                25
            } else {
                70
            };
            out.push(
                Hit::new("credentials.malformed", ex.index, fill("The {} header is malformed: {}", &[&auth.header.name, &msg]))
                    .weight(weight)
                    .detail(why!("Strict servers reject credentials that deviate from the grammar (a doubled scheme, quotes, a newline read from a file), although lenient readers accept them."))
                    .evidence(cx.req_ev(ex.index, auth.index, Some(w.span), &msg))
                    .visitor("Send exactly `Scheme token`: one space, no quotes, no trailing newline, the scheme once.")
                    .owner("Log the parse error the server hit for this header."),
            );
            continue;
        }
        if c.scheme.to_ascii_uppercase().starts_with("AWS4-") {
            let (problem, weight) = match decode_sigv4(&auth.header.value) {
                Err(e) => (e.to_string(), 75),
                Ok(v) => match v.problems.first() {
                    Some(p) => ((*p).to_owned(), 30),
                    None => continue,
                },
            };
            out.push(
                Hit::new("credentials.malformed", ex.index, fill("The SigV4 Authorization header is malformed: {}", &[&problem]))
                    .weight(weight)
                    .detail(why!("AWS parses Credential=, SignedHeaders= and Signature= strictly; a space, a line break or a missing part makes it answer IncompleteSignatureException."))
                    .evidence(cx.req_ev(ex.index, auth.index, None, &problem))
                    .visitor("Let the SDK sign the request; if you build the header yourself, write `AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=…, Signature=…` on one line with no space after `=`."),
            );
        }
    }
}

/// Misspellings of `Authorization` met in the wild.
const MISSPELT: &[&str] = &[
    "authorisation",
    "authorizaton",
    "authorization:",
    "autorization",
    "authentication",
];

/// `credentials.in-url`: credentials in the URL.
pub(super) fn in_url(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(req) = ex.req else { continue };
        let userinfo = req.url.split_once("://").is_some_and(|(_, rest)| {
            let authority = rest.split('/').next().unwrap_or("");
            authority.contains('@')
        });
        let query = ex
            .url
            .as_ref()
            .and_then(|u| u.query.as_deref())
            .unwrap_or("");
        let token = query.split('&').find_map(|kv| {
            let name = kv.split('=').next().unwrap_or("");
            [
                "access_token",
                "api_key",
                "apikey",
                "key",
                "token",
                "password",
            ]
            .iter()
            .find(|k| name.eq_ignore_ascii_case(k))
        });
        if !userinfo && token.is_none() {
            continue;
        }
        let what = if userinfo {
            "user:password@"
        } else {
            token.copied().unwrap_or("")
        };
        out.push(
            Hit::new("credentials.in-url", ex.index, fill("Credentials in the URL ({})", &[what]))
                .warning()
                .detail(why!("URLs end up in logs, browser history and Referer headers; many clients drop userinfo on redirects."))
                .evidence(cx.request_line_ev(ex.index, "credential in the URL"))
                .visitor("Send the credential in a header (Authorization, or the API's key header) instead, and rotate it if the URL was shared.")
                .owner("Accept credentials in headers; reject them in query strings."),
        );
    }
}

/// `credentials.cleartext`: Basic or a bearer token over `http:`.
pub(super) fn cleartext(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let (Some(req), Some(auth)) = (ex.req, ex.auth.as_ref()) else {
            continue;
        };
        let plain = req
            .url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
        let local = matches!(ex.host(), "localhost" | "127.0.0.1" | "::1")
            || ex.host().ends_with(".localhost");
        if !plain
            || local
            || !(auth.is("basic") || auth.is("bearer") || contains_ci(auth.scheme(), "token"))
        {
            continue;
        }
        out.push(
            Hit::new("credentials.cleartext", ex.index, fill("{} credentials sent to {} over plain HTTP", &[auth.scheme(), ex.host()]))
                .warning()
                .detail(why!("Basic credentials and bearer tokens are readable by anyone on the path over http://; some servers refuse them there."))
                .evidence(cx.req_ev(ex.index, auth.index, None, "sent without TLS"))
                .visitor(fill("Use https://{} and change the password or token that went over HTTP.", &[ex.host()]))
                .owner("Serve the endpoint over HTTPS only and redirect http:// to it."),
        );
    }
}
