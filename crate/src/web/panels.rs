//! Decoded panels for one exchange: the challenges offered, the
//! credentials sent (Basic user and password length, JWT header and claims
//! with times relative to the response `Date` and to now, Digest, NTLM and
//! Kerberos fields) and the cookies set and sent. Everything shown comes
//! from the report's `parsed` fields, where secrets are already lengths.

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{append, append_table, clear};
use super::value::{headers, index, items, named, scalar, text};
use crate::rules::duration;

/// Claims that hold NumericDate times.
const TIME_CLAIMS: [&str; 4] = ["exp", "nbf", "iat", "auth_time"];

/// `2 h 5 min before the response Date`, or "" without a reference.
fn relative(time: i64, reference: Option<i64>, what: &str) -> String {
    let Some(reference) = reference else {
        return String::new();
    };
    let side = match time.cmp(&reference) {
        std::cmp::Ordering::Less => " before ",
        std::cmp::Ordering::Greater => " after ",
        std::cmp::Ordering::Equal => return ["at ", what].concat(),
    };
    [&duration(time - reference), side, what].concat()
}

/// Flattens a decoded object into `(key, value)` rows, nested objects with
/// dotted keys, so one table shows NTLM, Kerberos, Digest or any decoder's
/// output without code per format.
fn flatten(prefix: &str, value: &Value, rows: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    [prefix, ".", key].concat()
                };
                flatten(&key, value, rows);
            }
        }
        Value::Array(list) if list.iter().any(|v| v.is_object()) => {
            for (i, value) in list.iter().enumerate() {
                flatten(&[prefix, "[", &i.to_string(), "]"].concat(), value, rows);
            }
        }
        Value::Null => {}
        other => rows.push(vec![prefix.to_owned(), scalar(other)]),
    }
}

/// Renders the panels of exchange `at`; `now` is the page's clock.
///
/// # Errors
/// When the browser refuses to create an element.
pub fn render(parent: &Element, report: &Value, at: usize, now: i64) -> Result<(), JsValue> {
    clear(parent);
    let Some(exchange) = report["exchanges"].get(at) else {
        append(parent, "p", "muted", "Nothing decoded yet.")?;
        return Ok(());
    };
    let date = headers(exchange, "response")
        .find(|h| named(h, "date"))
        .and_then(|h| h["parsed"]["unix"].as_i64());
    let mut shown = false;

    let mut challenges = Vec::new();
    for h in headers(exchange, "response") {
        if !(named(h, "www-authenticate") || named(h, "proxy-authenticate")) {
            continue;
        }
        let name = text(&h["name"]).to_owned();
        let error = &h["parsed"]["error"];
        if !error.is_null() {
            challenges.push(vec![
                name.clone(),
                "(unreadable)".into(),
                scalar(&error["message"]),
            ]);
        }
        for c in items(&h["parsed"]["challenges"]) {
            let params: Vec<String> = items(&c["params"])
                .map(|p| [&scalar(&p[0]), "=", &scalar(&p[1])].concat())
                .chain(c["token68"].as_str().map(str::to_owned))
                .collect();
            challenges.push(vec![name.clone(), scalar(&c["scheme"]), params.join(", ")]);
        }
    }
    if !challenges.is_empty() {
        shown = true;
        append_table(
            parent,
            "Challenges",
            &["Header", "Scheme", "Parameters"],
            &challenges,
        )?;
    }

    for h in headers(exchange, "request") {
        if !(named(h, "authorization") || named(h, "proxy-authorization")) {
            continue;
        }
        shown = true;
        let parsed = &h["parsed"];
        let scheme = text(&parsed["scheme"]);
        let caption = [text(&h["name"]), ": ", scheme].concat();
        let decoded = &parsed["decoded"];
        if let Some(jwt) = decoded.get("jwt") {
            jwt_tables(parent, &caption, jwt, date, now)?;
            continue;
        }
        let mut rows = Vec::new();
        if scheme.eq_ignore_ascii_case("basic") && !decoded.is_null() {
            rows.push(vec!["user".into(), scalar(&decoded["user"])]);
            rows.push(vec![
                "password".into(),
                [
                    &scalar(&decoded["password_length"]),
                    " characters (not shown)",
                ]
                .concat(),
            ]);
            rows.push(vec!["charset".into(), scalar(&decoded["charset"])]);
            for flag in items(&decoded["flags"]) {
                rows.push(vec!["problem".into(), scalar(&flag["message"])]);
            }
        } else {
            for p in items(&parsed["params"]) {
                rows.push(vec![scalar(&p[0]), scalar(&p[1])]);
            }
            flatten("", decoded, &mut rows);
        }
        if rows.is_empty() {
            rows.push(vec!["credentials".into(), scalar(&parsed["token68"])]);
        }
        append_table(parent, &caption, &["Field", "Value"], &rows)?;
    }

    let cookies = cookie_rows(report, at);
    if !cookies.is_empty() {
        shown = true;
        append_table(
            parent,
            "Cookies",
            &["Cookie", "Set by", "Attributes", "Sent with this request?"],
            &cookies,
        )?;
    }
    if !shown {
        append(
            parent,
            "p",
            "muted",
            "This exchange has no challenge, credentials or cookies to decode.",
        )?;
    }
    Ok(())
}

fn jwt_tables(
    parent: &Element,
    caption: &str,
    jwt: &Value,
    date: Option<i64>,
    now: i64,
) -> Result<(), JsValue> {
    let mut rows = Vec::new();
    flatten("", &jwt["header"], &mut rows);
    rows.push(vec![
        "signature".into(),
        [&scalar(&jwt["signature"]["length"]), " bytes (not shown)"].concat(),
    ]);
    append_table(
        parent,
        &[caption, " token header"].concat(),
        &["Field", "Value"],
        &rows,
    )?;
    let mut claims = Vec::new();
    if let Some(map) = jwt["claims"].as_object() {
        for (name, value) in map {
            let mut shown = scalar(value);
            if let (true, Some(time)) = (TIME_CLAIMS.contains(&name.as_str()), value.as_i64()) {
                let utc = text(&jwt["times"][name.as_str()]["utc"]);
                let to_date = relative(time, date, "the response Date");
                let to_now = relative(time, Some(now), "now");
                shown = [
                    utc,
                    "\n",
                    &to_date,
                    if to_date.is_empty() { "" } else { "; " },
                    &to_now,
                ]
                .concat();
            }
            claims.push(vec![name.clone(), shown]);
        }
    }
    for problem in items(&jwt["problems"]) {
        claims.push(vec!["problem".into(), scalar(problem)]);
    }
    append_table(
        parent,
        &[caption, " token claims"].concat(),
        &["Claim", "Value"],
        &claims,
    )?;
    Ok(())
}

/// One row per cookie set before or by exchange `at` or sent with it:
/// where it came from, its attributes, and whether the request of `at`
/// carries it — with the reason from the findings when it does not.
fn cookie_rows(report: &Value, at: usize) -> Vec<Vec<String>> {
    let exchanges: Vec<&Value> = items(&report["exchanges"]).take(at + 1).collect();
    let Some(current) = exchanges.last() else {
        return Vec::new();
    };
    let sent: Vec<&str> = headers(current, "request")
        .filter(|h| named(h, "cookie"))
        .flat_map(|h| items(&h["parsed"]["cookies"]).map(|c| text(&c["name"])))
        .collect();
    let has_request = !current["request"].is_null();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, exchange) in exchanges.iter().enumerate() {
        for h in headers(exchange, "response").filter(|h| named(h, "set-cookie")) {
            let name = text(&h["parsed"]["name"]);
            let attributes: Vec<String> = items(&h["parsed"]["attributes"])
                .map(|a| {
                    let value = text(&a["value"]);
                    if value.is_empty() {
                        text(&a["name"]).to_owned()
                    } else {
                        [text(&a["name"]), "=", value].concat()
                    }
                })
                .collect();
            let verdict = if !has_request {
                "no request in the capture".to_owned()
            } else if sent.contains(&name) {
                "yes".to_owned()
            } else if i == at {
                "set by this response".to_owned()
            } else {
                why_not(report, at, name)
            };
            rows.retain(|r| r.first().is_none_or(|n| n != name));
            rows.push(vec![
                name.to_owned(),
                ["exchange #", &i.to_string()].concat(),
                attributes.join("; "),
                verdict,
            ]);
        }
    }
    for name in sent {
        if !rows.iter().any(|r| r.first().is_some_and(|n| n == name)) {
            rows.push(vec![
                name.to_owned(),
                "earlier (not in the capture)".into(),
                String::new(),
                "yes".into(),
            ]);
        }
    }
    rows
}

/// "no: <reason>" from the cookie finding about `name` on exchange `at`.
fn why_not(report: &Value, at: usize, name: &str) -> String {
    let reason = items(&report["findings"])
        .filter(|f| index(&f["exchange"]) == Some(at))
        .filter(|f| text(&f["code"]).starts_with("cookie."))
        .map(|f| text(&f["title"]))
        .find(|t| t.contains(name));
    match reason.and_then(|t| t.split_once(": ")) {
        Some((_, why)) => ["no: ", why].concat(),
        None => "no".to_owned(),
    }
}
