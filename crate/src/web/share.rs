//! Sharing without leaking: the share link (codes, subcodes and
//! severities only, in the URL fragment, which never reaches a server),
//! the JSON download with every secret shown as scheme and length, and a
//! curl command of the failing request with placeholders for credentials.

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{append, append_link, append_text, clear};
use super::value::{headers, items, named, text};
use crate::report::{secret_name, shown_header_value, shown_url};

const SEVERITIES: [&str; 3] = ["error", "warning", "info"];

/// One finding as a share link carries it.
#[derive(Debug, PartialEq, Eq)]
pub struct Shared {
    /// A registered code.
    pub code: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// Vendor error or sub-status (letters, digits, `.`, `_`, `-`).
    pub subcode: Option<String>,
}

/// A subcode is kept only when it looks like one (`AADSTS700016`, `401.2`,
/// `invalid_token`): a link cannot smuggle free text into the page.
fn plain_subcode(subcode: &str) -> bool {
    (1..=40).contains(&subcode.len())
        && subcode
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The fragment (`#f=code:severity[:subcode],…`) of a share link for
/// `report`, verdict first.
pub fn fragment(report: &Value) -> String {
    let verdict = text(&report["verdict"]["code"]);
    // Verdict first, in two passes: a sort would pull the standard
    // library's stable sort (3 KB) into the wasm for this one call.
    let is_verdict = |f: &&Value| text(&f["code"]) == verdict;
    let findings = items(&report["findings"])
        .filter(is_verdict)
        .chain(items(&report["findings"]).filter(|f| !is_verdict(f)));
    let mut parts: Vec<String> = Vec::new();
    for f in findings {
        let subcode = text(&f["subcode"]);
        let mut part = [text(&f["code"]), ":", text(&f["severity"])].concat();
        if plain_subcode(subcode) {
            part.push(':');
            part.push_str(subcode);
        }
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    ["#f=", &parts.join(",")].concat()
}

/// Reads a share link's fragment; what is not a registered code with a
/// known severity is dropped.
pub fn parse(fragment: &str) -> Vec<Shared> {
    let Some(list) = fragment.strip_prefix("#f=") else {
        return Vec::new();
    };
    list.split(',')
        .filter_map(|part| {
            let mut fields = part.split(':');
            let code = crate::rules::rule(fields.next()?)?.code;
            let severity = fields.next()?;
            let severity = SEVERITIES.into_iter().find(|s| *s == severity)?;
            let subcode = fields
                .next()
                .filter(|s| plain_subcode(s))
                .map(str::to_owned);
            Some(Shared {
                code,
                severity,
                subcode,
            })
        })
        .take(50)
        .collect()
}

/// Renders the generic explanation of each shared finding: the code's
/// summary from the registry and its references.
///
/// # Errors
/// When the browser refuses to create an element.
pub fn render_shared(list: &Element, shared: &[Shared]) -> Result<(), JsValue> {
    clear(list);
    for s in shared {
        let item = append(list, "li", "finding", "")?;
        item.set_attribute("data-code", s.code)?;
        item.set_attribute("data-severity", s.severity)?;
        append(&item, "span", &["badge ", s.severity].concat(), s.severity)?;
        append(&item, "code", "", s.code)?;
        if let Some(subcode) = &s.subcode {
            append_text(&item, &[" (", subcode, ")"].concat())?;
        }
        let Some(rule) = crate::rules::rule(s.code) else {
            continue;
        };
        append(&item, "p", "detail", rule.summary)?;
        let refs = append(&item, "ul", "refs", "")?;
        for href in rule.references {
            append_link(&append(&refs, "li", "", "")?, href)?;
        }
    }
    Ok(())
}

/// The report as JSON with header values and URLs as the Markdown shows
/// them: credentials as scheme and length, cookie values as lengths. The
/// decoded `parsed` fields already hold no secret.
pub fn redacted_json(report: &Value) -> String {
    let mut report = report.clone();
    if let Some(exchanges) = report["exchanges"].as_array_mut() {
        for exchange in exchanges {
            if let Some(url) = exchange["request"]["url"].as_str() {
                let shown = shown_url(url);
                exchange["request"]["url"] = Value::String(shown);
            }
            for part in ["request", "response"] {
                let Some(list) = exchange[part]["headers"].as_array_mut() else {
                    continue;
                };
                for header in list {
                    let shown = shown_header_value(text(&header["name"]), text(&header["value"]));
                    header["value"] = Value::String(shown);
                }
            }
        }
    }
    serde_json::to_string(&report).unwrap_or_default()
}

/// `'text'` for a POSIX shell.
fn quote(text: &str) -> String {
    ["'", &text.replace('\'', "'\\''"), "'"].concat()
}

/// The value a curl command gets for header `name: value`: credentials and
/// secrets become placeholders, cookie names stay with placeholder values.
fn placeholder(name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" || lower == "proxy-authorization" {
        let scheme = value.split(' ').next().unwrap_or_default();
        return [scheme, " <", &scheme.to_ascii_uppercase(), "-CREDENTIALS>"].concat();
    }
    if lower == "cookie" {
        let pairs: Vec<String> = value
            .split(';')
            .filter_map(|p| p.split('=').next())
            .map(|n| [n.trim(), "=<VALUE>"].concat())
            .collect();
        return pairs.join("; ");
    }
    if secret_name(&lower) {
        return "<SECRET>".to_owned();
    }
    value.to_owned()
}

/// `curl` reproducing the request of exchange `at`, credentials replaced by
/// placeholders; `None` when the exchange has no request.
pub fn curl(report: &Value, at: usize) -> Option<String> {
    let exchange = report["exchanges"].get(at)?;
    let request = &exchange["request"];
    if request.is_null() {
        return None;
    }
    let mut url = shown_url(text(&request["url"]))
        .replace("<redacted: ", "<SECRET ")
        .replace(" bytes>", ">");
    if url.starts_with('/') {
        // A path only: the Host header (or :authority) names the server.
        let host = headers(exchange, "request")
            .find(|h| named(h, "host") || named(h, ":authority"))
            .map_or("HOST", |h| text(&h["value"]));
        url = ["https://", host, &url].concat();
    }
    let method = text(&request["method"]);
    let mut out = String::from("curl -v");
    if method == "HEAD" {
        out.push_str(" --head");
    } else if !method.is_empty() && method != "GET" {
        out.push_str(" -X ");
        out.push_str(&quote(method));
    }
    out.push(' ');
    out.push_str(&quote(&url));
    for h in headers(exchange, "request") {
        let name = text(&h["name"]);
        let skip = name.starts_with(':')
            || ["host", "content-length", "connection", "proxy-connection"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n));
        if skip {
            continue;
        }
        out.push_str(" \\\n  -H ");
        out.push_str(&quote(
            &[name, ": ", &placeholder(name, text(&h["value"]))].concat(),
        ));
    }
    Some(out)
}

/// The exchange to act on: the selected one, else the verdict's, else the
/// first with a request.
pub fn target(report: &Value, selected: Option<usize>) -> usize {
    selected
        .or_else(|| super::verdict::focus(report))
        .or_else(|| items(&report["exchanges"]).position(|e| !e["request"].is_null()))
        .unwrap_or(0)
}
