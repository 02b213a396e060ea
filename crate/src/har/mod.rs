//! HAR files, read as a stream: a gigabyte HAR never sits in memory.
//!
//! [`HarReader`] takes the file chunk by chunk. A resumable scanner
//! ([`scan`]) finds every `log.entries[i]`, re-emits it compactly without
//! the large bodies (which are skipped as they stream past, never copied or
//! decoded) and hands it to `serde_json`; [`entry`] turns it into an
//! [`Exchange`]. Every producer quirk in the shared corpus is read: BOM,
//! JSONP wrapper, `httpVersion` spellings, statuses `0`/`-1`/`null`, one
//! object where an array belongs, `_`-prefixed fields, base64 bodies,
//! a truncated file (every complete entry, then a warning saying where it
//! stopped), a single entry instead of a whole HAR.
//!
//! ```
//! let har = br#"{"log":{"creator":{"name":"Firefox","version":"128.0"},"entries":[
//!   {"request":{"method":"GET","url":"https://a.test/","headers":[]},
//!    "response":{"status":401,"statusText":"Unauthorized","headers":[
//!      {"name":"WWW-Authenticate","value":"Bearer"}],"content":{"text":"no"}}}]}}"#;
//! let read = authlens::har::read(har).unwrap();
//! assert_eq!(read.producer.as_deref(), Some("Firefox 128"));
//! assert_eq!(read.exchanges[0].response.as_ref().unwrap().status, Some(401));
//! ```

mod entry;
pub(crate) mod position;
mod producer;
mod scan;
mod select;
mod sniff;

use crate::input::{InputKind, Read, ReadError, Warning};
use crate::model::{Exchange, Headers};

use position::Position;
use scan::{Found, Scanner};
use select::Selection;

pub(crate) use select::is_auth_url;
pub use sniff::looks_like_har;

/// Most warnings listed for broken entries; past this they are counted.
const MAX_WARNINGS: usize = 20;

/// A streaming HAR reader: [`HarReader::push`] every chunk, then
/// [`HarReader::finish`]. Memory stays flat whatever the file size: only the
/// entry being read (without its large bodies) and the kept exchanges are held.
#[derive(Debug)]
pub struct HarReader {
    max_listed: usize,
    scanner: Scanner,
    exchanges: Vec<Exchange>,
    /// Entries read (complete ones, including those not kept).
    total: usize,
    /// Past `max_listed` entries, only auth-relevant ones are kept.
    selection: Option<Selection>,
    creator: Option<(String, String)>,
    notes: Notes,
    warnings: Vec<Warning>,
    dropped_warnings: usize,
}

fn warning(at: Position, message: impl Into<String>) -> Warning {
    Warning {
        line: at.line(),
        column: at.column(),
        message: message.into(),
    }
}

impl HarReader {
    /// A reader that lists every exchange of a HAR with up to
    /// `max_listed_exchanges` entries, and only the auth-relevant ones of a
    /// bigger one (all are counted).
    #[must_use]
    pub fn new(max_listed_exchanges: usize) -> Self {
        Self {
            max_listed: max_listed_exchanges,
            scanner: Scanner::default(),
            exchanges: Vec::new(),
            total: 0,
            selection: None,
            creator: None,
            notes: Notes::default(),
            warnings: Vec::new(),
            dropped_warnings: 0,
        }
    }

    /// Reads the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        let Self {
            scanner,
            exchanges,
            total,
            selection,
            creator,
            notes,
            warnings,
            dropped_warnings,
            max_listed,
        } = self;
        let mut warn = |w: Warning| {
            if warnings.len() < MAX_WARNINGS {
                warnings.push(w);
            } else {
                *dropped_warnings += 1;
            }
        };
        scanner.push(chunk, &mut |found| match found {
            Found::Entry { index, at, json } => match parse(json, index) {
                Ok(exchange) => {
                    *total += 1;
                    notes.note(&exchange);
                    if let Some(selection) = selection.as_mut() {
                        selection.offer(exchange, exchanges);
                    } else {
                        exchanges.push(exchange);
                        if exchanges.len() > *max_listed {
                            let mut chosen = Selection::default();
                            *exchanges = chosen.filter(std::mem::take(exchanges));
                            *selection = Some(chosen);
                        }
                    }
                }
                Err(message) => warn(warning(at, format!("entry {index} skipped: {message}"))),
            },
            Found::Creator(json) => {
                if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(json) {
                    let field = |k: &str| {
                        map.get(k)
                            .and_then(serde_json::Value::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    };
                    *creator = Some((field("name"), field("version")));
                }
            }
            Found::NotAnEntry { index, at } => {
                warn(warning(at, format!("entry {index} skipped: not an object")));
            }
        });
    }

    /// Bytes the reader holds for the entry being read (not counting the
    /// exchanges kept): stays bounded by the largest entry without its bodies.
    #[must_use]
    pub fn buffered_bytes(&self) -> usize {
        self.scanner.buffered_bytes()
    }

    /// The most [`Self::buffered_bytes`] held at any time so far.
    #[must_use]
    pub fn max_buffered_bytes(&self) -> usize {
        self.scanner.max_buffered_bytes()
    }

    /// Entries read so far.
    #[must_use]
    pub fn entries_read(&self) -> usize {
        self.total
    }

    /// Finishes reading.
    ///
    /// # Errors
    /// [`ReadError`] when no entry could be read and the file is not a
    /// well-formed HAR (not JSON, wrong top level, cut before its first
    /// entry), located by line and column.
    pub fn finish(mut self) -> Result<Read, ReadError> {
        let end = self.scanner.position();
        let broken = if let Some(error) = self.scanner.error() {
            Some(warning(
                error.at,
                format!(
                    "HAR is not valid JSON here ({}); read the {} complete entries before it",
                    error.message, self.total
                ),
            ))
        } else if !self.scanner.complete() {
            let inside = self
                .scanner
                .open_entry()
                .map(|i| format!(" inside entry {i}"))
                .unwrap_or_default();
            Some(warning(
                end,
                format!(
                    "HAR ends early{inside} (file truncated?); read the {} complete entries before it",
                    self.total
                ),
            ))
        } else {
            None
        };
        if let Some(at) = self.scanner.trailing() {
            self.warnings
                .push(warning(at, "data after the end of the HAR was ignored"));
        }
        if self.total == 0 {
            if let Some(single) = self.single_entry() {
                self.total = 1;
                self.notes.note(&single);
                self.exchanges.push(single);
            }
        }
        if let Some(broken) = broken {
            if self.total == 0 {
                return Err(ReadError {
                    line: broken.line,
                    column: broken.column,
                    message: broken.message,
                });
            }
            self.warnings.push(broken);
        }
        if self.dropped_warnings > 0 {
            self.warnings.push(Warning {
                line: end.line(),
                column: end.column(),
                message: format!("{} more entries skipped", self.dropped_warnings),
            });
        }
        let producer = self.creator.as_ref().and_then(|(name, version)| {
            producer::producer(name, version, self.notes.user_agent.as_deref())
        });
        if !self.notes.secrets && self.notes.auth {
            if let Some(("WebInspector", _)) = self.creator.as_ref().map(|(n, v)| (n.as_str(), v)) {
                self.warnings.insert(
                    0,
                    Warning {
                        line: 1,
                        column: 1,
                        message: "no entry has a Cookie, Set-Cookie or Authorization header: \
                                  Chrome leaves them out of HAR exports unless \"Allow to \
                                  generate HAR with sensitive data\" is on, so their absence \
                                  here proves nothing"
                            .to_owned(),
                    },
                );
            }
        }
        Ok(Read {
            kind: InputKind::Har,
            producer,
            exchanges: self.exchanges,
            warnings: self.warnings,
            total_exchanges: Some(self.total),
        })
    }

    /// A top-level object that is one entry rather than a whole HAR.
    fn single_entry(&self) -> Option<Exchange> {
        let value: serde_json::Value = serde_json::from_slice(self.scanner.root_json()?).ok()?;
        entry::is_entry(&value)
            .then(|| entry::exchange(value, 0).ok())
            .flatten()
    }
}

/// Parses one entry's JSON; input that is not UTF-8 is read lossily.
fn parse(json: &[u8], index: usize) -> Result<Exchange, String> {
    let value = match serde_json::from_slice::<serde_json::Value>(json) {
        Ok(value) => value,
        Err(error) => {
            let text = String::from_utf8_lossy(json);
            // As bytes: a second reader type would instantiate the whole
            // JSON parser again in the wasm.
            serde_json::from_slice(text.as_bytes()).map_err(|_| error.to_string())?
        }
    };
    entry::exchange(value, index).map_err(str::to_owned)
}

/// What the whole file needs to know from its exchanges.
#[derive(Debug, Default)]
struct Notes {
    /// The first `User-Agent` (names Chromium exports).
    user_agent: Option<String>,
    /// Whether any entry carries a cookie or credential header.
    secrets: bool,
    /// Whether any entry shows that auth is at stake: a challenge, a
    /// preflight asking to send credentials, a login or token endpoint.
    auth: bool,
}

impl Notes {
    fn note(&mut self, exchange: &Exchange) {
        if let Some(request) = &exchange.request {
            if self.user_agent.is_none() {
                self.user_agent = request.header("user-agent").map(|h| h.value.clone());
            }
            self.secrets |=
                request.header("cookie").is_some() || request.header("authorization").is_some();
            self.auth |= select::is_auth_url(&request.url)
                || request
                    .header("access-control-request-headers")
                    .is_some_and(|h| {
                        let v = h.value.to_ascii_lowercase();
                        v.contains("authorization") || v.contains("cookie")
                    });
        }
        if let Some(response) = &exchange.response {
            self.secrets |= response.header("set-cookie").is_some();
        }
        self.auth |= select::is_challenge(exchange);
    }
}

/// Reads a whole HAR held in memory: exactly [`HarReader::push`] then
/// [`HarReader::finish`], with the default listing limit of [`crate::Options`].
///
/// # Errors
/// As [`HarReader::finish`].
pub fn read(bytes: &[u8]) -> Result<Read, ReadError> {
    let mut reader = HarReader::new(crate::Options::default().max_listed_exchanges);
    reader.push(bytes);
    reader.finish()
}
