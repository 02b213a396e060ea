//! Which exchanges of a big HAR the report lists: the auth-relevant ones
//! (contracts.md, "JSON report"): 401/407, 3xx around them, requests with
//! credentials or cookies, `Set-Cookie`, OPTIONS preflights, login and token
//! endpoints.

use crate::model::{Exchange, Headers};

/// Path fragments of login, token and SSO endpoints.
const AUTH_PATHS: &[&str] = &[
    "login",
    "logon",
    "signin",
    "sign-in",
    "oauth",
    "token",
    "authorize",
    "/auth",
    "sso",
    "saml",
    "openid",
    "logout",
    "signout",
    "session",
    "winauth",
    "kerberos",
    "ntlm",
];

/// Request headers that carry credentials or cookies.
const REQUEST_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie"];

/// Response headers that challenge or set state.
const RESPONSE_HEADERS: &[&str] = &["www-authenticate", "proxy-authenticate", "set-cookie"];

/// Whether the response is a challenge (401 or 407).
pub(crate) fn is_challenge(exchange: &Exchange) -> bool {
    matches!(
        exchange.response.as_ref().and_then(|r| r.status),
        Some(401 | 407)
    )
}

/// Whether the response is a redirect.
pub(crate) fn is_redirect(exchange: &Exchange) -> bool {
    matches!(
        exchange.response.as_ref().and_then(|r| r.status),
        Some(300..=399)
    )
}

/// Whether the path of `url` names a login, token or SSO endpoint.
pub(crate) fn is_auth_url(url: &str) -> bool {
    let url = url.to_ascii_lowercase();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = path.split_once("://").map_or(path, |(_, rest)| rest);
    let path = path
        .find('/')
        .and_then(|i| path.get(i..))
        .unwrap_or_default();
    AUTH_PATHS.iter().any(|p| path.contains(p))
}

/// Whether `exchange` matters to an auth diagnosis on its own.
pub(crate) fn is_relevant(exchange: &Exchange) -> bool {
    if is_challenge(exchange) {
        return true;
    }
    let meta = exchange.har.as_deref();
    if meta.is_some_and(|m| !m.request_cookies.is_empty() || !m.response_cookies.is_empty()) {
        return true;
    }
    if let Some(request) = &exchange.request {
        if request.method.eq_ignore_ascii_case("OPTIONS")
            || REQUEST_HEADERS.iter().any(|h| request.header(h).is_some())
        {
            return true;
        }
        if is_auth_url(&request.url) {
            return true;
        }
    }
    exchange
        .response
        .as_ref()
        .is_some_and(|r| RESPONSE_HEADERS.iter().any(|h| r.header(h).is_some()))
}

/// Keeps the auth-relevant exchanges as they stream past, and 3xx next to
/// a challenge.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    /// The last exchange dropped, kept back in case a challenge follows it.
    held: Option<crate::model::Exchange>,
    after_challenge: bool,
}

impl Selection {
    /// Adds `exchange` to `kept` when it is relevant.
    pub(crate) fn offer(&mut self, exchange: Exchange, kept: &mut Vec<Exchange>) {
        let challenge = is_challenge(&exchange);
        let keep = is_relevant(&exchange) || (self.after_challenge && is_redirect(&exchange));
        if challenge {
            if let Some(held) = self.held.take().filter(is_redirect) {
                kept.push(held);
            }
        }
        self.after_challenge = challenge;
        if keep {
            self.held = None;
            kept.push(exchange);
        } else {
            self.held = Some(exchange);
        }
    }

    /// Filters `all` (read before the limit was passed) the same way.
    pub(crate) fn filter(&mut self, all: Vec<Exchange>) -> Vec<Exchange> {
        let mut kept = Vec::new();
        for exchange in all {
            self.offer(exchange, &mut kept);
        }
        kept
    }
}
