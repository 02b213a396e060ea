//! The browser face (wasm32 only). Three parts, each thin over the core:
//! - [`api`]: functions and a streaming reader exported to JavaScript;
//! - [`worker`]: runs in a Web Worker, feeds pasted text and dropped files
//!   (through `File.stream()`, chunk by chunk) to the core, posts progress
//!   and the report back;
//! - [`page`]: runs on the main thread and only renders: it never parses.

mod api;
#[allow(clippy::indexing_slicing)]
mod compare;
mod dom;
mod examples;
// These read the report as a `serde_json::Value`, whose indexing by key or
// position yields `Null` for what is missing and never panics; clippy cannot
// tell it from slice indexing.
#[allow(clippy::indexing_slicing)]
mod findings;
mod page;
#[allow(clippy::indexing_slicing)]
mod panels;
mod protocol;
#[allow(clippy::indexing_slicing)]
mod share;
#[allow(clippy::indexing_slicing)]
mod timeline;
#[allow(clippy::indexing_slicing)]
mod value;
#[allow(clippy::indexing_slicing)]
mod verdict;
mod worker;

pub use api::{diagnose, diagnose_json, version, StreamReader};

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated, on the page and in the worker:
/// a panic then reaches the console with its message instead of "unreachable".
#[wasm_bindgen(start)]
fn on_instantiate() {
    console_error_panic_hook::set_once();
}
