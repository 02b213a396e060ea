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
