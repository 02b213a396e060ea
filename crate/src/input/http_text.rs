//! The pieces of raw HTTP text every format shares: start lines
//! (`HTTP/1.1 401 Unauthorized`, `GET /x HTTP/1.1`, `HTTP/2 401`) and header
//! lines (`Name: value`, DevTools' legacy `Name:value`).

/// A start line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Start<'a> {
    /// `HTTP/1.1 401 Unauthorized`.
    Status {
        version: &'a str,
        status: Option<u16>,
        reason: &'a str,
    },
    /// `GET /path HTTP/1.1`.
    Request {
        method: &'a str,
        target: &'a str,
        version: Option<&'a str>,
    },
}

/// Methods accepted on a request line that has no `HTTP/x` version (tools
/// like mitmproxy and Postman print `GET https://…`).
const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE",
];

/// Whether `word` is a method every tool prints the same way.
pub(super) fn is_known_method(word: &str) -> bool {
    METHODS.contains(&word)
}

/// `HTTP/1.1 401 Unauthorized`, `HTTP/2 401`, `HTTP/1.1 401 UNAUTHORIZED 317ms`.
pub(super) fn status_line(line: &str) -> Option<Start<'_>> {
    let rest = line.strip_prefix("HTTP/")?;
    let (version, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let rest = rest.trim_start();
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let status = code.parse::<u16>().ok().filter(|s| (100..=999).contains(s));
    let version = line.get(..5 + version.len())?;
    Some(Start::Status {
        version,
        status,
        reason: reason.trim(),
    })
}

/// `GET /path HTTP/1.1`, or a known method and an absolute URL or path
/// without a version (`GET https://a.test/x`).
pub(super) fn request_line(line: &str) -> Option<Start<'_>> {
    let mut parts = line.split(' ').filter(|p| !p.is_empty());
    let method = parts.next()?;
    let target = parts.next()?;
    let version = parts.next();
    if parts.next().is_some()
        || method.len() > 20
        || !method
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_')
    {
        return None;
    }
    match version {
        Some(v) if v.starts_with("HTTP/") => Some(Start::Request {
            method,
            target,
            version: Some(v),
        }),
        None if is_known_method(method)
            && (target.starts_with('/')
                || target.starts_with("http://")
                || target.starts_with("https://")) =>
        {
            Some(Start::Request {
                method,
                target,
                version: None,
            })
        }
        _ => None,
    }
}

/// Either kind of start line.
pub(super) fn start_line(line: &str) -> Option<Start<'_>> {
    status_line(line).or_else(|| request_line(line))
}

/// A header line split into name and value (value trimmed), with the
/// value's byte offset inside `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeaderLine<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub value_at: usize,
    /// Whether a space followed the colon (`Name: value`, not `Name:value`).
    pub spaced: bool,
}

/// `Name: value` with a token name; `Name:value` too (legacy DevTools).
/// HTTP/2 pseudo-headers (`:status: 401`) keep their leading colon.
pub(super) fn header_line(line: &str) -> Option<HeaderLine<'_>> {
    let (pseudo, body) = match line.strip_prefix(':') {
        Some(rest) => (1, rest),
        None => (0, line),
    };
    let colon = body.find(':')?;
    let name_end = pseudo + colon;
    let name = line.get(..name_end)?;
    let bare = body.get(..colon)?;
    if bare.is_empty() || !bare.bytes().all(is_token_byte) {
        return None;
    }
    let after = line.get(name_end + 1..)?;
    let spaced = after.starts_with([' ', '\t']) || after.is_empty();
    let leading = after.len() - after.trim_start().len();
    let value = after.trim();
    Some(HeaderLine {
        name,
        value,
        value_at: name_end + 1 + leading,
        spaced,
    })
}

/// Whether `b` may appear in a header name (RFC 9110 `token`).
pub(super) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `s` is only token68 characters (base64, base64url), as a
/// hard-wrapped credential continues on its next line.
pub(super) fn is_token68(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=-._~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_lines() {
        let cases: &[(&str, bool)] = &[
            ("HTTP/1.1 401 Unauthorized", true),
            ("HTTP/2 401 ", true),
            ("HTTP/1.1 401 UNAUTHORIZED 317ms", true),
            ("GET /x HTTP/1.1", true),
            ("GET https://a.test/x", true),
            ("GET the thing", false),
            ("HTTP/x 401", false),
            ("HTTP/1.1 4012 Unauthorized", false),
            ("Get /x HTTP/1.1", false),
        ];
        for (line, ok) in cases {
            assert_eq!(start_line(line).is_some(), *ok, "{line}");
        }
        assert_eq!(
            status_line("HTTP/2 401"),
            Some(Start::Status {
                version: "HTTP/2",
                status: Some(401),
                reason: ""
            })
        );
    }

    #[test]
    fn header_lines() {
        let h = header_line("Name:  v a ").map(|h| (h.name, h.value, h.value_at, h.spaced));
        assert_eq!(h, Some(("Name", "v a", 7, true)));
        let h = header_line("Content-Length:0").map(|h| (h.name, h.value, h.spaced));
        assert_eq!(h, Some(("Content-Length", "0", false)));
        let h = header_line(":status: 401").map(|h| (h.name, h.value));
        assert_eq!(h, Some((":status", "401")));
        assert!(header_line("Request URL: x").is_none());
        assert!(header_line(": x").is_none());
    }
}
