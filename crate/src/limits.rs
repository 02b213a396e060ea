//! Bounds on what one input may cost. A paste or HAR may come from a
//! stranger, and the page must answer within seconds whatever it holds; no
//! real capture comes near these figures (servers refuse header blocks past
//! 8–64 KiB), so hitting one means the input is broken or hostile, and the
//! report says so in a warning instead of freezing the tab.
//!
//! Limits enforced elsewhere, listed here so they are found in one place:
//! HAR nesting deeper than 512 levels is refused and body texts are kept up
//! to 16 KiB (`har::scan`); a `Set-Cookie` name-value pair is read up to
//! 4096 bytes and an attribute value up to 1024 (`parse::set_cookie`);
//! warnings are listed up to a few dozen and then counted.

use crate::input::{Read, Warning};
use crate::model::Header;

/// A pasted line longer than this is read only up to here.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// A header value longer than this (in any format) is cut here.
pub const MAX_HEADER_VALUE_BYTES: usize = 1 << 20;
/// A message with more headers than this keeps only the first ones.
pub const MAX_HEADERS_PER_MESSAGE: usize = 10_000;

/// The longest prefix of `text` that fits in `max` bytes and ends on a
/// char boundary.
#[must_use]
pub fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

fn mib(bytes: usize) -> String {
    // Integer tenths: float formatting would cost the wasm 14 KB.
    let tenths = bytes.saturating_mul(10) >> 20;
    format!("{}.{} MiB", tenths / 10, tenths % 10)
}

/// Applies the header limits to everything read, with one warning per
/// message that hit one.
pub(crate) fn bound(read: &mut Read) {
    let mut notes = Vec::new();
    for exchange in &mut read.exchanges {
        let index = exchange.entry_index;
        let sides = [
            ("request", exchange.request.as_mut().map(|r| &mut r.headers)),
            (
                "response",
                exchange.response.as_mut().map(|r| &mut r.headers),
            ),
        ];
        for (side, headers) in sides {
            let Some(headers) = headers else { continue };
            bound_headers(headers, &mut |what| {
                notes.push(format!("message {index}, {side}: {what}"));
            });
        }
    }
    read.warnings
        .extend(notes.into_iter().map(|message| Warning {
            line: 1,
            column: 1,
            message,
        }));
}

fn bound_headers(headers: &mut Vec<Header>, note: &mut dyn FnMut(String)) {
    if headers.len() > MAX_HEADERS_PER_MESSAGE {
        note(format!(
            "{} headers; read the first {MAX_HEADERS_PER_MESSAGE} (limit)",
            headers.len()
        ));
        headers.truncate(MAX_HEADERS_PER_MESSAGE);
    }
    for header in headers {
        let len = header.value.len();
        if len > MAX_HEADER_VALUE_BYTES {
            let kept = cut(&header.value, MAX_HEADER_VALUE_BYTES).len();
            header.value.truncate(kept);
            header.value.shrink_to_fit();
            if let Some(span) = &mut header.span {
                span.end = span.end.min(span.start + kept);
            }
            note(format!(
                "header `{}` is {}; read its first {} (limit)",
                cut(&header.name, 64),
                mib(len),
                mib(MAX_HEADER_VALUE_BYTES)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_stays_on_char_boundaries() {
        assert_eq!(cut("héllo", 2), "h");
        assert_eq!(cut("héllo", 3), "hé");
        assert_eq!(cut("abc", 10), "abc");
    }
}
