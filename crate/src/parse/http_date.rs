//! `Date` and the other HTTP-date fields (RFC 9110 §5.6.7), in all three
//! formats senders must accept.

use serde::Serialize;

use crate::time::format_rfc3339;

/// An HTTP-date as seconds since the epoch, with how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HttpDate {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix: i64,
    /// Whether the text was the preferred IMF-fixdate
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`), not an obsolete form.
    pub imf_fixdate: bool,
}

/// Why a value is not an HTTP-date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NotADate;

impl std::fmt::Display for NotADate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not an HTTP-date (expected e.g. `Sun, 06 Nov 1994 08:49:37 GMT`)")
    }
}

impl std::error::Error for NotADate {}

/// Parses an HTTP-date.
///
/// ```text
/// HTTP-date    = IMF-fixdate / obs-date
/// IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
/// obs-date     = rfc850-date / asctime-date
/// ```
/// <https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7>
///
/// # Errors
/// [`NotADate`] when the value is none of the three formats (or before 1970).
///
/// # Examples
/// ```
/// let date = authlens::parse::http_date::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
/// assert_eq!(date.unix, 784_111_777);
/// ```
pub fn parse_http_date(value: &str) -> Result<HttpDate, NotADate> {
    let value = value.trim();
    let b = value.as_bytes();
    if !b.is_ascii() {
        return Err(NotADate);
    }
    let fields = imf_fixdate(b)
        .or_else(|| rfc850_date(b))
        .or_else(|| asctime_date(b))
        .ok_or(NotADate)?;
    let unix = fields.unix().ok_or(NotADate)?;
    let imf_fixdate = value.len() == 29 && b.get(3) == Some(&b',');
    Ok(HttpDate { unix, imf_fixdate })
}

// The three formats read by hand rather than through the `httpdate` crate,
// whose detour through `SystemTime` and `Duration` cost the wasm ~3 KB
// gzipped; the rules are the crate's: exact layouts, ASCII only, a
// weekday that matches the date, years 1970–9999.

const MONTHS: [&[u8]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A date as written, before it is checked.
struct Fields {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 = Monday.
    weekday: usize,
}

impl Fields {
    /// Seconds since the epoch, if the fields name a real instant whose
    /// weekday is the one written.
    fn unix(&self) -> Option<i64> {
        let month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        let last = month_days.get(usize::try_from(self.month).ok()?.checked_sub(1)?)?
            + u32::from(leap && self.month == 2);
        let valid = (1970..=9999).contains(&self.year)
            && (1..=last).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60;
        let days = crate::time::days_from_civil(self.year, self.month, self.day);
        // 1970-01-01 was a Thursday (3).
        let weekday = usize::try_from((days + 3).rem_euclid(7)).ok()?;
        (valid && weekday == self.weekday).then(|| {
            days * 86_400
                + i64::from(self.hour) * 3_600
                + i64::from(self.minute) * 60
                + i64::from(self.second)
        })
    }
}

/// The decimal number `digits` (all ASCII digits, at least one).
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

fn month(name: &[u8]) -> Option<u32> {
    let index = MONTHS.iter().position(|m| *m == name)?;
    u32::try_from(index + 1).ok()
}

/// `hh:mm:ss`.
fn time_of_day(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.len() != 8 || b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return None;
    }
    Some((
        number(b.get(..2)?)?,
        number(b.get(3..5)?)?,
        number(b.get(6..)?)?,
    ))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn imf_fixdate(b: &[u8]) -> Option<Fields> {
    if b.len() != 29
        || b.get(3..5) != Some(b", ")
        || b.get(7) != Some(&b' ')
        || b.get(11) != Some(&b' ')
        || b.get(16) != Some(&b' ')
        || b.get(25..) != Some(b" GMT")
    {
        return None;
    }
    let name = b.get(..3)?;
    let (hour, minute, second) = time_of_day(b.get(17..25)?)?;
    Some(Fields {
        year: i64::from(number(b.get(12..16)?)?),
        month: month(b.get(8..11)?)?,
        day: number(b.get(5..7)?)?,
        hour,
        minute,
        second,
        weekday: DAYS
            .iter()
            .position(|d| d.as_bytes().get(..3) == Some(name))?,
    })
}

/// `Sunday, 06-Nov-94 08:49:37 GMT` (years 70–99 are 19xx, 00–69 20xx).
fn rfc850_date(b: &[u8]) -> Option<Fields> {
    let weekday = DAYS
        .iter()
        .position(|d| b.starts_with(d.as_bytes()) && b.get(d.len()..d.len() + 2) == Some(b", "))?;
    let rest = b.get(DAYS.get(weekday)?.len() + 2..)?;
    if rest.len() != 22
        || rest.get(2) != Some(&b'-')
        || rest.get(6) != Some(&b'-')
        || rest.get(18..) != Some(b" GMT")
    {
        return None;
    }
    let short = i64::from(number(rest.get(7..9)?)?);
    let (hour, minute, second) = time_of_day(rest.get(10..18)?)?;
    Some(Fields {
        year: if short < 70 {
            2000 + short
        } else {
            1900 + short
        },
        month: month(rest.get(3..6)?)?,
        day: number(rest.get(..2)?)?,
        hour,
        minute,
        second,
        weekday,
    })
}

/// `Sun Nov  6 08:49:37 1994`
fn asctime_date(b: &[u8]) -> Option<Fields> {
    if b.len() != 24
        || b.get(3) != Some(&b' ')
        || b.get(7) != Some(&b' ')
        || b.get(10) != Some(&b' ')
        || b.get(19) != Some(&b' ')
    {
        return None;
    }
    let name = b.get(..3)?;
    let day = match b.get(8..10)? {
        [b' ', d] => number(&[*d])?,
        digits => number(digits)?,
    };
    let (hour, minute, second) = time_of_day(b.get(11..19)?)?;
    Some(Fields {
        year: i64::from(number(b.get(20..24)?)?),
        month: month(b.get(4..7)?)?,
        day,
        hour,
        minute,
        second,
        weekday: DAYS
            .iter()
            .position(|d| d.as_bytes().get(..3) == Some(name))?,
    })
}

#[derive(Serialize)]
struct DateJson {
    utc: String,
    unix: i64,
    imf_fixdate: bool,
}

/// The report's `parsed` value for an HTTP-date field.
#[must_use]
pub fn to_json(value: &str) -> serde_json::Value {
    super::json::to_value(&json(value))
}

/// [`to_json`]'s value, serialized straight into the report.
#[must_use]
pub fn json(value: &str) -> impl Serialize {
    super::json::OrError(
        parse_http_date(value)
            .map(|date| DateJson {
                utc: format_rfc3339(date.unix),
                unix: date.unix,
                imf_fixdate: date.imf_fixdate,
            })
            .map_err(|error| super::json::Located {
                offset: 0,
                message: error,
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_formats() {
        for (text, fixdate) in [
            ("Sun, 06 Nov 1994 08:49:37 GMT", true),
            ("Sunday, 06-Nov-94 08:49:37 GMT", false),
            ("Sun Nov  6 08:49:37 1994", false),
            ("  Sun, 06 Nov 1994 08:49:37 GMT ", true),
        ] {
            assert_eq!(
                parse_http_date(text),
                Ok(HttpDate {
                    unix: 784_111_777,
                    imf_fixdate: fixdate
                }),
                "{text}"
            );
        }
    }

    /// Agrees with the `httpdate` crate on its own output in all three
    /// formats, and on damaged variants of it.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_with_the_httpdate_crate() {
        use std::time::{Duration, UNIX_EPOCH};
        let theirs = |text: &str| {
            httpdate::parse_http_date(text)
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .and_then(|d| i64::try_from(d.as_secs()).ok())
        };
        let ours = |text: &str| parse_http_date(text).ok().map(|d| d.unix);
        let mut checked = 0;
        // Every 1 000 003 s (about 11.6 days, drifting through hours and
        // weekdays) from 1970 to 2100.
        for step in 0..4_100_u64 {
            let time = UNIX_EPOCH + Duration::from_secs(step * 1_000_003);
            let imf = httpdate::fmt_http_date(time);
            let (day_name, rest) = imf.split_at(3);
            let long = DAYS
                .iter()
                .find(|d| d.starts_with(day_name))
                .copied()
                .unwrap_or_default();
            let (dd, mon, year, hms) = (&rest[2..4], &rest[5..8], &rest[9..13], &rest[14..22]);
            let day_num: u32 = dd.parse().unwrap_or_default();
            let rfc850 = format!("{long}, {dd}-{mon}-{} {hms} GMT", &year[2..]);
            let asctime = format!("{day_name} {mon} {day_num:>2} {hms} {year}");
            let wrong_day =
                imf.replacen(day_name, if day_name == "Mon" { "Tue" } else { "Mon" }, 1);
            let bad_hour = imf.replacen(&hms[..2], "24", 1);
            for text in [&imf, &rfc850, &asctime, &wrong_day, &bad_hour] {
                assert_eq!(ours(text), theirs(text), "{text}");
                checked += 1;
            }
        }
        for text in [
            "Mon, 29 Feb 2021 00:00:00 GMT",
            "Thu, 29 Feb 2024 00:00:00 GMT",
            "Tue, 31 Apr 2024 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMX",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun Nov 06 08:49:37 1994",
            "Sunday, 06-Nov-94 08:49:37 GMT ",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Sün, 06 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(ours(text), theirs(text), "{text}");
        }
        assert!(checked > 20_000);
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for text in [
            "",
            "yesterday",
            "2026-11-23T19:09:20Z",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(text), Err(NotADate), "{text}");
        }
    }
}
