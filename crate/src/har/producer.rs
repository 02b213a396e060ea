//! The producer of a HAR, named as people know it (`Chrome 131`,
//! `Firefox 128`, `Charles 4.6`) from `log.creator` and, for Chromium's
//! DevTools (which calls itself `WebInspector`), the `User-Agent` it sent.

/// Browsers are known by their major version; tools by major.minor.
const BROWSERS: &[&str] = &[
    "Firefox",
    "Chrome",
    "Edge",
    "Safari",
    "Opera",
    "Internet Explorer",
];

/// Creator names that are renamed.
const NAMES: &[(&str, &str)] = &[
    ("Charles Proxy", "Charles"),
    ("Internet Explorer Network Inspector", "Internet Explorer"),
    ("WebKit Web Inspector", "Safari"),
    ("Insomnia REST Client", "Insomnia"),
];

/// Browsers in a `User-Agent`, most specific first (Edge and Opera also say Chrome).
const AGENTS: &[(&str, &str)] = &[("Edg/", "Edge"), ("OPR/", "Opera"), ("Chrome/", "Chrome")];

/// `4.6.1` → `4.6` (tools) or `4` (browsers); `insomnia.desktop.app:v2022.1.1` → `2022.1`.
fn short_version(version: &str, parts: usize) -> &str {
    let v = version.rsplit(':').next().unwrap_or(version);
    let v = v.trim().trim_start_matches(['v', 'V']);
    let end = v
        .match_indices('.')
        .nth(parts - 1)
        .map_or(v.len(), |(i, _)| i);
    v.get(..end).unwrap_or(v)
}

/// The producer name for a creator `name`/`version`, with the first request's
/// `User-Agent` when the creator is Chromium's DevTools.
pub(crate) fn producer(name: &str, version: &str, user_agent: Option<&str>) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if name == "WebInspector" {
        let agent = user_agent.and_then(|ua| {
            AGENTS.iter().find_map(|(marker, browser)| {
                let after = ua.split_once(marker)?.1;
                let major: String = after.chars().take_while(char::is_ascii_digit).collect();
                Some(if major.is_empty() {
                    (*browser).to_owned()
                } else {
                    format!("{browser} {major}")
                })
            })
        });
        return Some(agent.unwrap_or_else(|| "Chrome".to_owned()));
    }
    let name = NAMES
        .iter()
        .find(|(from, _)| *from == name)
        .map_or(name, |(_, to)| to);
    let parts = if BROWSERS.contains(&name) { 1 } else { 2 };
    let version = short_version(version, parts);
    Some(if version.is_empty() {
        name.to_owned()
    } else {
        format!("{name} {version}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let chrome = "Mozilla/5.0 (X11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        let edge = "Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91";
        for (name, version, ua, want) in [
            ("WebInspector", "537.36", Some(chrome), "Chrome 131"),
            ("WebInspector", "537.36", Some(edge), "Edge 120"),
            ("WebInspector", "537.36", None, "Chrome"),
            ("Firefox", "128.0.3", None, "Firefox 128"),
            ("Charles Proxy", "4.6.1", None, "Charles 4.6"),
            (
                "Insomnia REST Client",
                "insomnia.desktop.app:v2022.1.1",
                None,
                "Insomnia 2022.1",
            ),
            ("mitmproxy", "1.2.3", None, "mitmproxy 1.2"),
            (
                "Internet Explorer Network Inspector",
                "11.0.9600.18315",
                None,
                "Internet Explorer 11",
            ),
        ] {
            assert_eq!(producer(name, version, ua).as_deref(), Some(want), "{name}");
        }
        assert_eq!(producer(" ", "1", None), None);
    }
}
