//! The comparison of the failing capture with a working one: per lined-up
//! request, a table of what differs, most explanatory first (made by
//! [`crate::compare`] in the worker).

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{append, append_table};
use super::value::{items, scalar, text};

/// Renders the comparison `value` (the JSON of [`crate::compare::Comparison`]).
///
/// # Errors
/// When the browser refuses to create an element.
pub fn render(parent: &Element, value: &Value) -> Result<(), JsValue> {
    let mut any = false;
    for pair in items(&value["pairs"]) {
        any = true;
        let caption = [
            text(&pair["request"]),
            " — working #",
            &scalar(&pair["working"]),
            " ",
            &scalar(&pair["working_status"]),
            ", failing #",
            &scalar(&pair["failing"]),
            " ",
            &scalar(&pair["failing_status"]),
        ]
        .concat();
        let rows: Vec<Vec<String>> = items(&pair["differences"])
            .map(|d| {
                let shown = |v: &Value| {
                    let v = scalar(v);
                    if v.is_empty() {
                        "(none)".to_owned()
                    } else {
                        v
                    }
                };
                vec![
                    scalar(&d["aspect"]),
                    shown(&d["working"]),
                    shown(&d["failing"]),
                ]
            })
            .collect();
        let table = append_table(parent, &caption, &["What", "Working", "Failing"], &rows)?;
        table.set_attribute("data-request", text(&pair["request"]))?;
    }
    if !any {
        append(
            parent,
            "p",
            "muted",
            "No auth-relevant difference between the requests both captures hold.",
        )?;
    }
    let unmatched: Vec<String> = items(&value["unmatched"])
        .map(|i| ["#", &scalar(i)].concat())
        .collect();
    if !unmatched.is_empty() {
        append(
            parent,
            "p",
            "small muted",
            &[
                "Failing requests the working capture has no match for: ",
                &unmatched.join(", "),
            ]
            .concat(),
        )?;
    }
    Ok(())
}
