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

/// The KRB-ERROR a server's Negotiate token carries, if it carries one.
fn krb_error(token: &str) -> Option<crate::parse::spnego::KrbError> {
    use crate::parse::spnego::{decode_negotiate, InnerToken};
    let t = decode_negotiate(token).ok()?;
    let inner = t
        .neg_token_resp
        .and_then(|r| r.response_token)
        .and_then(|i| match i {
            InnerToken::Kerberos(k) => Some(*k),
            _ => None,
        });
    t.kerberos.or(inner)?.krb_error
}

/// `negotiate.kerberos-error`: the server's final Negotiate token is a
/// KRB-ERROR. The KDC gave the client a ticket, but the server could not use
/// it; the error code says why (wrong key for the SPN, clocks apart, …),
/// which no status line or log on the client shows.
pub(super) fn kerberos_error(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        for c in ex.offered().iter().filter(|c| c.is("negotiate")) {
            let Some(token) = c.challenge.token68 else {
                continue;
            };
            let Some(err) = krb_error(token.text) else {
                continue;
            };
            let name = err.error_name.unwrap_or("KRB-ERROR");
            let meaning = err
                .meaning
                .unwrap_or("the server could not accept the Kerberos ticket");
            let sname = err.sname.as_ref().map_or("", |p| p.name.as_str());
            let spn = if sname.is_empty() {
                String::new()
            } else {
                fill(" ({})", &[sname])
            };
            let failing = cx.is_failure(ex.index);
            let mut hit = Hit::new(
                "negotiate.kerberos-error",
                ex.index,
                if sname.is_empty() {
                    fill("The server answered the Kerberos ticket with {}: {}", &[name, meaning])
                } else {
                    fill("The server answered the Kerberos ticket for {} with {}: {}", &[sname, name, meaning])
                },
            )
            .subcode(name)
            .weight(if failing { 90 } else { 0 })
            .detail(why!("With Negotiate, a server that cannot accept the client's Kerberos ticket sends a KRB-ERROR back inside its final WWW-Authenticate token. The error code names the cause: KRB_AP_ERR_MODIFIED or KRB_AP_ERR_NOT_US (the ticket is for an SPN whose key the server's keytab or account does not hold), KRB_AP_ERR_SKEW (clocks more than 5 minutes apart), KDC_ERR_ETYPE_NOSUPP (no common encryption type)."))
            .evidence(cx.res_ev(ex.index, c.index, Some(token.span), name))
            .next("`klist` on the client (which SPN the ticket is for), and the server's keytab (`klist -k`) or `setspn -Q HTTP/<host>`");
            if !failing {
                hit = hit.warning();
            }
            hit = match name {
                "KRB_AP_ERR_SKEW" => hit
                    .visitor("Set your computer's clock right (sync with the domain's time), then retry.")
                    .owner("Sync the server's clock with the domain controllers (NTP); Kerberos allows 5 minutes."),
                _ => hit
                    .visitor("Use the host name the service is registered under (not an IP address or alias); run `klist purge` and retry.")
                    .owner(fill("Make the server's keytab (or service account) hold the key of the SPN clients ask for{}: register the SPN on the account that runs the site, re-export the keytab after a password change, and check the kvno.", &[&spn])),
            };
            out.push(hit);
        }
    }
}

/// The NTLM AUTHENTICATE message a credential carries (raw NTLM, or inside
/// SPNEGO).
fn authenticate_message(token: &str) -> Option<crate::parse::ntlm::NtlmMessage> {
    use crate::parse::spnego::{decode_negotiate, InnerToken};
    let t = decode_negotiate(token).ok()?;
    let inner = t
        .neg_token_init
        .and_then(|i| i.mech_token)
        .or_else(|| t.neg_token_resp.and_then(|r| r.response_token))
        .and_then(|i| match i {
            InnerToken::Ntlm(m) => Some(*m),
            _ => None,
        });
    t.ntlm.or(inner).filter(|m| m.message_type == 3)
}

/// `ntlm.v1`: the client answered the challenge with an NTLMv1 (or LM, or
/// "NTLM2 session") response, 24 bytes long. Servers and domains hardened
/// with LmCompatibilityLevel 5 or "Restrict NTLM" refuse it, however right
/// the password: the fix is the client's policy, not the credentials.
pub(super) fn v1(cx: &Context<'_>, out: &mut Vec<Hit>) {
    use crate::parse::ntlm::NtlmVersion;
    for ex in cx.ex.iter() {
        let Some(auth) = [ex.auth.as_ref(), ex.proxy_auth.as_ref()]
            .into_iter()
            .flatten()
            .find(|a| a.is("ntlm") || a.is("negotiate"))
        else {
            continue;
        };
        let Some(token) = auth.credentials.as_ref().and_then(|c| c.token68) else {
            continue;
        };
        let Some(message) = authenticate_message(token.text) else {
            continue;
        };
        if !matches!(
            message.ntlm_version,
            Some(NtlmVersion::V1 | NtlmVersion::V1Ess)
        ) {
            continue;
        }
        let failing = cx.is_failure(ex.index);
        let mut hit = Hit::new("ntlm.v1", ex.index, "The client answered with an NTLMv1 response (24 bytes), which hardened servers refuse whatever the password".into())
            .weight(if failing { 70 } else { 0 })
            .detail(why!("NTLMv1 and LM responses can be cracked offline; domains set LmCompatibilityLevel 5 or \"Network security: Restrict NTLM\" so that servers refuse them. The password may be right: the client's policy makes it answer in the old format."))
            .evidence(cx.req_ev(ex.index, auth.index, Some(token.span), "NT response of 24 bytes: NTLMv1"))
            .visitor("Ask IT to set \"Network security: LAN Manager authentication level\" to \"Send NTLMv2 response only\" on this computer (LmCompatibilityLevel 3 or more), or use a client that speaks NTLMv2.")
            .owner("Keep refusing NTLMv1; fix the clients' LAN Manager authentication level by policy, and prefer Kerberos (register the site's SPN) so NTLM is not used at all.")
            .next("the Security event log on the server (event 4625 with the authentication package and LM level)");
        if !failing {
            hit = hit.warning();
        }
        out.push(hit);
    }
}

/// `ntlm.channel-binding`: Extended Protection for Authentication. Over
/// TLS, a server that enforces EPA (IIS "Extended Protection: Required",
/// Exchange, ADFS, AD CS web enrollment) refuses an NTLMv2 AUTHENTICATE
/// whose `MsvAvChannelBindings` pair is missing or all zero (MS-NLMP
/// §2.2.2.1, §3.1.5.1.2), and one whose binding hashes another certificate
/// (a TLS-terminating proxy in front). A refused type 3 has other causes
/// too (a wrong password first), so the weight stays below the server's
/// own words: this is a lead, confirmed by the server's settings.
pub(super) fn channel_binding(cx: &Context<'_>, out: &mut Vec<Hit>) {
    use crate::parse::ntlm::{ChannelBindings, NtlmVersion};
    for ex in cx.failures().filter(|e| e.status == Some(401)) {
        let Some(auth) = ex
            .auth
            .as_ref()
            .filter(|a| a.is("ntlm") || a.is("negotiate"))
        else {
            continue;
        };
        // Only a URL written with https: proves TLS; a bare Host is not.
        let tls = ex
            .req
            .and_then(|r| r.url.get(..8))
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        let Some(token) = auth.credentials.as_ref().and_then(|c| c.token68) else {
            continue;
        };
        let Some(message) = authenticate_message(token.text) else {
            continue;
        };
        if !tls || message.ntlm_version != Some(NtlmVersion::V2) {
            continue;
        }
        let microsoft = super::text::first_of(
            ex.res_value("server"),
            &["Microsoft-IIS", "Microsoft-HTTPAPI"],
        )
        .is_some();
        let says = super::text::first_of(ex.body, &["extended protection", "channel binding"]);
        let via = ["via", "x-forwarded-for", "x-forwarded-proto"]
            .into_iter()
            .find(|h| ex.req_header(h).is_some() || ex.res_header(h).is_some());
        let (title, weight) = match message.channel_bindings {
            Some(ChannelBindings::Absent | ChannelBindings::Zero) => {
                let what = if message.channel_bindings == Some(ChannelBindings::Zero) {
                    "an all-zero channel binding"
                } else {
                    "no channel binding"
                };
                (
                    fill("The NTLM answer over https carries {} and {} refused it: a server enforcing Extended Protection refuses that whatever the password", &[what, ex.host()]),
                    if says.is_some() { 85 } else if microsoft { 45 } else { 35 },
                )
            }
            Some(ChannelBindings::Present) if via.is_some() || says.is_some() => (
                fill("The NTLM answer binds the TLS channel the client saw, and a proxy sits in front of {}: if it terminates TLS, the server sees another certificate and refuses the binding", &[ex.host()]),
                if says.is_some() { 80 } else { 30 },
            ),
            _ => continue,
        };
        out.push(
            Hit::new("ntlm.channel-binding", ex.index, title)
                .weight(weight)
                .detail(why!("Extended Protection for Authentication ties NTLM (and Kerberos) to the TLS connection: the client puts a hash of the server's certificate (MsvAvChannelBindings) into its NTLMv2 answer, and a server set to Required refuses answers without it or with another certificate's hash. Clients that do not compute the binding (older curl/libcurl, Java, Python requests-ntlm, many proxies' NTLM) work over http and fail over https with the right password; a proxy that terminates TLS breaks the hash for every client."))
                .evidence(cx.req_ev(ex.index, auth.index, Some(token.span), "MsvAvChannelBindings of the NTLMv2 answer"))
                .evidence(says.and_then(|s| cx.body_ev(ex.index, s, "the server names it")))
                .evidence(via.and_then(|h| cx.req_named(ex.index, h, "a proxy on the way").or_else(|| cx.res_named(ex.index, h, "a proxy on the way"))))
                .visitor("Use a client that sends channel binding over https (Windows SSPI clients: browsers, .NET HttpClient, PowerShell; curl built with SSPI on Windows), or Negotiate/Kerberos; the same request over plain http succeeding confirms it.")
                .owner("Check Extended Protection on the site (IIS: Authentication → Windows Authentication → Advanced Settings; Exchange/ADFS have their own switch): Accept lets clients without binding in, Required refuses them. Behind a TLS-terminating proxy or load balancer, either pass TLS through or turn Extended Protection off for that path and bind elsewhere.")
                .next("the same request over http (if the server allows it) or from a Windows browser, and the site's Extended Protection setting"),
        );
    }
}
