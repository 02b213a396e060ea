//! Rewrites credentials so they stop being secrets but still read the same
//! to the diagnosis: a Basic header keeps its user and the shape of its
//! password, a JWT keeps header and claims, NTLM and Kerberos blobs keep
//! their layout with the secret-derived fields zeroed.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde_json::Value;

use super::filler::Pseudonyms;
use super::{Kind, Redactions};
use crate::parse::authorization::parse_credentials;
use crate::parse::bearer::{classify, TokenShape};

/// Standard base64 that reads with or without padding, as servers do.
const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
/// base64url without padding, as JWTs use.
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// JWT claims that identify a person: kept as consistent pseudonyms so two
/// tokens of one user still look like one user.
const IDENTIFYING_CLAIMS: &[&str] = &[
    "sub",
    "email",
    "upn",
    "name",
    "unique_name",
    "preferred_username",
    "given_name",
    "family_name",
    "oid",
    "nickname",
    "login_hint",
    "username",
    "user_id",
    "uid",
    "user",
    "login",
    "account",
];

/// The sanitizer's working state: the pseudonyms and what was redacted.
pub(crate) struct Rewriter<'r> {
    pub names: &'r mut Pseudonyms,
    pub report: &'r mut Redactions,
    pub location: &'static str,
}

impl Rewriter<'_> {
    fn count(&mut self, kind: Kind) {
        self.report.add(kind, self.location);
    }

    /// An `Authorization` / `Proxy-Authorization` value.
    pub fn authorization(&mut self, value: &str) -> String {
        let Ok(credentials) = parse_credentials(value) else {
            return self.opaque(value, 0);
        };
        let scheme = credentials.scheme.to_ascii_lowercase();
        let mut out = value.to_owned();
        // Replace from the end so earlier spans stay valid.
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        if let Some(token) = &credentials.token68 {
            let replacement = match scheme.as_str() {
                "basic" => self.basic(token.text),
                "bearer" | "dpop" | "token" => self.token(token.text),
                "ntlm" | "negotiate" | "kerberos" => self.blob(token.text),
                _ => self.opaque(token.text, 0),
            };
            edits.push((token.span.start, token.span.end, replacement));
        }
        for param in &credentials.params {
            let name = param.name.to_ascii_lowercase();
            let raw = value
                .get(param.value_span.start..param.value_span.end)
                .unwrap_or("");
            let replacement = match (scheme.as_str(), name.as_str()) {
                // Digest: only `response` derives from the password; nonce,
                // uri, qop are what the diagnosis compares.
                ("digest", "response") => self.opaque(raw, 0),
                ("digest", _) => continue,
                (_, "credential") => {
                    // `AKIA…/20240101/us-east-1/s3/aws4_request`: the access
                    // key id is the secret part; scope stays for the diagnosis.
                    let end = raw.find('/').unwrap_or(raw.len());
                    let (key, scope) = raw.split_at(end);
                    self.count(Kind::Credential);
                    format!("{}{scope}", self.names.filler(key, 4))
                }
                (_, "signature") => self.opaque(raw, 0),
                (s, _) if s.starts_with("aws4") => continue,
                _ if super::names::is_secret_name(&name) => self.opaque(raw, 0),
                _ => continue,
            };
            edits.push((param.value_span.start, param.value_span.end, replacement));
        }
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (start, end, replacement) in edits {
            if out.is_char_boundary(start)
                && out.is_char_boundary(end)
                && start <= end
                && end <= out.len()
            {
                out.replace_range(start..end, &replacement);
            }
        }
        out
    }

    /// A secret with no structure worth keeping: same-length filler, keeping
    /// `keep` leading bytes (a vendor prefix).
    pub fn opaque(&mut self, secret: &str, keep: usize) -> String {
        if secret.is_empty() || matches!(classify(secret), TokenShape::Placeholder(_)) {
            return secret.to_owned();
        }
        self.count(Kind::Credential);
        self.names.filler(secret, keep)
    }

    /// A bearer-like token: JWTs keep their claims, vendor tokens their
    /// prefix, placeholders (`null`, `${TOKEN}`) stay as they are — they are
    /// the diagnosis.
    pub fn token(&mut self, token: &str) -> String {
        match classify(token) {
            TokenShape::Placeholder(_) => token.to_owned(),
            TokenShape::Jwt | TokenShape::Jwe => self.jwt(token),
            TokenShape::Vendor(v) => self.opaque(token, v.prefix.len()),
            _ => self.opaque(token, 0),
        }
    }

    /// A JWS keeps its header and claims (identifying claims pseudonymised)
    /// and gets a filler signature; a JWE keeps only its header.
    pub fn jwt(&mut self, token: &str) -> String {
        self.count(Kind::Jwt);
        let parts: Vec<&str> = token.split('.').collect();
        let mut out: Vec<String> = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let kept = match i {
                0 => (*part).to_owned(),
                1 if parts.len() == 3 => self.claims(part),
                _ => self.names.filler(part, 0),
            };
            out.push(kept);
        }
        out.join(".")
    }

    fn claims(&mut self, part: &str) -> String {
        let Some(mut claims) = URL_SAFE
            .decode(part)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        else {
            return self.names.filler(part, 0);
        };
        let Some(map) = claims.as_object_mut() else {
            return self.names.filler(part, 0);
        };
        for (name, value) in map.iter_mut() {
            if !IDENTIFYING_CLAIMS.contains(&name.to_ascii_lowercase().as_str()) {
                continue;
            }
            if let Value::String(s) = value {
                *s = self.identity(s);
            }
        }
        serde_json::to_vec(&claims)
            .map_or_else(|_| self.names.filler(part, 0), |b| URL_SAFE.encode(b))
    }

    /// A user name or e-mail: pseudonymised, keeping an e-mail's domain
    /// (the tenant matters to the diagnosis, the mailbox does not).
    pub fn identity(&mut self, who: &str) -> String {
        self.count(Kind::Identity);
        match who.rsplit_once('@') {
            Some((local, domain)) => format!("{}@{domain}", self.names.filler(local, 0)),
            None => self.names.filler(who, 0),
        }
    }

    /// `Basic base64(user:password)`: the user stays, the password becomes
    /// filler of its length that keeps a trailing newline or non-ASCII bytes.
    pub fn basic(&mut self, token: &str) -> String {
        let Ok(decoded) = STANDARD.decode(token) else {
            return self.opaque(token, 0);
        };
        let Some(colon) = decoded.iter().position(|&b| b == b':') else {
            return self.opaque(token, 0);
        };
        let (user, password) = decoded.split_at(colon);
        let password = password.get(1..).unwrap_or(&[]);
        let mut rebuilt = user.to_vec();
        rebuilt.push(b':');
        if !password.is_empty() {
            self.count(Kind::Password);
            rebuilt.extend(self.names.filler_bytes(password));
        }
        let mut encoded = STANDARD.encode(&rebuilt);
        if !token.ends_with('=') {
            encoded.truncate(encoded.trim_end_matches('=').len());
        }
        encoded
    }

    /// An NTLM or Negotiate token: decoded, secret fields zeroed, encoded
    /// again, so the decoders still see the same message.
    pub fn blob(&mut self, token: &str) -> String {
        let Ok(mut bytes) = STANDARD.decode(token) else {
            // Broken base64 still says what it is by its first characters
            // ("TlRMTVNTUAAD…" is an NTLM type 3), and the diagnosis reads
            // them; they encode the signature and message type, no secret.
            return self.opaque(token, blob_kind_prefix(token));
        };
        let zeroed = zero_secrets(&mut bytes);
        if zeroed == 0 {
            // NTLM type 1/2 messages (also inside SPNEGO) hold nothing
            // secret. Anything else where no secret field could be found is
            // malformed or unknown: it may still hold a response or a
            // ticket, so it is filled, keeping only what names its kind.
            if holds_only_negotiation(&bytes) {
                return token.to_owned();
            }
            return self.opaque(token, blob_kind_prefix(token));
        }
        self.count(Kind::Credential);
        STANDARD.encode(&bytes)
    }
}

/// True when every NTLM message in `bytes` is a type 1 (NEGOTIATE) or
/// type 2 (CHALLENGE), and there is at least one.
fn holds_only_negotiation(bytes: &[u8]) -> bool {
    let signature = b"NTLMSSP\0";
    let mut found = false;
    for (at, _) in bytes
        .windows(signature.len())
        .enumerate()
        .filter(|(_, w)| w == signature)
    {
        match u32_at(bytes, at + signature.len()) {
            Some(1 | 2) => found = true,
            _ => return false,
        }
    }
    found
}

/// How many leading base64 characters of an undecodable NTLM or SPNEGO
/// token name its kind without holding a secret.
fn blob_kind_prefix(token: &str) -> usize {
    let keep = if token.starts_with("TlRMTVNTUA") {
        // "NTLMSSP\0" and the 4-byte message type: 12 bytes, 16 characters.
        16
    } else if token.starts_with("YII") || token.starts_with("oY") {
        // The DER tag and length of the SPNEGO wrapper.
        4
    } else {
        0
    };
    keep.min(token.len())
}

/// Zeroes the secret fields of every NTLM message and Kerberos
/// `EncryptedData` in `bytes`; returns how many bytes were zeroed.
pub(crate) fn zero_secrets(bytes: &mut [u8]) -> usize {
    let mut zeroed = 0;
    let signature = b"NTLMSSP\0";
    let mut i = 0;
    while let Some(at) = bytes
        .get(i..)
        .and_then(|rest| rest.windows(signature.len()).position(|w| w == signature))
    {
        let start = i + at;
        if let Some(message) = bytes.get_mut(start..) {
            zeroed += zero_ntlm_authenticate(message);
        }
        i = start + signature.len();
    }
    zeroed + zero_kerberos_ciphers(bytes)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([*b.first()?, *b.get(1)?])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    let raw = u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]);
    usize::try_from(raw).ok()
}

fn zero(bytes: &mut [u8], start: usize, len: usize) -> usize {
    match bytes.get_mut(start..start.saturating_add(len)) {
        Some(field) => {
            field.fill(0);
            len
        }
        None => 0,
    }
}

/// MS-NLMP 2.2.1.3 AUTHENTICATE_MESSAGE: the LM and NT responses (for NTLMv2
/// only the 16-byte NTProofStr: the blob after it holds the target info the
/// diagnosis reads), the session key and the MIC.
fn zero_ntlm_authenticate(message: &mut [u8]) -> usize {
    if u32_at(message, 8) != Some(3) {
        return 0;
    }
    let field = |m: &[u8], at: usize| Some((u16_at(m, at)?, u32_at(m, at + 4)?));
    let mut zeroed = 0;
    let mut lowest_payload = usize::MAX;
    for at in [12, 20, 28, 36, 44, 52] {
        if let Some((len, offset)) = field(message, at) {
            if len > 0 {
                lowest_payload = lowest_payload.min(offset);
            }
        }
    }
    if let Some((len, offset)) = field(message, 12) {
        zeroed += zero(message, offset, len);
    }
    if let Some((len, offset)) = field(message, 20) {
        zeroed += zero(message, offset, if len > 24 { 16 } else { len });
    }
    if let Some((len, offset)) = field(message, 52) {
        zeroed += zero(message, offset, len);
    }
    // The MIC sits at 72..88 when the payload starts after it.
    if lowest_payload != usize::MAX && lowest_payload >= 88 {
        zeroed += zero(message, 72, 16);
    }
    zeroed
}

/// A DER length at `at`: (length, bytes the length field took).
fn der_len(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let first = *bytes.get(at)?;
    if first < 0x80 {
        return Some((usize::from(first), 1));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for k in 0..n {
        len = (len << 8) | usize::from(*bytes.get(at + 1 + k)?);
    }
    Some((len, 1 + n))
}

/// Kerberos `EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32
/// OPTIONAL, cipher [2] OCTET STRING }` (RFC 4120 §5.2.9) — the ticket and
/// authenticator secrets. Found by shape wherever they sit (inside GSS-API
/// framing DER walkers trip over), and their cipher bytes zeroed: etypes,
/// realms and names stay readable.
fn zero_kerberos_ciphers(bytes: &mut [u8]) -> usize {
    let mut zeroed = 0;
    let mut i = 0;
    while i + 8 < bytes.len() {
        if let Some((cipher, len)) = encrypted_data_at(bytes, i) {
            zeroed += zero(bytes, cipher, len);
            i = cipher + len;
        } else {
            i += 1;
        }
    }
    zeroed
}

fn encrypted_data_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    if *bytes.get(at)? != 0x30 {
        return None;
    }
    let (seq_len, seq_hdr) = der_len(bytes, at + 1)?;
    let body = at + 1 + seq_hdr;
    let end = body.checked_add(seq_len)?;
    if end > bytes.len() {
        return None;
    }
    // etype [0] INTEGER
    if *bytes.get(body)? != 0xA0 {
        return None;
    }
    let (etype_len, etype_hdr) = der_len(bytes, body + 1)?;
    if *bytes.get(body + 1 + etype_hdr)? != 0x02 {
        return None;
    }
    let mut k = body + 1 + etype_hdr + etype_len;
    if *bytes.get(k)? == 0xA1 {
        let (kvno_len, kvno_hdr) = der_len(bytes, k + 1)?;
        k += 1 + kvno_hdr + kvno_len;
    }
    if *bytes.get(k)? != 0xA2 {
        return None;
    }
    let (_, wrap_hdr) = der_len(bytes, k + 1)?;
    let octets = k + 1 + wrap_hdr;
    if *bytes.get(octets)? != 0x04 {
        return None;
    }
    let (cipher_len, cipher_hdr) = der_len(bytes, octets + 1)?;
    let cipher = octets + 1 + cipher_hdr;
    if cipher.checked_add(cipher_len)? > end {
        return None;
    }
    Some((cipher, cipher_len))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn rewrite(f: impl FnOnce(&mut Rewriter<'_>) -> String) -> String {
        let mut names = Pseudonyms::default();
        let mut report = Redactions::default();
        let mut r = Rewriter {
            names: &mut names,
            report: &mut report,
            location: "test",
        };
        f(&mut r)
    }

    #[test]
    fn basic_keeps_user_and_password_shape() {
        // alice:s3cret\n
        let token = STANDARD.encode(b"alice:s3cret\n");
        let out = rewrite(|r| r.authorization(&format!("Basic {token}")));
        let decoded = STANDARD
            .decode(out.strip_prefix("Basic ").unwrap())
            .unwrap();
        assert!(decoded.starts_with(b"alice:"));
        assert_eq!(decoded.len(), b"alice:s3cret\n".len());
        assert!(decoded.ends_with(b"\n"));
        assert!(!decoded.windows(6).any(|w| w == b"s3cret"));
    }

    #[test]
    fn broken_ntlm_blob_keeps_its_kind_not_its_content() {
        let token = "TlRMTVNTUAADAAAAGAAYAFAKESECRETQ";
        let out = rewrite(|r| r.authorization(&format!("Negotiate {token}")));
        let blob = out.strip_prefix("Negotiate ").unwrap();
        assert_eq!(blob.len(), token.len());
        assert!(blob.starts_with("TlRMTVNTUAADAAAA"), "{blob}");
        assert!(!blob.contains("SECRET"), "{blob}");
    }

    #[test]
    fn jwt_keeps_claims_and_hides_signature_and_subject() {
        let header = URL_SAFE.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
        let claims =
            URL_SAFE.encode(br#"{"sub":"alice@example.com","exp":1700000000,"aud":"api"}"#);
        let token = format!("{header}.{claims}.c2lnbmF0dXJlc2lnbmF0dXJl");
        let out = rewrite(|r| r.authorization(&format!("Bearer {token}")));
        let jwt = out.strip_prefix("Bearer ").unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts[0], header);
        let claims: Value = serde_json::from_slice(&URL_SAFE.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["exp"], 1_700_000_000);
        assert_eq!(claims["aud"], "api");
        let sub = claims["sub"].as_str().unwrap();
        assert!(sub.ends_with("@example.com") && !sub.starts_with("alice"));
        assert_eq!(parts[2].len(), "c2lnbmF0dXJlc2lnbmF0dXJl".len());
        assert_ne!(parts[2], "c2lnbmF0dXJlc2lnbmF0dXJl");
    }

    #[test]
    fn placeholders_and_vendor_prefixes() {
        assert_eq!(rewrite(|r| r.authorization("Bearer null")), "Bearer null");
        assert_eq!(
            rewrite(|r| r.authorization("Bearer ${TOKEN}")),
            "Bearer ${TOKEN}"
        );
        let out = rewrite(|r| r.authorization("token ghp_0123456789abcdefghijABCDEFGHIJ012345"));
        assert!(out.starts_with("token ghp_") && !out.contains("0123456789abcdefghij"));
    }

    #[test]
    fn digest_hides_only_the_response() {
        let value = r#"Digest username="bob", realm="r", nonce="abc", uri="/x", response="6629fae49393a05397450978507c4ef1", qop=auth"#;
        let out = rewrite(|r| r.authorization(value));
        assert!(out.contains(r#"nonce="abc""#) && out.contains(r#"username="bob""#));
        assert!(!out.contains("6629fae49393a05397450978507c4ef1"));
        assert_eq!(out.len(), value.len());
    }

    #[test]
    fn sigv4_hides_key_id_and_signature() {
        let value = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
        let out = rewrite(|r| r.authorization(value));
        assert!(!out.contains("IOSFODNN7EXAMPLE") && !out.contains("fe5f80f77d5fa3be"));
        assert!(
            out.contains("Credential=AKIA") && out.contains("/20130524/us-east-1/s3/aws4_request")
        );
    }

    #[test]
    fn ntlm_authenticate_zeroes_responses_keeps_names() {
        // A minimal type 3: header, six security buffers, payload at 88.
        let mut m = vec![0u8; 88];
        m[..8].copy_from_slice(b"NTLMSSP\0");
        m[8] = 3;
        let mut payload = Vec::new();
        let buffer = |m: &mut Vec<u8>, at: usize, data: &[u8], payload: &mut Vec<u8>| {
            let offset = 88 + payload.len();
            m[at..at + 2].copy_from_slice(&(data.len() as u16).to_le_bytes());
            m[at + 2..at + 4].copy_from_slice(&(data.len() as u16).to_le_bytes());
            m[at + 4..at + 8].copy_from_slice(&(offset as u32).to_le_bytes());
            payload.extend_from_slice(data);
        };
        buffer(&mut m, 12, &[0xAA; 24], &mut payload);
        buffer(&mut m, 20, &[0xBB; 40], &mut payload);
        buffer(&mut m, 28, b"D\0O\0M\0", &mut payload);
        buffer(&mut m, 36, b"b\0o\0b\0", &mut payload);
        buffer(&mut m, 44, b"W\0S\0", &mut payload);
        buffer(&mut m, 52, &[0xCC; 16], &mut payload);
        m[72..88].fill(0xDD);
        m.extend(payload);
        let token = STANDARD.encode(&m);
        let out = rewrite(|r| r.authorization(&format!("NTLM {token}")));
        let bytes = STANDARD.decode(out.strip_prefix("NTLM ").unwrap()).unwrap();
        assert_eq!(bytes.len(), m.len());
        assert!(!bytes.contains(&0xAA) && !bytes.contains(&0xCC) && !bytes.contains(&0xDD));
        assert_eq!(
            bytes.iter().filter(|&&b| b == 0xBB).count(),
            24,
            "the NTLMv2 blob after the proof stays"
        );
        assert!(bytes.windows(6).any(|w| w == b"b\0o\0b\0"));
    }

    #[test]
    fn kerberos_cipher_zeroed() {
        // EncryptedData { etype 18, kvno 2, cipher 'secret' } inside an outer tag.
        let mut blob = vec![
            0x6E, 0x16, 0x30, 0x14, 0xA0, 0x03, 0x02, 0x01, 0x12, 0xA1, 0x03, 0x02, 0x01, 0x02,
            0xA2, 0x08, 0x04, 0x06,
        ];
        blob.extend_from_slice(b"secret");
        assert_eq!(zero_secrets(&mut blob), 6);
        assert!(blob.ends_with(&[0; 6]));
        assert_eq!(blob[8], 0x12, "etype kept");
    }
}
