//! The diagnosis: runs the rules over the capture, decides each finding's
//! severity for this occurrence, orders the findings and picks the verdict.

use crate::input::{InputKind, Read};
use crate::model::Exchange;
use crate::report::{Finding, Fix, Verdict};
use crate::rules::{self, Context, Hit};
use crate::Options;

/// Verdict and findings for what `read` holds.
#[must_use]
pub fn diagnose_read(read: &Read, options: &Options) -> (Option<Verdict>, Vec<Finding>) {
    let cx = Context::new(&read.exchanges, options.now)
        .with_input(read.kind == InputKind::Har, read.producer.as_deref());
    diagnose_context(&cx)
}

/// Verdict and findings for a list of exchanges (tests and callers that
/// build exchanges themselves).
#[must_use]
pub fn diagnose_exchanges(
    exchanges: &[Exchange],
    options: &Options,
) -> (Option<Verdict>, Vec<Finding>) {
    diagnose_context(&Context::new(exchanges, options.now))
}

/// Severity rank: errors first.
fn rank(severity: &str) -> u8 {
    match severity {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

fn diagnose_context(cx: &Context<'_>) -> (Option<Verdict>, Vec<Finding>) {
    let mut hits = rules::run(cx);
    // One finding per code and exchange: the strongest occurrence.
    hits.sort_by(|a, b| {
        (a.code, a.exchange, std::cmp::Reverse(a.weight)).cmp(&(
            b.code,
            b.exchange,
            std::cmp::Reverse(b.weight),
        ))
    });
    hits.dedup_by(|later, kept| later.code == kept.code && later.exchange == kept.exchange);

    let failing = |h: &Hit| h.exchange.is_some_and(|i| cx.is_failure(i));
    let verdict_hit = hits
        .iter()
        .filter(|h| h.weight > 0)
        .max_by_key(|h| (failing(h), h.weight, h.exchange.map_or(0, |i| i + 1)))
        .cloned();

    let mut findings: Vec<(u8, Finding)> = hits
        .into_iter()
        .map(|h| {
            let severity = if h.weight > 0 && failing(&h) {
                "error"
            } else if h.weight > 0 || h.warn {
                "warning"
            } else {
                "info"
            };
            (h.weight, finding(h, severity))
        })
        .collect();
    findings.sort_by(|(wa, a), (wb, b)| {
        (rank(&a.severity), std::cmp::Reverse(*wa), a.exchange).cmp(&(
            rank(&b.severity),
            std::cmp::Reverse(*wb),
            b.exchange,
        ))
    });
    let verdict = verdict_hit.map(|v| {
        let mut alternatives: Vec<String> = Vec::new();
        for (w, f) in &findings {
            if *w > 0
                && f.code != v.code
                && !alternatives.contains(&f.code)
                && alternatives.len() < 4
            {
                alternatives.push(f.code.clone());
            }
        }
        Verdict {
            code: v.code.to_owned(),
            subcode: v.subcode.clone(),
            summary: v.title.clone(),
            confidence: match v.weight {
                80.. => "high",
                50..=79 => "medium",
                _ => "low",
            }
            .to_owned(),
            capture_next: v.capture_next.map(str::to_owned).or_else(|| {
                Some(
                    if cx.ex.iter().any(|e| e.req.is_none()) {
                        "the request headers of the failing request"
                    } else {
                        "the server's log line for this request, or the response body"
                    }
                    .to_owned(),
                )
            }),
            alternatives,
        }
    });
    (verdict, findings.into_iter().map(|(_, f)| f).collect())
}

fn finding(h: Hit, severity: &str) -> Finding {
    let references = rules::rule(h.code)
        .map(|r| r.references.iter().map(|s| (*s).to_owned()).collect())
        .unwrap_or_default();
    Finding {
        code: h.code.to_owned(),
        subcode: h.subcode,
        severity: severity.to_owned(),
        title: h.title,
        detail: h.detail,
        exchange: h.exchange,
        evidence: h.evidence,
        fix: Fix {
            visitor: h.visitor,
            owner: h.owner,
        },
        references,
    }
}
