//! The main thread: wires the page's inputs to the worker and renders what it
//! sends back. It never parses input itself, so a big file cannot freeze it.

use std::cell::Cell;
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
use crate::report::{ExchangeOut, HeaderOut, Report};

struct Page {
    document: Document,
    worker: Worker,
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
                let percent = if total > 0.0 {
                    (bytes / total * 100.0).floor()
                } else {
                    100.0
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
                match serde_json::from_str::<Report>(&json) {
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

    fn render(&self, report: &Report, bytes: f64) -> Result<(), JsValue> {
        for element in [
            &self.summary,
            &self.warnings,
            &self.verdict,
            &self.findings,
            &self.exchanges,
        ] {
            clear(element);
        }
        if let Some(error) = &report.input.error {
            self.show_error(&format!(
                "Line {}, column {}: {}",
                error.line, error.column, error.message
            ));
            if bytes == 0.0 {
                self.show_error("");
            }
            append(&self.verdict, "p", "muted", "Nothing to diagnose yet.")?;
            return Ok(());
        }
        self.show_error("");
        let producer = report
            .input
            .producer
            .as_deref()
            .map(|p| format!(" from {p}"))
            .unwrap_or_default();
        self.summary.set_text_content(Some(&format!(
            "Read {} as {}{producer}: {} exchange{}.",
            bytes_text(bytes),
            report.input.kind.as_str(),
            report.input.exchanges,
            if report.input.exchanges == 1 { "" } else { "s" }
        )));
        for warning in &report.input.warnings {
            append(
                &self.warnings,
                "li",
                "",
                &format!(
                    "Line {}, column {}: {}",
                    warning.line, warning.column, warning.message
                ),
            )?;
        }
        match &report.verdict {
            Some(verdict) => {
                let card = append(&self.verdict, "div", "verdict-card", "")?;
                card.set_attribute("data-code", &verdict.code)?;
                append(&card, "h2", "", &verdict.summary)?;
                append(
                    &card,
                    "p",
                    "muted",
                    &format!("{} · {} confidence", verdict.code, verdict.confidence),
                )?;
            }
            None => {
                append(
                    &self.verdict,
                    "p",
                    "muted",
                    "No failure explained in this input.",
                )?;
            }
        }
        for finding in &report.findings {
            let item = append(&self.findings, "li", "finding", "")?;
            item.set_attribute("data-code", &finding.code)?;
            item.set_attribute("data-severity", &finding.severity)?;
            append(
                &item,
                "span",
                &format!("badge {}", finding.severity),
                &finding.severity,
            )?;
            append(&item, "code", "", &finding.code)?;
            append(&item, "span", "", &format!(" {}", finding.title))?;
        }
        for exchange in &report.exchanges {
            self.render_exchange(exchange)?;
        }
        Ok(())
    }

    fn render_exchange(&self, exchange: &ExchangeOut) -> Result<(), JsValue> {
        let item = append(&self.exchanges, "li", "exchange", "")?;
        let block = append(&item, "pre", "", "")?;
        let mut lines = Vec::new();
        if let Some(request) = &exchange.request {
            lines.push(format!(
                "{} {} {}",
                request.method,
                request.url,
                request.http_version.as_deref().unwrap_or("")
            ));
            push_headers(&mut lines, &request.headers);
        }
        if let Some(response) = &exchange.response {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            let status = response.status.map_or_else(String::new, |s| s.to_string());
            lines.push(format!(
                "{} {status} {}",
                response.http_version.as_deref().unwrap_or(""),
                response.status_text
            ));
            push_headers(&mut lines, &response.headers);
        }
        block.set_text_content(Some(
            lines
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join("\n")
                .as_str(),
        ));
        Ok(())
    }
}

fn push_headers(lines: &mut Vec<String>, headers: &[HeaderOut]) {
    lines.extend(headers.iter().map(|h| format!("{}: {}", h.name, h.value)));
}

fn bytes_text(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let name = UNITS.get(unit).copied().unwrap_or("bytes");
    if unit == 0 {
        format!("{value} {name}")
    } else {
        format!("{value:.1} {name}")
    }
}

/// Entry point of the page: connects the inputs to `worker` (created by the
/// page's bootstrap script, which knows where the worker script lives).
///
/// # Errors
/// When the page's HTML lacks an element this code needs.
#[wasm_bindgen]
pub fn start(worker: Worker) -> Result<(), JsValue> {
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
        worker,
        document,
    });

    let p = Rc::clone(&page);
    EventListener::new(&page.worker, "message", move |event| {
        if let Some(event) = event.dyn_ref::<MessageEvent>() {
            if let Err(error) = p.on_worker_message(&event.data()) {
                web_sys::console::error_1(&error);
            }
        }
    })
    .forget();

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
