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
    /// What [`Report::redact_secrets`] hid, per location; absent from a
    /// report that shows values as read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redacted: Vec<RedactedCount>,
}

/// How many values were hidden in one place of a shared report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedCount {
    /// `request.headers`, `request.url` or `response.headers`.
    pub location: String,
    /// How many.
    pub count: usize,
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
    /// For a line the tool printed outside the HTTP text (wget's
    /// `Authentication selected`, curl's `* ` lines): its 1-based line in
    /// the input; `value` holds the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
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
            redacted: Vec::new(),
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
            redacted: Vec::new(),
        }
    }

    /// Hides every secret the report shows, for sharing it: credentials
    /// become scheme and length, cookie values lengths, URL userinfo and
    /// credential query values `<redacted: N bytes>` — exactly what the text
    /// and Markdown renderings show. Evidence is redacted already. Records
    /// the counts in [`Report::redacted`]; returns how many values changed.
    pub fn redact_secrets(&mut self) -> usize {
        let mut counts: Vec<RedactedCount> = Vec::new();
        let mut count = |location: &str| match counts.iter_mut().find(|c| c.location == location) {
            Some(c) => c.count += 1,
            None => counts.push(RedactedCount {
                location: location.to_owned(),
                count: 1,
            }),
        };
        for exchange in &mut self.exchanges {
            if let Some(request) = exchange.request.as_mut() {
                let url = shown_url(&request.url);
                if url != request.url {
                    request.url = url;
                    count("request.url");
                }
                for header in &mut request.headers {
                    if redact_header(header) {
                        count("request.headers");
                    }
                }
            }
            if let Some(response) = exchange.response.as_mut() {
                for header in &mut response.headers {
                    if redact_header(header) {
                        count("response.headers");
                    }
                }
            }
        }
        let total = counts.iter().map(|c| c.count).sum();
        for c in counts {
            match self.redacted.iter_mut().find(|r| r.location == c.location) {
                Some(r) => r.count += c.count,
                None => self.redacted.push(c),
            }
        }
        total
    }

    /// The report as pretty JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serializing these plain structs cannot fail (no maps with non-string keys).
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

mod details;
pub mod redact;
mod render;
#[allow(clippy::indexing_slicing)] // `serde_json::Value` indexing never panics
pub mod share;
pub use details::{render_details_markdown, render_details_text};
pub use redact::{secret_name, shown_header_value, shown_url};
pub use render::{render_markdown, render_text};

/// Replaces a header's value by what the renderings show; true when that
/// hid something.
fn redact_header(header: &mut HeaderOut) -> bool {
    let shown = render::shown_value(header);
    if shown == header.value {
        return false;
    }
    header.value = shown;
    true
}

#[cfg(test)]
mod redaction_tests {
    #![allow(clippy::unwrap_used)]
    use crate::{diagnose, Options};

    const PASTE: &str = "GET https://bob:hunter2QX@api.test/x?access_token=abc123QXsecret&x=1 HTTP/1.1\nAuthorization: Bearer abcdefQXghijklmnop\nCookie: sid=QXsession42; theme=dark\nX-Api-Key: QXkey123456\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"x\", error=\"invalid_token\"\nSet-Cookie: sid=QXnew99; Path=/; HttpOnly\n";

    #[test]
    fn a_shared_report_holds_no_secret_and_says_what_it_hid() {
        let mut report = diagnose(PASTE.as_bytes(), &Options::with_now(1_700_000_000));
        let raw = report.to_json();
        assert!(raw.contains("QX"), "the plain report shows values as read");
        assert!(!raw.contains("\"redacted\""));
        let hidden = report.redact_secrets();
        let json = report.to_json();
        assert!(!json.contains("QX"), "{json}");
        assert!(hidden >= 5, "{hidden}");
        let count = |loc: &str| {
            report
                .redacted
                .iter()
                .find(|c| c.location == loc)
                .map_or(0, |c| c.count)
        };
        assert_eq!(count("request.url"), 1);
        assert_eq!(count("request.headers"), 3);
        assert_eq!(count("response.headers"), 1);
        // Names, schemes and attributes stay: they are the diagnosis.
        assert!(json.contains("Bearer <redacted"));
        assert!(json.contains("HttpOnly"));
        assert!(json.contains("theme=<redacted: 4 bytes>"));
        // The verdict does not change by hiding values.
        let again = diagnose(PASTE.as_bytes(), &Options::with_now(1_700_000_000));
        assert_eq!(
            again.verdict.as_ref().map(|v| v.code.clone()),
            report.verdict.as_ref().map(|v| v.code.clone())
        );
        let md = super::render_markdown(&again);
        assert!(!md.contains("QX"), "{md}");
        assert!(md.contains("Secrets hidden in this report"));
    }
}
