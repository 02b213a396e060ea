//! AuthLens: explains why an HTTP request was answered 401 Unauthorized or
//! 407 Proxy Authentication Required.
//!
//! The core is pure: it reads bytes (a paste, a HAR file, a header value),
//! turns them into [`model::Exchange`]s and reports what it found. It knows
//! nothing of browsers or terminals and never reads the clock: the caller
//! passes `now` in [`Options`].
//!
//! ```
//! let options = authlens::Options::default();
//! let report = authlens::diagnose(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n\r\n", &options);
//! assert_eq!(report.exchanges.len(), 1);
//! assert_eq!(report.exchanges[0].response.as_ref().map(|r| r.status), Some(Some(401)));
//! ```

pub mod compare;
pub mod cookie_store;
pub mod diagnosis;
pub mod har;
pub mod input;
pub mod json_text;
pub mod limits;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod site;
pub mod span;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use model::{Exchange, Header, Request, Response};
pub use report::Report;

/// What the caller decides for a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Seconds since the Unix epoch (UTC): the clock used when the capture
    /// has none of its own (no `Date`, no HAR `startedDateTime`). `None`
    /// means "unknown": time-based findings then rest on the capture alone.
    pub now: Option<i64>,
    /// How many exchanges a big HAR may list in the report; past this only
    /// the auth-relevant ones are kept (`input.exchanges` still counts all).
    pub max_listed_exchanges: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            now: None,
            max_listed_exchanges: 1_000,
        }
    }
}

impl Options {
    /// Options with a fixed clock, as tests and the CLI's `--now` use.
    #[must_use]
    pub fn with_now(now: i64) -> Self {
        Self {
            now: Some(now),
            ..Self::default()
        }
    }
}

/// Reads `input` and diagnoses it. Never fails and never panics: input that
/// cannot be read at all gives a report whose `input.error` says where and why.
///
/// This is exactly `Reader::new(options)`, `push(input)`, `finish()`.
#[must_use]
pub fn diagnose(input: &[u8], options: &Options) -> Report {
    let mut reader = Reader::new(options.clone());
    reader.push(input);
    reader.finish()
}

/// How much of the input is looked at before deciding whether it is a HAR;
/// a HAR is then streamed, anything else is buffered.
const SNIFF_LEN: usize = 1024;

/// Incremental reader for inputs that arrive in chunks (a dropped file read
/// through `File.stream()`, a pipe). Feed every chunk with [`Reader::push`],
/// then call [`Reader::finish`]. A HAR is never buffered: after its first
/// kilobyte every chunk goes straight through the streaming [`har::HarReader`].
#[derive(Debug)]
pub struct Reader {
    options: Options,
    buffer: Vec<u8>,
    har: Option<har::HarReader>,
    sniffed: bool,
    bytes: u64,
}

impl Reader {
    /// A reader that will diagnose with `options`.
    #[must_use]
    pub fn new(options: Options) -> Self {
        Self {
            options,
            buffer: Vec::new(),
            har: None,
            sniffed: false,
            bytes: 0,
        }
    }

    /// Appends the next chunk of input.
    pub fn push(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        if let Some(har) = &mut self.har {
            har.push(chunk);
            return;
        }
        self.buffer.extend_from_slice(chunk);
        if !self.sniffed && self.buffer.len() >= SNIFF_LEN {
            self.sniff();
        }
    }

    /// Decides from the first [`SNIFF_LEN`] bytes whether the input is a HAR,
    /// and if so hands what was buffered to the HAR reader.
    fn sniff(&mut self) {
        self.sniffed = true;
        let prefix = self.buffer.get(..SNIFF_LEN).unwrap_or(&self.buffer);
        if har::looks_like_har(prefix) {
            let mut reader = har::HarReader::new(self.options.max_listed_exchanges);
            reader.push(&std::mem::take(&mut self.buffer));
            self.har = Some(reader);
        }
    }

    /// Bytes received so far.
    #[must_use]
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Bytes held for reading: the whole input for pastes, the entry being
    /// read for a HAR.
    #[must_use]
    pub fn buffered_bytes(&self) -> usize {
        self.buffer.capacity() + self.har.as_ref().map_or(0, har::HarReader::buffered_bytes)
    }

    /// Reads what was pushed and produces the report.
    #[must_use]
    pub fn finish(mut self) -> Report {
        if !self.sniffed {
            self.sniff();
        }
        let read = match self.har {
            Some(har) => har.finish(),
            None => input::read(&self.buffer),
        };
        match read {
            Ok(mut read) => {
                limits::bound(&mut read);
                Report::from_read(read, &self.options)
            }
            Err(error) => Report::unreadable(error),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod testing;

// Shared by the cargo-fuzz targets (crate/fuzz) and the seed tests; native
// only, so the wasm never carries it.
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod fuzz_bodies;
