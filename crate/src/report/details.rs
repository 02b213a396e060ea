//! The verdict's details and each finding's evidence and fixes, as a
//! section the text and Markdown renderings append.

use std::fmt::Write as _;

use super::Report;

/// Verdict details and fixes as plain text.
#[must_use]
pub fn render_details_text(report: &Report) -> String {
    let mut out = String::new();
    if let Some(v) = &report.verdict {
        let _ = writeln!(
            out,
            "\nVerdict code: {}{}",
            v.code,
            v.subcode
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        );
        if let Some(next) = &v.capture_next {
            let _ = writeln!(out, "To confirm, capture: {next}");
        }
        if !v.alternatives.is_empty() {
            let _ = writeln!(out, "Alternatives: {}", v.alternatives.join(", "));
        }
    }
    for f in report.findings.iter().filter(|f| f.severity != "info") {
        let _ = writeln!(out, "\n[{}] {}: {}", f.severity, f.code, f.title);
        if !f.detail.is_empty() {
            let _ = writeln!(out, "  {}", f.detail);
        }
        for e in &f.evidence {
            let line = e.line.map(|n| format!("tool output, line {n}"));
            let at = e
                .header
                .as_deref()
                .or(line.as_deref())
                .unwrap_or(if e.part == "response" {
                    "status/body"
                } else {
                    "request line"
                });
            let _ = writeln!(
                out,
                "  evidence #{} {} {}: {} — {}",
                e.exchange, e.part, at, e.value, e.note
            );
        }
        for fix in &f.fix.visitor {
            let _ = writeln!(out, "  visitor: {fix}");
        }
        for fix in &f.fix.owner {
            let _ = writeln!(out, "  owner: {fix}");
        }
    }
    out
}

/// Verdict details and fixes as Markdown.
#[must_use]
pub fn render_details_markdown(report: &Report) -> String {
    let mut out = String::new();
    if let Some(v) = &report.verdict {
        let _ = writeln!(out, "\n## What to do\n");
        if let Some(next) = &v.capture_next {
            let _ = writeln!(out, "- To confirm, capture: {next}");
        }
        if !v.alternatives.is_empty() {
            let _ = writeln!(
                out,
                "- Alternatives: {}",
                v.alternatives
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    for f in report.findings.iter().filter(|f| f.severity != "info") {
        let _ = writeln!(out, "\n### `{}` ({}) {}\n", f.code, f.severity, f.title);
        if !f.detail.is_empty() {
            let _ = writeln!(out, "{}\n", f.detail);
        }
        for e in &f.evidence {
            let line = e.line.map(|n| format!("tool output, line {n}"));
            let at = e.header.as_deref().or(line.as_deref()).unwrap_or(&e.part);
            let _ = writeln!(
                out,
                "- Evidence (exchange {}, {} `{}`): `{}` — {}",
                e.exchange,
                e.part,
                at,
                e.value.replace('`', "'"),
                e.note
            );
        }
        for fix in &f.fix.visitor {
            let _ = writeln!(out, "- **Visitor:** {fix}");
        }
        for fix in &f.fix.owner {
            let _ = writeln!(out, "- **Owner:** {fix}");
        }
    }
    out
}
