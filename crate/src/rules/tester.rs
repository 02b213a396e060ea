//! `RuleTester`: runs the whole diagnosis over small hand-written captures
//! and checks that a code fires on one and stays silent on its near miss.
//!
//! Capture text: a request line (`GET https://a.test/ HTTP/1.1`) or a
//! status line (`HTTP/1.1 401 Unauthorized`) starts a message, `Name: value`
//! lines are its headers, `body: …` is the response body. A request line,
//! or a status line after a response, starts a new exchange.

use crate::diagnosis::diagnose_exchanges;
use crate::model::{Body, Exchange, Header, Request, Response};
use crate::report::Finding;
use crate::Options;

/// The fixed clock of rule tests: 2024-06-01T00:00:00Z.
pub(crate) const NOW: i64 = 1_717_200_000;

/// Reads the capture text described above.
pub(crate) fn capture(text: &str) -> Vec<Exchange> {
    let mut out: Vec<Exchange> = Vec::new();
    let mut in_response = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix("HTTP/") {
            let mut parts = rest.splitn(3, ' ');
            let version = parts.next().unwrap_or("1.1");
            let status = parts.next().and_then(|s| s.parse().ok());
            let text = parts.next().unwrap_or("").to_owned();
            if out.last().is_none_or(|e| e.response.is_some()) {
                out.push(Exchange {
                    entry_index: out.len(),
                    ..Exchange::default()
                });
            }
            if let Some(e) = out.last_mut() {
                e.response = Some(Response {
                    status,
                    status_text: text,
                    http_version: Some(format!("HTTP/{version}")),
                    ..Response::default()
                });
            }
            in_response = true;
        } else if let Some(body) = line.strip_prefix("body: ") {
            if let Some(r) = out.last_mut().and_then(|e| e.response.as_mut()) {
                r.body = Some(Body {
                    text: body.to_owned(),
                    truncated: false,
                });
            }
        } else if line
            .split(' ')
            .next()
            .is_some_and(|m| m.len() > 2 && m.bytes().all(|b| b.is_ascii_uppercase()))
            && !line.contains(": ")
        {
            let mut parts = line.split(' ');
            let method = parts.next().unwrap_or("").to_owned();
            let url = parts.next().unwrap_or("").to_owned();
            let version = parts.next().map(str::to_owned);
            out.push(Exchange {
                entry_index: out.len(),
                request: Some(Request {
                    method,
                    url,
                    http_version: version,
                    ..Request::default()
                }),
                ..Exchange::default()
            });
            in_response = false;
        } else if let Some((name, value)) = line.split_once(':') {
            let header = Header::new(name.trim(), value.trim());
            let Some(e) = out.last_mut() else { continue };
            if in_response {
                if let Some(r) = e.response.as_mut() {
                    r.headers.push(header);
                }
            } else if let Some(r) = e.request.as_mut() {
                r.headers.push(header);
            }
        }
    }
    out
}

/// Diagnoses a capture text with the test clock.
pub(crate) fn findings(text: &str) -> Vec<Finding> {
    diagnose_exchanges(&capture(text), &Options::with_now(NOW)).1
}

/// Checks one code against firing and near-miss captures.
pub(crate) struct RuleTester {
    code: &'static str,
}

impl RuleTester {
    /// A tester for `code`.
    pub(crate) fn new(code: &'static str) -> Self {
        Self { code }
    }

    /// `text` must produce `code`.
    pub(crate) fn fires(&self, text: &str) -> &Self {
        let got = findings(text);
        assert!(
            got.iter().any(|f| f.code == self.code),
            "{} did not fire on:\n{text}\nfound: {:?}",
            self.code,
            got.iter().map(|f| &f.code).collect::<Vec<_>>()
        );
        let f = got.iter().find(|f| f.code == self.code);
        assert!(
            f.is_some_and(|f| !f.title.is_empty() && !f.references.is_empty()),
            "{}: finding without title or references",
            self.code
        );
        self
    }

    /// `text` (a near miss) must not produce `code`.
    pub(crate) fn misses(&self, text: &str) -> &Self {
        let got = findings(text);
        assert!(
            !got.iter().any(|f| f.code == self.code),
            "{} fired on the near miss:\n{text}\nfound: {:?}",
            self.code,
            got.iter().map(|f| (&f.code, &f.title)).collect::<Vec<_>>()
        );
        self
    }
}
