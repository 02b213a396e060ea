//! Positions in a stream of bytes, for messages a person reads.

/// A byte offset with its 1-based line. Columns count bytes from the line
/// start: a streamed file is never held whole, so characters before the
/// offset cannot be counted again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Position {
    /// Bytes before this position.
    pub offset: u64,
    /// Newlines before this position.
    newlines: u64,
    /// Offset of the first byte of this line.
    line_start: u64,
}

impl Position {
    /// The position `i` bytes further on the same line.
    pub(crate) fn at(self, i: usize) -> Self {
        Self {
            offset: self.offset + i as u64,
            ..self
        }
    }

    /// Records a newline at `i` bytes past this position.
    pub(crate) fn newline(&mut self, i: usize) {
        self.newlines += 1;
        self.line_start = self.offset + i as u64 + 1;
    }

    /// Moves `n` bytes on (bytes with no newline, or newlines already recorded).
    pub(crate) fn advance(&mut self, n: usize) {
        self.offset += n as u64;
    }

    /// 1-based line.
    pub(crate) fn line(self) -> usize {
        usize::try_from(self.newlines + 1).unwrap_or(usize::MAX)
    }

    /// 1-based column, in bytes.
    pub(crate) fn column(self) -> usize {
        usize::try_from(self.offset.saturating_sub(self.line_start) + 1).unwrap_or(usize::MAX)
    }
}
