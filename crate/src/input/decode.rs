//! Bytes to text. People paste UTF-8, Windows tools save UTF-16 with a BOM,
//! and header bytes on the wire may be Latin-1: every input becomes text
//! without failing, and the report says which decoding was used.

use std::borrow::Cow;

/// The decoding that was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, no BOM.
    Utf8,
    /// UTF-8 with a BOM (dropped).
    Utf8Bom,
    /// UTF-16 little-endian with a BOM.
    Utf16Le,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
    /// Not valid UTF-8: each byte read as ISO-8859-1.
    Latin1,
    /// UTF-8 with some bytes that are not (a cut or a binary splice): the
    /// valid runs read as UTF-8, each stray byte as ISO-8859-1, so one bad
    /// byte does not turn every `ü` of the paste into `Ã¼`.
    MixedUtf8,
    /// UTF-16 little-endian without a BOM (recognised by its zero bytes).
    Utf16LeNoBom,
    /// UTF-16 big-endian without a BOM.
    Utf16BeNoBom,
}

/// Decoded input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; borrowed when the input was UTF-8 already.
    pub text: Cow<'a, str>,
    /// How it was decoded.
    pub encoding: Encoding,
    /// Byte offset in `text` of the first character that was not valid in
    /// the input's encoding, where the report's note points.
    pub first_invalid: Option<usize>,
}

impl Decoded<'_> {
    /// A note for the report when the decoding is worth telling.
    #[must_use]
    pub fn note(&self) -> Option<String> {
        match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => None,
            Encoding::Utf16Le => Some("input is UTF-16 (little-endian); read as text".into()),
            Encoding::Utf16Be => Some("input is UTF-16 (big-endian); read as text".into()),
            Encoding::Latin1 => {
                Some("input is not valid UTF-8; bytes read as ISO-8859-1 (Latin-1)".into())
            }
            Encoding::MixedUtf8 => Some(
                "input is UTF-8 with bytes that are not (the first here); those bytes read as ISO-8859-1 (Latin-1)"
                    .into(),
            ),
            Encoding::Utf16LeNoBom => {
                Some("input looks like UTF-16 (little-endian) without a BOM; read as text".into())
            }
            Encoding::Utf16BeNoBom => {
                Some("input looks like UTF-16 (big-endian) without a BOM; read as text".into())
            }
        }
    }
}

/// Decodes `input` into text. Never fails: unpaired UTF-16 surrogates become
/// U+FFFD, and bytes that are not UTF-8 are read as Latin-1 (every byte is a
/// valid Latin-1 character, and header bytes on the wire often are Latin-1).
#[must_use]
pub fn decode(input: &[u8]) -> Decoded<'_> {
    let owned = |text: String, encoding| Decoded {
        text: Cow::Owned(text),
        encoding,
        first_invalid: None,
    };
    if let Some(rest) = input.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Decoded {
                text: Cow::Borrowed(text),
                encoding: Encoding::Utf8Bom,
                first_invalid: None,
            },
            Err(_) => not_utf8(rest),
        };
    }
    if let Some(rest) = input.strip_prefix(b"\xFF\xFE") {
        return owned(utf16(rest, u16::from_le_bytes), Encoding::Utf16Le);
    }
    if let Some(rest) = input.strip_prefix(b"\xFE\xFF") {
        return owned(utf16(rest, u16::from_be_bytes), Encoding::Utf16Be);
    }
    // ASCII in UTF-16 is valid UTF-8 too (NUL is a character): the zero
    // bytes decide first.
    let head = input.get(..input.len().min(4096)).unwrap_or(input);
    if head.contains(&0) {
        match utf16_without_bom(input) {
            Some(encoding @ Encoding::Utf16LeNoBom) => {
                return owned(utf16(input, u16::from_le_bytes), encoding)
            }
            Some(encoding) => return owned(utf16(input, u16::from_be_bytes), encoding),
            None => {}
        }
    }
    match std::str::from_utf8(input) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
            first_invalid: None,
        },
        Err(_) => not_utf8(input),
    }
}

/// Text of ASCII in UTF-16 has a zero in every other byte: on the odd
/// bytes for little-endian, the even ones for big-endian. Nine in ten
/// zeros on one side and almost none on the other is not an accident.
fn utf16_without_bom(input: &[u8]) -> Option<Encoding> {
    if input.len() < 8 {
        return None;
    }
    let sample = input.get(..input.len().min(4096) & !1)?;
    let pairs = sample.len() / 2;
    let zeros = |side: usize| {
        sample
            .iter()
            .skip(side)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 9 && even * 10 <= pairs {
        Some(Encoding::Utf16LeNoBom)
    } else if even * 10 >= pairs * 9 && odd * 10 <= pairs {
        Some(Encoding::Utf16BeNoBom)
    } else {
        None
    }
}

/// Bytes that are not UTF-8: valid runs kept, each stray byte read as
/// Latin-1. All-stray input (a Latin-1 paste) is plain Latin-1.
fn not_utf8(bytes: &[u8]) -> Decoded<'_> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut first_invalid = None;
    let mut multibyte = false;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        multibyte |= !valid.is_ascii();
        text.push_str(valid);
        if !chunk.invalid().is_empty() && first_invalid.is_none() {
            first_invalid = Some(text.len());
        }
        text.extend(chunk.invalid().iter().map(|&b| char::from(b)));
    }
    Decoded {
        text: Cow::Owned(text),
        encoding: if multibyte {
            Encoding::MixedUtf8
        } else {
            Encoding::Latin1
        },
        first_invalid,
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    // A trailing odd byte cannot be a code unit; it is dropped.
    let units = bytes.chunks_exact(2).map(|pair| {
        unit([
            pair.first().copied().unwrap_or(0),
            pair.get(1).copied().unwrap_or(0),
        ])
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        let cases: &[(&[u8], &str, Encoding)] = &[
            (b"HTTP/1.1 401", "HTTP/1.1 401", Encoding::Utf8),
            (b"\xEF\xBB\xBFHTTP", "HTTP", Encoding::Utf8Bom),
            (b"\xFF\xFEH\x00i\x00", "Hi", Encoding::Utf16Le),
            (b"\xFE\xFF\x00H\x00i", "Hi", Encoding::Utf16Be),
            (
                b"realm=\"M\xFCnchen\"",
                "realm=\"München\"",
                Encoding::Latin1,
            ),
            (b"\xFF\xFE\x00\xD8", "\u{FFFD}", Encoding::Utf16Le),
            (b"\xFF\xFEH\x00i", "H", Encoding::Utf16Le),
            (
                b"realm=\"Z\xC3\xBCrich \xFF\"",
                "realm=\"Z\u{fc}rich \u{ff}\"",
                Encoding::MixedUtf8,
            ),
            (
                b"H\x00T\x00T\x00P\x00/\x001\x00\xe9\x00",
                "HTTP/1\u{e9}",
                Encoding::Utf16LeNoBom,
            ),
            (
                b"\x00H\x00T\x00T\x00P\x00/\x001",
                "HTTP/1",
                Encoding::Utf16BeNoBom,
            ),
        ];
        for (input, text, encoding) in cases {
            let decoded = decode(input);
            assert_eq!(decoded.text, *text, "{input:?}");
            assert_eq!(decoded.encoding, *encoding, "{input:?}");
        }
    }
}
