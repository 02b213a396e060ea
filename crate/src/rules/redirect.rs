//! `redirect.*` rules that read the whole chain (the per-hop ones live with
//! CORS in `cors.rs`, as the Fetch standard treats them together).

use super::{fill, Context, Hit};

/// `redirect.login-loop`: the browser is sent round the same redirects
/// until it gives up. The login side believes the user is logged in and
/// sends them back; the app does not see the session and sends them to log
/// in: the session cookie set at login never comes back (refused
/// `Set-Cookie`, `SameSite`, `Secure` over http, wrong `Domain`/`Path`), or
/// the app and the login disagree on host or scheme.
pub(super) fn login_loop(cx: &Context<'_>, out: &mut Vec<Hit>) {
    let members: Vec<usize> = cx
        .looping
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.then_some(i))
        .collect();
    let (Some(&first), Some(&last)) = (members.first(), members.last()) else {
        return;
    };
    let Some(ex) = cx.ex.get(last) else { return };
    let login = members
        .iter()
        .filter_map(|&i| cx.ex.get(i)?.req)
        .map(|r| r.url.as_str())
        .find(|u| crate::har::is_auth_url(u));
    let n = members.len().to_string();
    let title = match login {
        Some(login) => fill(
            "The browser is sent round in a loop: {} redirects between the app and {}",
            &[&n, &crate::report::shown_url(login)],
        ),
        None => fill(
            "The browser is sent round in a loop: {} redirects back to the same URLs",
            &[&n],
        ),
    };
    out.push(
        Hit::new("redirect.login-loop", last, title)
            .weight(50)
            .detail(why!("Each side redirects to the other: the login believes the user is signed in and sends them back, the app does not see the session and sends them to log in. The session cookie set at login is not sent back to the app (a refused Set-Cookie, SameSite, Secure over http, Domain or Path), or the app and the login disagree about the host (www or not) or the scheme (http behind a TLS-terminating proxy)."))
            .evidence(cx.res_named(first, "location", "first redirect of the loop"))
            .evidence(cx.res_named(last, "location", "still redirecting"))
            .visitor("Clear this site's cookies and sign in again; if the loop comes back, allow cookies for the site and its login page, and check your computer's clock.")
            .owner(fill("Follow the session cookie set at login to the next request to {}: check its Set-Cookie attributes (SameSite=None needs Secure; Domain and Path must cover the app) and that the app sees the same scheme and host as the login (X-Forwarded-Proto and Host behind a proxy).", &[ex.host()]))
            .next("a HAR of the loop with cookies included (Chrome: allow sensitive data in HAR export)"),
    );
}
