//! Small typed helpers over web-sys. Every text that came from the input is
//! set with `textContent`, never as HTML: a pasted `<script>` stays text.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

/// The page's document.
///
/// # Errors
/// When there is no window (called from a worker).
pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with `id`, as type `T`.
///
/// # Errors
/// When the page lacks it or it is of another type: the HTML and this code
/// disagree, which the page's tests catch.
pub fn by_id<T: JsCast>(document: &Document, id: &str) -> Result<T, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("#{id} is missing from the page")))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} has the wrong element type")))
}

/// A new `<tag class=…>` holding `text`.
///
/// # Errors
/// When the browser refuses to create the element.
pub fn element(
    document: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Ok(element)
}

/// Appends a new `<tag class=…>` holding `text` to `parent` and returns it.
///
/// # Errors
/// When the browser refuses to create or append the element.
pub fn append(parent: &Element, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let document = parent
        .owner_document()
        .ok_or_else(|| JsValue::from_str("detached element"))?;
    let child = element(&document, tag, class, text)?;
    parent.append_child(&child)?;
    Ok(child)
}

/// Removes every child of `element`.
pub fn clear(element: &Element) {
    element.set_text_content(None);
}

/// Appends a text node (no element) to `parent`.
///
/// # Errors
/// When the browser refuses to append it.
pub fn append_text(parent: &Element, text: &str) -> Result<(), JsValue> {
    let document = parent
        .owner_document()
        .ok_or_else(|| JsValue::from_str("detached element"))?;
    parent.append_child(&document.create_text_node(text))?;
    Ok(())
}

/// Appends a link to `href` that opens in a new tab only when clicked, with
/// no opener and no referrer: the page itself never fetches it.
///
/// # Errors
/// When the browser refuses to create or append the element.
pub fn append_link(parent: &Element, href: &str) -> Result<Element, JsValue> {
    let link = append(parent, "a", "", href)?;
    link.set_attribute("href", href)?;
    link.set_attribute("target", "_blank")?;
    link.set_attribute("rel", "noopener noreferrer")?;
    Ok(link)
}

/// Appends a two-column table (`caption`, then one row per pair) to `parent`.
///
/// # Errors
/// When the browser refuses to create or append an element.
pub fn append_table(
    parent: &Element,
    caption: &str,
    head: &[&str],
    rows: &[Vec<String>],
) -> Result<Element, JsValue> {
    let table = append(parent, "table", "", "")?;
    append(&table, "caption", "", caption)?;
    let row = append(&append(&table, "thead", "", "")?, "tr", "", "")?;
    for cell in head {
        append(&row, "th", "", cell)?.set_attribute("scope", "col")?;
    }
    let body = append(&table, "tbody", "", "")?;
    for cells in rows {
        let row = append(&body, "tr", "", "")?;
        for cell in cells {
            append(&row, "td", "", cell)?;
        }
    }
    Ok(table)
}
