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
use super::examples::EXAMPLES;
use super::protocol::{self, field, message};
use super::value::{items, text};
use super::verdict::Audience;
use super::{compare, findings, panels, share, timeline, verdict};
use serde_json::Value;

/// Where the audience choice is remembered.
const AUDIENCE_KEY: &str = "authlens.audience";

/// The report on screen and which exchange is being looked at.
struct Shown {
    report: Value,
    /// The report as Markdown, from the worker.
    markdown: String,
    /// `None`: the whole capture (the verdict's exchange).
    selected: Option<usize>,
}

struct Page {
    document: Document,
    /// Replaced by a fresh one when it dies (see [`connect`]).
    worker: RefCell<Worker>,
    /// Makes a new worker (from the bootstrap, which knows its script).
    respawn: Option<js_sys::Function>,
    input: HtmlTextAreaElement,
    compare_input: HtmlTextAreaElement,
    compare_section: HtmlElement,
    compare: Element,
    file: HtmlInputElement,
    summary: Element,
    input_error: HtmlElement,
    warnings: Element,
    verdict: Element,
    findings: Element,
    exchanges: Element,
    panels: Element,
    timeline: Element,
    timeline_section: HtmlElement,
    share: HtmlElement,
    share_status: Element,
    share_output: HtmlTextAreaElement,
    share_output_label: HtmlElement,
    download_har: HtmlElement,
    /// The file being looked at, kept to be read again for its sanitized copy.
    file_shown: RefCell<Option<web_sys::File>>,
    audience_visitor: HtmlInputElement,
    audience_owner: HtmlInputElement,
    progress: HtmlElement,
    progress_bar: HtmlProgressElement,
    progress_text: Element,
    cancel: HtmlButtonElement,
    /// Id of the latest request; replies to older ones are stale and dropped.
    latest: Cell<f64>,
    audience: Cell<Audience>,
    shown: RefCell<Option<Shown>>,
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
        self.file_shown.replace(None);
        self.progress.set_hidden(true);
        let fields = [
            ("text", self.input.value().into()),
            ("working", self.compare_input.value().into()),
            ("now", now_seconds().into()),
        ];
        let _ = self
            .worker
            .borrow()
            .post_message(&message(protocol::PASTE, id, &fields));
    }

    fn send_file(&self, file: &web_sys::File) {
        self.file_shown.replace(Some(file.clone()));
        self.send_to_read(file, protocol::FILE, "Reading");
    }

    /// Has the worker read `file` again, sanitizing it (the page keeps the
    /// report it shows).
    fn send_sanitize(&self) {
        let file = self.file_shown.borrow().clone();
        if let Some(file) = file {
            self.share_status.set_text_content(None);
            self.send_to_read(&file, protocol::SANITIZE, "Sanitizing");
        }
    }

    fn send_to_read(&self, file: &web_sys::File, kind: &str, doing: &str) {
        let id = self.next_id();
        self.progress_bar.set_max(file.size().max(1.0));
        self.progress_bar.set_value(0.0);
        self.progress_text.set_text_content(Some(&format!(
            "{doing} {} ({})…",
            file.name(),
            bytes_text(file.size())
        )));
        self.progress.set_hidden(false);
        self.cancel.set_disabled(false);
        let fields = [("file", file.into()), ("now", now_seconds().into())];
        let _ = self
            .worker
            .borrow()
            .post_message(&message(kind, id, &fields));
    }

    /// Saves the sanitized HAR the worker made and says what was redacted.
    fn sanitized(&self, data: &JsValue) -> Result<(), JsValue> {
        let blob: web_sys::Blob = field(data, "blob").dyn_into()?;
        let name = self
            .file_shown
            .borrow()
            .as_ref()
            .map(web_sys::File::name)
            .unwrap_or_default();
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let stem = if stem.is_empty() { "capture" } else { stem };
        download_blob(&blob, &[stem, ".sanitized.har"].concat())?;
        // As integers: float formatting would pull `core::fmt`'s float code into the wasm.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let count = |name: &str| field(data, name).as_f64().unwrap_or(0.0) as u64;
        let warning = field(data, "warning").as_string().unwrap_or_default();
        self.share_status.set_text_content(Some(&format!(
            "Sanitized HAR downloaded: {} entries, {} values redacted. It was made in this tab; nothing was uploaded.{}",
            count("entries"),
            count("redacted"),
            if warning.is_empty() {
                String::new()
            } else {
                [" The file stopped early (", &warning, "): the entries before that point are in it."].concat()
            }
        )));
        Ok(())
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
                let markdown = field(data, "markdown").as_string().unwrap_or_default();
                let comparison = field(data, "comparison").as_string().unwrap_or_default();
                self.render_comparison(&comparison)?;
                match serde_json::from_slice::<Value>(json.as_bytes()) {
                    Ok(report) => self.render(report, markdown, bytes)?,
                    Err(error) => {
                        self.show_error(&format!("The report could not be shown: {error}"))
                    }
                }
            }
            protocol::SANITIZED => {
                self.cancel.set_disabled(true);
                self.progress.set_hidden(true);
                self.sanitized(data)?;
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

    fn render(&self, report: Value, markdown: String, bytes: f64) -> Result<(), JsValue> {
        for element in [
            &self.summary,
            &self.warnings,
            &self.verdict,
            &self.findings,
            &self.exchanges,
            &self.panels,
            &self.timeline,
        ] {
            clear(element);
        }
        self.shown.borrow_mut().take();
        self.share.set_hidden(true);
        self.share_status.set_text_content(None);
        self.share_output.set_hidden(true);
        self.share_output_label.set_hidden(true);
        let report = &report;
        self.timeline_section.set_hidden(true);
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
        for exchange in items(&report["exchanges"]) {
            self.render_exchange(exchange)?;
        }
        let many = items(&report["exchanges"]).nth(1).is_some();
        self.timeline_section.set_hidden(!many);
        self.share.set_hidden(false);
        // A sanitized copy needs the HAR itself: offered for a dropped or chosen HAR.
        self.download_har
            .set_hidden(self.file_shown.borrow().is_none() || input["kind"] != "har");
        *self.shown.borrow_mut() = Some(Shown {
            report: report.clone(),
            markdown,
            selected: None,
        });
        self.render_view()
    }

    /// Renders the comparison with a working capture (JSON from the worker,
    /// `!message` when the working capture could not be read, "" for none).
    fn render_comparison(&self, comparison: &str) -> Result<(), JsValue> {
        clear(&self.compare);
        self.compare_section.set_hidden(comparison.is_empty());
        if let Some(message) = comparison.strip_prefix('!') {
            append(
                &self.compare,
                "p",
                "error",
                &["The working capture could not be read: ", message].concat(),
            )?;
            return Ok(());
        }
        match serde_json::from_slice::<Value>(comparison.as_bytes()) {
            Ok(value) => compare::render(&self.compare, &value),
            Err(_) => Ok(()),
        }
    }

    /// Renders what depends on the selected exchange and the audience.
    fn render_view(&self) -> Result<(), JsValue> {
        let shown = self.shown.borrow();
        let Some(shown) = shown.as_ref() else {
            return Ok(());
        };
        let report = &shown.report;
        verdict::render(&self.verdict, report, shown.selected, self.audience.get())?;
        findings::render(&self.findings, report, shown.selected)?;
        if !self.timeline_section.hidden() {
            timeline::render(&self.timeline, report, shown.selected)?;
        }
        let at = shown
            .selected
            .or_else(|| verdict::focus(report))
            .unwrap_or(0);
        #[allow(clippy::cast_possible_truncation)]
        let now = now_seconds() as i64;
        panels::render(&self.panels, report, at, now)
    }

    fn set_audience(&self, audience: Audience) {
        self.audience.set(audience);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            // Storage can be full or refused (private modes): the choice then lasts for this visit.
            let _ = storage.set_item(AUDIENCE_KEY, audience.key());
        }
        report_error(self.render_view());
    }

    /// Shows `text` for copying and puts it on the clipboard; `what` names it.
    fn offer(&self, text: &str, what: &str) {
        self.share_output.set_value(text);
        self.share_output.set_hidden(false);
        self.share_output_label.set_hidden(false);
        self.share_output.select();
        self.share_status
            .set_text_content(Some(&[what, " — copying to the clipboard…"].concat()));
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            return;
        };
        let status = self.share_status.clone();
        let what = what.to_owned();
        let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text));
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = if copied.await.is_ok() {
                " — copied to the clipboard."
            } else {
                " — the browser did not allow the copy: select the text below and copy it."
            };
            status.set_text_content(Some(&[what.as_str(), outcome].concat()));
        });
    }

    fn share_action(&self, action: &str) {
        let shown = self.shown.borrow();
        let Some(shown) = shown.as_ref() else {
            return;
        };
        let report = &shown.report;
        match action {
            "copy-markdown" => self.offer(
                &shown.markdown,
                "Report in Markdown, secrets shown as lengths",
            ),
            "share-link" => {
                let fragment = share::fragment(report);
                let base = web_sys::window()
                    .and_then(|w| w.location().href().ok())
                    .unwrap_or_default();
                let base = base.split('#').next().unwrap_or_default();
                let count = share::parse(&fragment).len();
                self.offer(
                    &[base, &fragment].concat(),
                    &[
                        "Share link holding ",
                        &count.to_string(),
                        " finding codes with their severities and nothing else (no hosts, accounts, headers or values)",
                    ]
                    .concat(),
                );
            }
            "copy-curl" => match share::curl(report, share::target(report, shown.selected)) {
                Some(command) => self.offer(
                    &command,
                    "curl command with placeholders for credentials and cookies",
                ),
                None => {
                    self.share_output.set_hidden(true);
                    self.share_output_label.set_hidden(true);
                    self.share_status
                        .set_text_content(Some("The capture holds no request to repeat."));
                }
            },
            "download-har" => self.send_sanitize(),
            "download-json" => {
                report_error(download(
                    &share::redacted_json(report),
                    "authlens-report.json",
                ));
                self.share_status
                    .set_text_content(Some("Report downloaded as JSON, secrets shown as lengths."));
            }
            _ => {}
        }
    }

    fn select(&self, selected: Option<usize>) {
        if let Some(shown) = self.shown.borrow_mut().as_mut() {
            shown.selected = selected;
        }
        report_error(self.render_view());
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

/// Logs an error of a rendering to the console: an event handler has no
/// caller to return it to.
fn report_error(result: Result<(), JsValue>) {
    if let Err(error) = result {
        web_sys::console::error_1(&error);
    }
}

/// Saves `text` as a file named `name`, made in the page (a `blob:` URL),
/// never fetched.
fn download(text: &str, name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    download_blob(&blob, name)
}

/// Saves `blob` as a file named `name`.
fn download_blob(blob: &web_sys::Blob, name: &str) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let link: HtmlElement = document()?.create_element("a")?.dyn_into()?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", name)?;
    link.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// The audience remembered from an earlier visit.
fn stored_audience() -> Audience {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(AUDIENCE_KEY).ok().flatten());
    Audience::from_key(stored.as_deref().unwrap_or_default())
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
        compare_input: by_id(&document, "compare-input")?,
        compare_section: by_id(&document, "compare-section")?,
        compare: by_id(&document, "compare")?,
        file: by_id(&document, "file")?,
        summary: by_id(&document, "summary")?,
        input_error: by_id(&document, "input-error")?,
        warnings: by_id(&document, "warnings")?,
        verdict: by_id(&document, "verdict")?,
        findings: by_id(&document, "findings")?,
        exchanges: by_id(&document, "exchanges")?,
        panels: by_id(&document, "panels")?,
        timeline: by_id(&document, "timeline")?,
        timeline_section: by_id(&document, "timeline-section")?,
        share: by_id(&document, "share")?,
        share_status: by_id(&document, "share-status")?,
        share_output: by_id(&document, "share-output")?,
        share_output_label: by_id(&document, "share-output-label")?,
        download_har: by_id(&document, "download-har")?,
        file_shown: RefCell::new(None),
        audience_visitor: by_id(&document, "audience-visitor")?,
        audience_owner: by_id(&document, "audience-owner")?,
        progress: by_id(&document, "progress")?,
        progress_bar: by_id(&document, "progress-bar")?,
        progress_text: by_id(&document, "progress-text")?,
        cancel: by_id(&document, "cancel")?,
        latest: Cell::new(0.0),
        audience: Cell::new(stored_audience()),
        shown: RefCell::new(None),
        worker: RefCell::new(worker),
        respawn,
        document,
    });
    connect(&page);

    let p = Rc::clone(&page);
    EventListener::new(&page.input, "input", move |_| p.send_paste()).forget();
    let p = Rc::clone(&page);
    EventListener::new(&page.compare_input, "input", move |_| {
        if !p.input.value().is_empty() {
            p.send_paste();
        }
    })
    .forget();

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

    page.audience_owner
        .set_checked(page.audience.get() == Audience::Owner);
    page.audience_visitor
        .set_checked(page.audience.get() == Audience::Visitor);
    for (input, audience) in [
        (&page.audience_visitor, Audience::Visitor),
        (&page.audience_owner, Audience::Owner),
    ] {
        let p = Rc::clone(&page);
        EventListener::new(input, "change", move |_| p.set_audience(audience)).forget();
    }

    // The timeline's rows select the exchange to diagnose (one listener for all rows).
    let p = Rc::clone(&page);
    EventListener::new(&page.timeline, "click", move |event| {
        let row = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("[data-index]").ok().flatten());
        if let Some(row) = row {
            let index = row.get_attribute("data-index").unwrap_or_default();
            p.select(index.parse().ok());
        }
    })
    .forget();

    for id in [
        "copy-markdown",
        "download-json",
        "download-har",
        "share-link",
        "copy-curl",
    ] {
        let button: Element = by_id(&page.document, id)?;
        let p = Rc::clone(&page);
        EventListener::new(&button, "click", move |_| p.share_action(id)).forget();
    }

    // A share link opens the generic explanation of its codes.
    let fragment = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let shared = share::parse(&fragment);
    if !shared.is_empty() {
        share::render_shared(&by_id(&page.document, "shared-list")?, &shared)?;
        by_id::<HtmlElement>(&page.document, "shared")?.set_hidden(false);
    }

    let gallery: Element = by_id(&page.document, "examples")?;
    for example in EXAMPLES {
        let button = append(&gallery, "button", "", example.label)?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-example", example.id)?;
        let p = Rc::clone(&page);
        EventListener::new(&button, "click", move |_| {
            p.input.set_value(example.text);
            p.send_paste();
        })
        .forget();
    }

    // Text already in the box (a reload keeps it) is diagnosed at once.
    if !page.input.value().is_empty() {
        page.send_paste();
    }
    Ok(())
}
