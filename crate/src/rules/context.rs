//! What every rule sees: the whole capture, its headers parsed once, the
//! capture's clock, and the shared helpers that build evidence with secrets
//! redacted.

use crate::model::{Exchange, Header, Headers, Note, Request, Response};
use crate::parse::authorization::{parse_credentials, Credentials};
use crate::parse::bearer::{self, BearerToken};
use crate::parse::http_date::parse_http_date;
use crate::parse::url::Url;
use crate::parse::www_authenticate::{parse_challenges, Challenge, ParseError};
use crate::report::{shown_header_value, Evidence};
use crate::span::Span;

use super::text::contains_ci;

/// Where a time judgement's clock came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockSource {
    /// The response's own `Date` header: strong evidence.
    Date,
    /// The HAR entry's `startedDateTime`: strong evidence.
    Har,
    /// The caller's clock (`Options.now`): weak, the capture may be old.
    Now,
}

impl ClockSource {
    /// How a note names the clock.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Date => "the response Date",
            Self::Har => "the capture time",
            Self::Now => "now",
        }
    }
}

/// An `Authorization` or `Proxy-Authorization` header, read.
#[derive(Debug, Clone)]
pub struct Auth<'a> {
    /// Position in the request's header list.
    pub index: usize,
    /// The header as read.
    pub header: &'a Header,
    /// The credentials, when the value has a scheme.
    pub credentials: Option<Credentials<'a>>,
}

impl Auth<'_> {
    /// The scheme as written (empty when none could be read, and for a
    /// bare token, whose one word is the credential, not a scheme).
    #[must_use]
    pub fn scheme(&self) -> &str {
        if self.bare_token() {
            return "";
        }
        self.credentials.as_ref().map_or("", |c| c.scheme)
    }

    /// Whether the scheme is `name`.
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        self.scheme().eq_ignore_ascii_case(name)
    }

    /// Whether the value is a credential with no scheme in front
    /// (`Authorization: eyJ…` instead of `Bearer eyJ…`): one word that is
    /// no scheme name and looks like a token (a dot, base64 padding, digits,
    /// or the length of one).
    #[must_use]
    pub fn bare_token(&self) -> bool {
        let v = self.header.value.trim();
        if v.is_empty() || v.contains(char::is_whitespace) || super::challenge::known_scheme(v) {
            return false;
        }
        v.len() >= 20
            || v.contains('.')
            || v.ends_with('=')
            || (v.len() >= 12 && v.bytes().any(|b| b.is_ascii_digit()))
    }
}

/// One challenge with the header it came from.
#[derive(Debug, Clone)]
pub struct ChallengeAt<'a> {
    /// Position of its header in the response's list.
    pub index: usize,
    /// The challenge.
    pub challenge: Challenge<'a>,
}

impl ChallengeAt<'_> {
    /// Whether the scheme is `name`.
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        self.challenge.scheme.eq_ignore_ascii_case(name)
    }

    /// The value of parameter `name`.
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&str> {
        self.challenge.param(name).map(|p| p.value.as_ref())
    }
}

/// One exchange with its auth headers parsed.
#[derive(Debug)]
pub struct Ex<'a> {
    /// Index into the capture.
    pub index: usize,
    /// The request, when shown.
    pub req: Option<&'a Request>,
    /// The response, when shown.
    pub res: Option<&'a Response>,
    /// Status code, when shown.
    pub status: Option<u16>,
    /// The request URL as an absolute URL, when it can be rebuilt.
    pub url: Option<Url>,
    /// `Authorization`.
    pub auth: Option<Auth<'a>>,
    /// `Proxy-Authorization`.
    pub proxy_auth: Option<Auth<'a>>,
    /// The bearer token of `Authorization: Bearer`, decoded.
    pub bearer: Option<BearerToken<'a>>,
    /// Every `WWW-Authenticate` challenge.
    pub challenges: Vec<ChallengeAt<'a>>,
    /// Every `Proxy-Authenticate` challenge.
    pub proxy_challenges: Vec<ChallengeAt<'a>>,
    /// Challenge headers that broke the grammar: (header index, error).
    pub challenge_errors: Vec<(usize, ParseError)>,
    /// The clock this exchange is judged by.
    pub clock: Option<(i64, ClockSource)>,
    /// Response body text (empty when not shown).
    pub body: &'a str,
    /// The tool's notes on this exchange (curl `* ` lines, wget's own).
    pub notes: &'a [Note],
}

impl<'a> Ex<'a> {
    /// Request header `name` with its index.
    #[inline(never)]
    #[must_use]
    pub fn req_header(&self, name: &str) -> Option<(usize, &'a Header)> {
        self.req.and_then(|r| find_header(&r.headers, name))
    }

    /// Response header `name` with its index.
    #[inline(never)]
    #[must_use]
    pub fn res_header(&self, name: &str) -> Option<(usize, &'a Header)> {
        self.res.and_then(|r| find_header(&r.headers, name))
    }

    /// Value of response header `name`, or `""`.
    #[inline(never)]
    #[must_use]
    pub fn res_value(&self, name: &str) -> &'a str {
        self.res_header(name).map_or("", |(_, h)| h.value.as_str())
    }

    /// Value of request header `name`, or `""`.
    #[inline(never)]
    #[must_use]
    pub fn req_value(&self, name: &str) -> &'a str {
        self.req_header(name).map_or("", |(_, h)| h.value.as_str())
    }

    /// The request method, upper-case as written (empty when unknown).
    #[must_use]
    pub fn method(&self) -> &'a str {
        self.req.map_or("", |r| r.method.as_str())
    }

    /// Request host (lowercase), or `""`.
    #[must_use]
    pub fn host(&self) -> &str {
        self.url.as_ref().map_or("", |u| u.host.as_str())
    }

    /// Request path, or `""`.
    #[must_use]
    pub fn path(&self) -> &str {
        self.url.as_ref().map_or("", |u| u.path.as_str())
    }

    /// The first tool note containing `phrase` (case-insensitive).
    #[inline(never)]
    #[must_use]
    pub fn note(&self, phrase: &str) -> Option<&'a Note> {
        self.notes.iter().find(|n| contains_ci(&n.text, phrase))
    }

    /// Whether the status is 401 or 407.
    #[must_use]
    pub fn is_challenge_status(&self) -> bool {
        matches!(self.status, Some(401 | 407))
    }

    /// The challenges that answer this request's kind of auth: proxy ones
    /// on a 407, origin ones otherwise.
    #[inline(never)]
    #[must_use]
    pub fn offered(&self) -> &[ChallengeAt<'a>] {
        if self.status == Some(407) {
            &self.proxy_challenges
        } else {
            &self.challenges
        }
    }

    /// The credentials this request sent for the responding party.
    #[inline(never)]
    #[must_use]
    pub fn sent(&self) -> Option<&Auth<'a>> {
        if self.status == Some(407) {
            self.proxy_auth.as_ref()
        } else {
            self.auth.as_ref()
        }
    }

    /// Whether some challenge of the responding party has scheme `name`.
    #[inline(never)]
    #[must_use]
    pub fn offers(&self, name: &str) -> bool {
        self.offered().iter().any(|c| c.is(name))
    }

    /// Whether the request carries any credential: `Authorization`, a
    /// cookie, an API-key header or query parameter.
    #[inline(never)]
    #[must_use]
    pub fn has_any_credential(&self) -> bool {
        let Some(req) = self.req else { return false };
        if self.auth.is_some() || self.proxy_auth.is_some() {
            return true;
        }
        let key_header = req
            .headers
            .iter()
            .any(|h| h.is("cookie") || is_key_header(&h.name));
        let query = self
            .url
            .as_ref()
            .and_then(|u| u.query.as_deref())
            .unwrap_or("");
        key_header
            || query.split('&').any(|kv| {
                let name = kv.split('=').next().unwrap_or("");
                KEY_PARAMS.iter().any(|k| name.eq_ignore_ascii_case(k))
            })
    }
}

/// The first header named `name`, with its index.
fn find_header<'h>(headers: &'h [Header], name: &str) -> Option<(usize, &'h Header)> {
    headers.iter().enumerate().find(|(_, h)| h.is(name))
}

/// Whether a request header named `name` carries a credential other than
/// `Authorization` (an API key or token header). Underscores count as
/// dashes: `X_Api_Key` is what nginx drops, and is still a key.
#[must_use]
pub fn is_key_header(name: &str) -> bool {
    let dashed;
    let name = if name.contains('_') {
        dashed = name.replace('_', "-");
        dashed.as_str()
    } else {
        name
    };
    KEY_HEADERS.iter().any(|k| name.eq_ignore_ascii_case(k))
        || (name.len() > 6 && contains_ci(name, "token"))
        || contains_ci(name, "api-key")
        || contains_ci(name, "apikey")
}

/// Request headers that carry credentials other than `Authorization`.
const KEY_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "cf-access-client-id",
    "cf-access-token",
    "x-amz-security-token",
    "x-amz-access-token",
    "private-token",
    "x-auth-token",
    "x-access-token",
    "ocp-apim-subscription-key",
    "dpop",
];

/// Query parameters that carry credentials.
const KEY_PARAMS: &[&str] = &[
    "key",
    "api_key",
    "apikey",
    "access_token",
    "token",
    "sig",
    "x-amz-signature",
];

/// The capture as the rules see it.
#[derive(Debug)]
pub struct Context<'a> {
    /// The exchanges as read.
    pub exchanges: &'a [Exchange],
    /// The same, parsed.
    pub ex: Vec<Ex<'a>>,
    /// The caller's clock.
    pub now: Option<i64>,
    /// The producer stripped credentials (Chrome HAR export, redaction
    /// markers): absence of credentials proves nothing.
    pub sanitized: bool,
    /// The producer of the capture, when known.
    pub producer: Option<&'a str>,
    /// Whether the input was a HAR.
    pub har: bool,
    /// Per exchange: a redirect inside a loop (the same URL redirected
    /// again and again). A loop is a failure even though every status in
    /// it is a 3xx.
    pub looping: Vec<bool>,
    /// [`Self::is_handshake_step`] of each exchange, worked out once: the
    /// rules ask for every failure, and a big HAR has thousands.
    handshake: Vec<bool>,
}

/// Marks the redirects of a loop: 3xx answers to URLs that were redirected
/// at least twice, when some URL was redirected three times or more (a
/// browser gives up after 20; real flows revisit a URL at most once).
fn redirect_loop<'a>(ex: &[Ex<'a>]) -> Vec<bool> {
    fn key<'a>(e: &Ex<'a>) -> Option<&'a str> {
        let url = e.req?.url.as_str();
        Some(url.split('#').next().unwrap_or(url))
    }
    let redirects: Vec<Option<&str>> = ex
        .iter()
        .map(|e| {
            if e.status
                .is_some_and(|s| (300..400).contains(&s) && s != 304)
            {
                key(e)
            } else {
                None
            }
        })
        .collect();
    let count = |k: &str| redirects.iter().filter(|r| **r == Some(k)).count();
    if !redirects.iter().flatten().any(|k| count(k) >= 3) {
        return vec![false; ex.len()];
    }
    redirects
        .iter()
        .map(|r| r.is_some_and(|k| count(k) >= 2))
        .collect()
}

/// Which exchanges are a 401/407 after which the capture goes on to the same
/// URL with other credentials. Only exchanges that send credentials can
/// answer an earlier challenge, so only those are searched.
fn handshake_steps(ex: &[Ex<'_>]) -> Vec<bool> {
    let senders: Vec<&Ex<'_>> = ex
        .iter()
        .filter(|e| e.auth.is_some() || e.proxy_auth.is_some())
        .collect();
    ex.iter()
        .map(|this| {
            if !this.is_challenge_status() {
                return false;
            }
            let sent = this.sent().map(|a| a.header.value.as_str());
            let first_later = senders.partition_point(|e| e.index <= this.index);
            senders
                .get(first_later..)
                .unwrap_or_default()
                .iter()
                .any(|later| {
                    later.path() == this.path() && later.host() == this.host() && {
                        let other = if this.status == Some(407) {
                            later.proxy_auth.as_ref()
                        } else {
                            later.auth.as_ref()
                        };
                        other.is_some_and(|a| Some(a.header.value.as_str()) != sent)
                    }
                })
        })
        .collect()
}

fn read_auth<'a>(req: &'a Request, name: &str) -> Option<Auth<'a>> {
    let (index, header) = find_header(&req.headers, name)?;
    Some(Auth {
        index,
        header,
        credentials: parse_credentials(&header.value).ok(),
    })
}

fn read_challenges<'a>(
    res: &'a Response,
    name: &str,
    out: &mut Vec<ChallengeAt<'a>>,
    errors: &mut Vec<(usize, ParseError)>,
) {
    for (index, header) in res.headers.iter().enumerate().filter(|(_, h)| h.is(name)) {
        match parse_challenges(&header.value) {
            Ok(parsed) => {
                if let Some(w) = parsed.warnings.into_iter().next() {
                    errors.push((index, w));
                }
                out.extend(
                    parsed
                        .challenges
                        .into_iter()
                        .map(|challenge| ChallengeAt { index, challenge }),
                );
            }
            Err(e) => errors.push((index, e)),
        }
    }
}

/// The request target as an absolute URL: as written when absolute, else
/// from `Host` (or `:authority`) with `https` assumed.
fn absolute_url(req: &Request) -> Option<Url> {
    if let Ok(url) = Url::parse(&req.url) {
        return Some(url);
    }
    let host = req
        .header("host")
        .or_else(|| req.header(":authority"))
        .map(|h| h.value.as_str())?;
    let path = if req.url.starts_with('/') {
        req.url.as_str()
    } else {
        "/"
    };
    let mut text = String::from("https://");
    text.push_str(host);
    text.push_str(path);
    Url::parse(&text).ok()
}

/// Markers producers write in place of a removed secret.
const REDACTION_MARKERS: &[&str] = &["[redacted]", "<redacted", "[filtered]", "***", "[removed]"];

impl<'a> Context<'a> {
    /// Parses the capture once. `now` is the caller's clock; each exchange's
    /// own clock is its response `Date`, else its HAR `startedDateTime`, else
    /// `now`.
    #[must_use]
    pub fn new(exchanges: &'a [Exchange], now: Option<i64>) -> Self {
        let ex: Vec<Ex<'a>> = exchanges
            .iter()
            .enumerate()
            .map(|(index, e)| Self::read_exchange(index, e, now))
            .collect();
        let redaction_marker = exchanges.iter().any(|e| {
            let req = e.request.iter().flat_map(|r| r.headers.iter());
            let res = e.response.iter().flat_map(|r| r.headers.iter());
            req.chain(res).any(|h| {
                (h.is("authorization") || h.is("cookie") || h.is("set-cookie"))
                    && REDACTION_MARKERS.iter().any(|m| contains_ci(&h.value, m))
            })
        });
        let looping = redirect_loop(&ex);
        Self {
            exchanges,
            handshake: handshake_steps(&ex),
            ex,
            now,
            sanitized: redaction_marker,
            producer: None,
            har: false,
            looping,
        }
    }

    /// Tells the context what read the capture: a Chrome-family HAR with
    /// no `Cookie`, `Set-Cookie` or `Authorization` anywhere was stripped by
    /// the export, not by the browser.
    #[must_use]
    pub fn with_input(mut self, har: bool, producer: Option<&'a str>) -> Self {
        self.har = har;
        self.producer = producer;
        if har {
            let chromium = producer.is_some_and(|p| {
                [
                    "chrome",
                    "edge",
                    "webinspector",
                    "chromium",
                    "brave",
                    "opera",
                ]
                .iter()
                .any(|n| contains_ci(p, n))
            });
            let any_credential = self.exchanges.iter().any(|e| {
                let req = e.request.iter().flat_map(|r| r.headers.iter());
                let res = e.response.iter().flat_map(|r| r.headers.iter());
                req.chain(res)
                    .any(|h| h.is("cookie") || h.is("set-cookie") || h.is("authorization"))
            });
            if chromium && !any_credential {
                self.sanitized = true;
            }
        }
        self
    }

    fn read_exchange(index: usize, e: &'a Exchange, now: Option<i64>) -> Ex<'a> {
        let req = e.request.as_ref();
        let res = e.response.as_ref();
        let auth = req.and_then(|r| read_auth(r, "authorization"));
        let bearer = auth
            .as_ref()
            .and_then(|a| a.credentials.as_ref())
            .filter(|c| c.is("bearer"))
            .and_then(|c| bearer::decode_credentials(c).ok());
        let mut challenges = Vec::new();
        let mut proxy_challenges = Vec::new();
        let mut challenge_errors = Vec::new();
        if let Some(res) = res {
            read_challenges(
                res,
                "www-authenticate",
                &mut challenges,
                &mut challenge_errors,
            );
            read_challenges(
                res,
                "proxy-authenticate",
                &mut proxy_challenges,
                &mut challenge_errors,
            );
        }
        let date = res
            .and_then(|r| r.header("date"))
            .and_then(|h| parse_http_date(&h.value).ok())
            .map(|d| (d.unix, ClockSource::Date));
        let har = e
            .har
            .as_ref()
            .and_then(|h| h.started_unix)
            .map(|t| (t, ClockSource::Har));
        Ex {
            index,
            req,
            res,
            status: res.and_then(|r| r.status),
            url: req.and_then(absolute_url),
            proxy_auth: req.and_then(|r| read_auth(r, "proxy-authorization")),
            auth,
            bearer,
            challenges,
            proxy_challenges,
            challenge_errors,
            clock: date.or(har).or(now.map(|n| (n, ClockSource::Now))),
            body: res
                .and_then(|r| r.body.as_ref())
                .map_or("", |b| b.text.as_str()),
            notes: &e.notes,
        }
    }

    /// Whether exchange `i` is a normal step of a handshake rather than the
    /// failure: a 401/407 after which the capture goes on to the same URL
    /// with other credentials.
    #[inline(never)]
    #[must_use]
    pub fn is_handshake_step(&self, i: usize) -> bool {
        self.handshake.get(i).copied().unwrap_or(false)
    }

    /// Whether exchange `i` shows a failure that findings may explain: a
    /// status of 400 or more (or 0, blocked in the browser) that is not a
    /// handshake step, or a redirect inside a loop.
    #[inline(never)]
    #[must_use]
    pub fn is_failure(&self, i: usize) -> bool {
        if self.looping.get(i).copied().unwrap_or(false) {
            return true;
        }
        self.ex
            .get(i)
            .and_then(|e| e.status)
            .is_some_and(|s| s >= 400 || s == 0)
            && !self.is_handshake_step(i)
    }

    /// The exchanges that failed, in order.
    pub fn failures(&self) -> impl Iterator<Item = &Ex<'a>> + '_ {
        self.ex.iter().filter(|e| self.is_failure(e.index))
    }

    /// The exchanges that failed or were refused by a redirect (3xx), the
    /// places an explanation may land.
    pub fn refusals(&self) -> impl Iterator<Item = &Ex<'a>> + '_ {
        self.ex.iter().filter(|e| {
            self.is_failure(e.index) || e.status.is_some_and(|s| (300..400).contains(&s))
        })
    }

    /// Evidence on request header `index` of exchange `i`.
    #[inline(never)]
    #[must_use]
    pub fn req_ev(
        &self,
        i: usize,
        index: usize,
        span: Option<Span>,
        note: &str,
    ) -> Option<Evidence> {
        let header = self.ex.get(i)?.req?.headers.get(index)?;
        Some(header_evidence(i, "request", index, header, span, note))
    }

    /// Evidence on response header `index` of exchange `i`.
    #[inline(never)]
    #[must_use]
    pub fn res_ev(
        &self,
        i: usize,
        index: usize,
        span: Option<Span>,
        note: &str,
    ) -> Option<Evidence> {
        let header = self.ex.get(i)?.res?.headers.get(index)?;
        Some(header_evidence(i, "response", index, header, span, note))
    }

    /// Evidence on request header `name` of exchange `i`.
    #[inline(never)]
    #[must_use]
    pub fn req_named(&self, i: usize, name: &str, note: &str) -> Option<Evidence> {
        let (index, _) = self.ex.get(i)?.req_header(name)?;
        self.req_ev(i, index, None, note)
    }

    /// Evidence on response header `name` of exchange `i`.
    #[inline(never)]
    #[must_use]
    pub fn res_named(&self, i: usize, name: &str, note: &str) -> Option<Evidence> {
        let (index, _) = self.ex.get(i)?.res_header(name)?;
        self.res_ev(i, index, None, note)
    }

    /// Evidence on the status line of exchange `i`.
    #[inline(never)]
    #[must_use]
    pub fn status_ev(&self, i: usize, note: &str) -> Option<Evidence> {
        let ex = self.ex.get(i)?;
        let res = ex.res?;
        let mut value = ex.status.map(|s| s.to_string()).unwrap_or_default();
        if !res.status_text.is_empty() {
            value.push(' ');
            value.push_str(&res.status_text);
        }
        Some(Evidence {
            exchange: i,
            part: "response".into(),
            value,
            note: note.into(),
            ..Evidence::default()
        })
    }

    /// Evidence on the request line of exchange `i`.
    #[inline(never)]
    #[must_use]
    pub fn request_line_ev(&self, i: usize, note: &str) -> Option<Evidence> {
        let req = self.ex.get(i)?.req?;
        let mut value = req.method.clone();
        value.push(' ');
        value.push_str(&crate::report::shown_url(&req.url));
        Some(Evidence {
            exchange: i,
            part: "request".into(),
            value,
            note: note.into(),
            ..Evidence::default()
        })
    }

    /// Evidence on a tool's note about exchange `i`, counted with the
    /// request the tool built (it is what the note tells about).
    #[inline(never)]
    #[must_use]
    pub fn note_ev(&self, i: usize, note: &Note, label: &str) -> Option<Evidence> {
        Some(Evidence {
            exchange: i,
            part: "request".into(),
            value: note.text.clone(),
            note: label.into(),
            line: Some(note.line),
            ..Evidence::default()
        })
    }

    /// Evidence on the response body of exchange `i`, at `needle` when found.
    #[inline(never)]
    #[must_use]
    pub fn body_ev(&self, i: usize, needle: &str, note: &str) -> Option<Evidence> {
        let body = self.ex.get(i)?.body;
        if body.is_empty() {
            return None;
        }
        let lower = body.to_ascii_lowercase();
        let at = lower.find(&needle.to_ascii_lowercase());
        let (start, end) = at.map_or((0, body.len().min(200)), |s| (s, s + needle.len()));
        let from = floor_char(body, start.saturating_sub(40));
        let to = floor_char(body, (end + 80).min(body.len()));
        Some(Evidence {
            exchange: i,
            part: "response".into(),
            header: None,
            header_index: None,
            start: at.map(|_| start),
            end: at.map(|_| end),
            value: body.get(from..to).unwrap_or("").to_owned(),
            note: note.into(),
            line: None,
        })
    }
}

fn floor_char(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[inline(never)]
fn header_evidence(
    i: usize,
    part: &str,
    index: usize,
    header: &Header,
    span: Option<Span>,
    note: &str,
) -> Evidence {
    Evidence {
        exchange: i,
        part: part.into(),
        header: Some(header.name.clone()),
        header_index: Some(index),
        start: span.map(|s| s.start),
        end: span.map(|s| s.end),
        value: shown_header_value(&header.name, &header.value),
        note: note.into(),
        line: None,
    }
}

/// Headers whose whole value is a secret.
pub(crate) const SECRET_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "cf-access-client-secret",
    "x-amz-security-token",
    "x-amz-access-token",
    "private-token",
    "x-auth-token",
    "x-access-token",
    "ocp-apim-subscription-key",
    "dpop",
];
