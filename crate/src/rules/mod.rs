//! The rule registry: every finding code AuthLens knows, with its one-line
//! summary, its references and (for the codes that detect something yet) the
//! check that looks at the whole capture.
//!
//! Size matters here (the page ships this to wasm): titles and fixes are
//! `&'static str` templates filled by [`fill`], evidence is built by the
//! shared helpers of [`context`], and the long documentation that
//! `authlens explain` prints is compiled for native targets only
//! ([`explain`]).

/// Text only the native build carries (the CLI's explanations, a
/// finding's "why" paragraph): the page ships without it to stay in its
/// size budget.
macro_rules! why {
    ($s:literal) => {{
        #[cfg(not(target_arch = "wasm32"))]
        let text: &'static str = $s;
        #[cfg(target_arch = "wasm32")]
        let text: &'static str = "";
        text
    }};
}

pub(crate) mod context;
mod hit;
mod text;

mod basic;
mod bearer;
mod cache;
mod challenge;
mod cookie;
mod cors;
mod credentials;
mod decoded;
mod digest;
mod general;
mod hygiene;
mod intermediary;
mod jwt;
mod ntlm;
mod redirect;
mod sso;
mod status;
mod tls;
mod vendor;
mod vendor_tables;

#[cfg(not(target_arch = "wasm32"))]
mod docs;

mod catalog;

pub use catalog::{EXTRA_CHECKS, RULES};
pub use context::{Auth, ChallengeAt, ClockSource, Context, Ex};
pub use hit::Hit;
pub use text::{duration, fill};

/// A check: reads the capture, appends what it found.
pub type Check = fn(&Context<'_>, &mut Vec<Hit>);

/// How a registered code is detected.
#[derive(Debug, Clone, Copy)]
pub enum Detect {
    /// Registered ahead of its rule (the catalog issue builds it).
    Pending,
    /// This check emits it (and may emit related codes).
    Check(Check),
    /// Emitted by the check registered under that other code.
    By(&'static str),
    /// Runs after every other check, reading the hits they made.
    Last(Check),
}

/// One registered code.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// `family.name`, as in `spec/findings.md`.
    pub code: &'static str,
    /// One line: what the code means.
    pub summary: &'static str,
    /// RFC sections and vendor documentation.
    pub references: &'static [&'static str],
    /// How it is detected.
    pub detect: Detect,
}

impl Rule {
    /// Whether this code detects anything yet.
    #[must_use]
    pub fn detects(&self) -> bool {
        !matches!(self.detect, Detect::Pending)
    }
}

/// The registered rule for `code`.
#[must_use]
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The long documentation of `code` (what it detects, why it matters, how
/// to fix it, an example), native builds only.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn explain(code: &str) -> Option<&'static str> {
    docs::DOCS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, doc)| *doc)
}

/// Runs every detecting rule over the capture.
#[must_use]
pub fn run(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for rule in RULES {
        if let Detect::Check(check) = rule.detect {
            check(cx, &mut hits);
        }
    }
    for (_, check) in EXTRA_CHECKS {
        check(cx, &mut hits);
    }
    for rule in RULES {
        if let Detect::Last(check) = rule.detect {
            check(cx, &mut hits);
        }
    }
    hits
}

#[cfg(test)]
mod tester;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
