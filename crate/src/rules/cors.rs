//! `cors.*`: preflights and the headers a page's script may read or send.

use crate::parse::cors::allow_headers_covers;

use super::text::contains_ci;
use super::{fill, Context, Ex, Hit};

fn is_preflight(ex: &Ex<'_>) -> bool {
    ex.method().eq_ignore_ascii_case("OPTIONS")
        && ex.req_header("access-control-request-method").is_some()
}

/// `cors.preflight-unauthorized`: an `OPTIONS` preflight answered 401/403.
pub(super) fn preflight_unauthorized(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx
        .failures()
        .filter(|e| is_preflight(e) && matches!(e.status, Some(401 | 403 | 407)))
    {
        let origin = ex.req_value("origin");
        let method = ex.req_value("access-control-request-method");
        out.push(
            Hit::new("cors.preflight-unauthorized", ex.index, fill("The CORS preflight (OPTIONS for {} from {}) was answered {}: preflights never carry credentials", &[method, origin, &ex.status.map(|s| s.to_string()).unwrap_or_default()]))
                .weight(95)
                .detail(why!("Before a cross-origin request with Authorization, the browser sends OPTIONS without any credentials. If authentication runs before CORS, the preflight gets 401 and the browser never sends the real request (DevTools shows a CORS error)."))
                .evidence(cx.request_line_ev(ex.index, "preflight, no credentials by design"))
                .evidence(cx.status_ev(ex.index, "refused"))
                .visitor("Nothing to fix in the browser; the API must let preflights through.")
                .owner(fill("Answer OPTIONS on {} without authentication (CORS middleware before auth; Apache `<LimitExcept OPTIONS>`; Spring `permitAll` for OPTIONS) with Access-Control-Allow-Origin {} and Access-Control-Allow-Headers including authorization.", &[ex.path(), if origin.is_empty() { "the page's origin" } else { origin }])),
        );
    }
}

/// `cors.authorization-not-allowed`: `Authorization` missing from
/// `Access-Control-Allow-Headers` of a successful preflight.
pub(super) fn authorization_not_allowed(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx
        .ex
        .iter()
        .filter(|e| is_preflight(e) && e.status.is_some_and(|s| s < 300))
    {
        let wants = ex.req_value("access-control-request-headers");
        if !contains_ci(wants, "authorization") {
            continue;
        }
        let allowed = ex.res_value("access-control-allow-headers");
        let names: Vec<&str> = allowed.split(',').map(str::trim).collect();
        let credentialed = contains_ci(ex.res_value("access-control-allow-credentials"), "true");
        if allowed_covers(&names, credentialed) {
            continue;
        }
        out.push(
            Hit::new("cors.authorization-not-allowed", ex.index, fill("The preflight does not allow the Authorization header (Access-Control-Allow-Headers: {})", &[if allowed.is_empty() { "(none)" } else { allowed }]))
                .weight(80)
                .detail(why!("The browser sends Authorization cross-origin only if the preflight lists it by name; the `*` wildcard does not cover Authorization."))
                .evidence(cx.res_named(ex.index, "access-control-allow-headers", "authorization not listed"))
                .owner("Add `authorization` to Access-Control-Allow-Headers."),
        );
    }
}

fn allowed_covers(names: &[&str], credentialed: bool) -> bool {
    allow_headers_covers(names, "authorization", credentialed)
}

/// `cors.credentials`: a credentialed request answered with `*` or without
/// `Access-Control-Allow-Credentials: true`.
pub(super) fn credentials(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let origin = ex.req_value("origin");
        let credentialed = ex.req_header("cookie").is_some();
        let acao = ex.res_value("access-control-allow-origin");
        if origin.is_empty() || !credentialed || acao.is_empty() {
            continue;
        }
        let star = acao.trim() == "*";
        let no_acac = !contains_ci(ex.res_value("access-control-allow-credentials"), "true");
        if !star && !no_acac {
            continue;
        }
        out.push(
            Hit::new(
                "cors.credentials",
                ex.index,
                fill(
                    "Credentialed request from {} but the response {}: the page cannot read it",
                    &[
                        origin,
                        if star {
                            "allows origin *"
                        } else {
                            "lacks Access-Control-Allow-Credentials: true"
                        },
                    ],
                ),
            )
            .weight(60)
            .warning()
            .evidence(cx.res_named(ex.index, "access-control-allow-origin", "allowed origin"))
            .owner(fill(
                "Echo the exact origin ({}) and send Access-Control-Allow-Credentials: true.",
                &[origin],
            )),
        );
    }
}

/// `cors.challenge-not-exposed`: a cross-origin 401 whose challenge the
/// page's script cannot read.
pub(super) fn challenge_not_exposed(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter().filter(|e| e.status == Some(401)) {
        if ex.req_value("origin").is_empty()
            || ex.res_header("access-control-allow-origin").is_none()
            || ex.res_header("www-authenticate").is_none()
        {
            continue;
        }
        let exposed = ex.res_value("access-control-expose-headers");
        if contains_ci(exposed, "www-authenticate") || exposed.trim() == "*" {
            continue;
        }
        out.push(
            Hit::new("cors.challenge-not-exposed", ex.index, "The page's script cannot read WWW-Authenticate: Access-Control-Expose-Headers does not list it".into())
                .warning()
                .evidence(cx.res_named(ex.index, "www-authenticate", "hidden from cross-origin script"))
                .owner("Add `Access-Control-Expose-Headers: WWW-Authenticate` so clients can read the error and resource_metadata."),
        );
    }
}

/// `redirect.authorization-dropped` and `redirect.scheme-or-host-change`:
/// a redirect after which `Authorization` is gone.
pub(super) fn redirects(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (n, ex) in cx.ex.iter().enumerate() {
        if !ex.status.is_some_and(|s| (300..400).contains(&s)) {
            continue;
        }
        let (Some(auth), Some(from)) = (ex.auth.as_ref(), ex.url.as_ref()) else {
            continue;
        };
        let location = ex.res_value("location");
        let Ok(to) = crate::parse::location::resolve(from, location) else {
            continue;
        };
        let Some(next) = cx.ex.iter().skip(n + 1).find(|l| {
            l.url
                .as_ref()
                .is_some_and(|u| u.host == to.host && u.path == to.path)
        }) else {
            continue;
        };
        if next.auth.is_some() {
            continue;
        }
        let cross = to.host != from.host || to.scheme != from.scheme || to.port != from.port;
        let code = if cross {
            "redirect.authorization-dropped"
        } else {
            "redirect.scheme-or-host-change"
        };
        out.push(
            Hit::new(code, next.index, fill("Authorization was dropped on the redirect from {} to {}", &[&from.host, &to.host]))
                .weight(if cx.is_failure(next.index) { 88 } else { 0 })
                .warning()
                .detail(why!("Clients remove Authorization when a redirect leaves the origin (Fetch standard, curl without --location-trusted, python-requests), so the next request arrives without credentials."))
                .evidence(cx.res_named(ex.index, "location", "redirect target"))
                .evidence(cx.req_ev(ex.index, auth.index, None, "sent before the redirect"))
                .evidence(cx.request_line_ev(next.index, "no Authorization after it"))
                .visitor("Call the final URL directly, or let the client resend credentials to the new host only if you trust it (curl --location-trusted).")
                .owner("Avoid redirecting authenticated API calls to another host; use pre-signed URLs for storage redirects."),
        );
    }
}
