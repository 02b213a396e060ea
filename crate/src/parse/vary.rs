//! `Vary` (RFC 9110 §12.5.5): which request fields select the response. An
//! authenticated response shared by caches must vary on `Authorization` or
//! `Cookie`, or one person's page reaches another.

use serde::Serialize;

use super::list::split_list;

/// A parsed `Vary` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vary<'a> {
    /// `Vary: *`: the response varies on things outside the request.
    pub any: bool,
    /// The field names listed.
    pub fields: Vec<&'a str>,
}

impl Vary<'_> {
    /// Whether the response varies on field `name` (or on everything).
    #[must_use]
    pub fn covers(&self, name: &str) -> bool {
        self.any || self.fields.iter().any(|f| f.eq_ignore_ascii_case(name))
    }
}

/// Parses a `Vary` value.
///
/// ```text
/// Vary = #( "*" / field-name )
/// ```
/// <https://www.rfc-editor.org/rfc/rfc9110#section-12.5.5>
#[must_use]
pub fn parse_vary(value: &str) -> Vary<'_> {
    let items = split_list(value);
    let any = items.iter().any(|(_, item)| *item == "*");
    let fields = items
        .into_iter()
        .map(|(_, item)| item)
        .filter(|item| *item != "*")
        .collect();
    Vary { any, fields }
}

/// The report's `parsed` value for `Vary`.
#[must_use]
pub fn to_json(value: &str) -> serde_json::Value {
    super::json::to_value(&parse_vary(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields() {
        let vary = parse_vary("Accept-Encoding, authorization");
        assert!(vary.covers("Authorization"));
        assert!(!vary.covers("Cookie"));
        assert!(parse_vary("*").covers("Cookie"));
        assert_eq!(parse_vary(" , ").fields.len(), 0);
    }
}
