//! What output may show of a header value or a URL: the one place that
//! decides it, for evidence, the text and Markdown renderings, the page's
//! JSON download and `--redact`. Two copies of this logic drifted apart once
//! (evidence showed a bare token in `Authorization` while the renderings hid
//! it), so every caller goes through here.

use crate::parse::authorization::redacted;
use crate::parse::bearer::{classify, TokenShape};

/// Header or query parameter names whose whole value is a secret (API keys,
/// session tokens, passwords, signed proofs).
#[must_use]
pub fn secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dpop"
        || [
            "token",
            "api-key",
            "apikey",
            "secret",
            "password",
            "x-amz-security",
            "subscription-key",
        ]
        .iter()
        .any(|s| lower.contains(s))
}

/// Whether `value` is a placeholder (`undefined`, `${TOKEN}`): no secret,
/// and the reader needs to see it to understand the finding.
fn placeholder(value: &str) -> bool {
    matches!(classify(value.trim()), TokenShape::Placeholder(_))
}

/// A scheme name alone (`Basic`, `Negotiate`) rather than a bare token:
/// short and letters only.
fn scheme_word(value: &str) -> bool {
    value.len() <= 12 && value.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `value` of header `name` as output may show it: credentials as scheme
/// and length (Digest and SigV4 keep their non-secret parameters), cookie
/// values as lengths (names and attributes kept, as they explain why a
/// cookie was or was not sent), key headers as lengths; placeholders stay.
/// Control characters become U+FFFD so a paste cannot drive a terminal.
#[must_use]
pub fn shown_header_value(name: &str, value: &str) -> String {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    let shown = if is("authorization") || is("proxy-authorization") {
        credentials(value)
    } else if is("cookie") || is("set-cookie") {
        let mut out = String::new();
        for (n, part) in value.split(';').enumerate() {
            if n > 0 {
                out.push(';');
            }
            match part.split_once('=') {
                Some((k, v)) if n == 0 || is("cookie") => {
                    out.push_str(k);
                    out.push('=');
                    out.push_str(&redacted(v));
                }
                // A nameless cookie is all value.
                None if (n == 0 || is("cookie")) && !part.trim().is_empty() => {
                    out.push_str(&redacted(part));
                }
                _ => out.push_str(part),
            }
        }
        out
    } else if secret_name(name) && !placeholder(value) {
        redacted(value)
    } else {
        value.to_owned()
    };
    shown
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// An `Authorization` value as output may show it.
fn credentials(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once(' ') else {
        // A bare token (`Authorization: eyJ…` without `Bearer`) is all secret.
        return if scheme_word(value) || placeholder(value) {
            value.to_owned()
        } else {
            redacted(value)
        };
    };
    if rest.trim().is_empty() || placeholder(rest) {
        return value.to_owned();
    }
    let mut out = scheme.to_owned();
    out.push(' ');
    if scheme.eq_ignore_ascii_case("digest") || scheme.to_ascii_uppercase().starts_with("AWS4") {
        out.push_str(&secret_params(rest));
    } else {
        out.push_str(&redacted(rest.trim()));
    }
    out
}

/// A Digest or SigV4 parameter list with `response=` / `Signature=` hidden;
/// user, realm, uri and scope stay, as the findings compare them.
fn secret_params(params: &str) -> String {
    let mut out = String::new();
    for (n, part) in params.split(',').enumerate() {
        if n > 0 {
            out.push(',');
        }
        match part.split_once('=') {
            Some((k, v))
                if ["response", "signature"]
                    .iter()
                    .any(|s| k.trim().eq_ignore_ascii_case(s)) =>
            {
                out.push_str(k);
                out.push('=');
                out.push_str(&redacted(v.trim_matches('"')));
            }
            _ => out.push_str(part),
        }
    }
    out
}

/// `url` with the password of its userinfo and the values of query
/// parameters named like secrets (`access_token`, `api_key`, `sig`, `code`)
/// replaced by their length, in the query and in the fragment.
#[must_use]
pub fn shown_url(url: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let (path, query) = base
        .split_once('?')
        .map_or((base, None), |(p, q)| (p, Some(q)));
    let mut out = match path.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, tail) = rest.split_at(authority_end);
            match authority.rsplit_once('@') {
                Some((userinfo, host)) => {
                    let userinfo = match userinfo.split_once(':') {
                        Some((user, password)) => [user, ":", &redacted(password)].concat(),
                        // A long user name alone is a token used as one
                        // (`https://ghp_…@github.com`).
                        None if userinfo.len() > 16 => redacted(userinfo),
                        None => userinfo.to_owned(),
                    };
                    [scheme, "://", &userinfo, "@", host, tail].concat()
                }
                None => path.to_owned(),
            }
        }
        None => path.to_owned(),
    };
    if let Some(query) = query {
        out.push('?');
        out.push_str(&shown_query(query));
    }
    if let Some(fragment) = fragment {
        // Implicit-flow fragments carry tokens (`#access_token=…`).
        out.push('#');
        out.push_str(&shown_query(fragment));
    }
    out
}

fn shown_query(query: &str) -> String {
    let mut out = String::new();
    for (n, pair) in query.split('&').enumerate() {
        if n > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, value)) if secret_query_name(name) => {
                out.push_str(name);
                out.push('=');
                out.push_str(&redacted(value));
            }
            _ => out.push_str(pair),
        }
    }
    out
}

/// Query parameters whose value is a credential: secret-like names, plus
/// OAuth's one-time `code` and signed-URL signatures.
fn secret_query_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    secret_name(&lower)
        || lower.contains("signature")
        || [
            "key",
            "code",
            "sig",
            "signature",
            "session",
            "auth",
            "credential",
            "assertion",
            "pass",
        ]
        .iter()
        .any(|s| {
            lower == *s
                || lower
                    .strip_suffix(s)
                    .is_some_and(|head| head.ends_with('_') || head.ends_with('-'))
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_token_in_authorization_is_hidden_but_a_scheme_alone_is_not() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        assert_eq!(shown_header_value("Authorization", jwt), redacted(jwt));
        assert_eq!(
            shown_header_value("authorization", "Negotiate"),
            "Negotiate"
        );
        assert_eq!(
            shown_header_value("Authorization", "undefined"),
            "undefined"
        );
        assert_eq!(
            shown_header_value("Authorization", "Bearer ${TOKEN}"),
            "Bearer ${TOKEN}"
        );
    }

    #[test]
    fn digest_keeps_what_findings_compare_and_hides_the_response() {
        let shown = shown_header_value(
            "Authorization",
            "Digest username=\"ann\", realm=\"r\", uri=\"/a\", response=\"0123abcd\"",
        );
        assert!(shown.contains("username=\"ann\"") && shown.contains("uri=\"/a\""));
        assert!(!shown.contains("0123abcd"), "{shown}");
    }

    #[test]
    fn key_headers_are_hidden_by_name_wherever_they_come_from() {
        for name in [
            "X-Vault-Token",
            "Ocp-Apim-Subscription-Key",
            "DPoP",
            "x-api-key",
        ] {
            assert_eq!(
                shown_header_value(name, "s3cr3tvalue"),
                redacted("s3cr3tvalue"),
                "{name}"
            );
        }
        assert_eq!(shown_header_value("X-Request-Id", "abc"), "abc");
    }

    #[test]
    fn cookie_values_go_names_and_attributes_stay() {
        assert_eq!(
            shown_header_value("Cookie", "sid=abc; theme=dark"),
            "sid=<redacted: 3 bytes>; theme=<redacted: 4 bytes>"
        );
        assert_eq!(
            shown_header_value("Set-Cookie", "sid=abc; Path=/; SameSite=None"),
            "sid=<redacted: 3 bytes>; Path=/; SameSite=None"
        );
        assert_eq!(
            shown_header_value("Cookie", "lonelyvalue"),
            redacted("lonelyvalue")
        );
    }

    #[test]
    fn urls_lose_passwords_and_credential_parameters() {
        let shown = shown_url("https://u:pw@a.test/cb?code=xyz&state=1#access_token=tok&x=2");
        assert_eq!(
            shown,
            "https://u:<redacted: 2 bytes>@a.test/cb?code=<redacted: 3 bytes>&state=1#access_token=<redacted: 3 bytes>&x=2"
        );
        assert_eq!(shown_url("/a?keyword=x"), "/a?keyword=x");
        assert_eq!(shown_url("https://ann@a.test/"), "https://ann@a.test/");
        assert!(!shown_url("https://ghp_0123456789abcdefghij@github.com/o/r").contains("ghp_"));
        assert!(!shown_url("/a?client_secret=s1&X-Amz-Signature=s2").contains("s1"));
        assert!(!shown_url("/a?X-Amz-Signature=s2").contains("s2"));
    }

    #[test]
    fn control_characters_cannot_reach_a_terminal() {
        assert_eq!(shown_header_value("X-A", "a\u{1b}[31mb"), "a\u{fffd}[31mb");
    }
}
