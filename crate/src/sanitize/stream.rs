//! Sanitizing a HAR as it streams by, in memory that does not grow with the
//! file: one entry at a time is read as JSON, redacted by the same walk as a
//! whole file, and written out; everything around the entries (`log`,
//! `creator`, `pages`, comments) is copied as the producer wrote it, with its
//! string values scrubbed.
//!
//! Why not one `serde_json::Value` of the file: a 1 GB HAR would need several
//! GB; why not the diagnosis's HAR scanner: it cuts bodies, and a sanitized
//! HAR must keep them. Output is held back to the last point where closing
//! the open brackets gives valid JSON, so a truncated or broken file still
//! yields a valid HAR of its complete entries, with a located warning.

use std::io::{self, Write};

use serde_json::Value;

use super::credential::Rewriter;
use super::filler::Pseudonyms;
use super::har::{sanitize_har_tree, walk};
use super::{is_secret_name, text, Redactions, SanitizeError, Sanitized};
use crate::har::position::Position;

/// Output held back is written once it passes this size (and an entry has
/// been written, so that an input that breaks early writes nothing).
const FLUSH_AT: usize = 256 * 1024;

/// What the brackets on the stack are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    Log,
    Entries,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    object: bool,
    role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the top-level `{` (BOM, a JSONP call, whitespace).
    Prelude,
    /// Between tokens outside entries.
    Frame,
    /// Inside a string outside entries (key or value).
    FrameString {
        key: bool,
        escaped: bool,
    },
    /// Inside a number or literal outside entries.
    Scalar,
    /// Inside an entry, `depth` brackets deep.
    Entry {
        depth: usize,
        in_string: bool,
        escaped: bool,
    },
    /// After the top-level value.
    Done,
    /// The top-level value is not `{"log": …}`: read whole at the end.
    Whole,
    Failed,
}

/// A streaming HAR sanitizer writing to `W`.
pub struct HarSanitizer<W: Write> {
    out: W,
    state: State,
    stack: Vec<Frame>,
    /// Bytes of the current frame string or scalar, or of the current entry.
    token: Vec<u8>,
    /// The last key read in the innermost object (raw, without quotes).
    key: Vec<u8>,
    expect_key: bool,
    /// Output not yet written, and how much of it is safe to close.
    pending: Vec<u8>,
    safe: usize,
    safe_closers: Vec<u8>,
    /// The raw input, kept until the first key says this is a `{"log": …}`
    /// HAR (or for good, when it is not).
    raw: Option<Vec<u8>>,
    pos: Position,
    entry_at: Position,
    /// The path of a captured member other than an entry.
    capture: Option<String>,
    entries: usize,
    names: Pseudonyms,
    redactions: Redactions,
    error: Option<SanitizeError>,
    write_error: Option<io::Error>,
    max_held: usize,
}

/// What a finished stream gives beside the output.
#[derive(Debug, Clone, Default)]
pub struct StreamSummary {
    /// What was redacted.
    pub redactions: Redactions,
    /// Entries written.
    pub entries: usize,
    /// Where reading stopped early (the output holds the complete entries
    /// before that point).
    pub warnings: Vec<SanitizeError>,
}

impl<W: Write> HarSanitizer<W> {
    /// A sanitizer writing to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out,
            state: State::Prelude,
            stack: Vec::new(),
            token: Vec::new(),
            key: Vec::new(),
            expect_key: false,
            pending: Vec::new(),
            safe: 0,
            safe_closers: Vec::new(),
            raw: Some(Vec::new()),
            pos: Position::default(),
            entry_at: Position::default(),
            capture: None,
            entries: 0,
            names: Pseudonyms::default(),
            redactions: Redactions::default(),
            error: None,
            write_error: None,
            max_held: 0,
        }
    }

    /// Reads the next chunk.
    pub fn push(&mut self, chunk: &[u8]) {
        if let Some(raw) = self.raw.as_mut() {
            raw.extend_from_slice(chunk);
        }
        for &b in chunk {
            if matches!(self.state, State::Whole | State::Failed) {
                break;
            }
            self.byte(b);
            if b == b'\n' {
                self.pos.newline(0);
            }
            self.pos.advance(1);
        }
        if self.entries > 0 && self.safe >= FLUSH_AT {
            self.flush_safe();
        }
        let held = self.pending.capacity()
            + self.token.capacity()
            + self.raw.as_ref().map_or(0, Vec::capacity);
        self.max_held = self.max_held.max(held);
    }

    /// The most bytes of input or output held at once: what memory grows
    /// with (the largest entry, not the file).
    pub fn max_held_bytes(&self) -> usize {
        self.max_held
    }

    /// Ends the input: writes what is left and says what was redacted.
    ///
    /// # Errors
    /// [`SanitizeError`] when not one entry could be read (nothing is
    /// written then), or writing failed.
    pub fn finish(mut self) -> Result<StreamSummary, SanitizeError> {
        if self.state == State::Whole {
            let raw = self.raw.take().unwrap_or_default();
            let whole = sanitize_har_tree(&raw)?;
            self.write_out(whole.text.as_bytes());
            return self.summary(whole.redactions, Vec::new());
        }
        if self.state == State::Scalar {
            // A number at the very end of the input ends there.
            self.end_scalar();
        }
        let mut warnings = Vec::new();
        if self.state == State::Done && self.error.is_none() {
            let rest = std::mem::take(&mut self.pending);
            self.write_out(&rest);
        } else {
            let error = self.error.take().unwrap_or_else(|| self.located(
                self.pos,
                match self.state {
                    State::Entry { .. } => format!(
                        "the file ends inside entry {}: the {} complete entries before it are written",
                        self.entries, self.entries
                    ),
                    _ => "the file ends before the HAR does".to_owned(),
                },
            ));
            if self.entries == 0 {
                return Err(error);
            }
            warnings.push(error);
            self.pending.truncate(self.safe);
            let closers = std::mem::take(&mut self.safe_closers);
            self.pending.extend_from_slice(&closers);
            let rest = std::mem::take(&mut self.pending);
            self.write_out(&rest);
        }
        let redactions = std::mem::take(&mut self.redactions);
        self.summary(redactions, warnings)
    }

    fn summary(
        mut self,
        redactions: Redactions,
        warnings: Vec<SanitizeError>,
    ) -> Result<StreamSummary, SanitizeError> {
        if let Err(e) = self.out.flush() {
            self.write_error.get_or_insert(e);
        }
        if let Some(e) = self.write_error {
            return Err(SanitizeError {
                line: 1,
                column: 1,
                message: format!("could not write the output: {e}"),
            });
        }
        Ok(StreamSummary {
            redactions,
            entries: self.entries,
            warnings,
        })
    }

    fn located(&self, at: Position, message: String) -> SanitizeError {
        SanitizeError {
            line: at.line(),
            column: at.column(),
            message,
        }
    }

    fn fail(&mut self, message: &str) {
        self.error = Some(self.located(self.pos, message.to_owned()));
        self.state = State::Failed;
    }

    fn write_out(&mut self, bytes: &[u8]) {
        if self.write_error.is_none() {
            if let Err(e) = self.out.write_all(bytes) {
                self.write_error = Some(e);
            }
        }
    }

    fn flush_safe(&mut self) {
        let safe: Vec<u8> = self.pending.drain(..self.safe).collect();
        self.safe = 0;
        self.write_out(&safe);
    }

    /// Marks the output so far as closable by the brackets now open.
    fn mark_safe(&mut self) {
        self.safe = self.pending.len();
        self.safe_closers.clear();
        for frame in self.stack.iter().rev() {
            self.safe_closers
                .push(if frame.object { b'}' } else { b']' });
        }
    }

    fn byte(&mut self, b: u8) {
        match self.state {
            State::Prelude => self.prelude(b),
            State::Frame => self.frame(b),
            State::FrameString { key, escaped } => self.frame_string(b, key, escaped),
            State::Scalar => {
                if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    self.end_scalar();
                    self.frame(b);
                } else {
                    self.token.push(b);
                }
            }
            State::Entry {
                depth,
                in_string,
                escaped,
            } => self.entry(b, depth, in_string, escaped),
            State::Done => self.pending.push(b),
            State::Whole | State::Failed => {}
        }
    }

    fn prelude(&mut self, b: u8) {
        match b {
            b'{' => {
                self.pending.push(b);
                self.stack.push(Frame {
                    object: true,
                    role: Role::Root,
                });
                self.expect_key = true;
                self.state = State::Frame;
            }
            b'[' => self.state = State::Whole,
            _ => self.pending.push(b),
        }
    }

    /// The role of a container opening as the value of the current key (or
    /// element of the current array).
    fn role_of_next(&self, object: bool) -> Role {
        match self.stack.last() {
            Some(Frame {
                role: Role::Root, ..
            }) if object && self.key == b"log" => Role::Log,
            Some(Frame {
                role: Role::Log, ..
            }) if self.key == b"entries" => Role::Entries,
            _ => Role::Other,
        }
    }

    fn frame(&mut self, b: u8) {
        let in_entries = self
            .stack
            .last()
            .is_some_and(|f| f.role == Role::Entries && !f.object);
        match b {
            b'{' | b'[' => {
                let object = b == b'{';
                let role = self.role_of_next(object);
                let parent = self.stack.last().map(|f| f.role);
                // An element of `entries`, or `entries` given as one object.
                let entry = object && (in_entries || role == Role::Entries);
                // Any other member of `log` or of the top level (`pages`,
                // `creator`, a producer's `_cookies`): small, and read whole,
                // so its `{name, value}` pairs get the treatment the tree
                // walk gives them.
                let member = role == Role::Other && matches!(parent, Some(Role::Log | Role::Root));
                if entry || member {
                    self.capture = if entry {
                        None
                    } else {
                        let key = String::from_utf8_lossy(&self.key);
                        Some(if parent == Some(Role::Log) {
                            format!(".log.{key}")
                        } else {
                            format!(".{key}")
                        })
                    };
                    self.token.clear();
                    self.token.push(b);
                    self.entry_at = self.pos;
                    self.state = State::Entry {
                        depth: 1,
                        in_string: false,
                        escaped: false,
                    };
                    return;
                }
                self.pending.push(b);
                self.stack.push(Frame { object, role });
                self.expect_key = object;
                self.mark_safe();
            }
            b'}' | b']' => {
                self.pending.push(b);
                self.stack.pop();
                self.expect_key = false;
                if self.stack.is_empty() {
                    self.state = State::Done;
                    self.raw = None;
                } else {
                    self.mark_safe();
                }
            }
            b',' => {
                self.pending.push(b);
                self.expect_key = self.stack.last().is_some_and(|f| f.object);
            }
            b':' => {
                self.pending.push(b);
                self.expect_key = false;
            }
            b'"' => {
                self.token.clear();
                self.state = State::FrameString {
                    key: self.expect_key,
                    escaped: false,
                };
            }
            b' ' | b'\t' | b'\n' | b'\r' => self.pending.push(b),
            _ => {
                self.token.clear();
                self.token.push(b);
                self.state = State::Scalar;
            }
        }
    }

    fn end_scalar(&mut self) {
        let scalar = std::mem::take(&mut self.token);
        self.pending.extend_from_slice(&scalar);
        self.token = scalar;
        self.state = State::Frame;
        self.mark_safe();
    }

    fn frame_string(&mut self, b: u8, key: bool, escaped: bool) {
        if escaped {
            self.token.push(b);
            self.state = State::FrameString {
                key,
                escaped: false,
            };
            return;
        }
        match b {
            b'\\' => {
                self.token.push(b);
                self.state = State::FrameString { key, escaped: true };
            }
            b'"' => {
                self.state = State::Frame;
                if key {
                    self.end_key();
                } else {
                    self.end_value_string();
                }
            }
            _ => self.token.push(b),
        }
    }

    fn end_key(&mut self) {
        self.key.clear();
        self.key.extend_from_slice(&self.token);
        self.pending.push(b'"');
        self.pending.extend_from_slice(&self.token);
        self.pending.push(b'"');
        // The first key decides: a `{"log": …}` HAR streams; anything else
        // (one entry saved alone, a producer's own wrapper) is small enough
        // to be read whole by the tree walk.
        if self.raw.is_some() && self.stack.len() == 1 {
            if self.key == b"log" {
                self.raw = None;
            } else {
                self.state = State::Whole;
            }
        }
    }

    fn end_value_string(&mut self) {
        let mut quoted = Vec::with_capacity(self.token.len() + 2);
        quoted.push(b'"');
        quoted.extend_from_slice(&self.token);
        quoted.push(b'"');
        // Read as a `Value`, the reader entries use: a `String` target would
        // bring serde's type-mismatch messages, and with them float
        // formatting, into the wasm.
        let Ok(Value::String(value)) = serde_json::from_slice::<Value>(&quoted) else {
            self.fail("not valid JSON: a string with a broken escape");
            return;
        };
        let key = String::from_utf8_lossy(&self.key).into_owned();
        let mut r = Rewriter {
            names: &mut self.names,
            report: &mut self.redactions,
            location: "other",
        };
        let new = if is_secret_name(&key) && !value.is_empty() {
            Some(r.token(&value))
        } else {
            text::scrub(&value, &mut r)
        };
        match new.and_then(|v| serde_json::to_vec(&v).ok()) {
            Some(encoded) => self.pending.extend_from_slice(&encoded),
            None => self.pending.extend_from_slice(&quoted),
        }
        self.mark_safe();
    }

    fn entry(&mut self, b: u8, depth: usize, in_string: bool, escaped: bool) {
        self.token.push(b);
        let (depth, in_string, escaped) = match (in_string, escaped, b) {
            (true, true, _) => (depth, true, false),
            (true, false, b'\\') => (depth, true, true),
            (true, false, b'"') => (depth, false, false),
            (true, false, _) => (depth, true, false),
            (false, _, b'"') => (depth, true, false),
            (false, _, b'{' | b'[') => (depth + 1, false, false),
            (false, _, b'}' | b']') => (depth.saturating_sub(1), false, false),
            (false, _, _) => (depth, false, false),
        };
        if depth == 0 {
            self.state = State::Frame;
            self.end_entry();
        } else {
            self.state = State::Entry {
                depth,
                in_string,
                escaped,
            };
        }
    }

    fn end_entry(&mut self) {
        let mut value: Value = match serde_json::from_slice(&self.token) {
            Ok(v) => v,
            Err(e) => {
                let at = self.entry_at;
                let (line, column) = if e.line() <= 1 {
                    (at.line(), at.column() + e.column().saturating_sub(1))
                } else {
                    (at.line() + e.line() - 1, e.column())
                };
                self.error = Some(SanitizeError {
                    line,
                    column,
                    message: match &self.capture {
                        None => format!("entry {} is not valid JSON: {e}", self.entries),
                        Some(path) => {
                            format!("{} is not valid JSON: {e}", path.trim_start_matches('.'))
                        }
                    },
                });
                self.state = State::Failed;
                return;
            }
        };
        let path = self.capture.take();
        let is_entry = path.is_none();
        walk(
            &mut value,
            path.as_deref().unwrap_or(".log.entries"),
            &mut self.names,
            &mut self.redactions,
        );
        match serde_json::to_vec_pretty(&value) {
            Ok(json) => self.pending.extend_from_slice(&json),
            Err(_) => {
                self.fail("an entry could not be written back");
                return;
            }
        }
        if is_entry {
            self.entries += 1;
        }
        self.token.clear();
        if self.token.capacity() > FLUSH_AT {
            // One huge entry must not keep its buffer for the rest of the file.
            self.token.shrink_to(FLUSH_AT);
        }
        self.mark_safe();
    }
}

/// Sanitizes a whole HAR held in memory: the stream above, fed at once.
///
/// # Errors
/// [`SanitizeError`] located where the JSON breaks, when not one entry
/// could be read.
pub fn sanitize_har(input: &[u8]) -> Result<Sanitized, SanitizeError> {
    let mut out = Vec::with_capacity(input.len());
    let mut s = HarSanitizer::new(&mut out);
    s.push(input);
    let summary = s.finish()?;
    Ok(Sanitized {
        text: String::from_utf8_lossy(&out).into_owned(),
        redactions: summary.redactions,
        warnings: summary.warnings,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn stream(input: &[u8], chunk: usize) -> (Result<StreamSummary, SanitizeError>, Vec<u8>) {
        let mut out = Vec::new();
        let mut s = HarSanitizer::new(&mut out);
        for part in input.chunks(chunk.max(1)) {
            s.push(part);
        }
        let r = s.finish();
        (r, out)
    }

    const HAR: &str = r#"{"log": {"version": "1.2", "creator": {"name": "t", "version": "1"},
  "pages": [{"id": "p1", "title": "https://a.test/?access_token=SECRETQ1"}],
  "entries": [
    {"request": {"method": "GET", "url": "https://a.test/", "headers": [{"name": "Authorization", "value": "Bearer SECRETQ2abcdef"}]},
     "response": {"status": 401, "headers": [{"name": "Set-Cookie", "value": "sid=SECRETQ3; Path=/"}], "content": {"text": "{\"}\": \"[\"}"}}},
    {"request": {"method": "GET", "url": "https://a.test/b", "headers": []}, "response": {"status": 200, "headers": []}}
  ],
  "comment": "done"}}"#;

    #[test]
    fn chunking_does_not_change_the_output() {
        let (whole, out) = stream(HAR.as_bytes(), HAR.len());
        let whole = whole.unwrap();
        assert_eq!(whole.entries, 2);
        assert!(whole.warnings.is_empty());
        let text = String::from_utf8(out.clone()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(!text.contains("SECRETQ"), "{text}");
        assert_eq!(v["log"]["entries"].as_array().unwrap().len(), 2);
        assert_eq!(v["log"]["comment"], "done");
        assert_eq!(
            v["log"]["entries"][0]["response"]["content"]["text"],
            "{\"}\": \"[\"}"
        );
        for chunk in [1, 2, 3, 7, 64] {
            let (r, o) = stream(HAR.as_bytes(), chunk);
            r.unwrap();
            assert_eq!(o, out, "chunks of {chunk}");
        }
    }

    #[test]
    fn truncated_file_gives_its_complete_entries_as_valid_json() {
        let cut = HAR
            .find(r#"{"request": {"method": "GET", "url": "https://a.test/b""#)
            .unwrap()
            + 30;
        let (r, out) = stream(&HAR.as_bytes()[..cut], 5);
        let r = r.unwrap();
        assert_eq!(r.entries, 1);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.warnings[0].line, 6);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["log"]["entries"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn every_cut_point_gives_valid_json_or_a_located_error() {
        for cut in 0..HAR.len() {
            let (r, out) = stream(&HAR.as_bytes()[..cut], 16);
            match r {
                Ok(_) => {
                    let parsed = serde_json::from_slice::<Value>(&out);
                    assert!(
                        parsed.is_ok(),
                        "cut at {cut}: {}",
                        String::from_utf8_lossy(&out)
                    );
                    assert!(!String::from_utf8_lossy(&out).contains("SECRETQ"));
                }
                Err(e) => {
                    assert!(
                        out.is_empty(),
                        "cut at {cut}: output written before an error"
                    );
                    assert!(e.line >= 1 && e.column >= 1);
                }
            }
        }
    }

    #[test]
    fn a_broken_first_entry_writes_nothing() {
        let (r, out) = stream(b"{\"log\": {\"entries\": [\n  {\"request\": }", 4);
        let e = r.unwrap_err();
        assert_eq!((e.line, e.column), (2, 15));
        assert!(out.is_empty());
    }

    #[test]
    fn a_single_entry_file_is_read_whole() {
        let entry = r#"{"request": {"method": "GET", "url": "https://a.test/", "headers": [{"name": "Authorization", "value": "Bearer SECRETQ9abcdef"}]}}"#;
        let (r, out) = stream(entry.as_bytes(), 3);
        r.unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("SECRETQ9"), "{text}");
        assert!(serde_json::from_str::<Value>(&text).is_ok());
    }

    /// The stream treats entries exactly as the whole-tree walk does: on
    /// every corpus HAR that parses as one JSON value, both outputs are the
    /// same JSON.
    #[test]
    fn stream_and_tree_agree_on_the_corpus() {
        let dir = crate::testing::corpus_path("har");
        let mut compared = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "har") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(tree) = sanitize_har_tree(&bytes) else {
                continue;
            };
            let streamed = sanitize_har(&bytes).unwrap();
            let json = |t: &str| {
                let t = t.trim_start_matches('\u{FEFF}');
                let (open, close) = (t.find('{').unwrap(), t.rfind('}').unwrap());
                serde_json::from_str::<Value>(&t[open..=close]).unwrap()
            };
            let (a, b) = (json(&tree.text), json(&streamed.text));
            assert!(a == b, "{}: stream and tree differ", path.display());
            compared += 1;
        }
        assert!(compared > 50, "{compared} HARs compared");
    }

    /// Memory follows the largest entry, not the file: ten times the
    /// entries hold no more bytes at once.
    #[test]
    fn memory_does_not_grow_with_the_file() {
        let entry = r#"{"request": {"method": "GET", "url": "https://a.test/x?token=abcdefgh", "headers": [{"name": "Cookie", "value": "sid=0123456789abcdef"}]}, "response": {"status": 401, "headers": [], "content": {"text": "PAD"}}}"#
            .replace("PAD", &"x".repeat(4000));
        let held = |n: usize| {
            let mut s = HarSanitizer::new(io::sink());
            s.push(br#"{"log": {"version": "1.2", "entries": ["#);
            for i in 0..n {
                if i > 0 {
                    s.push(b",\n");
                }
                s.push(entry.as_bytes());
            }
            s.push(b"]}}");
            let held = s.max_held_bytes();
            let summary = s.finish().unwrap();
            assert_eq!(summary.entries, n);
            assert!(summary.warnings.is_empty());
            held
        };
        let (small, big) = (held(200), held(2000));
        assert!(
            big <= small + small / 10,
            "held {small} bytes for 200 entries, {big} for 2000"
        );
        assert!(big < 4 * FLUSH_AT, "held {big} bytes");
    }
}
