//! Smoke tests of the wasm build in headless Chromium (`./dev test` runs
//! them through wasm-bindgen-test-runner): the exports read a paste and a
//! stream, and return the contract's report. Rule logic is tested natively.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use authlens::web::{diagnose, diagnose_json, StreamReader};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const PASTE: &[u8] = b"GET /api HTTP/1.1\r\nHost: a.test\r\nAuthorization: Bearer x\r\n\r\nHTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error=\"invalid_token\"\r\n\r\n";

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).unwrap()
    })
}

#[wasm_bindgen_test]
fn diagnose_returns_the_report_object() {
    let report = diagnose(PASTE, Some(1_795_460_960.0)).unwrap();
    assert_eq!(get(&report, &["schema_version"]).as_f64(), Some(1.0));
    assert_eq!(get(&report, &["input", "exchanges"]).as_f64(), Some(1.0));
    let exchange = js_sys::Reflect::get_u32(&get(&report, &["exchanges"]), 0).unwrap();
    assert_eq!(
        get(&exchange, &["request", "method"])
            .as_string()
            .as_deref(),
        Some("GET")
    );
    assert_eq!(
        get(&exchange, &["response", "status"]).as_f64(),
        Some(401.0)
    );
}

#[wasm_bindgen_test]
fn streaming_in_chunks_equals_the_whole_buffer() {
    let mut reader = StreamReader::new(None);
    for chunk in PASTE.chunks(7) {
        reader.push(chunk).unwrap();
    }
    assert_eq!(reader.bytes_read(), PASTE.len() as f64);
    assert_eq!(reader.finish_json().unwrap(), diagnose_json(PASTE, None));
    assert!(
        reader.finish_json().is_err(),
        "a finished reader refuses a second finish"
    );
}

#[wasm_bindgen_test]
fn unreadable_input_reports_a_located_error() {
    let report = diagnose(b"\n  not http", None).unwrap();
    assert_eq!(
        get(&report, &["input", "error", "line"]).as_f64(),
        Some(2.0)
    );
    assert_eq!(
        get(&report, &["input", "error", "column"]).as_f64(),
        Some(3.0)
    );
}

/// `curl -v` output as a terminal shows it: `*` notes, `>` request and `<`
/// response lines, TLS chatter. The wasm reads it like the native build.
const CURL_V: &[u8] = b"*   Trying 127.0.0.1:8080...\n\
* Connected to localhost (127.0.0.1) port 8080 (#0)\n\
* Server auth using Basic with user 'alice'\n\
> GET /private/ HTTP/1.1\n\
> Host: localhost:8080\n\
> Authorization: Basic YWxpY2U6d3Jvbmc=\n\
> User-Agent: curl/7.88.1\n\
> Accept: */*\n\
>\n\
< HTTP/1.1 401 Unauthorized\n\
< Server: nginx/1.22.1\n\
< Date: Wed, 03 Dec 2026 07:00:00 GMT\n\
< Content-Type: text/html\n\
< WWW-Authenticate: Basic realm=\"Restricted\"\n\
<\n\
<html><head><title>401 Authorization Required</title></head></html>\n\
* Connection #0 to host localhost left intact\n";

#[wasm_bindgen_test]
fn curl_verbose_output_is_read_into_one_exchange() {
    let report = diagnose(CURL_V, None).unwrap();
    assert_eq!(
        get(&report, &["input", "kind"]).as_string().as_deref(),
        Some("curl-verbose")
    );
    assert_eq!(get(&report, &["input", "exchanges"]).as_f64(), Some(1.0));
    let exchange = js_sys::Reflect::get_u32(&get(&report, &["exchanges"]), 0).unwrap();
    assert_eq!(
        get(&exchange, &["request", "url"]).as_string().as_deref(),
        Some("/private/")
    );
    assert_eq!(
        get(&exchange, &["response", "status"]).as_f64(),
        Some(401.0)
    );
    // The challenge is decoded in the wasm too.
    let header = js_sys::Reflect::get_u32(&get(&exchange, &["response", "headers"]), 3).unwrap();
    assert_eq!(
        get(&header, &["name"]).as_string().as_deref(),
        Some("WWW-Authenticate")
    );
    let challenge = js_sys::Reflect::get_u32(&get(&header, &["parsed", "challenges"]), 0).unwrap();
    assert_eq!(
        get(&challenge, &["scheme"]).as_string().as_deref(),
        Some("Basic")
    );
    assert!(get(&report, &["verdict", "code"]).as_string().is_some());
}
