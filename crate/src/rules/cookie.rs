//! `cookie.*`: the capture's cookies replayed through a browser-like jar,
//! so a `Set-Cookie` three requests earlier explains a 401 now.

use crate::cookie_store::{CookieStore, NotSent, Policy, RequestContext};
use crate::parse::cookie::parse_cookie;
use crate::parse::set_cookie::parse_set_cookie;
use crate::parse::url::Url;
use crate::site::SiteRelation;

use super::text::contains_ci;
use super::{fill, Context, Ex, Hit};

/// The browser context of `ex`'s request, from its fetch metadata.
fn request_context(ex: &Ex<'_>) -> RequestContext {
    let site = SiteRelation::from_sec_fetch_site(ex.req_value("sec-fetch-site"));
    let initiator = [ex.req_value("origin"), ex.req_value("referer")]
        .into_iter()
        .find_map(|v| Url::parse(v).ok());
    let navigate = ex
        .req_value("sec-fetch-mode")
        .eq_ignore_ascii_case("navigate");
    RequestContext::same_site(ex.method())
        .with_site(site)
        .with_initiator(initiator)
        .with_top_level_navigation(navigate)
}

/// Why a cookie is not sent, for a person.
fn reason(why: &NotSent) -> String {
    match why {
        NotSent::Rejected { reasons } => reasons.first().map_or_else(
            || "the browser refused the Set-Cookie".to_owned(),
            ToString::to_string,
        ),
        NotSent::Overwritten { .. } => "a later Set-Cookie replaced it".into(),
        NotSent::Deleted { .. } => {
            "a later Set-Cookie deleted it (Max-Age=0 or a past Expires)".into()
        }
        NotSent::Expired { .. } => "it had expired".into(),
        NotSent::DomainMismatch { domain, host } => {
            fill("its Domain {} does not cover {}", &[domain, host])
        }
        NotSent::HostOnly { domain, host } => fill(
            "it is host-only for {} (no Domain attribute), the request went to {}",
            &[domain, host],
        ),
        NotSent::PathMismatch { path, request_path } => {
            fill("its Path {} does not cover {}", &[path, request_path])
        }
        NotSent::SecureOverHttp => "it is Secure and the request is http:".into(),
        NotSent::SameSiteStrict => "SameSite=Strict and the request is cross-site".into(),
        NotSent::SameSiteLax => {
            "SameSite=Lax and the request is a cross-site subresource or POST".into()
        }
        NotSent::SameSiteUnspecifiedTreatedAsLax => {
            "no SameSite (treated as Lax) and the request is cross-site".into()
        }
        NotSent::ThirdPartyBlocked => {
            "third-party cookies are blocked for this cross-site request".into()
        }
    }
}

/// `cookie.not-sent` and `cookie.rejected`: replays every `Set-Cookie`
/// and asks, for each later request, why a cookie set earlier is missing.
pub(super) fn replay(cx: &Context<'_>, out: &mut Vec<Hit>) {
    if cx.sanitized {
        return;
    }
    let mut store = CookieStore::new(Policy::chromium());
    // (event, exchange, header index) of every Set-Cookie seen so far.
    let mut set_at: Vec<(usize, usize, usize)> = Vec::new();
    // One finding per cookie and reason, not one per later request (a
    // redirect loop would repeat it twenty times): the first failing
    // request it explains, else the first request it shows on.
    let mut found: Vec<(String, bool, Hit)> = Vec::new();
    for ex in cx.ex.iter() {
        let now = ex.clock.map_or(0, |c| c.0);
        if let (Some(url), Some(req)) = (ex.url.as_ref(), ex.req) {
            let ctx = request_context(ex);
            let sent: Vec<String> = req
                .headers
                .iter()
                .filter(|h| h.is("cookie"))
                .flat_map(|h| {
                    parse_cookie(&h.value)
                        .pairs
                        .into_iter()
                        .map(|p| p.name.to_owned())
                })
                .collect();
            let failing = cx.is_failure(ex.index);
            let mut seen: Vec<String> = Vec::new();
            for &(event, from, index) in set_at.iter().rev() {
                let why = store.explain_event(event, url, &ctx, now);
                let Some(name) = why.name.clone() else {
                    continue;
                };
                if why.sent || sent.contains(&name) || seen.contains(&name) {
                    continue;
                }
                seen.push(name.clone());
                let Some(first) = why.reasons.first() else {
                    continue;
                };
                let text = reason(first);
                let rejected = matches!(first, NotSent::Rejected { .. });
                // Cleared or run out: the session ended, which is its own
                // diagnosis (log in again), not a cookie-rule problem.
                let ended = matches!(first, NotSent::Deleted { .. } | NotSent::Expired { .. });
                let code = if rejected {
                    "cookie.rejected"
                } else if ended {
                    "session.expired"
                } else {
                    "cookie.not-sent"
                };
                let title = if ended {
                    fill(
                        "The session cookie {} was gone before this request (Set-Cookie in exchange #{}): {}",
                        &[&name, &from.to_string(), &text],
                    )
                } else if rejected {
                    fill(
                        "The browser refused cookie {} set by exchange #{}: {}",
                        &[&name, &from.to_string(), &text],
                    )
                } else {
                    fill(
                        "Cookie {} (set by exchange #{}) is not sent to {}: {}",
                        &[&name, &from.to_string(), &url.path, &text],
                    )
                };
                let key = fill("{} {}", &[&name, &text]);
                let hit = Hit::new(code, ex.index, title)
                        .weight(if failing { 75 } else { 0 })
                        .warning()
                        .detail(why!("The session lives in a cookie the server set earlier in this capture; the browser's cookie rules keep it off this request, so the server sees an anonymous visitor."))
                        .evidence(cx.res_ev(from, index, None, &fill("Set-Cookie {}", &[&name])))
                        .evidence(cx.request_line_ev(ex.index, &text))
                        .visitor("Open the site on the same host and scheme it logged you in on; allow cookies for it (third-party cookie settings, tracking protection).")
                        .owner(fill("Fix the attributes of {}: SameSite=None; Secure for cross-site use, a Domain covering every host that needs it, Path=/, and serve everything over https.", &[&name]));
                match found.iter_mut().find(|(k, _, _)| *k == key) {
                    Some(slot) if failing && !slot.1 => *slot = (key, failing, hit),
                    Some(_) => {}
                    None => found.push((key, failing, hit)),
                }
            }
        }
        let Some(res) = ex.res else { continue };
        let from = ex.url.clone();
        let ctx = request_context(ex);
        for (index, h) in res
            .headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.is("set-cookie"))
        {
            if let Some(url) = from.as_ref() {
                let event = store.set_cookie(&h.value, url, &ctx, now);
                set_at.push((event, ex.index, index));
            }
        }
    }
    out.extend(found.into_iter().map(|(_, _, hit)| hit));
}

/// `cookie.not-sent` on a cross-site redirect: a session cookie with
/// SameSite Lax/Strict set in answer to a cross-site request that redirects.
pub(super) fn cross_site_redirect(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let redirect = ex.status.is_some_and(|s| (300..400).contains(&s));
        let cross = SiteRelation::from_sec_fetch_site(ex.req_value("sec-fetch-site"))
            .is_some_and(SiteRelation::is_cross_site);
        if !redirect || !cross {
            continue;
        }
        let Some(res) = ex.res else { continue };
        for (index, h) in res
            .headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.is("set-cookie"))
        {
            let Ok(c) = parse_set_cookie(&h.value) else {
                continue;
            };
            let lax_or_strict =
                contains_ci(&h.value, "samesite=lax") || contains_ci(&h.value, "samesite=strict");
            if !lax_or_strict {
                continue;
            }
            let name = c.name.to_string();
            let login = contains_ci(ex.res_value("location"), "login")
                || contains_ci(ex.res_value("location"), "signin");
            out.push(
                Hit::new("cookie.not-sent", ex.index, fill("Cookie {} is set during a cross-site redirect with SameSite Lax/Strict: browsers may not keep or send it on the next hop", &[&name]))
                    .weight(if login { 65 } else { 40 })
                    .detail(why!("The request came from another site (a link in an e-mail, an identity provider). Strict cookies are withheld for the whole cross-site chain; Safari's tracking prevention also drops cookies set in such redirects. The next request then arrives without the session."))
                    .evidence(cx.res_ev(ex.index, index, None, "cookie set on a cross-site redirect"))
                    .evidence(cx.req_named(ex.index, "sec-fetch-site", "cross-site request"))
                    .visitor("Open the link in the same browser you use for the site, or log in directly on the site.")
                    .owner("Do not rely on a cookie set in a cross-site redirect: land on a same-site page first (an interstitial that sets the cookie on a same-site request), or use SameSite=None; Secure for that cookie."),
            );
        }
    }
}
