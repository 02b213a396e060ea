//! AWS Signature Version 4 `Authorization` values:
//! `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request,
//! SignedHeaders=host;x-amz-date, Signature=…`.
//!
//! Not RFC 9110 auth-param syntax (values are unquoted and hold `/` and
//! `;`), so the generic Authorization parser cannot read it. The access key
//! id is shown as its prefix and length (the prefix says long-term vs
//! temporary credentials) and the signature by length only.
//!
//! Reference: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>

use serde::Serialize;

use super::reader::{DecodeError, ErrorKind, ReadResult};

/// The access key id, shown without its secret-adjacent tail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessKey {
    /// First four characters (`AKIA`, `ASIA`).
    pub prefix: String,
    /// Length in characters (20 for real keys).
    pub length: usize,
    /// What the prefix means.
    pub kind: &'static str,
}

/// A decoded SigV4 `Authorization` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SigV4<'a> {
    /// `AWS4-HMAC-SHA256` (or `AWS4-ECDSA-P256-SHA256` for SigV4a).
    pub algorithm: &'a str,
    /// The access key id, redacted to prefix and length.
    pub access_key: AccessKey,
    /// Credential scope date, `YYYYMMDD`.
    pub date: &'a str,
    /// Region (`us-east-1`); SigV4a has no region here.
    pub region: Option<&'a str>,
    /// Service (`s3`, `iam`, `execute-api`).
    pub service: &'a str,
    /// Should be `aws4_request`.
    pub terminator: &'a str,
    /// Signed header names, in the order given.
    pub signed_headers: Vec<&'a str>,
    /// Signature length in characters (64 hex digits for HMAC-SHA256).
    pub signature_len: usize,
    /// Things a server would reject: bad date, missing `host`, unsorted or
    /// uppercase header names, wrong terminator, signature not hex.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<&'static str>,
    #[serde(skip)]
    access_key_id: &'a str,
}

impl<'a> SigV4<'a> {
    /// The full access key id (not serialized: the report shows prefix
    /// and length only).
    #[must_use]
    pub const fn access_key_id(&self) -> &'a str {
        self.access_key_id
    }
}

/// What an access key id prefix says about the credentials.
#[must_use]
pub fn access_key_kind(id: &str) -> &'static str {
    match id.get(..4) {
        Some("AKIA") => "long-term (IAM user access key)",
        Some("ASIA") => "temporary (STS session: needs X-Amz-Security-Token)",
        Some("ABIA") => "AWS STS service bearer token",
        Some("ACCA") => "context-specific credential",
        _ => "unknown prefix (not an AWS-issued key id)",
    }
}

/// Decodes a SigV4 `Authorization` header value (with its algorithm
/// name). Components may be separated by `,` or `, `.
///
/// ```text
/// authorization = algorithm SP "Credential=" key "/" date "/" region "/" service "/aws4_request"
///                 "," [SP] "SignedHeaders=" name *(";" name) "," [SP] "Signature=" hex
/// ```
///
/// # Errors
/// A [`DecodeError`] whose offset is the byte in `value` where a
/// component is missing or malformed.
///
/// # Examples
/// ```
/// let v = authlens::parse::sigv4::decode_sigv4(
///     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
/// ).unwrap();
/// assert_eq!((v.access_key.prefix.as_str(), v.service), ("AKIA", "s3"));
/// ```
pub fn decode_sigv4(value: &str) -> ReadResult<SigV4<'_>> {
    let lead = value.len() - value.trim_start().len();
    let text = value.trim();
    let (algorithm, rest) = text.split_once(' ').ok_or(DecodeError::invalid(
        lead,
        "no space after the algorithm name",
    ))?;
    if !algorithm.starts_with("AWS4-") {
        return Err(DecodeError::invalid(lead, "algorithm is not AWS4-*"));
    }
    let offset_of = |s: &str| s.as_ptr() as usize - value.as_ptr() as usize;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        let (name, v) = part.split_once('=').ok_or(DecodeError::invalid(
            offset_of(part),
            "component without '='",
        ))?;
        match name {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => {
                return Err(DecodeError::invalid(
                    offset_of(part),
                    "unknown SigV4 component",
                ))
            }
        }
    }
    let end = value.len();
    let credential =
        credential.ok_or(DecodeError::new(end, ErrorKind::Invalid("no Credential=")))?;
    let signed = signed.ok_or(DecodeError::new(
        end,
        ErrorKind::Invalid("no SignedHeaders="),
    ))?;
    let signature = signature.ok_or(DecodeError::new(end, ErrorKind::Invalid("no Signature=")))?;

    let scope: Vec<&str> = credential.split('/').collect();
    let sigv4a = algorithm.starts_with("AWS4-ECDSA");
    let (key, date, region, service, terminator) = match (sigv4a, scope.as_slice()) {
        (false, [k, d, r, s, t]) => (*k, *d, Some(*r), *s, *t),
        (true, [k, d, s, t]) => (*k, *d, None, *s, *t),
        _ => {
            return Err(DecodeError::invalid(
                offset_of(credential),
                "Credential is not key/date/region/service/aws4_request",
            ))
        }
    };
    let mut problems = Vec::new();
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        problems.push("credential date is not YYYYMMDD");
    }
    if terminator != "aws4_request" {
        problems.push("credential scope does not end in aws4_request");
    }
    let signed_headers: Vec<&str> = signed.split(';').collect();
    if !signed_headers.contains(&"host") && !signed_headers.contains(&":authority") {
        problems.push("host is not a signed header");
    }
    if signed_headers
        .iter()
        .any(|h| h.bytes().any(|b| b.is_ascii_uppercase()))
    {
        problems.push("signed header names must be lowercase");
    }
    if signed_headers
        .windows(2)
        .any(|w| matches!(w, [a, b] if a >= b))
    {
        problems.push("signed header names must be sorted and unique");
    }
    if !sigv4a && (signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit())) {
        problems.push("signature is not 64 hex digits");
    }
    Ok(SigV4 {
        algorithm,
        access_key: AccessKey {
            prefix: key.chars().take(4).collect(),
            length: key.chars().count(),
            kind: access_key_kind(key),
        },
        date,
        region,
        service,
        terminator,
        signed_headers,
        signature_len: signature.len(),
        problems,
        access_key_id: key,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::type_complexity)]
    use super::*;

    #[test]
    fn decode_table() {
        // (input, prefix, kind starts with, region, service, headers, problems)
        let cases: &[(&str, &str, &str, Option<&str>, &str, &[&str], &[&str])] = &[
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                "AKID",
                "unknown",
                Some("us-east-1"),
                "iam",
                &["host", "x-amz-date"],
                &[],
            ),
            (
                "AWS4-HMAC-SHA256 Credential=ASIAXXXXXXXXXXXXXXXX/20240101/eu-west-1/execute-api/aws4_request,SignedHeaders=x-amz-date;host,Signature=abc",
                "ASIA",
                "temporary",
                Some("eu-west-1"),
                "execute-api",
                &["x-amz-date", "host"],
                &["signed header names must be sorted and unique", "signature is not 64 hex digits"],
            ),
            (
                "AWS4-ECDSA-P256-SHA256 Credential=AKIAXXXXXXXXXXXXXXXX/20240101/s3/aws4_request, SignedHeaders=host;x-amz-region-set, Signature=3045",
                "AKIA",
                "long-term",
                None,
                "s3",
                &["host", "x-amz-region-set"],
                &[],
            ),
        ];
        for &(input, prefix, kind, region, service, headers, problems) in cases {
            let v = decode_sigv4(input).unwrap();
            assert_eq!(v.access_key.prefix, prefix);
            assert!(v.access_key.kind.starts_with(kind), "{}", v.access_key.kind);
            assert_eq!((v.region, v.service), (region, service));
            assert_eq!(v.signed_headers, headers);
            assert_eq!(v.problems, problems);
            let json = serde_json::to_string(&v).unwrap();
            assert!(!json.contains(v.access_key_id()), "{json}");
        }
    }

    #[test]
    fn errors_table() {
        // (input, offset)
        let cases: &[(&str, usize)] = &[
            ("AWS4-HMAC-SHA256", 0),
            ("Bearer x", 0),
            (
                "AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00",
                28,
            ),
            ("AWS4-HMAC-SHA256 Credential=a/b/c/d/e, Signature=00", 51),
            ("AWS4-HMAC-SHA256 Credential=a/b/c/d/e, Bogus", 39),
        ];
        for &(input, offset) in cases {
            assert_eq!(decode_sigv4(input).unwrap_err().offset, offset, "{input}");
        }
    }
}
