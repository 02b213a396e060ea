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
    let hits = rules::run(cx);
    let failing = |h: &Hit| h.exchange.is_some_and(|i| cx.is_failure(i));
    // One finding per code and exchange, and one per code and title (the
    // same words on twenty exchanges of a redirect loop say nothing
    // twenty times): the strongest occurrence, a failing one first. Plain
    // loops rather than generic sorts: the captures are small, and each
    // sort instantiation costs kilobytes of wasm.
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match kept
            .iter_mut()
            .find(|k| k.code == h.code && (k.exchange == h.exchange || k.title == h.title))
        {
            Some(k) if (failing(k), k.weight) < (failing(&h), h.weight) => *k = h,
            Some(_) => {}
            None => kept.push(h),
        }
    }
    let key = |h: &Hit| (failing(h), h.weight, h.exchange.map_or(0, |i| i + 1));
    let mut verdict_hit: Option<&Hit> = None;
    for h in kept.iter().filter(|h| h.weight > 0) {
        if verdict_hit.is_none_or(|v| key(h) > key(v)) {
            verdict_hit = Some(h);
        }
    }
    let verdict_hit = verdict_hit.cloned();

    let mut findings: Vec<(u8, Finding)> = Vec::with_capacity(kept.len());
    for h in kept {
        let severity = if h.weight > 0 && failing(&h) {
            "error"
        } else if h.weight > 0 || h.warn {
            "warning"
        } else {
            "info"
        };
        let weight = h.weight;
        let f = finding(h, severity);
        // Insertion keeps the order: severity, then weight, then capture order.
        let order = |w: u8, f: &Finding| (rank(&f.severity), u8::MAX - w);
        let at = findings
            .iter()
            .position(|(w, g)| order(weight, &f) < order(*w, g))
            .unwrap_or(findings.len());
        findings.insert(at, (weight, f));
    }
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
    let h = h.into_data();
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
