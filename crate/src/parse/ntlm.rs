//! NTLM messages (MS-NLMP §2.2): NEGOTIATE (type 1), CHALLENGE (type 2) and
//! AUTHENTICATE (type 3), as carried in `NTLM`/`Negotiate` headers.
//!
//! Written by hand: no maintained crate decodes NTLM messages for display
//! (the NTLM crates that exist implement the handshake and want the
//! password), and a decoder for explanation must survive cut and malformed
//! pastes, which a handshake library has no reason to do.
//!
//! Secret parts (LM/NT responses, the encrypted session key, the MIC value)
//! are reported by length or presence only.

use serde::{Serialize, Serializer};

use super::reader::{hex, DecodeError, ErrorKind, ReadResult, Reader};

/// `NTLMSSP\0`, the first 8 bytes of every message.
pub const SIGNATURE: &[u8; 8] = b"NTLMSSP\0";

/// NegotiateFlags bit names (MS-NLMP §2.2.2.5), lowest bit first; the
/// reserved bits keep the spec's r1–r10 names, since a set reserved bit
/// hints at a non-Windows or broken client.
const FLAG_NAMES: [&str; 32] = [
    "NEGOTIATE_UNICODE",
    "NEGOTIATE_OEM",
    "REQUEST_TARGET",
    "RESERVED_R10",
    "NEGOTIATE_SIGN",
    "NEGOTIATE_SEAL",
    "NEGOTIATE_DATAGRAM",
    "NEGOTIATE_LM_KEY",
    "RESERVED_R9",
    "NEGOTIATE_NTLM",
    "RESERVED_R8",
    "ANONYMOUS",
    "NEGOTIATE_OEM_DOMAIN_SUPPLIED",
    "NEGOTIATE_OEM_WORKSTATION_SUPPLIED",
    "RESERVED_R7",
    "NEGOTIATE_ALWAYS_SIGN",
    "TARGET_TYPE_DOMAIN",
    "TARGET_TYPE_SERVER",
    "RESERVED_R6",
    "NEGOTIATE_EXTENDED_SESSIONSECURITY",
    "NEGOTIATE_IDENTIFY",
    "RESERVED_R5",
    "REQUEST_NON_NT_SESSION_KEY",
    "NEGOTIATE_TARGET_INFO",
    "RESERVED_R4",
    "NEGOTIATE_VERSION",
    "RESERVED_R3",
    "RESERVED_R2",
    "RESERVED_R1",
    "NEGOTIATE_128",
    "NEGOTIATE_KEY_EXCH",
    "NEGOTIATE_56",
];

const FLAG_UNICODE: u32 = 0x0000_0001;
const FLAG_EXTENDED_SESSION_SECURITY: u32 = 0x0008_0000;
const FLAG_VERSION: u32 = 0x0200_0000;

/// Names of the set bits of NegotiateFlags, lowest bit first.
#[must_use]
pub fn flag_names(flags: u32) -> Vec<&'static str> {
    FLAG_NAMES
        .iter()
        .enumerate()
        .filter(|(bit, _)| flags & (1u32 << bit) != 0)
        .map(|(_, name)| *name)
        .collect()
}

/// Which response an AUTHENTICATE message carries, from its lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NtlmVersion {
    /// Empty NT response and an empty or 1-byte LM response (MS-NLMP §3.3).
    #[serde(rename = "anonymous")]
    Anonymous,
    /// 24-byte NT response: NTLMv1, refused by hardened servers.
    #[serde(rename = "NTLMv1")]
    V1,
    /// 24-byte NT response with extended session security ("NTLM2 session
    /// response"): still NTLMv1 strength.
    #[serde(rename = "NTLMv1 with extended session security")]
    V1Ess,
    /// NT response longer than 24 bytes.
    #[serde(rename = "NTLMv2")]
    V2,
    /// Any other length.
    #[serde(rename = "unknown")]
    Unknown,
}

/// What the NTLMv2 `MsvAvChannelBindings` pair says (Extended Protection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelBindings {
    /// No `MsvAvChannelBindings` pair: the client sent no binding.
    Absent,
    /// Present but all zero: the client had no TLS channel to bind (or
    /// would not), so EPA-enforcing servers reject it behind TLS.
    Zero,
    /// A non-zero channel binding hash.
    Present,
}

/// One AV_PAIR (MS-NLMP §2.2.2.1), shown as `[name, value]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvPair {
    /// AvId number.
    pub id: u16,
    /// Display value: text for names, RFC 3339 for the timestamp, hex for
    /// flags; `"<n bytes>"` for opaque values.
    pub value: String,
}

impl AvPair {
    /// The MS-NLMP name of the AvId.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self.id {
            0 => "MsvAvEOL",
            1 => "MsvAvNbComputerName",
            2 => "MsvAvNbDomainName",
            3 => "MsvAvDnsComputerName",
            4 => "MsvAvDnsDomainName",
            5 => "MsvAvDnsTreeName",
            6 => "MsvAvFlags",
            7 => "MsvAvTimestamp",
            8 => "MsvAvSingleHost",
            9 => "MsvAvTargetName",
            10 => "MsvAvChannelBindings",
            _ => "unknown",
        }
    }
}

impl Serialize for AvPair {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.name(), &self.value).serialize(serializer)
    }
}

/// The VERSION structure (MS-NLMP §2.2.2.10): the sender's Windows build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The 8 bytes in hex.
    pub hex: String,
    /// `10.0 build 26100 (NTLM revision 15)`.
    pub text: String,
}

/// A decoded NTLM message. Fields that a message type does not have, or
/// that lay past a cut, are `None`; `error` says where decoding stopped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NtlmMessage {
    /// Always `NTLMSSP\0` (written with a backslash, as in the corpus).
    pub signature: &'static str,
    /// 1, 2 or 3.
    pub message_type: u32,
    /// `NEGOTIATE`, `CHALLENGE` or `AUTHENTICATE`.
    pub message_name: &'static str,
    /// Bytes in the message as given.
    pub length_bytes: usize,
    /// NegotiateFlags.
    #[serde(serialize_with = "flags_hex", skip_serializing_if = "Option::is_none")]
    pub flags: Option<u32>,
    /// Names of the set flags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flag_names: Vec<&'static str>,
    /// Whether strings are UTF-16LE (`NEGOTIATE_UNICODE`) rather than OEM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unicode: Option<bool>,
    /// Domain name (types 1 and 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// User name (type 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Workstation name (types 1 and 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workstation: Option<String>,
    /// Target name (type 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    /// The server's 8-byte nonce (type 2); not a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_challenge_hex: Option<String>,
    /// Reserved bytes of type 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_hex: Option<String>,
    /// TargetInfo AV pairs (type 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_info: Option<Vec<AvPair>>,
    /// VERSION, when the flag is set and the bytes are there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_hex: Option<String>,
    /// VERSION as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// LM/LMv2 response length (type 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lm_response_len: Option<usize>,
    /// NT/NTLMv2 response length (type 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nt_response_len: Option<usize>,
    /// Encrypted session key length (type 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_key_len: Option<usize>,
    /// NTLMv1, v2 or anonymous (type 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ntlm_version: Option<NtlmVersion>,
    /// Whether a MIC field sits in the header (type 3; inferred from where
    /// the payload starts, confirmed by `MsvAvFlags` bit 0x2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mic_present: Option<bool>,
    /// AV pairs inside the NTLMv2 client challenge (type 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ntlmv2_info: Option<Vec<AvPair>>,
    /// Channel binding state of an NTLMv2 response (type 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_bindings: Option<ChannelBindings>,
    /// `MsvAvTargetName` of an NTLMv2 response: the SPN the client aimed at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_spn: Option<String>,
    /// Where decoding stopped, when it did not reach the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<DecodeError>,
}

#[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)] // serde's signature
fn flags_hex<S: Serializer>(flags: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    match flags {
        Some(f) => s.serialize_str(&format!("0x{f:08x}")),
        None => s.serialize_none(),
    }
}

/// Decodes one NTLM message (MS-NLMP §2.2.1).
///
/// A message cut short or with a payload pointer past its end still yields
/// the fields read before the problem, with `error` set.
///
/// # Errors
/// Only when nothing can be said: fewer than 12 bytes, no `NTLMSSP\0`
/// signature, or a message type other than 1, 2 or 3.
///
/// # Examples
/// ```
/// let msg = authlens::parse::ntlm::decode_ntlm(b"NTLMSSP\0\x01\0\0\0\x06\x82\x08\0").unwrap();
/// assert_eq!(msg.message_type, 1);
/// assert!(msg.flag_names.contains(&"NEGOTIATE_NTLM"));
/// ```
pub fn decode_ntlm(bytes: &[u8]) -> ReadResult<NtlmMessage> {
    let mut r = Reader::new(bytes);
    if r.take(8)? != SIGNATURE {
        return Err(DecodeError::new(0, ErrorKind::BadSignature));
    }
    let message_type = r.u32_le()?;
    let mut msg = NtlmMessage {
        signature: "NTLMSSP\\0",
        message_type,
        length_bytes: bytes.len(),
        ..NtlmMessage::default()
    };
    let result = match message_type {
        1 => {
            msg.message_name = "NEGOTIATE";
            negotiate(&mut r, &mut msg)
        }
        2 => {
            msg.message_name = "CHALLENGE";
            challenge(&mut r, &mut msg)
        }
        3 => {
            msg.message_name = "AUTHENTICATE";
            authenticate(&mut r, &mut msg)
        }
        other => return Err(DecodeError::new(8, ErrorKind::UnknownMessageType(other))),
    };
    if let Err(e) = result {
        msg.error.get_or_insert(e);
    }
    Ok(msg)
}

/// An 8-byte (len, maxlen, offset) field descriptor (MS-NLMP §2.2.1).
#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    at: usize,
    len: usize,
    offset: usize,
}

impl Field {
    fn read(r: &mut Reader<'_>, name: &'static str) -> ReadResult<Self> {
        let at = r.offset();
        let len = usize::from(r.u16_le()?);
        let _max_len = r.u16_le()?;
        let offset = usize::try_from(r.u32_le()?).unwrap_or(usize::MAX);
        Ok(Self {
            name,
            at,
            len,
            offset,
        })
    }

    /// Where the field's bytes start, for locating errors inside them: an
    /// empty field may carry any offset (the fuzzer found `0x300002` in a
    /// 160-byte message), and an error must not point past the message.
    fn start(self, r: &Reader<'_>) -> usize {
        self.offset.min(r.data().len())
    }

    fn bytes<'a>(self, r: &Reader<'a>) -> ReadResult<&'a [u8]> {
        if self.len == 0 {
            return Ok(&[]);
        }
        r.slice_at(self.offset, self.len, self.name, self.at)
    }
}

/// Reads `field` as text, or records its error in `msg` and gives `None`,
/// so one bad pointer does not hide the other fields.
fn text_field(
    r: &Reader<'_>,
    field: Field,
    unicode: bool,
    msg: &mut NtlmMessage,
) -> Option<String> {
    match field.bytes(r) {
        Ok(b) => Some(if unicode { utf16le(b) } else { oem(b) }),
        Err(e) => {
            msg.error.get_or_insert(e);
            None
        }
    }
}

fn utf16le(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| match c {
            [a, b] => u16::from_le_bytes([*a, *b]),
            _ => 0,
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// The OEM code page is unknown here; Latin-1 keeps every byte visible.
fn oem(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn version(r: &mut Reader<'_>, msg: &mut NtlmMessage) -> ReadResult<()> {
    let bytes = r.take(8)?;
    if let [major, minor, b0, b1, _, _, _, revision] = *bytes {
        let build = u16::from_le_bytes([b0, b1]);
        msg.version = Some(format!(
            "{major}.{minor} build {build} (NTLM revision {revision})"
        ));
    }
    msg.version_hex = Some(hex(bytes));
    Ok(())
}

/// Where the payload starts: the smallest offset of a non-empty field. The
/// optional header parts (VERSION, MIC) exist only if it leaves room.
fn payload_start(fields: &[Field], header_end: usize) -> usize {
    fields
        .iter()
        .filter(|f| f.len > 0)
        .map(|f| f.offset)
        .min()
        .unwrap_or(header_end)
}

fn set_flags(msg: &mut NtlmMessage, flags: u32) {
    msg.flags = Some(flags);
    msg.flag_names = flag_names(flags);
    msg.unicode = Some(flags & FLAG_UNICODE != 0);
}

/// NEGOTIATE_MESSAGE (§2.2.1.1). Its strings are always OEM.
fn negotiate(r: &mut Reader<'_>, msg: &mut NtlmMessage) -> ReadResult<()> {
    let flags = r.u32_le()?;
    set_flags(msg, flags);
    // curl and old clients stop after the flags or the two empty fields.
    if r.is_empty() {
        return Ok(());
    }
    let domain = Field::read(r, "DomainNameFields")?;
    let workstation = Field::read(r, "WorkstationFields")?;
    msg.domain = text_field(r, domain, false, msg);
    msg.workstation = text_field(r, workstation, false, msg);
    if flags & FLAG_VERSION != 0 && payload_start(&[domain, workstation], 40) >= 40 && !r.is_empty()
    {
        version(r, msg)?;
    }
    Ok(())
}

/// CHALLENGE_MESSAGE (§2.2.1.2).
fn challenge(r: &mut Reader<'_>, msg: &mut NtlmMessage) -> ReadResult<()> {
    let target = Field::read(r, "TargetNameFields")?;
    let flags = r.u32_le()?;
    set_flags(msg, flags);
    msg.target_name = text_field(r, target, flags & FLAG_UNICODE != 0, msg);
    msg.server_challenge_hex = Some(hex(r.take(8)?));
    msg.reserved_hex = Some(hex(r.take(8)?));
    let info = Field::read(r, "TargetInfoFields")?;
    match info.bytes(r) {
        Ok(b) => {
            let mut pairs = Vec::new();
            let res = av_pairs(&mut Reader::with_base(b, info.start(r)), &mut pairs);
            msg.target_info = Some(pairs);
            if let Err(e) = res {
                msg.error.get_or_insert(e);
            }
        }
        Err(e) => {
            msg.error.get_or_insert(e);
        }
    }
    if flags & FLAG_VERSION != 0 && payload_start(&[target, info], 56) >= 56 {
        version(r, msg)?;
    }
    Ok(())
}

/// AUTHENTICATE_MESSAGE (§2.2.1.3).
fn authenticate(r: &mut Reader<'_>, msg: &mut NtlmMessage) -> ReadResult<()> {
    let lm = Field::read(r, "LmChallengeResponseFields")?;
    let nt = Field::read(r, "NtChallengeResponseFields")?;
    let domain = Field::read(r, "DomainNameFields")?;
    let user = Field::read(r, "UserNameFields")?;
    let workstation = Field::read(r, "WorkstationFields")?;
    // Lengths are known from the descriptors even when the bytes are cut.
    msg.lm_response_len = Some(lm.len);
    msg.nt_response_len = Some(nt.len);
    msg.ntlm_version = Some(match (lm.len, nt.len) {
        (0 | 1, 0) => NtlmVersion::Anonymous,
        (_, 24) => NtlmVersion::V1,
        (_, n) if n > 24 => NtlmVersion::V2,
        _ => NtlmVersion::Unknown,
    });
    let key = Field::read(r, "EncryptedRandomSessionKeyFields")?;
    msg.session_key_len = Some(key.len);
    let flags = r.u32_le()?;
    set_flags(msg, flags);
    if msg.ntlm_version == Some(NtlmVersion::V1) && flags & FLAG_EXTENDED_SESSION_SECURITY != 0 {
        msg.ntlm_version = Some(NtlmVersion::V1Ess);
    }
    let unicode = flags & FLAG_UNICODE != 0;
    msg.domain = text_field(r, domain, unicode, msg);
    msg.user = text_field(r, user, unicode, msg);
    msg.workstation = text_field(r, workstation, unicode, msg);
    if msg.ntlm_version == Some(NtlmVersion::V2) {
        match nt.bytes(r) {
            Ok(b) => ntlmv2_response(b, nt.start(r), msg),
            Err(e) => {
                msg.error.get_or_insert(e);
            }
        }
    }
    let start = payload_start(&[lm, nt, domain, user, workstation, key], 64);
    if flags & FLAG_VERSION != 0 && start >= 72 {
        version(r, msg)?;
    }
    if start >= 88 {
        r.seek(72)?;
        r.take(16)?;
        msg.mic_present = Some(true);
    } else {
        msg.mic_present = Some(false);
    }
    Ok(())
}

/// The NTLMv2 response: 16-byte NTProofStr, then NTLMv2_CLIENT_CHALLENGE
/// (§2.2.2.7) whose AV pairs start 28 bytes in.
fn ntlmv2_response(bytes: &[u8], base: usize, msg: &mut NtlmMessage) {
    let mut r = Reader::with_base(bytes, base);
    let mut pairs = Vec::new();
    let res = r.seek(16 + 28).and_then(|()| {
        let rest = r.rest();
        av_pairs(&mut Reader::with_base(rest, base + 44), &mut pairs)
    });
    msg.channel_bindings = Some(ChannelBindings::Absent);
    for pair in &pairs {
        match pair.id {
            9 => msg.target_spn = Some(pair.value.clone()),
            10 => {
                msg.channel_bindings = Some(if pair.value == "all zero" {
                    ChannelBindings::Zero
                } else {
                    ChannelBindings::Present
                });
            }
            _ => {}
        }
    }
    msg.ntlmv2_info = Some(pairs);
    if let Err(e) = res {
        msg.error.get_or_insert(e);
    }
}

/// AV pairs up to `MsvAvEOL` (§2.2.2.1); values of names are UTF-16LE.
fn av_pairs(r: &mut Reader<'_>, out: &mut Vec<AvPair>) -> ReadResult<()> {
    loop {
        let id = r.u16_le()?;
        let len = usize::from(r.u16_le()?);
        let value = r.take(len)?;
        let shown = match id {
            0 => String::new(),
            1..=5 | 9 => utf16le(value),
            6 => match *value {
                [a, b, c, d] => {
                    let f = u32::from_le_bytes([a, b, c, d]);
                    let mut names = Vec::new();
                    if f & 1 != 0 {
                        names.push("account authentication constrained");
                    }
                    if f & 2 != 0 {
                        names.push("MIC provided");
                    }
                    if f & 4 != 0 {
                        names.push("SPN from untrusted source");
                    }
                    format!("0x{f:08x} {}", names.join(", "))
                        .trim_end()
                        .to_owned()
                }
                _ => format!("<{len} bytes>"),
            },
            7 => match *value {
                [a, b, c, d, e, f, g, h] => filetime(u64::from_le_bytes([a, b, c, d, e, f, g, h])),
                _ => format!("<{len} bytes>"),
            },
            10 if value.iter().all(|&b| b == 0) => "all zero".to_owned(),
            10 => hex(value),
            _ => format!("<{len} bytes>"),
        };
        out.push(AvPair { id, value: shown });
        if id == 0 {
            return Ok(());
        }
    }
}

/// A Windows FILETIME (100 ns since 1601) as RFC 3339.
fn filetime(ticks: u64) -> String {
    const EPOCH_DIFF: i64 = 11_644_473_600;
    let secs = i64::try_from(ticks / 10_000_000).unwrap_or(i64::MAX) - EPOCH_DIFF;
    crate::time::format_rfc3339(secs)
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::type_complexity
    )]
    use super::*;
    use base64::Engine as _;

    fn b64(s: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD.decode(s).unwrap()
    }

    #[test]
    fn flags_table() {
        let cases: &[(u32, &[&str])] = &[
            (
                0x0000_8206,
                &[
                    "NEGOTIATE_OEM",
                    "REQUEST_TARGET",
                    "NEGOTIATE_NTLM",
                    "NEGOTIATE_ALWAYS_SIGN",
                ],
            ),
            (0x8000_0001, &["NEGOTIATE_UNICODE", "NEGOTIATE_56"]),
            (0x1000_0008, &["RESERVED_R10", "RESERVED_R1"]),
            (0, &[]),
        ];
        for &(flags, want) in cases {
            assert_eq!(flag_names(flags), want, "{flags:#x}");
        }
    }

    #[test]
    fn messages_table() {
        // (base64, type, user, domain, workstation, version)
        let cases: &[(
            &str,
            u32,
            Option<&str>,
            Option<&str>,
            Option<&str>,
            Option<&str>,
        )] = &[
            (
                "TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=",
                1,
                None,
                Some(""),
                Some(""),
                None,
            ),
            (
                "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAPRlAAAADw==",
                1,
                None,
                Some(""),
                Some(""),
                Some("10.0 build 26100 (NTLM revision 15)"),
            ),
            (
                "TlRMTVNTUAABAAAAB7IIogYABgAyAAAACgAKACgAAAAGAbEdAAAAD0RBUk9WU0tJSEFERVBUMDc=",
                1,
                None,
                Some("DEPT07"),
                Some("DAROVSKIHA"),
                Some("6.1 build 7601 (NTLM revision 15)"),
            ),
        ];
        for &(token, ty, user, domain, ws, ver) in cases {
            let m = decode_ntlm(&b64(token)).unwrap();
            assert_eq!(m.message_type, ty, "{token}");
            assert_eq!(m.user.as_deref(), user, "{token}");
            assert_eq!(m.domain.as_deref(), domain, "{token}");
            assert_eq!(m.workstation.as_deref(), ws, "{token}");
            assert_eq!(m.version.as_deref(), ver, "{token}");
            assert_eq!(m.error, None, "{token}");
        }
    }

    #[test]
    fn rejects_what_is_not_ntlm() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "unexpected_end"),
            (b"NTLMSSP", "unexpected_end"),
            (b"NTLMSSX\0\x01\0\0\0", "bad_signature"),
            (b"NTLMSSP\0\x04\0\0\0", "unknown_message_type"),
        ];
        for &(input, kind) in cases {
            assert_eq!(decode_ntlm(input).unwrap_err().kind.name(), kind);
        }
    }

    /// A type 3 built by hand: Unicode strings, NTLMv2 with channel
    /// bindings and a target SPN, a MIC, and a session key.
    pub(crate) fn type3(cbt: [u8; 16]) -> Vec<u8> {
        let u16s = |s: &str| {
            s.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>()
        };
        let mut av = Vec::new();
        let mut push = |id: u16, v: &[u8]| {
            av.extend_from_slice(&id.to_le_bytes());
            av.extend_from_slice(&u16::try_from(v.len()).unwrap().to_le_bytes());
            av.extend_from_slice(v);
        };
        push(2, &u16s("CORP"));
        push(6, &2u32.to_le_bytes());
        push(10, &cbt);
        push(9, &u16s("HTTP/web.corp.example"));
        push(0, &[]);
        let mut nt = vec![0xaa; 16]; // NTProofStr
        nt.extend_from_slice(&[1, 1, 0, 0, 0, 0, 0, 0]);
        nt.extend_from_slice(&[0; 8]); // timestamp
        nt.extend_from_slice(&[0xbb; 8]); // client challenge
        nt.extend_from_slice(&[0; 4]);
        nt.extend_from_slice(&av);
        nt.extend_from_slice(&[0; 4]);
        let payload: Vec<(Vec<u8>, &str)> = vec![
            (vec![0; 24], "lm"),
            (nt, "nt"),
            (u16s("CORP"), "domain"),
            (u16s("alice"), "user"),
            (u16s("PC1"), "ws"),
            (vec![0xcc; 16], "key"),
        ];
        let mut head = b"NTLMSSP\0\x03\0\0\0".to_vec();
        let mut body = Vec::new();
        let mut off = 88usize;
        for (bytes, _) in &payload {
            let len = u16::try_from(bytes.len()).unwrap();
            head.extend_from_slice(&len.to_le_bytes());
            head.extend_from_slice(&len.to_le_bytes());
            head.extend_from_slice(&u32::try_from(off).unwrap().to_le_bytes());
            off += bytes.len();
            body.extend_from_slice(bytes);
        }
        head.extend_from_slice(&0xa288_8215u32.to_le_bytes());
        head.extend_from_slice(&[10, 0, 0x61, 0x4a, 0, 0, 0, 15]);
        head.extend_from_slice(&[0xdd; 16]); // MIC
        head.extend_from_slice(&body);
        head
    }

    #[test]
    fn type3_ntlmv2_details() {
        let m = decode_ntlm(&type3([7; 16])).unwrap();
        assert_eq!(m.error, None);
        assert_eq!(m.user.as_deref(), Some("alice"));
        assert_eq!(m.domain.as_deref(), Some("CORP"));
        assert_eq!(m.workstation.as_deref(), Some("PC1"));
        assert_eq!(m.ntlm_version, Some(NtlmVersion::V2));
        assert_eq!(m.session_key_len, Some(16));
        assert_eq!(m.mic_present, Some(true));
        assert_eq!(m.channel_bindings, Some(ChannelBindings::Present));
        assert_eq!(m.target_spn.as_deref(), Some("HTTP/web.corp.example"));
        assert_eq!(
            m.version.as_deref(),
            Some("10.0 build 19041 (NTLM revision 15)")
        );
        let json = serde_json::to_string(&m).unwrap();
        // Secrets by length only: the NTProofStr, session key and MIC bytes
        // never appear.
        for secret in ["aaaa", "cccc", "dddd"] {
            assert!(!json.contains(secret), "{json}");
        }
        let zero = decode_ntlm(&type3([0; 16])).unwrap();
        assert_eq!(zero.channel_bindings, Some(ChannelBindings::Zero));
    }

    #[test]
    fn cut_type3_keeps_what_is_there() {
        let full = type3([7; 16]);
        let m = decode_ntlm(&full[..100]).unwrap();
        assert_eq!(
            m.nt_response_len,
            Some(full.len() - 88 - 24 - 8 - 10 - 6 - 16)
        );
        assert_eq!(m.ntlm_version, Some(NtlmVersion::V2));
        let e = m.error.expect("cut");
        assert_eq!(e.kind.name(), "out_of_bounds");
        assert!(e.offset < 64, "points at a descriptor: {e}");
    }
}
