//! The main thread: wires the page's inputs to the worker and renders what it
//! sends back. It never parses input itself, so a big file cannot freeze it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, DragEvent, Element, HtmlButtonElement, HtmlElement, HtmlInputElement,
    HtmlProgressElement, HtmlTextAreaElement, MessageEvent, Worker,
};

use super::dom::{append, by_id, clear, document};
use super::protocol::{self, field, message};
use serde_json::Value;

struct Page {
    document: Document,
    /// Replaced by a fresh one when it dies (see [`connect`]).
    worker: RefCell<Worker>,
    /// Makes a new worker (from the bootstrap, which knows its script).
    respawn: Option<js_sys::Function>,
    input: HtmlTextAreaElement,
    file: HtmlInputElement,
    summary: Element,
    input_error: HtmlElement,
    warnings: Element,
    verdict: Element,
    findings: Element,
    exchanges: Element,
    progress: HtmlElement,
    progress_bar: HtmlProgressElement,
    progress_text: Element,
    cancel: HtmlButtonElement,
    /// Id of the latest request; replies to older ones are stale and dropped.
    latest: Cell<f64>,
}

fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

impl Page {
    fn next_id(&self) -> f64 {
        let id = self.latest.get() + 1.0;
        self.latest.set(id);
        id
    }

    fn send_paste(&self) {
        let id = self.next_id();
        self.progress.set_hidden(true);
        let fields = [
            ("text", self.input.value().into()),
            ("now", now_seconds().into()),
        ];
        let _ = self
            .worker
            .borrow()
            .post_message(&message(protocol::PASTE, id, &fields));
    }

    fn send_file(&self, file: &web_sys::File) {
        let id = self.next_id();
        self.progress_bar.set_max(file.size().max(1.0));
        self.progress_bar.set_value(0.0);
        self.progress_text.set_text_content(Some(&format!(
            "Reading {} ({})…",
            file.name(),
            bytes_text(file.size())
        )));
        self.progress.set_hidden(false);
        self.cancel.set_disabled(false);
        let fields = [("file", file.into()), ("now", now_seconds().into())];
        let _ = self
            .worker
            .borrow()
            .post_message(&message(protocol::FILE, id, &fields));
    }

    fn on_worker_message(&self, data: &JsValue) -> Result<(), JsValue> {
        let kind = protocol::kind(data);
        if kind == protocol::READY {
            if let Some(root) = self
                .document
                .document_element()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                root.dataset().set("ready", "true")?;
            }
            return Ok(());
        }
        if protocol::id(data) != self.latest.get() {
            return Ok(());
        }
        let bytes = field(data, "bytes").as_f64().unwrap_or(0.0);
        match kind.as_str() {
            protocol::PROGRESS => {
                let total = field(data, "total").as_f64().unwrap_or(0.0);
                self.progress_bar.set_value(bytes);
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let percent = if total > 0.0 {
                    (bytes / total * 100.0) as u32
                } else {
                    100
                };
                self.progress_text.set_text_content(Some(&format!(
                    "Read {} of {} ({percent}%)",
                    bytes_text(bytes),
                    bytes_text(total)
                )));
            }
            protocol::REPORT => {
                self.cancel.set_disabled(true);
                self.progress.set_hidden(true);
                let json = field(data, "json").as_string().unwrap_or_default();
                // Read as a generic JSON value: typed Deserialize impls for the
                // whole report would cost the wasm far more than these lookups.
                // From bytes, as the JWT decoder reads: one instantiation of
                // the deserializer serves both.
                match serde_json::from_slice::<Value>(json.as_bytes()) {
                    Ok(report) => self.render(&report, bytes)?,
                    Err(error) => {
                        self.show_error(&format!("The report could not be shown: {error}"))
                    }
                }
            }
            protocol::CANCELLED => {
                self.cancel.set_disabled(true);
                self.progress_text
                    .set_text_content(Some(&format!("Cancelled after {}.", bytes_text(bytes))));
            }
            protocol::FAILED => {
                self.cancel.set_disabled(true);
                self.progress.set_hidden(true);
                self.show_error(&field(data, "message").as_string().unwrap_or_default());
            }
            _ => {}
        }
        Ok(())
    }

    fn show_error(&self, text: &str) {
        self.input_error.set_text_content(Some(text));
        self.input_error.set_hidden(text.is_empty());
    }

    fn render(&self, report: &Value, bytes: f64) -> Result<(), JsValue> {
        for element in [
            &self.summary,
            &self.warnings,
            &self.verdict,
            &self.findings,
            &self.exchanges,
        ] {
            clear(element);
        }
        let input = &report["input"];
        let error = &input["error"];
        if !error.is_null() {
            self.show_error(&if bytes == 0.0 {
                String::new()
            } else {
                format!(
                    "Line {}, column {}: {}",
                    error["line"],
                    error["column"],
                    text(&error["message"])
                )
            });
            append(&self.verdict, "p", "muted", "Nothing to diagnose yet.")?;
            return Ok(());
        }
        self.show_error("");
        let producer = input["producer"]
            .as_str()
            .map(|p| format!(" from {p}"))
            .unwrap_or_default();
        let count = input["exchanges"].as_u64().unwrap_or(0);
        self.summary.set_text_content(Some(&format!(
            "Read {} as {}{producer}: {count} exchange{}.",
            bytes_text(bytes),
            text(&input["kind"]),
            if count == 1 { "" } else { "s" }
        )));
        for warning in items(&input["warnings"]) {
            append(
                &self.warnings,
                "li",
                "",
                &format!(
                    "Line {}, column {}: {}",
                    warning["line"],
                    warning["column"],
                    text(&warning["message"])
                ),
            )?;
        }
        let verdict = &report["verdict"];
        if verdict.is_null() {
            append(
                &self.verdict,
                "p",
                "muted",
                "No failure explained in this input.",
            )?;
        } else {
            let card = append(&self.verdict, "div", "verdict-card", "")?;
            card.set_attribute("data-code", text(&verdict["code"]))?;
            append(&card, "h2", "", text(&verdict["summary"]))?;
            append(
                &card,
                "p",
                "muted",
                &format!(
                    "{} · {} confidence",
                    text(&verdict["code"]),
                    text(&verdict["confidence"])
                ),
            )?;
        }
        for finding in items(&report["findings"]) {
            let severity = text(&finding["severity"]);
            let item = append(&self.findings, "li", "finding", "")?;
            item.set_attribute("data-code", text(&finding["code"]))?;
            item.set_attribute("data-severity", severity)?;
            append(&item, "span", &format!("badge {severity}"), severity)?;
            append(&item, "code", "", text(&finding["code"]))?;
            append(&item, "span", "", &format!(" {}", text(&finding["title"])))?;
        }
        for exchange in items(&report["exchanges"]) {
            self.render_exchange(exchange)?;
        }
        Ok(())
    }

    fn render_exchange(&self, exchange: &Value) -> Result<(), JsValue> {
        let item = append(&self.exchanges, "li", "exchange", "")?;
        let block = append(&item, "pre", "", "")?;
        let mut lines = Vec::new();
        let request = &exchange["request"];
        if !request.is_null() {
            lines.push(format!(
                "{} {} {}",
                text(&request["method"]),
                text(&request["url"]),
                text(&request["http_version"])
            ));
            push_headers(&mut lines, &request["headers"]);
        }
        let response = &exchange["response"];
        if !response.is_null() {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            let status = response["status"]
                .as_u64()
                .map_or_else(String::new, |s| s.to_string());
            lines.push(format!(
                "{} {status} {}",
                text(&response["http_version"]),
                text(&response["status_text"])
            ));
            push_headers(&mut lines, &response["headers"]);
        }
        let shown: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        block.set_text_content(Some(&shown.join("\n")));
        Ok(())
    }
}

/// The string at `value`, or "" when it is not one.
fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// The elements of the array at `value` (none when it is not one).
fn items(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

fn push_headers(lines: &mut Vec<String>, headers: &Value) {
    lines.extend(items(headers).map(|h| format!("{}: {}", text(&h["name"]), text(&h["value"]))));
}

/// `12.3 MB` for a byte count, with integer arithmetic only: float
/// formatting would pull several KB of `core::fmt` into the wasm.
fn bytes_text(bytes: f64) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bytes = bytes.max(0.0) as u64;
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut scale = 1000;
    for unit in UNITS {
        if bytes < scale * 1000 || unit == "GB" {
            let tenths = bytes * 10 / scale;
            return format!("{}.{} {unit}", tenths / 10, tenths % 10);
        }
        scale *= 1000;
    }
    String::new()
}

/// What the page says when the worker died (a panic in the wasm traps, and
/// the trap surfaces as an uncaught error in the worker).
const CRASHED: &str = "AuthLens failed while reading this input (an internal error, not a problem \
with your capture). It has been restarted: edit the input or drop another file to try again.";

/// Listens to the current worker: its messages, and its death. A dead
/// worker's wasm may hold half-updated state, so it is never reused: the
/// page shows [`CRASHED`] and starts a fresh one for the next input.
fn connect(page: &Rc<Page>) {
    let worker = page.worker.borrow().clone();
    let p = Rc::clone(page);
    EventListener::new(&worker, "message", move |event| {
        if let Some(event) = event.dyn_ref::<MessageEvent>() {
            if let Err(error) = p.on_worker_message(&event.data()) {
                web_sys::console::error_1(&error);
            }
        }
    })
    .forget();
    let p = Rc::clone(page);
    EventListener::new(&worker, "error", move |_| {
        p.progress.set_hidden(true);
        p.cancel.set_disabled(true);
        p.show_error(CRASHED);
        let fresh = p
            .respawn
            .as_ref()
            .and_then(|f| f.call0(&JsValue::NULL).ok())
            .and_then(|w| w.dyn_into::<Worker>().ok());
        if let Some(fresh) = fresh {
            p.worker.replace(fresh).terminate();
            connect(&p);
        }
    })
    .forget();
}

/// Entry point of the page: connects the inputs to `worker` (created by the
/// page's bootstrap script, which knows where the worker script lives).
/// `respawn`, when given, makes a new worker to replace one that died.
///
/// # Errors
/// When the page's HTML lacks an element this code needs.
#[wasm_bindgen]
pub fn start(worker: Worker, respawn: Option<js_sys::Function>) -> Result<(), JsValue> {
    let document = document()?;
    let page = Rc::new(Page {
        input: by_id(&document, "input")?,
        file: by_id(&document, "file")?,
        summary: by_id(&document, "summary")?,
        input_error: by_id(&document, "input-error")?,
        warnings: by_id(&document, "warnings")?,
        verdict: by_id(&document, "verdict")?,
        findings: by_id(&document, "findings")?,
        exchanges: by_id(&document, "exchanges")?,
        progress: by_id(&document, "progress")?,
        progress_bar: by_id(&document, "progress-bar")?,
        progress_text: by_id(&document, "progress-text")?,
        cancel: by_id(&document, "cancel")?,
        latest: Cell::new(0.0),
        worker: RefCell::new(worker),
        respawn,
        document,
    });
    connect(&page);

    let p = Rc::clone(&page);
    EventListener::new(&page.input, "input", move |_| p.send_paste()).forget();

    let p = Rc::clone(&page);
    EventListener::new(&page.file, "change", move |_| {
        if let Some(file) = p.file.files().and_then(|files| files.get(0)) {
            p.send_file(&file);
        }
    })
    .forget();

    let p = Rc::clone(&page);
    EventListener::new(&page.cancel, "click", move |_| {
        let _ = p
            .worker
            .borrow()
            .post_message(&message(protocol::CANCEL, p.latest.get(), &[]));
    })
    .forget();

    // Dropping a file anywhere on the page reads it; without preventing the
    // default the browser would navigate to the file instead.
    let body = page
        .document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    let active = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&body, "dragover", active, move |event| {
        event.prevent_default()
    })
    .forget();
    let p = Rc::clone(&page);
    EventListener::new_with_options(&body, "drop", active, move |event| {
        event.prevent_default();
        let file = event
            .dyn_ref::<DragEvent>()
            .and_then(DragEvent::data_transfer)
            .and_then(|t| t.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            p.send_file(&file);
        }
    })
    .forget();

    // Text already in the box (a reload keeps it) is diagnosed at once.
    if !page.input.value().is_empty() {
        page.send_paste();
    }
    Ok(())
}
