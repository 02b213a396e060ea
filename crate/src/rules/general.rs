//! `general.checklist`: the classic manual checks, shown when no finding
//! explains the failure, each marked only where the capture bears on it.

use super::status::answered_by;
use super::text::contains_ci;
use super::{fill, Context, Hit};

/// How the capture bears on one check.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// The capture points at it.
    Confirmed,
    /// The capture shows it is not the cause.
    RuledOut,
    /// The capture says nothing about it.
    Open,
}

fn item(mark: Mark, text: &str, why: &str) -> String {
    let tag = match mark {
        Mark::Confirmed => "[confirmed] ",
        Mark::RuledOut => "[ruled out] ",
        Mark::Open => "[open] ",
    };
    let mut s = String::from(tag);
    s.push_str(text);
    if mark != Mark::Open {
        s.push_str(" — ");
        s.push_str(why);
    }
    s
}

/// `general.checklist`. Runs after every other check (it reads their hits).
pub(super) fn checklist(cx: &Context<'_>, out: &mut Vec<Hit>) {
    if out
        .iter()
        .any(|h| h.weight > 0 && h.exchange.is_some_and(|i| cx.is_failure(i)))
    {
        return;
    }
    let Some(ex) = cx
        .failures()
        .filter(|e| matches!(e.status, Some(401 | 403 | 407)))
        .last()
    else {
        return;
    };
    let i = ex.index;
    let known = ex.req.is_some() && !cx.sanitized;
    let creds = if known && !ex.has_any_credential() {
        Mark::Confirmed
    } else {
        Mark::Open
    };
    let age = ex.res_value("age").trim();
    let cached = (!age.is_empty() && age != "0") || contains_ci(ex.res_value("x-cache"), "hit");
    let challenge = if ex.status == Some(407) {
        "proxy-authenticate"
    } else {
        "www-authenticate"
    };
    let has_challenge = ex.res_header(challenge).is_some();
    let basic = ex.offered().iter().find(|c| c.is("basic"));
    let answered = answered_by(ex).map_or("", |a| a.0);
    let web_server = matches!(answered, "Apache httpd" | "nginx" | "OpenResty (nginx)");
    let htaccess = match (basic, has_challenge) {
        (Some(_), _) if web_server => Mark::Confirmed,
        (None, true) => Mark::RuledOut,
        _ => Mark::Open,
    };
    let wp_signs = ex.path().contains("/wp-")
        || ex.path().ends_with("xmlrpc.php")
        || contains_ci(ex.body, "wp-content")
        || contains_ci(ex.body, "wordpress");
    let other_stack = matches!(
        answered,
        "ASP.NET Core Kestrel" | "ASP.NET Core" | "Express" | "Tomcat" | "Jetty" | "IIS"
    );
    let wordpress = if wp_signs {
        Mark::Confirmed
    } else if other_stack {
        Mark::RuledOut
    } else {
        Mark::Open
    };
    let header = if ex.res.is_none() || ex.status == Some(403) {
        Mark::Open
    } else if has_challenge {
        Mark::RuledOut
    } else {
        Mark::Confirmed
    };
    let marks = [
        creds,
        if cached { Mark::Confirmed } else { Mark::Open },
        htaccess,
        wordpress,
        header,
    ];
    let count = |m: Mark| marks.iter().filter(|x| **x == m).count().to_string();
    let realm = basic.and_then(|c| c.param("realm")).unwrap_or("");
    let mut hit = Hit::new("general.checklist", i, fill("Evidence is thin: the classic checks, in order ({} confirmed, {} ruled out by the capture)", &[&count(Mark::Confirmed), &count(Mark::RuledOut)]))
        .detail(why!("No finding explains this failure from the capture alone; these are the checks that solve most 401s, marked where the capture shows something."))
        .evidence(cx.status_ev(i, "the failure the checks are about"))
        .visitor(item(Mark::Open, "Check the URL: host, path, http vs https.", ""))
        .visitor(item(Mark::Open, "Reload the page (Ctrl+F5).", ""))
        .visitor(item(creds, "Log out and in again; check the user name and password (Caps Lock, keyboard layout).", "the request carried no credentials"))
        .visitor(item(if cached { Mark::Confirmed } else { Mark::Open }, "Clear this site's cookies and cache, or try a private window.", "the 401 came from a cache"))
        .visitor(item(Mark::Open, "Flush DNS (ipconfig /flushdns, or restart the browser).", ""))
        .owner(item(htaccess, "Check the .htaccess/.htpasswd protection: AuthType Basic, AuthName, AuthUserFile (absolute path, readable), Require valid-user; remove it to test.", &if htaccess == Mark::Confirmed { fill("Basic realm \"{}\" from {}", &[realm, answered]) } else { "the challenge is not Basic".into() }))
        .owner(item(wordpress, "WordPress: disable plugins (rename wp-content/plugins) and switch to a default theme, then retry.", if wordpress == Mark::Confirmed { "WordPress paths or page" } else { "another stack answered" }))
        .owner(item(header, "Send WWW-Authenticate with the 401 so clients know how to log in.", if header == Mark::Confirmed { "the 401 has none" } else { "present" }))
        .next("the request and response headers of the failing request (curl -v, or a HAR with sensitive data)");
    if htaccess == Mark::Confirmed {
        hit = hit.evidence(
            basic.and_then(|c| cx.res_ev(i, c.index, None, "web-server Basic challenge")),
        );
    }
    if cached {
        hit = hit.evidence(cx.res_named(i, "age", "served from a cache"));
    }
    out.push(hit);
}
