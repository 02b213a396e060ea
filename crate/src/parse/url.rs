//! A small reader for absolute `http(s)://` URLs: scheme, host, port, path and
//! query, which is all that cookie matching needs.
//!
//! Written by hand rather than taking the `url` crate: measured (wasm32,
//! opt-level "z", LTO, stripped), `url` 2.5 with `idna` adds 196 KB of wasm,
//! 72 KB gzipped, half the page's 150 KB budget, for WHATWG edge cases (IDNA,
//! IPv4 number forms, `..` normalisation) that cookie matching does not
//! need. The price: hosts are only ASCII-lowercased (no punycode) and paths
//! are taken as written, which is also how a capture shows them.

use std::fmt;

/// An absolute URL, split into the parts cookie rules look at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Url {
    /// Lowercased scheme (`https`).
    pub scheme: String,
    /// Lowercased host, without brackets for IPv6 and without a trailing
    /// port (`api.example.com`, `::1`).
    pub host: String,
    /// The port when one is written (`8080`); the scheme default otherwise.
    pub port: Option<u16>,
    /// The path as written, `/` when empty (`/api/users`).
    pub path: String,
    /// The query without `?`, when there is one.
    pub query: Option<String>,
}

/// Why a string is not an absolute URL this reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlError {
    /// No `scheme://` in front.
    NoScheme,
    /// The authority has no host (`http:///x`, `http://:80/`).
    NoHost,
    /// The port is not a number from 0 to 65535.
    BadPort,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoScheme => "not an absolute URL: no scheme:// in front",
            Self::NoHost => "the URL has no host",
            Self::BadPort => "the URL's port is not a number from 0 to 65535",
        })
    }
}

impl std::error::Error for UrlError {}

impl Url {
    /// Reads an absolute URL such as `https://user@Example.COM:8443/a/b?x=1#top`.
    ///
    /// ```text
    /// URL       = scheme "://" [ userinfo "@" ] host [ ":" port ] [ path ] [ "?" query ] [ "#" fragment ]
    /// ```
    /// (RFC 3986 §3, the absolute `http`-like form only.)
    ///
    /// # Errors
    /// [`UrlError`] when there is no `scheme://`, no host, or a bad port.
    ///
    /// ```
    /// use authlens::parse::url::Url;
    /// let url = Url::parse("https://user@Example.COM:8443/a/b?x=1#top").unwrap();
    /// assert_eq!((url.host.as_str(), url.port, url.path.as_str()), ("example.com", Some(8443), "/a/b"));
    /// assert_eq!(url.query.as_deref(), Some("x=1"));
    /// ```
    pub fn parse(input: &str) -> Result<Self, UrlError> {
        let input = input.trim();
        let (scheme, rest) = input.split_once("://").ok_or(UrlError::NoScheme)?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            return Err(UrlError::NoScheme);
        }
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(authority_end);
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (rest, None),
        };
        // Userinfo may itself hold `@` and `:`; the host starts after the last `@`.
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
        let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
            let (host, after) = bracketed.split_once(']').ok_or(UrlError::NoHost)?;
            (host, after.strip_prefix(':'))
        } else {
            match host_port.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            }
        };
        if host.is_empty() {
            return Err(UrlError::NoHost);
        }
        let port = match port {
            None | Some("") => None,
            Some(port) => Some(port.parse::<u16>().map_err(|_| UrlError::BadPort)?),
        };
        Ok(Self {
            scheme: scheme.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            port,
            path: if path.is_empty() {
                "/".to_owned()
            } else {
                path.to_owned()
            },
            query,
        })
    }

    /// Whether the scheme is one browsers treat as secure for cookies
    /// (`https`, `wss`). Chromium also trusts `http://localhost`; RFC 6265bis
    /// leaves that to the user agent and this reader does not.
    #[must_use]
    pub fn is_secure(&self) -> bool {
        matches!(self.scheme.as_str(), "https" | "wss")
    }

    /// Whether the host is an IPv4 or IPv6 address rather than a name, which
    /// matters because domain-matching never applies suffix rules to addresses.
    #[must_use]
    pub fn host_is_ip(&self) -> bool {
        is_ip_address(&self.host)
    }
}

/// Whether `host` is written as an IP address (dotted IPv4 or IPv6).
#[must_use]
pub fn is_ip_address(host: &str) -> bool {
    host.contains(':') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(f, "{}://{host}", self.scheme)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        f.write_str(&self.path)?;
        if let Some(query) = &self.query {
            write!(f, "?{query}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_parts() {
        for (input, host, port, path, query) in [
            (
                "http://home.example.org:8888/cookie-parser?0001",
                "home.example.org",
                Some(8888),
                "/cookie-parser",
                Some("0001"),
            ),
            ("https://example.com", "example.com", None, "/", None),
            ("https://EXAMPLE.com?x", "example.com", None, "/", Some("x")),
            ("http://[::1]:80/a#f", "::1", Some(80), "/a", None),
            ("http://u:p@h/x/y", "h", None, "/x/y", None),
        ] {
            let url = Url::parse(input).unwrap();
            assert_eq!(url.host, host, "{input}");
            assert_eq!(url.port, port, "{input}");
            assert_eq!(url.path, path, "{input}");
            assert_eq!(url.query.as_deref(), query, "{input}");
        }
    }

    #[test]
    fn rejects() {
        assert_eq!(Url::parse("example.com/x"), Err(UrlError::NoScheme));
        assert_eq!(Url::parse("http:///x"), Err(UrlError::NoHost));
        assert_eq!(Url::parse("http://h:99999/"), Err(UrlError::BadPort));
    }
}
