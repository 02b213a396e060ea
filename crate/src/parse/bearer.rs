//! Bearer credentials (RFC 6750 §2.1): what kind of token was sent, without
//! decoding or echoing secrets. A JWT's header and claims are decoded (they
//! are only encoded, and they explain most 401s); opaque tokens are named by
//! their vendor prefix and shown as length plus a few leading characters.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::json::{to_value, ErrorJson};

use super::authorization::Credentials;
use super::jwt::{decode_jwt, looks_like_jwt, Jwt, JwtError};
use super::www_authenticate::{ParseError, ParseErrorKind};
use crate::span::Span;

/// What a bearer token is, judged from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenShape {
    /// Three base64url segments starting `eyJ`: a signed JWT.
    Jwt,
    /// Five segments starting `eyJ`: an encrypted JWT.
    Jwe,
    /// An opaque token whose prefix names its issuer.
    Vendor(&'static Vendor),
    /// A value a client sent by mistake (`null`, `${TOKEN}`, …); the text says which.
    Placeholder(&'static str),
    /// Anything else: an opaque token.
    Opaque,
}

/// A token issuer known by its prefix.
#[derive(Debug, PartialEq, Eq)]
pub struct Vendor {
    /// The prefix as it starts the token.
    pub prefix: &'static str,
    /// What the prefix means.
    pub name: &'static str,
}

/// Prefixes published by the issuers (secret-scanning formats). Longer
/// prefixes come before shorter ones they start with.
const VENDORS: &[Vendor] = &[
    Vendor {
        prefix: "github_pat_",
        name: "GitHub fine-grained personal access token",
    },
    Vendor {
        prefix: "ghp_",
        name: "GitHub personal access token (classic)",
    },
    Vendor {
        prefix: "gho_",
        name: "GitHub OAuth access token",
    },
    Vendor {
        prefix: "ghu_",
        name: "GitHub App user-to-server token",
    },
    Vendor {
        prefix: "ghs_",
        name: "GitHub App installation (server-to-server) token",
    },
    Vendor {
        prefix: "ghr_",
        name: "GitHub refresh token (not an access token)",
    },
    Vendor {
        prefix: "glpat-",
        name: "GitLab personal access token",
    },
    Vendor {
        prefix: "gloas-",
        name: "GitLab OAuth application secret",
    },
    Vendor {
        prefix: "gldt-",
        name: "GitLab deploy token",
    },
    Vendor {
        prefix: "glptt-",
        name: "GitLab pipeline trigger token",
    },
    Vendor {
        prefix: "xoxb-",
        name: "Slack bot token",
    },
    Vendor {
        prefix: "xoxp-",
        name: "Slack user token",
    },
    Vendor {
        prefix: "xoxe.xox",
        name: "Slack rotating token",
    },
    Vendor {
        prefix: "xoxe-",
        name: "Slack refresh token (not an access token)",
    },
    Vendor {
        prefix: "xoxa-",
        name: "Slack app token",
    },
    Vendor {
        prefix: "xoxr-",
        name: "Slack refresh token (not an access token)",
    },
    Vendor {
        prefix: "xoxs-",
        name: "Slack session token",
    },
    Vendor {
        prefix: "xapp-",
        name: "Slack app-level token",
    },
    Vendor {
        prefix: "ya29.",
        name: "Google OAuth 2.0 access token",
    },
    Vendor {
        prefix: "1//",
        name: "Google OAuth 2.0 refresh token (not an access token)",
    },
    Vendor {
        prefix: "AIza",
        name: "Google API key (sent as a key parameter, not a bearer token)",
    },
    Vendor {
        prefix: "AKIA",
        name: "AWS access key ID (AWS signs requests with SigV4; it is not a bearer token)",
    },
    Vendor {
        prefix: "ASIA",
        name:
            "AWS temporary access key ID (AWS signs requests with SigV4; it is not a bearer token)",
    },
    Vendor {
        prefix: "sk_live_",
        name: "Stripe live secret key",
    },
    Vendor {
        prefix: "sk_test_",
        name: "Stripe test secret key",
    },
    Vendor {
        prefix: "rk_live_",
        name: "Stripe live restricted key",
    },
    Vendor {
        prefix: "rk_test_",
        name: "Stripe test restricted key",
    },
    Vendor {
        prefix: "pk_live_",
        name: "Stripe live publishable key (not for server APIs)",
    },
    Vendor {
        prefix: "pk_test_",
        name: "Stripe test publishable key (not for server APIs)",
    },
    Vendor {
        prefix: "sk-ant-",
        name: "Anthropic API key",
    },
    Vendor {
        prefix: "sk-proj-",
        name: "OpenAI project API key",
    },
    Vendor {
        prefix: "sk-",
        name: "OpenAI-style API key",
    },
    Vendor {
        prefix: "npm_",
        name: "npm access token",
    },
    Vendor {
        prefix: "pypi-",
        name: "PyPI API token",
    },
    Vendor {
        prefix: "hf_",
        name: "Hugging Face access token",
    },
    Vendor {
        prefix: "dop_v1_",
        name: "DigitalOcean personal access token",
    },
    Vendor {
        prefix: "shpat_",
        name: "Shopify Admin API access token",
    },
    Vendor {
        prefix: "SG.",
        name: "SendGrid API key",
    },
    Vendor {
        prefix: "ATATT",
        name: "Atlassian API token (used with Basic, not Bearer)",
    },
    Vendor {
        prefix: "dapi",
        name: "Databricks personal access token",
    },
    Vendor {
        prefix: "v4.public.",
        name: "PASETO v4 public token",
    },
    Vendor {
        prefix: "v4.local.",
        name: "PASETO v4 local (encrypted) token",
    },
    Vendor {
        prefix: "v2.public.",
        name: "PASETO v2 public token",
    },
    Vendor {
        prefix: "v2.local.",
        name: "PASETO v2 local (encrypted) token",
    },
    Vendor {
        prefix: "gAAAAA",
        name: "Fernet token (OpenStack Keystone and others)",
    },
];

/// Values clients send when the variable holding the token was unset.
const PLACEHOLDERS: &[&str] = &[
    "null",
    "undefined",
    "nil",
    "none",
    "nan",
    "[object object]",
    "true",
    "false",
    "token",
    "your_token",
    "your-token",
    "yourtoken",
    "your_token_here",
    "access_token",
    "accesstoken",
    "xxx",
    "changeme",
    "redacted",
    "[redacted]",
    "<redacted>",
    "bearer",
    "test",
    "string",
];

/// Names the shape of `token`.
///
/// # Examples
/// ```
/// use authlens::parse::bearer::{classify, TokenShape};
/// assert_eq!(classify("null"), TokenShape::Placeholder("literal 'null': an unset variable stringified"));
/// assert!(matches!(classify("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), TokenShape::Vendor(v) if v.prefix == "ghp_"));
/// ```
#[must_use]
pub fn classify(token: &str) -> TokenShape {
    if token.is_empty() {
        return TokenShape::Placeholder("empty token");
    }
    let lower = token.to_ascii_lowercase();
    if lower == "null" || lower == "undefined" {
        return TokenShape::Placeholder(if lower == "null" {
            "literal 'null': an unset variable stringified"
        } else {
            "literal 'undefined': an unset variable stringified"
        });
    }
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return TokenShape::Placeholder("a placeholder word, not a token");
    }
    let templated = (token.starts_with("${") && token.ends_with('}'))
        || (token.starts_with("{{") && token.ends_with("}}"))
        || (token.starts_with('<') && token.ends_with('>'))
        || (token.starts_with('%') && token.ends_with('%') && token.len() > 2)
        || (token.starts_with('$')
            && token.len() > 1
            && token
                .bytes()
                .skip(1)
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'));
    if templated {
        return TokenShape::Placeholder("an unexpanded template or variable name, not a token");
    }
    if token.len() >= 3 && token.bytes().all(|b| b == b'*' || b == b'x' || b == b'X') {
        return TokenShape::Placeholder("a masked value (the real token was redacted)");
    }
    if looks_like_jwt(token) {
        return if token.bytes().filter(|&b| b == b'.').count() == 4 {
            TokenShape::Jwe
        } else {
            TokenShape::Jwt
        };
    }
    VENDORS
        .iter()
        .find(|v| token.starts_with(v.prefix))
        .map_or(TokenShape::Opaque, TokenShape::Vendor)
}

/// A decoded bearer credential.
#[derive(Debug, Clone, PartialEq)]
pub struct BearerToken<'a> {
    /// The token (a secret: never print it; see [`BearerToken::preview`]).
    pub token: &'a str,
    /// Where the token stands in the header value.
    pub span: Span,
    /// What the token is.
    pub shape: TokenShape,
    /// For JWT and JWE shapes: the decoding, or why it failed.
    pub jwt: Option<Result<Jwt, JwtError>>,
}

impl BearerToken<'_> {
    /// What may be shown of the token: the vendor prefix, a placeholder in
    /// full (it is no secret), or at most 4 leading characters and never
    /// more than a quarter of the token.
    #[must_use]
    pub fn preview(&self) -> String {
        match self.shape {
            TokenShape::Placeholder(_) => self.token.to_owned(),
            TokenShape::Vendor(v) => v.prefix.to_owned(),
            TokenShape::Jwt | TokenShape::Jwe | TokenShape::Opaque => {
                let n = (self.token.chars().count() / 4).min(4);
                self.token.chars().take(n).collect()
            }
        }
    }

    /// The report's `decoded` object; `now` (seconds since the epoch) makes
    /// JWT times relative.
    #[must_use]
    pub fn to_json(&self, now: Option<i64>) -> Value {
        to_value(&self.json(now))
    }

    /// [`BearerToken::to_json`]'s value, serialized straight into the report.
    #[must_use]
    pub fn json(&self, now: Option<i64>) -> impl Serialize + '_ {
        BearerJson { token: self, now }
    }
}

struct BearerJson<'t, 'a> {
    token: &'t BearerToken<'a>,
    now: Option<i64>,
}

/// `{"shape", "detail", "length", "preview", "jwt"}`.
impl Serialize for BearerJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let token = self.token;
        let (shape, detail) = match token.shape {
            TokenShape::Jwt => ("jwt", None),
            TokenShape::Jwe => ("jwe", None),
            TokenShape::Vendor(v) => ("vendor", Some(v.name)),
            TokenShape::Placeholder(why) => ("placeholder", Some(why)),
            TokenShape::Opaque => ("opaque", None),
        };
        let mut map = serializer.serialize_struct("BearerToken", 5)?;
        map.serialize_field("shape", shape)?;
        map.serialize_field("detail", &detail)?;
        map.serialize_field("length", &token.token.len())?;
        map.serialize_field("preview", &token.preview())?;
        match &token.jwt {
            Some(Ok(jwt)) => map.serialize_field("jwt", &jwt.json(self.now))?,
            Some(Err(error)) => map.serialize_field("jwt", &ErrorJson(error))?,
            None => map.serialize_field("jwt", &())?,
        }
        map.end()
    }
}

/// Classifies (and for JWTs decodes) the token of Bearer credentials read
/// by [`parse_credentials`](super::authorization::parse_credentials); the
/// syntax slips (doubled scheme, quotes, whitespace) are already among the
/// credentials' warnings.
///
/// ```text
/// credentials = "Bearer" 1*SP b64token                          ; RFC 6750 §2.1
/// b64token    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
/// ```
/// <https://www.rfc-editor.org/rfc/rfc6750#section-2.1>
///
/// # Errors
/// [`ParseErrorKind::NoCredentials`] when nothing follows the scheme.
///
/// # Examples
/// ```
/// use authlens::parse::{authorization::parse_credentials, bearer::{decode_credentials, TokenShape}};
/// let c = parse_credentials("Bearer glpat-0123456789abcdefghij").unwrap();
/// let token = decode_credentials(&c).unwrap();
/// assert!(matches!(token.shape, TokenShape::Vendor(v) if v.prefix == "glpat-"));
/// assert_eq!(token.preview(), "glpat-");
/// ```
pub fn decode_credentials<'a>(
    credentials: &Credentials<'a>,
) -> Result<BearerToken<'a>, ParseError> {
    let Some(token) = credentials.token68 else {
        return Err(ParseError::new(
            ParseErrorKind::NoCredentials,
            credentials.scheme_span.end,
            credentials.source.len(),
        ));
    };
    let shape = classify(token.text);
    let jwt = matches!(shape, TokenShape::Jwt | TokenShape::Jwe)
        .then(|| decode_jwt(token.text, token.span.start));
    Ok(BearerToken {
        token: token.text,
        span: token.span,
        shape,
        jwt,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn shapes() {
        for (token, want) in [
            ("${TOKEN}", "placeholder"),
            ("<token>", "placeholder"),
            ("$ACCESS_TOKEN", "placeholder"),
            ("undefined", "placeholder"),
            ("github_pat_11AAAA", "vendor"),
            ("xoxb-123-456", "vendor"),
            ("ya29.a0AfH6SM", "vendor"),
            ("AKIAIOSFODNN7EXAMPLE", "vendor"),
            ("sk_live_abc", "vendor"),
            ("glpat-abc", "vendor"),
            ("eyJhbGciOiJub25lIn0.e30.", "jwt"),
            ("eyJhbGciOiJub25lIn0.a.b.c.d", "jwe"),
            ("mF_9.B5f-4.1JqM", "opaque"),
        ] {
            let shape = match classify(token) {
                TokenShape::Jwt => "jwt",
                TokenShape::Jwe => "jwe",
                TokenShape::Vendor(_) => "vendor",
                TokenShape::Placeholder(_) => "placeholder",
                TokenShape::Opaque => "opaque",
            };
            assert_eq!(shape, want, "{token}");
        }
    }

    #[test]
    fn preview_shows_little() {
        let token = BearerToken {
            token: "abcdefghijklmnop",
            span: Span::new(7, 23),
            shape: TokenShape::Opaque,
            jwt: None,
        };
        assert_eq!(token.preview(), "abcd");
        let short = BearerToken {
            token: "abcdefg",
            ..token
        };
        assert_eq!(short.preview(), "a");
    }
}
