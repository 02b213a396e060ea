//! A bounds-checked cursor over the bytes of a binary token (NTLM messages,
//! SPNEGO/Kerberos DER), and the located error every binary decoder returns.
//!
//! Pasted tokens are hostile or, far more often, cut short; so every read
//! returns a `Result` carrying the absolute byte offset where it failed, and
//! nothing here indexes a slice directly. DER support is the small subset the
//! Negotiate decoders need (definite lengths, low tag numbers): a general ASN.1
//! crate would cost wasm size for features no HTTP token uses.

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine as _};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// What went wrong while decoding a binary or structured token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A read needed more bytes than remain.
    UnexpectedEnd {
        /// Bytes the read wanted.
        needed: usize,
        /// Bytes that were left.
        available: usize,
    },
    /// An offset/length field points outside the message.
    OutOfBounds {
        /// Which field holds the bad pointer.
        field: &'static str,
        /// Where the field says its data starts.
        start: usize,
        /// How long the field says its data is.
        len: usize,
        /// How long the message really is.
        buffer_len: usize,
    },
    /// The bytes do not start with the signature the format requires.
    BadSignature,
    /// A message type number the decoder does not know.
    UnknownMessageType(u32),
    /// A DER element with another tag than the structure requires here.
    UnexpectedTag {
        /// The tag the structure requires.
        expected: u8,
        /// The tag found.
        found: u8,
    },
    /// A DER length that is indefinite, too long, or a high tag number.
    BadLength,
    /// A structure declares more bytes than the token holds: the token was
    /// cut (a common fate of pasted tokens). The error's offset is where
    /// the bytes end.
    Truncated {
        /// Where the cut structure starts.
        structure: usize,
        /// Where the structure says it ends.
        declared_end: usize,
    },
    /// Text that is not base64 (or base64url) at this offset.
    NotBase64,
    /// Anything else, with a short reason.
    Invalid(&'static str),
}

impl ErrorKind {
    /// A stable snake-case name for JSON output and tests.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Self::UnexpectedEnd { .. } => "unexpected_end",
            Self::OutOfBounds { .. } => "out_of_bounds",
            Self::BadSignature => "bad_signature",
            Self::UnknownMessageType(_) => "unknown_message_type",
            Self::UnexpectedTag { .. } => "unexpected_tag",
            Self::BadLength => "bad_length",
            Self::Truncated { .. } => "truncated",
            Self::NotBase64 => "not_base64",
            Self::Invalid(_) => "invalid",
        }
    }
}

/// A decoding failure and the byte offset (into the decoded bytes, or into
/// the text for base64/JSON problems) where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset of the failure.
    pub offset: usize,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl DecodeError {
    /// An error of `kind` at `offset`.
    #[must_use]
    pub const fn new(offset: usize, kind: ErrorKind) -> Self {
        Self { offset, kind }
    }

    /// An [`ErrorKind::Invalid`] error at `offset`.
    #[must_use]
    pub const fn invalid(offset: usize, reason: &'static str) -> Self {
        Self::new(offset, ErrorKind::Invalid(reason))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::UnexpectedEnd { needed, available } => write!(
                f,
                "token ends at byte {}: needed {needed} more bytes, {available} left",
                self.offset + available
            ),
            ErrorKind::OutOfBounds {
                field,
                start,
                len,
                buffer_len,
            } => write!(
                f,
                "{field} (described at byte {}) points to bytes {start}..{} but the message has {buffer_len}",
                self.offset,
                start.saturating_add(*len)
            ),
            ErrorKind::BadSignature => write!(f, "byte {}: missing format signature", self.offset),
            ErrorKind::UnknownMessageType(t) => {
                write!(f, "byte {}: unknown message type {t}", self.offset)
            }
            ErrorKind::UnexpectedTag { expected, found } => write!(
                f,
                "byte {}: expected DER tag 0x{expected:02x}, found 0x{found:02x}",
                self.offset
            ),
            ErrorKind::BadLength => write!(f, "byte {}: unsupported DER length or tag", self.offset),
            ErrorKind::Truncated {
                structure,
                declared_end,
            } => write!(
                f,
                "token cut at byte {}: the DER element at byte {structure} runs to byte {declared_end}",
                self.offset
            ),
            ErrorKind::NotBase64 => write!(f, "character {}: not base64", self.offset),
            ErrorKind::Invalid(reason) => write!(f, "byte {}: {reason}", self.offset),
        }
    }
}

impl std::error::Error for DecodeError {}

impl Serialize for DecodeError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("DecodeError", 3)?;
        s.serialize_field("offset", &self.offset)?;
        s.serialize_field("kind", self.kind.name())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// Result of one read.
pub type ReadResult<T> = Result<T, DecodeError>;

/// A cursor over `data`; offsets in errors are absolute (`base` + position),
/// so a sub-reader over a nested field still reports positions in the token.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    #[must_use]
    pub const fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            pos: 0,
            base: 0,
        }
    }

    /// A reader over `data`, which starts at absolute offset `base` of the
    /// token.
    #[must_use]
    pub const fn with_base(data: &'a [u8], base: usize) -> Self {
        Self { data, pos: 0, base }
    }

    /// Absolute offset of the next byte.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Bytes not yet read.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// Whether every byte was read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The whole underlying slice.
    #[must_use]
    pub const fn data(&self) -> &'a [u8] {
        self.data
    }

    fn end_error(&self, needed: usize) -> DecodeError {
        DecodeError::new(
            self.offset(),
            ErrorKind::UnexpectedEnd {
                needed,
                available: self.remaining(),
            },
        )
    }

    /// The next `n` bytes.
    ///
    /// # Errors
    /// [`ErrorKind::UnexpectedEnd`] when fewer than `n` bytes remain.
    pub fn take(&mut self, n: usize) -> ReadResult<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.end_error(n))?;
        let bytes = self
            .data
            .get(self.pos..end)
            .ok_or_else(|| self.end_error(n))?;
        self.pos = end;
        Ok(bytes)
    }

    /// Everything not yet read (possibly empty).
    pub fn rest(&mut self) -> &'a [u8] {
        let bytes = self.data.get(self.pos..).unwrap_or_default();
        self.pos = self.data.len();
        bytes
    }

    /// Moves to `pos` (relative to this reader's start).
    ///
    /// # Errors
    /// [`ErrorKind::UnexpectedEnd`] when `pos` lies past the end.
    pub fn seek(&mut self, pos: usize) -> ReadResult<()> {
        if pos > self.data.len() {
            return Err(DecodeError::new(
                self.base + self.data.len(),
                ErrorKind::UnexpectedEnd {
                    needed: pos - self.data.len(),
                    available: 0,
                },
            ));
        }
        self.pos = pos;
        Ok(())
    }

    /// One byte.
    ///
    /// # Errors
    /// [`ErrorKind::UnexpectedEnd`] at the end of the data.
    pub fn u8(&mut self) -> ReadResult<u8> {
        match self.take(1)? {
            [b] => Ok(*b),
            _ => Err(self.end_error(1)),
        }
    }

    /// The next byte, without consuming it.
    #[must_use]
    pub fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// A little-endian `u16`.
    ///
    /// # Errors
    /// [`ErrorKind::UnexpectedEnd`] when fewer than 2 bytes remain.
    pub fn u16_le(&mut self) -> ReadResult<u16> {
        let mut b = [0u8; 2];
        b.copy_from_slice(self.take(2)?);
        Ok(u16::from_le_bytes(b))
    }

    /// A little-endian `u32`.
    ///
    /// # Errors
    /// [`ErrorKind::UnexpectedEnd`] when fewer than 4 bytes remain.
    pub fn u32_le(&mut self) -> ReadResult<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    /// A little-endian `u64`.
    ///
    /// # Errors
    /// [`ErrorKind::UnexpectedEnd`] when fewer than 8 bytes remain.
    pub fn u64_le(&mut self) -> ReadResult<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    /// `len` bytes at `start` (relative to this reader's start) without
    /// moving the cursor: the offset/length pointers of NTLM payload fields.
    /// `field` names the pointer and `described_at` is where it was read, so
    /// the error points at the bad pointer, not at the missing bytes.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfBounds`] when the range leaves the data.
    pub fn slice_at(
        &self,
        start: usize,
        len: usize,
        field: &'static str,
        described_at: usize,
    ) -> ReadResult<&'a [u8]> {
        start
            .checked_add(len)
            .and_then(|end| self.data.get(start..end))
            .ok_or(DecodeError::new(
                described_at,
                ErrorKind::OutOfBounds {
                    field,
                    start,
                    len,
                    buffer_len: self.data.len(),
                },
            ))
    }

    /// One DER element. A length running past the end is clamped to what is
    /// there (see [`Tlv::declared_len`]), so a cut token still yields its
    /// leading fields; later reads inside it then fail at the cut.
    ///
    /// # Errors
    /// [`ErrorKind::UnexpectedEnd`] inside the tag or length octets,
    /// [`ErrorKind::BadLength`] for indefinite or over-long lengths and
    /// high tag numbers.
    pub fn der(&mut self) -> ReadResult<Tlv<'a>> {
        let offset = self.offset();
        let tag = self.u8()?;
        if tag & 0x1f == 0x1f {
            return Err(DecodeError::new(offset, ErrorKind::BadLength));
        }
        let first = self.u8()?;
        let declared_len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 {
                return Err(DecodeError::new(offset, ErrorKind::BadLength));
            }
            let mut len = 0usize;
            for &b in self.take(count)? {
                len = (len << 8) | usize::from(b);
            }
            len
        };
        let value_offset = self.offset();
        let available = declared_len.min(self.remaining());
        let value = self.take(available)?;
        Ok(Tlv {
            tag,
            offset,
            value_offset,
            declared_len,
            value,
        })
    }

    /// One DER element that must carry `tag`.
    ///
    /// # Errors
    /// As [`Reader::der`], plus [`ErrorKind::UnexpectedTag`].
    pub fn der_expect(&mut self, tag: u8) -> ReadResult<Tlv<'a>> {
        let at = self.offset();
        match self.peek() {
            Some(found) if found != tag => Err(DecodeError::new(
                at,
                ErrorKind::UnexpectedTag {
                    expected: tag,
                    found,
                },
            )),
            _ => self.der(),
        }
    }

    /// The next DER element if it carries `tag` (an OPTIONAL field).
    ///
    /// # Errors
    /// As [`Reader::der`].
    pub fn der_optional(&mut self, tag: u8) -> ReadResult<Option<Tlv<'a>>> {
        if self.peek() == Some(tag) {
            self.der().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// One DER tag-length-value element.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    /// The identifier octet.
    pub tag: u8,
    /// Absolute offset of the tag.
    pub offset: usize,
    /// Absolute offset of the first value byte.
    pub value_offset: usize,
    /// The length the element declares.
    pub declared_len: usize,
    /// The value bytes present (fewer than declared when cut).
    pub value: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A reader over the value, reporting absolute offsets.
    #[must_use]
    pub const fn reader(&self) -> Reader<'a> {
        Reader::with_base(self.value, self.value_offset)
    }

    /// Whether the token ends before this element does.
    #[must_use]
    pub fn is_cut(&self) -> bool {
        self.value.len() < self.declared_len
    }

    /// The truncation error for a cut element, if it is cut.
    #[must_use]
    pub fn cut_error(&self) -> Option<DecodeError> {
        self.is_cut().then(|| {
            DecodeError::new(
                self.value_offset + self.value.len(),
                ErrorKind::Truncated {
                    structure: self.offset,
                    declared_end: self.value_offset.saturating_add(self.declared_len),
                },
            )
        })
    }

    /// The value as a DER INTEGER that fits an `i64`.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`] when empty or wider than 8 bytes.
    pub fn integer(&self) -> ReadResult<i64> {
        if self.value.is_empty() || self.value.len() > 8 || self.is_cut() {
            return Err(DecodeError::invalid(
                self.offset,
                "INTEGER empty, cut or too wide",
            ));
        }
        let negative = self.value.first().is_some_and(|b| b & 0x80 != 0);
        let mut v: i64 = if negative { -1 } else { 0 };
        for &b in self.value {
            v = (v << 8) | i64::from(b);
        }
        Ok(v)
    }

    /// The value as a dotted OBJECT IDENTIFIER (`1.3.6.1.5.5.2`).
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`] for an empty, cut or over-long arc.
    pub fn oid(&self) -> ReadResult<String> {
        oid_to_string(self.value)
            .filter(|_| !self.is_cut())
            .ok_or(DecodeError::invalid(
                self.offset,
                "malformed OBJECT IDENTIFIER",
            ))
    }

    /// The value as text (GeneralString, IA5String…), invalid UTF-8
    /// replaced.
    #[must_use]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.value).into_owned()
    }
}

/// Dotted form of DER OID content octets, or `None` if malformed.
#[must_use]
pub fn oid_to_string(bytes: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    let mut in_arc = false;
    for &b in bytes {
        if acc > (u64::MAX >> 7) {
            return None;
        }
        acc = (acc << 7) | u64::from(b & 0x7f);
        in_arc = b & 0x80 != 0;
        if !in_arc {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    if in_arc || arcs.is_empty() {
        return None;
    }
    Some(
        arcs.iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// Lowercase hex of `bytes`.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Both alphabets accepted: pasted Negotiate tokens are standard base64,
/// JWT parts base64url, and people mix them up; padding is optional because
/// JWTs omit it and cut tokens lose it.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes base64 or base64url text, as much of it as is there: a token cut
/// or elided (`…`, `...`) mid-paste decodes up to the cut, and the second
/// value says at which character of `text` decoding stopped.
///
/// Surrounding whitespace is ignored, and so are line breaks inside the
/// token (wrapped pastes).
#[must_use]
pub fn base64_prefix(text: &str) -> (Vec<u8>, Option<DecodeError>) {
    let mut clean = String::with_capacity(text.len());
    let mut stop = None;
    let mut seen_pad = false;
    for (i, c) in text.trim().char_indices() {
        let c = match c {
            '-' => '+',
            '_' => '/',
            ' ' | '\t' | '\r' | '\n' => continue,
            c => c,
        };
        if c == '=' {
            seen_pad = true;
            continue;
        }
        if seen_pad || !(c.is_ascii_alphanumeric() || c == '+' || c == '/') {
            let lead = text.len() - text.trim_start().len();
            stop = Some(DecodeError::new(lead + i, ErrorKind::NotBase64));
            break;
        }
        clean.push(c);
    }
    // A lone trailing sextet cannot form a byte: drop it rather than fail.
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    match LENIENT.decode(clean.as_bytes()) {
        Ok(bytes) => (bytes, stop),
        Err(_) => (Vec::new(), Some(DecodeError::new(0, ErrorKind::NotBase64))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn reads_little_endian_and_reports_offsets() {
        let mut r = Reader::new(&[1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(r.u8().unwrap(), 1);
        assert_eq!(r.u16_le().unwrap(), 0x0302);
        assert_eq!(r.take(5).unwrap_err().offset, 3);
        assert_eq!(r.take(4).unwrap(), &[4, 5, 6, 7]);
        assert!(r.is_empty());
        assert!(r.seek(8).is_err());
        r.seek(1).unwrap();
        assert_eq!(r.u32_le().unwrap(), 0x0504_0302);
    }

    #[test]
    fn slice_at_points_at_the_descriptor() {
        let r = Reader::new(&[0; 10]);
        let e = r.slice_at(8, 4, "UserName", 36).unwrap_err();
        assert_eq!(e.offset, 36);
        assert_eq!(r.slice_at(usize::MAX, 4, "x", 1).unwrap_err().offset, 1);
    }

    #[test]
    fn der_table() {
        // (input, tag, declared length, present length)
        let cases: &[(&[u8], u8, usize, usize)] = &[
            (&[0x02, 0x01, 0x05], 0x02, 1, 1),
            (&[0x04, 0x81, 0x80], 0x04, 128, 0),
            (&[0x30, 0x82, 0x01, 0x00, 1, 2], 0x30, 256, 2),
        ];
        for &(input, tag, declared, present) in cases {
            let t = Reader::new(input).der().unwrap();
            assert_eq!(
                (t.tag, t.declared_len, t.value.len()),
                (tag, declared, present)
            );
        }
        assert_eq!(
            Reader::new(&[0x30, 0x80]).der().unwrap_err().kind,
            ErrorKind::BadLength
        );
        assert_eq!(
            Reader::new(&[0x1f, 0x01]).der().unwrap_err().kind,
            ErrorKind::BadLength
        );
        assert!(Reader::new(&[0x30]).der().is_err());
    }

    #[test]
    fn integers_and_oids() {
        let int = |b: &[u8]| Reader::new(b).der().unwrap().integer().unwrap();
        assert_eq!(int(&[0x02, 0x01, 0x12]), 18);
        assert_eq!(int(&[0x02, 0x01, 0xff]), -1);
        assert_eq!(int(&[0x02, 0x02, 0x00, 0x80]), 128);
        let cases: &[(&[u8], &str)] = &[
            (&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x02], "1.3.6.1.5.5.2"),
            (
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02],
                "1.2.840.113554.1.2.2",
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(oid_to_string(bytes).unwrap(), *want);
        }
        assert_eq!(oid_to_string(&[0x86]), None);
    }

    #[test]
    fn base64_prefix_table() {
        // (input, decoded, where it stopped)
        let cases: &[(&str, &[u8], Option<usize>)] = &[
            ("TlRMTVNTUAA=", b"NTLMSSP\0", None),
            ("TlRMTVNTUAA", b"NTLMSSP\0", None),
            ("TlRM\nTVNT", b"NTLMSS", None),
            ("TlRMTVNTUAA...AAAA=", b"NTLMSSP\0", Some(11)),
            ("TlRMT…", b"NTL", Some(5)),
            ("-_-_", &[0xfb, 0xff, 0xbf], None),
        ];
        for &(input, want, stop) in cases {
            let (bytes, err) = base64_prefix(input);
            assert_eq!(bytes, want, "{input}");
            assert_eq!(err.map(|e| e.offset), stop, "{input}");
        }
    }
}
