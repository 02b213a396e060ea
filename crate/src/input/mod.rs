//! Input sniffing and reading: whatever a person pasted or dropped becomes a
//! list of [`Exchange`]s. The sniffer names what it found; parts it cannot
//! read become [`Warning`]s with line and column, and reading goes on.

mod decode;
mod http_text;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Exchange;
use crate::span::line_column;

pub use decode::{decode, Decoded, Encoding};

/// The formats the sniffer recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum InputKind {
    /// Nothing could be read.
    Unknown,
    /// Raw HTTP/1.x or HTTP/2-style message(s).
    Http,
    /// `curl -v` output.
    CurlVerbose,
    /// `wget -S` / `wget -d` output.
    Wget,
    /// Browser DevTools header copies.
    Devtools,
    /// A `curl` command line ("Copy as cURL" or typed).
    CurlCommand,
    /// A `fetch(...)` call ("Copy as fetch").
    FetchCommand,
    /// An `Invoke-WebRequest` command ("Copy as PowerShell").
    PowershellCommand,
    /// A HAR file.
    Har,
    /// A bare header line or header value.
    Header,
    /// A bare JWT.
    Jwt,
}

impl InputKind {
    /// The name used in the JSON report.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Http => "http",
            Self::CurlVerbose => "curl-verbose",
            Self::Wget => "wget",
            Self::Devtools => "devtools",
            Self::CurlCommand => "curl-command",
            Self::FetchCommand => "fetch-command",
            Self::PowershellCommand => "powershell-command",
            Self::Har => "har",
            Self::Header => "header",
            Self::Jwt => "jwt",
        }
    }
}

/// A part of the input that could not be read; reading went on past it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// 1-based line in the decoded text.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What was wrong, for a person.
    pub message: String,
}

impl Warning {
    /// A warning at byte `offset` of `text`.
    #[must_use]
    pub fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Self {
            line,
            column,
            message: message.into(),
        }
    }
}

/// Why nothing at all could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadError {
    /// 1-based line where reading failed.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What was expected, for a person.
    pub message: String,
}

impl ReadError {
    /// An error at byte `offset` of `text`.
    #[must_use]
    pub fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Self {
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ReadError {}

/// What was read from one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The format recognised.
    pub kind: InputKind,
    /// The producing program, when known.
    pub producer: Option<String>,
    /// The exchanges, in input order.
    pub exchanges: Vec<Exchange>,
    /// Parts that could not be read.
    pub warnings: Vec<Warning>,
    /// How many exchanges the input holds in all, when more were seen than
    /// kept in `exchanges` (a big HAR keeps only the auth-relevant ones).
    pub total_exchanges: Option<usize>,
}

/// Sniffs the format of `input` and reads it.
///
/// # Errors
/// [`ReadError`] when the input holds nothing readable as HTTP (no message,
/// header, command, token or HAR), located at the first line that broke it.
pub fn read(input: &[u8]) -> Result<Read, ReadError> {
    if crate::har::looks_like_har(input) {
        return crate::har::read(input);
    }
    let decoded = decode(input);
    let text = decoded.text.as_ref();
    let mut read = http_text::read(text)?;
    if let Some(note) = decoded.note() {
        read.warnings.insert(
            0,
            Warning {
                line: 1,
                column: 1,
                message: note,
            },
        );
    }
    Ok(read)
}
