//! `tls.client-certificate`: the server wanted a client certificate (mutual
//! TLS), which no `Authorization` header can stand in for. Only what the
//! server or the proxy in front of it wrote counts: nginx's (and
//! Cloudflare's) 400 pages, its 495/496 codes, IIS's 403.7/403.13/403.16/
//! 403.17 pages, a verification result echoed in a header, an error body
//! that names the client certificate, or the TLS alert that ended the
//! connection before any answer (as `curl -v` prints it).

use super::text::{contains_ci, first_of};
use super::{fill, Context, Hit};

/// Body texts that say the certificate was not sent: (text, who writes it).
const NOT_SENT: &[(&str, &str)] = &[
    ("No required SSL certificate was sent", "nginx"),
    ("No required TLS certificate was sent", "Kong"),
    ("HTTP Error 403.7", "IIS"),
    ("403.7 - Forbidden", "IIS"),
    ("client certificate required", ""),
    ("client certificate is required", ""),
    ("requires a client certificate", ""),
    (
        "requires your browser to have a Secure Sockets Layer (SSL) client certificate",
        "IIS",
    ),
    ("certificate required", ""),
];

/// Body texts that say a certificate was sent and refused.
const REFUSED: &[(&str, &str)] = &[
    ("The SSL certificate error", "nginx"),
    ("HTTP Error 403.16", "IIS"),
    ("HTTP Error 403.13", "IIS"),
    ("HTTP Error 403.17", "IIS"),
    ("client certificate untrusted", ""),
    ("client certificate has expired", ""),
    ("client certificate revoked", ""),
    ("client certificate is invalid", ""),
    ("invalid client certificate", ""),
    ("bad client certificate", ""),
];

/// Headers that carry the server's verification result (nginx's
/// `$ssl_client_verify` as people expose it, Traefik, HAProxy).
const VERIFY_HEADERS: &[&str] = &[
    "x-ssl-client-verify",
    "x-client-verify",
    "ssl-client-verify",
    "x-ssl-verify",
    "x-client-cert-verify",
];

/// TLS alerts (OpenSSL's names, as curl prints them) a server sends when it
/// refuses the handshake over the client certificate, and whether they
/// mean that none was presented.
const ALERTS: &[(&str, bool)] = &[
    ("alert certificate required", true),
    ("alert bad certificate", false),
    ("alert unknown ca", false),
    ("alert certificate expired", false),
    ("alert certificate revoked", false),
];

/// `tls.client-certificate` where the server answered no HTTP at all: the
/// request went out and a TLS alert about the certificate came back.
fn refused_handshake(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter().filter(|e| e.res.is_none()) {
        let Some((alert, missing)) = ALERTS
            .iter()
            .find_map(|(a, missing)| ex.note(a).map(|n| (n, *missing)))
        else {
            continue;
        };
        let host = if ex.host().is_empty() {
            "the server"
        } else {
            ex.host()
        };
        let title = if missing {
            fill("{} wants a client certificate (mutual TLS) and none was presented: it ended the connection with a TLS alert", &[host])
        } else {
            fill(
                "{} refused the client certificate presented (mutual TLS): {}",
                &[host, &alert.text],
            )
        };
        out.push(
            Hit::new("tls.client-certificate", ex.index, title)
                .weight(90)
                .detail(why!("The server checks a client certificate during the TLS handshake and closed the connection with an alert before reading the request: no user name, password, cookie or token can replace the certificate."))
                .evidence(cx.note_ev(ex.index, alert, "the server's TLS alert"))
                .evidence(ex.note("Request CERT").and_then(|n| cx.note_ev(ex.index, n, "the server asked for a client certificate")))
                .visitor(if missing {
                    "Present the client certificate this site expects: curl --cert client.crt --key client.key (or --cert client.p12 --cert-type P12), or install it in the browser or system store."
                } else {
                    "Check the certificate you present: issued by the CA the site trusts, not expired, not revoked; ask the site for a new one if needed."
                })
                .owner("Check the CA bundle the server verifies client certificates against and its verification depth; while debugging, verify optionally and answer with an error page that says what was wrong.")
                .next("`openssl s_client -connect HOST:443 -cert client.crt -key client.key` and the server's TLS error log"),
        );
    }
}

/// `tls.client-certificate`: what the failing response (or the TLS alert
/// that replaced it) says about a client certificate.
pub(super) fn client_certificate(cx: &Context<'_>, out: &mut Vec<Hit>) {
    refused_handshake(cx, out);
    for ex in cx.failures() {
        let status = ex.status.unwrap_or(0);
        let by_status = match status {
            496 => Some("496 SSL Certificate Required"),
            495 => Some("495 SSL Certificate Error"),
            _ => None,
        };
        let find = |table: &[(&'static str, &'static str)]| {
            table
                .iter()
                .copied()
                .find(|(text, _)| contains_ci(ex.body, text))
        };
        // Error pages of other statuses may mention certificates in
        // passing; the refusals of a handshake's outcome are 400–403.
        let about_auth = matches!(status, 400..=403 | 495 | 496);
        let not_sent = find(NOT_SENT).filter(|_| about_auth);
        let refused = find(REFUSED).filter(|_| about_auth);
        let verify = VERIFY_HEADERS.iter().find_map(|h| {
            let v = ex.res_value(h);
            let v = if v.is_empty() { ex.req_value(h) } else { v };
            (first_of(v, &["NONE", "FAILED"]).is_some()).then_some((*h, v))
        });
        // Only the status codes and pages that are about the certificate:
        // a 400 for another reason ("plain HTTP request sent to HTTPS
        // port") says nothing of it.
        if by_status.is_none() && not_sent.is_none() && refused.is_none() && verify.is_none() {
            continue;
        }
        let missing = status == 496
            || not_sent.is_some()
            || verify.is_some_and(|(_, v)| contains_ci(v, "none"));
        let who = not_sent
            .or(refused)
            .map(|(_, w)| w)
            .filter(|w| !w.is_empty())
            .unwrap_or(if by_status.is_some() {
                "nginx"
            } else {
                "the server"
            });
        let weight = if by_status.is_some()
            || not_sent.is_some_and(|(_, w)| !w.is_empty())
            || refused.is_some_and(|(_, w)| !w.is_empty())
        {
            95
        } else if not_sent.is_some() || refused.is_some() {
            75
        } else {
            60
        };
        let title = if missing {
            fill(
                "{} on {} wants a client certificate (mutual TLS) and none was presented",
                &[who, ex.host()],
            )
        } else {
            fill("{} on {} refused the client certificate presented (mutual TLS): untrusted, expired or revoked", &[who, ex.host()])
        };
        let needle = not_sent.or(refused).map(|(t, _)| t);
        out.push(
            Hit::new("tls.client-certificate", ex.index, title)
                .weight(weight)
                .detail(why!("Mutual TLS authenticates the client during the TLS handshake, with a certificate, before any HTTP credential is read: no user name, password, cookie or token can replace it. nginx reports a missing certificate as 400 \"No required SSL certificate was sent\" (internally 496) and a rejected one as 400 \"The SSL certificate error\" (495); IIS answers 403.7 (required), 403.13 (revoked), 403.16 (untrusted) or 403.17 (expired)."))
                .evidence(by_status.and_then(|s| cx.status_ev(ex.index, s)))
                .evidence(needle.and_then(|t| cx.body_ev(ex.index, t, "the server's words about the client certificate")))
                .evidence(verify.and_then(|(h, _)| cx.res_named(ex.index, h, "certificate verification result").or_else(|| cx.req_named(ex.index, h, "certificate verification result"))))
                .visitor(if missing {
                    "Present the client certificate this site expects: install it (with its private key) in the browser or system store and pick it when asked, or pass it to the tool (curl --cert client.crt --key client.key; Postman: Settings → Certificates)."
                } else {
                    "Check the certificate you present: not expired, issued by the CA the site trusts, not revoked; ask the site for a new one if needed."
                })
                .owner(if who == "IIS" {
                    "In IIS Manager → SSL Settings, check Client certificates (Require/Accept), that the issuing CA is in the server's Trusted Root store (and in the binding's CTL if one is set), and that revocation can be checked."
                } else {
                    "Check the mTLS setup: the CA bundle the server verifies against (nginx ssl_client_certificate / ssl_trusted_certificate, ssl_verify_depth), ssl_verify_client on|optional, and whether a proxy in front terminates TLS and drops the certificate (use ssl_verify_client optional plus a clear error page while debugging)."
                })
                .next("the TLS handshake: `curl -v --cert client.crt --key client.key URL` (look for \"CERT request\" and the alerts) or `openssl s_client -connect HOST:443 -cert client.crt -key client.key`"),
        );
    }
}
