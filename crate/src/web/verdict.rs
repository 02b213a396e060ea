//! The verdict card: the most likely cause in plain words, how sure, and
//! the fix for whoever is reading — the visitor or the site's owner.

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{append, clear};
use super::value::{index, items, text};

/// Who reads the fixes; remembered across visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// "I'm visiting the site".
    Visitor,
    /// "I run the site".
    Owner,
}

impl Audience {
    /// The key of this audience's fixes in a finding's `fix`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Visitor => "visitor",
            Self::Owner => "owner",
        }
    }

    /// The audience stored under `key`, visitor by default.
    pub fn from_key(key: &str) -> Self {
        if key == "owner" {
            Self::Owner
        } else {
            Self::Visitor
        }
    }
}

/// The finding that explains the failure of exchange `selected` (or of
/// the whole capture), with the verdict when it is the report's own.
pub fn lead(report: &Value, selected: Option<usize>) -> (Option<&Value>, Option<&Value>) {
    let verdict = &report["verdict"];
    let code = text(&verdict["code"]);
    let findings = || items(&report["findings"]);
    let of_verdict = findings()
        .filter(|f| text(&f["code"]) == code && !code.is_empty())
        .find(|f| selected.is_none() || index(&f["exchange"]) == selected);
    if of_verdict.is_some() || (selected.is_none() && !verdict.is_null()) {
        return (of_verdict, Some(verdict).filter(|v| !v.is_null()));
    }
    let on_exchange = findings()
        .filter(|f| text(&f["severity"]) == "error")
        .find(|f| selected.is_none() || index(&f["exchange"]) == selected);
    (on_exchange, None)
}

/// The exchange the verdict is about, if any.
pub fn focus(report: &Value) -> Option<usize> {
    lead(report, None).0.and_then(|f| index(&f["exchange"]))
}

/// Renders the card for exchange `selected` (or the whole capture).
///
/// # Errors
/// When the browser refuses to create an element.
pub fn render(
    parent: &Element,
    report: &Value,
    selected: Option<usize>,
    audience: Audience,
) -> Result<(), JsValue> {
    clear(parent);
    let (finding, verdict) = lead(report, selected);
    let Some(source) = verdict.or(finding) else {
        let card = append(parent, "div", "verdict-card none", "")?;
        append(
            &card,
            "h2",
            "",
            if selected.is_some() {
                "No failure found on this exchange."
            } else {
                "No failure explained in this input."
            },
        )?;
        append(
            &card,
            "p",
            "muted",
            "Paste the failing response together with the request that caused it, or drop a HAR of the whole flow.",
        )?;
        return Ok(());
    };
    let code = text(&source["code"]);
    let card = append(parent, "div", "verdict-card", "")?;
    card.set_attribute("data-code", code)?;
    let summary = if verdict.is_some() {
        text(&source["summary"])
    } else {
        text(&source["title"])
    };
    append(&card, "h2", "", summary)?;
    let sure = append(&card, "p", "sure", "How sure: ")?;
    // Only the capture's verdict is rated; a chosen exchange shows its
    // first error unrated.
    let (class, confidence) = match verdict {
        Some(v) => ("high medium low", text(&v["confidence"])),
        None => ("", "not rated (the first error of this exchange)"),
    };
    let class = if class.split(' ').any(|c| c == confidence) {
        ["confidence ", confidence].concat()
    } else {
        "confidence low".to_owned()
    };
    append(&sure, "span", &class, confidence)?;
    let subcode = text(&source["subcode"]);
    let label = if subcode.is_empty() {
        [" · ", code].concat()
    } else {
        [" · ", code, " (", subcode, ")"].concat()
    };
    append(&sure, "code", "", &label)?;

    let fixes: Vec<&str> = finding
        .map(|f| items(&f["fix"][audience.key()]).map(text).collect())
        .unwrap_or_default();
    append(
        &card,
        "h3",
        "",
        match audience {
            Audience::Visitor => "What you can do",
            Audience::Owner => "What to change on the site",
        },
    )?;
    if fixes.is_empty() {
        append(
            &card,
            "p",
            "muted",
            match audience {
                Audience::Visitor => "Nothing on your side: whoever runs the site has to fix this. Send them the report (below).",
                Audience::Owner => "Nothing to change on the site: the fix is on the client's side (choose \u{201c}I'm visiting the site\u{201d}).",
            },
        )?;
    } else {
        let list = append(&card, "ul", "fixes", "")?;
        for fix in fixes {
            append(&list, "li", "", fix)?;
        }
    }
    if let Some(v) = verdict {
        let next = text(&v["capture_next"]);
        if !next.is_empty() {
            append(
                &card,
                "p",
                "small",
                &["To confirm, capture: ", next].concat(),
            )?;
        }
        let others: Vec<&str> = items(&v["alternatives"]).map(text).collect();
        if !others.is_empty() {
            append(
                &card,
                "p",
                "small muted",
                &["Could also be: ", &others.join(", ")].concat(),
            )?;
        }
    }
    Ok(())
}
