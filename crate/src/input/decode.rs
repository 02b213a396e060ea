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
}

/// Decoded input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; borrowed when the input was UTF-8 already.
    pub text: Cow<'a, str>,
    /// How it was decoded.
    pub encoding: Encoding,
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
        }
    }
}

/// Decodes `input` into text. Never fails: unpaired UTF-16 surrogates become
/// U+FFFD, and bytes that are not UTF-8 are read as Latin-1 (every byte is a
/// valid Latin-1 character, and header bytes on the wire often are Latin-1).
#[must_use]
pub fn decode(input: &[u8]) -> Decoded<'_> {
    if let Some(rest) = input.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Decoded {
                text: Cow::Borrowed(text),
                encoding: Encoding::Utf8Bom,
            },
            Err(_) => Decoded {
                text: Cow::Owned(latin1(rest)),
                encoding: Encoding::Latin1,
            },
        };
    }
    if let Some(rest) = input.strip_prefix(b"\xFF\xFE") {
        return Decoded {
            text: Cow::Owned(utf16(rest, u16::from_le_bytes)),
            encoding: Encoding::Utf16Le,
        };
    }
    if let Some(rest) = input.strip_prefix(b"\xFE\xFF") {
        return Decoded {
            text: Cow::Owned(utf16(rest, u16::from_be_bytes)),
            encoding: Encoding::Utf16Be,
        };
    }
    match std::str::from_utf8(input) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
        },
        Err(_) => Decoded {
            text: Cow::Owned(latin1(input)),
            encoding: Encoding::Latin1,
        },
    }
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
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
        ];
        for (input, text, encoding) in cases {
            let decoded = decode(input);
            assert_eq!(decoded.text, *text, "{input:?}");
            assert_eq!(decoded.encoding, *encoding, "{input:?}");
        }
    }
}
