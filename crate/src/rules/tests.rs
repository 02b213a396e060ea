//! Firing and near-miss captures for every detecting code (the registry
//! test checks each detecting code has an entry here).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::tester::{findings, RuleTester};
use super::{rule, Detect, RULES};

/// (code, firing capture, near-miss capture).
const CASES: &[(&str, &str, &str)] = &[
    (
        "status.unauthorized",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 200 OK"#,
    ),
    (
        "status.proxy-auth-required",
        r#"GET http://a.test/ HTTP/1.1
HTTP/1.1 407 Proxy Authentication Required
Proxy-Authenticate: Basic realm="proxy""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
    ),
    (
        "status.forbidden-not-unauthorized",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 403 Forbidden
body: {"message":"Admin role required"}"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 403 Forbidden
body: {"message":"Admin role required"}"#,
    ),
    (
        "hygiene.secret-exposed",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic YWxpY2U6czNjcmV0LXBhc3N3b3Jk
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="api""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer undefined
Cookie: theme=dark
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
    ),
    (
        "cache.auth-response",
        r#"GET https://app.test/account HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="app"
Cache-Control: public, max-age=600
Age: 312
X-Cache: Hit from cloudfront"#,
        r#"GET https://app.test/account HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="app"
Cache-Control: no-store
X-Cache: Error from cloudfront"#,
    ),
    (
        "status.captive-portal",
        r#"GET http://api.test/data HTTP/1.1
HTTP/1.1 511 Network Authentication Required
body: <meta http-equiv="refresh" content="0; url=https://login.hotel-wifi.test/">"#,
        r#"GET http://api.test/data HTTP/1.1
HTTP/1.1 302 Found
Location: https://api.test/login?next=/data"#,
    ),
    (
        "session.expired",
        r#"POST https://app.test/login HTTP/1.1
HTTP/1.1 302 Found
Set-Cookie: sid=0123456789abcdef0123; Path=/; Secure; HttpOnly
Location: https://app.test/home
GET https://app.test/logout HTTP/1.1
Cookie: sid=0123456789abcdef0123
HTTP/1.1 200 OK
Set-Cookie: sid=; Path=/; Max-Age=0
GET https://app.test/api/me HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="app""#,
        r#"POST https://app.test/login HTTP/1.1
HTTP/1.1 302 Found
Set-Cookie: sid=0123456789abcdef0123; Path=/admin; Secure; HttpOnly
Location: https://app.test/home
GET https://app.test/api/me HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="app""#,
    ),
    (
        "status.iis-substatus",
        r#"GET https://intranet.test/reports/ HTTP/1.1
Authorization: Negotiate YIIFAKE
HTTP/1.1 401 Unauthorized
Server: Microsoft-IIS/10.0
body: <h2>401 - Unauthorized: Access is denied due to an ACL set on the requested resource.</h2><p>HTTP Error 401.3 - Unauthorized</p>"#,
        r#"GET https://intranet.test/reports/ HTTP/1.1
Authorization: Negotiate YIIFAKE
HTTP/1.1 401 Unauthorized
Server: Microsoft-IIS/10.0
body: <p>HTTP Error 401 - Unauthorized, error 401.9 is not an IIS sub-status</p>"#,
    ),
    (
        "status.rate-limited",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 403 Forbidden
X-RateLimit-Remaining: 0"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 403 Forbidden
X-RateLimit-Remaining: 10"#,
    ),
    (
        "status.missing-challenge",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
    ),
    (
        "status.nonstandard",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 500 Internal Server Error
body: {"error":"access token expired"}"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 500 Internal Server Error
body: {"error":"database down"}"#,
    ),
    (
        "status.handshake-step",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate
GET https://api.test/data HTTP/1.1
Authorization: Negotiate YIIFAKE
HTTP/1.1 200 OK"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
    ),
    (
        "input.sanitized-capture",
        r#"GET https://api.test/data HTTP/1.1
Authorization: [REDACTED]
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "input.partial",
        r#"HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
    ),
    (
        "challenge.malformed",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
    ),
    (
        "challenge.scheme-mismatch",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
    ),
    (
        "challenge.unknown-scheme",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Frobnicate realm="x""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="x", nonce="n""#,
    ),
    (
        "challenge.basic-realm",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x", charset="UTF-8""#,
    ),
    (
        "challenge.browser-choice",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate
WWW-Authenticate: NTLM"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate"#,
    ),
    (
        "challenge.client-unsupported",
        r#"GET https://api.test/data HTTP/1.1
User-Agent: git/2.40.0
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate
WWW-Authenticate: NTLM"#,
        r#"GET https://api.test/data HTTP/1.1
User-Agent: git/2.40.0
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="git""#,
    ),
    (
        "credentials.none-sent",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer"#,
        r#"GET https://api.test/data HTTP/1.1
X-API-Key: abcdefabcdef123456
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer"#,
    ),
    (
        "credentials.rejected",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 200 OK"#,
    ),
    (
        "credentials.placeholder",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer undefined
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "credentials.malformed",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "credentials.in-url",
        r#"GET https://api.test/data?access_token=abcdef123456 HTTP/1.1
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data?page=2 HTTP/1.1
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "credentials.cleartext",
        r#"GET http://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 200 OK"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 200 OK"#,
    ),
    (
        "basic.decoded",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 200 OK"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 200 OK"#,
    ),
    (
        "basic.decode-error",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcnBhc3M=
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
    ),
    (
        "basic.trailing-newline",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNzCg==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
    ),
    (
        "basic.charset",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXPpcjpw5HNz
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="x""#,
    ),
    (
        "basic.htaccess",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
Server: Apache/2.4.57
WWW-Authenticate: Basic realm="Restricted""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
Server: Kestrel
WWW-Authenticate: Basic realm="Restricted""#,
    ),
    (
        "server.password-file",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 500 Internal Server Error
Server: Apache"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 500 Internal Server Error
Server: Apache"#,
    ),
    (
        "bearer.error",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
    ),
    (
        "bearer.insufficient-scope",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 403 Forbidden
WWW-Authenticate: Bearer error="insufficient_scope", scope="admin""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer scope="read""#,
    ),
    (
        "bearer.resource-metadata",
        r#"POST https://api.test/mcp HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer resource_metadata="https://api.test/.well-known/oauth-protected-resource""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
    ),
    (
        "dpop.nonce-required",
        r#"POST https://api.test/token HTTP/1.1
DPoP: eyJ.eyJ.sig
HTTP/1.1 400 Bad Request
DPoP-Nonce: abc
body: {"error":"use_dpop_nonce"}"#,
        r#"POST https://api.test/token HTTP/1.1
HTTP/1.1 400 Bad Request
body: {"error":"invalid_grant"}"#,
    ),
    (
        "dpop.proof-problem",
        r#"POST https://api.test/x HTTP/1.1
Authorization: DPoP eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImNuZiI6eyJqa3QiOiJhYmMifX0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: DPoP error="invalid_dpop_proof""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "jwt.decoded",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 200 OK"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 200 OK"#,
    ),
    (
        "jwt.expired",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE3MDAwMDAwMDAsImlhdCI6MTY5OTk5MDAwMH0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "jwt.not-yet-valid",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJuYmYiOjE3MTcyMDM2MDAsImV4cCI6MTgwMDAwMDAwMH0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
Date: Sat, 01 Jun 2024 00:00:00 GMT
WWW-Authenticate: Bearer error="invalid_token""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
Date: Sat, 01 Jun 2024 00:00:00 GMT
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "clock.skew",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJuYmYiOjE3MTcyMDM2MDAsImV4cCI6MTgwMDAwMDAwMH0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
Date: Sat, 01 Jun 2024 00:00:00 GMT
WWW-Authenticate: Bearer error="invalid_token""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
Date: Sat, 01 Jun 2024 00:00:00 GMT
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "jwt.audience-mismatch",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token", error_description="The audience is invalid""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token", error_description="The token is revoked""#,
    ),
    (
        "jwt.issuer-mismatch",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token", error_description="The issuer is invalid""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "jwt.wrong-token-type",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6ImNsaWVudDEiLCJub25jZSI6Im4iLCJleHAiOjE4MDAwMDAwMDB9.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "jwt.signing-key-unknown",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token", error_description="The signature key was not found""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token", error_description="The audience is invalid""#,
    ),
    (
        "jwt.alg-none",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4IiwiZXhwIjoxODAwMDAwMDAwfQ.
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "jwt.malformed",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer KBSxkmG-OcpA6-cg
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token", error_description="jwt malformed""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer KBSxkmG-OcpA6-cg
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "jwt.encrypted",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "digest.stale",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="r", nonce="old", uri="/data", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="new", stale=true"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="r", nonce="same", uri="/data", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="same""#,
    ),
    (
        "digest.algorithm",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="r", nonce="n", uri="/data", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="n", algorithm=SHA-256"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="r", nonce="n", uri="/data", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="n", algorithm=MD5"#,
    ),
    (
        "digest.realm-mismatch",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="old", nonce="n", uri="/data", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="n""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="r", nonce="n", uri="/data", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="n""#,
    ),
    (
        "digest.uri-mismatch",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="r", nonce="n", uri="/other", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="n""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Digest username="u", realm="r", nonce="n", uri="/data", response="00000000000000000000000000000000"
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="r", nonce="n""#,
    ),
    (
        "negotiate.kerberos-error",
        r#"GET http://intranet.test/ HTTP/1.1
Authorization: Negotiate YIIC2QYGKwYBBQUCoIICzTCCAsmgDTALBgkqhkiG9xIBAgKiggK2BIICsmCCAq4GCSqGSIb3EgECAgEAbo
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate oXEwb6ADCgEComgEZmBkBgkqhkiG9xIBAgIDAH5VMFOgAwIBBaEDAgEepBEYDzIwMjYxMjAzMDY0MDUwWqUFAgMOV3CmAwIBI6kKGwhMQUIuVEVTVKocMBqgAwIBA6ETMBEbBEhUVFAbCTEyNy4wLjAuMg=="#,
        r#"GET http://intranet.test/ HTTP/1.1
Authorization: Negotiate YIIC2QYGKwYBBQUCoIICzTCCAsmgDTALBgkqhkiG9xIBAgKiggK2BIICsmCCAq4GCSqGSIb3EgECAgEAbo
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate"#,
    ),
    (
        "challenge.decoded",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
Server: nginx
WWW-Authenticate: Basic realm="legacy", charset="UTF-8", Bearer realm="api", scope="read write""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
Server: nginx"#,
    ),
    (
        "digest.decoded",
        r#"GET http://127.0.0.1/digest/ HTTP/1.1
Authorization: Digest username="alice", realm="api", nonce="aUY0evVgBgA=6e24a98f9050492ae0ffcdc5e8e2e43c64ad56e3", uri="/digest/", cnonce="OTc5NWQ0NjZjYzI3ZTNjMTcxMGQ5NjU1MDAxOTM3MjI=", nc=00000001, qop=auth, response="8e9d8e7e79a724558ef501a1529d7bd6", algorithm=MD5
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="api", nonce="ZUw0evVgBgA=9647b954fef3bbbb2be85b8f270ddb85dd286a9a", algorithm=MD5, domain="/digest/", qop="auth""#,
        r#"GET http://127.0.0.1/digest/ HTTP/1.1
Authorization: Basic YWxpY2U6d3Jvbmc=
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Digest realm="api", nonce="ZUw0evVgBgA=9647b954fef3bbbb2be85b8f270ddb85dd286a9a", algorithm=MD5, domain="/digest/", qop="auth""#,
    ),
    (
        "ntlm.decoded",
        r#"GET http://scepserverurldummy.com/certsrv/admin/ HTTP/1.1
Authorization: NTLM TlRMTVNTUAABAAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=
HTTP/1.1 401 Unauthorized
Server: Microsoft-HTTPAPI/2.0
WWW-Authenticate: NTLM TlRMTVNTUAACAAAACgAKADgAAAAGgokCOqjQBTaP57MAAAAAAAAAAPwA/ABCAAAACgBjRQA"#,
        r#"GET http://scepserverurldummy.com/certsrv/admin/ HTTP/1.1
HTTP/1.1 401 Unauthorized
Server: Microsoft-IIS/10.0
WWW-Authenticate: Negotiate
WWW-Authenticate: NTLM"#,
    ),
    (
        "negotiate.kerberos-decoded",
        r#"GET http://webtest01.salelytics.local/ HTTP/1.1
Authorization: Negotiate YIISYAYGKwYBBQUCoIISVDCCElCgCTAHBgUrBgEFAqKCEkEEghI9YIISOQYFKwYBBQIBAG6CEiwwghIooAMCAQWhAwIBDqIHAwUAAAAAAKOCEWdhghFjMIIRX6ADAgEFoRIbEFNBTEVMWVRJQ1MuTE9DQUyiLTAroAMCAQKhJDAiGwRob3N0Gxp3ZWJ0ZXN0MDEuc2FsZWx5dGljcy5sb2NhbKOCERMwghEPoAMCARKhAwIBEaKCEQEEghD9pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76umfXfKm/r5kJP1VrT+1FJors/6ILi8IHn5kxsC7tVO/HbkQfyy/KV5zjR3j1twdTKWTddB+XhkAS1voQG6yyzyN9zHYIa4UOrGNATMuDJawTgsu8PO+799nKSNrh9UCauSDmLhuVtcqcYezdZ/tDDj8hYs5suKcNd8Zra9A9sKPxZ9W3qLy7zKUVQDT7S8sTQCBNR3YbDgbleph1QHt61QTC4XATWS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py4oJe2JbmPTuSgR7cMy+UcU3zr1ZtoLuCr64CxqlIOdNKhiFXiQ2hzT/pLjHX2JiCLhKcIhP6Br1iQFeOUhGXZnnal5WisCgEBCY8f5N3/ynbdrZRzsGQBJg3UHKwkflF6XUi5AhuqpfEnbtXAqwK8jZfALhLSzFyCmmdKTxp/TkSF2RCdKDFRuNw5GCf+hA6ILI8gJhead6/wJ9kFZJSqgmRB9H+iMb+lk777PZnK8Cl6J5ixaaJLShuQjOud/+yDUA+5zmS1swoPqApryPZBlgvIyxJu2jGjNGkTfi3oYv2DzaKG05Rk+GQV81rkmghzem9yPVUJa/c5q52RYfLWrLoevhZC0x0awirH/juQbLifxz53nCQE28+AJy75fNcTTN6KFAQdEmQg3OMJmYxhcABm6jof8efD0nHCY/1Kgd2vd/Er1uyZAlIa/ZnYd7chlN/Xc+1HSyGbDS1GHXy5oOKVqYX7Enwvq4VNAKjKs1Pawtn3LG8Zv5Ypu8D0fzFwE7IHgYIruiqFhojmAIDdN87xg3/Q/XBmTepo6uKZyUf0IE9pU2NJhKaM1/5WdR16ePlljivghZ4fXfeTkYpIygfdM7ENA8d5vFldPGYYJvW5hANsbEvrSFagEaBp0vXnJaE/9I0MyTLUyi0kn1Gnt11CuZyzaA3U2OLzu6UQBGSyLvVSskUVINx+ZmQF9oGxLUczZ8XbFzUxtPTfYFE
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate"#,
        r#"GET http://webtest01.salelytics.local/ HTTP/1.1
Authorization: Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate"#,
    ),
    (
        "tls.client-certificate",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 400 Bad Request
Server: nginx/1.24.0
Content-Type: text/html
body: <html><head><title>400 No required SSL certificate was sent</title></head><body><center><h1>400 Bad Request</h1></center><center>No required SSL certificate was sent</center><hr><center>nginx/1.24.0</center></body></html>"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 400 Bad Request
Server: nginx/1.24.0
Content-Type: text/html
body: <html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head><body><center><h1>400 Bad Request</h1></center><center>The plain HTTP request was sent to HTTPS port</center><hr><center>nginx/1.24.0</center></body></html>"#,
    ),
    (
        "ntlm.channel-binding",
        r#"GET https://web.corp.example/reports/ HTTP/1.1
Authorization: NTLM TlRMTVNTUAADAAAAGAAYAFgAAACKAIoAcAAAAAgACAD6AAAACgAKAAIBAAAGAAYADAEAABAAEAASAQAAFYKIogoAYUoAAAAP3d3d3d3d3d3d3d3d3d3d3QAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAKqqqqqqqqqqqqqqqqqqqqoBAQAAAAAAAAAAAAAAAAAAu7u7u7u7u7sAAAAAAgAIAEMATwBSAFAABgAEAAIAAAAKABAAAAAAAAAAAAAAAAAAAAAAAAkAKgBIAFQAVABQAC8AdwBlAGIALgBjAG8AcgBwAC4AZQB4AGEAbQBwAGwAZQAAAAAAAAAAAEMATwBSAFAAYQBsAGkAYwBlAFAAQwAxAMzMzMzMzMzMzMzMzMzMzMw=
HTTP/1.1 401 Unauthorized
Server: Microsoft-IIS/10.0
WWW-Authenticate: Negotiate
WWW-Authenticate: NTLM"#,
        r#"GET http://web.corp.example/reports/ HTTP/1.1
Authorization: NTLM TlRMTVNTUAADAAAAGAAYAFgAAACKAIoAcAAAAAgACAD6AAAACgAKAAIBAAAGAAYADAEAABAAEAASAQAAFYKIogoAYUoAAAAP3d3d3d3d3d3d3d3d3d3d3QAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAKqqqqqqqqqqqqqqqqqqqqoBAQAAAAAAAAAAAAAAAAAAu7u7u7u7u7sAAAAAAgAIAEMATwBSAFAABgAEAAIAAAAKABAAAAAAAAAAAAAAAAAAAAAAAAkAKgBIAFQAVABQAC8AdwBlAGIALgBjAG8AcgBwAC4AZQB4AGEAbQBwAGwAZQAAAAAAAAAAAEMATwBSAFAAYQBsAGkAYwBlAFAAQwAxAMzMzMzMzMzMzMzMzMzMzMw=
HTTP/1.1 401 Unauthorized
Server: Microsoft-IIS/10.0
WWW-Authenticate: Negotiate
WWW-Authenticate: NTLM"#,
    ),
    (
        "redirect.sso-flow",
        r#"GET https://app.test/account HTTP/1.1
HTTP/1.1 302 Found
Location: https://login.idp.test/oauth2/v2.0/authorize?client_id=6731de76-14a6-49ae-97bc-6eba6914391e&response_type=code&redirect_uri=https%3A%2F%2Fapp.test%2Fsignin-oidc&scope=openid%20profile%20api.read&state=Zm9vYmFy&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256
GET https://login.idp.test/oauth2/v2.0/authorize?client_id=6731de76-14a6-49ae-97bc-6eba6914391e&response_type=code&redirect_uri=https%3A%2F%2Fapp.test%2Fsignin-oidc&scope=openid%20profile%20api.read&state=Zm9vYmFy&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256 HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/signin-oidc?error=invalid_scope&error_description=The+requested+scope+api.read+is+not+valid&state=Zm9vYmFy
GET https://app.test/signin-oidc?error=invalid_scope&error_description=The+requested+scope+api.read+is+not+valid&state=Zm9vYmFy HTTP/1.1
HTTP/1.1 500 Internal Server Error"#,
        r#"POST https://clients4.google.com/chrome-sync/command/?client=Google+Chrome&client_id=PyIKPe4Z1cTqdvB7d%2BFPCQ%3D%3D HTTP/1.1
HTTP/1.1 200 OK
GET https://app.test/report?error=timeout&state=1 HTTP/1.1
HTTP/1.1 500 Internal Server Error"#,
    ),
    (
        "redirect.login-loop",
        r#"GET https://app.test/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/login?next=/dashboard
GET https://app.test/login?next=/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/dashboard
GET https://app.test/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/login?next=/dashboard
GET https://app.test/login?next=/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/dashboard
GET https://app.test/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/login?next=/dashboard
GET https://app.test/login?next=/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/dashboard
GET https://app.test/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/login?next=/dashboard"#,
        r#"GET https://app.test/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/login?next=/dashboard
GET https://app.test/login?next=/dashboard HTTP/1.1
HTTP/1.1 302 Found
Location: https://app.test/dashboard
Cookie: session=abc
HTTP/1.1 200 OK"#,
    ),
    (
        "ntlm.v1",
        r#"GET http://intranet.test/ HTTP/1.1
Authorization: NTLM TlRMTVNTUAADAAAAGAAYAEAAAAAYABgAWAAAAAAAAABwAAAABgAGAHAAAAAAAAAAdgAAAAAAAAB2AAAAAQIAABERERERERERERERERERERERERERERERESIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiImIAbwBiAA==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: NTLM"#,
        r#"GET http://intranet.test/ HTTP/1.1
Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: NTLM"#,
    ),
    (
        "negotiate.ntlm-fallback",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Negotiate"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: NTLM"#,
    ),
    (
        "ntlm.connection",
        r#"GET https://api.test/data HTTP/1.1
Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: NTLM TlRMTVNTUAACAAAADAAMADgAAAA1gomiFAKE
Connection: close"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==
HTTP/1.1 401 Unauthorized
WWW-Authenticate: NTLM TlRMTVNTUAACAAAADAAMADgAAAA1gomiFAKE
Connection: keep-alive"#,
    ),
    (
        "ntlm.http2",
        r#"GET https://api.test/data HTTP/2
Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==
HTTP/2 401"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "cookie.not-sent",
        r#"POST https://app.test/login HTTP/1.1
HTTP/1.1 302 Found
Location: /account
Set-Cookie: sid=abc123; Path=/auth; Secure
GET https://app.test/account HTTP/1.1
HTTP/1.1 401 Unauthorized"#,
        r#"POST https://app.test/login HTTP/1.1
HTTP/1.1 302 Found
Location: /account
Set-Cookie: sid=abc123; Path=/; Secure
GET https://app.test/account HTTP/1.1
Cookie: sid=abc123
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "cookie.rejected",
        r#"POST https://app.test/login HTTP/1.1
HTTP/1.1 302 Found
Set-Cookie: sid=abc123; Path=/; SameSite=None
GET https://app.test/account HTTP/1.1
HTTP/1.1 401 Unauthorized"#,
        r#"POST https://app.test/login HTTP/1.1
HTTP/1.1 302 Found
Set-Cookie: sid=abc123; Path=/; SameSite=None; Secure
GET https://app.test/account HTTP/1.1
Cookie: sid=abc123
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "cors.preflight-unauthorized",
        r#"OPTIONS https://api.test/data HTTP/1.1
Origin: https://app.test
Access-Control-Request-Method: GET
HTTP/1.1 401 Unauthorized"#,
        r#"OPTIONS https://api.test/data HTTP/1.1
Origin: https://app.test
Access-Control-Request-Method: GET
HTTP/1.1 204 No Content"#,
    ),
    (
        "cors.authorization-not-allowed",
        r#"OPTIONS https://api.test/data HTTP/1.1
Origin: https://app.test
Access-Control-Request-Method: GET
Access-Control-Request-Headers: authorization
HTTP/1.1 204 No Content
Access-Control-Allow-Origin: https://app.test
Access-Control-Allow-Headers: *"#,
        r#"OPTIONS https://api.test/data HTTP/1.1
Origin: https://app.test
Access-Control-Request-Method: GET
Access-Control-Request-Headers: authorization
HTTP/1.1 204 No Content
Access-Control-Allow-Origin: https://app.test
Access-Control-Allow-Headers: authorization"#,
    ),
    (
        "cors.credentials",
        r#"GET https://api.test/data HTTP/1.1
Origin: https://app.test
Cookie: sid=abc
HTTP/1.1 200 OK
Access-Control-Allow-Origin: *"#,
        r#"GET https://api.test/data HTTP/1.1
Origin: https://app.test
Cookie: sid=abc
HTTP/1.1 200 OK
Access-Control-Allow-Origin: https://app.test
Access-Control-Allow-Credentials: true"#,
    ),
    (
        "cors.challenge-not-exposed",
        r#"GET https://api.test/data HTTP/1.1
Origin: https://app.test
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer
Access-Control-Allow-Origin: https://app.test"#,
        r#"GET https://api.test/data HTTP/1.1
Origin: https://app.test
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer
Access-Control-Allow-Origin: https://app.test
Access-Control-Expose-Headers: WWW-Authenticate"#,
    ),
    (
        "redirect.authorization-dropped",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 302 Found
Location: https://files.test/data
GET https://files.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 302 Found
Location: https://files.test/data
GET https://files.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "redirect.scheme-or-host-change",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 301 Moved
Location: /data/
GET https://api.test/data/ HTTP/1.1
HTTP/1.1 401 Unauthorized"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 301 Moved
Location: /data/
GET https://api.test/data/ HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized"#,
    ),
    (
        "intermediary.header-stripped",
        r#"GET https://site.test/api/user.php HTTP/1.1
Authorization: Bearer opaque-token-value-123
HTTP/1.1 401 Unauthorized
body: {"error":"Missing Authorization header"}"#,
        r#"GET https://site.test/api/user.php HTTP/1.1
HTTP/1.1 401 Unauthorized
body: {"error":"Missing Authorization header"}"#,
    ),
    (
        "intermediary.rejected-upstream",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 403 Forbidden
body: RBAC: access denied"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 403 Forbidden
body: forbidden"#,
    ),
    (
        "vendor.aws",
        r#"GET https://s3.amazonaws.com/b/k HTTP/1.1
Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240601/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000
HTTP/1.1 403 Forbidden
body: <Error><Code>SignatureDoesNotMatch</Code></Error>"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 403 Forbidden
body: <Error><Code>SignatureDoesNotMatch</Code></Error>"#,
    ),
    (
        "vendor.azure",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 400 Bad Request
body: {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 400 Bad Request
body: {"error":"invalid_client"}"#,
    ),
    (
        "vendor.github",
        r#"GET https://api.github.com/orgs/o/repos HTTP/1.1
Authorization: Bearer ghp_abcdefabcdefabcdefabcdefabcdefabcdef
HTTP/1.1 403 Forbidden
X-GitHub-SSO: required; url=https://github.com/orgs/o/sso"#,
        r#"GET https://api.github.com/orgs/o/repos HTTP/1.1
Authorization: Bearer ghp_abcdefabcdefabcdefabcdefabcdefabcdef
HTTP/1.1 404 Not Found"#,
    ),
    (
        "vendor.google",
        r#"GET https://gmail.googleapis.com/x HTTP/1.1
HTTP/1.1 401 Unauthorized
body: {"error":{"status":"UNAUTHENTICATED","details":[{"reason":"CREDENTIALS_MISSING"}]}}"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
body: {"error":{"status":"UNAUTHENTICATED","details":[{"reason":"CREDENTIALS_MISSING"}]}}"#,
    ),
    (
        "vendor.docker-registry",
        r#"GET https://registry.test/v2/app/manifests/latest HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="https://auth.test/token",service="registry.test",scope="repository:app:pull""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer realm="api""#,
    ),
    (
        "vendor.kubernetes",
        r#"GET https://10.0.0.1:6443/api/v1/namespaces/default/pods HTTP/1.1
HTTP/1.1 403 Forbidden
body: pods is forbidden: User "system:anonymous" cannot list resource "pods""#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 403 Forbidden
body: forbidden"#,
    ),
    (
        "vendor.cloudflare",
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 302 Found
Location: https://team.cloudflareaccess.com/cdn-cgi/access/login/api.test"#,
        r#"GET https://api.test/data HTTP/1.1
HTTP/1.1 302 Found
Location: https://api.test/login"#,
    ),
    (
        "vendor.wordpress",
        r#"GET https://blog.test/wp-json/wp/v2/users/me HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
body: {"code":"rest_not_logged_in","message":"You are not currently logged in."}"#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Basic dXNlcjpwYXNz
HTTP/1.1 401 Unauthorized
body: {"message":"You are not currently logged in."}"#,
    ),
    (
        "vendor.okta",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2Rldi0xLm9rdGEuY29tIiwiYXVkIjoiaHR0cHM6Ly9kZXYtMS5va3RhLmNvbSIsImV4cCI6MTgwMDAwMDAwMH0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "vendor.keycloak",
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwOi8vbG9jYWxob3N0OjgwODAvcmVhbG1zL2RlbW8iLCJhdWQiOiJhY2NvdW50IiwiZXhwIjoxODAwMDAwMDAwfQ.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
        r#"GET https://api.test/data HTTP/1.1
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "vendor.apache",
        r#"GET http://127.0.0.1:8082/basic/ HTTP/1.1
Authorization: Basic YWxpY2U6d3Jvbmc=
HTTP/1.1 401 Unauthorized
Server: Apache/2.4.71 (Debian)
WWW-Authenticate: Basic realm="Apache Basic Area"
body: <title>401 Unauthorized</title></head><body><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document requested. [auth_basic:error] AH01617: user alice: authentication failure for "/basic/": Password Mismatch"#,
        r#"GET http://127.0.0.1:8082/basic/ HTTP/1.1
Authorization: Basic YWxpY2U6d3Jvbmc=
HTTP/1.1 401 Unauthorized
Server: Apache-Coyote/1.1
WWW-Authenticate: Basic realm="Apache Basic Area"
body: <title>401 Unauthorized</title></head><body><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document requested."#,
    ),
    (
        "vendor.nginx",
        r#"GET https://app.test/dashboard HTTP/1.1
HTTP/1.1 401 Unauthorized
Server: nginx
body: <html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx</center></body></html>"#,
        r#"GET https://app.test/dashboard HTTP/1.1
HTTP/1.1 401 Unauthorized
Server: cloudflare
body: <html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>cloudflare</center></body></html>"#,
    ),
    (
        "vendor.iis",
        r#"GET https://intranet.test/reports/ HTTP/1.1
Authorization: Negotiate YIIFAKE
HTTP/1.1 401 Unauthorized
Server: Microsoft-IIS/10.0
WWW-Authenticate: Negotiate
body: <h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2><h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>"#,
        r#"GET https://intranet.test/reports/ HTTP/1.1
Authorization: Negotiate YIIFAKE
HTTP/1.1 401 Unauthorized
Server: Microsoft-IIS/10.0
WWW-Authenticate: Negotiate
body: <h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2><p>HTTP Error 401.1 - Unauthorized</p>"#,
    ),
    (
        "vendor.oauth",
        r#"POST https://login.idp.test/oauth2/token HTTP/1.1
Content-Type: application/x-www-form-urlencoded
HTTP/1.1 400 Bad Request
Content-Type: application/json
body: {"error":"invalid_grant","error_description":"The authorization code has expired"}"#,
        r#"POST https://api.test/v1/items HTTP/1.1
Content-Type: application/json
HTTP/1.1 400 Bad Request
Content-Type: application/json
body: {"error":"invalid_request","error_description":"name is required"}"#,
    ),
    (
        "vendor.auth0",
        r#"GET https://api.test/v1/me HTTP/1.1
Authorization: Bearer eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwiaXNzIjoiaHR0cHM6Ly9kZXYtYWJjMTIzLnVzLmF1dGgwLmNvbS8ifQ..RkFLRUlW.RkFLRUNJUEhFUg.RkFLRVRBRw
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
        r#"GET https://api.test/v1/me HTTP/1.1
Authorization: Bearer eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..RkFLRUlW.RkFLRUNJUEhFUg.RkFLRVRBRw
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token""#,
    ),
    (
        "general.checklist",
        r#"HTTP/1.1 401 Unauthorized
Server: nginx/1.22.1
WWW-Authenticate: Basic realm="Restricted Area"
body: <html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx/1.22.1</center></body></html>"#,
        r#"GET https://app.test/private HTTP/1.1
Authorization: Basic YWxpY2U6d3Jvbmc=
HTTP/1.1 401 Unauthorized
Server: nginx/1.22.1
WWW-Authenticate: Basic realm="Restricted Area""#,
    ),
];

#[test]
fn every_detecting_code_fires_and_misses() {
    for (code, fire, miss) in CASES {
        let rule = rule(code).unwrap_or_else(|| panic!("{code} is not registered"));
        RuleTester::new(rule.code).fires(fire).misses(miss);
    }
}

#[test]
fn registry_covers_findings_md_and_tests() {
    let spec =
        std::fs::read_to_string(crate::testing::shared_dir().join("spec/findings.md")).unwrap();
    let families = [
        "status",
        "input",
        "challenge",
        "credentials",
        "basic",
        "server",
        "tls",
        "bearer",
        "jwt",
        "dpop",
        "digest",
        "ntlm",
        "negotiate",
        "cookie",
        "session",
        "cors",
        "redirect",
        "cache",
        "intermediary",
        "vendor",
        "clock",
        "hygiene",
        "general",
    ];
    let mut spec_codes = Vec::new();
    for piece in spec.split('`').skip(1).step_by(2) {
        if let Some((family, name)) = piece.split_once('.') {
            if families.contains(&family)
                && !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit())
            {
                spec_codes.push(piece);
            }
        }
    }
    assert!(
        spec_codes.len() > 80,
        "findings.md codes not read: {}",
        spec_codes.len()
    );
    for code in &spec_codes {
        assert!(
            rule(code).is_some(),
            "{code} of findings.md is not registered"
        );
    }
    let mut seen = Vec::new();
    for r in RULES {
        assert!(!seen.contains(&r.code), "{} registered twice", r.code);
        seen.push(r.code);
        assert!(!r.references.is_empty(), "{} has no reference", r.code);
        assert!(!r.summary.is_empty(), "{} has no summary", r.code);
        let doc =
            super::explain(r.code).unwrap_or_else(|| panic!("{} has no documentation", r.code));
        for heading in [
            "## What it does",
            "## Why it matters",
            "## How to fix",
            "## Example",
        ] {
            assert!(
                doc.contains(heading),
                "{}: documentation lacks {heading}",
                r.code
            );
        }
        if let Detect::By(owner) = r.detect {
            assert!(
                rule(owner).is_some_and(|o| matches!(o.detect, Detect::Check(_))),
                "{} is emitted by {owner}, which has no check",
                r.code
            );
        }
        if r.detects() {
            assert!(
                CASES.iter().any(|(c, _, _)| *c == r.code),
                "{} detects but has no firing/near-miss test",
                r.code
            );
        }
    }
}

#[test]
fn severity_is_per_occurrence() {
    // The same expired token: an error on the 401 it explains, a warning on a 200.
    let token = CASES
        .iter()
        .find(|(c, _, _)| *c == "jwt.expired")
        .map(|(_, f, _)| *f)
        .unwrap();
    let failing = findings(token);
    let f = failing.iter().find(|f| f.code == "jwt.expired").unwrap();
    assert_eq!(f.severity, "error");
    let healthy = token.replace("HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK");
    let h = findings(&healthy);
    let f = h.iter().find(|f| f.code == "jwt.expired").unwrap();
    assert_eq!(f.severity, "warning");
    assert!(!h.iter().any(|f| f.severity == "error"));
}

#[test]
fn evidence_redacts_secrets_and_points_into_the_value() {
    let text = "GET https://api.test/ HTTP/1.1\nAuthorization: Basic dXNlcjpwYXNzCg==\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"x\"";
    let got = findings(text);
    let f = got
        .iter()
        .find(|f| f.code == "basic.trailing-newline")
        .unwrap();
    let e = f.evidence.first().unwrap();
    assert_eq!(e.header.as_deref(), Some("Authorization"));
    assert_eq!(e.header_index, Some(0));
    assert!(
        !e.value.contains("dXNlcjpwYXNzCg"),
        "secret in evidence: {}",
        e.value
    );
    assert_eq!((e.start, e.end), (Some(6), Some(22)));
    assert!(!f.fix.visitor.is_empty());
    let json = serde_json::to_value(f).unwrap();
    for key in ["evidence", "fix", "references", "severity"] {
        assert!(json.get(key).is_some(), "finding JSON lacks {key}");
    }
}

#[test]
fn handshake_first_leg_is_not_an_error() {
    let text = "GET https://a.test/ HTTP/1.1\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Negotiate\nGET https://a.test/ HTTP/1.1\nAuthorization: Negotiate YIIFAKE\nHTTP/1.1 200 OK";
    let got = findings(text);
    assert!(!got.iter().any(|f| f.severity == "error"), "{got:?}");
    assert!(got.iter().any(|f| f.code == "status.handshake-step"));
}

/// Each rule's finding on its firing capture, as JSON, against the snapshot
/// under `rules/snapshots/`: a change in title, detail, evidence, fixes or
/// references shows up in review instead of slipping through. Run with
/// `AUTHLENS_BLESS=1` to write the snapshots after a deliberate change.
#[test]
fn findings_match_their_json_snapshots() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/snapshots");
    let bless = std::env::var_os("AUTHLENS_BLESS").is_some();
    let mut failures = Vec::new();
    let mut written = Vec::new();
    for (code, fire, _) in CASES {
        let got: Vec<_> = findings(fire)
            .into_iter()
            .filter(|f| f.code == *code)
            .collect();
        let json = serde_json::to_string_pretty(&got).unwrap() + "\n";
        let path = dir.join(format!("{code}.json"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &json).unwrap();
            written.push(path);
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == json => {}
            Ok(want) => failures.push(format!(
                "{code}: finding differs from {}\n--- snapshot\n{want}\n--- now\n{json}",
                path.display()
            )),
            Err(_) => failures.push(format!("{code}: no snapshot at {}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snapshots differ (AUTHLENS_BLESS=1 rewrites them after a deliberate change):\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
    if bless {
        eprintln!("wrote {} snapshots", written.len());
    }
}

#[test]
fn audience_host_heuristic_yields_to_the_servers_own_reason() {
    // aud names https://api.test, the API was called at 127.0.0.1 (a local
    // run, as in the scenario lab): the host differs, but the server says the
    // token expired, so the audience is not the failure.
    let token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0LyIsImF1ZCI6Imh0dHBzOi8vYXBpLnRlc3QiLCJleHAiOjE4MDAwMDAwMDAsImlhdCI6MTcxNzEwMDAwMCwic2NvcGUiOiJyZWFkIHdyaXRlIn0.c2lnbmF0dXJlc2lnbmF0dXJl";
    let capture = |description: &str| {
        format!("GET http://127.0.0.1:8080/data HTTP/1.1\nAuthorization: Bearer {token}\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"{description}\"")
    };
    let expired = findings(&capture("The access token expired"));
    assert!(
        !expired.iter().any(|f| f.code == "jwt.audience-mismatch"),
        "{expired:?}"
    );
    let unexplained = findings(&capture("Access denied"));
    assert!(
        unexplained
            .iter()
            .any(|f| f.code == "jwt.audience-mismatch"),
        "{unexplained:?}"
    );
}

#[test]
fn insufficient_scope_on_403_is_the_standard_status() {
    // RFC 6750 answers a missing scope with 403 and a challenge: that is
    // no nonstandard status, whatever the body says.
    let capture = |status: &str| {
        format!("GET https://api.test/admin HTTP/1.1\nAuthorization: Bearer opaque-token-value-123\nHTTP/1.1 {status}\nWWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"admin\"\nbody: {{\"error_description\":\"The access token lacks the scope\"}}")
    };
    RuleTester::new("status.nonstandard")
        .fires(&capture("400 Bad Request"))
        .misses(&capture("403 Forbidden"));
}

#[test]
fn digest_uri_mismatch_on_apaches_400() {
    // Apache's mod_auth_digest answers a `uri` that is not the request
    // target with "400 Bad Request" and no challenge (recorded in the lab).
    let capture = |target: &str| {
        format!("GET http://127.0.0.1:8080{target} HTTP/1.1\nAuthorization: Digest username=\"alice\", realm=\"Private Zone\", nonce=\"abc\", uri=\"/private/\", algorithm=MD5, response=\"a473534dddb45d4b6af3d4be3c41acb9\", qop=auth, nc=00000001, cnonce=\"f4\"\nHTTP/1.1 400 Bad Request")
    };
    RuleTester::new("digest.uri-mismatch")
        .fires(&capture("/private/index.html"))
        .misses(&capture("/private/"));
}

#[test]
fn a_stale_digest_nonce_is_not_a_refused_password() {
    let capture = |extra: &str| {
        format!("GET http://127.0.0.1:8080/private/ HTTP/1.1\nAuthorization: Digest username=\"alice\", realm=\"Private Zone\", nonce=\"old\", uri=\"/private/\", algorithm=MD5, response=\"a473534dddb45d4b6af3d4be3c41acb9\", qop=auth, nc=00000001, cnonce=\"f4\"\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Digest realm=\"Private Zone\", nonce=\"new\", algorithm=MD5{extra}, qop=\"auth\"")
    };
    let stale = findings(&capture(", stale=true"));
    assert!(stale.iter().any(|f| f.code == "digest.stale"), "{stale:?}");
    assert!(
        !stale.iter().any(|f| f.code == "credentials.rejected"),
        "{stale:?}"
    );
    let refused = findings(&capture(""));
    assert!(
        refused.iter().any(|f| f.code == "credentials.rejected"),
        "{refused:?}"
    );
}

#[test]
fn origin_credentials_against_a_407() {
    // `curl -u` through a proxy that wants its own credentials (Squid in the lab).
    let capture = |header: &str| {
        format!("GET http://intranet.test/report HTTP/1.1\nHost: intranet.test\n{header}: Basic YWxpY2U6cHJveHktcGFzcw==\nHTTP/1.1 407 Proxy Authentication Required\nServer: squid/5.7\nProxy-Authenticate: Basic realm=\"Lab Proxy\"")
    };
    let origin = findings(&capture("Authorization"));
    assert!(
        origin
            .iter()
            .any(|f| f.code == "challenge.client-unsupported"),
        "{origin:?}"
    );
    let proxy = findings(&capture("Proxy-Authorization"));
    assert!(
        !proxy
            .iter()
            .any(|f| f.code == "challenge.client-unsupported"),
        "{proxy:?}"
    );
}

#[test]
fn nginx_drops_an_underscored_key_header() {
    // Recorded in the lab: nginx in front of PHP-FPM, default config.
    let capture = |name: &str| {
        format!("GET http://127.0.0.1:8080/api.php HTTP/1.1\n{name}: lab-key-5d1e\nHTTP/1.1 401 Unauthorized\nServer: nginx/1.22.1\nWWW-Authenticate: Bearer realm=\"lab-app\"\nbody: {{\"error\":\"unauthenticated\",\"message\":\"Authorization header is missing\"}}")
    };
    let underscored = findings(&capture("X_Api_Key"));
    assert!(
        underscored
            .iter()
            .any(|f| f.code == "intermediary.header-stripped"),
        "{underscored:?}"
    );
    assert!(
        !underscored
            .iter()
            .any(|f| f.code == "credentials.none-sent"),
        "{underscored:?}"
    );
    let dashed = findings(&capture("X-Api-Key"));
    assert!(
        !dashed
            .iter()
            .any(|f| f.code == "intermediary.header-stripped"),
        "{dashed:?}"
    );
}

#[test]
fn a_reused_digest_nonce_answered_without_stale_is_an_expired_nonce() {
    let capture = |nc: &str| {
        format!("GET http://a.test/private/ HTTP/1.1\nAuthorization: Digest username=\"u\", realm=\"r\", nonce=\"OLD\", uri=\"/private/\", qop=auth, nc={nc}, cnonce=\"x\", response=\"0123456789abcdef0123456789abcdef\"\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Digest realm=\"r\", qop=\"auth\", nonce=\"NEW\"")
    };
    let stale = |fs: &[crate::report::Finding]| {
        fs.iter()
            .find(|f| f.code == "digest.stale")
            .map(|f| (f.severity.clone(), f.title.contains("nc > 1")))
    };
    // The nonce served nine requests: it expired.
    let reused = findings(&capture("00000009"));
    assert_eq!(
        stale(&reused),
        Some(("error".to_owned(), true)),
        "{reused:?}"
    );
    // First use of the nonce: a wrong password is as likely; only the weak
    // reading, which does not claim the password was right.
    let first = findings(&capture("00000001"));
    assert_eq!(stale(&first).map(|s| s.1), Some(false), "{first:?}");
}

#[test]
fn iis_substatus_names_its_cause_and_rate_limits_go_to_their_code() {
    let capture = |body: &str| {
        format!("GET https://iis.test/ HTTP/1.1\nHTTP/1.1 401 Unauthorized\nServer: Microsoft-IIS/10.0\nbody: {body}")
    };
    let sub = |fs: &[crate::report::Finding], code: &str| {
        fs.iter()
            .find(|f| f.code == code)
            .and_then(|f| f.subcode.clone())
    };
    let denied = findings(&capture("HTTP Error 401.503 - Unauthorized"));
    assert_eq!(
        sub(&denied, "status.iis-substatus").as_deref(),
        Some("401.503")
    );
    let limited = findings(&capture("Error 401.502 - too many requests"));
    assert_eq!(
        sub(&limited, "status.rate-limited").as_deref(),
        Some("401.502")
    );
    assert!(!limited.iter().any(|f| f.code == "status.iis-substatus"));
    // The longest sub-status wins: 401.50 is not 401.5.
    let none = findings(&capture("HTTP Error 401.50"));
    assert!(!none.iter().any(|f| f.subcode.is_some()), "{none:?}");
}

#[test]
fn captive_portal_redirects_leave_a_sites_own_portal_alone() {
    let redirect = |to: &str| {
        findings(&format!(
            "GET http://api.test/data HTTP/1.1\nHTTP/1.1 302 Found\nLocation: {to}"
        ))
        .iter()
        .any(|f| f.code == "status.captive-portal")
    };
    assert!(redirect(
        "http://captive.guest-net.test/login?orig=api.test"
    ));
    assert!(!redirect("https://api.test/portal/login"));
    assert!(!redirect("https://sso.corp.test/portal"));
}

#[test]
fn default_error_pages_name_who_answered() {
    let pages = [
        ("<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx/1.22.1</center>", "nginx (default page)"),
        ("<title>401 Unauthorized</title></head><body><h1>Unauthorized</h1><p>This server could not verify that you", "Apache httpd (default page)"),
        ("<h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>", "IIS (default page)"),
        ("<HTML><HEAD><TITLE>Not Authorized</TITLE></HEAD><BODY><h2>Not Authorized</h2><hr><p>HTTP Error 401. The requested resource requires user authentication.</p>", "Windows HTTP.sys (default page)"),
        ("<title>HTTP Status 401 – Unauthorized</title>", "Tomcat (default page)"),
        ("<title>Error</title></head><body><pre>UnauthorizedError: No authorization token was found<br>", "Express (default page)"),
        ("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.2\",\"title\":\"Unauthorized\",\"status\":401,\"traceId\":\"00-1\"}", "ASP.NET Core (default page)"),
        ("{\"message\":\"Unauthorized\"}", "AWS API Gateway (default page)"),
        ("<center><h1>401 Authorization Required</h1></center>\n</body>", "an nginx-style proxy (AWS ALB, ingress) (default page)"),
        ("<hr><center>cloudflare</center>", "Cloudflare (default page)"),
    ];
    for (body, who) in pages {
        let text = format!("GET https://a.test/ HTTP/1.1\nHTTP/1.1 401 Unauthorized\nbody: {body}");
        let got = findings(&text);
        let f = got
            .iter()
            .find(|f| f.code == "status.unauthorized")
            .unwrap();
        assert_eq!(f.title, format!("401 Unauthorized from {who}"), "{body}");
    }
    // A Server header names the answerer before any page text; Kestrel
    // sends no body at all.
    let got = findings("GET https://a.test/ HTTP/1.1\nHTTP/1.1 401 Unauthorized\nServer: Kestrel\nWWW-Authenticate: Bearer");
    assert!(got
        .iter()
        .any(|f| f.title == "401 Unauthorized from ASP.NET Core Kestrel"));
}

#[test]
fn aadsts_codes_are_matched_whole() {
    // AADSTS50011 is a prefix of AADSTS500113: the longer code must not be
    // read as the shorter one.
    let text = "POST https://login.microsoftonline.com/t/oauth2/v2.0/token HTTP/1.1\nHTTP/1.1 400 Bad Request\nbody: {\"error\":\"invalid_request\",\"error_description\":\"AADSTS500113: No reply address is registered for the application.\"}";
    let got = findings(text);
    let f = got.iter().find(|f| f.code == "vendor.azure").unwrap();
    assert_eq!(f.subcode.as_deref(), Some("AADSTS500113"));
}

#[test]
fn the_checklist_stays_away_when_a_finding_explains_the_failure() {
    let (_, fire, _) = CASES
        .iter()
        .find(|(c, _, _)| *c == "general.checklist")
        .unwrap();
    let got = findings(fire);
    let f = got.iter().find(|f| f.code == "general.checklist").unwrap();
    assert_eq!(f.severity, "info");
    assert!(f
        .fix
        .owner
        .iter()
        .any(|o| o.starts_with("[confirmed] Check the .htaccess")));
    assert!(
        f.fix.visitor.iter().all(|v| v.starts_with("[open]")),
        "no request: nothing to mark for the visitor"
    );
    // An expired token explains its 401: no checklist.
    let (_, token, _) = CASES.iter().find(|(c, _, _)| *c == "jwt.expired").unwrap();
    assert!(!findings(token)
        .iter()
        .any(|f| f.code == "general.checklist"));
}

#[test]
fn sso_flow_reads_real_hars_as_one_sequence() {
    let now = crate::Options::with_now(super::tester::NOW);
    let read = |name: &str| {
        let bytes = std::fs::read(crate::testing::corpus_path(&format!("har/{name}"))).unwrap();
        crate::diagnose(&bytes, &now)
    };
    // Okta: authorize → callback with code → code exchange, all info.
    let okta = read("handwritten__piyushazanjad_okta-har-analyzer__okta-sample.har");
    let sso: Vec<_> = okta
        .findings
        .iter()
        .filter(|f| f.code == "redirect.sso-flow")
        .collect();
    assert_eq!(sso.len(), 1, "{sso:?}");
    let title = &sso[0].title;
    for part in [
        "authorize at dev-12345.okta.com",
        "client_id 0oa3abc123def",
        "PKCE",
        "callback myapp.example.com/callback with code",
        "code exchanged at dev-12345.okta.com/oauth2/default/v1/token",
    ] {
        assert!(title.contains(part), "{part} missing from {title}");
    }
    assert_eq!(sso[0].severity, "info");
    assert!(
        sso[0]
            .evidence
            .iter()
            .all(|e| !e.value.contains("aB3cD4eF5gH6")),
        "authorization code shown"
    );
    // Cloudflare Access via Google: the callback seen as a Location and then
    // requested is one hop, not two.
    let cf = read("chrome__cloudflare_har-sanitizer__scrubbed.har");
    let f = cf
        .findings
        .iter()
        .find(|f| f.code == "redirect.sso-flow")
        .unwrap();
    assert_eq!(f.title.matches("→ callback").count(), 1, "{}", f.title);
    assert!(
        f.title.contains("authorize at accounts.google.com"),
        "{}",
        f.title
    );
    // Chrome sync's client_id is not a login.
    let sync = read("mitmproxy__mitmproxy_mitmproxy__diff_data.har");
    assert!(!sync.findings.iter().any(|f| f.code == "redirect.sso-flow"));
}

#[test]
fn a_bare_token_is_a_missing_scheme_not_a_scheme_or_a_placeholder() {
    let capture = |auth: &str| {
        format!("GET https://api.test/api HTTP/1.1\nAuthorization: {auth}\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer")
    };
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2VjcmV0";
    RuleTester::new("credentials.malformed")
        .fires(&capture(jwt))
        .misses(&capture(&format!("Bearer {jwt}")));
    let bare = findings(&capture(jwt));
    for code in ["credentials.placeholder", "challenge.scheme-mismatch"] {
        assert!(!bare.iter().any(|f| f.code == code), "{code}: {bare:?}");
    }
    // Nothing shows the token: the title names its shape and the scheme.
    let shown = format!("{bare:?}");
    assert!(!shown.contains("c2lnbmF0dXJlc2VjcmV0"), "{shown}");
    assert!(shown.contains("`Bearer <token>`"), "{shown}");
    // A scheme alone is still an empty credential, not a bare token.
    let empty = findings(&capture("Bearer"));
    assert!(
        empty.iter().any(|f| f.code == "credentials.placeholder"),
        "{empty:?}"
    );
}

#[test]
fn kubernetes_needs_the_api_servers_own_paths_not_any_api() {
    let capture = |path: &str| {
        format!("GET https://api.test{path} HTTP/1.1\nAuthorization: Bearer opaque-token-value-123\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer")
    };
    RuleTester::new("vendor.kubernetes")
        .fires(&capture("/apis/apps/v1/namespaces/default/deployments"))
        .fires(&capture("/api/v1/pods"))
        .misses(&capture("/api"))
        .misses(&capture("/api/v1/admin/users"))
        .misses(&capture("/apis/"));
}

/// The report of a paste read by the real input reader (tool lines and all).
fn pasted(text: &str) -> crate::Report {
    crate::diagnose(
        text.as_bytes(),
        &crate::Options::with_now(super::tester::NOW),
    )
}

/// `curl -v --negotiate -u :` against a Negotiate-only server; `gss` is
/// what GSS-API said before the request and again after the 401.
fn negotiate_trace(gss: &str) -> String {
    format!(
        "*   Trying 10.1.2.3:443...\n* Connected to intranet.corp.test (10.1.2.3) port 443 (#0)\n{gss}\
         > GET /reports/q3 HTTP/1.1\n> Host: intranet.corp.test\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n\
         < HTTP/1.1 401 Unauthorized\n< Server: Microsoft-IIS/10.0\n{gss}< WWW-Authenticate: Negotiate\n\
         < Content-Length: 0\n<\n* Connection #0 to host intranet.corp.test left intact\n"
    )
}

#[test]
fn curl_without_a_kerberos_ticket_is_told_to_kinit() {
    let no_ticket = "* gss_init_sec_context() failed: No credentials were supplied, or the credentials were unavailable or inaccessible. No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000)\n";
    let report = pasted(&negotiate_trace(no_ticket));
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "challenge.client-unsupported")
        .expect("client-unsupported");
    assert!(f.title.contains("no Kerberos ticket"), "{}", f.title);
    assert!(f.fix.visitor.iter().any(|v| v.contains("kinit")), "{f:?}");
    let ev = f.evidence.first().expect("evidence");
    assert_eq!(ev.line, Some(3), "{ev:?}");
    assert!(ev.value.starts_with("gss_init_sec_context"), "{ev:?}");
    // The request still went out bare: that stays the verdict.
    let verdict = report.verdict.as_ref().map(|v| v.code.as_str());
    assert_eq!(verdict, Some("credentials.none-sent"));

    // Another GSS failure (no principal for the host) is named as such.
    let spn = "* gss_init_sec_context() failed: Server not found in Kerberos database.\n";
    let report = pasted(&negotiate_trace(spn));
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "challenge.client-unsupported")
        .expect("client-unsupported");
    assert!(
        f.title.contains("Server not found in Kerberos database"),
        "{}",
        f.title
    );

    // Near miss: no GSS line, so curl ran without --negotiate.
    let report = pasted(&negotiate_trace(""));
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "challenge.client-unsupported")
        .expect("client-unsupported");
    assert!(f.title.contains("does not answer"), "{}", f.title);
    assert!(f.evidence.iter().all(|e| e.line.is_none()), "{f:?}");
}

/// `wget -S --user=… --password=…`: a 401, wget's choice of scheme, the
/// retry's 401, its verdict line. `selected` is the middle line (or none).
fn wget_retry(challenge: &str, selected: &str) -> String {
    let answer = format!(
        "  HTTP/1.1 401 Unauthorized\n  Date: Sat, 01 Jun 2024 00:00:00 GMT\n  Server: Apache\n  WWW-Authenticate: {challenge}\n  Content-Length: 381\n  Content-Type: text/html; charset=iso-8859-1\n"
    );
    let retry = if selected.is_empty() {
        String::new()
    } else {
        format!("{selected}\nReusing existing connection to files.example.test:80.\nHTTP request sent, awaiting response... \n{answer}")
    };
    format!(
        "--2024-06-01 00:00:00--  http://files.example.test/private/\nResolving files.example.test... 192.0.2.7\nConnecting to files.example.test|192.0.2.7|:80... connected.\nHTTP request sent, awaiting response... \n{answer}{retry}\nUsername/Password Authentication Failed.\n"
    )
}

#[test]
fn wget_retry_with_credentials_refused_is_rejected() {
    for challenge in [
        "Basic realm=\"Private files\"",
        "Digest realm=\"Private files\", nonce=\"MTcxNzIwMDAwMA\", qop=\"auth\", algorithm=MD5",
    ] {
        let scheme = challenge.split(' ').next().unwrap();
        let selected = format!("Authentication selected: {challenge}");
        let report = pasted(&wget_retry(challenge, &selected));
        assert_eq!(report.input.kind, crate::input::InputKind::Wget);
        let verdict = report.verdict.as_ref().map(|v| v.code.as_str());
        assert_eq!(
            verdict,
            Some("credentials.rejected"),
            "{:?}",
            report.findings
        );
        let f = report
            .findings
            .iter()
            .find(|f| f.code == "credentials.rejected")
            .unwrap();
        assert!(f.title.starts_with(scheme), "{}", f.title);
        let ev = f.evidence.first().unwrap();
        assert_eq!(ev.line, Some(11), "{ev:?}");
        assert!(ev.value.starts_with("Authentication selected"), "{ev:?}");
        // The note is no part of any body.
        assert!(report
            .findings
            .iter()
            .all(|f| f.evidence.iter().all(|e| !e.value.contains("Failed."))));
    }
    // Near miss: without credentials wget prints the same closing line
    // after the first 401 and never chooses a scheme.
    let report = pasted(&wget_retry("Basic realm=\"Private files\"", ""));
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code != "credentials.rejected"),
        "{:?}",
        report.findings
    );
}

/// `curl -v https://mtls.example.test/api/` against a server that asks for
/// a client certificate; `end` is what follows the request.
fn mtls_trace(end: &str) -> String {
    format!(
        "*   Trying 198.51.100.4:443...\n* Connected to mtls.example.test (198.51.100.4) port 443\n\
         * ALPN: curl offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n\
         * TLSv1.3 (IN), TLS handshake, Server hello (2):\n* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):\n\
         * TLSv1.3 (IN), TLS handshake, Request CERT (13):\n* TLSv1.3 (IN), TLS handshake, Certificate (11):\n\
         * TLSv1.3 (OUT), TLS handshake, Certificate (11):\n* TLSv1.3 (OUT), TLS handshake, Finished (20):\n\
         * SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n\
         > GET /api/ HTTP/1.1\n> Host: mtls.example.test\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n{end}"
    )
}

#[test]
fn a_tls_alert_about_the_client_certificate_is_reported() {
    let alert = "* TLSv1.3 (IN), TLS alert, unknown (628):\n* OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0\n* Closing connection\ncurl: (56) OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0\n";
    let report = pasted(&mtls_trace(alert));
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "tls.client-certificate")
        .unwrap_or_else(|| panic!("{:?}", report.findings));
    assert!(f.title.contains("none was presented"), "{}", f.title);
    assert!(f.title.contains("mtls.example.test"), "{}", f.title);
    let lines: Vec<_> = f.evidence.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(18), Some(7)], "{f:?}");

    let refused = "* TLSv1.3 (IN), TLS alert, unknown CA (560):\n* OpenSSL SSL_read: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0\n";
    let report = pasted(&mtls_trace(refused));
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "tls.client-certificate")
        .unwrap_or_else(|| panic!("{:?}", report.findings));
    assert!(
        f.title.contains("refused the client certificate"),
        "{}",
        f.title
    );

    // Near misses: the server asked (optional verification) and answered;
    // or the connection broke for a reason that is not the certificate.
    let answered = "< HTTP/1.1 200 OK\n< Content-Length: 2\n<\n{}\n";
    let reset = "* Recv failure: Connection reset by peer\n* OpenSSL SSL_read: error:0A000126:SSL routines::unexpected eof while reading, errno 0\n";
    for end in [answered, reset] {
        let report = pasted(&mtls_trace(end));
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.code != "tls.client-certificate"),
            "{:?}",
            report.findings
        );
    }
}
