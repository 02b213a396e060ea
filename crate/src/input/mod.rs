//! Input sniffing and reading: whatever a person pasted or dropped becomes a
//! list of [`Exchange`]s. The sniffer names what it found; parts it cannot
//! read become [`Warning`]s with line and column, and reading goes on.

mod assemble;
mod bare;
mod command;
mod decode;
mod http_text;
mod lines;
mod scan;
pub mod sniff;
mod tools;

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
    /// A typed `wget` command.
    WgetCommand,
    /// An HTTPie `http` command.
    HttpieCommand,
    /// Python `http.client` / `requests` debug output.
    PythonDebug,
    /// mitmproxy / mitmdump output.
    Mitmproxy,
    /// A server's debug, trace or access log.
    ServerLog,
    /// PowerShell's response object or error output.
    PowershellOutput,
    /// A browser console line (`Failed to load resource: … status of 401`).
    Console,
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
            Self::WgetCommand => "wget-command",
            Self::HttpieCommand => "httpie-command",
            Self::PythonDebug => "python-debug",
            Self::Mitmproxy => "mitmproxy",
            Self::ServerLog => "server-log",
            Self::PowershellOutput => "powershell-output",
            Self::Console => "console",
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
/// A HAR goes to [`crate::har`]; [`crate::Reader`] routes a streamed HAR
/// there directly, without buffering it.
///
/// # Errors
/// [`ReadError`] when the input holds nothing readable as HTTP (no message,
/// header, command, token or HAR), located at its first non-blank line.
pub fn read(input: &[u8]) -> Result<Read, ReadError> {
    if crate::har::looks_like_har(input) {
        return crate::har::read(input);
    }
    if sniff::looks_like_har(input) {
        // A UTF-16 HAR (some Windows tools): the HAR scanner reads UTF-8.
        let decoded = decode(input);
        let mut read = crate::har::read(decoded.text.as_bytes())?;
        if let Some(note) = decoded.note() {
            read.warnings.insert(
                0,
                Warning::at(&decoded.text, decoded.first_invalid.unwrap_or(0), note),
            );
        }
        return Ok(read);
    }
    let decoded = decode(input);
    let mut read = read_text(decoded.text.as_ref())?;
    if let Some(note) = decoded.note() {
        // Located at the first byte that was not valid, when there is one.
        let at = decoded.first_invalid.unwrap_or(0);
        read.warnings
            .insert(0, Warning::at(&decoded.text, at, note));
    }
    Ok(read)
}

/// Reads decoded text (every format but HAR).
///
/// # Errors
/// As [`read`].
pub fn read_text(text: &str) -> Result<Read, ReadError> {
    let mut lines = lines::split(text);
    // Scanners look at a line several times: a 100 MB line would take
    // minutes. No header or command line comes near the limit.
    let mut cut_warnings = Vec::new();
    for line in &mut lines {
        if line.text.len() > crate::limits::MAX_LINE_BYTES {
            let kept = crate::limits::cut(line.text, crate::limits::MAX_LINE_BYTES);
            cut_warnings.push(line.warning(
                line.start + kept.len(),
                format!(
                    "line is {} bytes long; read its first {} bytes (limit)",
                    line.text.len(),
                    kept.len()
                ),
            ));
            line.text = kept;
        }
    }
    let scanned = scan::Scan::new(text).run(&lines);
    let mut warnings = scanned.warnings;
    let (exchanges, kind) = if scanned.exchanges.is_empty() {
        match bare::read(&lines) {
            Some((exchange, kind)) => {
                warnings.clear();
                (vec![exchange], kind)
            }
            None => {
                let first = lines.iter().find(|l| !l.text.trim().is_empty());
                let (line, column) = first.map_or((1, 1), |l| {
                    let w = l.warning(l.offset_of(l.text.trim_start()), "");
                    (w.line, w.column)
                });
                return Err(ReadError {
                    line,
                    column,
                    message: "no HTTP message, header, command, token or HAR found".into(),
                });
            }
        }
    } else {
        (scanned.exchanges, scanned.kind.unwrap_or(InputKind::Http))
    };
    let from_agent = sniff::producer_from_user_agent(&exchanges);
    // A browser's copy (as cURL, fetch, PowerShell, DevTools) names the
    // browser; tool output names the tool.
    let browser_copy = matches!(
        kind,
        InputKind::CurlCommand
            | InputKind::FetchCommand
            | InputKind::PowershellCommand
            | InputKind::Devtools
            | InputKind::Http
            | InputKind::Header
    );
    warnings.extend(cut_warnings);
    let producer = match (scanned.producer, from_agent) {
        // Insomnia and others print curl's verbose format: their agent names them.
        (Some(p), Some(agent)) if browser_copy || p == "curl" && !agent.contains(' ') => {
            Some(agent)
        }
        (Some(p), Some(_)) => Some(p.to_owned()),
        (Some(p), None) => Some(p.to_owned()),
        (None, agent) => agent,
    };
    Ok(Read {
        kind,
        producer,
        exchanges,
        warnings,
        total_exchanges: None,
    })
}
