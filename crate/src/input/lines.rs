//! The decoded text as numbered lines with byte offsets, so every reader can
//! locate what it reads without re-scanning the text (a paste may be tens of
//! megabytes: line/column come from here, never from counting from the start).

use crate::input::Warning;

/// One line of the text, without its `\n` or `\r\n`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// Byte offset of the line's first byte in the text.
    pub start: usize,
    /// 1-based line number.
    pub number: usize,
    /// The line's text (a stray trailing `\r` removed too).
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// A warning at byte `offset` of the whole text, which lies on this line.
    pub fn warning(&self, offset: usize, message: impl Into<String>) -> Warning {
        let within = offset.saturating_sub(self.start).min(self.text.len());
        let mut cut = within;
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        let column = self.text.get(..cut).map_or(0, |s| s.chars().count()) + 1;
        Warning {
            line: self.number,
            column,
            message: message.into(),
        }
    }

    /// The absolute offset of `sub`, which must be a slice of this line.
    pub fn offset_of(&self, sub: &str) -> usize {
        self.start + offset_in(self.text, sub)
    }
}

/// Byte offset of `sub` inside `base`, when `sub` is a slice of `base`
/// (0 otherwise, which callers never rely on for text they built).
pub(super) fn offset_in(base: &str, sub: &str) -> usize {
    let b = base.as_ptr() as usize;
    let s = sub.as_ptr() as usize;
    if s >= b && s + sub.len() <= b + base.len() {
        s - b
    } else {
        0
    }
}

/// Splits `text` into lines. A lone `\r` (old Mac endings, a progress meter
/// redrawing itself) also ends a line when no `\n` follows it.
pub(super) fn split(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'\n') => {
                let mut end = i;
                if end > start && bytes.get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                push(&mut lines, text, start, end);
                start = i + 1;
            }
            Some(b'\r') if bytes.get(i + 1).is_some_and(|b| *b != b'\n') => {
                push(&mut lines, text, start, i);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        let mut end = text.len();
        if bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        push(&mut lines, text, start, end);
    }
    lines
}

fn push<'a>(lines: &mut Vec<Line<'a>>, text: &'a str, start: usize, end: usize) {
    let number = lines.len() + 1;
    lines.push(Line {
        start,
        number,
        text: text.get(start..end).unwrap_or_default(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_every_ending() {
        let lines = split("a\r\nb\nc\rd\r");
        let texts: Vec<_> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b", "c", "d"]);
        assert_eq!(lines.get(1).map(|l| (l.start, l.number)), Some((3, 2)));
    }

    #[test]
    fn warning_columns_count_chars() {
        let lines = split("x\néa: b");
        let line = lines.get(1).copied().unwrap_or(Line {
            start: 0,
            number: 0,
            text: "",
        });
        let w = line.warning(line.start + 3, "m");
        assert_eq!((w.line, w.column), (2, 3));
    }
}
