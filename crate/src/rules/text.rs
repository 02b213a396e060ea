//! Tiny text helpers shared by the rules, so that no rule needs `format!`.

/// Replaces each `{}` in `template` by the next of `args` (missing ones
/// become empty). One loop instead of a `format!` per rule keeps the wasm
/// small.
///
/// ```
/// assert_eq!(authlens::rules::fill("realm {} at {}", &["api", "a.test"]), "realm api at a.test");
/// ```
#[must_use]
#[inline(never)]
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(at) = rest.find("{}") {
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str(args.next().copied().unwrap_or(""));
        rest = rest.get(at + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Whether `haystack` contains `needle`, ASCII case-insensitively.
#[must_use]
#[inline(never)]
pub fn contains_ci(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// The first of `needles` that `haystack` contains (ASCII case-insensitive).
#[must_use]
#[inline(never)]
pub fn first_of<'n>(haystack: &str, needles: &[&'n str]) -> Option<&'n str> {
    needles.iter().copied().find(|n| contains_ci(haystack, n))
}

/// A JSON value as compact text. Through the report's own serializer:
/// `Value`'s `Display` would add a second instantiation of it to the wasm.
#[must_use]
pub fn json(value: &serde_json::Value) -> String {
    crate::json_text::to_string(value)
}

/// A duration in seconds as `3 h 12 min`, `45 s`, `2 d 1 h`.
#[must_use]
pub fn duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    let mut out = String::new();
    let mut push = |n: u64, unit: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&n.to_string());
        out.push(' ');
        out.push_str(unit);
    };
    if d > 0 {
        push(d, "d");
        if h > 0 {
            push(h, "h");
        }
    } else if h > 0 {
        push(h, "h");
        if m > 0 {
            push(m, "min");
        }
    } else if m > 0 {
        push(m, "min");
        if sec > 0 {
            push(sec, "s");
        }
    } else {
        push(sec, "s");
    }
    out
}
