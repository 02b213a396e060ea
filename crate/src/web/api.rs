//! Functions exported to JavaScript, for the worker and for anyone embedding
//! the crate: bytes in, the contract's report out as a plain object.

use wasm_bindgen::prelude::*;

use crate::{Options, Reader};

fn options(now_seconds: Option<f64>) -> Options {
    let mut options = Options::default();
    // JS time is a float; sub-second precision does not matter to token times.
    #[allow(clippy::cast_possible_truncation)]
    {
        options.now = now_seconds.filter(|n| n.is_finite()).map(|n| n as i64);
    }
    options
}

/// Diagnoses `input` (UTF-8/UTF-16/Latin-1 bytes of any supported format)
/// and returns the report as a plain object. `now_seconds` is the clock used
/// when the capture has none.
///
/// The object is made by the browser's `JSON.parse` from the core's JSON:
/// building it through serde-wasm-bindgen instead cost 5.7 KB of gzipped
/// wasm and is slower for big reports.
///
/// # Errors
/// Only if the browser cannot parse the JSON the core wrote.
#[wasm_bindgen]
pub fn diagnose(input: &[u8], now_seconds: Option<f64>) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&diagnose_json(input, now_seconds))
}

/// Diagnoses `input` and returns the report as JSON text.
#[wasm_bindgen(js_name = diagnoseJson)]
#[must_use]
pub fn diagnose_json(input: &[u8], now_seconds: Option<f64>) -> String {
    compact_json(&crate::diagnose(input, &options(now_seconds)))
}

/// The report as compact JSON: the worker posts the same form, so the wasm
/// holds one instantiation of the report's serializer instead of a pretty
/// and a compact one.
pub(super) fn compact_json(report: &crate::Report) -> String {
    crate::json_text::to_string(report)
}

/// Incremental reader: `push` each chunk of a stream, then `finish`.
#[wasm_bindgen]
pub struct StreamReader {
    inner: Option<Reader>,
}

#[wasm_bindgen]
impl StreamReader {
    /// A reader that diagnoses with `now_seconds` as its clock.
    #[wasm_bindgen(constructor)]
    #[must_use]
    pub fn new(now_seconds: Option<f64>) -> Self {
        Self {
            inner: Some(Reader::new(options(now_seconds))),
        }
    }

    /// Feeds the next chunk.
    ///
    /// # Errors
    /// When called after `finish`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.inner
            .as_mut()
            .ok_or_else(|| JsError::new("StreamReader is finished"))?
            .push(chunk);
        Ok(())
    }

    /// Bytes fed so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    #[must_use]
    pub fn bytes_read(&self) -> f64 {
        // Exact up to 2^53 bytes.
        #[allow(clippy::cast_precision_loss)]
        self.inner.as_ref().map_or(0.0, |r| r.bytes_read() as f64)
    }

    /// Ends the input and returns the report as JSON text.
    ///
    /// # Errors
    /// When called twice.
    #[wasm_bindgen(js_name = finishJson)]
    pub fn finish_json(&mut self) -> Result<String, JsError> {
        let reader = self
            .inner
            .take()
            .ok_or_else(|| JsError::new("StreamReader is finished"))?;
        Ok(compact_json(&reader.finish()))
    }
}

/// The crate version, for the page footer and bug reports.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
