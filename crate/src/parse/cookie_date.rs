//! The cookie-date algorithm of RFC 6265bis §5.1.1, which reads the `Expires`
//! attribute of a `Set-Cookie`.
//!
//! Servers write `Expires` in every format ever invented (`Mon, 10-Dec-07`,
//! `Thu Apr 18 22:50:12 2007`, `GMT-0500 (EST)`), so browsers do not parse an
//! IMF-fixdate: they tokenize and pick out a time, a day, a month and a year in
//! any order. Anything else (time zones included) is ignored. This module
//! follows that algorithm step by step; `cookies/dates.json` is its
//! conformance suite.

use crate::time::{civil_from_days, days_from_civil};

/// Parses a cookie date (RFC 6265bis §5.1.1) into seconds since the epoch.
///
/// ```text
/// cookie-date     = *delimiter date-token-list *delimiter
/// date-token-list = date-token *( 1*delimiter date-token )
/// delimiter       = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
/// time            = hms-time [ non-digit *OCTET ]
/// hms-time        = time-field ":" time-field ":" time-field
/// day-of-month    = 1*2DIGIT [ non-digit *OCTET ]
/// month           = ( "jan" / "feb" / … / "dec" ) *OCTET
/// year            = 2*4DIGIT [ non-digit *OCTET ]
/// ```
/// <https://www.ietf.org/archive/id/draft-ietf-httpbis-rfc6265bis-20.html#section-5.1.1>
///
/// Returns `None` when the algorithm fails (a part missing or out of range,
/// a day that does not exist in that month, a year before 1601).
///
/// ```
/// use authlens::parse::cookie_date::{parse_cookie_date, format_imf_fixdate};
/// let t = parse_cookie_date("Wed Dec 12 2007 08:44:07 GMT-0500 (EST)");
/// assert_eq!(t.map(format_imf_fixdate).as_deref(), Some("Wed, 12 Dec 2007 08:44:07 GMT"));
/// assert_eq!(parse_cookie_date("IAintNoDateFool"), None);
/// ```
#[must_use]
pub fn parse_cookie_date(input: &str) -> Option<i64> {
    let mut time: Option<(i64, i64, i64)> = None;
    let mut day: Option<i64> = None;
    let mut month: Option<i64> = None;
    let mut year: Option<i64> = None;
    for token in input.as_bytes().split(|&b| is_delimiter(b)) {
        if token.is_empty() {
            continue;
        }
        if time.is_none() {
            if let Some(t) = match_time(token) {
                time = Some(t);
                continue;
            }
        }
        if day.is_none() {
            if let Some(d) = match_digits(token, 1, 2) {
                day = Some(d);
                continue;
            }
        }
        if month.is_none() {
            if let Some(m) = match_month(token) {
                month = Some(m);
                continue;
            }
        }
        if year.is_none() {
            if let Some(y) = match_digits(token, 2, 4) {
                year = Some(y);
            }
        }
    }
    let (hour, minute, second) = time?;
    let (day, month, mut year) = (day?, month?, year?);
    if (70..=99).contains(&year) {
        year += 1900;
    } else if (0..=69).contains(&year) {
        year += 2000;
    }
    if !(1..=31).contains(&day) || year < 1601 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let month = u32::try_from(month).ok()?;
    let day = u32::try_from(day).ok()?;
    let days = days_from_civil(year, month, day);
    // "If the date does not exist (e.g. 31 February), fail": a date that does
    // not round-trip through the calendar does not exist.
    if civil_from_days(days) != (year, month, day) {
        return None;
    }
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 IMF-fixdate) for `seconds` since
/// the epoch: how reports show a parsed `Expires`.
#[must_use]
pub fn format_imf_fixdate(seconds: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = usize::try_from(days.rem_euclid(7))
        .ok()
        .and_then(|i| DAYS.get(i))
        .copied()
        .unwrap_or("???");
    let month = usize::try_from(m)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("???");
    format!(
        "{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} GMT",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2F | 0x3B..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E)
}

/// `min..=max` digits, then the end of the token or a non-digit.
fn match_digits(token: &[u8], min: usize, max: usize) -> Option<i64> {
    let (value, rest) = leading_digits(token, max)?;
    let count = token.len() - rest.len();
    if count < min || rest.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(value)
}

/// Up to `max` leading digits (at least one) and what follows them.
fn leading_digits(token: &[u8], max: usize) -> Option<(i64, &[u8])> {
    let count = token
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if count == 0 {
        return None;
    }
    let (digits, rest) = token.split_at(count);
    let value = digits
        .iter()
        .fold(0_i64, |acc, &b| acc * 10 + i64::from(b - b'0'));
    Some((value, rest))
}

fn match_time(token: &[u8]) -> Option<(i64, i64, i64)> {
    let (hour, rest) = leading_digits(token, 2)?;
    let rest = rest.strip_prefix(b":")?;
    let (minute, rest) = leading_digits(rest, 2)?;
    let rest = rest.strip_prefix(b":")?;
    let (second, rest) = leading_digits(rest, 2)?;
    if rest.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((hour, minute, second))
}

fn match_month(token: &[u8]) -> Option<i64> {
    const NAMES: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let prefix = token.get(..3)?;
    NAMES
        .iter()
        .position(|name| prefix.eq_ignore_ascii_case(*name))
        .and_then(|i| i64::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_table() {
        for (input, expected) in [
            (
                "Mon, 10-Dec-2007 17:02:24 GMT",
                Some("Mon, 10 Dec 2007 17:02:24 GMT"),
            ),
            (
                "Thu, 31 Dec 23:55:55 2037 GMT",
                Some("Thu, 31 Dec 2037 23:55:55 GMT"),
            ),
            (
                "Wednesday, 01-Jan-10 0:0:00 GMT",
                Some("Fri, 01 Jan 2010 00:00:00 GMT"),
            ),
            ("Sat, 15-Apr-17 91:22:33 21:01:22", None),
            ("Thu, 012-Aug-2008 20:49:07 GMT", None),
            ("Sat, 31 Feb 2009 00:00:00 GMT", None),
            ("Mon, 01 Jan 1600 00:00:00 GMT", None),
            ("", None),
        ] {
            assert_eq!(
                parse_cookie_date(input).map(format_imf_fixdate).as_deref(),
                expected,
                "{input}"
            );
        }
    }
}
