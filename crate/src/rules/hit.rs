//! What a rule emits: a finding in the making, with how directly it
//! explains the failure. The diagnosis turns hits into report findings,
//! deciding severity per occurrence.

use crate::report::Evidence;

/// One occurrence of a code. Boxed: rules build hits through a chain of
/// by-value builder calls, and moving a pointer instead of the whole record
/// at every call keeps each rule's wasm small.
#[derive(Debug, Clone, Default)]
pub struct Hit(Box<HitData>);

impl std::ops::Deref for Hit {
    type Target = HitData;
    fn deref(&self) -> &HitData {
        &self.0
    }
}

impl std::ops::DerefMut for Hit {
    fn deref_mut(&mut self) -> &mut HitData {
        &mut self.0
    }
}

impl Hit {
    /// The record itself.
    #[must_use]
    pub fn into_data(self) -> HitData {
        *self.0
    }
}

/// What a hit holds.
#[derive(Debug, Clone, Default)]
pub struct HitData {
    /// The code (a registered one).
    pub code: &'static str,
    /// Vendor error, sub-status, `error=` value.
    pub subcode: Option<String>,
    /// The exchange it is about.
    pub exchange: Option<usize>,
    /// One line with the concrete values.
    pub title: String,
    /// Why it matters here.
    pub detail: String,
    /// What it rests on.
    pub evidence: Vec<Evidence>,
    /// Fixes for the visitor.
    pub visitor: Vec<String>,
    /// Fixes for the owner.
    pub owner: Vec<String>,
    /// 0: a fact or a risk, not a cause. 1–100: how directly the evidence
    /// explains the failure (100 = the server says so in so many words).
    pub weight: u8,
    /// For weight 0: a warning rather than information.
    pub warn: bool,
    /// What to capture next to confirm it.
    pub capture_next: Option<&'static str>,
}

impl Hit {
    /// A hit of `code` on exchange `exchange` with `title`.
    #[must_use]
    #[inline(never)]
    pub fn new(code: &'static str, exchange: usize, title: String) -> Self {
        Self(Box::new(HitData {
            code,
            exchange: Some(exchange),
            title,
            ..HitData::default()
        }))
    }

    /// Sets how directly it explains the failure.
    #[must_use]
    pub fn weight(mut self, weight: u8) -> Self {
        self.weight = weight;
        self
    }

    /// Marks a non-explaining hit as a warning.
    #[must_use]
    pub fn warning(mut self) -> Self {
        self.warn = true;
        self
    }

    /// Sets the detail paragraph.
    #[must_use]
    #[inline(never)]
    pub fn detail(mut self, detail: &str) -> Self {
        self.detail = detail.to_owned();
        self
    }

    /// Sets the subcode.
    #[must_use]
    #[inline(never)]
    pub fn subcode(mut self, subcode: &str) -> Self {
        self.subcode = Some(subcode.to_owned());
        self
    }

    /// Adds evidence (ignores `None`, so callers can pass lookups directly).
    #[must_use]
    #[inline(never)]
    pub fn evidence(mut self, evidence: Option<Evidence>) -> Self {
        self.evidence.extend(evidence);
        self
    }

    /// Adds a fix for the visitor.
    #[must_use]
    #[inline(never)]
    pub fn visitor(mut self, fix: impl AsRef<str>) -> Self {
        self.visitor.push(fix.as_ref().to_owned());
        self
    }

    /// Adds a fix for the owner.
    #[must_use]
    #[inline(never)]
    pub fn owner(mut self, fix: impl AsRef<str>) -> Self {
        self.owner.push(fix.as_ref().to_owned());
        self
    }

    /// What to capture next.
    #[must_use]
    pub fn next(mut self, what: &'static str) -> Self {
        self.capture_next = Some(what);
        self
    }
}
