//! A browser cookie jar as RFC 6265bis §5.7 (storage) and §5.8.3 (retrieval)
//! define it, replayed over a capture to answer "was the session cookie
//! sent, and if not, why".
//!
//! The store keeps every `Set-Cookie` it was given as a [`SetEvent`] with its
//! outcome, so that [`CookieStore::explain_event`] can tell apart a cookie
//! that was refused, overwritten, deleted, expired, or is alive but does not
//! match the request (domain, path, `Secure`, `SameSite`, third-party
//! blocking). Time is always a parameter (seconds since the epoch); the
//! store never reads the clock.
//!
//! Where browsers differ, [`Policy`] decides; its default is Chromium's
//! (missing `SameSite` means Lax, with the two-minute "Lax-allowing-unsafe"
//! grace for top-level POSTs; `SameSite=None` needs `Secure`), because that
//! is where most reported 401s come from.

use serde::Serialize;

use crate::parse::set_cookie::{
    default_path, domain_match, parse_set_cookie, path_match, CookiePath, Redacted, Rejection,
    SameSite, SetCookie,
};
use crate::parse::url::Url;
use crate::site::SiteRelation;

/// Seconds in the 400-day cap browsers put on cookie lifetimes (RFC 6265bis §5.5).
pub const MAX_COOKIE_AGE: i64 = 400 * 86_400;

/// Where browsers differ, which behaviour to model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Policy {
    /// A cookie without `SameSite` is treated as `Lax` (Chromium); `false`
    /// treats it as `None` (Firefox, Safari).
    pub lax_by_default: bool,
    /// With `lax_by_default`, an unspecified-`SameSite` cookie younger than
    /// this many seconds is still sent on a cross-site top-level request
    /// with an unsafe method (Chromium's "Lax-allowing-unsafe", 120 s).
    pub lax_allow_unsafe_seconds: Option<i64>,
    /// `SameSite=None` without `Secure` is refused at set time.
    pub reject_same_site_none_insecure: bool,
    /// Third-party cookies are blocked (Chrome's phase-out, incognito,
    /// Safari ITP, Firefox strict mode); `Partitioned` cookies are exempt.
    pub block_third_party: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self::chromium()
    }
}

impl Policy {
    /// Current Chromium defaults, with third-party cookies allowed.
    #[must_use]
    pub const fn chromium() -> Self {
        Self {
            lax_by_default: true,
            lax_allow_unsafe_seconds: Some(120),
            reject_same_site_none_insecure: true,
            block_third_party: false,
        }
    }

    /// Plain RFC 6265bis with the defaults Firefox and Safari ship: missing
    /// `SameSite` means `None`.
    #[must_use]
    pub const fn rfc6265bis() -> Self {
        Self {
            lax_by_default: false,
            lax_allow_unsafe_seconds: None,
            reject_same_site_none_insecure: false,
            block_third_party: false,
        }
    }

    /// This policy with third-party cookies blocked or allowed.
    #[must_use]
    pub const fn with_third_party_blocked(mut self, blocked: bool) -> Self {
        self.block_third_party = blocked;
        self
    }
}

/// How a request (or the response that sets a cookie) relates to the page
/// that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RequestContext {
    /// Request method (`GET`, `POST`), as written.
    pub method: String,
    /// A top-level navigation (link, form, redirect of the main page), as
    /// opposed to a fetch, image or iframe.
    pub top_level_navigation: bool,
    /// The relation from `Sec-Fetch-Site`, when the capture has it.
    pub site: Option<SiteRelation>,
    /// The page that started the request (from `Origin` or `Referer`),
    /// used when `site` is unknown.
    pub initiator: Option<Url>,
}

impl Default for RequestContext {
    fn default() -> Self {
        Self::same_site("GET")
    }
}

impl RequestContext {
    /// A same-site request with `method`, not a top-level navigation.
    #[must_use]
    pub fn same_site(method: &str) -> Self {
        Self {
            method: method.to_owned(),
            top_level_navigation: false,
            site: Some(SiteRelation::SameSite),
            initiator: None,
        }
    }

    /// The same context with the relation from a `Sec-Fetch-Site` value
    /// (`None` to compute it from the initiator instead).
    #[must_use]
    pub fn with_site(mut self, site: Option<SiteRelation>) -> Self {
        self.site = site;
        self
    }

    /// The same context, started by the page at `initiator`.
    #[must_use]
    pub fn with_initiator(mut self, initiator: Option<Url>) -> Self {
        self.initiator = initiator;
        self
    }

    /// The same context, as a top-level navigation or not.
    #[must_use]
    pub fn with_top_level_navigation(mut self, top_level: bool) -> Self {
        self.top_level_navigation = top_level;
        self
    }

    /// Whether the request to `target` is cross-site: `Sec-Fetch-Site` when
    /// given, else the initiator's registrable domain and scheme compared
    /// with the target's; same-site when neither is known.
    #[must_use]
    pub fn relation_to(&self, target: &Url) -> SiteRelation {
        self.site
            .or_else(|| {
                self.initiator
                    .as_ref()
                    .map(|initiator| SiteRelation::between(initiator, target))
            })
            .unwrap_or(SiteRelation::SameSite)
    }

    /// Whether the method is "safe" for `SameSite=Lax` (RFC 9110 §9.2.1).
    #[must_use]
    pub fn is_safe_method(&self) -> bool {
        ["GET", "HEAD", "OPTIONS", "TRACE"]
            .iter()
            .any(|m| self.method.eq_ignore_ascii_case(m))
    }
}

/// A stored cookie (RFC 6265bis §5.7 "cookie" record). `Debug` and
/// `Serialize` leave the value out.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Cookie {
    /// Name (may be empty).
    pub name: String,
    /// Value. A secret: reports show [`crate::parse::set_cookie::redacted_value`].
    #[serde(skip)]
    pub value: String,
    /// Domain: the setting host (host-only) or the `Domain` attribute.
    pub domain: String,
    /// Path.
    pub path: String,
    /// Sent to exactly `domain`, not to its subdomains.
    pub host_only: bool,
    /// Only sent over `https:`.
    pub secure: bool,
    /// Hidden from scripts (still sent with requests).
    pub http_only: bool,
    /// `SameSite` mode.
    pub same_site: SameSite,
    /// `Partitioned` (CHIPS).
    pub partitioned: bool,
    /// Expiry (seconds since the epoch); `None` for a session cookie.
    pub expires: Option<i64>,
    /// When it was first created (kept across overwrites).
    pub creation_time: i64,
    /// Which [`SetEvent`] wrote its current value.
    pub set_by: usize,
    /// Tie-breaker for equal creation times: the insertion order.
    #[serde(skip)]
    order: u64,
}

impl std::fmt::Debug for Cookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cookie")
            .field("name", &self.name)
            .field("value", &Redacted(&self.value))
            .field("domain", &self.domain)
            .field("path", &self.path)
            .field("host_only", &self.host_only)
            .field("secure", &self.secure)
            .field("http_only", &self.http_only)
            .field("same_site", &self.same_site)
            .field("partitioned", &self.partitioned)
            .field("expires", &self.expires)
            .field("creation_time", &self.creation_time)
            .field("set_by", &self.set_by)
            .finish_non_exhaustive()
    }
}

impl Cookie {
    /// Whether it has expired at `now`.
    #[must_use]
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires.is_some_and(|at| at <= now)
    }

    /// `name=value` as a `Cookie` header serialises it (just the value for
    /// a nameless cookie).
    #[must_use]
    pub fn pair(&self) -> String {
        if self.name.is_empty() {
            self.value.clone()
        } else {
            format!("{}={}", self.name, self.value)
        }
    }
}

/// What happened to one `Set-Cookie`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SetOutcome {
    /// Stored as a new cookie.
    Stored,
    /// Stored, replacing the cookie an earlier event set (same name, domain
    /// and path).
    Replaced {
        /// The event whose cookie was replaced.
        previous: usize,
    },
    /// Its expiry was already past (`Max-Age=0`, `Expires` in the past): it
    /// deleted the matching cookie, if there was one.
    Deleted {
        /// The event whose cookie was deleted.
        previous: Option<usize>,
        /// Deleted through `Max-Age` (else through `Expires`).
        by_max_age: bool,
    },
    /// Refused: the browser does not store it.
    Rejected {
        /// Every reason found.
        reasons: Vec<Rejection>,
    },
}

/// One `Set-Cookie` the store was given, with what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetEvent {
    /// Cookie name, when the line parsed.
    pub name: Option<String>,
    /// The response URL that set it.
    pub from: String,
    /// When (seconds since the epoch).
    pub at: i64,
    /// What the browser did with it.
    pub outcome: SetOutcome,
    /// A later event that replaced or deleted the cookie this one stored.
    pub superseded_by: Option<usize>,
}

/// Why a cookie would not be sent with a request (`cookie.not-sent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NotSent {
    /// The browser refused the `Set-Cookie` (`cookie.rejected`).
    Rejected {
        /// Why.
        reasons: Vec<Rejection>,
    },
    /// A later `Set-Cookie` of the same name, domain and path replaced it.
    Overwritten {
        /// The replacing event.
        by: usize,
    },
    /// A later `Set-Cookie` deleted it, or it deleted itself (`Max-Age=0`
    /// or a past `Expires`).
    Deleted {
        /// The deleting event.
        by: usize,
        /// Through `Max-Age` (else `Expires`).
        by_max_age: bool,
    },
    /// Its expiry time has passed.
    Expired {
        /// When it expired (seconds since the epoch).
        at: i64,
    },
    /// The request host is not the cookie's domain nor a subdomain of it.
    DomainMismatch {
        /// Cookie domain.
        domain: String,
        /// Request host.
        host: String,
    },
    /// A host-only cookie (no `Domain`) and the request goes to another
    /// host, typically a subdomain or sibling (`www.` vs `api.`).
    HostOnly {
        /// The host that set it.
        domain: String,
        /// Request host.
        host: String,
    },
    /// The request path is outside the cookie's path.
    PathMismatch {
        /// Cookie path.
        path: String,
        /// Request path.
        request_path: String,
    },
    /// A `Secure` cookie and an `http:` request.
    SecureOverHttp,
    /// `SameSite=Strict` in a cross-site context.
    SameSiteStrict,
    /// `SameSite=Lax` in a cross-site context that is not a top-level
    /// navigation with a safe method.
    SameSiteLax,
    /// No `SameSite`, treated as Lax by the policy, in such a context.
    SameSiteUnspecifiedTreatedAsLax,
    /// Third-party cookies are blocked and the request is cross-site.
    ThirdPartyBlocked,
}

impl NotSent {
    /// Chromium's `ExclusionReason` name, where one fits.
    #[must_use]
    pub fn chromium_name(&self) -> Option<&'static str> {
        Some(match self {
            Self::Rejected { reasons } => return reasons.first().map(Rejection::chromium_name),
            Self::Overwritten { .. } | Self::Deleted { .. } | Self::Expired { .. } => return None,
            Self::DomainMismatch { .. } | Self::HostOnly { .. } => "EXCLUDE_DOMAIN_MISMATCH",
            Self::PathMismatch { .. } => "EXCLUDE_NOT_ON_PATH",
            Self::SecureOverHttp => "EXCLUDE_SECURE_ONLY",
            Self::SameSiteStrict => "EXCLUDE_SAMESITE_STRICT",
            Self::SameSiteLax => "EXCLUDE_SAMESITE_LAX",
            Self::SameSiteUnspecifiedTreatedAsLax => "EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX",
            Self::ThirdPartyBlocked => "EXCLUDE_THIRD_PARTY_PHASEOUT",
        })
    }
}

/// The answer to "would the cookie from this `Set-Cookie` be sent?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The event explained.
    pub event: usize,
    /// Cookie name, when the line parsed.
    pub name: Option<String>,
    /// Whether it would be sent.
    pub sent: bool,
    /// Every reason it would not be (empty when sent).
    pub reasons: Vec<NotSent>,
}

/// A cookie jar replayed over a capture.
#[derive(Debug, Clone, Default)]
pub struct CookieStore {
    policy: Policy,
    cookies: Vec<Cookie>,
    /// Cookies removed because they expired, kept to explain their absence.
    expired: Vec<Cookie>,
    events: Vec<SetEvent>,
    next_order: u64,
}

impl CookieStore {
    /// An empty store following `policy`.
    #[must_use]
    pub fn new(policy: Policy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// The policy in force.
    #[must_use]
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The live cookies (expired ones included until the next `set_cookie`).
    #[must_use]
    pub fn cookies(&self) -> &[Cookie] {
        &self.cookies
    }

    /// Every `Set-Cookie` given so far, in order.
    #[must_use]
    pub fn events(&self) -> &[SetEvent] {
        &self.events
    }

    /// Receives one `Set-Cookie` header value from a response to `from` at
    /// `now` (RFC 6265bis §5.7), and returns the new event's index.
    ///
    /// ```
    /// use authlens::cookie_store::{CookieStore, Policy, RequestContext};
    /// use authlens::parse::url::Url;
    /// let mut store = CookieStore::new(Policy::chromium());
    /// let url = Url::parse("https://example.com/login").unwrap();
    /// let ctx = RequestContext::same_site("POST");
    /// store.set_cookie("sid=abc; Path=/; Secure; HttpOnly", &url, &ctx, 1_000);
    /// let app = Url::parse("https://example.com/app").unwrap();
    /// assert_eq!(store.cookie_header(&app, &RequestContext::default(), 1_001).as_deref(), Some("sid=abc"));
    /// ```
    pub fn set_cookie(
        &mut self,
        header: &str,
        from: &Url,
        ctx: &RequestContext,
        now: i64,
    ) -> usize {
        self.purge_expired(now);
        let index = self.events.len();
        let (name, outcome) = match parse_set_cookie(header) {
            Err(error) => (
                None,
                SetOutcome::Rejected {
                    reasons: vec![Rejection::Malformed { kind: error.kind }],
                },
            ),
            Ok(parsed) => (
                Some(parsed.name.to_owned()),
                self.store(&parsed, from, ctx, now, index),
            ),
        };
        self.events.push(SetEvent {
            name,
            from: from.to_string(),
            at: now,
            outcome,
            superseded_by: None,
        });
        index
    }

    fn store(
        &mut self,
        parsed: &SetCookie<'_>,
        from: &Url,
        ctx: &RequestContext,
        now: i64,
        index: usize,
    ) -> SetOutcome {
        let mut reasons = self.context_rejections(parsed, from, ctx);
        // A domain attribute equal to a public-suffix host makes a host-only cookie.
        let domain_attr = parsed
            .domain
            .as_ref()
            .filter(|d| !(crate::site::is_public_suffix(d) && **d == from.host));
        let (domain, host_only) = match domain_attr {
            Some(d) => (d.clone(), false),
            None => (from.host.clone(), true),
        };
        let path = match &parsed.path {
            Some(CookiePath::Explicit(p)) => p.clone(),
            Some(CookiePath::Default) | None => default_path(&from.path).to_owned(),
        };
        if !parsed.secure && !from.is_secure() {
            let shadows_secure = self.cookies.iter().any(|c| {
                c.secure
                    && c.name == parsed.name
                    && (domain_match(&c.domain, &domain) || domain_match(&domain, &c.domain))
                    && path_match(&path, &c.path)
            });
            if shadows_secure {
                reasons.push(Rejection::OverwriteSecure);
            }
        }
        if !reasons.is_empty() {
            return SetOutcome::Rejected { reasons };
        }
        let expires = if let Some(delta) = parsed.max_age {
            Some(if delta <= 0 {
                i64::MIN
            } else {
                now.saturating_add(delta.min(MAX_COOKIE_AGE))
            })
        } else {
            parsed
                .expires
                .map(|at| at.min(now.saturating_add(MAX_COOKIE_AGE)))
        };
        let mut cookie = Cookie {
            name: parsed.name.to_owned(),
            value: parsed.value.to_owned(),
            domain,
            path,
            host_only,
            secure: parsed.secure,
            http_only: parsed.http_only,
            same_site: parsed.same_site_mode(),
            partitioned: parsed.partitioned,
            expires,
            creation_time: now,
            set_by: index,
            order: self.next_order,
        };
        self.next_order = self.next_order.saturating_add(1);
        let previous = self.cookies.iter().position(|c| {
            c.name == cookie.name
                && c.domain == cookie.domain
                && c.host_only == cookie.host_only
                && c.path == cookie.path
        });
        let previous_event = previous.map(|at| {
            let old = self.cookies.remove(at);
            cookie.creation_time = old.creation_time;
            cookie.order = old.order;
            if let Some(event) = self.events.get_mut(old.set_by) {
                event.superseded_by = Some(index);
            }
            old.set_by
        });
        if cookie.is_expired(now) {
            return SetOutcome::Deleted {
                previous: previous_event,
                by_max_age: parsed.max_age.is_some(),
            };
        }
        self.cookies.push(cookie);
        match previous_event {
            Some(previous) => SetOutcome::Replaced { previous },
            None => SetOutcome::Stored,
        }
    }

    /// The reasons to refuse `parsed` that depend on the policy and on the
    /// context of the response, not on other stored cookies.
    fn context_rejections(
        &self,
        parsed: &SetCookie<'_>,
        from: &Url,
        ctx: &RequestContext,
    ) -> Vec<Rejection> {
        let mut reasons: Vec<Rejection> = parsed
            .rejections(from)
            .into_iter()
            .filter(|r| {
                *r != Rejection::SameSiteNoneInsecure || self.policy.reject_same_site_none_insecure
            })
            .collect();
        let cross_site_subresource =
            ctx.relation_to(from).is_cross_site() && !ctx.top_level_navigation;
        let mode = parsed.same_site_mode();
        let enforced = match mode {
            SameSite::None => false,
            SameSite::Default => self.policy.lax_by_default,
            SameSite::Strict | SameSite::Lax => true,
        };
        if enforced && cross_site_subresource {
            reasons.push(Rejection::SameSiteFromCrossSite { mode });
        }
        if self.policy.block_third_party && cross_site_subresource && !parsed.partitioned {
            reasons.push(Rejection::ThirdPartyBlocked);
        }
        reasons
    }

    fn purge_expired(&mut self, now: i64) {
        let (expired, live): (Vec<Cookie>, Vec<Cookie>) = std::mem::take(&mut self.cookies)
            .into_iter()
            .partition(|c| c.is_expired(now));
        self.cookies = live;
        self.expired.extend(expired);
    }

    /// The cookies a browser would send with a request to `url` at `now`,
    /// in `Cookie` header order (RFC 6265bis §5.8.3: longer paths first,
    /// then earlier creation).
    #[must_use]
    pub fn cookies_for(&self, url: &Url, ctx: &RequestContext, now: i64) -> Vec<&Cookie> {
        let mut list: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|c| self.exclusions(c, url, ctx, now).is_empty())
            .collect();
        list.sort_by(|a, b| {
            b.path
                .len()
                .cmp(&a.path.len())
                .then(a.creation_time.cmp(&b.creation_time))
                .then(a.order.cmp(&b.order))
        });
        list
    }

    /// The `Cookie` header value a browser would send, or `None` when no
    /// cookie applies.
    #[must_use]
    pub fn cookie_header(&self, url: &Url, ctx: &RequestContext, now: i64) -> Option<String> {
        let pairs: Vec<String> = self
            .cookies_for(url, ctx, now)
            .iter()
            .map(|c| c.pair())
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// Every reason `cookie` would not be sent with a request to `url`.
    fn exclusions(
        &self,
        cookie: &Cookie,
        url: &Url,
        ctx: &RequestContext,
        now: i64,
    ) -> Vec<NotSent> {
        let mut reasons = Vec::new();
        if let Some(at) = cookie.expires.filter(|_| cookie.is_expired(now)) {
            reasons.push(NotSent::Expired { at });
        }
        if cookie.host_only {
            if url.host != cookie.domain {
                reasons.push(NotSent::HostOnly {
                    domain: cookie.domain.clone(),
                    host: url.host.clone(),
                });
            }
        } else if !domain_match(&url.host, &cookie.domain) {
            reasons.push(NotSent::DomainMismatch {
                domain: cookie.domain.clone(),
                host: url.host.clone(),
            });
        }
        if !path_match(&url.path, &cookie.path) {
            reasons.push(NotSent::PathMismatch {
                path: cookie.path.clone(),
                request_path: url.path.clone(),
            });
        }
        if cookie.secure && !url.is_secure() {
            reasons.push(NotSent::SecureOverHttp);
        }
        let cross_site = ctx.relation_to(url).is_cross_site();
        if cross_site {
            let lax_ok = ctx.top_level_navigation && ctx.is_safe_method();
            match cookie.same_site {
                SameSite::Strict => reasons.push(NotSent::SameSiteStrict),
                SameSite::Lax if !lax_ok => reasons.push(NotSent::SameSiteLax),
                SameSite::Default if self.policy.lax_by_default && !lax_ok => {
                    let young = self
                        .policy
                        .lax_allow_unsafe_seconds
                        .is_some_and(|limit| now.saturating_sub(cookie.creation_time) <= limit);
                    if !(ctx.top_level_navigation && young) {
                        reasons.push(NotSent::SameSiteUnspecifiedTreatedAsLax);
                    }
                }
                _ => {}
            }
            if self.policy.block_third_party && !ctx.top_level_navigation && !cookie.partitioned {
                reasons.push(NotSent::ThirdPartyBlocked);
            }
        }
        reasons
    }

    /// Would the cookie from `Set-Cookie` event `event` be sent with a
    /// request to `url` at `now`, and if not, why?
    ///
    /// ```
    /// use authlens::cookie_store::{CookieStore, NotSent, Policy, RequestContext};
    /// use authlens::parse::url::Url;
    /// let mut store = CookieStore::new(Policy::chromium());
    /// let login = Url::parse("https://example.com/auth/login").unwrap();
    /// let event = store.set_cookie("sid=1", &login, &RequestContext::same_site("POST"), 0);
    /// let api = Url::parse("https://example.com/api/me").unwrap();
    /// let why = store.explain_event(event, &api, &RequestContext::default(), 5);
    /// assert!(!why.sent);
    /// assert!(matches!(why.reasons[0], NotSent::PathMismatch { .. }));
    /// ```
    #[must_use]
    pub fn explain_event(
        &self,
        event: usize,
        url: &Url,
        ctx: &RequestContext,
        now: i64,
    ) -> Explanation {
        let record = self.events.get(event);
        let name = record.and_then(|e| e.name.clone());
        let reasons = match record {
            None => Vec::new(),
            Some(SetEvent {
                outcome: SetOutcome::Rejected { reasons },
                ..
            }) => vec![NotSent::Rejected {
                reasons: reasons.clone(),
            }],
            Some(SetEvent {
                outcome: SetOutcome::Deleted { by_max_age, .. },
                ..
            }) => vec![NotSent::Deleted {
                by: event,
                by_max_age: *by_max_age,
            }],
            Some(SetEvent {
                superseded_by: Some(by),
                ..
            }) => vec![match self.events.get(*by).map(|e| &e.outcome) {
                Some(SetOutcome::Deleted { by_max_age, .. }) => NotSent::Deleted {
                    by: *by,
                    by_max_age: *by_max_age,
                },
                _ => NotSent::Overwritten { by: *by },
            }],
            Some(_) => self
                .cookies
                .iter()
                .chain(&self.expired)
                .find(|c| c.set_by == event)
                .map(|c| self.exclusions(c, url, ctx, now))
                .unwrap_or_default(),
        };
        Explanation {
            event,
            name,
            sent: record.is_some() && reasons.is_empty(),
            reasons,
        }
    }

    /// [`CookieStore::explain_event`] for every `Set-Cookie` that named
    /// `name`, latest first. Empty when none did: the capture never set
    /// that cookie (it may come from before the capture, or from script).
    #[must_use]
    pub fn explain(
        &self,
        name: &str,
        url: &Url,
        ctx: &RequestContext,
        now: i64,
    ) -> Vec<Explanation> {
        (0..self.events.len())
            .rev()
            .filter(|&i| self.events.get(i).and_then(|e| e.name.as_deref()) == Some(name))
            .map(|i| self.explain_event(i, url, ctx, now))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn order_is_path_length_then_creation() {
        let mut store = CookieStore::new(Policy::rfc6265bis());
        let from = url("http://h.test/a/b");
        let ctx = RequestContext::default();
        store.set_cookie("x=1; Path=/", &from, &ctx, 10);
        store.set_cookie("y=2; Path=/a", &from, &ctx, 11);
        store.set_cookie("z=3", &from, &ctx, 9);
        store.set_cookie("x=4; Path=/", &from, &ctx, 12);
        assert_eq!(
            store
                .cookie_header(&url("http://h.test/a/b"), &ctx, 13)
                .as_deref(),
            Some("z=3; y=2; x=4")
        );
    }

    #[test]
    fn explains_overwrite_delete_expiry_and_samesite() {
        let mut store = CookieStore::new(Policy::chromium());
        let from = url("https://example.com/");
        let ctx = RequestContext::default();
        let first = store.set_cookie("sid=1", &from, &ctx, 0);
        let second = store.set_cookie("sid=2", &from, &ctx, 1);
        let gone = store.set_cookie("sid=; Max-Age=0", &from, &ctx, 2);
        let short = store.set_cookie("tmp=1; Max-Age=10", &from, &ctx, 3);
        let strict = store.set_cookie("s=1; SameSite=Strict", &from, &ctx, 3);
        let target = url("https://example.com/x");
        assert_eq!(
            store.explain_event(first, &target, &ctx, 4).reasons,
            [NotSent::Overwritten { by: second }]
        );
        assert_eq!(
            store.explain_event(second, &target, &ctx, 4).reasons,
            [NotSent::Deleted {
                by: gone,
                by_max_age: true
            }]
        );
        assert_eq!(
            store.explain_event(short, &target, &ctx, 13).reasons,
            [NotSent::Expired { at: 13 }]
        );
        let cross = RequestContext::same_site("GET").with_site(Some(SiteRelation::CrossSite));
        assert_eq!(
            store.explain_event(strict, &target, &cross, 4).reasons,
            [NotSent::SameSiteStrict]
        );
        assert!(store.explain_event(strict, &target, &ctx, 4).sent);
        let debug = format!("{:?}", store.cookies());
        assert!(
            debug.contains("<redacted: 1 bytes>") && !debug.contains("value: \"1\""),
            "{debug}"
        );
    }

    #[test]
    fn insecure_origin_cannot_shadow_secure_cookie() {
        let mut store = CookieStore::new(Policy::rfc6265bis());
        let ctx = RequestContext::default();
        store.set_cookie("sid=1; Secure", &url("https://example.com/"), &ctx, 0);
        let attempt = store.set_cookie("sid=evil", &url("http://example.com/"), &ctx, 1);
        assert_eq!(
            store.events()[attempt].outcome,
            SetOutcome::Rejected {
                reasons: vec![Rejection::OverwriteSecure]
            }
        );
    }

    #[test]
    fn site_from_initiator_when_no_sec_fetch_site() {
        let mut store = CookieStore::new(Policy::chromium());
        let ctx = RequestContext::default();
        let event = store.set_cookie(
            "sid=1; SameSite=Lax; Secure",
            &url("https://app.example.com/"),
            &ctx,
            0,
        );
        let fetch = RequestContext::same_site("GET")
            .with_site(None)
            .with_initiator(Some(url("https://evil.test/")));
        let target = url("https://app.example.com/api");
        assert_eq!(
            store.explain_event(event, &target, &fetch, 1).reasons,
            [NotSent::SameSiteLax]
        );
        let sibling = fetch.with_initiator(Some(url("https://www.example.com/")));
        assert!(store.explain_event(event, &target, &sibling, 1).sent);
    }

    #[test]
    fn third_party_blocking() {
        let policy = Policy::chromium().with_third_party_blocked(true);
        let mut store = CookieStore::new(policy);
        let from = url("https://idp.example/");
        let top = RequestContext::default();
        let event = store.set_cookie("sid=1; SameSite=None; Secure", &from, &top, 0);
        let embedded = RequestContext::same_site("GET").with_site(Some(SiteRelation::CrossSite));
        assert_eq!(
            store
                .explain_event(event, &url("https://idp.example/s"), &embedded, 1)
                .reasons,
            [NotSent::ThirdPartyBlocked]
        );
    }
}
