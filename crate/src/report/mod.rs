//! The report: what was read, what was found, and the verdict. Serializes to
//! the JSON of `spec/contracts.md` ("JSON report"); fields may be added, never
//! removed or renamed.

use serde::{Deserialize, Serialize};

use crate::input::{InputKind, Read, ReadError, Warning};
use crate::model::{Exchange, Header};
use crate::Options;

/// Bumped only when a field is removed or renamed.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole result of a diagnosis.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// Version of this JSON shape.
    pub schema_version: u32,
    /// What was read.
    pub input: InputInfo,
    /// The finding that best explains the failure, if any.
    pub verdict: Option<Verdict>,
    /// Every finding, most important first.
    pub findings: Vec<Finding>,
    /// The exchanges read (for big HARs, the auth-relevant ones).
    pub exchanges: Vec<ExchangeOut>,
}

/// What the sniffer found in the input.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputInfo {
    /// The format that was recognised.
    pub kind: InputKind,
    /// The program that produced it (`curl`, `Chrome 131`, …), when known.
    pub producer: Option<String>,
    /// How many exchanges the input holds in all.
    pub exchanges: usize,
    /// Parts that could not be read; reading went on past them.
    pub warnings: Vec<Warning>,
    /// Set when nothing could be read at all (the CLI then exits 2).
    pub error: Option<ReadError>,
}

/// The chosen explanation (filled by the diagnosis engine).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verdict {
    /// Finding code.
    pub code: String,
    /// Vendor error or sub-status.
    pub subcode: Option<String>,
    /// One sentence for a person.
    pub summary: String,
    /// `high`, `medium` or `low`.
    pub confidence: String,
    /// What to paste next to confirm it.
    pub capture_next: Option<String>,
    /// Other codes that could explain the failure.
    pub alternatives: Vec<String>,
}

/// One finding (filled by the diagnosis engine).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// `family.name`.
    pub code: String,
    /// Vendor error or sub-status.
    pub subcode: Option<String>,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// One line, with the concrete value.
    pub title: String,
    /// Why it matters here.
    pub detail: String,
    /// Index into `exchanges`.
    pub exchange: Option<usize>,
    /// What the finding rests on.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// What each reader should do.
    #[serde(default)]
    pub fix: Fix,
    /// RFC sections and vendor documentation.
    #[serde(default)]
    pub references: Vec<String>,
}

/// One piece of evidence: a header (or the status line, a body) of one
/// exchange, with the byte range the finding rests on.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// Index into `exchanges`.
    pub exchange: usize,
    /// `request` or `response`.
    pub part: String,
    /// Header name as written; `None` for the status line or the body.
    pub header: Option<String>,
    /// Position of the header in that message's list (names repeat).
    pub header_index: Option<usize>,
    /// First byte of the range in the header value as read.
    pub start: Option<usize>,
    /// One past the last byte of the range.
    pub end: Option<usize>,
    /// The value, secrets redacted.
    pub value: String,
    /// The values compared, for a person.
    pub note: String,
}

/// What to do about a finding, for the two readers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Fix {
    /// For the person who saw the error.
    pub visitor: Vec<String>,
    /// For whoever runs the site or API.
    pub owner: Vec<String>,
}

/// An exchange as the report shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExchangeOut {
    /// HAR entry index or message order.
    pub entry_index: usize,
    /// The request, if shown.
    pub request: Option<RequestOut>,
    /// The response, if shown.
    pub response: Option<ResponseOut>,
}

/// A request as the report shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestOut {
    /// Method as written.
    pub method: String,
    /// Target as written.
    pub url: String,
    /// Protocol version, when known.
    pub http_version: Option<String>,
    /// Headers in order.
    pub headers: Vec<HeaderOut>,
}

/// A response as the report shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResponseOut {
    /// Status code, when shown.
    pub status: Option<u16>,
    /// Reason phrase.
    pub status_text: String,
    /// Protocol version, when known.
    pub http_version: Option<String>,
    /// Headers in order.
    pub headers: Vec<HeaderOut>,
}

/// A header with what its decoder made of it.
///
/// Serializes as `{"name", "value", "parsed"}`: `parsed` (challenges,
/// credentials, cookie, …, or `null` for headers AuthLens does not decode)
/// is written by the decoders straight into the report's JSON when it is
/// serialized, never held as a `serde_json::Value` tree; building those
/// trees cost the wasm tens of KB. [`HeaderOut::parsed`] gives it as a value.
#[derive(Debug, Clone, Deserialize)]
pub struct HeaderOut {
    /// Name as written.
    pub name: String,
    /// Value as read.
    pub value: String,
}

impl HeaderOut {
    fn from_header(header: &Header) -> Self {
        Self {
            name: header.name.clone(),
            value: header.value.clone(),
        }
    }

    /// The decoded structure the report shows as `parsed`, if the header is
    /// one AuthLens decodes.
    #[must_use]
    pub fn parsed(&self) -> Option<serde_json::Value> {
        crate::parse::parsed(&self.name, &self.value)
    }
}

impl Serialize for HeaderOut {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut map = serializer.serialize_struct("HeaderOut", 3)?;
        map.serialize_field("name", &self.name)?;
        map.serialize_field("value", &self.value)?;
        map.serialize_field(
            "parsed",
            &crate::parse::Parsed {
                name: &self.name,
                value: &self.value,
            },
        )?;
        map.end()
    }
}

impl ExchangeOut {
    fn from_exchange(exchange: &Exchange) -> Self {
        Self {
            entry_index: exchange.entry_index,
            request: exchange.request.as_ref().map(|r| RequestOut {
                method: r.method.clone(),
                url: r.url.clone(),
                http_version: r.http_version.clone(),
                headers: r.headers.iter().map(HeaderOut::from_header).collect(),
            }),
            response: exchange.response.as_ref().map(|r| ResponseOut {
                status: r.status,
                status_text: r.status_text.clone(),
                http_version: r.http_version.clone(),
                headers: r.headers.iter().map(HeaderOut::from_header).collect(),
            }),
        }
    }
}

impl Report {
    /// The report for input that was read.
    #[must_use]
    pub fn from_read(read: Read, options: &Options) -> Self {
        let (verdict, findings) = crate::diagnosis::diagnose_read(&read, options);
        Self {
            schema_version: SCHEMA_VERSION,
            input: InputInfo {
                kind: read.kind,
                producer: read.producer,
                exchanges: read.total_exchanges.unwrap_or(read.exchanges.len()),
                warnings: read.warnings,
                error: None,
            },
            verdict,
            findings,
            exchanges: read
                .exchanges
                .iter()
                .map(ExchangeOut::from_exchange)
                .collect(),
        }
    }

    /// The report for input that could not be read at all.
    #[must_use]
    pub fn unreadable(error: ReadError) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            input: InputInfo {
                kind: InputKind::Unknown,
                producer: None,
                exchanges: 0,
                warnings: Vec::new(),
                error: Some(error),
            },
            verdict: None,
            findings: Vec::new(),
            exchanges: Vec::new(),
        }
    }

    /// The report as pretty JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serializing these plain structs cannot fail (no maps with non-string keys).
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

mod details;
mod render;
#[allow(clippy::indexing_slicing)] // `serde_json::Value` indexing never panics
pub mod share;
pub use details::{render_details_markdown, render_details_text};
pub use render::{render_markdown, render_text, secret_name, shown_header_value, shown_url};
