//! Findings by severity, each expandable: detail, evidence as the original
//! header line with the bytes it rests on highlighted, the compared values,
//! the fixes for both readers and the references.

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{append, append_link, append_text, clear};
use super::value::{index, items, text};

const GROUPS: [(&str, &str); 3] = [
    ("error", "Errors"),
    ("warning", "Warnings"),
    ("info", "Information"),
];

/// Renders the findings about exchange `selected` (all when `None`).
///
/// # Errors
/// When the browser refuses to create an element.
pub fn render(parent: &Element, report: &Value, selected: Option<usize>) -> Result<(), JsValue> {
    clear(parent);
    let shown = |f: &&Value| {
        selected.is_none() || f["exchange"].is_null() || index(&f["exchange"]) == selected
    };
    let mut any = false;
    for (severity, title) in GROUPS {
        let group: Vec<&Value> = items(&report["findings"])
            .filter(shown)
            .filter(|f| text(&f["severity"]) == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        any = true;
        append(
            parent,
            "h3",
            "",
            &[title, " (", &group.len().to_string(), ")"].concat(),
        )?;
        let list = append(parent, "ul", "findings", "")?;
        for finding in group {
            finding_item(&list, report, finding)?;
        }
    }
    if !any {
        append(parent, "p", "muted", "No findings.")?;
    }
    Ok(())
}

fn finding_item(list: &Element, report: &Value, finding: &Value) -> Result<(), JsValue> {
    let severity = text(&finding["severity"]);
    let code = text(&finding["code"]);
    let item = append(list, "li", "finding", "")?;
    item.set_attribute("data-code", code)?;
    item.set_attribute("data-severity", severity)?;
    let details = append(&item, "details", "", "")?;
    let summary = append(&details, "summary", "", "")?;
    append(&summary, "span", &["badge ", severity].concat(), severity)?;
    append(&summary, "code", "", code)?;
    append_text(&summary, text(&finding["title"]))?;
    let subcode = text(&finding["subcode"]);
    if !subcode.is_empty() {
        append(&details, "p", "small", &["Subcode: ", subcode].concat())?;
    }
    let detail = text(&finding["detail"]);
    if !detail.is_empty() {
        append(&details, "p", "detail", detail)?;
    }
    for evidence in items(&finding["evidence"]) {
        evidence_item(&details, report, evidence)?;
    }
    for (key, heading) in [
        ("visitor", "If you're visiting the site"),
        ("owner", "If you run the site"),
    ] {
        let fixes: Vec<&str> = items(&finding["fix"][key]).map(text).collect();
        if fixes.is_empty() {
            continue;
        }
        append(&details, "h4", "", heading)?;
        let ul = append(&details, "ul", "", "")?;
        for fix in fixes {
            append(&ul, "li", "", fix)?;
        }
    }
    let references: Vec<&str> = items(&finding["references"]).map(text).collect();
    if !references.is_empty() {
        append(&details, "h4", "", "References")?;
        let ul = append(&details, "ul", "refs", "")?;
        for href in references {
            let li = append(&ul, "li", "", "")?;
            if href.starts_with("https://") || href.starts_with("http://") {
                append_link(&li, href)?;
            } else {
                append_text(&li, href)?;
            }
        }
    }
    Ok(())
}

/// An evidence's line: `(prefix, value, highlighted byte range in value)`.
type Line<'a> = (String, &'a str, Option<(usize, usize)>);

/// The line an evidence points at: `(prefix, value, highlighted byte range)`.
/// The range is kept only when it lies inside the value on character
/// boundaries, so slicing can never panic.
pub fn evidence_line<'a>(report: &'a Value, evidence: &Value) -> Option<Line<'a>> {
    // A tool's own line (wget, curl `* `) stands outside the messages.
    if let Some(n) = index(&evidence["line"]) {
        let mut shown = String::from("line ");
        shown.push_str(&n.to_string());
        shown.push_str(": ");
        shown.push_str(text(&evidence["value"]));
        return Some((shown, "", None));
    }
    let exchange = report["exchanges"].get(index(&evidence["exchange"])?)?;
    let part = text(&evidence["part"]);
    let side = &exchange[part];
    if side.is_null() {
        return None;
    }
    let Some(at) = index(&evidence["header_index"]) else {
        let line = if part == "response" {
            [
                text(&side["http_version"]),
                " ",
                &super::value::scalar(&side["status"]),
                " ",
                text(&side["status_text"]),
            ]
            .concat()
        } else {
            [text(&side["method"]), " ", text(&side["url"])].concat()
        };
        return Some((line.trim().to_owned(), "", None));
    };
    let header = side["headers"].get(at)?;
    let value = text(&header["value"]);
    let range = match (index(&evidence["start"]), index(&evidence["end"])) {
        (Some(start), Some(end)) if start < end && value.get(start..end).is_some() => {
            Some((start, end))
        }
        _ => None,
    };
    Some(([text(&header["name"]), ": "].concat(), value, range))
}

fn evidence_item(parent: &Element, report: &Value, evidence: &Value) -> Result<(), JsValue> {
    let note = text(&evidence["note"]);
    if let Some((prefix, value, range)) = evidence_line(report, evidence) {
        let pre = append(parent, "pre", "evidence", "")?;
        append_text(&pre, &prefix)?;
        match range.and_then(|(s, e)| Some((value.get(..s)?, value.get(s..e)?, value.get(e..)?))) {
            Some((before, marked, after)) => {
                append_text(&pre, before)?;
                append(&pre, "mark", "", marked)?;
                append_text(&pre, after)?;
            }
            None => append_text(&pre, value)?,
        }
    }
    if !note.is_empty() {
        append(parent, "p", "note", note)?;
    }
    Ok(())
}
