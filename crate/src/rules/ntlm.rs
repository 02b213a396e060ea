//! `negotiate.*` and `ntlm.*`: RFC 4559 and MS-NLMP.

use super::text::contains_ci;
use super::{fill, Context, Hit};

/// The NTLM message type of a token (base64 of `NTLMSSP\0` + type).
fn ntlm_type(token: &str) -> Option<u8> {
    let t = token.trim();
    if !t.starts_with("TlRMTVNTUA") {
        return None;
    }
    match t.get(10..14) {
        Some(s) if s.starts_with("AB") => Some(1),
        Some(s) if s.starts_with("AC") => Some(2),
        Some(s) if s.starts_with("AD") => Some(3),
        _ => Some(0),
    }
}

/// `negotiate.ntlm-fallback`: a Negotiate token that is NTLM.
pub(super) fn ntlm_fallback(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some(auth) = ex
            .auth
            .as_ref()
            .or(ex.proxy_auth.as_ref())
            .filter(|a| a.is("negotiate"))
        else {
            continue;
        };
        let Some(token) = auth.credentials.as_ref().and_then(|c| c.token68) else {
            continue;
        };
        let raw_ntlm = ntlm_type(token.text).is_some();
        let wrapped = !raw_ntlm
            && crate::parse::spnego::decode_negotiate(token.text)
                .is_ok_and(|t| t.mechanism() == "ntlm");
        if !raw_ntlm && !wrapped {
            continue;
        }
        let host = ex.host();
        out.push(
            Hit::new("negotiate.ntlm-fallback", ex.index, fill("Negotiate fell back to NTLM for {}: Kerberos was not used", &[host]))
                .weight(if cx.is_failure(ex.index) { 75 } else { 0 })
                .warning()
                .detail(why!("The client found no Kerberos ticket for the service: the SPN HTTP/<host> is missing or registered on another account, the name is an IP address or a CNAME, or the host is not in the browser's intranet zone/allow-list. NTLM then fails where it is disabled or across a double hop."))
                .evidence(cx.req_ev(ex.index, auth.index, Some(token.span), "token starts with NTLMSSP"))
                .visitor(fill("Use the host's real name (not an IP or alias), and add {} to the intranet zone / AuthServerAllowlist.", &[host]))
                .owner(fill("Register the SPN on the account running the site: `setspn -S HTTP/{} DOMAIN\\account` (and check `setspn -Q HTTP/{}` finds exactly one).", &[host, host]))
                .next("`klist` on the client after the request, and `setspn -Q HTTP/<host>` on the domain"),
        );
    }
}

/// `ntlm.connection`: the handshake's legs on different connections.
pub(super) fn connection(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter().filter(|e| e.is_challenge_status()) {
        let closes = contains_ci(ex.res_value("connection"), "close")
            || contains_ci(ex.res_value("proxy-connection"), "close");
        let sent_type1 = ex
            .sent()
            .and_then(|a| a.credentials.as_ref())
            .and_then(|c| c.token68)
            .and_then(|t| ntlm_type(t.text))
            == Some(1);
        let challenge_type2 = ex.offered().iter().any(|c| {
            c.challenge
                .token68
                .is_some_and(|t| ntlm_type(t.text) == Some(2))
        });
        let offers_ntlm = ex.offers("ntlm") || ex.offers("negotiate");
        let har_switch = sent_type1 && {
            let this = ex.index;
            let conn = cx
                .exchanges
                .get(this)
                .and_then(|e| e.har.as_ref())
                .and_then(|h| h.connection.as_deref());
            cx.ex
                .iter()
                .skip(this + 1)
                .find(|l| l.sent().is_some())
                .is_some_and(|l| {
                    let other = cx
                        .exchanges
                        .get(l.index)
                        .and_then(|e| e.har.as_ref())
                        .and_then(|h| h.connection.as_deref());
                    conn.is_some() && other.is_some() && conn != other
                })
        };
        let (title, weight) = if (sent_type1 && challenge_type2 && closes) || har_switch {
            ("The NTLM challenge (type 2) came with the connection closed: the type 3 answer goes on a new connection that the server does not know", 80)
        } else if closes && offers_ntlm && ex.sent().is_none() && cx.is_failure(ex.index) {
            ("NTLM/Negotiate offered on a connection the server closes: the handshake cannot complete on one connection", 35)
        } else {
            continue;
        };
        out.push(
            Hit::new("ntlm.connection", ex.index, title.into())
                .weight(weight)
                .detail(why!("NTLM authenticates a connection, not a request: negotiate (type 1), challenge (type 2) and authenticate (type 3) must travel on the same TCP connection. A Connection: close, a proxy or a load balancer without affinity breaks it."))
                .evidence(cx.res_named(ex.index, "connection", "connection closed after the challenge"))
                .evidence(cx.res_named(ex.index, "proxy-connection", "connection closed after the challenge"))
                .visitor("Use a client that keeps the connection alive through the handshake (HTTP/1.1 keep-alive), or Negotiate/Kerberos.")
                .owner("Keep connections open for NTLM (no Connection: close on the 401), and enable session affinity on load balancers/proxies in front of the server."),
        );
    }
}

/// `ntlm.http2`: NTLM/Negotiate over HTTP/2.
pub(super) fn http2(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let v2 = ex
            .req
            .and_then(|r| r.http_version.as_deref())
            .or(ex.res.and_then(|r| r.http_version.as_deref()))
            .is_some_and(|v| v.starts_with("HTTP/2") || v == "h2");
        let windows = ex
            .auth
            .as_ref()
            .is_some_and(|a| a.is("ntlm") || a.is("negotiate"))
            || ex.offers("ntlm")
            || ex.offers("negotiate");
        if !v2 || !windows {
            continue;
        }
        out.push(
            Hit::new("ntlm.http2", ex.index, "NTLM/Negotiate over HTTP/2: connection-based authentication does not work there".into())
                .weight(80)
                .detail(why!("HTTP/2 multiplexes requests on one connection, so NTLM's per-connection handshake is not allowed; IIS answers HTTP_1_1_REQUIRED or keeps returning 401."))
                .evidence(cx.status_ev(ex.index, "over HTTP/2"))
                .visitor("Force HTTP/1.1 for this host (curl --http1.1).")
                .owner("Disable HTTP/2 for the authenticated site, or move it to Kerberos-only/modern auth."),
        );
    }
}
