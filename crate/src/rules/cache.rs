//! `cache.*`: shared caches (CDNs, proxies) storing what they must not.

use crate::parse::cache_control::parse_cache_control;

use super::text::contains_ci;
use super::{fill, Context, Hit};

/// Response headers by which a cache says it answered from storage.
fn served_from_cache(ex: &super::Ex<'_>) -> Option<&'static str> {
    let age = ex
        .res_value("age")
        .trim()
        .parse::<u64>()
        .is_ok_and(|a| a > 0);
    if age {
        return Some("age");
    }
    [
        "x-cache",
        "cf-cache-status",
        "x-cache-status",
        "cdn-cache",
        "x-proxy-cache",
    ]
    .into_iter()
    .find(|h| contains_ci(ex.res_value(h), "hit"))
}

/// `cache.auth-response`: a 401/407 that a shared cache stored and served
/// (so one failed request locks everyone out until it expires), or one it
/// may store; and an authenticated response made shareable with `public` /
/// `s-maxage` (RFC 9111 §3.5: such responses are stored only when the
/// server says so).
pub(super) fn auth_response(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(status) = ex.status else { continue };
        let cc = parse_cache_control(ex.res_value("cache-control"));
        if matches!(status, 401 | 407) {
            let hit = served_from_cache(ex);
            let storable = cc.shared_cache_may_store()
                && (cc.has("public")
                    || cc.seconds("s-maxage").is_some_and(|s| s > 0)
                    || cc.seconds("max-age").is_some_and(|s| s > 0));
            if hit.is_none() && !storable {
                continue;
            }
            let failing = cx.is_failure(ex.index);
            let title = match hit {
                Some(_) => fill(
                    "This {} came from a cache: the credentials sent were never checked",
                    &[&status.to_string()],
                ),
                None => fill(
                    "This {} may be stored by a shared cache ({}) and served to others",
                    &[&status.to_string(), ex.res_value("cache-control")],
                ),
            };
            let mut h = Hit::new("cache.auth-response", ex.index, title)
                .weight(match (hit.is_some(), failing) {
                    (true, true) => 85,
                    (false, true) => 30,
                    _ => 0,
                })
                .detail(why!("A shared cache (CDN, reverse proxy) that stores a 401 answers every later request with it until it expires, whatever credentials they carry. Responses to authenticated requests and auth failures must carry Cache-Control: no-store or private."))
                .evidence(match hit {
                    Some(name) => cx.res_named(ex.index, name, "served from the cache"),
                    None => cx.res_named(ex.index, "cache-control", "storable by a shared cache"),
                })
                .visitor("Retry after the cached answer expires, or add a harmless query string to bypass the cache; clearing your browser cache does not help if the CDN holds it.")
                .owner("Send Cache-Control: no-store on 401/407 responses and on anything behind authentication, and purge the cached 401 from the CDN; make the CDN bypass its cache when Authorization or the session cookie is present.")
                .next("the same request with `curl -v`, twice: an Age or X-Cache: HIT header on the second confirms the cache");
            if !failing {
                h = h.warning();
            }
            out.push(h);
        } else if (200..300).contains(&status)
            && ex.auth.is_some()
            && (cc.has("public") || cc.seconds("s-maxage").is_some_and(|s| s > 0))
            && !cc.has("no-store")
            && !cc.has("private")
        {
            out.push(
                Hit::new("cache.auth-response", ex.index, fill("An authenticated response is marked shareable ({}): a shared cache may serve it to other users", &[ex.res_value("cache-control")]))
                    .warning()
                    .detail(why!("RFC 9111 §3.5: a shared cache does not store a response to a request with Authorization unless the response says public, s-maxage or must-revalidate. Saying so on per-user data hands it to the next visitor."))
                    .evidence(cx.res_named(ex.index, "cache-control", "shareable"))
                    .owner("Use Cache-Control: private (or no-store) on per-user responses; keep public/s-maxage for content that is the same for everyone."),
            );
        }
    }
}
