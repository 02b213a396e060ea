//! `basic.*` and `server.password-file`: Basic credentials and the server's
//! user file.

use crate::parse::basic::{decode_credentials, BasicCredentials, BasicFlag, Charset};

use super::text::contains_ci;
use super::{fill, Context, Ex, Hit};

/// The decoded Basic credentials of `ex` (Authorization, else Proxy-Authorization).
fn basic_of<'e>(ex: &'e Ex<'_>) -> Option<(&'e super::Auth<'e>, Result<BasicCredentials, String>)> {
    let auth = [ex.auth.as_ref(), ex.proxy_auth.as_ref()]
        .into_iter()
        .flatten()
        .find(|a| a.is("basic"))?;
    let c = auth.credentials.as_ref()?;
    c.token68?;
    Some((auth, decode_credentials(c).map_err(|e| e.to_string())))
}

/// `basic.decoded`, `basic.decode-error`, `basic.trailing-newline`,
/// `basic.charset`: what the Basic token holds.
pub(super) fn decoded(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.ex.iter() {
        let Some((auth, decoded)) = basic_of(ex) else {
            continue;
        };
        let i = ex.index;
        match decoded {
            Err(msg) => out.push(
                Hit::new("basic.decode-error", i, fill("The Basic token does not decode: {}", &[&msg]))
                    .weight(85)
                    .detail(why!("Basic credentials are base64 of `user:password`; a server cannot read anything else and answers 401."))
                    .evidence(cx.req_ev(i, auth.index, None, &msg))
                    .visitor("Encode `user:password` in standard base64 (printf '%s' 'user:password' | base64), or let the client build the header from user and password."),
            ),
            Ok(b) => {
                let pw = b.password_chars.to_string();
                out.push(
                    Hit::new("basic.decoded", i, fill("Basic credentials for user \"{}\" (password of {} characters, {})", &[&b.user, &pw, charset_name(b.charset)]))
                        .evidence(cx.req_ev(i, auth.index, Some(b.token_span), "user shown, password by length only")),
                );
                if b.has(BasicFlag::TrailingNewline) {
                    out.push(
                        Hit::new("basic.trailing-newline", i, fill("The password of \"{}\" ends in a line break: the server compares it with that newline", &[&b.user]))
                            .weight(95)
                            .detail(why!("`echo user:pass | base64` encodes the newline echo adds, so the password sent is `pass\\n`, which never matches."))
                            .evidence(cx.req_ev(i, auth.index, Some(b.token_span), "decoded text ends in \\n"))
                            .visitor("Encode without the newline: `printf '%s' 'user:pass' | base64` or `echo -n`; or use `curl -u user:pass`.")
                            .owner("Nothing to change on the server; the client's token is wrong."),
                    );
                }
                if b.has(BasicFlag::NonAscii) || b.has(BasicFlag::NotUtf8) {
                    let latin = b.has(BasicFlag::NotUtf8);
                    out.push(
                        Hit::new("basic.charset", i, fill("Non-ASCII Basic credentials for \"{}\" sent as {}", &[&b.user, if latin { "ISO-8859-1 (not UTF-8)" } else { "UTF-8" }]))
                            .weight(80)
                            .detail(why!("RFC 7617 leaves the charset to agreement (charset=\"UTF-8\" in the challenge). A client encoding Latin-1 and a server decoding UTF-8 (or the reverse) compare different passwords."))
                            .evidence(cx.req_ev(i, auth.index, Some(b.token_span), if latin { "bytes are not UTF-8" } else { "non-ASCII characters" }))
                            .visitor("Use an ASCII-only password, or a client that encodes the credentials as UTF-8.")
                            .owner("Send `charset=\"UTF-8\"` in the Basic challenge and decode the credentials as UTF-8 on the server."),
                    );
                }
            }
        }
    }
}

fn charset_name(c: Charset) -> &'static str {
    match c {
        Charset::Ascii => "ASCII",
        Charset::Utf8 => "UTF-8",
        _ => "ISO-8859-1",
    }
}

/// `basic.htaccess`: the Apache/`.htpasswd` style protection answering.
pub(super) fn htaccess(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures().filter(|e| e.status == Some(401)) {
        let Some(c) = ex.challenges.iter().find(|c| c.is("basic")) else {
            continue;
        };
        let server = ex.res_value("server");
        let web_server = contains_ci(server, "apache")
            || contains_ci(server, "nginx")
            || contains_ci(ex.body, "401 Authorization Required");
        if !web_server {
            continue;
        }
        let realm = c.param("realm").unwrap_or("");
        let nginx = contains_ci(server, "nginx");
        out.push(
            Hit::new("basic.htaccess", ex.index, fill("Web-server password protection (realm \"{}\") on {}", &[realm, ex.host()]))
                .warning()
                .detail(why!("The Basic challenge comes from the web server's own protection (Apache AuthType Basic / nginx auth_basic with an htpasswd file), not from the application."))
                .evidence(cx.res_ev(ex.index, c.index, None, "web-server Basic challenge"))
                .evidence(cx.res_named(ex.index, "server", "web server"))
                .visitor(fill("Use the user and password of the \"{}\" protection (not your application account).", &[realm]))
                .owner(if nginx {
                    "Check `auth_basic` / `auth_basic_user_file` in the nginx config, and the user's line in that file (`htpasswd -v FILE USER`)."
                } else {
                    "Check `AuthType Basic`, `AuthName`, `AuthUserFile` and `Require valid-user` in .htaccess or the vhost, and the user's line (`htpasswd -v FILE USER`)."
                }),
        );
    }
}

/// `server.password-file`: a Basic/Digest request answered 500 by the web
/// server, or error text naming the user file.
pub(super) fn password_file(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let Some(auth) = ex.auth.as_ref().filter(|a| a.is("basic") || a.is("digest")) else {
            continue;
        };
        let server_error = ex.status == Some(500);
        let named = [
            "htpasswd",
            "authuserfile",
            "htdigest",
            "user file",
            "password file",
        ]
        .iter()
        .find(|k| contains_ci(ex.body, k));
        if !server_error && named.is_none() {
            continue;
        }
        out.push(
            Hit::new("server.password-file", ex.index, fill("The web server's {} user file on {} looks broken (the request with credentials got {})", &[auth.scheme(), ex.host(), &ex.status.map(|s| s.to_string()).unwrap_or_default()]))
                .weight(60)
                .detail(why!("A 500 (or error text naming the password file) on a request that carries Basic/Digest credentials means the server could not check them: the AuthUserFile path is wrong or unreadable, the file has a bad line, or the realm in htdigest differs from AuthName."))
                .evidence(cx.status_ev(ex.index, "server error on an authenticated request"))
                .evidence(named.and_then(|k| cx.body_ev(ex.index, k, "names the user file")))
                .visitor("Nothing to fix on your side: tell the site owner the protected page fails with a server error.")
                .owner("Read the error log for this request; check the AuthUserFile/auth_basic_user_file path (absolute), that the web server user can read it, and recreate the user with `htpasswd`.")
                .next("the web server's error log lines for this request"),
        );
    }
}
