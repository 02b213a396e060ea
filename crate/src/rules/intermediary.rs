//! `intermediary.*`: who stripped or rejected what on the way.

use super::context::is_key_header;
use super::status::who_answered;
use super::text::{contains_ci, first_of};
use super::vendor_tables::{lookup, PROXIES};
use super::{fill, Context, Ex, Hit};

/// What a server says when no credentials reached it.
const SAW_NONE: &[&str] = &[
    "missing authorization",
    "no authorization",
    "authorization header is missing",
    "authorization header not found",
    "no token",
    "token not provided",
    "token missing",
    "missing token",
    "no credentials",
    "not logged in",
    "unauthenticated",
    "not authenticated",
    "authentication credentials were not provided",
    "rest_not_logged_in",
];

/// Signs of a PHP application behind Apache/FastCGI, where Authorization
/// is famously not passed on.
fn php_signals(ex: &Ex<'_>) -> bool {
    let token = ex
        .auth
        .as_ref()
        .and_then(|a| a.credentials.as_ref())
        .and_then(|c| c.token68)
        .map_or("", |t| t.text);
    // Laravel Sanctum tokens are `<id>|<secret>`.
    let sanctum = token
        .split_once('|')
        .is_some_and(|(id, _)| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    let raw = ex.auth.as_ref().map_or("", |a| a.header.value.as_str());
    let sanctum_raw = raw
        .split_whitespace()
        .nth(1)
        .and_then(|t| t.split_once('|'))
        .is_some_and(|(id, _)| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    sanctum
        || sanctum_raw
        || contains_ci(ex.res_value("x-powered-by"), "php")
        || ex.path().contains(".php")
        || ex.path().starts_with("/wp-json")
        || ex.req_header("cookie").is_some_and(|(_, h)| {
            contains_ci(&h.value, "laravel_session") || contains_ci(&h.value, "PHPSESSID")
        })
}

/// `intermediary.header-stripped`: Authorization sent, the server acts as
/// if none arrived.
pub(super) fn header_stripped(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx
        .failures()
        .filter(|e| matches!(e.status, Some(401 | 403)))
    {
        let Some(auth) = ex.auth.as_ref() else {
            underscore_header(cx, ex, out);
            continue;
        };
        let saw_none = first_of(ex.body, SAW_NONE).or_else(|| {
            ex.challenges.iter().find_map(|c| {
                c.param("error_description")
                    .and_then(|d| first_of(d, SAW_NONE))
            })
        });
        let php = php_signals(ex);
        let no_challenge = ex.challenges.is_empty();
        let weight = match (saw_none.is_some(), php) {
            (true, true) => 80,
            (true, false) => 70,
            (false, true) if no_challenge => 60,
            _ => continue,
        };
        let what = saw_none.unwrap_or("a 401 without any challenge");
        out.push(
            Hit::new("intermediary.header-stripped", ex.index, fill("{} was sent, but {} answers as if no credentials arrived ({})", &[&auth.header.name, ex.host(), what]))
                .weight(weight)
                .detail(why!("Something between the client and the application removed the header: Apache does not pass Authorization to PHP under CGI/FastCGI (HTTP_AUTHORIZATION is empty), some proxies and CDNs drop it, nginx drops header names with underscores."))
                .evidence(cx.req_ev(ex.index, auth.index, None, "sent by the client"))
                .evidence(saw_none.and_then(|n| cx.body_ev(ex.index, n, "the application saw none")))
                .visitor("Nothing to change in the request; tell the site owner the Authorization header does not reach the application.")
                .owner(if php {
                    "Apache + PHP-FPM/CGI: add `CGIPassAuth On` (Apache ≥ 2.4.13) or `RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]` to .htaccess, then check $_SERVER['HTTP_AUTHORIZATION']."
                } else {
                    "Check each proxy/CDN/ingress passes Authorization (nginx: proxy_set_header Authorization $http_authorization; no underscores in custom header names)."
                })
                .next("what the application receives (log $_SERVER / request headers at the app)"),
        );
    }
}

/// A credential header whose name has underscores, sent to a server that
/// says it saw none: nginx drops such headers (`underscores_in_headers off`,
/// the default), and so do other proxies.
fn underscore_header(cx: &Context<'_>, ex: &Ex<'_>, out: &mut Vec<Hit>) {
    let Some((index, header)) = ex.req.and_then(|r| {
        r.headers
            .iter()
            .enumerate()
            .find(|(_, h)| h.name.contains('_') && is_key_header(&h.name))
    }) else {
        return;
    };
    let Some(saw_none) = first_of(ex.body, SAW_NONE) else {
        return;
    };
    let nginx = contains_ci(ex.res_value("server"), "nginx");
    out.push(
        Hit::new("intermediary.header-stripped", ex.index, fill("{} was sent, but {} answers as if no credentials arrived ({}): header names with underscores are dropped on the way", &[&header.name, ex.host(), saw_none]))
            .weight(if nginx { 80 } else { 65 })
            .detail(why!("nginx (and several other proxies) silently drop request headers whose names contain underscores; the application behind never sees the key."))
            .evidence(cx.req_ev(ex.index, index, None, "name with underscores"))
            .evidence(cx.res_named(ex.index, "server", "the proxy in front"))
            .evidence(cx.body_ev(ex.index, saw_none, "the application saw none"))
            .visitor(fill("Send the header with dashes instead of underscores ({}).", &[&header.name.replace('_', "-")]))
            .owner("nginx: `underscores_in_headers on;` in the server block (or rename the header to use dashes).")
            .next("what the application receives (log its request headers)"),
    );
}

/// Layers in front of applications, by response header or body.
const LAYERS: &[(&str, &str, &str)] = &[
    ("server", "cloudflare", "Cloudflare"),
    ("server", "awselb", "AWS load balancer"),
    ("server", "envoy", "Envoy"),
    ("server", "istio-envoy", "Istio"),
    ("server", "akamaighost", "Akamai"),
    ("server", "varnish", "Varnish"),
    ("server", "squid", "Squid"),
    ("x-amz-apigw-id", "", "AWS API Gateway"),
    ("x-azure-ref", "", "Azure Front Door"),
    ("x-kong-response-latency", "", "Kong"),
    ("x-auth-request-redirect", "", "oauth2-proxy"),
];

/// `intermediary.rejected-upstream`: the refusal came from a layer in
/// front of the application.
pub(super) fn rejected_upstream(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.refusals() {
        let by_header = LAYERS.iter().find(|(h, v, _)| {
            let value = ex.res_value(h);
            ex.res_header(h).is_some() && (v.is_empty() || contains_ci(value, v))
        });
        let mesh = lookup(PROXIES, ex.body);
        let rbac = mesh.is_some();
        let access = contains_ci(ex.res_value("location"), "cloudflareaccess.com")
            || contains_ci(ex.res_value("location"), "/oauth2/start");
        let layer = if rbac {
            "Envoy/Istio"
        } else if let Some((_, _, name)) = by_header {
            name
        } else if access {
            "an access proxy"
        } else {
            continue;
        };
        let redirect = ex.status.is_some_and(|s| (300..400).contains(&s));
        if redirect && !access {
            continue;
        }
        let _ = who_answered;
        let mut hit = Hit::new("intermediary.rejected-upstream", ex.index, fill("The refusal comes from {} in front of the application, not from the application", &[layer]))
                .weight(if rbac || access { 60 } else { 40 })
                .detail(why!("A CDN, WAF, gateway, mesh or auth proxy answered before the application saw the request: the application's own login and logs know nothing of it."))
                .evidence(by_header.and_then(|(h, _, _)| cx.res_named(ex.index, h, "layer in front")))
                .evidence(mesh.and_then(|e| cx.body_ev(ex.index, e.0, e.1)))
                .visitor("Tell the owner which layer refused (the response headers name it).")
                .owner(fill("Check {}'s policy for this host and path (and its logs), not the application's.", &[layer]));
        if let Some(e) = mesh {
            hit = hit.subcode(e.0).owner(e.2);
        }
        out.push(hit);
    }
}
