//! `status.*`: what the status line and its companions say.

use super::text::{contains_ci, first_of};
use super::vendor_tables::{PAGES, SERVERS};
use super::{fill, Context, Hit};

/// Body phrases that mean "authentication failed" whatever the status.
pub(super) const AUTH_FAILURE_TEXT: &[&str] = &[
    "expired",
    "invalid token",
    "invalid_token",
    "unauthenticated",
    "not authenticated",
    "not logged in",
    "login required",
    "authentication required",
    "authentication failed",
    "invalid credentials",
    "bad credentials",
    "invalid authentication",
    "security token",
    "signature",
    "access token",
    "system:anonymous",
];

/// Who answered, and the text that says so: (name, text, whether the
/// text is in the body), from `Server`, `X-Powered-By` or the body's
/// default error page.
pub(super) fn answered_by(ex: &super::Ex<'_>) -> Option<(&'static str, &'static str, bool)> {
    for value in [ex.res_value("server"), ex.res_value("x-powered-by")] {
        if let Some((k, name)) = SERVERS.iter().find(|(k, _)| contains_ci(value, k)) {
            return Some((name, k, false));
        }
    }
    default_page(ex).map(|(name, k)| (name, k, true))
}

/// The server default error page in the body: (name, text that says so).
pub(super) fn default_page(ex: &super::Ex<'_>) -> Option<(&'static str, &'static str)> {
    PAGES
        .iter()
        .find(|(k, _)| contains_ci(ex.body, k))
        .map(|(k, name)| (*name, *k))
}

/// Who answered, from `Server`, `Via` and the body's default page.
pub(super) fn who_answered(ex: &super::Ex<'_>) -> &'static str {
    if let Some((name, _, _)) = answered_by(ex) {
        return name;
    }
    if ex.status == Some(407) || !ex.res_value("via").is_empty() {
        return "a proxy";
    }
    "the server"
}

/// `status.unauthorized`: a 401, and who answered it.
pub(super) fn unauthorized(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter().filter(|e| e.status == Some(401)) {
        let who = who_answered(ex);
        let page = answered_by(ex).filter(|a| a.2).map(|a| a.1);
        out.push(
            Hit::new(
                "status.unauthorized",
                ex.index,
                fill(
                    "401 Unauthorized from {}{}",
                    &[
                        who,
                        if page.is_some() {
                            " (default page)"
                        } else {
                            ""
                        },
                    ],
                ),
            )
            .evidence(cx.status_ev(ex.index, "status line"))
            .evidence(cx.res_named(ex.index, "server", "names who answered"))
            .evidence(page.and_then(|p| cx.body_ev(ex.index, p, "default error page"))),
        );
    }
}

/// `status.proxy-auth-required`: a 407, the proxy wants credentials.
pub(super) fn proxy_auth_required(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.status == Some(407)) {
        let schemes = scheme_list(ex.offered());
        let sent = ex.proxy_auth.is_some();
        let mut hit = Hit::new(
            "status.proxy-auth-required",
            ex.index,
            fill(
                if sent {
                    "The proxy refused the Proxy-Authorization sent (it offers {})"
                } else {
                    "The proxy, not the site, wants credentials ({}) and none were sent to it"
                },
                &[&schemes],
            ),
        )
        .weight(if sent { 30 } else { 60 })
        .detail(why!("407 comes from a proxy between the client and the site: the site never saw the request. Credentials for the site (Authorization) do not help; the proxy needs Proxy-Authorization."))
        .evidence(cx.status_ev(ex.index, "407 from the proxy"))
        .visitor(fill("Configure the proxy credentials in the client (system proxy settings, HTTPS_PROXY=http://user:pass@proxy, npm/git proxy config); the proxy offers {}.", &[&schemes]))
        .owner("Check the proxy's authentication scheme list and that the user is allowed; allow the destination without authentication if it must work for tools that cannot answer the challenge.")
        .next("the request with Proxy-Authorization and the proxy's answer");
        if let Some(c) = ex.proxy_challenges.first() {
            hit = hit.evidence(cx.res_ev(ex.index, c.index, None, "the proxy's challenge"));
        }
        out.push(hit);
    }
}

/// The schemes of `challenges`, comma-separated, without repeats.
pub(super) fn scheme_list(challenges: &[super::ChallengeAt<'_>]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for c in challenges {
        if !seen
            .iter()
            .any(|s| s.eq_ignore_ascii_case(c.challenge.scheme))
        {
            seen.push(c.challenge.scheme);
        }
    }
    if seen.is_empty() {
        "no scheme".into()
    } else {
        seen.join(", ")
    }
}

/// `status.missing-challenge`: a 401 without `WWW-Authenticate` (or a 407
/// without `Proxy-Authenticate`).
pub(super) fn missing_challenge(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.is_challenge_status()) {
        let proxy = ex.status == Some(407);
        let header = if proxy {
            "Proxy-Authenticate"
        } else {
            "WWW-Authenticate"
        };
        if ex.res_header(header).is_some() {
            continue;
        }
        out.push(
            Hit::new(
                "status.missing-challenge",
                ex.index,
                fill("{} from {} without {}: the client cannot tell which scheme to use", &[
                    if proxy { "407" } else { "401" },
                    ex.host(),
                    header,
                ]),
            )
            .weight(45)
            .detail(why!("RFC 9110 §15.5.2 requires a 401 to carry WWW-Authenticate. Without it clients cannot start the right login (OAuth clients cannot discover the authorization server; browsers show no prompt)."))
            .evidence(cx.status_ev(ex.index, "no challenge header in this response"))
            .visitor("Read the response body for the server's reason; log in again or get a fresh token.")
            .owner(fill("Send `{}` with the scheme and, for tokens, `error=` (RFC 6750 §3) on every 401 from {}; use 403 when the caller is authenticated but not allowed.", &[header, ex.host()]))
            .next("the response body of the 401"),
        );
    }
}

/// `status.forbidden-not-unauthorized`: a 403 to a request that carried
/// credentials, with nothing saying authentication failed.
pub(super) fn forbidden(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.status == Some(403)) {
        if !ex.has_any_credential()
            || first_of(ex.body, AUTH_FAILURE_TEXT).is_some()
            || is_rate_limited(ex)
        {
            continue;
        }
        out.push(
            Hit::new("status.forbidden-not-unauthorized", ex.index, fill("403 Forbidden from {}: the credentials were read, the action is not allowed", &[ex.host()]))
                .weight(40)
                .detail(why!("403 means the server knows who is calling and refuses this action. New credentials for the same account will not help; the account, role or token scopes must change."))
                .evidence(cx.status_ev(ex.index, "403, not 401"))
                .visitor("Ask for the permission, role or scope this action needs; logging in again will not change it.")
                .owner("Check the authorization rules (roles, policies, scopes) for this account and path; say in the body which permission is missing."),
        );
    }
}

/// `status.nonstandard`: an authentication failure reported with another
/// status (400, 403, 500, 200).
pub(super) fn nonstandard(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(status) = ex.status else { continue };
        if matches!(status, 401 | 407) || status < 200 || (300..400).contains(&status) {
            continue;
        }
        // RFC 6750 §3.1: insufficient_scope is a 403 by design, not a
        // misreported authentication failure.
        let scope_refusal = status == 403
            && ex
                .challenges
                .iter()
                .any(|c| c.param("error") == Some("insufficient_scope"));
        if scope_refusal {
            continue;
        }
        let graphql = status == 200 && contains_ci(ex.body, "UNAUTHENTICATED");
        let grpc = ex.res_value("grpc-status") == "16";
        let said = first_of(ex.body, AUTH_FAILURE_TEXT).filter(|_| status >= 400);
        if !(graphql || grpc || said.is_some()) || is_rate_limited(ex) {
            continue;
        }
        let what = said.unwrap_or(if grpc {
            "grpc-status: 16"
        } else {
            "UNAUTHENTICATED"
        });
        let code = ex.status.map(|s| s.to_string()).unwrap_or_default();
        out.push(
            Hit::new("status.nonstandard", ex.index, fill("Authentication failure reported as {} (the response says \"{}\")", &[&code, what]))
                .weight(35)
                .detail(why!("The server signals an authentication problem with a status other than 401, so clients will not start a new login or refresh their token by themselves."))
                .evidence(cx.body_ev(ex.index, what, "the body says"))
                .evidence(cx.status_ev(ex.index, "status"))
                .visitor("Treat this as an authentication failure: refresh or replace the credentials.")
                .owner("Answer authentication failures with 401 and WWW-Authenticate, authorization failures with 403."),
        );
    }
}

/// Whether the response says it refused for volume or address.
pub(super) fn is_rate_limited(ex: &super::Ex<'_>) -> bool {
    ex.status == Some(429)
        || ex.res_value("x-ratelimit-remaining").trim() == "0"
        || contains_ci(ex.body, "rate limit")
}

/// `status.rate-limited`: refused for volume or address, not credentials.
pub(super) fn rate_limited(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| is_rate_limited(e)) {
        let unauthenticated = !ex.has_any_credential();
        out.push(
            Hit::new("status.rate-limited", ex.index, fill("Rate limit reached at {}{}", &[ex.host(), if unauthenticated { " for unauthenticated requests from this address" } else { "" }]))
                .weight(85)
                .detail(why!("The server refused because of how many requests came from this client or address, not because the credentials are wrong."))
                .evidence(cx.res_named(ex.index, "x-ratelimit-remaining", "no requests left in this window"))
                .evidence(cx.res_named(ex.index, "retry-after", "when to retry"))
                .evidence(cx.body_ev(ex.index, "rate limit", "the body says"))
                .visitor(if unauthenticated { "Authenticate the requests (a token raises the limit), or wait for the reset time." } else { "Wait until the limit resets (X-RateLimit-Reset / Retry-After) and send fewer requests." })
                .owner("Return 429 with Retry-After for rate limits, so clients do not mistake them for credential failures."),
        );
    }
}

/// `status.handshake-step`: a 401/407 that is a normal first leg.
pub(super) fn handshake_step(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter().filter(|e| e.is_challenge_status()) {
        let multi_leg = ex
            .offered()
            .iter()
            .any(|c| c.is("negotiate") || c.is("ntlm") || c.is("digest"));
        let first_leg_alone = ex.sent().is_none() && multi_leg && ex.req.is_some();
        if !(cx.is_handshake_step(ex.index) || first_leg_alone) {
            continue;
        }
        let schemes = scheme_list(ex.offered());
        out.push(
            Hit::new("status.handshake-step", ex.index, fill("Normal first step of the {} handshake, not itself the failure", &[&schemes]))
                .detail(why!("Negotiate, NTLM and Digest always start with a 401 that carries the challenge; the client answers it on the next request."))
                .evidence(cx.status_ev(ex.index, "challenge leg"))
                .next("the next request and response of the handshake (curl -v --negotiate / --ntlm, or a HAR with every leg)"),
        );
    }
}

/// `input.sanitized-capture`: the producer stripped credentials.
pub(super) fn sanitized(cx: &Context<'_>, out: &mut Vec<Hit>) {
    if !cx.sanitized {
        return;
    }
    let Some(ex) = cx.failures().next().or_else(|| cx.ex.first()) else {
        return;
    };
    out.push(
        Hit::new("input.sanitized-capture", ex.index, "Credentials unknown: the capture's producer removed Cookie, Set-Cookie and Authorization".into())
            .warning()
            .detail(why!("Chrome's default HAR export (and redacting tools) leave credentials out; their absence here proves nothing about what the browser sent."))
            .evidence(cx.request_line_ev(ex.index, "no credential headers anywhere in the capture"))
            .visitor("Re-export the HAR with sensitive data (Chrome DevTools: Network settings → Allow to generate HAR with sensitive data), or paste the request headers from DevTools, then sanitize before sharing.")
            .next("a HAR exported with sensitive data, or the request headers of the failing request"),
    );
}

/// `input.partial`: only one side of the failing exchange was given.
pub(super) fn partial(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let (title, next): (&str, &'static str) = match (ex.req.is_some(), ex.res.is_some()) {
            (false, true) if ex.is_challenge_status() || ex.status.is_some_and(|s| s >= 400) => (
                "Only the response was given: what the client sent (credentials, cookies) is unknown",
                "the request headers too (DevTools: Request Headers; curl -v shows them after '>')",
            ),
            (true, false) => (
                "Only the request was given: the server's answer is unknown",
                "the response status line and headers (curl -v, DevTools Response Headers)",
            ),
            _ => continue,
        };
        out.push(
            Hit::new("input.partial", ex.index, title.into())
                .warning()
                .evidence(if ex.res.is_some() {
                    cx.status_ev(ex.index, "response only")
                } else {
                    cx.request_line_ev(ex.index, "request only")
                })
                .visitor(next)
                .next(next),
        );
    }
}

/// The IIS sub-status in a response body: `HTTP Error 401.2 - Unauthorized`
/// on IIS's detailed error page, or `401.2` after `Error`. Only the 401
/// sub-statuses IIS documents; anything else is no sub-status.
pub(super) fn iis_substatus(body: &str) -> Option<&'static str> {
    const KNOWN: &[&str] = &[
        "401.1", "401.2", "401.3", "401.4", "401.5", "401.501", "401.502", "401.503", "401.504",
    ];
    let lower = body.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|s| s.find("error 401.")) {
        let start = from + at + "error ".len();
        let digits = lower
            .get(start + 4..)
            .map_or(0, |s| s.bytes().take_while(u8::is_ascii_digit).count());
        if let Some(code) = lower.get(start..start + 4 + digits) {
            if let Some(known) = KNOWN.iter().find(|k| **k == code) {
                return Some(known);
            }
        }
        from = start;
    }
    None
}

/// `status.iis-substatus`: IIS names why it refused in the sub-status of
/// its error page (the status line says only 401). The sub-status is the
/// diagnosis: 401.2 is a server configuration matter, 401.3 a file ACL,
/// 401.1 the password; 401.501–502 are rate limits (`status.rate-limited`).
pub(super) fn iis(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter().filter(|e| e.status == Some(401)) {
        let Some(sub) = iis_substatus(ex.body) else {
            continue;
        };
        let weight = if cx.is_failure(ex.index) { 85 } else { 0 };
        let (code, title, visitor, owner) = match sub {
            "401.1" => ("status.iis-substatus", "IIS 401.1: logon failed — the user name or password was refused", "Check the user name (DOMAIN\\user or user@domain), the password, and that the account is not locked or expired.", "Check the account in Active Directory (locked, expired, logon hours, workstation restrictions) and the Security event log (event 4625) for the reason."),
            "401.2" => ("status.iis-substatus", "IIS 401.2: the server is not configured to accept the authentication the client offered", "Open the site in a browser that signs in with Windows (add the site to the Local intranet zone), or use the sign-in method the site expects.", "In IIS Manager → Authentication, enable the method the clients use (Windows Authentication with its Negotiate/NTLM providers, or Basic) for this site or application, and check web.config <authentication> does not override it. On a normal Negotiate handshake the first 401.2 is expected."),
            "401.3" => ("status.iis-substatus", "IIS 401.3: the file's access control list (NTFS ACL) denies this user", "Ask the site's owner for access to this page; your sign-in worked.", "Grant read access on the file or folder to the signed-in user (or to IUSR / the application pool identity for anonymous access), and check the file is not encrypted (EFS)."),
            "401.4" => ("status.iis-substatus", "IIS 401.4: an authorization filter on the server refused the request", "Ask the site's owner: a server filter refused you, not your password.", "Check the ISAPI filters and URL Authorization rules installed on the site for the one that refused."),
            "401.5" => ("status.iis-substatus", "IIS 401.5: the ISAPI/CGI application refused the request", "Ask the site's owner: the application refused you.", "The application behind IIS (ISAPI extension or CGI) refused: check its own logs and authorization settings."),
            "401.503" => ("status.iis-substatus", "IIS 401.503: the client's IP address is on the site's deny list", "Your address is blocked: try from another network, or ask the site's owner to allow it.", "IIS Manager → IP Address and Domain Restrictions: remove the client's address from the deny list (check X-Forwarded-For handling behind a proxy)."),
            "401.504" => ("status.iis-substatus", "IIS 401.504: the client's host name is on the site's deny list", "Your host name is blocked: try from another network, or ask the site's owner.", "IIS Manager → IP Address and Domain Restrictions: remove the host name from the deny list."),
            _ => ("status.rate-limited", "IIS dynamic IP restriction: too many requests from this address", "Wait and send fewer requests at once.", "IIS Manager → IP Address and Domain Restrictions → Dynamic Restriction Settings: raise the concurrent-request or request-rate limit, or return 429 instead."),
        };
        let mut hit = Hit::new(code, ex.index, title.into())
            .subcode(sub)
            .weight(weight)
            .detail(why!("IIS answers 401 for several unrelated reasons and tells them apart only in the sub-status of its error page (and in the sc-substatus field of its log)."))
            .evidence(cx.body_ev(ex.index, sub, "the sub-status"))
            .visitor(visitor)
            .owner(owner)
            .next("the IIS log line for this request (sc-status, sc-substatus, sc-win32-status)");
        if weight == 0 {
            hit = hit.warning();
        }
        out.push(hit);
    }
}

/// `status.captive-portal`: the network, not the site, wants a login: a
/// 511 (RFC 6585 §6), or a redirect to a hotspot's sign-in page.
pub(super) fn captive_portal(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let location = ex.res_value("location").to_ascii_lowercase();
        // Another host whose name says what it is: a site's own /portal
        // or /login is no captive portal.
        let other_host = location
            .split_once("://")
            .and_then(|(_, rest)| rest.split(['/', ':', '?']).next())
            .is_some_and(|host| !host.is_empty() && host != ex.host());
        let portal_redirect = ex.status.is_some_and(|s| (300..400).contains(&s))
            && other_host
            && ["captive", "hotspot"].iter().any(|w| location.contains(w));
        if ex.status != Some(511) && !portal_redirect {
            continue;
        }
        out.push(
            Hit::new("status.captive-portal", ex.index, fill("The network you are on wants you to sign in (captive portal), not {}", &[ex.host()]))
                .weight(if ex.status == Some(511) { 95 } else { 40 })
                .detail(why!("Hotel, airport and office guest networks intercept requests until you accept their terms or log in; the answer comes from the network, so no credential for the site can fix it."))
                .evidence(if ex.status == Some(511) { cx.status_ev(ex.index, "511 Network Authentication Required") } else { cx.res_named(ex.index, "location", "redirect to the network's sign-in page") })
                .visitor("Open any http:// page in a browser to get the network's sign-in page, accept or log in, then retry.")
                .owner("Nothing on the site: the client's network intercepted the request. Clients can detect this with a connectivity check before calling the API."),
        );
    }
}
