//! `Location` (RFC 9110 §10.2.2): where a redirect goes. Whether it changes
//! origin decides if the browser keeps `Authorization` (Fetch drops it on a
//! cross-origin redirect) and whether cookies follow.

use serde::Serialize;

use super::url::Url;

/// The form of a URI reference (RFC 3986 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    /// `https://host/path`.
    Absolute,
    /// `//host/path`: keeps the scheme.
    SchemeRelative,
    /// `/path`: keeps scheme, host and port.
    PathAbsolute,
    /// `path` or `?query`: relative to the current path.
    Relative,
}

/// What kind of reference `value` is.
#[must_use]
pub fn reference_kind(value: &str) -> ReferenceKind {
    let value = value.trim();
    if value.starts_with("//") {
        return ReferenceKind::SchemeRelative;
    }
    if value.starts_with('/') {
        return ReferenceKind::PathAbsolute;
    }
    let scheme_end = value.find(':');
    let has_scheme = scheme_end.is_some_and(|end| {
        let scheme = value.get(..end).unwrap_or_default();
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    if has_scheme {
        ReferenceKind::Absolute
    } else {
        ReferenceKind::Relative
    }
}

/// Resolves `reference` (a `Location` value) against `base`, the URL of the
/// request that was redirected. Dot segments are left as they are: origin,
/// not the exact path, is what the diagnosis compares.
///
/// # Errors
/// When the resolved text is not a URL [`Url::parse`] reads.
pub fn resolve(base: &Url, reference: &str) -> Result<Url, super::url::UrlError> {
    let reference = reference.trim();
    let authority = match base.port {
        Some(port) => format!("{}:{port}", base.host),
        None => base.host.clone(),
    };
    let text = match reference_kind(reference) {
        ReferenceKind::Absolute => reference.to_owned(),
        ReferenceKind::SchemeRelative => format!("{}:{reference}", base.scheme),
        ReferenceKind::PathAbsolute => format!("{}://{authority}{reference}", base.scheme),
        ReferenceKind::Relative => {
            let dir = base
                .path
                .rfind('/')
                .and_then(|i| base.path.get(..=i))
                .unwrap_or("/");
            if reference.starts_with('?') {
                format!("{}://{authority}{}{reference}", base.scheme, base.path)
            } else {
                format!("{}://{authority}{dir}{reference}", base.scheme)
            }
        }
    };
    Url::parse(&text)
}

#[derive(Serialize)]
struct Json<'a> {
    reference: ReferenceKind,
    scheme: Option<&'a str>,
    host: Option<&'a str>,
}

/// The report's `parsed` value for `Location`: its form and, when absolute,
/// the scheme and host it leads to.
#[must_use]
pub fn to_json(value: &str) -> serde_json::Value {
    super::json::to_value(&json(value))
}

/// [`to_json`]'s value, serialized straight into the report.
#[must_use]
pub fn json(value: &str) -> impl Serialize + '_ {
    LocationJson(value)
}

struct LocationJson<'a>(&'a str);

impl Serialize for LocationJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        let kind = reference_kind(value);
        let url = if kind == ReferenceKind::Absolute {
            Url::parse(value.trim()).ok()
        } else {
            None
        };
        Json {
            reference: kind,
            scheme: url.as_ref().map(|u| u.scheme.as_str()),
            host: url.as_ref().map(|u| u.host.as_str()),
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn resolves_each_form() {
        let base = Url::parse("https://api.example.test:8443/v1/users?x=1").unwrap();
        let table = [
            (
                "https://login.example.test/authorize?a=b",
                "https://login.example.test/authorize?a=b",
            ),
            ("//cdn.example.test/x", "https://cdn.example.test/x"),
            ("/login", "https://api.example.test:8443/login"),
            ("me", "https://api.example.test:8443/v1/me"),
            ("?page=2", "https://api.example.test:8443/v1/users?page=2"),
            ("http://api.example.test/v1", "http://api.example.test/v1"),
        ];
        for (reference, want) in table {
            assert_eq!(
                resolve(&base, reference).unwrap().to_string(),
                want,
                "{reference}"
            );
        }
    }

    #[test]
    fn names_the_form() {
        assert_eq!(reference_kind("HTTPS://x"), ReferenceKind::Absolute);
        assert_eq!(reference_kind("/a:b"), ReferenceKind::PathAbsolute);
        assert_eq!(reference_kind("a:b/c"), ReferenceKind::Absolute);
        assert_eq!(reference_kind("1a:b"), ReferenceKind::Relative);
        assert_eq!(reference_kind(""), ReferenceKind::Relative);
    }
}
