//! The messages between the page and its worker. Both sides are this crate,
//! so the shape lives in one place. Messages are plain JS objects with a
//! `kind` field; reports travel as JSON text, which structured clone copies
//! faster than an object tree of the same report.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Page → worker: diagnose this text.
pub const PASTE: &str = "paste";
/// Page → worker: stream and diagnose this `File`.
pub const FILE: &str = "file";
/// Page → worker: sanitize this HAR `File` (read again, streamed).
pub const SANITIZE: &str = "sanitize";
/// Page → worker: stop reading the file of this id.
pub const CANCEL: &str = "cancel";
/// Worker → page: bytes read so far.
pub const PROGRESS: &str = "progress";
/// Worker → page: the report (JSON text).
pub const REPORT: &str = "report";
/// Worker → page: the sanitized HAR (a `Blob`) and what was redacted.
pub const SANITIZED: &str = "sanitized";
/// Worker → page: reading failed outside the core (the browser refused the file).
pub const FAILED: &str = "failed";
/// Worker → page: reading stopped at the page's request.
pub const CANCELLED: &str = "cancelled";
/// Worker → page: the worker's wasm is ready.
pub const READY: &str = "ready";

/// Builds `{kind, id, ...fields}`.
pub fn message(kind: &str, id: f64, fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    // Reflect::set only fails on frozen objects or proxies; this one is fresh.
    let _ = Reflect::set(&object, &"kind".into(), &kind.into());
    let _ = Reflect::set(&object, &"id".into(), &id.into());
    for (name, value) in fields {
        let _ = Reflect::set(&object, &(*name).into(), value);
    }
    object.into()
}

/// Reads field `name` of a message.
pub fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The `kind` of a message ("" when absent).
pub fn kind(message: &JsValue) -> String {
    field(message, "kind").as_string().unwrap_or_default()
}

/// The `id` of a message (0 when absent).
pub fn id(message: &JsValue) -> f64 {
    field(message, "id").as_f64().unwrap_or(0.0)
}
