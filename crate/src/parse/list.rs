//! RFC 9110 §5.6.1 lists (`#element`): comma-separated, optional whitespace,
//! empty elements ignored, commas inside quoted strings kept. Shared by every
//! list-valued field AuthLens reads (`Cache-Control`, `Vary`, CORS headers).

use crate::span::Span;

/// The non-empty elements of `value`, trimmed, each with its byte span.
///
/// ```text
/// #element => [ element ] *( OWS "," OWS [ element ] )
/// ```
/// <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1>
///
/// # Examples
/// ```
/// let items = authlens::parse::list::split_list(r#"no-cache="a, b", , max-age=0"#);
/// let texts: Vec<&str> = items.iter().map(|(_, t)| *t).collect();
/// assert_eq!(texts, [r#"no-cache="a, b""#, "max-age=0"]);
/// ```
#[must_use]
pub fn split_list(value: &str) -> Vec<(Span, &str)> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut in_quotes = false;
    let mut escaped = false;
    let mut push = |start: usize, end: usize| {
        let raw = value.get(start..end).unwrap_or_default();
        let lead = raw.len() - raw.trim_start().len();
        let text = raw.trim();
        if !text.is_empty() {
            items.push((Span::new(start + lead, start + lead + text.len()), text));
        }
    };
    for (i, b) in value.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_quotes => escaped = true,
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => {
                push(start, i);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(start, value.len());
    items
}

/// `value` without surrounding double quotes and with `\x` escapes undone.
#[must_use]
pub fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lists() {
        let table: &[(&str, &[&str])] = &[
            ("", &[]),
            (" , ,", &[]),
            ("a", &["a"]),
            ("a,b", &["a", "b"]),
            (" a , b ", &["a", "b"]),
            (r#"x="1,2", y"#, &[r#"x="1,2""#, "y"]),
            (r#"x="a\"," , y"#, &[r#"x="a\",""#, "y"]),
            (r#"x="unclosed, y"#, &[r#"x="unclosed, y"#]),
        ];
        for (input, want) in table {
            let got: Vec<&str> = split_list(input).into_iter().map(|(_, t)| t).collect();
            assert_eq!(&got, want, "{input:?}");
            for (span, text) in split_list(input) {
                assert_eq!(span.slice(input), Some(text));
            }
        }
    }

    #[test]
    fn unquotes() {
        assert_eq!(unquote(r#""a\"b""#), "a\"b");
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(unquote(r#""""#), "");
        assert_eq!(unquote(r#"""#), "\"");
    }
}
