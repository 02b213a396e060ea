//! The worker side: all parsing happens here, never on the page's thread.
//! A dropped file is read through `File.stream()` chunk by chunk into the
//! core's streaming [`Reader`], so a gigabyte HAR never has to sit in memory
//! as one string, and progress is posted as bytes arrive. A HAR is
//! sanitized the same way, read a second time from the `File`: the
//! sanitized text goes out in parts to a `Blob`, never whole into wasm memory.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, File, MessageEvent,
    ReadableStreamDefaultReader,
};

use super::protocol::{self, field, message};
use crate::sanitize::HarSanitizer;
use crate::{Options, Reader};

/// Progress is posted at most this often (in bytes) so that the page's
/// thread is not flooded with messages on a fast read.
const PROGRESS_STEP: f64 = 1024.0 * 1024.0;

/// The sanitized output is handed to JavaScript in parts of this size: the
/// wasm memory holds one part, not the file.
const BLOB_PART: usize = 1024 * 1024;

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    // A list: a page cancels a handful of reads, and a `HashSet` cost the
    // wasm a hash table and a hasher.
    cancelled: RefCell<Vec<u64>>,
}

impl Worker {
    fn post(&self, value: &JsValue) {
        // post_message only fails for values that cannot be cloned; ours are plain.
        let _ = self.scope.post_message(value);
    }

    /// Posts the report; `comparison` is the JSON of a comparison with a
    /// working capture, `!message` when that could not be read, or "".
    fn post_report(&self, id: f64, bytes: f64, report: &crate::Report, comparison: String) {
        let json = super::api::compact_json(report);
        // The Markdown is made here, from the typed report, by the same
        // renderer as the CLI's (secrets as scheme and length).
        let markdown = crate::report::render_markdown(report)
            + &crate::report::render_details_markdown(report);
        self.post(&message(
            protocol::REPORT,
            id,
            &[
                ("json", json.into()),
                ("markdown", markdown.into()),
                ("comparison", comparison.into()),
                ("bytes", bytes.into()),
            ],
        ));
    }

    fn is_cancelled(&self, id: f64) -> bool {
        self.cancelled.borrow().contains(&id.to_bits())
    }
}

fn options(now: &JsValue) -> Options {
    let mut options = Options::default();
    #[allow(clippy::cast_possible_truncation)]
    {
        options.now = now.as_f64().filter(|n| n.is_finite()).map(|n| n as i64);
    }
    options
}

/// Entry point of the worker script: answers the page's messages.
///
/// # Errors
/// When not running in a dedicated worker.
#[wasm_bindgen(js_name = workerMain)]
pub fn worker_main() -> Result<(), JsError> {
    let scope: DedicatedWorkerGlobalScope = js_sys::global()
        .dyn_into()
        .map_err(|_| JsError::new("workerMain must run in a dedicated worker"))?;
    let worker = Rc::new(Worker {
        scope: scope.clone(),
        cancelled: RefCell::new(Vec::new()),
    });
    let handler = Rc::clone(&worker);
    EventListener::new(&scope, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        on_message(&handler, &event.data());
    })
    .forget();
    worker.post(&message(protocol::READY, 0.0, &[]));
    Ok(())
}

fn on_message(worker: &Rc<Worker>, data: &JsValue) {
    let id = protocol::id(data);
    match protocol::kind(data).as_str() {
        protocol::PASTE => {
            let text = field(data, "text").as_string().unwrap_or_default();
            let options = options(&field(data, "now"));
            let report = crate::diagnose(text.as_bytes(), &options);
            // A working capture to compare with, when the page has one.
            let working = field(data, "working").as_string().unwrap_or_default();
            let comparison = if working.trim().is_empty() || report.input.error.is_some() {
                String::new()
            } else {
                let working = crate::diagnose(working.as_bytes(), &options);
                match &working.input.error {
                    Some(error) => ["!", &error.to_string()].concat(),
                    None => {
                        crate::json_text::to_string(&crate::compare::compare(&working, &report))
                    }
                }
            };
            #[allow(clippy::cast_precision_loss)]
            worker.post_report(id, text.len() as f64, &report, comparison);
        }
        kind @ (protocol::FILE | protocol::SANITIZE) => {
            let Ok(file) = field(data, "file").dyn_into::<File>() else {
                worker.post(&message(
                    protocol::FAILED,
                    id,
                    &[("message", "no file was given".into())],
                ));
                return;
            };
            let worker = Rc::clone(worker);
            let options = options(&field(data, "now"));
            let sanitize = kind == protocol::SANITIZE;
            spawn_local(async move {
                let done = if sanitize {
                    sanitize_file(&worker, id, &file).await
                } else {
                    stream_file(&worker, id, &file, options).await
                };
                if let Err(error) = done {
                    let text = error
                        .as_string()
                        .or_else(|| js_sys::Error::from(error).message().as_string());
                    let text = text.unwrap_or_else(|| "the browser could not read the file".into());
                    worker.post(&message(protocol::FAILED, id, &[("message", text.into())]));
                }
            });
        }
        protocol::CANCEL => {
            worker.cancelled.borrow_mut().push(id.to_bits());
        }
        _ => {}
    }
}

/// Reads `file` through `File.stream()` and hands each chunk to `each`,
/// posting progress. `None` when the page cancelled (and was told so).
async fn read_chunks(
    worker: &Worker,
    id: f64,
    file: &File,
    mut each: impl FnMut(&[u8]),
) -> Result<Option<f64>, JsValue> {
    let total = file.size();
    let reader: ReadableStreamDefaultReader = file.stream().get_reader().unchecked_into();
    // One buffer reused for every chunk: the copy out of JS memory is the only one.
    let mut chunk = Vec::new();
    let mut bytes = 0.0;
    let mut posted = 0.0;
    loop {
        if worker.is_cancelled(id) {
            let _ = reader.cancel();
            worker.post(&message(
                protocol::CANCELLED,
                id,
                &[("bytes", bytes.into())],
            ));
            return Ok(None);
        }
        let step = JsFuture::from(reader.read()).await?;
        if Reflect::get(&step, &"done".into())?
            .as_bool()
            .unwrap_or(true)
        {
            break;
        }
        let value: Uint8Array = Reflect::get(&step, &"value".into())?.unchecked_into();
        chunk.resize(value.length() as usize, 0);
        value.copy_to(&mut chunk);
        each(&chunk);
        #[allow(clippy::cast_precision_loss)]
        {
            bytes += chunk.len() as f64;
        }
        if bytes - posted >= PROGRESS_STEP {
            posted = bytes;
            worker.post(&message(
                protocol::PROGRESS,
                id,
                &[("bytes", bytes.into()), ("total", total.into())],
            ));
        }
    }
    worker.post(&message(
        protocol::PROGRESS,
        id,
        &[("bytes", bytes.into()), ("total", total.into())],
    ));
    Ok(Some(bytes))
}

async fn stream_file(
    worker: &Worker,
    id: f64,
    file: &File,
    options: Options,
) -> Result<(), JsValue> {
    let mut core = Reader::new(options);
    if let Some(bytes) = read_chunks(worker, id, file, |chunk| core.push(chunk)).await? {
        worker.post_report(id, bytes, &core.finish(), String::new());
    }
    Ok(())
}

/// Sanitizes a HAR file as it streams (contracts.md "Sanitizer") and posts
/// the result as a `Blob` with what was redacted.
async fn sanitize_file(worker: &Worker, id: f64, file: &File) -> Result<(), JsValue> {
    let mut parts = BlobParts::default();
    let mut sanitizer = HarSanitizer::new(&mut parts);
    if read_chunks(worker, id, file, |chunk| sanitizer.push(chunk))
        .await?
        .is_none()
    {
        return Ok(());
    }
    match sanitizer.finish() {
        Ok(summary) => {
            // Where a truncated file stopped: the output holds the entries before it.
            let warning = summary
                .warnings
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            #[allow(clippy::cast_precision_loss)]
            worker.post(&message(
                protocol::SANITIZED,
                id,
                &[
                    ("blob", parts.into_blob()?.into()),
                    ("entries", (summary.entries as f64).into()),
                    ("redacted", (summary.redactions.total() as f64).into()),
                    ("warning", warning.into()),
                ],
            ));
        }
        Err(error) => worker.post(&message(
            protocol::FAILED,
            id,
            &[(
                "message",
                ["The HAR could not be sanitized: ", &error.to_string()]
                    .concat()
                    .into(),
            )],
        )),
    }
    Ok(())
}

/// The sanitizer's output, moved to JavaScript part by part.
#[derive(Default)]
struct BlobParts {
    parts: js_sys::Array,
    buffer: Vec<u8>,
}

impl BlobParts {
    fn move_out(&mut self) {
        if !self.buffer.is_empty() {
            self.parts.push(&Uint8Array::from(self.buffer.as_slice()));
            self.buffer.clear();
        }
    }

    fn into_blob(mut self) -> Result<Blob, JsValue> {
        self.move_out();
        let options = BlobPropertyBag::new();
        options.set_type("application/json");
        Blob::new_with_u8_array_sequence_and_options(&self.parts, &options)
    }
}

impl Write for BlobParts {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= BLOB_PART {
            self.move_out();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
