//! A resumable byte scanner over a HAR. `serde_json` cannot resume on
//! partial input, so this scanner carries the lexer state (inside a string,
//! after a backslash, nesting stack) from one chunk to the next, finds the
//! boundaries of `log.entries[i]` and `log.creator`, and re-emits each of them
//! compactly into a small buffer for a full parse. Large body texts are
//! skipped as they stream past: never copied, never decoded. Only the bodies
//! a diagnosis may read (error bodies, small JSON payloads, small form posts)
//! are kept, capped.
//!
//! The scanner is lenient about what it skips (it does not validate numbers
//! or literals there); the captured parts are validated by the full parse.

use super::position::Position;

/// Bodies a diagnosis may read are kept up to this many bytes.
pub(crate) const BODY_CAP: usize = 16 * 1024;
/// Request bodies (token endpoint posts) are kept only when this small.
const POST_CAP: usize = 4 * 1024;
/// Longer keys are never ones the reader cares about; they are dropped.
const KEY_CAP: usize = 256;
/// Members beside `log` in the top-level object are kept (they make a single
/// entry) only while they stay below this size.
const ROOT_CAP: usize = 8 * 1024 * 1024;
/// Deeper nesting than this is not a HAR; refusing it keeps the stack bounded.
const MAX_DEPTH: usize = 512;
/// The key added after a body text that was cut at the cap.
pub(crate) const TRUNCATED_KEY: &str = "authlens_truncated";

/// What one position in the document is, for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The top-level object (a whole HAR, or a single entry).
    Root,
    /// `log`.
    Log,
    /// `log.entries`, or a top-level array of entries.
    Entries,
    /// One entry: captured.
    Entry,
    /// `log.creator`: captured.
    Creator,
    /// `entry.request`.
    Request,
    /// `entry.response`.
    Response,
    /// `request.postData` (`response` false) or `response.content` (true).
    Content { response: bool },
    /// Anything else inside a captured value.
    Plain,
    /// Anything the reader does not need.
    Skip,
}

/// Where the bytes of a value go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    /// Nowhere: the value is skipped.
    None,
    /// The top-level object's buffer.
    Root,
    /// The current entry or creator buffer.
    Item,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    object: bool,
    role: Role,
    sink: Sink,
    /// Sink length before the current member, to drop it again.
    mark: usize,
    /// Elements seen (arrays of entries).
    count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the top-level value: BOM, whitespace, a JSONP callback name.
    Prelude,
    /// Inside a JSONP callback name, up to `(`.
    Callback,
    /// A value is expected.
    Value,
    /// After `{`: a key or `}`.
    FirstMember,
    /// After `,` in an object: a key.
    Key,
    /// Inside a key string.
    InKey,
    /// After a key: `:`.
    Colon,
    /// After `[`: a value or `]`.
    FirstElement,
    /// After a value: `,` or a closing bracket.
    AfterValue,
    /// Inside a string value.
    InString,
    /// Inside a number or literal.
    Scalar,
    /// After the top-level value: `)`, `;` and whitespace may follow.
    Done,
    /// Reading stopped at an error.
    Failed,
}

/// How the current string value is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    /// Copied to the sink.
    Copy,
    /// Skipped.
    Skip,
    /// A body: copied up to `cap` bytes, then cut (`truncate`) or dropped.
    Body { cap: usize, truncate: bool },
    /// A body cut at its cap: the rest is skipped, and the truncation key is
    /// written when it ends.
    Cut,
}

/// Escape state inside a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    None,
    /// After a backslash.
    Started,
    /// Inside `\uXXXX`, with this many hex digits left.
    Hex(u8),
}

/// A value the scanner found complete.
#[derive(Debug)]
pub(crate) enum Found<'a> {
    /// A whole entry, re-emitted as compact JSON (bodies elided).
    Entry {
        /// Position in `log.entries`.
        index: usize,
        /// Where its `{` stood.
        at: Position,
        /// The entry's JSON.
        json: &'a [u8],
    },
    /// `log.creator`, as compact JSON.
    Creator(&'a [u8]),
    /// An element of `log.entries` that is not an object.
    NotAnEntry { index: usize, at: Position },
}

/// Why scanning stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    pub at: Position,
    pub message: &'static str,
}

/// The scanner. Feed it with [`Scanner::push`]; ask [`Scanner::end`] what
/// state the input ended in.
#[derive(Debug)]
pub(crate) struct Scanner {
    state: State,
    stack: Vec<Frame>,
    /// Role and sink of the value about to start.
    next_role: Role,
    next_sink: Sink,
    text: Text,
    escape: Escape,
    key: Vec<u8>,
    key_overflow: bool,
    item: Vec<u8>,
    root: Vec<u8>,
    /// Where the current item started.
    item_at: Position,
    item_index: usize,
    /// Bytes before the current chunk, and the current line.
    pos: Position,
    bom: u8,
    jsonp: bool,
    /// What the current entry says so far, for the body policy.
    status: Option<i64>,
    json_body: Option<bool>,
    /// Sink length where the current scalar started.
    scalar_start: usize,
    error: Option<ScanError>,
    trailing: Option<Position>,
    max_buffered: usize,
}

impl Default for Scanner {
    fn default() -> Self {
        Self {
            state: State::Prelude,
            stack: Vec::new(),
            next_role: Role::Root,
            next_sink: Sink::None,
            text: Text::Skip,
            escape: Escape::None,
            key: Vec::new(),
            key_overflow: false,
            item: Vec::new(),
            root: Vec::new(),
            item_at: Position::default(),
            item_index: 0,
            pos: Position::default(),
            bom: 0,
            jsonp: false,
            status: None,
            json_body: None,
            scalar_start: 0,
            error: None,
            trailing: None,
            max_buffered: 0,
        }
    }
}

/// Finds the first `"` or `\` in `bytes`, eight bytes at a time.
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        if has_zero(v ^ (ONES * u64::from(b'"'))) | has_zero(v ^ (ONES * u64::from(b'\\'))) != 0 {
            break;
        }
        base += 8;
    }
    bytes
        .get(base..)?
        .iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|i| base + i)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl Scanner {
    /// Bytes the scanner holds right now (capture buffers and key).
    pub(crate) fn buffered_bytes(&self) -> usize {
        self.item.capacity() + self.root.capacity() + self.key.capacity()
    }

    /// The most [`Self::buffered_bytes`] ever held.
    pub(crate) fn max_buffered_bytes(&self) -> usize {
        self.max_buffered.max(self.buffered_bytes())
    }

    /// Where the input ended (the position after the last byte).
    pub(crate) fn position(&self) -> Position {
        self.pos
    }

    /// Whether the top-level value was read to its end.
    pub(crate) fn complete(&self) -> bool {
        self.state == State::Done
    }

    /// The error that stopped scanning, if any.
    pub(crate) fn error(&self) -> Option<&ScanError> {
        self.error.as_ref()
    }

    /// Where data that does not belong to the HAR followed it, if it did.
    pub(crate) fn trailing(&self) -> Option<Position> {
        self.trailing
    }

    /// The top-level object's members other than `log`, as JSON, when the
    /// top-level value was an object (a single entry lives here).
    pub(crate) fn root_json(&self) -> Option<&[u8]> {
        (!self.root.is_empty()).then_some(self.root.as_slice())
    }

    /// Index of the entry being read, when input ended inside one.
    pub(crate) fn open_entry(&self) -> Option<usize> {
        self.stack
            .iter()
            .any(|f| f.role == Role::Entry)
            .then_some(self.item_index)
    }

    fn buf(&mut self, sink: Sink) -> Option<&mut Vec<u8>> {
        match sink {
            Sink::None => None,
            Sink::Root => Some(&mut self.root),
            Sink::Item => Some(&mut self.item),
        }
    }

    fn write(&mut self, sink: Sink, bytes: &[u8]) {
        if let Some(buf) = self.buf(sink) {
            buf.extend_from_slice(bytes);
        }
    }

    /// Writes a separator when the container already holds a member.
    fn write_comma(&mut self, sink: Sink) {
        if let Some(buf) = self.buf(sink) {
            if !matches!(buf.last(), Some(b'{' | b'[') | None) {
                buf.push(b',');
            }
        }
    }

    fn fail(&mut self, at: Position, message: &'static str) {
        self.state = State::Failed;
        self.error = Some(ScanError { at, message });
    }

    /// Scans the next chunk, calling `found` for every complete entry and
    /// for the creator.
    pub(crate) fn push(&mut self, chunk: &[u8], found: &mut dyn FnMut(Found<'_>)) {
        let mut i = 0;
        while i < chunk.len() {
            let Some(&b) = chunk.get(i) else { break };
            match self.state {
                State::Failed => break,
                State::InString => {
                    i = self.string(chunk, i);
                    continue;
                }
                State::InKey => {
                    i = self.key_bytes(chunk, i);
                    continue;
                }
                _ => {}
            }
            if is_space(b) {
                if b == b'\n' {
                    self.pos.newline(i);
                }
                i += 1;
                continue;
            }
            let at = self.pos.at(i);
            match self.state {
                State::Prelude => self.prelude(b, at),
                State::Callback => {
                    if b == b'(' {
                        self.jsonp = true;
                        self.state = State::Value;
                    } else if !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.')) {
                        self.fail(at, "expected `(` after the JSONP callback name");
                    }
                }
                State::Value => self.value_start(b, at, found),
                State::FirstMember | State::Key => {
                    if b == b'"' {
                        self.key.clear();
                        self.key_overflow = false;
                        self.escape = Escape::None;
                        self.state = State::InKey;
                    } else if b == b'}' && self.state == State::FirstMember {
                        self.close(true, at, found);
                    } else {
                        self.fail(at, "expected a key in double quotes");
                    }
                }
                State::Colon => {
                    if b == b':' {
                        self.state = State::Value;
                    } else {
                        self.fail(at, "expected `:` after a key");
                    }
                }
                State::FirstElement => {
                    if b == b']' {
                        self.close(false, at, found);
                    } else {
                        self.element();
                        self.value_start(b, at, found);
                    }
                }
                State::AfterValue => self.after_value(b, at, found),
                State::Scalar => {
                    if matches!(b, b',' | b'}' | b']') {
                        self.end_scalar();
                        self.after_value(b, at, found);
                    } else {
                        let sink = self.next_sink;
                        self.write(sink, &[b]);
                    }
                }
                State::Done => {
                    if !(b == b';' || (b == b')' && self.jsonp)) {
                        self.trailing = Some(at);
                        self.state = State::Failed;
                        break;
                    }
                }
                State::InString | State::InKey | State::Failed => {}
            }
            i += 1;
        }
        self.pos.advance(chunk.len());
        self.max_buffered = self.max_buffered.max(self.buffered_bytes());
    }

    fn prelude(&mut self, b: u8, at: Position) {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        if u64::from(self.bom) == at.offset && BOM.get(usize::from(self.bom)) == Some(&b) {
            self.bom += 1;
            return;
        }
        match b {
            b'{' | b'[' => {
                self.state = State::Value;
                self.next_role = Role::Root;
                self.next_sink = Sink::None;
                self.value_start(b, at, &mut |_| {});
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => self.state = State::Callback,
            _ => self.fail(at, "expected a HAR: `{` or a JSONP callback"),
        }
    }

    /// The role and sink of a member named by the current key of `frame`.
    fn member(&self, frame: &Frame) -> (Role, Sink, bool) {
        let key = self.key.as_slice();
        let captured = |role| (role, frame.sink, true);
        let dropped = (Role::Skip, Sink::None, false);
        if self.key_overflow {
            return dropped;
        }
        match frame.role {
            Role::Root if key == b"log" => (Role::Log, Sink::None, false),
            Role::Root if self.root.len() > ROOT_CAP => dropped,
            Role::Log => match key {
                b"entries" => (Role::Entries, Sink::None, false),
                b"creator" => (Role::Creator, Sink::Item, false),
                _ => dropped,
            },
            _ if key.first() == Some(&b'_') => dropped,
            Role::Root | Role::Entry => match key {
                b"request" => captured(Role::Request),
                b"response" => captured(Role::Response),
                b"cache" | b"timings" => dropped,
                _ => captured(Role::Plain),
            },
            Role::Request => match key {
                b"postData" => captured(Role::Content { response: false }),
                b"queryString" => dropped,
                _ => captured(Role::Plain),
            },
            Role::Response => match key {
                b"content" => captured(Role::Content { response: true }),
                _ => captured(Role::Plain),
            },
            Role::Content { .. } => match key {
                b"params" => dropped,
                _ => captured(Role::Plain),
            },
            Role::Creator | Role::Plain => captured(Role::Plain),
            Role::Entries | Role::Skip => dropped,
        }
    }

    /// Sets up the role of the next array element.
    fn element(&mut self) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let (role, sink) = match frame.role {
            Role::Entries => {
                self.item_index = frame.count;
                frame.count += 1;
                (Role::Entry, Sink::Item)
            }
            Role::Skip | Role::Log => (Role::Skip, Sink::None),
            _ => (Role::Plain, frame.sink),
        };
        let sink_now = frame.sink;
        self.next_role = role;
        self.next_sink = sink;
        if role != Role::Entry {
            self.write_comma(sink_now);
        }
    }

    fn value_start(&mut self, b: u8, at: Position, found: &mut dyn FnMut(Found<'_>)) {
        let role = self.next_role;
        let sink = self.next_sink;
        match b {
            b'{' | b'[' => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(at, "nested too deep for a HAR");
                    return;
                }
                let object = b == b'{';
                let role = match (role, object) {
                    (Role::Entries, true) => {
                        self.item_index = 0;
                        Role::Entry
                    }
                    (Role::Root, false) => Role::Entries,
                    (Role::Entry | Role::Creator | Role::Log, false) => Role::Skip,
                    (role, _) => role,
                };
                let sink = match role {
                    Role::Root => Sink::Root,
                    Role::Entry | Role::Creator => Sink::Item,
                    Role::Skip | Role::Log | Role::Entries => Sink::None,
                    _ => sink,
                };
                if matches!(role, Role::Entry | Role::Creator) {
                    self.item.clear();
                    self.item_at = at;
                    self.status = None;
                }
                if role == Role::Root {
                    self.root.clear();
                }
                if matches!(role, Role::Content { .. }) {
                    self.json_body = None;
                }
                self.write(sink, &[b]);
                self.stack.push(Frame {
                    object,
                    role,
                    sink,
                    mark: 0,
                    count: 0,
                });
                self.state = if object {
                    State::FirstMember
                } else {
                    State::FirstElement
                };
            }
            b'"' => {
                self.escape = Escape::None;
                self.text = self.text_mode(role, sink);
                if self.text != Text::Skip {
                    self.write(sink, b"\"");
                }
                self.scalar_start = self.buf(sink).map_or(0, |buf| buf.len());
                self.state = State::InString;
            }
            b'}' | b']' | b',' | b':' => self.fail(at, "expected a value"),
            _ => {
                if self.stack.is_empty() {
                    self.fail(at, "expected a HAR object");
                    return;
                }
                if role == Role::Entry {
                    found(Found::NotAnEntry {
                        index: self.item_index,
                        at,
                    });
                    self.next_sink = Sink::None;
                }
                self.scalar_start = self.buf(self.next_sink).map_or(0, |buf| buf.len());
                let sink = self.next_sink;
                self.write(sink, &[b]);
                self.state = State::Scalar;
            }
        }
    }

    /// How a string value in `role` is handled: bodies get the body policy.
    fn text_mode(&mut self, role: Role, sink: Sink) -> Text {
        if sink == Sink::None {
            return Text::Skip;
        }
        let Some(frame) = self.stack.last().copied() else {
            return Text::Copy;
        };
        let Role::Content { response } = frame.role else {
            if role == Role::Entry {
                self.next_sink = Sink::None;
                return Text::Skip;
            }
            return Text::Copy;
        };
        if self.key != b"text" {
            return Text::Copy;
        }
        let mode = if !response {
            Text::Body {
                cap: POST_CAP,
                truncate: false,
            }
        } else {
            match (self.status, self.json_body) {
                (Some(400..=599), _) | (None, _) => Text::Body {
                    cap: BODY_CAP,
                    truncate: true,
                },
                (Some(_), Some(true)) => Text::Body {
                    cap: POST_CAP,
                    truncate: false,
                },
                (Some(_), Some(false)) => Text::Skip,
                (Some(_), None) => Text::Body {
                    cap: BODY_CAP,
                    truncate: true,
                },
            }
        };
        if mode == Text::Skip {
            self.drop_member(sink, frame.mark);
        }
        mode
    }

    /// Removes the member being written from its sink.
    fn drop_member(&mut self, sink: Sink, mark: usize) {
        if let Some(buf) = self.buf(sink) {
            buf.truncate(mark);
        }
        self.next_sink = Sink::None;
    }

    fn end_scalar(&mut self) {
        let in_response = self.stack.last().is_some_and(|f| f.role == Role::Response);
        if in_response && self.key == b"status" {
            let start = self.scalar_start;
            self.status = self
                .buf(self.next_sink)
                .and_then(|buf| buf.get(start..))
                .and_then(super::entry::decimal)
                .filter(|n| n.is_finite())
                .map(|n| n as i64);
        }
        self.state = State::AfterValue;
    }

    fn end_string(&mut self) {
        let sink = self.next_sink;
        match self.text {
            Text::Copy => {
                self.write(sink, b"\"");
                let is_mime = self.key == b"mimeType"
                    && matches!(
                        self.stack.last().map(|f| f.role),
                        Some(Role::Content { response: true })
                    );
                if is_mime {
                    let start = self.scalar_start;
                    let json =
                        self.buf(sink)
                            .and_then(|buf| buf.get(start..))
                            .is_some_and(|mime| {
                                mime.windows(4).any(|w| w.eq_ignore_ascii_case(b"json"))
                            });
                    self.json_body = Some(json);
                }
            }
            Text::Body { .. } => self.write(sink, b"\""),
            Text::Cut => {
                self.write(sink, b"\",\"");
                self.write(sink, TRUNCATED_KEY.as_bytes());
                self.write(sink, b"\":true");
            }
            Text::Skip => {}
        }
        self.state = if self.stack.is_empty() {
            State::Done
        } else {
            State::AfterValue
        };
    }

    /// Copies or skips string bytes from `i`; returns where it stopped.
    fn string(&mut self, chunk: &[u8], mut i: usize) -> usize {
        let sink = self.next_sink;
        while i < chunk.len() {
            match self.escape {
                Escape::Started => {
                    let b = chunk.get(i).copied().unwrap_or(b'"');
                    self.escape = if b == b'u' {
                        Escape::Hex(4)
                    } else {
                        Escape::None
                    };
                    self.copy_text(sink, &[b]);
                    i += 1;
                    continue;
                }
                Escape::Hex(left) => {
                    let b = chunk.get(i).copied().unwrap_or(b'0');
                    self.escape = if left > 1 {
                        Escape::Hex(left - 1)
                    } else {
                        Escape::None
                    };
                    self.copy_text(sink, &[b]);
                    i += 1;
                    continue;
                }
                Escape::None => {}
            }
            let rest = chunk.get(i..).unwrap_or_default();
            match find_quote_or_backslash(rest) {
                None => {
                    self.copy_run(sink, rest);
                    return chunk.len();
                }
                Some(n) => {
                    self.copy_run(sink, rest.get(..n).unwrap_or_default());
                    i += n;
                    if chunk.get(i) == Some(&b'"') {
                        self.end_string();
                        return i + 1;
                    }
                    self.escape = Escape::Started;
                    self.copy_text(sink, b"\\");
                    i += 1;
                }
            }
        }
        i
    }

    /// Copies escape bytes (never cut: a cut inside an escape breaks JSON).
    fn copy_text(&mut self, sink: Sink, bytes: &[u8]) {
        if matches!(self.text, Text::Copy | Text::Body { .. }) {
            self.write(sink, bytes);
        }
    }

    /// Copies a run of plain string bytes, applying the body cap.
    fn copy_run(&mut self, sink: Sink, run: &[u8]) {
        match self.text {
            Text::Copy => self.write(sink, run),
            Text::Skip | Text::Cut => {}
            Text::Body { cap, truncate } => {
                let mark = self.stack.last().map_or(0, |f| f.mark);
                let Some(buf) = self.buf(sink) else { return };
                let used = buf.len().saturating_sub(mark);
                if used + run.len() <= cap {
                    buf.extend_from_slice(run);
                } else if truncate {
                    let room = cap.saturating_sub(used).min(run.len());
                    buf.extend_from_slice(run.get(..room).unwrap_or_default());
                    cut_safely(buf);
                    self.text = Text::Cut;
                } else {
                    buf.truncate(mark);
                    self.text = Text::Skip;
                    self.next_sink = Sink::None;
                }
            }
        }
    }

    fn key_bytes(&mut self, chunk: &[u8], mut i: usize) -> usize {
        while let Some(&b) = chunk.get(i) {
            i += 1;
            if self.escape == Escape::Started {
                self.escape = Escape::None;
            } else if b == b'\\' {
                self.escape = Escape::Started;
            } else if b == b'"' {
                self.end_key();
                return i;
            }
            if self.key.len() < KEY_CAP {
                self.key.push(b);
            } else {
                self.key_overflow = true;
            }
        }
        i
    }

    fn end_key(&mut self) {
        self.state = State::Colon;
        let Some(frame) = self.stack.last().copied() else {
            return;
        };
        let (role, sink, write) = self.member(&frame);
        let mark = self.buf(frame.sink).map_or(0, |buf| buf.len());
        if let Some(top) = self.stack.last_mut() {
            top.mark = mark;
        }
        if sink != Sink::None && write {
            self.write_comma(sink);
            let key = std::mem::take(&mut self.key);
            self.write(sink, b"\"");
            self.write(sink, &key);
            self.write(sink, b"\":");
            self.key = key;
        }
        self.next_role = role;
        self.next_sink = if write { sink } else { Sink::None };
        if matches!(role, Role::Creator) {
            self.next_sink = Sink::Item;
        }
        if matches!(role, Role::Log | Role::Entries) {
            self.next_sink = Sink::None;
        }
    }

    fn after_value(&mut self, b: u8, at: Position, found: &mut dyn FnMut(Found<'_>)) {
        let Some(frame) = self.stack.last().copied() else {
            self.state = State::Done;
            return;
        };
        match (b, frame.object) {
            (b',', true) => self.state = State::Key,
            (b',', false) => {
                self.element();
                self.state = State::Value;
            }
            (b'}', true) => self.close(true, at, found),
            (b']', false) => self.close(false, at, found),
            _ => self.fail(
                at,
                if frame.object {
                    "expected `,` or `}`"
                } else {
                    "expected `,` or `]`"
                },
            ),
        }
    }

    fn close(&mut self, object: bool, at: Position, found: &mut dyn FnMut(Found<'_>)) {
        let Some(frame) = self.stack.pop() else {
            self.fail(at, "unexpected closing bracket");
            return;
        };
        if frame.object != object {
            self.fail(at, "mismatched closing bracket");
            return;
        }
        self.write(frame.sink, if object { b"}" } else { b"]" });
        match frame.role {
            Role::Entry => {
                found(Found::Entry {
                    index: self.item_index,
                    at: self.item_at,
                    json: &self.item,
                });
                self.max_buffered = self.max_buffered.max(self.buffered_bytes());
                self.item.clear();
            }
            Role::Creator => {
                found(Found::Creator(&self.item));
                self.item.clear();
            }
            _ => {}
        }
        // The parent's sink, for the scalar/string handling that follows.
        self.next_sink = self.stack.last().map_or(Sink::None, |f| f.sink);
        self.state = if self.stack.is_empty() {
            State::Done
        } else {
            State::AfterValue
        };
    }
}

/// Cuts a body text that reached its cap at a point where the JSON string
/// stays valid: never inside a UTF-8 sequence or a surrogate pair.
fn cut_safely(buf: &mut Vec<u8>) {
    // A partial UTF-8 sequence at the end: drop it.
    let len = buf.len();
    let mut start = len;
    while start > len.saturating_sub(4) {
        let Some(&b) = buf.get(start - 1) else { break };
        start -= 1;
        if b & 0xC0 != 0x80 {
            let need = match b {
                0xF0..=0xFF => 4,
                0xE0..=0xEF => 3,
                0xC0..=0xDF => 2,
                _ => 1,
            };
            if start + need > len {
                buf.truncate(start);
            }
            break;
        }
    }
    // A high surrogate escape whose pair was cut off: drop it.
    let len = buf.len();
    if len >= 6 {
        let tail = buf.get(len - 6..).unwrap_or_default();
        let high = tail.get(..2) == Some(b"\\u")
            && tail.get(2).is_some_and(|b| b.eq_ignore_ascii_case(&b'd'))
            && tail
                .get(3)
                .is_some_and(|b| matches!(b, b'8'..=b'9' | b'a'..=b'b' | b'A'..=b'B'));
        let backslashes = buf
            .get(..len - 5)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if high && backslashes % 2 == 1 {
            buf.truncate(len - 6);
        }
    }
}
