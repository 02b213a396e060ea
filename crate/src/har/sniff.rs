//! Whether input is a HAR, from its first bytes only (the rest may still be
//! on its way): a JSON object whose first key is `log`, or an entry's key (a
//! single entry), or an array of such entries; BOM and JSONP wrapper allowed.

/// Keys that start a HAR entry (a single-entry file, or an array of entries).
const ENTRY_KEYS: &[&[u8]] = &[
    b"startedDateTime",
    b"request",
    b"response",
    b"pageref",
    b"time",
    b"timings",
    b"cache",
    b"serverIPAddress",
    b"connection",
];

fn skip_space(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(n..).unwrap_or_default()
}

/// The first key of the object that `bytes` starts with.
fn first_key(bytes: &[u8]) -> Option<&[u8]> {
    let rest = skip_space(bytes).strip_prefix(b"{")?;
    let rest = skip_space(rest).strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    rest.get(..end)
}

/// Whether `prefix` (the first bytes of an input; 1 KiB is plenty) starts a
/// HAR: `{"log": …`, a single entry, or an array of entries, with an optional
/// UTF-8 BOM and JSONP callback.
#[must_use]
pub fn looks_like_har(prefix: &[u8]) -> bool {
    let mut rest = skip_space(prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix));
    // `callback(` of a JSONP (`.harp`) file.
    let name = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'))
        .count();
    if name > 0 {
        let Some(after) = rest
            .get(name..)
            .map(skip_space)
            .and_then(|r| r.strip_prefix(b"("))
        else {
            return false;
        };
        rest = after;
    }
    let rest = skip_space(rest);
    let object = rest.strip_prefix(b"[").unwrap_or(rest);
    match first_key(object) {
        Some(key) if object.len() == rest.len() && key == b"log" => true,
        Some(key) => ENTRY_KEYS.contains(&key) || key.starts_with(b"_"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        for yes in [
            &b"{\"log\": {"[..],
            b"\xEF\xBB\xBF{\r\n  \"log\"",
            b"callback_x({\n \"log\":{",
            b"{\"startedDateTime\": \"2020\"",
            b"[{\"request\": {",
            b"  {\"_initiator\": 1",
        ] {
            assert!(looks_like_har(yes), "{}", String::from_utf8_lossy(yes));
        }
        for no in [
            &b"HTTP/1.1 401 Unauthorized\r\n"[..],
            b"{\"error\": \"invalid_token\"}",
            b"[\"log\"]",
            b"eyJhbGciOiJIUzI1NiJ9.e30.x",
            b"curl -v https://a.test/",
            b"",
            b"{\"",
            b"[{\"log\": {}}]",
        ] {
            assert!(!looks_like_har(no), "{}", String::from_utf8_lossy(no));
        }
    }
}
