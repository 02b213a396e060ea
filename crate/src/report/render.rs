//! Human renderings of a report: plain or coloured text for a terminal,
//! Markdown for a ticket. Both show only what the JSON holds.

use std::fmt::Write as _;

use super::{ExchangeOut, Report};

/// Styling for the text rendering.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn start_line(exchange: &ExchangeOut) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(request) = &exchange.request {
        let version = request.http_version.as_deref().unwrap_or("");
        lines.push(
            format!("{} {} {}", request.method, request.url, version)
                .trim_end()
                .to_owned(),
        );
    }
    if let Some(response) = &exchange.response {
        let status = response
            .status
            .map_or_else(|| "(no status)".to_owned(), |s| s.to_string());
        let version = response.http_version.as_deref().unwrap_or("");
        lines.push(
            format!("{version} {status} {}", response.status_text)
                .trim()
                .to_owned(),
        );
    }
    lines
}

/// The report as text for a terminal; `color` adds ANSI colours.
#[must_use]
pub fn render_text(report: &Report, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    if let Some(error) = &report.input.error {
        let _ = writeln!(out, "{} {error}", style.paint("1;31", "error:"));
        return out;
    }
    let producer = report
        .input
        .producer
        .as_deref()
        .map(|p| format!(" from {p}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {}{producer}, {} exchange(s)",
        style.paint("1", "Read"),
        report.input.kind.as_str(),
        report.input.exchanges
    );
    for warning in &report.input.warnings {
        let _ = writeln!(
            out,
            "  {} line {}, column {}: {}",
            style.paint("33", "warning:"),
            warning.line,
            warning.column,
            warning.message
        );
    }
    match &report.verdict {
        Some(verdict) => {
            let _ = writeln!(
                out,
                "\n{} {} ({} confidence)",
                style.paint("1;31", "Verdict:"),
                verdict.summary,
                verdict.confidence
            );
        }
        None => {
            let _ = writeln!(out, "\n{}", style.paint("2", "No verdict."));
        }
    }
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "  [{}] {} {}",
            finding.severity,
            style.paint("1", &finding.code),
            finding.title
        );
    }
    for exchange in &report.exchanges {
        let _ = writeln!(out, "\n#{}", exchange.entry_index);
        for line in start_line(exchange) {
            let _ = writeln!(out, "  {}", style.paint("36", &line));
        }
    }
    out
}

/// The report as Markdown, for pasting into a ticket.
#[must_use]
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::from("# AuthLens report\n\n");
    if let Some(error) = &report.input.error {
        let _ = writeln!(out, "**Input could not be read:** {error}");
        return out;
    }
    let _ = writeln!(
        out,
        "- Input: `{}`, {} exchange(s)",
        report.input.kind.as_str(),
        report.input.exchanges
    );
    if let Some(producer) = &report.input.producer {
        let _ = writeln!(out, "- Producer: {producer}");
    }
    for warning in &report.input.warnings {
        let _ = writeln!(
            out,
            "- Warning (line {}, column {}): {}",
            warning.line, warning.column, warning.message
        );
    }
    out.push_str("\n## Verdict\n\n");
    match &report.verdict {
        Some(verdict) => {
            let _ = writeln!(
                out,
                "**{}** — {} ({} confidence)",
                verdict.code, verdict.summary, verdict.confidence
            );
        }
        None => out.push_str("No verdict.\n"),
    }
    if !report.findings.is_empty() {
        out.push_str("\n## Findings\n\n");
        for finding in &report.findings {
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}",
                finding.severity, finding.code, finding.title
            );
        }
    }
    out.push_str("\n## Exchanges\n\n");
    for exchange in &report.exchanges {
        for line in start_line(exchange) {
            let _ = writeln!(out, "- `{}`", line.replace('`', "'"));
        }
    }
    out
}
