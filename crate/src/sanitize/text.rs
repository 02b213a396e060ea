//! Secrets inside free text: URLs, bodies (JSON, form, multipart, HTML),
//! WebSocket messages, header values with no structure of their own. Found
//! by the name they are given (`password=…`, `"access_token": "…"`,
//! `name="secret"` in a multipart part, `user:pass@` in a URL) and by their
//! own shape (JWTs, vendor-prefixed tokens), and replaced in place so the
//! text keeps its layout.

use super::credential::Rewriter;
use super::names::{is_secret_header, is_secret_name};
use super::Kind;
use crate::parse::bearer::{classify, TokenShape};

/// An edit: replace `start..end` of the text with `with`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

fn name_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let head = text.get(..end)?;
    let start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']')))
        .map_or(0, |i| i + 1);
    let name = head.get(start..)?;
    (!name.is_empty()).then_some((start, name))
}

fn value_end(text: &str, start: usize, stops: &[char]) -> usize {
    text.get(start..)
        .and_then(|rest| rest.find(|c: char| c.is_whitespace() || stops.contains(&c)))
        .map_or(text.len(), |i| start + i)
}

/// Scrubs `text`, returning the new text (or `None` when nothing changed).
pub(crate) fn scrub(text: &str, r: &mut Rewriter<'_>) -> Option<String> {
    let mut edits: Vec<Edit> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            // name=value in query strings, forms, cookies, logs.
            b'=' => {
                if let Some((_, name)) = name_before(text, i) {
                    let name = name.trim_start_matches(['[', ']', '.']);
                    if is_secret_name(
                        name.trim_end_matches(']')
                            .rsplit('[')
                            .next()
                            .unwrap_or(name),
                    ) {
                        let start = i + 1;
                        let end =
                            value_end(text, start, &['&', ';', '"', '\'', '<', '>', ',', '#']);
                        if end > start {
                            let value = text.get(start..end).unwrap_or("");
                            let with = if name.eq_ignore_ascii_case("authorization") {
                                r.authorization(value)
                            } else {
                                r.token(value)
                            };
                            edits.push(Edit { start, end, with });
                            i = end;
                            continue;
                        }
                    }
                }
            }
            // "name": "value" in JSON (and JSON-ish logs).
            b':' => {
                if let Some(edit) = json_pair(text, i, r) {
                    i = edit.end;
                    edits.push(edit);
                    continue;
                }
                if let Some(edit) = userinfo(text, i, r) {
                    i = edit.end;
                    edits.push(edit);
                    continue;
                }
                if let Some(edit) = header_line(text, i, r) {
                    i = edit.end;
                    edits.push(edit);
                    continue;
                }
            }
            // Content-Disposition: form-data; name="password" … value.
            b'n' if text.get(i..i + 6) == Some("name=\"") => {
                if let Some(edit) = multipart(text, i, r) {
                    i = edit.end;
                    edits.push(edit);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Tokens by shape wherever they stand, outside what was already edited.
    shapes(text, &mut edits, r);
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.start < at {
            continue;
        }
        out.push_str(text.get(at..edit.start).unwrap_or(""));
        out.push_str(&edit.with);
        at = edit.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    Some(out)
}

fn json_pair(text: &str, colon: usize, r: &mut Rewriter<'_>) -> Option<Edit> {
    // Walk back over spaces to a closing quote, then to its opening quote.
    let head = text.get(..colon)?.trim_end();
    let key_body = head.strip_suffix('"')?;
    let open = key_body.rfind('"')?;
    let name = key_body.get(open + 1..)?;
    if !is_secret_name(name) {
        return None;
    }
    let rest = text.get(colon + 1..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let start = colon + 1 + skipped + 1;
    if text.get(start - 1..start)? != "\"" {
        return None;
    }
    // The string runs to the first quote not escaped by a backslash.
    let mut end = start;
    let mut escaped = false;
    for (k, c) in text.get(start..)?.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            end = start + k;
            break;
        }
    }
    if end <= start {
        return None;
    }
    let value = text.get(start..end)?;
    let with = if name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
    {
        r.authorization(value)
    } else {
        r.token(value)
    };
    Some(Edit { start, end, with })
}

/// `Authorization: Basic …` standing in text the reader did not take for
/// headers (a log line, a paste it read as another format): a secret
/// header's value, to the end of the line or to the quote that opened it.
/// Only secret headers are rewritten here, and their rewriting never scrubs
/// again, so a line of many colons costs one pass.
fn header_line(text: &str, colon: usize, r: &mut Rewriter<'_>) -> Option<Edit> {
    let head = text.get(..colon)?;
    let name_start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
        .map_or(0, |i| i + 1);
    let name = head.get(name_start..)?;
    let quote = match head.get(..name_start)?.chars().next_back() {
        None | Some(' ' | '\t' | '\n' | '\r' | '>' | '<' | '[' | '(' | ',' | '{') => None,
        Some(q @ ('\'' | '"')) => Some(q),
        Some(_) => return None,
    };
    // The credential headers count wherever they stand (log lines put
    // them mid-line); a one-word secret name only where a header would
    // start: its line (after curl's `> `/`< `) or its quoted string, since
    // "error code: 1010" in a body is prose, not a `Code` header.
    let credential_header = [
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
        || name.contains('-');
    if quote.is_none() && !credential_header {
        let before = head.get(..name_start)?;
        let line = before.rsplit(['\n', '\r']).next().unwrap_or(before);
        if !line.trim_matches([' ', '\t', '>', '<', '*']).is_empty() {
            return None;
        }
    }
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if name.is_empty()
        || !(is("authorization")
            || is("proxy-authorization")
            || is("cookie")
            || is("set-cookie")
            || is_secret_header(name))
    {
        return None;
    }
    let rest = text.get(colon + 1..)?;
    let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let start = colon + 1 + lead;
    let tail = text.get(start..)?;
    let stop = |c: char| c == '\n' || c == '\r' || Some(c) == quote;
    let len = tail.find(stop).unwrap_or(tail.len());
    let value = tail.get(..len)?.trim_end();
    if value.is_empty() {
        return None;
    }
    let with = super::header(name, value, r)?;
    Some(Edit {
        start,
        end: start + value.len(),
        with,
    })
}

/// `scheme://user:password@host`: the password goes.
fn userinfo(text: &str, colon: usize, r: &mut Rewriter<'_>) -> Option<Edit> {
    let head = text.get(..colon)?;
    let scheme_end = head.rfind("://")?;
    let user = head.get(scheme_end + 3..)?;
    if user.is_empty() || user.contains(['/', '@', ' ', '?', '#']) {
        return None;
    }
    let rest = text.get(colon + 1..)?;
    let at = rest.find(|c: char| c == '@' || c == '/' || c.is_whitespace())?;
    if rest.get(at..at + 1)? != "@" || at == 0 {
        return None;
    }
    let value = rest.get(..at)?;
    r.report.add(Kind::Password, r.location);
    Some(Edit {
        start: colon + 1,
        end: colon + 1 + at,
        with: r.names.filler(value, 0),
    })
}

fn multipart(text: &str, at: usize, r: &mut Rewriter<'_>) -> Option<Edit> {
    let name_start = at + 6;
    let name_end = name_start + text.get(name_start..)?.find('"')?;
    if !is_secret_name(text.get(name_start..name_end)?) {
        return None;
    }
    let after = text.get(name_end..)?;
    let (blank, sep) = [("\r\n\r\n", 4), ("\n\n", 2)]
        .into_iter()
        .filter_map(|(s, n)| after.find(s).map(|p| (p, n)))
        .min_by_key(|&(p, _)| p)?;
    let start = name_end + blank + sep;
    let rest = text.get(start..)?;
    let len = ["\r\n--", "\n--"]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    if len == 0 {
        return None;
    }
    let value = rest.get(..len)?;
    r.report.add(Kind::Secret, r.location);
    Some(Edit {
        start,
        end: start + len,
        with: r.names.filler(value, 0),
    })
}

/// JWTs and vendor-prefixed tokens anywhere in the text.
fn shapes(text: &str, edits: &mut Vec<Edit>, r: &mut Rewriter<'_>) {
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=');
    let mut start = None;
    let covered =
        |edits: &Vec<Edit>, s: usize, e: usize| edits.iter().any(|x| s < x.end && x.start < e);
    let mut found: Vec<Edit> = Vec::new();
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if is_token_char(c) {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        let word = text.get(s..i).unwrap_or("").trim_end_matches(['.', '=']);
        let e = s + word.len();
        if word.len() < 16 || covered(edits, s, e) {
            continue;
        }
        let with = match classify(word) {
            TokenShape::Jwt | TokenShape::Jwe => r.jwt(word),
            TokenShape::Vendor(v) => {
                r.report.add(Kind::Shape, r.location);
                r.names.filler(word, v.prefix.len())
            }
            _ => continue,
        };
        found.push(Edit {
            start: s,
            end: e,
            with,
        });
    }
    edits.extend(found);
}

#[cfg(test)]
mod tests {
    use super::super::filler::Pseudonyms;
    use super::super::Redactions;
    use super::*;

    fn run(text: &str) -> String {
        let mut names = Pseudonyms::default();
        let mut report = Redactions::default();
        let mut r = Rewriter {
            names: &mut names,
            report: &mut report,
            location: "test",
        };
        scrub(text, &mut r).unwrap_or_else(|| text.to_owned())
    }

    #[test]
    fn prose_with_a_secret_word_before_a_colon_stays() {
        // Cloudflare's body: `code` is a secret name in a query string, but
        // mid-line prose is no header.
        for text in ["error code: 1010", "the token: expired yesterday"] {
            assert_eq!(run(text), text);
        }
    }

    #[test]
    fn finds_secrets_by_name_and_shape() {
        let canary = "CANARY7q9z";
        let cases = [
            format!("https://a.test/cb?code={canary}&state=ok"),
            format!("https://a.test/#access_token={canary}&token_type=bearer"),
            format!("{{\"password\": \"{canary}\", \"user\": \"bob\"}}"),
            format!("username=bob&password={canary}"),
            format!("https://bob:{canary}@proxy.test:8080/"),
            format!("--b\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\n{canary}\r\n--b--"),
            format!("use ghp_{canary}{canary}{canary} here"),
            // Header lines in text the reader took for something else.
            format!("1.2.3.4 - - \"GET / HTTP/1.1\" 401\n> Authorization: Bearer {canary}\n"),
            format!("curl -H 'Cookie: theme=dark; sid={canary}' https://a.test/"),
            format!("note: X-Api-Key: {canary}"),
            format!("2026-01-01 INFO Authorization: Bearer {canary}"),
            format!("token: {canary}"),
        ];
        for case in &cases {
            let out = run(case);
            assert!(!out.contains(canary), "{case} -> {out}");
            assert_eq!(out.len(), case.len(), "{case} -> {out}");
        }
        assert_eq!(run("state=ok&scope=read"), "state=ok&scope=read");
        assert!(run("https://a.test/?code=abc&state=x").contains("state=x"));
    }
}
