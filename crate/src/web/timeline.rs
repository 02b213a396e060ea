//! The timeline of a multi-exchange capture (a HAR, a redirect chain):
//! status, method, URL, scheme, cookies set and sent, one button per
//! exchange, which selects the exchange to diagnose.

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{append, clear};
use super::value::{headers, items, named, scalar, text};

/// What the row shows under the URL: the auth scheme used or asked for,
/// and the cookies set and sent.
fn extra(exchange: &Value) -> String {
    let mut parts = Vec::new();
    for h in headers(exchange, "request") {
        if named(h, "authorization") || named(h, "proxy-authorization") {
            parts.push(["sent ", text(&h["parsed"]["scheme"])].concat());
        }
    }
    for h in headers(exchange, "response") {
        if named(h, "www-authenticate") || named(h, "proxy-authenticate") {
            let schemes: Vec<&str> = items(&h["parsed"]["challenges"])
                .map(|c| text(&c["scheme"]))
                .collect();
            parts.push(["asks ", &schemes.join(", ")].concat());
        }
    }
    let sent: Vec<&str> = headers(exchange, "request")
        .filter(|h| named(h, "cookie"))
        .flat_map(|h| items(&h["parsed"]["cookies"]).map(|p| text(&p["name"])))
        .collect();
    if !sent.is_empty() {
        parts.push(["cookies sent: ", &sent.join(", ")].concat());
    }
    let set: Vec<&str> = headers(exchange, "response")
        .filter(|h| named(h, "set-cookie"))
        .map(|h| text(&h["parsed"]["name"]))
        .collect();
    if !set.is_empty() {
        parts.push(["cookies set: ", &set.join(", ")].concat());
    }
    parts.join(" · ")
}

/// Renders the rows; `selected` is pressed. The page listens on `parent`
/// for clicks and reads the row's `data-index` ("all" for the whole capture).
///
/// # Errors
/// When the browser refuses to create an element.
pub fn render(parent: &Element, report: &Value, selected: Option<usize>) -> Result<(), JsValue> {
    clear(parent);
    let all = append(&append(parent, "li", "", "")?, "button", "", "")?;
    all.set_attribute("type", "button")?;
    all.set_attribute("data-index", "all")?;
    all.set_attribute(
        "aria-pressed",
        if selected.is_none() { "true" } else { "false" },
    )?;
    append(&all, "span", "", "")?;
    append(&all, "span", "", "")?;
    append(&all, "span", "", "All exchanges (the verdict)")?;
    for (i, exchange) in items(&report["exchanges"]).enumerate() {
        let button = append(&append(parent, "li", "", "")?, "button", "", "")?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-index", &i.to_string())?;
        button.set_attribute(
            "aria-pressed",
            if selected == Some(i) { "true" } else { "false" },
        )?;
        let status = scalar(&exchange["response"]["status"]);
        let class = if status.starts_with('4') {
            "status-4"
        } else {
            ""
        };
        append(
            &button,
            "span",
            class,
            if status.is_empty() { "—" } else { &status },
        )?;
        append(&button, "span", "", text(&exchange["request"]["method"]))?;
        append(&button, "span", "", text(&exchange["request"]["url"]))?;
        let extra = extra(exchange);
        if !extra.is_empty() {
            append(&button, "span", "extra", &extra)?;
        }
    }
    Ok(())
}
