//! `Retry-After` (RFC 9110 §10.2.3): when to try again, as an HTTP-date or a
//! number of seconds. On a 401/429/503 it tells a rate limit from a credential
//! problem.

use serde::Serialize;

use super::http_date::parse_http_date;

/// A `Retry-After` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum RetryAfter {
    /// `Retry-After: 120`.
    DelaySeconds {
        /// Seconds to wait.
        seconds: u64,
    },
    /// `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT`.
    Date {
        /// Seconds since the epoch.
        unix: i64,
    },
}

/// Parses a `Retry-After` value.
///
/// ```text
/// Retry-After = HTTP-date / delay-seconds
/// delay-seconds = 1*DIGIT
/// ```
/// <https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3>
///
/// # Errors
/// A message when the value is neither form.
pub fn parse_retry_after(value: &str) -> Result<RetryAfter, &'static str> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit runs saturate rather than fail: the intent is clear.
        return Ok(RetryAfter::DelaySeconds {
            seconds: value.parse().unwrap_or(u64::MAX),
        });
    }
    parse_http_date(value)
        .map(|date| RetryAfter::Date { unix: date.unix })
        .map_err(|_| "expected a number of seconds or an HTTP-date")
}

/// The report's `parsed` value for `Retry-After`.
#[must_use]
pub fn to_json(value: &str) -> serde_json::Value {
    super::json::to_value(&json(value))
}

/// [`to_json`]'s value, serialized straight into the report.
#[must_use]
pub fn json(value: &str) -> impl Serialize {
    super::json::OrError(
        parse_retry_after(value).map_err(|message| super::json::Located { offset: 0, message }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms() {
        assert_eq!(
            parse_retry_after("120"),
            Ok(RetryAfter::DelaySeconds { seconds: 120 })
        );
        assert_eq!(
            parse_retry_after(" 0 "),
            Ok(RetryAfter::DelaySeconds { seconds: 0 })
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999"),
            Ok(RetryAfter::DelaySeconds { seconds: u64::MAX })
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Ok(RetryAfter::Date { unix: 784_111_777 })
        );
        for bad in ["", "-1", "1.5", "soon"] {
            assert!(parse_retry_after(bad).is_err(), "{bad}");
        }
    }
}
