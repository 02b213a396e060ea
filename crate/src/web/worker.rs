//! The worker side: all parsing happens here, never on the page's thread.
//! A dropped file is read through `File.stream()` chunk by chunk into the
//! core's streaming [`Reader`], so a gigabyte HAR never has to sit in memory
//! as one string, and progress is posted as bytes arrive.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent, ReadableStreamDefaultReader};

use super::protocol::{self, field, message};
use crate::{Options, Reader};

/// Progress is posted at most this often (in bytes) so that the page's
/// thread is not flooded with messages on a fast read.
const PROGRESS_STEP: f64 = 1024.0 * 1024.0;

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
        protocol::FILE => match field(data, "file").dyn_into::<File>() {
            Ok(file) => {
                let worker = Rc::clone(worker);
                let options = options(&field(data, "now"));
                spawn_local(async move {
                    if let Err(error) = stream_file(&worker, id, &file, options).await {
                        let text = error
                            .as_string()
                            .or_else(|| js_sys::Error::from(error).message().as_string());
                        let text =
                            text.unwrap_or_else(|| "the browser could not read the file".into());
                        worker.post(&message(protocol::FAILED, id, &[("message", text.into())]));
                    }
                });
            }
            Err(_) => worker.post(&message(
                protocol::FAILED,
                id,
                &[("message", "no file was given".into())],
            )),
        },
        protocol::CANCEL => {
            worker.cancelled.borrow_mut().push(id.to_bits());
        }
        _ => {}
    }
}

async fn stream_file(
    worker: &Worker,
    id: f64,
    file: &File,
    options: Options,
) -> Result<(), JsValue> {
    let total = file.size();
    let reader: ReadableStreamDefaultReader = file.stream().get_reader().unchecked_into();
    let mut core = Reader::new(options);
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
            return Ok(());
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
        core.push(&chunk);
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
    worker.post_report(id, bytes, &core.finish(), String::new());
    Ok(())
}
