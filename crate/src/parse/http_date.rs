//! `Date` and the other HTTP-date fields (RFC 9110 §5.6.7), through the
//! `httpdate` crate, which reads all three formats senders must accept.

use std::time::{SystemTime, UNIX_EPOCH};

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
    let time: SystemTime = httpdate::parse_http_date(value).map_err(|_| NotADate)?;
    let unix = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| NotADate)?
        .as_secs();
    let unix = i64::try_from(unix).map_err(|_| NotADate)?;
    let imf_fixdate = value.len() == 29 && value.as_bytes().get(3) == Some(&b',');
    Ok(HttpDate { unix, imf_fixdate })
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
