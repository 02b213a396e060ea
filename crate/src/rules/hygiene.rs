//! `hygiene.*`: what the capture itself exposes.

use crate::parse::bearer::TokenShape;
use crate::parse::cookie::parse_cookie;

use super::context::SECRET_HEADERS;
use super::{fill, Context, Hit};

/// Cookie values shorter than this are preferences (`theme=dark`), not
/// sessions; session identifiers are long random strings.
const SESSION_COOKIE_MIN: usize = 16;

/// `hygiene.secret-exposed`: the paste or HAR holds credentials that still
/// work: a Basic password, a bearer token that has not expired, an API key,
/// session cookies. Whoever receives the capture can act as the user until
/// they are revoked, so the report says so before the user shares it.
pub(super) fn secret_exposed(cx: &Context<'_>, out: &mut Vec<Hit>) {
    if cx.sanitized {
        return;
    }
    let mut kinds: Vec<&'static str> = Vec::new();
    let mut first: Option<(usize, usize)> = None;
    let mut note = |kind: &'static str, exchange: usize, header: usize| {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        first.get_or_insert((exchange, header));
    };
    for ex in cx.ex.iter() {
        let Some(req) = ex.req else { continue };
        for auth in [ex.auth.as_ref(), ex.proxy_auth.as_ref()]
            .into_iter()
            .flatten()
        {
            let Some(c) = auth.credentials.as_ref() else {
                continue;
            };
            if c.is("basic") {
                let has_password =
                    crate::parse::basic::decode_credentials(c).is_ok_and(|b| b.password_bytes > 0);
                if has_password {
                    note("a Basic password", ex.index, auth.index);
                }
            } else if c.is("bearer") {
                let live = ex.bearer.as_ref().is_some_and(|b| match b.shape {
                    TokenShape::Placeholder(_) => false,
                    TokenShape::Jwt => {
                        let exp = b
                            .jwt
                            .as_ref()
                            .and_then(|j| j.as_ref().ok())
                            .and_then(|j| j.exp);
                        match (exp, ex.clock) {
                            (Some(exp), Some((now, _))) => exp > now,
                            _ => true,
                        }
                    }
                    _ => true,
                });
                if live {
                    note("a bearer token", ex.index, auth.index);
                }
            } else if c
                .token68
                .is_some_and(|t| t.text.len() >= SESSION_COOKIE_MIN)
            {
                note("an authentication token", ex.index, auth.index);
            }
        }
        for (index, h) in req.headers.iter().enumerate() {
            if h.is("cookie")
                && parse_cookie(&h.value)
                    .pairs
                    .iter()
                    .any(|p| p.value.len() >= SESSION_COOKIE_MIN)
            {
                note("session cookies", ex.index, index);
            } else if SECRET_HEADERS
                .iter()
                .any(|s| h.is(s) && !s.eq_ignore_ascii_case("dpop"))
                && h.value.trim().len() >= 8
            {
                note("an API key", ex.index, index);
            }
        }
    }
    let Some((exchange, header)) = first else {
        return;
    };
    let list = kinds.join(", ");
    out.push(
        Hit::new("hygiene.secret-exposed", exchange, fill("This capture holds live credentials ({}): share it only redacted", &[&list]))
            .warning()
            .detail(why!("Whoever receives a capture with working credentials can act as you until they expire or are revoked. AuthLens reads everything in this browser and sends nothing; the copies it makes for sharing (Markdown, JSON, `authlens sanitize`) hide the secrets."))
            .evidence(cx.req_ev(exchange, header, None, "a credential that still works"))
            .visitor("Share the redacted Markdown or JSON report (or a HAR passed through `authlens sanitize`), never the raw capture; if it was shared already, log out and change the password or revoke the token.")
            .owner("Ask users for sanitized captures (or the redacted report), and treat any raw HAR you received as a secret: delete it after use."),
    );
}
