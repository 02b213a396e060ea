//! Which names hold secrets: header names, query and form parameters, JSON
//! keys. Matched in any case, with `-` and `_` treated alike, because real
//! traffic spells `X-Api-Key`, `x_api_key` and `apiKey`.

/// Parts that make any name secret wherever they appear in it.
const CONTAINS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "session",
    "credential",
    "signature",
    "cookie",
    "private_key",
    "access_key",
    "passphrase",
];

/// Names secret only as a whole (as parts they match too much: `key` is in
/// `keyword`, `code` in `encode`, `auth` in `author`).
const EXACT: &[&str] = &[
    "pass",
    "pwd",
    "key",
    "code",
    "auth",
    "authorization",
    "sid",
    "sig",
    "csrf",
    "xsrf",
    "_csrf",
    "otp",
    "pin",
    "assertion",
    "samlresponse",
    "samlrequest",
    "jsessionid",
    "phpsessid",
    "aspsessionid",
    "x_amz_credential",
    "x_goog_credential",
    "client_assertion",
    "nonce_secret",
    "subscription_key",
    "ocp_apim_subscription_key",
    // Entra ID (login.microsoftonline.com) names its anti-forgery token `canary`.
    "canary",
    "flowtoken",
];

fn normalized(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Whether a parameter or JSON key named `name` holds a secret.
#[must_use]
pub fn is_secret_name(name: &str) -> bool {
    let n = normalized(name);
    // camelCase `apiKey`, `accessToken` lower-case into the same words.
    EXACT.contains(&n.as_str()) || CONTAINS.iter().any(|part| n.contains(part))
}

/// Whether a header named `name` carries a secret in its value (beyond
/// `Authorization`, `Cookie` and `Set-Cookie`, which are read structurally).
#[must_use]
pub fn is_secret_header(name: &str) -> bool {
    let n = normalized(name);
    if n.starts_with(':') || n == "www_authenticate" || n == "proxy_authenticate" {
        return false;
    }
    is_secret_name(&n) || n.ends_with("_key") || n.ends_with("_auth") || n.contains("_auth_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for secret in [
            "password",
            "X-Api-Key",
            "apiKey",
            "access_token",
            "client_secret",
            "code",
            "JSESSIONID",
            "X-Amz-Security-Token",
            "X-Auth-Token",
            "PRIVATE-TOKEN",
            "Ocp-Apim-Subscription-Key",
        ] {
            assert!(
                is_secret_name(secret) || is_secret_header(secret),
                "{secret}"
            );
        }
        for plain in [
            "keyword",
            "encode",
            "author",
            "state",
            "redirect_uri",
            "scope",
            "client_id",
        ] {
            assert!(!is_secret_name(plain), "{plain}");
        }
        for plain in [
            "WWW-Authenticate",
            ":authority",
            "Content-Type",
            "Keep-Alive",
            "Accept",
        ] {
            assert!(!is_secret_header(plain), "{plain}");
        }
    }
}
