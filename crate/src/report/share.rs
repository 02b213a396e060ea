//! Sharing a report without leaking it: the share link (codes, subcodes
//! and severities only, for the URL fragment, which never reaches a
//! server), the JSON with every secret shown as scheme and length, and a
//! curl command of a request with placeholders for its credentials. These
//! work on the report's JSON value, as the page holds it.

use serde_json::Value;

use super::{secret_name, shown_header_value, shown_url};

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn items(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

/// The request headers of `exchange`.
fn request_headers(exchange: &Value) -> impl Iterator<Item = &Value> {
    items(&exchange["request"]["headers"])
}

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
    crate::json_text::to_string(&report)
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
        let host = request_headers(exchange)
            .find(|h| {
                let name = text(&h["name"]);
                name.eq_ignore_ascii_case("host") || name == ":authority"
            })
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
    for h in request_headers(exchange) {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn report(input: &str) -> Value {
        let report = crate::diagnose(input.as_bytes(), &crate::Options::with_now(1_764_676_800));
        serde_json::from_str(&report.to_json()).unwrap()
    }

    const JWT: &str = include_str!("../../../tests/fixtures/examples/jwt-expired.txt");

    #[test]
    fn a_share_link_carries_codes_and_severities_verdict_first() {
        let report = report(JWT);
        let link = fragment(&report);
        assert!(link.starts_with("#f=jwt.expired:error,"), "{link}");
        assert!(
            !link.contains("example.test") && !link.contains("orders"),
            "{link}"
        );
        let back = parse(&link);
        let codes: Vec<&str> = items(&report["findings"])
            .map(|f| text(&f["code"]))
            .collect();
        assert_eq!(back.iter().map(|s| s.code).collect::<Vec<_>>(), codes);
    }

    #[test]
    fn a_forged_link_keeps_only_registered_codes_and_plain_subcodes() {
        let shared = parse("#f=jwt.expired:error:<b>,no.such:error,jwt.decoded:loud,status.iis-substatus:error:401.2");
        assert_eq!(
            shared,
            [
                Shared {
                    code: "jwt.expired",
                    severity: "error",
                    subcode: None
                },
                Shared {
                    code: "status.iis-substatus",
                    severity: "error",
                    subcode: Some("401.2".into())
                },
            ]
        );
        assert!(parse("#other").is_empty());
    }

    #[test]
    fn curl_puts_placeholders_for_every_credential() {
        let report = report(
            "GET /x?access_token=abc&q=1 HTTP/1.1\nHost: a.test\nAuthorization: Basic dTpw\nCookie: sid=s3cr3t; theme=dark\nX-Api-Key: k3y\nAccept: it's\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"x\"\n\n",
        );
        assert_eq!(
            curl(&report, 0).unwrap(),
            "curl -v 'https://a.test/x?access_token=<SECRET 3>&q=1' \\\n  -H 'Authorization: Basic <BASIC-CREDENTIALS>' \\\n  -H 'Cookie: sid=<VALUE>; theme=<VALUE>' \\\n  -H 'X-Api-Key: <SECRET>' \\\n  -H 'Accept: it'\\''s'"
        );
    }

    #[test]
    fn the_json_shows_credentials_as_lengths() {
        let report = report(JWT);
        let json = redacted_json(&report);
        let token = JWT.split("Bearer ").nth(1).unwrap().lines().next().unwrap();
        assert!(!json.contains(token) && !json.contains("FAKESIGNATURE"));
        assert!(json.contains("Bearer <redacted: 279 bytes>"));
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["verdict"], report["verdict"]);
    }
}
