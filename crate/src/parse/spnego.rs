//! `Negotiate` tokens (RFC 4559): SPNEGO (RFC 4178) around Kerberos
//! (RFC 4120, RFC 4121) or NTLM, and raw NTLM sent under the Negotiate
//! scheme.
//!
//! What a diagnosis needs from them is small: which mechanism was really
//! used (NTLM under Negotiate means Kerberos failed), the realm and service
//! principal of a Kerberos ticket (the SPN the client asked for), its
//! encryption type, and a KRB-ERROR in the server's answer. The DER is read
//! with the small [`Reader`] rather than an ASN.1
//! crate, to keep the wasm build small.
//!
//! Pasted tokens are often cut: every structure keeps the fields read
//! before the cut, `truncated` says the token is shorter than it declares,
//! and `error` says where reading stopped.

use serde::Serialize;

use super::ntlm::{decode_ntlm, NtlmMessage, SIGNATURE};
use super::reader::{base64_prefix, DecodeError, ErrorKind, ReadResult, Reader, Tlv};

/// SPNEGO mechanism OID.
pub const OID_SPNEGO: &str = "1.3.6.1.5.5.2";
/// Kerberos 5 (RFC 4121).
pub const OID_KRB5: &str = "1.2.840.113554.1.2.2";
/// Microsoft's mistyped Kerberos 5 OID, sent first by Windows clients.
pub const OID_MS_KRB5: &str = "1.2.840.48018.1.2.2";
/// NTLMSSP inside SPNEGO.
pub const OID_NTLMSSP: &str = "1.3.6.1.4.1.311.2.2.10";
/// NegoEx (MS-NEGOEX).
pub const OID_NEGOEX: &str = "1.3.6.1.4.1.311.2.2.30";

/// A mechanism OID with its common name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mech {
    /// Dotted OID.
    pub oid: String,
    /// Common name, or `unknown`.
    pub name: &'static str,
}

impl Mech {
    /// Names `oid`.
    #[must_use]
    pub fn new(oid: String) -> Self {
        let name = match oid.as_str() {
            OID_SPNEGO => "SPNEGO",
            OID_KRB5 => "Kerberos 5",
            OID_MS_KRB5 => "Kerberos 5 (Microsoft OID)",
            "1.3.6.1.5.2" => "Kerberos 5 (pre-RFC OID)",
            "1.2.840.113554.1.2.2.3" => "Kerberos 5 user-to-user",
            OID_NTLMSSP => "NTLMSSP",
            OID_NEGOEX => "NegoEx",
            _ => "unknown",
        };
        Self { oid, name }
    }

    fn is_kerberos(&self) -> bool {
        self.name.starts_with("Kerberos")
    }
}

/// A decoded `Negotiate` token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NegotiateToken {
    /// `SPNEGO`, `raw NTLMSSP (not SPNEGO)`, `raw Kerberos`, or `unknown`.
    pub inner_mechanism: &'static str,
    /// Decoded bytes available.
    pub length_bytes: usize,
    /// The length the outermost DER element declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub der_length: Option<usize>,
    /// The GSS-API InitialContextToken's mechanism (RFC 2743 §3.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gss_mech: Option<Mech>,
    /// `NegTokenInit` or `NegTokenResp`, from the CHOICE tag alone (known
    /// even when the token is cut right after it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spnego_choice: Option<&'static str>,
    /// The client's first SPNEGO token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neg_token_init: Option<NegTokenInit>,
    /// A later SPNEGO token (usually the server's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neg_token_resp: Option<NegTokenResp>,
    /// Raw NTLM carried under `Negotiate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ntlm: Option<NtlmMessage>,
    /// Kerberos without SPNEGO around it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kerberos: Option<KerberosMessage>,
    /// The token is shorter than its DER length says (a cut paste).
    pub truncated: bool,
    /// Where reading stopped; for base64 problems the offset is a
    /// character of the text, otherwise a byte of the decoded token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<DecodeError>,
}

impl NegotiateToken {
    /// The token SPNEGO wraps: the client's `mechToken`, or else the
    /// server's `responseToken`.
    #[must_use]
    pub fn inner(&self) -> Option<&InnerToken> {
        self.neg_token_init
            .as_ref()
            .and_then(|i| i.mech_token.as_ref())
            .or_else(|| {
                self.neg_token_resp
                    .as_ref()
                    .and_then(|r| r.response_token.as_ref())
            })
    }

    /// The NTLM message carried, raw or inside SPNEGO.
    #[must_use]
    pub fn ntlm_message(&self) -> Option<&NtlmMessage> {
        self.ntlm.as_ref().or(match self.inner() {
            Some(InnerToken::Ntlm(m)) => Some(m),
            _ => None,
        })
    }

    /// The Kerberos message carried, raw or inside SPNEGO.
    #[must_use]
    pub fn kerberos_message(&self) -> Option<&KerberosMessage> {
        self.kerberos.as_ref().or(match self.inner() {
            Some(InnerToken::Kerberos(k)) => Some(k),
            _ => None,
        })
    }

    /// The mechanism really carried: `kerberos`, `ntlm`, `negoex` or
    /// `unknown`. `ntlm` is the NTLM fallback that means Kerberos failed.
    #[must_use]
    pub fn mechanism(&self) -> &'static str {
        let inner = self.inner();
        if self.ntlm.is_some() || matches!(inner, Some(InnerToken::Ntlm(_))) {
            return "ntlm";
        }
        if self.kerberos.is_some() || matches!(inner, Some(InnerToken::Kerberos(_))) {
            return "kerberos";
        }
        let first = self
            .neg_token_init
            .as_ref()
            .and_then(|i| i.mech_types.first())
            .or_else(|| {
                self.neg_token_resp
                    .as_ref()
                    .and_then(|r| r.supported_mech.as_ref())
            });
        match first.map(|m| m.name) {
            Some(n) if n.starts_with("Kerberos") => "kerberos",
            Some("NTLMSSP") => "ntlm",
            Some("NegoEx") => "negoex",
            _ => "unknown",
        }
    }
}

/// NegTokenInit (RFC 4178 §4.2.1), with MS-SPNG's NegTokenInit2 hints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NegTokenInit {
    /// Mechanisms offered, preferred first.
    pub mech_types: Vec<Mech>,
    /// The optimistic token for the first mechanism.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mech_token: Option<InnerToken>,
    /// `negHints.hintName` of a NegTokenInit2 (servers send it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint_name: Option<String>,
    /// Length of mechListMIC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mech_list_mic_len: Option<usize>,
}

/// NegTokenResp (RFC 4178 §4.2.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NegTokenResp {
    /// `accept-completed`, `accept-incomplete`, `reject`, `request-mic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neg_state: Option<&'static str>,
    /// The mechanism the acceptor chose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_mech: Option<Mech>,
    /// The mechanism's token (AP-REP, KRB-ERROR, NTLM CHALLENGE…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_token: Option<InnerToken>,
    /// Length of mechListMIC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mech_list_mic_len: Option<usize>,
}

/// The mechanism token inside SPNEGO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mechanism", rename_all = "snake_case")]
pub enum InnerToken {
    /// NTLMSSP.
    Ntlm(Box<NtlmMessage>),
    /// Kerberos (GSS-wrapped or bare).
    Kerberos(Box<KerberosMessage>),
    /// Something else (NegoEx, or bytes this decoder does not know).
    Other {
        /// Bytes present.
        length: usize,
        /// Why it was not decoded further.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<DecodeError>,
    },
}

/// A Kerberos message: AP-REQ from the client, AP-REP or KRB-ERROR from the
/// server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KerberosMessage {
    /// The RFC 4121 wrapper's OID, when wrapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gss_mech: Option<Mech>,
    /// `AP-REQ`, `AP-REP`, `KRB-ERROR` or `unknown`.
    pub message: &'static str,
    /// The client's request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ap_req: Option<ApReq>,
    /// The server's mutual-authentication reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ap_rep: Option<EncInfo>,
    /// The server's error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub krb_error: Option<KrbError>,
    /// Where reading stopped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<DecodeError>,
}

/// Encryption type number with its RFC 3961/8009 name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Etype {
    /// etype number.
    pub number: i64,
    /// Name (`aes256-cts-hmac-sha1-96`), or `unknown`.
    pub name: &'static str,
    /// DES and RC4: disabled by default on current Windows and MIT.
    pub weak: bool,
}

impl Etype {
    /// Names `number`.
    #[must_use]
    pub const fn new(number: i64) -> Self {
        let (name, weak) = match number {
            1 => ("des-cbc-crc", true),
            2 => ("des-cbc-md4", true),
            3 => ("des-cbc-md5", true),
            16 => ("des3-cbc-sha1-kd", true),
            17 => ("aes128-cts-hmac-sha1-96", false),
            18 => ("aes256-cts-hmac-sha1-96", false),
            19 => ("aes128-cts-hmac-sha256-128", false),
            20 => ("aes256-cts-hmac-sha384-192", false),
            23 => ("rc4-hmac", true),
            24 => ("rc4-hmac-exp", true),
            25 => ("camellia128-cts-cmac", false),
            26 => ("camellia256-cts-cmac", false),
            _ => ("unknown", false),
        };
        Self { number, name, weak }
    }
}

/// EncryptedData (RFC 4120 §5.2.9) without the ciphertext.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EncInfo {
    /// Encryption type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etype: Option<Etype>,
    /// Key version number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kvno: Option<i64>,
    /// Declared ciphertext length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cipher_len: Option<usize>,
}

/// PrincipalName (RFC 4120 §5.2.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Principal {
    /// name-type number.
    pub name_type: i64,
    /// name-type name (`NT-SRV-INST`).
    pub name_type_name: &'static str,
    /// Components joined with `/` (`HTTP/web.example.com`).
    pub name: String,
}

/// AP-REQ (RFC 4120 §5.5.1) as far as it is readable without keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApReq {
    /// AP options set (`use-session-key`, `mutual-required`).
    pub ap_options: Vec<&'static str>,
    /// The ticket's realm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realm: Option<String>,
    /// The ticket's service principal (the SPN the client resolved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sname: Option<Principal>,
    /// The ticket's encrypted part: etype and kvno of the service key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_enc_part: Option<EncInfo>,
    /// The authenticator's etype (the session key's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticator: Option<EncInfo>,
}

/// KRB-ERROR (RFC 4120 §5.9.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KrbError {
    /// Client time, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctime: Option<String>,
    /// Server time, RFC 3339: compare with the client clock for SKEW.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stime: Option<String>,
    /// error-code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    /// RFC 4120 §7.5.9 name (`KRB_AP_ERR_MODIFIED`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_name: Option<&'static str>,
    /// What it usually means for HTTP Negotiate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<&'static str>,
    /// Client realm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crealm: Option<String>,
    /// Client principal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cname: Option<Principal>,
    /// Server realm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realm: Option<String>,
    /// Server principal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sname: Option<Principal>,
    /// e-text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e_text: Option<String>,
    /// Length of e-data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e_data_len: Option<usize>,
}

/// Name and meaning of a Kerberos error code (RFC 4120 §7.5.9), for the
/// codes an HTTP Negotiate failure shows.
#[must_use]
pub const fn krb_error_name(code: i64) -> Option<(&'static str, &'static str)> {
    Some(match code {
        6 => ("KDC_ERR_C_PRINCIPAL_UNKNOWN", "client not found in the Kerberos database"),
        7 => ("KDC_ERR_S_PRINCIPAL_UNKNOWN", "no account has this SPN: register it (setspn -S) on the service account"),
        8 => ("KDC_ERR_PRINCIPAL_NOT_UNIQUE", "the SPN is registered on more than one account (setspn -X)"),
        12 => ("KDC_ERR_POLICY", "KDC policy rejects the request"),
        14 => ("KDC_ERR_ETYPE_NOSUPP", "no encryption type both sides support (e.g. RC4 or DES disabled, AES keys missing)"),
        18 => ("KDC_ERR_CLIENT_REVOKED", "client credentials revoked (account disabled, locked or expired)"),
        23 => ("KDC_ERR_KEY_EXPIRED", "password expired"),
        24 => ("KDC_ERR_PREAUTH_FAILED", "pre-authentication failed: wrong password"),
        25 => ("KDC_ERR_PREAUTH_REQUIRED", "pre-authentication required"),
        31 => ("KRB_AP_ERR_BAD_INTEGRITY", "integrity check on decrypted field failed"),
        32 => ("KRB_AP_ERR_TKT_EXPIRED", "the service ticket expired: the client must get a new one"),
        33 => ("KRB_AP_ERR_TKT_NYV", "the ticket is not yet valid: clocks apart"),
        34 => ("KRB_AP_ERR_REPEAT", "replayed request (the replay cache saw this authenticator)"),
        35 => ("KRB_AP_ERR_NOT_US", "the ticket is for another service"),
        36 => ("KRB_AP_ERR_BADMATCH", "ticket and authenticator do not match"),
        37 => ("KRB_AP_ERR_SKEW", "clocks of client and server are more than 5 minutes apart"),
        38 => ("KRB_AP_ERR_BADADDR", "network address in the ticket differs"),
        39 => ("KRB_AP_ERR_BADVERSION", "protocol version mismatch"),
        40 => ("KRB_AP_ERR_MSG_TYPE", "message type not supported"),
        41 => ("KRB_AP_ERR_MODIFIED", "the server could not decrypt the ticket: the SPN belongs to another account than the one the service runs as, or its keytab/password is stale"),
        44 => ("KRB_AP_ERR_BADKEYVER", "the ticket's key version (kvno) is not in the service's keytab"),
        45 => ("KRB_AP_ERR_NOKEY", "the service has no key for this ticket's encryption type"),
        47 => ("KRB_AP_ERR_METHOD", "alternative authentication method required"),
        52 => ("KRB_ERR_RESPONSE_TOO_BIG", "response too big for UDP: retry over TCP"),
        60 => ("KRB_ERR_GENERIC", "generic error: see e-text"),
        68 => ("KDC_ERR_WRONG_REALM", "wrong realm: referral to another realm"),
        _ => return None,
    })
}

const fn name_type_name(t: i64) -> &'static str {
    match t {
        0 => "NT-UNKNOWN",
        1 => "NT-PRINCIPAL",
        2 => "NT-SRV-INST",
        3 => "NT-SRV-HST",
        4 => "NT-SRV-XHST",
        5 => "NT-UID",
        6 => "NT-X500-PRINCIPAL",
        7 => "NT-SMTP-NAME",
        10 => "NT-ENTERPRISE",
        _ => "unknown",
    }
}

/// Decodes the base64 text of a `Negotiate` header value (the scheme name
/// may be left in front). Text cut or elided mid-token is decoded up to the
/// cut.
///
/// # Errors
/// When the text holds no base64 at all.
///
/// # Examples
/// ```
/// let t = authlens::parse::spnego::decode_negotiate("Negotiate TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
/// assert_eq!(t.mechanism(), "ntlm");
/// ```
pub fn decode_negotiate(token_b64: &str) -> ReadResult<NegotiateToken> {
    let text = token_b64.trim_start();
    let text = match text.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("negotiate ") => text.get(10..).unwrap_or_default(),
        _ => text,
    };
    let (bytes, stop) = base64_prefix(text);
    if bytes.is_empty() {
        return Err(stop.unwrap_or(DecodeError::new(0, ErrorKind::NotBase64)));
    }
    let mut token = decode_negotiate_bytes(&bytes)?;
    if let Some(stop) = stop {
        // The text was cut: whatever the bytes say, that is the first
        // reason the decode is partial.
        token.truncated = true;
        token.error = Some(stop);
    }
    Ok(token)
}

/// Decodes a `Negotiate` token's bytes.
///
/// # Errors
/// Only for empty input; anything else yields a token whose `error` says
/// where reading stopped.
///
/// # Examples
/// ```
/// // An AP-REQ cut after its first bytes: Kerberos, truncated, located.
/// let t = authlens::parse::spnego::decode_negotiate_bytes(&[0x60, 0x82, 0x01, 0x00, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02]).unwrap();
/// assert!(t.truncated);
/// assert_eq!(t.error.map(|e| e.offset), Some(12));
/// ```
pub fn decode_negotiate_bytes(bytes: &[u8]) -> ReadResult<NegotiateToken> {
    let mut token = NegotiateToken {
        length_bytes: bytes.len(),
        inner_mechanism: "unknown",
        ..NegotiateToken::default()
    };
    let mut r = Reader::new(bytes);
    let first = r.peek().ok_or(DecodeError::new(
        0,
        ErrorKind::UnexpectedEnd {
            needed: 1,
            available: 0,
        },
    ))?;
    if bytes.starts_with(SIGNATURE) {
        token.inner_mechanism = "raw NTLMSSP (not SPNEGO)";
        match decode_ntlm(bytes) {
            Ok(m) => token.ntlm = Some(m),
            Err(e) => token.error = Some(e),
        }
        return Ok(token);
    }
    let result = match first {
        0x60 => gss(&mut r, &mut token),
        0xa0 | 0xa1 => {
            token.inner_mechanism = "SPNEGO";
            spnego(&mut r, &mut token)
        }
        0x6e | 0x6f | 0x7e => {
            token.inner_mechanism = "raw Kerberos";
            let mut k = KerberosMessage::default();
            if let Err(e) = kerberos_message(&mut r, &mut k) {
                k.error = Some(e);
            }
            token.kerberos = Some(k);
            Ok(())
        }
        _ => Err(DecodeError::invalid(
            0,
            "not a GSS-API, SPNEGO, Kerberos or NTLM token",
        )),
    };
    if let Err(e) = result {
        token.error.get_or_insert(e);
    }
    Ok(token)
}

/// Records the outermost element's length and whether the token is cut.
fn note_outer(tlv: &Tlv<'_>, token: &mut NegotiateToken) {
    token.der_length.get_or_insert(tlv.declared_len);
    if tlv.is_cut() {
        token.truncated = true;
        // The cut is the first thing to say about a cut token; the nested
        // structures keep their own, more precise, stopping points.
        if token.error.is_none() {
            token.error = tlv.cut_error();
        }
    }
}

/// GSS-API InitialContextToken (RFC 2743 §3.1): `[APPLICATION 0]` with the
/// mechanism OID, then the mechanism's own token.
fn gss(r: &mut Reader<'_>, token: &mut NegotiateToken) -> ReadResult<()> {
    let outer = r.der_expect(0x60)?;
    note_outer(&outer, token);
    let mut inner = outer.reader();
    let mech = Mech::new(inner.der_expect(0x06)?.oid()?);
    let is_spnego = mech.oid == OID_SPNEGO;
    let is_krb = mech.is_kerberos();
    token.gss_mech = Some(mech);
    if is_spnego {
        token.inner_mechanism = "SPNEGO";
        return spnego(&mut inner, token);
    }
    if is_krb {
        // Some clients send the Kerberos token without SPNEGO around it.
        token.inner_mechanism = "raw Kerberos";
        let mut k = KerberosMessage {
            gss_mech: token.gss_mech.clone(),
            ..KerberosMessage::default()
        };
        if let Err(e) = krb_token_id_and_message(&mut inner, &mut k) {
            k.error = Some(e);
        }
        token.kerberos = Some(k);
    }
    Ok(())
}

/// NegotiationToken ::= CHOICE { negTokenInit [0], negTokenResp [1] }.
fn spnego(r: &mut Reader<'_>, token: &mut NegotiateToken) -> ReadResult<()> {
    token.spnego_choice = match r.peek() {
        Some(0xa0) => Some("NegTokenInit"),
        Some(0xa1) => Some("NegTokenResp"),
        _ => None,
    };
    let choice = r.der()?;
    note_outer(&choice, token);
    let mut seq = choice.reader().der_expect(0x30)?.reader();
    match choice.tag {
        0xa0 => {
            let init = token.neg_token_init.insert(NegTokenInit::default());
            neg_token_init(&mut seq, init)
        }
        0xa1 => {
            let resp = token.neg_token_resp.insert(NegTokenResp::default());
            neg_token_resp(&mut seq, resp)
        }
        found => Err(DecodeError::new(
            choice.offset,
            ErrorKind::UnexpectedTag {
                expected: 0xa0,
                found,
            },
        )),
    }
}

fn neg_token_init(seq: &mut Reader<'_>, init: &mut NegTokenInit) -> ReadResult<()> {
    if let Some(types) = seq.der_optional(0xa0)? {
        let mut list = types.reader().der_expect(0x30)?.reader();
        while !list.is_empty() {
            init.mech_types
                .push(Mech::new(list.der_expect(0x06)?.oid()?));
        }
    }
    let _req_flags = seq.der_optional(0xa1)?;
    if let Some(mt) = seq.der_optional(0xa2)? {
        let octets = mt.reader().der_expect(0x04)?;
        init.mech_token = Some(inner_token(&octets));
    }
    if let Some(third) = seq.der_optional(0xa3)? {
        let el = third.reader().der()?;
        if el.tag == 0x30 {
            // NegTokenInit2 (MS-SPNG §2.2.1): negHints.hintName.
            if let Some(hint) = el.reader().der_optional(0xa0)? {
                init.hint_name = Some(hint.reader().der()?.text());
            }
        } else {
            init.mech_list_mic_len = Some(el.declared_len);
        }
    }
    if let Some(mic) = seq.der_optional(0xa4)? {
        init.mech_list_mic_len = Some(mic.reader().der()?.declared_len);
    }
    Ok(())
}

fn neg_token_resp(seq: &mut Reader<'_>, resp: &mut NegTokenResp) -> ReadResult<()> {
    if let Some(state) = seq.der_optional(0xa0)? {
        let e = state.reader().der_expect(0x0a)?;
        let n = e.integer()?;
        resp.neg_state = Some(match n {
            0 => "accept-completed",
            1 => "accept-incomplete",
            2 => "reject",
            3 => "request-mic",
            _ => "unknown",
        });
    }
    if let Some(mech) = seq.der_optional(0xa1)? {
        resp.supported_mech = Some(Mech::new(mech.reader().der_expect(0x06)?.oid()?));
    }
    if let Some(rt) = seq.der_optional(0xa2)? {
        let octets = rt.reader().der_expect(0x04)?;
        resp.response_token = Some(inner_token(&octets));
    }
    if let Some(mic) = seq.der_optional(0xa3)? {
        resp.mech_list_mic_len = Some(mic.reader().der()?.declared_len);
    }
    Ok(())
}

/// The mechanism token inside an OCTET STRING, recognised by its first
/// bytes rather than by the advertised mechanism, which clients get wrong.
fn inner_token(octets: &Tlv<'_>) -> InnerToken {
    let bytes = octets.value;
    let base = octets.value_offset;
    if bytes.starts_with(SIGNATURE) {
        return match decode_ntlm(bytes) {
            Ok(mut m) => {
                if let Some(e) = &mut m.error {
                    e.offset += base;
                }
                InnerToken::Ntlm(Box::new(m))
            }
            Err(mut e) => {
                e.offset += base;
                InnerToken::Other {
                    length: bytes.len(),
                    error: Some(e),
                }
            }
        };
    }
    match bytes.first() {
        Some(0x60 | 0x6e | 0x6f | 0x7e) => {
            let mut k = KerberosMessage::default();
            let mut r = octets.reader();
            let res = if r.peek() == Some(0x60) {
                krb_gss(&mut r, &mut k)
            } else {
                kerberos_message(&mut r, &mut k)
            };
            if let Err(e) = res {
                k.error = Some(e);
            }
            InnerToken::Kerberos(Box::new(k))
        }
        Some(_) => InnerToken::Other {
            length: bytes.len(),
            error: None,
        },
        None => InnerToken::Other {
            length: 0,
            error: octets.cut_error(),
        },
    }
}

/// RFC 4121 §4.1: `[APPLICATION 0]` { OID, 2-byte TOK_ID, message }.
fn krb_gss(r: &mut Reader<'_>, k: &mut KerberosMessage) -> ReadResult<()> {
    let outer = r.der_expect(0x60)?;
    let mut inner = outer.reader();
    k.gss_mech = Some(Mech::new(inner.der_expect(0x06)?.oid()?));
    krb_token_id_and_message(&mut inner, k)
}

fn krb_token_id_and_message(r: &mut Reader<'_>, k: &mut KerberosMessage) -> ReadResult<()> {
    let at = r.offset();
    let id = r.take(2)?;
    if !matches!(id, [0x01..=0x03, 0x00]) {
        return Err(DecodeError::invalid(at, "unknown Kerberos GSS token id"));
    }
    kerberos_message(r, k)
}

fn kerberos_message(r: &mut Reader<'_>, k: &mut KerberosMessage) -> ReadResult<()> {
    let msg = r.der()?;
    let mut seq = msg.reader().der_expect(0x30)?.reader();
    match msg.tag {
        0x6e => {
            k.message = "AP-REQ";
            ap_req(&mut seq, k.ap_req.insert(ApReq::default()))
        }
        0x6f => {
            k.message = "AP-REP";
            let _pvno = seq.der_expect(0xa0)?;
            let _msg_type = seq.der_expect(0xa1)?;
            let enc = seq.der_expect(0xa2)?;
            enc_data(&enc, k.ap_rep.insert(EncInfo::default()))
        }
        0x7e => {
            k.message = "KRB-ERROR";
            krb_error(&mut seq, k.krb_error.insert(KrbError::default()))
        }
        found => {
            k.message = "unknown";
            Err(DecodeError::new(
                msg.offset,
                ErrorKind::UnexpectedTag {
                    expected: 0x6e,
                    found,
                },
            ))
        }
    }
}

/// `[n] INTEGER` inside a context tag.
fn ctx_int(tlv: &Tlv<'_>) -> ReadResult<i64> {
    tlv.reader().der_expect(0x02)?.integer()
}

/// `[n] KerberosString` (GeneralString) inside a context tag.
fn ctx_text(tlv: &Tlv<'_>) -> ReadResult<String> {
    Ok(tlv.reader().der()?.text())
}

/// `[n] KerberosTime` (GeneralizedTime `YYYYMMDDHHMMSSZ`) as RFC 3339.
fn ctx_time(tlv: &Tlv<'_>) -> ReadResult<String> {
    let t = tlv.reader().der_expect(0x18)?.text();
    let part = |a: usize, b: usize| t.get(a..b).unwrap_or("??");
    Ok(if t.len() == 15 {
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            part(0, 4),
            part(4, 6),
            part(6, 8),
            part(8, 10),
            part(10, 12),
            part(12, 14)
        )
    } else {
        t
    })
}

fn principal(tlv: &Tlv<'_>) -> ReadResult<Principal> {
    let mut seq = tlv.reader().der_expect(0x30)?.reader();
    let name_type = ctx_int(&seq.der_expect(0xa0)?)?;
    let mut names = seq.der_expect(0xa1)?.reader().der_expect(0x30)?.reader();
    let mut parts = Vec::new();
    while !names.is_empty() {
        parts.push(names.der()?.text());
    }
    Ok(Principal {
        name_type,
        name_type_name: name_type_name(name_type),
        name: parts.join("/"),
    })
}

/// EncryptedData ::= SEQUENCE { etype [0], kvno [1] OPTIONAL, cipher [2] }.
fn enc_data(tlv: &Tlv<'_>, out: &mut EncInfo) -> ReadResult<()> {
    let mut seq = tlv.reader().der_expect(0x30)?.reader();
    out.etype = Some(Etype::new(ctx_int(&seq.der_expect(0xa0)?)?));
    if let Some(kvno) = seq.der_optional(0xa1)? {
        out.kvno = Some(ctx_int(&kvno)?);
    }
    let cipher = seq.der_expect(0xa2)?.reader().der_expect(0x04)?;
    out.cipher_len = Some(cipher.declared_len);
    Ok(())
}

/// AP-REQ ::= [APPLICATION 14] SEQUENCE { pvno [0], msg-type [1],
/// ap-options [2] BIT STRING, ticket [3] Ticket, authenticator [4] }.
fn ap_req(seq: &mut Reader<'_>, out: &mut ApReq) -> ReadResult<()> {
    let _pvno = seq.der_expect(0xa0)?;
    let _msg_type = seq.der_expect(0xa1)?;
    let options = seq.der_expect(0xa2)?.reader().der_expect(0x03)?;
    // BIT STRING: first octet counts unused bits; bit 0 is the MSB.
    if let Some(&first) = options.value.get(1) {
        if first & 0x40 != 0 {
            out.ap_options.push("use-session-key");
        }
        if first & 0x20 != 0 {
            out.ap_options.push("mutual-required");
        }
    }
    let ticket = seq.der_expect(0xa3)?.reader().der_expect(0x61)?;
    let mut t = ticket.reader().der_expect(0x30)?.reader();
    let _tkt_vno = t.der_expect(0xa0)?;
    out.realm = Some(ctx_text(&t.der_expect(0xa1)?)?);
    out.sname = Some(principal(&t.der_expect(0xa2)?)?);
    let enc = t.der_expect(0xa3)?;
    enc_data(&enc, out.ticket_enc_part.insert(EncInfo::default()))?;
    let auth = seq.der_expect(0xa4)?;
    enc_data(&auth, out.authenticator.insert(EncInfo::default()))
}

/// KRB-ERROR ::= [APPLICATION 30] SEQUENCE { pvno [0], msg-type [1],
/// ctime [2] OPT, cusec [3] OPT, stime [4], susec [5], error-code [6],
/// crealm [7] OPT, cname [8] OPT, realm [9], sname [10], e-text [11] OPT,
/// e-data [12] OPT }.
fn krb_error(seq: &mut Reader<'_>, out: &mut KrbError) -> ReadResult<()> {
    let _pvno = seq.der_expect(0xa0)?;
    let _msg_type = seq.der_expect(0xa1)?;
    if let Some(t) = seq.der_optional(0xa2)? {
        out.ctime = Some(ctx_time(&t)?);
    }
    let _cusec = seq.der_optional(0xa3)?;
    out.stime = Some(ctx_time(&seq.der_expect(0xa4)?)?);
    let _susec = seq.der_expect(0xa5)?;
    let code = ctx_int(&seq.der_expect(0xa6)?)?;
    out.error_code = Some(code);
    if let Some((name, meaning)) = krb_error_name(code) {
        out.error_name = Some(name);
        out.meaning = Some(meaning);
    }
    if let Some(t) = seq.der_optional(0xa7)? {
        out.crealm = Some(ctx_text(&t)?);
    }
    if let Some(t) = seq.der_optional(0xa8)? {
        out.cname = Some(principal(&t)?);
    }
    out.realm = Some(ctx_text(&seq.der_expect(0xa9)?)?);
    out.sname = Some(principal(&seq.der_expect(0xaa)?)?);
    if let Some(t) = seq.der_optional(0xab)? {
        out.e_text = Some(ctx_text(&t)?);
    }
    if let Some(t) = seq.der_optional(0xac)? {
        out.e_data_len = Some(t.reader().der()?.declared_len);
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    /// DER element with a definite length.
    pub(crate) fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = value.len();
        if n < 0x80 {
            out.push(u8::try_from(n).unwrap());
        } else if n < 0x100 {
            out.extend_from_slice(&[0x81, u8::try_from(n).unwrap()]);
        } else {
            out.extend_from_slice(&[
                0x82,
                u8::try_from(n >> 8).unwrap(),
                u8::try_from(n & 0xff).unwrap(),
            ]);
        }
        out.extend_from_slice(value);
        out
    }

    fn int(tag: u8, v: u8) -> Vec<u8> {
        tlv(tag, &tlv(0x02, &[v]))
    }

    fn gstr(tag: u8, s: &str) -> Vec<u8> {
        tlv(tag, &tlv(0x1b, s.as_bytes()))
    }

    fn principal_der(tag: u8, name_type: u8, parts: &[&str]) -> Vec<u8> {
        let names: Vec<u8> = parts.iter().flat_map(|p| tlv(0x1b, p.as_bytes())).collect();
        tlv(
            tag,
            &tlv(
                0x30,
                &[int(0xa0, name_type), tlv(0xa1, &tlv(0x30, &names))].concat(),
            ),
        )
    }

    fn enc(tag: u8, etype: u8, kvno: Option<u8>, cipher: usize) -> Vec<u8> {
        let mut body = int(0xa0, etype);
        if let Some(k) = kvno {
            body.extend(int(0xa1, k));
        }
        body.extend(tlv(0xa2, &tlv(0x04, &vec![0x55; cipher])));
        tlv(tag, &tlv(0x30, &body))
    }

    /// An AP-REQ for `HTTP/web.example.com@EXAMPLE.COM`, GSS-wrapped.
    pub(crate) fn ap_req_token(etype: u8) -> Vec<u8> {
        let ticket = tlv(
            0x61,
            &tlv(
                0x30,
                &[
                    int(0xa0, 5),
                    gstr(0xa1, "EXAMPLE.COM"),
                    principal_der(0xa2, 2, &["HTTP", "web.example.com"]),
                    enc(0xa3, etype, Some(3), 40),
                ]
                .concat(),
            ),
        );
        let ap = tlv(
            0x6e,
            &tlv(
                0x30,
                &[
                    int(0xa0, 5),
                    int(0xa1, 14),
                    tlv(0xa2, &tlv(0x03, &[0, 0x20, 0, 0, 0])),
                    tlv(0xa3, &ticket),
                    enc(0xa4, 18, None, 30),
                ]
                .concat(),
            ),
        );
        let krb5_oid = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02];
        tlv(0x60, &[tlv(0x06, &krb5_oid), vec![0x01, 0x00], ap].concat())
    }

    /// SPNEGO NegTokenInit around `mech_token`, offering MS-KRB5 and KRB5.
    pub(crate) fn spnego_init(mech_token: &[u8]) -> Vec<u8> {
        let ms = tlv(
            0x06,
            &[0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02],
        );
        let k5 = tlv(
            0x06,
            &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02],
        );
        let init = tlv(
            0xa0,
            &tlv(
                0x30,
                &[
                    tlv(0xa0, &tlv(0x30, &[ms, k5].concat())),
                    tlv(0xa2, &tlv(0x04, mech_token)),
                ]
                .concat(),
            ),
        );
        tlv(
            0x60,
            &[tlv(0x06, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x02]), init].concat(),
        )
    }

    pub(crate) fn krb_error_token(code: u8) -> Vec<u8> {
        let err = tlv(
            0x7e,
            &tlv(
                0x30,
                &[
                    int(0xa0, 5),
                    int(0xa1, 30),
                    tlv(0xa4, &tlv(0x18, b"20260401120000Z")),
                    int(0xa5, 0),
                    int(0xa6, code),
                    gstr(0xa9, "EXAMPLE.COM"),
                    principal_der(0xaa, 2, &["HTTP", "web.example.com"]),
                    gstr(0xab, "wrong key"),
                ]
                .concat(),
            ),
        );
        let krb5_oid = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02];
        let inner = tlv(
            0x60,
            &[tlv(0x06, &krb5_oid), vec![0x03, 0x00], err].concat(),
        );
        tlv(
            0xa1,
            &tlv(
                0x30,
                &[
                    tlv(0xa0, &tlv(0x0a, &[2])),
                    tlv(0xa1, &tlv(0x06, &krb5_oid)),
                    tlv(0xa2, &tlv(0x04, &inner)),
                ]
                .concat(),
            ),
        )
    }

    fn ap_req_of(t: &NegotiateToken) -> &ApReq {
        match t
            .neg_token_init
            .as_ref()
            .and_then(|i| i.mech_token.as_ref())
        {
            Some(InnerToken::Kerberos(k)) => k.ap_req.as_ref().expect("ap-req"),
            other => panic!("no kerberos: {other:?}"),
        }
    }

    #[test]
    fn ap_req_table() {
        // (etype, etype name, weak)
        let cases = [
            (18, "aes256-cts-hmac-sha1-96", false),
            (17, "aes128-cts-hmac-sha1-96", false),
            (23, "rc4-hmac", true),
            (3, "des-cbc-md5", true),
        ];
        for (etype, name, weak) in cases {
            let t = decode_negotiate_bytes(&spnego_init(&ap_req_token(etype))).unwrap();
            assert_eq!(t.error, None);
            assert_eq!(t.mechanism(), "kerberos");
            let init = t.neg_token_init.as_ref().unwrap();
            assert_eq!(init.mech_types[0].name, "Kerberos 5 (Microsoft OID)");
            let ap = ap_req_of(&t);
            assert_eq!(ap.realm.as_deref(), Some("EXAMPLE.COM"));
            let sname = ap.sname.as_ref().unwrap();
            assert_eq!(
                (sname.name.as_str(), sname.name_type_name),
                ("HTTP/web.example.com", "NT-SRV-INST")
            );
            let enc = ap.ticket_enc_part.as_ref().unwrap();
            let e = enc.etype.unwrap();
            assert_eq!((e.number, e.name, e.weak), (i64::from(etype), name, weak));
            assert_eq!((enc.kvno, enc.cipher_len), (Some(3), Some(40)));
            assert_eq!(ap.ap_options, ["mutual-required"]);
        }
    }

    #[test]
    fn krb_error_table() {
        let cases = [
            (41, "KRB_AP_ERR_MODIFIED"),
            (37, "KRB_AP_ERR_SKEW"),
            (32, "KRB_AP_ERR_TKT_EXPIRED"),
            (7, "KDC_ERR_S_PRINCIPAL_UNKNOWN"),
            (14, "KDC_ERR_ETYPE_NOSUPP"),
        ];
        for (code, name) in cases {
            let t = decode_negotiate_bytes(&krb_error_token(code)).unwrap();
            assert_eq!(t.error, None, "{code}");
            let resp = t.neg_token_resp.as_ref().unwrap();
            assert_eq!(resp.neg_state, Some("reject"));
            let Some(InnerToken::Kerberos(k)) = &resp.response_token else {
                panic!("{resp:?}")
            };
            let e = k.krb_error.as_ref().unwrap();
            assert_eq!(e.error_code, Some(i64::from(code)));
            assert_eq!(e.error_name, Some(name));
            assert_eq!(e.stime.as_deref(), Some("2026-04-01T12:00:00Z"));
            assert_eq!(e.realm.as_deref(), Some("EXAMPLE.COM"));
            assert_eq!(
                e.sname.as_ref().map(|p| p.name.as_str()),
                Some("HTTP/web.example.com")
            );
            assert_eq!(e.e_text.as_deref(), Some("wrong key"));
        }
    }

    #[test]
    fn ap_rep_in_final_leg() {
        // accept-completed with a bare AP-REP: mutual authentication done.
        let ap_rep = tlv(
            0x6f,
            &tlv(
                0x30,
                &[int(0xa0, 5), int(0xa1, 15), enc(0xa2, 18, None, 20)].concat(),
            ),
        );
        let resp = tlv(
            0xa1,
            &tlv(
                0x30,
                &[tlv(0xa0, &tlv(0x0a, &[0])), tlv(0xa2, &tlv(0x04, &ap_rep))].concat(),
            ),
        );
        let t = decode_negotiate_bytes(&resp).unwrap();
        assert_eq!(t.error, None);
        let r = t.neg_token_resp.as_ref().unwrap();
        assert_eq!(r.neg_state, Some("accept-completed"));
        let Some(InnerToken::Kerberos(k)) = &r.response_token else {
            panic!("{r:?}")
        };
        assert_eq!(k.message, "AP-REP");
        assert_eq!(
            k.ap_rep.as_ref().and_then(|e| e.etype).map(|e| e.number),
            Some(18)
        );
        assert_eq!(t.mechanism(), "kerberos");
    }

    #[test]
    fn cut_ap_req_keeps_realm_and_spn() {
        let full = spnego_init(&ap_req_token(18));
        // Cut inside the ticket's ciphertext.
        let cut = &full[..full.len() - 50];
        let t = decode_negotiate_bytes(cut).unwrap();
        assert!(t.truncated);
        let ap = ap_req_of(&t);
        assert_eq!(ap.realm.as_deref(), Some("EXAMPLE.COM"));
        assert_eq!(
            ap.ticket_enc_part.as_ref().unwrap().etype.unwrap().number,
            18
        );
        let Some(InnerToken::Kerberos(k)) = &t.neg_token_init.as_ref().unwrap().mech_token else {
            panic!()
        };
        let e = k.error.as_ref().expect("stopped somewhere");
        assert!(e.offset <= cut.len(), "{e}");
    }

    #[test]
    fn ntlm_inside_spnego_table() {
        let challenge = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            "TlRMTVNTUAACAAAAAgACADAAAAAGgoEAc51AYVDgyNcAAAAAAAAAAG4AbgAyAAAAQ0MCAAQAQwBDAAEAEgBFAEwASQBTAEEAQgBFAFQASAAEABgAYwBjAC4AaQBjAGUAZABlAHYALgBuAHUAAwAsAGUAbABpAHMAYQBiAGUAdABoAC4AYwBjAC4AaQBjAGUAZABlAHYALgBuAHUAAAAAAA==",
        )
        .unwrap();
        let ntlm_oid = [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a];
        let resp = tlv(
            0xa1,
            &tlv(
                0x30,
                &[
                    tlv(0xa0, &tlv(0x0a, &[1])),
                    tlv(0xa1, &tlv(0x06, &ntlm_oid)),
                    tlv(0xa2, &tlv(0x04, &challenge)),
                ]
                .concat(),
            ),
        );
        // (token, mechanism, NTLM message type)
        let cases: Vec<(Vec<u8>, &str, u32)> = vec![
            (
                spnego_init(&crate::parse::ntlm::tests::type3([0; 16])),
                "ntlm",
                3,
            ),
            (resp, "ntlm", 2),
        ];
        for (token, mech, ty) in cases {
            let t = decode_negotiate_bytes(&token).unwrap();
            assert_eq!(t.error, None);
            assert_eq!(t.mechanism(), mech);
            let inner = t.inner();
            let Some(InnerToken::Ntlm(m)) = inner else {
                panic!("{inner:?}")
            };
            assert_eq!(m.message_type, ty);
        }
        let negoex = tlv(
            0x60,
            &[
                tlv(0x06, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x02]),
                tlv(
                    0xa0,
                    &tlv(
                        0x30,
                        &tlv(
                            0xa0,
                            &tlv(
                                0x30,
                                &tlv(
                                    0x06,
                                    &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x1e],
                                ),
                            ),
                        ),
                    ),
                ),
            ]
            .concat(),
        );
        assert_eq!(
            decode_negotiate_bytes(&negoex).unwrap().mechanism(),
            "negoex"
        );
    }

    #[test]
    fn negotiate_text_table() {
        // (header value, mechanism, truncated, error kind)
        let cases: &[(&str, &str, bool, Option<&str>)] = &[
            (
                "Negotiate TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=",
                "ntlm",
                false,
                None,
            ),
            (
                "YIIGhgYGKwYBBQUCoIIG...",
                "unknown",
                true,
                Some("not_base64"),
            ),
            (
                "oYH1MIHyoAMKAQChCwYJ...",
                "unknown",
                true,
                Some("not_base64"),
            ),
            (
                "a87421000492aa874209af8bc028",
                "unknown",
                false,
                Some("invalid"),
            ),
        ];
        for &(input, mech, truncated, kind) in cases {
            let t = decode_negotiate(input).unwrap();
            assert_eq!(t.mechanism(), mech, "{input}");
            assert_eq!(t.truncated, truncated, "{input}");
            assert_eq!(t.error.as_ref().map(|e| e.kind.name()), kind, "{input}");
        }
        assert!(decode_negotiate("...").is_err());
        assert!(decode_negotiate_bytes(&[]).is_err());
    }
}
