//! The page's side of sharing: the generic explanation a share link opens,
//! and which exchange the share buttons act on. What is shared is made in
//! [`crate::report::share`].

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{append, append_link, append_text, clear};
use super::value::items;
pub use crate::report::share::{curl, fragment, parse, redacted_json, Shared};

/// Renders the generic explanation of each shared finding: the code's
/// summary from the registry and its references.
///
/// # Errors
/// When the browser refuses to create an element.
pub fn render_shared(list: &Element, shared: &[Shared]) -> Result<(), JsValue> {
    clear(list);
    for s in shared {
        let item = append(list, "li", "finding", "")?;
        item.set_attribute("data-code", s.code)?;
        item.set_attribute("data-severity", s.severity)?;
        append(&item, "span", &["badge ", s.severity].concat(), s.severity)?;
        append(&item, "code", "", s.code)?;
        if let Some(subcode) = &s.subcode {
            append_text(&item, &[" (", subcode, ")"].concat())?;
        }
        let Some(rule) = crate::rules::rule(s.code) else {
            continue;
        };
        append(&item, "p", "detail", rule.summary)?;
        let refs = append(&item, "ul", "refs", "")?;
        for href in rule.references {
            append_link(&append(&refs, "li", "", "")?, href)?;
        }
    }
    Ok(())
}

/// The exchange to act on: the selected one, else the verdict's, else the
/// first with a request.
pub fn target(report: &Value, selected: Option<usize>) -> usize {
    selected
        .or_else(|| super::verdict::focus(report))
        .or_else(|| items(&report["exchanges"]).position(|e| !e["request"].is_null()))
        .unwrap_or(0)
}
