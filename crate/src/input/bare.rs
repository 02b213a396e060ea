//! A bare value with no header name: `Bearer …`, `Negotiate YII…`,
//! `NTLM TlRM…`, `Basic …`, a challenge like `Bearer realm="api"`, a JWT, a
//! cookie `name=value`. Each becomes an exchange with the header on the side
//! it belongs to: challenges and `Set-Cookie` on the response, credentials
//! and cookies on the request.

use crate::input::http_text::is_token68;
use crate::input::lines::Line;
use crate::input::InputKind;
use crate::model::{Exchange, Header, Request, Response};
use crate::span::Span;

/// Schemes a bare `Scheme value` may start with.
const SCHEMES: &[&str] = &[
    "Bearer",
    "Basic",
    "Negotiate",
    "NTLM",
    "Digest",
    "Kerberos",
    "DPoP",
    "Hawk",
    "OAuth",
    "Token",
    "AWS4-HMAC-SHA256",
    "Mutual",
    "SCRAM-SHA-256",
    "HOBA",
    "PrivateToken",
];

/// Reads the first non-blank line (and the token lines that continue it) as
/// a bare value.
pub(super) fn read(lines: &[Line<'_>]) -> Option<(Exchange, InputKind)> {
    let (index, first) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| !l.text.trim().is_empty())?;
    let t = first.text.trim();
    let mut value = t.to_owned();
    let mut verbatim = true;
    for next in lines.iter().skip(index + 1) {
        let n = next.text.trim();
        if n.len() >= 16 && is_token68(n) {
            value.push_str(n);
            verbatim = false;
        } else {
            break;
        }
    }
    let start = first.offset_of(t);
    let span = verbatim.then(|| Span::new(start, start + t.len()));
    if is_jwt(&value) {
        let header = Header::new("Authorization", format!("Bearer {value}"));
        return Some((request_with(header), InputKind::Jwt));
    }
    let (scheme, rest) = value.split_once(' ').unwrap_or((&value, ""));
    if let Some(known) = SCHEMES.iter().find(|s| s.eq_ignore_ascii_case(scheme)) {
        let rest = rest.trim();
        let challenge = rest.is_empty() && *known != "Bearer"
            || rest.contains("=\"")
            || rest.to_ascii_lowercase().contains("realm=")
            || ntlm_challenge(known, rest);
        let header = Header {
            name: if challenge {
                "WWW-Authenticate".into()
            } else {
                "Authorization".into()
            },
            value: value.clone(),
            span,
        };
        let exchange = if challenge {
            response_with(header)
        } else {
            request_with(header)
        };
        return Some((exchange, InputKind::Header));
    }
    if looks_like_cookie(&value) {
        let lower = value.to_ascii_lowercase();
        let set_cookie = [
            "; path=",
            "; expires=",
            "; max-age=",
            "; httponly",
            "; secure",
            "; domain=",
        ]
        .iter()
        .any(|a| lower.contains(a));
        let header = Header {
            name: if set_cookie { "Set-Cookie" } else { "Cookie" }.into(),
            value,
            span,
        };
        let exchange = if set_cookie {
            response_with(header)
        } else {
            request_with(header)
        };
        return Some((exchange, InputKind::Header));
    }
    None
}

fn request_with(header: Header) -> Exchange {
    Exchange {
        request: Some(Request {
            headers: vec![header],
            ..Request::default()
        }),
        ..Exchange::default()
    }
}

fn response_with(header: Header) -> Exchange {
    Exchange {
        response: Some(Response {
            headers: vec![header],
            ..Response::default()
        }),
        ..Exchange::default()
    }
}

/// An NTLM type 2 message (`TlRMTVNTUAAC…`) is the server's challenge.
fn ntlm_challenge(scheme: &str, rest: &str) -> bool {
    (scheme == "NTLM" || scheme == "Negotiate") && rest.starts_with("TlRMTVNTUAAC")
}

/// Three base64url parts, the first a JSON object (`eyJ`).
pub(super) fn is_jwt(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && s.starts_with("eyJ")
        && parts.iter().take(2).all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && parts.get(2).is_some_and(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// `name=value` or `a=1; b=2` with token names and no spaces in names.
fn looks_like_cookie(s: &str) -> bool {
    let Some((name, _)) = s.split_once('=') else {
        return false;
    };
    !name.is_empty()
        && !s.contains(": ")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::lines::split;

    fn side_and_name(text: &str) -> Option<(bool, String, InputKind)> {
        let lines = split(text);
        let (exchange, kind) = read(&lines)?;
        let on_request = exchange.request.is_some();
        let headers = exchange
            .request
            .map(|r| r.headers)
            .or(exchange.response.map(|r| r.headers))?;
        Some((on_request, headers.first()?.name.clone(), kind))
    }

    #[test]
    fn bare_values_land_on_their_side() {
        let cases: &[(&str, bool, &str)] = &[
            ("Bearer abc.def", true, "Authorization"),
            ("Bearer realm=\"api\"", false, "WWW-Authenticate"),
            ("Negotiate YIIJSQYGKwYBBQUCoIIJPTCC", true, "Authorization"),
            (
                "NTLM TlRMTVNTUAACAAAACgAKADgAAAAG",
                false,
                "WWW-Authenticate",
            ),
            ("Basic dTpw", true, "Authorization"),
            ("session=abc", true, "Cookie"),
            ("sid=abc; Path=/; HttpOnly", false, "Set-Cookie"),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                true,
                "Authorization",
            ),
        ];
        for (text, request, name) in cases {
            let got = side_and_name(text);
            assert_eq!(
                got.as_ref().map(|(r, n, _)| (*r, n.as_str())),
                Some((*request, *name)),
                "{text}"
            );
        }
        assert_eq!(
            side_and_name("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").map(|g| g.2),
            Some(InputKind::Jwt)
        );
        assert!(side_and_name("hello world").is_none());
    }
}
