//! Naming what was pasted before reading it: a HAR goes to its own reader;
//! everything else is text read line by line. The producer (the program
//! that printed it) comes from the format or, failing that, from the
//! request's `User-Agent`.

use crate::model::{Exchange, Headers};

/// Whether `input` is a HAR: a JSON object with a `log` key, possibly after
/// a BOM and whitespace, or inside a JSONP wrapper (`callback({...})`).
///
/// Kept as a single function so the HAR reader's branch can replace it.
#[must_use]
pub fn looks_like_har(input: &[u8]) -> bool {
    let mut bytes = input;
    for bom in [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            bytes = rest;
            break;
        }
    }
    // UTF-16 HAR files: look at every other byte.
    let narrowed: Vec<u8>;
    if bytes.len() >= 2 && (bytes.first() == Some(&0) || bytes.get(1) == Some(&0)) {
        narrowed = bytes
            .iter()
            .take(8192)
            .copied()
            .filter(|b| *b != 0)
            .collect();
        bytes = &narrowed;
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    let mut i = skip_space(head, 0);
    // JSONP: an identifier and `(`.
    if head
        .get(i)
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'$')
    {
        while head
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b"_$.".contains(b))
        {
            i += 1;
        }
        i = skip_space(head, i);
        if head.get(i) != Some(&b'(') {
            return false;
        }
        i = skip_space(head, i + 1);
    }
    if head.get(i) != Some(&b'{') {
        return false;
    }
    i = skip_space(head, i + 1);
    head.get(i..)
        .is_some_and(|rest| rest.starts_with(b"\"log\""))
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The program named by the first request's `User-Agent`, when it is a
/// browser or a known tool.
pub(super) fn producer_from_user_agent(exchanges: &[Exchange]) -> Option<String> {
    let ua = exchanges
        .iter()
        .filter_map(|e| e.request.as_ref())
        .find_map(|r| r.header("user-agent"))?;
    let ua = ua.value.as_str();
    const TOOLS: &[(&str, &str)] = &[
        ("curl/", "curl"),
        ("Wget/", "wget"),
        ("HTTPie/", "HTTPie"),
        ("python-requests/", "Python requests"),
        ("Python-urllib/", "Python urllib"),
        ("Go-http-client/", "Go"),
        ("PostmanRuntime/", "Postman"),
        ("insomnia/", "Insomnia"),
        ("okhttp/", "OkHttp"),
    ];
    for (prefix, name) in TOOLS {
        if ua.starts_with(prefix) {
            return Some((*name).to_owned());
        }
    }
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    const BROWSERS: &[(&str, &str)] = &[
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Version/", "Safari"),
    ];
    for (marker, name) in BROWSERS {
        if let Some(i) = ua.find(marker) {
            let version: String = ua
                .get(i + marker.len()..)
                .unwrap_or_default()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            return Some(if version.is_empty() {
                (*name).to_owned()
            } else {
                format!("{name} {version}")
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn har_sniffing() {
        let cases: &[(&[u8], bool)] = &[
            (b"{\"log\": {}}", true),
            (b"\xEF\xBB\xBF  {\n \"log\":{}}", true),
            (b"onInputData({\"log\":{}})", true),
            (b"\xFF\xFE{\x00\"\x00l\x00o\x00g\x00\"\x00", true),
            (b"{\"logs\": 1}", false),
            (b"HTTP/1.1 401", false),
            (b"", false),
        ];
        for (input, want) in cases {
            assert_eq!(looks_like_har(input), *want, "{input:?}");
        }
    }
}
