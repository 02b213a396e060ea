//! Human renderings of a report: plain or coloured text for a terminal,
//! Markdown for a ticket. Both show only what the JSON holds.

use std::fmt::Write as _;

use super::redact::{shown_header_value, shown_url};
use super::{ExchangeOut, HeaderOut, Report};

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
            format!("{} {} {}", request.method, shown_url(&request.url), version)
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

/// A header value as the human renderings show it: credentials as scheme
/// and length, cookie values as lengths (names and attributes kept, as they
/// explain why a cookie was or was not sent), control characters escaped so
/// a paste cannot drive the terminal.
pub(super) fn shown_value(header: &HeaderOut) -> String {
    shown_header_value(&header.name, &header.value)
}

/// The header lines of an exchange's messages, with a caption per side.
fn header_lines(exchange: &ExchangeOut) -> Vec<(bool, String)> {
    let mut lines = Vec::new();
    let sides = [
        exchange.request.as_ref().map(|r| (true, &r.headers)),
        exchange.response.as_ref().map(|r| (false, &r.headers)),
    ];
    for (is_request, headers) in sides.into_iter().flatten() {
        for header in headers {
            let name: String = header
                .name
                .chars()
                .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                .collect();
            lines.push((is_request, format!("{name}: {}", shown_value(header))));
        }
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
        let starts = start_line(exchange);
        let mut starts = starts.iter();
        let request_start = exchange.request.as_ref().and(starts.next());
        let response_start = exchange.response.as_ref().and(starts.next());
        let lines = header_lines(exchange);
        if let Some(line) = request_start {
            let _ = writeln!(out, "  {}", style.paint("36", &clean(line)));
        }
        for (_, header) in lines.iter().filter(|(request, _)| *request) {
            let _ = writeln!(out, "    {header}");
        }
        if let Some(line) = response_start {
            let _ = writeln!(out, "  {}", style.paint("36", &clean(line)));
        }
        for (_, header) in lines.iter().filter(|(request, _)| !*request) {
            let _ = writeln!(out, "    {header}");
        }
    }
    out
}

fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
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
    // The redaction report: what this rendering hides, so a reader of the
    // ticket knows the values are not the real ones.
    let mut shared = report.clone();
    shared.redact_secrets();
    if !shared.redacted.is_empty() {
        let places: Vec<String> = shared
            .redacted
            .iter()
            .map(|c| format!("{} in {}", c.count, c.location))
            .collect();
        let _ = writeln!(
            out,
            "- Secrets hidden in this report (shown as their length): {}",
            places.join(", ")
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
    out.push_str("\n## Exchanges\n");
    for exchange in &report.exchanges {
        let _ = writeln!(out, "\n### Exchange {}\n\n```http", exchange.entry_index);
        let starts = start_line(exchange);
        let mut starts = starts.iter();
        let lines = header_lines(exchange);
        for (is_request, present) in [
            (true, exchange.request.is_some()),
            (false, exchange.response.is_some()),
        ] {
            if !present {
                continue;
            }
            if let Some(line) = starts.next() {
                let _ = writeln!(out, "{}", fence_safe(&clean(line)));
            }
            for (_, header) in lines.iter().filter(|(r, _)| *r == is_request) {
                let _ = writeln!(out, "{}", fence_safe(header));
            }
            if is_request && exchange.response.is_some() {
                out.push('\n');
            }
        }
        out.push_str("```\n");
    }
    out
}

/// Keeps a line from closing the code fence it is shown in.
fn fence_safe(line: &str) -> String {
    line.replace("```", "'''")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str) -> HeaderOut {
        HeaderOut {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn urls_lose_passwords_and_secret_query_values() {
        let cases: &[(&str, &str)] = &[
            ("https://a.test/x?q=1", "https://a.test/x?q=1"),
            (
                "https://u:pw@a.test/x",
                "https://u:<redacted: 2 bytes>@a.test/x",
            ),
            (
                "/cb?code=abc&state=s&access_token=tok",
                "/cb?code=<redacted: 3 bytes>&state=s&access_token=<redacted: 3 bytes>",
            ),
            (
                "https://a.test/f?X-Amz-Signature=ff&api_key=k#id_token=jj",
                "https://a.test/f?X-Amz-Signature=<redacted: 2 bytes>&api_key=<redacted: 1 bytes>#id_token=<redacted: 2 bytes>",
            ),
        ];
        for (url, want) in cases {
            assert_eq!(shown_url(url), *want, "{url}");
        }
    }

    #[test]
    fn secrets_are_shown_as_scheme_and_length() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "Authorization",
                "Bearer abc.def",
                "Bearer <redacted: 7 bytes>",
            ),
            (
                "proxy-authorization",
                "NTLM TlRM",
                "NTLM <redacted: 4 bytes>",
            ),
            ("Authorization", "eyJhbGciOi.x.y", "<redacted: 14 bytes>"),
            (
                "Cookie",
                "a=123; b=4",
                "a=<redacted: 3 bytes>; b=<redacted: 1 bytes>",
            ),
            (
                "Set-Cookie",
                "sid=secret; Path=/; HttpOnly",
                "sid=<redacted: 6 bytes>; Path=/; HttpOnly",
            ),
            ("X-Api-Key", "k3y", "<redacted: 3 bytes>"),
            ("WWW-Authenticate", "Basic realm=\"x\"", "Basic realm=\"x\""),
            ("X-Evil", "a\u{1b}[2Jb", "a\u{fffd}[2Jb"),
        ];
        for (name, value, want) in cases {
            assert_eq!(shown_value(&header(name, value)), *want, "{name}: {value}");
        }
    }
}
