//! The one place where start lines, header lines and body lines become
//! exchanges. Every format reader feeds it; none builds exchanges itself, so
//! pairing, folding and command merging behave the same everywhere.

use crate::model::{Body, Exchange, Header, Note, Request, Response};

/// Which message of an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Response,
}

/// Where the assembler is in the message being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    /// Between messages.
    Outside,
    /// Reading header lines of the last exchange's `side`.
    Headers { side: Side },
    /// Reading the body of the last exchange's `side`.
    Body { side: Side },
}

/// Builds exchanges in input order.
#[derive(Debug, Default)]
pub(super) struct Assembler {
    exchanges: Vec<Exchange>,
    state: Option<State>,
    /// The last exchange's request came from a command and no output has
    /// been matched to it yet: the request the output shows replaces it.
    command_pending: bool,
    /// Tool notes about an exchange not read yet (curl prints them before
    /// the request, wget before its retry).
    pending_notes: Vec<Note>,
}

impl Assembler {
    /// Current state.
    pub fn state(&self) -> State {
        self.state.unwrap_or(State::Outside)
    }

    /// Sets the state (the readers decide when headers end).
    pub fn set_state(&mut self, state: State) {
        self.state = Some(state);
    }

    /// The exchanges read so far.
    pub fn exchanges(&self) -> &[Exchange] {
        &self.exchanges
    }

    /// Whether the last exchange holds only a command's request.
    pub fn command_pending(&self) -> bool {
        self.command_pending
    }

    /// Keeps a tool's note on the exchange it is about: the open one, or
    /// with `next` (or when none is open) the one that starts next.
    pub fn note(&mut self, note: Note, next: bool) {
        let open = self.exchanges.last_mut().filter(|last| {
            self.command_pending || last.response.is_none() || self.state != Some(State::Outside)
        });
        match open {
            Some(last) if !next => last.notes.push(note),
            _ => self.pending_notes.push(note),
        }
    }

    /// Pushes a new exchange, with the notes waiting for it.
    fn push(&mut self, mut exchange: Exchange) {
        exchange.notes.append(&mut self.pending_notes);
        self.exchanges.push(exchange);
    }

    /// The exchanges, in order, with `entry_index` set.
    pub fn finish(mut self) -> Vec<Exchange> {
        // Notes after the last message (wget's closing verdict) are about it.
        if let Some(last) = self.exchanges.last_mut() {
            last.notes.append(&mut self.pending_notes);
        }
        for (i, exchange) in self.exchanges.iter_mut().enumerate() {
            exchange.entry_index = i;
            for body in [
                exchange.request.as_mut().map(|r| &mut r.body),
                exchange.response.as_mut().map(|r| &mut r.body),
            ]
            .into_iter()
            .flatten()
            {
                if body.as_ref().is_some_and(|b| b.text.trim().is_empty()) {
                    *body = None;
                }
            }
        }
        self.exchanges
    }

    /// A request starts. `from_command` marks a request a command stands
    /// for; when the command's own output then shows the request, that one
    /// replaces it (keeping the command's absolute URL if the output shows
    /// only a path).
    pub fn start_request(&mut self, request: Request, from_command: bool) {
        if !from_command && self.command_pending {
            if let Some(last) = self.exchanges.last_mut() {
                if last.response.is_none() {
                    let command = last.request.take().unwrap_or_default();
                    let mut request = request;
                    if !request.url.contains("://") && command.url.contains("://") {
                        request.url = command.url;
                    }
                    last.request = Some(request);
                    self.command_pending = false;
                    self.state = Some(State::Headers {
                        side: Side::Request,
                    });
                    return;
                }
            }
        }
        self.push(Exchange {
            request: Some(request),
            ..Exchange::default()
        });
        self.command_pending = from_command;
        self.state = Some(if from_command {
            State::Outside
        } else {
            State::Headers {
                side: Side::Request,
            }
        });
    }

    /// A response starts; it answers the last request if that has none yet.
    pub fn start_response(&mut self, response: Response) {
        self.command_pending = false;
        if let Some(last) = self.exchanges.last_mut() {
            if last.request.is_some() && last.response.is_none() {
                last.response = Some(response);
                self.state = Some(State::Headers {
                    side: Side::Response,
                });
                return;
            }
        }
        self.push(Exchange {
            response: Some(response),
            ..Exchange::default()
        });
        self.state = Some(State::Headers {
            side: Side::Response,
        });
    }

    /// Headers of `side` follow without a start line (a DevTools section, a
    /// trace that logs only headers). Reuses the last exchange's message of
    /// that side while it is still empty; a request section after a lone
    /// response joins that response's exchange (DevTools lists the
    /// response first).
    pub fn begin(&mut self, side: Side) {
        self.command_pending = false;
        let reuse = self.exchanges.last().is_some_and(|last| match side {
            Side::Request => match &last.request {
                Some(r) => r.headers.is_empty() && r.body.is_none(),
                None => last.response.is_some(),
            },
            Side::Response => match &last.response {
                Some(r) => r.headers.is_empty() && r.body.is_none(),
                None => last.request.is_some(),
            },
        });
        if reuse {
            if let Some(last) = self.exchanges.last_mut() {
                match side {
                    Side::Request => {
                        last.request.get_or_insert_with(Request::default);
                    }
                    Side::Response => {
                        last.response.get_or_insert_with(Response::default);
                    }
                }
            }
        } else {
            let mut exchange = Exchange::default();
            match side {
                Side::Request => exchange.request = Some(Request::default()),
                Side::Response => exchange.response = Some(Response::default()),
            }
            self.push(exchange);
        }
        self.state = Some(State::Headers { side });
    }

    /// The last exchange's request, if any.
    pub fn last_request(&mut self) -> Option<&mut Request> {
        self.exchanges.last_mut()?.request.as_mut()
    }

    /// The last exchange's response, if any.
    pub fn last_response(&mut self) -> Option<&mut Response> {
        self.exchanges.last_mut()?.response.as_mut()
    }

    fn headers_of(&mut self, side: Side) -> Option<&mut Vec<Header>> {
        let last = self.exchanges.last_mut()?;
        match side {
            Side::Request => last.request.as_mut().map(|r| &mut r.headers),
            Side::Response => last.response.as_mut().map(|r| &mut r.headers),
        }
    }

    fn body_of(&mut self, side: Side) -> Option<&mut Option<Body>> {
        let last = self.exchanges.last_mut()?;
        match side {
            Side::Request => last.request.as_mut().map(|r| &mut r.body),
            Side::Response => last.response.as_mut().map(|r| &mut r.body),
        }
    }

    /// Adds a header to the open message of `side`. Pseudo-headers also
    /// fill the start-line fields they stand for.
    pub fn header(&mut self, side: Side, header: Header) {
        self.pseudo(side, &header);
        if let Some(headers) = self.headers_of(side) {
            headers.push(header);
        }
    }

    fn pseudo(&mut self, side: Side, header: &Header) {
        if !header.name.starts_with(':') {
            return;
        }
        let value = header.value.as_str();
        match side {
            Side::Response => {
                if header.is(":status") {
                    if let Some(r) = self.last_response() {
                        r.status = value.parse().ok();
                    }
                }
            }
            Side::Request => {
                let Some(r) = self.last_request() else { return };
                if header.is(":method") {
                    value.clone_into(&mut r.method);
                } else if header.is(":path") {
                    if r.url.is_empty() || r.url.starts_with('/') {
                        value.clone_into(&mut r.url);
                    } else if !r.url.contains(value) {
                        r.url.push_str(value);
                    }
                } else if header.is(":authority") && !r.url.contains("://") {
                    r.url = format!("https://{value}{}", r.url);
                }
            }
        }
    }

    /// Continues the last header of `side` (obsolete line folding joins
    /// with a space; a hard-wrapped token joins with nothing). The value no
    /// longer stands verbatim in the text, so its span goes.
    pub fn continue_header(&mut self, side: Side, more: &str, joiner: &str) -> bool {
        let Some(last) = self.headers_of(side).and_then(|h| h.last_mut()) else {
            return false;
        };
        last.value.push_str(joiner);
        last.value.push_str(more);
        last.span = None;
        true
    }

    /// The value of the last header of `side`, if any.
    pub fn last_header_value(&mut self, side: Side) -> Option<&str> {
        self.headers_of(side)?.last().map(|h| h.value.as_str())
    }

    /// Appends a body line to the message of `side`.
    pub fn body_line(&mut self, side: Side, line: &str) {
        if let Some(body) = self.body_of(side) {
            let body = body.get_or_insert_with(Body::default);
            body.text.push_str(line);
            body.text.push('\n');
        }
    }

    /// Whether the message of `side` has body text that is not blank.
    pub fn has_body(&mut self, side: Side) -> bool {
        self.body_of(side)
            .and_then(|b| b.as_ref())
            .is_some_and(|b| !b.text.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, url: &str) -> Request {
        Request {
            method: method.into(),
            url: url.into(),
            ..Request::default()
        }
    }

    #[test]
    fn responses_pair_with_requests_and_commands_merge() {
        let mut a = Assembler::default();
        a.start_request(request("GET", "https://a.test/x"), true);
        a.start_request(request("GET", "/x"), false);
        a.start_response(Response {
            status: Some(401),
            ..Response::default()
        });
        a.start_response(Response::default());
        let exchanges = a.finish();
        assert_eq!(exchanges.len(), 2);
        let first = exchanges.first().and_then(|e| e.request.as_ref());
        assert_eq!(first.map(|r| r.url.as_str()), Some("https://a.test/x"));
        assert_eq!(exchanges.get(1).map(|e| e.entry_index), Some(1));
    }

    fn note(text: &str) -> Note {
        Note {
            line: 1,
            text: text.into(),
        }
    }

    #[test]
    fn notes_land_on_the_exchange_they_are_about() {
        let mut a = Assembler::default();
        // Before any message (curl's handshake lines): the next exchange.
        a.note(note("before"), false);
        a.start_request(request("GET", "/x"), false);
        a.start_response(Response::default());
        // While the response is read: this exchange.
        a.note(note("during"), false);
        a.set_state(State::Outside);
        // About the retry (wget's `Authentication selected`): the next one.
        a.note(note("retry"), true);
        a.start_response(Response::default());
        a.set_state(State::Outside);
        // After the last message: the last exchange.
        a.note(note("after"), false);
        let exchanges = a.finish();
        let texts: Vec<Vec<&str>> = exchanges
            .iter()
            .map(|e| e.notes.iter().map(|n| n.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["before", "during"], vec!["retry", "after"]]);
    }

    #[test]
    fn sections_reuse_the_open_exchange() {
        let mut a = Assembler::default();
        a.begin(Side::Response);
        a.header(Side::Response, Header::new("Server", "x"));
        a.begin(Side::Request);
        a.header(Side::Request, Header::new(":method", "POST"));
        let exchanges = a.finish();
        assert_eq!(exchanges.len(), 1);
        let method = exchanges
            .first()
            .and_then(|e| e.request.as_ref())
            .map(|r| r.method.clone());
        assert_eq!(method.as_deref(), Some("POST"));
    }
}
