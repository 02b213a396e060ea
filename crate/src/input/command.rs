//! Commands read as the request they would send: "Copy as cURL" (bash and
//! cmd quoting), typed `curl`/`wget`/`http` lines, "Copy as PowerShell"
//! (`Invoke-WebRequest`) and "Copy as fetch" (browser and Node.js).

use base64::Engine as _;

use crate::input::InputKind;
use crate::model::{Body, Header, Request};
use crate::span::Span;

/// How many lines one command may span (a quoted body may hold newlines);
/// past that an unclosed quote is taken to end at its line.
const MAX_COMMAND_LINES: usize = 2_000;

/// The command word found at the start of a line (after a shell prompt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Curl,
    Wget,
    Httpie,
    PowerShell,
    Fetch,
}

/// A command read from the text.
#[derive(Debug)]
pub(super) struct Command {
    /// The request it would send.
    pub request: Request,
    /// Which kind of input it is.
    pub kind: InputKind,
    /// The tool's name, for the report's producer.
    pub producer: &'static str,
    /// Byte offset just past the command in the text.
    pub end: usize,
}

/// Looks for a command starting on the line that begins at `line_start`
/// (`line` is that line's text) and reads it from `text`.
pub(super) fn read(text: &str, line_start: usize, line: &str) -> Option<Command> {
    let (tool, at) = find(line)?;
    let start = line_start + at;
    let rest = text.get(start..)?;
    let limit = limit(rest);
    let rest = rest.get(..limit)?;
    match tool {
        Tool::Fetch => fetch(rest, start),
        Tool::PowerShell => {
            let (tokens, end) = tokenize(rest, Dialect::PowerShell);
            powershell(&tokens, start + end)
        }
        _ => {
            let dialect = if rest.contains("^\"") || rest.starts_with("curl.exe") {
                Dialect::Cmd
            } else {
                Dialect::Bash
            };
            let (tokens, end) = tokenize(rest, dialect);
            let tokens: Vec<Token> = tokens.into_iter().map(|t| t.shift(start)).collect();
            let end = start + end;
            match tool {
                Tool::Curl => curl(&tokens, end),
                Tool::Wget => wget(&tokens, end),
                _ => httpie(&tokens, end),
            }
        }
    }
}

/// The byte length of at most `MAX_COMMAND_LINES` lines of `rest`.
fn limit(rest: &str) -> usize {
    rest.match_indices('\n')
        .nth(MAX_COMMAND_LINES)
        .map_or(rest.len(), |(i, _)| i)
}

/// Finds a command word at the start of `line`, after an optional shell
/// prompt (`$ `, `PS C:\> `, `user@host:~ $ `, `> `, `% `).
fn find(line: &str) -> Option<(Tool, usize)> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    if let Some(tool) = tool_at(trimmed) {
        return Some((tool, lead));
    }
    // A prompt ends in one of these, within the first few dozen bytes.
    for marker in ["$ ", "$> ", "> ", "% ", "# "] {
        if let Some(i) = trimmed.get(..trimmed.len().min(80))?.find(marker) {
            let after = trimmed.get(i + marker.len()..)?;
            let after_trim = after.trim_start();
            if let Some(tool) = tool_at(after_trim) {
                return Some((
                    tool,
                    lead + i + marker.len() + after.len() - after_trim.len(),
                ));
            }
        }
    }
    // A one-line paste of "Copy as PowerShell" (newlines lost): the command
    // follows the session set-up on the same line.
    if !trimmed.starts_with('+') {
        if let Some(i) = trimmed.find("Invoke-WebRequest -") {
            let before = trimmed.get(..i)?.trim_end();
            if !before.ends_with('=') && !before.ends_with('(') {
                return Some((Tool::PowerShell, lead + i));
            }
        }
    }
    None
}

fn tool_at(s: &str) -> Option<Tool> {
    let word = s.split([' ', '\t']).next()?;
    let has_args = s.len() > word.len();
    match word {
        "curl" | "curl.exe" if has_args => Some(Tool::Curl),
        "wget" | "wget.exe" | "wget2" if has_args => Some(Tool::Wget),
        "http" | "https" | "xh" if has_args => Some(Tool::Httpie),
        "Invoke-WebRequest" | "Invoke-RestMethod" | "iwr" | "irm"
            if s.get(word.len()..)?
                .trim_start()
                .starts_with(['-', '"', '\'', 'h']) =>
        {
            Some(Tool::PowerShell)
        }
        _ if s.starts_with("fetch(\"")
            || s.starts_with("fetch('")
            || s.starts_with("fetch(`")
            || s.starts_with("await fetch(") =>
        {
            Some(Tool::Fetch)
        }
        _ => None,
    }
}

/// A shell word with where each of its characters came from.
#[derive(Debug, Clone, Default)]
struct Token {
    text: String,
    /// Byte offset in the text of each byte of `text`; `None` for bytes
    /// that an escape produced.
    offsets: Vec<Option<usize>>,
}

impl Token {
    fn push(&mut self, c: char, at: Option<usize>) {
        let before = self.text.len();
        self.text.push(c);
        for k in 0..self.text.len() - before {
            self.offsets.push(at.map(|a| a + k));
        }
    }

    fn shift(mut self, by: usize) -> Self {
        for o in self.offsets.iter_mut().flatten() {
            *o += by;
        }
        self
    }

    /// The span of `text[from..]` trimmed, when those bytes stand verbatim
    /// and contiguous in the input.
    fn span_of(&self, from: usize, len: usize) -> Option<Span> {
        let slice = self.offsets.get(from..from + len)?;
        let first = (*slice.first()?)?;
        for (k, o) in slice.iter().enumerate() {
            if *o != Some(first + k) {
                return None;
            }
        }
        Some(Span::new(first, first + len))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Bash,
    /// cmd.exe: `^` escapes the next character (and continues lines); the
    /// program then splits its command line with MSVCRT's quote rules.
    Cmd,
    PowerShell,
}

/// Splits a command into words. Stops at the first newline that is neither
/// quoted nor escaped; returns the words and the byte length consumed.
fn tokenize(src: &str, dialect: Dialect) -> (Vec<Token>, usize) {
    let mut tokens = Vec::new();
    let mut current: Option<Token> = None;
    let mut chars = src.char_indices().peekable();
    let mut quote: Option<char> = None;
    let mut braces = 0usize;
    let mut end = src.len();
    let escape = match dialect {
        Dialect::Bash => '\\',
        Dialect::Cmd => '^',
        Dialect::PowerShell => '`',
    };
    let mut brace_quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        // Inside a PowerShell hashtable the text is kept as written (its
        // own reader unquotes it); only the nesting is tracked.
        if braces > 0 {
            let token = current.get_or_insert_with(Token::default);
            token.push(c, Some(i));
            match brace_quote {
                Some(_) if c == '`' => {
                    if let Some((j, n)) = chars.next() {
                        token.push(n, Some(j));
                    }
                }
                Some(q) if c == q => brace_quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => brace_quote = Some(c),
                    '{' => braces += 1,
                    '}' => braces -= 1,
                    _ => {}
                },
            }
            continue;
        }
        // Line continuation and escapes.
        if c == escape && (quote.is_none() || dialect != Dialect::Bash || quote == Some('"')) {
            if quote == Some('\'') {
                current.get_or_insert_with(Token::default).push(c, Some(i));
                continue;
            }
            match chars.peek().copied() {
                Some((_, '\n')) => {
                    chars.next();
                    continue;
                }
                Some((_, '\r')) => {
                    chars.next();
                    if chars.peek().is_some_and(|(_, n)| *n == '\n') {
                        chars.next();
                    }
                    continue;
                }
                Some((j, n)) => {
                    chars.next();
                    if dialect == Dialect::Cmd {
                        // The escaped character is then read normally by
                        // the program's own argument splitting.
                        cmd_char(&mut current, &mut quote, &mut chars, n, j);
                        continue;
                    }
                    let in_double = quote == Some('"');
                    let literal = match (dialect, n) {
                        (Dialect::PowerShell, 'n') => '\n',
                        (Dialect::PowerShell, 't') => '\t',
                        (Dialect::Bash, _) if in_double && !matches!(n, '"' | '\\' | '$' | '`') => {
                            let t = current.get_or_insert_with(Token::default);
                            t.push(c, Some(i));
                            t.push(n, Some(j));
                            continue;
                        }
                        _ => n,
                    };
                    current
                        .get_or_insert_with(Token::default)
                        .push(literal, None);
                    continue;
                }
                None => break,
            }
        }
        if let Some(q) = quote {
            if c == q {
                if dialect == Dialect::PowerShell
                    && q == '\''
                    && chars.peek().is_some_and(|(_, n)| *n == '\'')
                {
                    chars.next();
                    current.get_or_insert_with(Token::default).push('\'', None);
                    continue;
                }
                quote = None;
            } else if dialect == Dialect::Cmd && c == '\\' {
                cmd_char(&mut current, &mut quote, &mut chars, c, i);
            } else {
                current.get_or_insert_with(Token::default).push(c, Some(i));
            }
            continue;
        }
        match c {
            '\n' => {
                end = i;
                break;
            }
            ' ' | '\t' | '\r' => {
                if let Some(t) = current.take() {
                    tokens.push(t);
                }
            }
            '\'' | '"' if !(dialect == Dialect::Cmd && c == '\'') => {
                quote = Some(c);
                current.get_or_insert_with(Token::default);
            }
            '$' if dialect == Dialect::Bash
                && chars.peek().is_some_and(|(_, n)| *n == '\'')
                && current.is_none() =>
            {
                chars.next();
                ansi_c(&mut current, &mut chars);
            }
            '{' if dialect == Dialect::PowerShell => {
                braces += 1;
                current.get_or_insert_with(Token::default).push(c, Some(i));
            }
            '\\' if dialect == Dialect::Cmd => cmd_char(&mut current, &mut quote, &mut chars, c, i),
            _ => current.get_or_insert_with(Token::default).push(c, Some(i)),
        }
    }
    if let Some(t) = current.take() {
        tokens.push(t);
    }
    (tokens, end)
}

/// MSVCRT argument rules for one character: `\"` is a literal quote.
fn cmd_char(
    current: &mut Option<Token>,
    quote: &mut Option<char>,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    c: char,
    at: usize,
) {
    let token = current.get_or_insert_with(Token::default);
    match c {
        '\\' => {
            // `\"` (possibly written `\^"`) is a literal quote.
            let mut look = chars.clone();
            let mut next = look.next();
            if next.is_some_and(|(_, n)| n == '^') {
                next = look.next();
            }
            if next.is_some_and(|(_, n)| n == '"') {
                *chars = look;
                token.push('"', None);
            } else {
                token.push('\\', Some(at));
            }
        }
        '"' => {
            *quote = if quote.is_some() { None } else { Some('"') };
        }
        _ => token.push(c, None),
    }
}

/// Bash `$'…'` strings.
fn ansi_c(current: &mut Option<Token>, chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    let token = current.get_or_insert_with(Token::default);
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return,
            '\\' => match chars.next() {
                Some((_, 'n')) => token.push('\n', None),
                Some((_, 'r')) => token.push('\r', None),
                Some((_, 't')) => token.push('\t', None),
                Some((_, 'x')) => {
                    let mut value = 0u32;
                    for _ in 0..2 {
                        match chars.peek().and_then(|(_, h)| h.to_digit(16)) {
                            Some(d) => {
                                value = value * 16 + d;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    token.push(char::from_u32(value).unwrap_or('\u{FFFD}'), None);
                }
                Some((_, n)) => token.push(n, None),
                None => return,
            },
            _ => token.push(c, Some(i)),
        }
    }
}

/// A header from a `Name: value` word, with the value's span when verbatim.
fn header_from(token: &Token) -> Option<Header> {
    let text = token.text.as_str();
    let colon = text.find(':')?;
    let name = text.get(..colon)?.trim();
    if name.is_empty() || !name.bytes().all(super::http_text::is_token_byte) {
        return None;
    }
    let after = text.get(colon + 1..)?;
    let leading = after.len() - after.trim_start().len();
    let value = after.trim();
    Some(Header {
        name: name.to_owned(),
        value: value.to_owned(),
        span: token.span_of(colon + 1 + leading, value.len()),
    })
}

fn basic(userinfo: &str) -> Header {
    let encoded = base64::engine::general_purpose::STANDARD.encode(userinfo);
    Header::new("Authorization", format!("Basic {encoded}"))
}

fn looks_like_url(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("localhost")
        || s.starts_with(':')
        || (s.contains('.') && !s.starts_with('-') && !s.contains(' '))
}

/// curl options that take a value (so the value is not taken for the URL).
const CURL_VALUE_OPTIONS: &[&str] = &[
    "-X",
    "--request",
    "-H",
    "--header",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-u",
    "--user",
    "-U",
    "--proxy-user",
    "-x",
    "--proxy",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-ascii",
    "--data-urlencode",
    "--json",
    "-F",
    "--form",
    "--form-string",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-o",
    "--output",
    "-m",
    "--max-time",
    "-w",
    "--write-out",
    "--connect-timeout",
    "--url",
    "-E",
    "--cert",
    "--key",
    "--cacert",
    "--capath",
    "-T",
    "--upload-file",
    "--resolve",
    "--connect-to",
    "-r",
    "--range",
    "-K",
    "--config",
    "--oauth2-bearer",
    "--retry",
    "--limit-rate",
    "--interface",
    "-D",
    "--dump-header",
    "--trace",
    "--trace-ascii",
    "--stderr",
    "--aws-sigv4",
    "--unix-socket",
    "--noproxy",
    "--proxy-header",
    "-z",
    "--time-cond",
    "--cert-type",
    "--key-type",
    "--pass",
    "--max-redirs",
    "-Y",
    "-y",
    "--ciphers",
    "--proxy-cacert",
    "--proto",
    "--proto-redir",
    "-C",
    "--continue-at",
    "-P",
    "--ftp-port",
    "-Q",
    "--quote",
    "--netrc-file",
    "--variable",
    "--expand-url",
];

/// Short options that take a value, for bundles like `-sSX POST`.
const CURL_SHORT_VALUE: &str = "XHbcuUxdFAeomwETrKDzCPQYy";

fn curl(tokens: &[Token], end: usize) -> Option<Command> {
    let mut method: Option<String> = None;
    let mut url: Option<String> = None;
    let mut headers = Vec::new();
    let mut body: Option<String> = None;
    let mut head = false;
    let mut get = false;
    let mut user: Option<String> = None;
    let mut other_auth = false;
    let mut items = tokens.iter().skip(1);
    while let Some(token) = items.next() {
        let arg = token.text.as_str();
        let (option, inline) = match arg.split_once('=') {
            Some((o, v)) if o.starts_with("--") => (o, Some(v)),
            _ => (arg, None),
        };
        let takes_value = CURL_VALUE_OPTIONS.contains(&option);
        let (option, value) = if takes_value {
            match inline {
                Some(v) => (
                    option,
                    Some(Token {
                        text: v.to_owned(),
                        offsets: vec![None; v.len()],
                    }),
                ),
                None => (option, items.next().cloned()),
            }
        } else if option.starts_with('-') && !option.starts_with("--") && option.len() > 2 {
            // A bundle of short options: the first one taking a value takes
            // the rest of the word or the next word.
            let flags = option.get(1..).unwrap_or_default();
            let mut found = None;
            for (k, f) in flags.char_indices() {
                if f == 'I' {
                    head = true;
                }
                if f == 'G' {
                    get = true;
                }
                if CURL_SHORT_VALUE.contains(f) {
                    let tail = flags.get(k + 1..).unwrap_or_default();
                    found = Some((f, tail));
                    break;
                }
            }
            match found {
                Some((f, tail)) => {
                    let value = if tail.is_empty() {
                        items.next().cloned()
                    } else {
                        Some(Token {
                            text: tail.to_owned(),
                            offsets: vec![None; tail.len()],
                        })
                    };
                    let name = match f {
                        'X' => "-X",
                        'H' => "-H",
                        'b' => "-b",
                        'u' => "-u",
                        'd' => "-d",
                        'F' => "-F",
                        'A' => "-A",
                        'e' => "-e",
                        _ => "-o",
                    };
                    (name, value)
                }
                None => continue,
            }
        } else {
            (option, None)
        };
        match option {
            "-X" | "--request" => method = value.map(|v| v.text),
            "-H" | "--header" => {
                if let Some(h) = value.as_ref().and_then(header_from) {
                    headers.push(h);
                }
            }
            "-b" | "--cookie" => {
                if let Some(v) = value.filter(|v| v.text.contains('=')) {
                    headers.push(Header {
                        name: "Cookie".into(),
                        span: v.span_of(0, v.text.len()),
                        value: v.text,
                    });
                }
            }
            "-u" | "--user" => user = value.map(|v| v.text),
            "-A" | "--user-agent" => {
                if let Some(v) = value {
                    headers.push(Header::new("User-Agent", v.text));
                }
            }
            "-e" | "--referer" => {
                if let Some(v) = value {
                    headers.push(Header::new("Referer", v.text));
                }
            }
            "--oauth2-bearer" => {
                if let Some(v) = value {
                    headers.push(Header::new("Authorization", format!("Bearer {}", v.text)));
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii"
            | "--data-urlencode" | "--json" | "-F" | "--form" | "--form-string" => {
                if let Some(v) = value {
                    body = Some(v.text);
                }
            }
            "--url" => url = value.map(|v| v.text),
            "-I" | "--head" => head = true,
            "-G" | "--get" => get = true,
            "--digest" | "--ntlm" | "--negotiate" | "--anyauth" | "--aws-sigv4" => {
                other_auth = true;
            }
            _ if takes_value => {}
            _ if !arg.starts_with('-') && url.is_none() && looks_like_url(arg) => {
                url = Some(arg.to_owned());
            }
            _ => {}
        }
    }
    let url = url?;
    if let Some(user) = user.filter(|_| !other_auth) {
        if !headers.iter().any(|h| h.is("authorization")) {
            headers.push(basic(&user));
        }
    }
    let method = method.unwrap_or_else(|| {
        if head {
            "HEAD".into()
        } else if body.is_some() && !get {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    Some(Command {
        request: Request {
            method,
            url,
            http_version: None,
            headers,
            body: body.map(|text| Body {
                text,
                truncated: false,
            }),
        },
        kind: InputKind::CurlCommand,
        producer: "curl",
        end,
    })
}

fn wget(tokens: &[Token], end: usize) -> Option<Command> {
    let mut url = None;
    let mut method = None;
    let mut headers = Vec::new();
    let mut body = None;
    let mut items = tokens.iter().skip(1);
    while let Some(token) = items.next() {
        let arg = token.text.as_str();
        let (option, inline) = match arg.split_once('=') {
            Some((o, v)) if o.starts_with("--") => (o, Some(v.to_owned())),
            _ => (arg, None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| items.next().map(|t| t.text.clone()))
        };
        match option {
            "--header" => {
                if let Some(v) = value() {
                    let token = Token {
                        offsets: vec![None; v.len()],
                        text: v,
                    };
                    if let Some(h) = header_from(&token) {
                        headers.push(h);
                    }
                }
            }
            "--method" => method = value(),
            "--post-data" | "--body-data" => body = value(),
            "-O" | "--output-document" | "-o" | "--output-file" | "-a" | "-P" | "-U"
            | "--user-agent" | "-e" | "-t" | "-T" | "-w" | "-Q" | "-l" | "-A" | "-R" | "-D"
            | "-I" | "-X" | "-i"
                if inline.is_none() =>
            {
                items.next();
            }
            _ if arg.starts_with('-') => {}
            _ if url.is_none() && looks_like_url(arg) => url = Some(arg.to_owned()),
            _ => {}
        }
    }
    let url = url?;
    let method = method.unwrap_or_else(|| if body.is_some() { "POST" } else { "GET" }.into());
    Some(Command {
        request: Request {
            method,
            url,
            headers,
            body: body.map(|text| Body {
                text,
                truncated: false,
            }),
            ..Request::default()
        },
        kind: InputKind::WgetCommand,
        producer: "wget",
        end,
    })
}

/// HTTPie: `http [flags] [METHOD] URL [Name:value | name=value | name==value]`.
fn httpie(tokens: &[Token], end: usize) -> Option<Command> {
    let mut method = None;
    let mut url: Option<String> = None;
    let mut headers = Vec::new();
    let mut data = false;
    let mut auth: Option<String> = None;
    let mut auth_type: Option<String> = None;
    let mut items = tokens.iter().skip(1).peekable();
    while let Some(token) = items.next() {
        let arg = token.text.as_str();
        if arg.starts_with('-') {
            let (option, inline) = match arg.split_once('=') {
                Some((o, v)) => (o, Some(v.to_owned())),
                None => (arg, None),
            };
            let takes = matches!(
                option,
                "-a" | "--auth"
                    | "-A"
                    | "--auth-type"
                    | "--session"
                    | "--session-read-only"
                    | "-o"
                    | "--output"
                    | "--verify"
                    | "--cert"
                    | "--cert-key"
                    | "--proxy"
                    | "--timeout"
                    | "--max-redirects"
                    | "--pretty"
                    | "-s"
                    | "--style"
                    | "-p"
                    | "--print"
                    | "--format-options"
                    | "--default-scheme"
            );
            if takes {
                let v = inline.or_else(|| items.next().map(|t| t.text.clone()));
                match option {
                    "-a" | "--auth" => auth = v,
                    "-A" | "--auth-type" => auth_type = v,
                    _ => {}
                }
            }
            continue;
        }
        if url.is_none() {
            if method.is_none()
                && arg.bytes().all(|b| b.is_ascii_alphabetic())
                && arg.len() <= 10
                && items.peek().is_some()
            {
                method = Some(arg.to_ascii_uppercase());
                continue;
            }
            if !looks_like_url(arg) {
                return None;
            }
            url = Some(if arg.starts_with(':') {
                format!("http://localhost{arg}")
            } else {
                arg.to_owned()
            });
            continue;
        }
        if let Some((name, _)) = arg.split_once(':') {
            if !name.contains('=') && !name.is_empty() {
                if let Some(h) = header_from(token) {
                    headers.push(h);
                    continue;
                }
            }
        }
        if arg.contains('=') && !arg.contains("==") {
            data = true;
        }
    }
    let url = url?;
    if let Some(userinfo) = auth {
        let basic_auth = auth_type.as_deref().is_none_or(|t| t == "basic");
        if basic_auth && !headers.iter().any(|h| h.is("authorization")) {
            headers.push(basic(&userinfo));
        }
    }
    let method = method.unwrap_or_else(|| if data { "POST" } else { "GET" }.into());
    Some(Command {
        request: Request {
            method,
            url,
            headers,
            ..Request::default()
        },
        kind: InputKind::HttpieCommand,
        producer: "HTTPie",
        end,
    })
}

/// `Invoke-WebRequest -Uri "…" -Method "POST" -Headers @{ "k"="v" } -Body …`.
fn powershell(tokens: &[Token], end: usize) -> Option<Command> {
    let mut url = None;
    let mut method = None;
    let mut headers = Vec::new();
    let mut body = None;
    let mut content_type = None;
    let mut user_agent = None;
    let mut items = tokens.iter().skip(1);
    while let Some(token) = items.next() {
        let arg = token.text.as_str();
        let lower = arg.to_ascii_lowercase();
        match lower.as_str() {
            "-uri" => url = items.next().map(|t| t.text.clone()),
            "-method" => method = items.next().map(|t| t.text.to_ascii_uppercase()),
            "-headers" => {
                if let Some(table) = items.next() {
                    hashtable(&table.text, &mut headers);
                }
            }
            "-body" => body = items.next().map(|t| t.text.clone()),
            "-contenttype" => content_type = items.next().map(|t| t.text.clone()),
            "-useragent" => user_agent = items.next().map(|t| t.text.clone()),
            "-websession"
            | "-outfile"
            | "-timeoutsec"
            | "-credential"
            | "-proxy"
            | "-maximumredirection"
            | "-sessionvariable"
            | "-certificate"
            | "-infile" => {
                items.next();
            }
            _ if arg.starts_with('-') => {}
            _ if url.is_none() && looks_like_url(arg) => url = Some(arg.to_owned()),
            _ => {}
        }
    }
    let url = url?;
    if let Some(ua) = user_agent {
        headers.push(Header::new("User-Agent", ua));
    }
    if let Some(ct) = content_type {
        headers.push(Header::new("Content-Type", ct));
    }
    Some(Command {
        request: Request {
            method: method.unwrap_or_else(|| "GET".into()),
            url,
            headers,
            body: body.map(|text| Body {
                text,
                truncated: false,
            }),
            ..Request::default()
        },
        kind: InputKind::PowershellCommand,
        producer: "PowerShell",
        end,
    })
}

/// The entries of a PowerShell hashtable literal `@{ "k"="v"; k2='v2' }`.
fn hashtable(text: &str, headers: &mut Vec<Header>) {
    let inner = text
        .trim()
        .trim_start_matches('@')
        .trim_start_matches('{')
        .trim_end_matches('}');
    let mut rest = inner;
    while let Some((key, after)) = ps_string_or_word(rest) {
        let after = after.trim_start();
        let Some(after) = after.strip_prefix('=') else {
            break;
        };
        let Some((value, after)) = ps_string_or_word(after.trim_start()) else {
            break;
        };
        if !key.is_empty() {
            headers.push(Header::new(key, value));
        }
        rest = after.trim_start_matches([';', ' ', '\t', '\r', '\n']);
    }
}

/// A leading PowerShell string (`"…"` with backtick escapes, `'…'`) or bare
/// word, and what follows it.
fn ps_string_or_word(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start_matches([' ', '\t', '\r', '\n', ';']);
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let mut out = String::new();
    if first == '"' || first == '\'' {
        while let Some((i, c)) = chars.next() {
            if c == '`' && first == '"' {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            } else if c == first {
                return Some((out, s.get(i + 1..).unwrap_or_default()));
            } else {
                out.push(c);
            }
        }
        return Some((out, ""));
    }
    let end = s
        .find(|c: char| c == '=' || c == ';' || c.is_whitespace())
        .unwrap_or(s.len());
    Some((s.get(..end)?.to_owned(), s.get(end..).unwrap_or_default()))
}

/// "Copy as fetch": `fetch("url", { "headers": {…}, "body": …, "method": "GET" });`.
fn fetch(src: &str, start: usize) -> Option<Command> {
    let open = src.find("fetch(")? + "fetch(".len();
    let mut lexer = JsLexer { src, pos: open };
    let url = match lexer.next()? {
        JsToken::Str(s) => s,
        _ => return None,
    };
    let mut method = None;
    let mut headers = Vec::new();
    let mut body = None;
    let mut depth = 0usize;
    let mut key: Option<String> = None;
    let mut in_headers = false;
    let mut headers_depth = 0;
    let mut expect_value = false;
    while let Some(token) = lexer.next() {
        match token {
            JsToken::Punct('{') => {
                depth += 1;
                if expect_value && key.as_deref() == Some("headers") && depth == 2 {
                    in_headers = true;
                    headers_depth = depth;
                }
                expect_value = false;
                key = None;
            }
            JsToken::Punct('}') => {
                if in_headers && depth == headers_depth {
                    in_headers = false;
                }
                depth = depth.saturating_sub(1);
            }
            JsToken::Punct(')') if depth == 0 => break,
            JsToken::Punct(':') => expect_value = true,
            JsToken::Punct(',') => {
                key = None;
                expect_value = false;
            }
            JsToken::Str(s) | JsToken::Word(s) => {
                if expect_value {
                    let k = key.take().unwrap_or_default();
                    if in_headers {
                        headers.push(Header::new(k, s));
                    } else if depth == 1 && k == "method" {
                        method = Some(s.to_ascii_uppercase());
                    } else if depth == 1 && k == "body" && s != "null" {
                        body = Some(s);
                    }
                    expect_value = false;
                } else {
                    key = Some(s);
                }
            }
            JsToken::Punct(_) => {}
        }
    }
    let end = start + lexer.pos;
    Some(Command {
        request: Request {
            method: method.unwrap_or_else(|| "GET".into()),
            url,
            headers,
            body: body.map(|text| Body {
                text,
                truncated: false,
            }),
            ..Request::default()
        },
        kind: InputKind::FetchCommand,
        producer: "fetch",
        end,
    })
}

enum JsToken {
    Str(String),
    Word(String),
    Punct(char),
}

struct JsLexer<'a> {
    src: &'a str,
    pos: usize,
}

impl JsLexer<'_> {
    fn next(&mut self) -> Option<JsToken> {
        let rest = self.src.get(self.pos..)?;
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        let mut chars = trimmed.char_indices();
        let (_, c) = chars.next()?;
        match c {
            '"' | '\'' | '`' => {
                let mut out = String::new();
                while let Some((i, ch)) = chars.next() {
                    if ch == '\\' {
                        match chars.next() {
                            Some((_, 'n')) => out.push('\n'),
                            Some((_, 't')) => out.push('\t'),
                            Some((_, 'r')) => out.push('\r'),
                            Some((_, 'u')) => {
                                let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                                let code = u32::from_str_radix(&hex, 16).ok();
                                out.push(code.and_then(char::from_u32).unwrap_or('\u{FFFD}'));
                            }
                            Some((_, n)) => out.push(n),
                            None => break,
                        }
                    } else if ch == c {
                        self.pos += i + 1;
                        return Some(JsToken::Str(out));
                    } else {
                        out.push(ch);
                    }
                }
                self.pos = self.src.len();
                Some(JsToken::Str(out))
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' => {
                let end = trimmed
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '$' || ch == '.'))
                    .unwrap_or(trimmed.len());
                self.pos += end;
                Some(JsToken::Word(trimmed.get(..end)?.to_owned()))
            }
            _ => {
                self.pos += c.len_utf8();
                Some(JsToken::Punct(c))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_one(text: &str) -> Option<Command> {
        read(text, 0, text.lines().next().unwrap_or_default())
    }

    fn header<'a>(c: &'a Command, name: &str) -> Option<&'a str> {
        c.request
            .headers
            .iter()
            .find(|h| h.is(name))
            .map(|h| h.value.as_str())
    }

    #[test]
    fn curl_bash_with_continuations() {
        let text = "curl 'https://a.test/x' \\\n  -H 'Authorization: Bearer abc' \\\n  --data-raw '{\"a\":\n1}'\nHTTP/1.1 401";
        let c = read_one(text);
        let c = c.as_ref();
        assert_eq!(c.map(|c| c.request.method.as_str()), Some("POST"));
        assert_eq!(c.map(|c| c.request.url.as_str()), Some("https://a.test/x"));
        let c = c.into_iter().next();
        let auth = c.and_then(|c| c.request.headers.first());
        assert_eq!(auth.map(|h| h.value.as_str()), Some("Bearer abc"));
        let span = auth.and_then(|h| h.span);
        assert_eq!(span.and_then(|s| s.slice(text)), Some("Bearer abc"));
        assert_eq!(c.map(|c| text.get(c.end..)), Some(Some("\nHTTP/1.1 401")));
    }

    #[test]
    fn curl_cmd_quoting() {
        let text = "curl ^\"https://a.test/?a=1^&b=2^\" ^\n  -H ^\"If-None-Match: W/^\\^\"x^\\^\"^\" ^\n  -b ^\"s=1^\"";
        let c = read_one(text);
        assert_eq!(
            c.as_ref().map(|c| c.request.url.as_str()),
            Some("https://a.test/?a=1&b=2")
        );
        let c = c.as_ref();
        assert_eq!(c.and_then(|c| header(c, "if-none-match")), Some("W/\"x\""));
        assert_eq!(c.and_then(|c| header(c, "cookie")), Some("s=1"));
    }

    #[test]
    fn typed_commands() {
        let cases: &[(&str, &str, &str)] = &[
            ("$ curl -sSI https://a.test/", "HEAD", "https://a.test/"),
            ("curl -u bob:pw -X PUT a.test/x", "PUT", "a.test/x"),
            (
                "wget --header='Authorization: Basic eA==' https://a.test/",
                "GET",
                "https://a.test/",
            ),
            (
                "user@h:~$ http POST :8080/x name=v",
                "POST",
                "http://localhost:8080/x",
            ),
            ("http -a u:p example.org/x", "GET", "example.org/x"),
        ];
        for (text, method, url) in cases {
            let c = read_one(text);
            assert_eq!(
                c.as_ref()
                    .map(|c| (c.request.method.as_str(), c.request.url.as_str())),
                Some((*method, *url)),
                "{text}"
            );
        }
        assert!(read_one("curl is a tool").is_none());
        assert!(read_one("http is a protocol").is_none());
        assert!(read_one("Invoke-WebRequest : The remote server returned an error").is_none());
    }

    #[test]
    fn powershell_and_fetch() {
        let ps = "Invoke-WebRequest -UseBasicParsing -Uri \"https://a.test/\" `\n-Method \"POST\" `\n-Headers @{\n\"authorization\"=\"Bearer x`\"y\"\n  \"accept\"=\"*/*\"\n}";
        let c = read_one(ps);
        assert_eq!(c.as_ref().map(|c| c.request.method.as_str()), Some("POST"));
        assert_eq!(
            c.as_ref().and_then(|c| header(c, "authorization")),
            Some("Bearer x\"y")
        );
        let f = "fetch(\"https://a.test/x\", {\n  \"headers\": {\n    \"authorization\": \"Bearer t\"\n  },\n  \"body\": null,\n  \"method\": \"DELETE\"\n});";
        let c = read_one(f);
        assert_eq!(
            c.as_ref().map(|c| c.request.method.as_str()),
            Some("DELETE")
        );
        assert_eq!(
            c.as_ref().and_then(|c| header(c, "authorization")),
            Some("Bearer t")
        );
    }
}
