//! `challenge.*`: `WWW-Authenticate` and `Proxy-Authenticate`.

use super::status::scheme_list;
use super::text::{contains_ci, first_of};
use super::{fill, Context, Hit};
use crate::model::Note;

/// `challenge.malformed`: a challenge header that breaks the grammar.
pub(super) fn malformed(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        for (index, error) in &ex.challenge_errors {
            let msg = error.to_string();
            let name = ex
                .res
                .and_then(|r| r.headers.get(*index))
                .map_or("WWW-Authenticate", |h| h.name.as_str());
            out.push(
                Hit::new("challenge.malformed", ex.index, fill("{} does not follow the grammar: {}", &[name, &msg]))
                    .warning()
                    .detail(why!("Clients differ in how they read a broken challenge: some skip it, some pick a wrong scheme, some give up."))
                    .evidence(cx.res_ev(ex.index, *index, Some(error.span), &msg))
                    .owner("Write challenges as `Scheme param=\"value\", param2=\"value\"` (RFC 9110 §11.2)."),
            );
        }
    }
}

/// `challenge.scheme-mismatch`: the credentials' scheme is not offered.
pub(super) fn scheme_mismatch(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.is_challenge_status()) {
        let Some(sent) = ex.sent() else { continue };
        let scheme = sent.scheme();
        if scheme.is_empty() || ex.offered().is_empty() || ex.offers(scheme) {
            continue;
        }
        let offered = scheme_list(ex.offered());
        let proxy = ex.status == Some(407);
        out.push(
            Hit::new("challenge.scheme-mismatch", ex.index, fill("{} sent {} but {} offers only {}", &[
                &sent.header.name,
                scheme,
                if proxy { "the proxy" } else { "the server" },
                &offered,
            ]))
            .weight(80)
            .detail(why!("The server ignores credentials in a scheme it did not offer and answers with the same challenge again."))
            .evidence(cx.req_ev(ex.index, sent.index, None, "scheme sent"))
            .evidence(ex.offered().first().and_then(|c| cx.res_ev(ex.index, c.index, None, "schemes offered")))
            .visitor(fill("Use a client that answers {} (curl: --negotiate / --ntlm / --proxy-ntlm; npm and git need a local NTLM proxy such as cntlm or px for NTLM-only proxies).", &[&offered]))
            .owner(fill("Offer {} as well if such clients must work, or document the scheme clients must use.", &[scheme])),
        );
    }
}

/// `challenge.browser-choice`: several schemes offered.
pub(super) fn browser_choice(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter().filter(|e| e.is_challenge_status()) {
        let offered = ex.offered();
        let list = scheme_list(offered);
        if !list.contains(',') {
            continue;
        }
        let pick = if ex.offers("negotiate") {
            "Negotiate (Kerberos, falling back to NTLM), if the host is in the intranet zone / allow-list"
        } else if ex.offers("ntlm") {
            "NTLM"
        } else if ex.offers("digest") {
            "Digest"
        } else {
            "the strongest scheme they support"
        };
        out.push(
            Hit::new("challenge.browser-choice", ex.index, fill("{} schemes offered ({}): browsers pick {}", &[
                if ex.status == Some(407) { "Proxy" } else { "Several" },
                &list,
                pick,
            ]))
            .detail(why!("Browsers choose the strongest scheme they can answer (Negotiate > NTLM > Digest > Basic); command-line tools pick what they are told to."))
            .evidence(offered.first().and_then(|c| cx.res_ev(ex.index, c.index, None, "first offered scheme"))),
        );
    }
}

/// Clients that cannot answer Negotiate/NTLM by themselves, from `User-Agent`.
const NO_SSO_CLIENTS: &[(&str, &str)] = &[
    ("git/", "git sends no credentials to a Negotiate/NTLM challenge unless `http.emptyAuth` is true (`git config --global http.emptyAuth true`) or a credential helper answers it"),
    ("npm/", "npm cannot answer NTLM/Negotiate; run a local NTLM proxy (cntlm, px) or use a token"),
    ("java/", "Java's HTTP client needs an Authenticator and `jdk.http.auth.tunneling.disabledSchemes` adjusted to answer NTLM/Negotiate"),
    ("python-requests", "requests needs requests-negotiate-sspi / requests-ntlm (or requests-kerberos) to answer the challenge"),
    ("node-fetch", "Node's fetch cannot answer NTLM/Negotiate; use an NTLM-capable agent"),
    ("axios", "axios cannot answer NTLM/Negotiate; use an NTLM-capable agent"),
    ("go-http-client", "Go's net/http does not answer Negotiate/NTLM without a library"),
    ("okhttp", "OkHttp needs an Authenticator for NTLM/Negotiate"),
    ("postmanruntime", "Postman needs the NTLM authorization type set on the request"),
    ("curl/", "curl answers Negotiate/NTLM only with --negotiate -u : or --ntlm -u user"),
];

/// `challenge.client-unsupported`: the client cannot answer the scheme.
pub(super) fn client_unsupported(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.is_challenge_status()) {
        // `curl -u` (or any origin credential) sent where the proxy asked:
        // Authorization goes to the site, the proxy reads Proxy-Authorization.
        if let (Some(407), Some(auth), None) = (ex.status, ex.auth.as_ref(), ex.proxy_auth.as_ref())
        {
            if !ex.proxy_challenges.is_empty() {
                out.push(
                    Hit::new("challenge.client-unsupported", ex.index, fill("Credentials were sent to the site ({}), but the proxy asks for Proxy-Authorization", &[&auth.header.name]))
                        .weight(80)
                        .detail(why!("A 407 comes from the proxy, which only reads Proxy-Authorization; Authorization is passed on to the site. `curl -u` sets Authorization, `curl -U`/`--proxy-user` sets Proxy-Authorization."))
                        .evidence(cx.req_ev(ex.index, auth.index, None, "meant for the site, not the proxy"))
                        .evidence(ex.proxy_challenges.first().and_then(|c| cx.res_ev(ex.index, c.index, None, "the proxy's challenge")))
                        .visitor("Give the proxy its own credentials: curl --proxy-user USER:PASS (or -x http://USER:PASS@proxy:port), HTTPS_PROXY with user:pass, or the proxy settings of your tool.")
                        .owner("Nothing on the proxy: the client sent its credentials to the wrong header."),
                );
                continue;
            }
        }
        let windows_only = !ex.offered().is_empty()
            && ex
                .offered()
                .iter()
                .all(|c| c.is("negotiate") || c.is("ntlm") || c.is("kerberos"));
        if !windows_only {
            continue;
        }
        // curl prints GSS-API's failure only when it tried Negotiate: the
        // client is able, its Kerberos setup is not.
        if let Some(gss) = ex.note("gss_init_sec_context") {
            kerberos_client_failed(cx, ex.index, gss, out);
            continue;
        }
        let ua = ex.req_value("user-agent");
        let Some((_, why)) = NO_SSO_CLIENTS.iter().find(|(k, _)| contains_ci(ua, k)) else {
            continue;
        };
        let sent = ex.sent();
        if sent.is_some_and(|a| a.is("negotiate") || a.is("ntlm")) {
            continue;
        }
        let offered = scheme_list(ex.offered());
        out.push(
            Hit::new("challenge.client-unsupported", ex.index, fill("{} does not answer {} by itself", &[ua, &offered]))
                .weight(75)
                .detail(why)
                .evidence(cx.req_named(ex.index, "user-agent", "the client"))
                .evidence(ex.offered().first().and_then(|c| cx.res_ev(ex.index, c.index, None, "Windows-integrated schemes only")))
                .visitor(*why)
                .owner(fill("Also offer a scheme such clients answer (Basic over HTTPS, personal access tokens) on {}.", &[ex.host()])),
        );
    }
}

/// `challenge.client-unsupported` for a client that tried Negotiate and
/// failed before sending a token (GSS-API's own message in the trace).
fn kerberos_client_failed(cx: &Context<'_>, i: usize, gss: &Note, out: &mut Vec<Hit>) {
    let no_ticket = first_of(
        &gss.text,
        &[
            "No credentials were supplied",
            "No Kerberos credentials",
            "credentials cache",
        ],
    )
    .is_some();
    let title = if no_ticket {
        "The client tried Negotiate but has no Kerberos ticket, so it sent no token".to_owned()
    } else {
        fill(
            "The client tried Negotiate but Kerberos failed on its side: {}",
            &[&gss.text],
        )
    };
    out.push(
        Hit::new("challenge.client-unsupported", i, title)
            // Below credentials.none-sent: that the request went out
            // without credentials stays the verdict; this says why.
            .weight(50)
            .detail(why!("GSS-API found no usable Kerberos credentials for the server's service principal (HTTP/host@REALM), so the client could not build a Negotiate token and sent the request without one."))
            .evidence(cx.note_ev(i, gss, "the client's Kerberos (GSS-API) error"))
            .visitor("Get a ticket and check it: `kinit user@REALM`, then `klist` (it should list krbtgt/REALM@REALM and, after a retry, HTTP/host@REALM); use the host name the server's principal is made for, not an IP address.")
            .visitor("With curl keep `--negotiate -u :`; if KRB5CCNAME points elsewhere, kinit into that cache.")
            .owner("Nothing on the server unless users cannot get tickets: check the KDC is reachable and the realm in the clients' krb5.conf."),
    );
}

/// `challenge.basic-realm`: Basic without `realm`, or a charset other than UTF-8.
pub(super) fn basic_realm(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        for c in ex
            .challenges
            .iter()
            .chain(&ex.proxy_challenges)
            .filter(|c| c.is("basic"))
        {
            let charset = c
                .param("charset")
                .filter(|v| !v.eq_ignore_ascii_case("utf-8"));
            if c.param("realm").is_some() && charset.is_none() {
                continue;
            }
            let what = if charset.is_some() {
                "a charset other than UTF-8"
            } else {
                "no realm (RFC 7617 requires one)"
            };
            out.push(
                Hit::new(
                    "challenge.basic-realm",
                    ex.index,
                    fill("Basic challenge with {}", &[what]),
                )
                .warning()
                .evidence(cx.res_ev(ex.index, c.index, None, what))
                .owner("Send `Basic realm=\"…\", charset=\"UTF-8\"`."),
            );
        }
    }
}

/// Whether `scheme` is in the IANA registry or widely used by vendors.
pub(super) fn known_scheme(scheme: &str) -> bool {
    KNOWN_SCHEMES.iter().any(|k| k.eq_ignore_ascii_case(scheme))
}

/// Schemes in the IANA registry or widely used by vendors.
const KNOWN_SCHEMES: &[&str] = &[
    "basic",
    "bearer",
    "digest",
    "negotiate",
    "ntlm",
    "kerberos",
    "hoba",
    "mutual",
    "scram-sha-1",
    "scram-sha-256",
    "vapid",
    "dpop",
    "privatetoken",
    "concealed",
    "gnap",
    "aws4-hmac-sha256",
    "oauth",
    "token",
    "signature",
    "newauth",
    "apikey",
    "sharedkey",
    "sharedaccesssignature",
    "hawk",
    "gssapi",
    "x-mobileme-authtoken",
    "formbased",
    "sso",
    "bearer-token",
];

/// `challenge.unknown-scheme`: a scheme nobody registered.
pub(super) fn unknown_scheme(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        for c in ex.challenges.iter().chain(&ex.proxy_challenges) {
            let s = c.challenge.scheme;
            if KNOWN_SCHEMES.iter().any(|k| k.eq_ignore_ascii_case(s)) {
                continue;
            }
            out.push(
                Hit::new(
                    "challenge.unknown-scheme",
                    ex.index,
                    fill(
                        "Unregistered scheme \"{}\": generic clients will not answer it",
                        &[s],
                    ),
                )
                .warning()
                .evidence(cx.res_ev(
                    ex.index,
                    c.index,
                    Some(c.challenge.scheme_span),
                    "scheme not in the IANA registry",
                ))
                .visitor(fill(
                    "Use the vendor's client or documentation for the \"{}\" scheme.",
                    &[s],
                )),
            );
        }
    }
}
