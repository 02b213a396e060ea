//! `vendor.*`: what well-known services mean by their own errors. The
//! dictionaries live in `vendor_tables`.

use super::bearer::bearer_challenge;
use super::status::{answered_by, default_page, iis_substatus};
use super::text::{contains_ci, first_of};
use super::vendor_tables::{
    lookup, Entry, AADSTS, APACHE, AUTH0, AWS, CLOUDFLARE, DOCKER, GOOGLE, IIS, KEYCLOAK, NGINX,
    OAUTH, OKTA, WORDPRESS,
};
use super::{fill, Context, Ex, Hit};

/// A hit for a dictionary entry.
fn entry_hit(
    cx: &Context<'_>,
    ex: &Ex<'_>,
    code: &'static str,
    vendor: &str,
    e: &Entry,
    weight: u8,
) -> Hit {
    let (key, meaning, fix) = *e;
    Hit::new(code, ex.index, fill("{}: {} — {}", &[vendor, key, meaning]))
        .subcode(key)
        .weight(weight)
        .evidence(cx.body_ev(ex.index, key, "the service's error"))
        .visitor(fix)
}

/// The JWT claim `name` of the request's bearer token, as text.
fn claim(ex: &Ex<'_>, name: &str) -> String {
    ex.bearer
        .as_ref()
        .and_then(|b| b.jwt.as_ref())
        .and_then(|j| j.as_ref().ok())
        .and_then(|j| j.claims.as_ref())
        .and_then(|c| c.get(name))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned()
}

/// Everything the server said: challenge values, error headers, body.
fn said(ex: &Ex<'_>) -> String {
    let mut s = String::new();
    for c in ex.challenges.iter().chain(&ex.proxy_challenges) {
        for p in &c.challenge.params {
            s.push_str(&p.value);
            s.push(' ');
        }
    }
    for h in ["x-amzn-errortype", "x-ms-error-code", "x-error"] {
        s.push_str(ex.res_value(h));
        s.push(' ');
    }
    s.push_str(ex.body);
    s
}

/// `vendor.aws`.
pub(super) fn aws(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let signed = ex
            .auth
            .as_ref()
            .is_some_and(|a| a.scheme().to_ascii_uppercase().starts_with("AWS"));
        let aws = signed
            || ex.res_header("x-amzn-errortype").is_some()
            || ex.res_header("x-amzn-requestid").is_some()
            || ex.host().ends_with("amazonaws.com")
            || ex.host().ends_with(".amazon.com")
            || ex.req_header("x-amz-date").is_some()
            || ex.req_header("x-amz-access-token").is_some();
        if !aws {
            continue;
        }
        let text = said(ex);
        match lookup(AWS, &text) {
            Some(e) => {
                let mut hit = entry_hit(cx, ex, "vendor.aws", "AWS", e, 85)
                    .evidence(cx.res_named(ex.index, "x-amzn-errortype", "AWS error type"))
                    .owner("AWS error reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot.html");
                if e.0.starts_with("Expired") && ex.req_header("x-amz-security-token").is_some() {
                    hit = hit.evidence(cx.req_named(ex.index, "x-amz-security-token", "session token sent"));
                }
                out.push(hit);
            }
            None => out.push(
                Hit::new("vendor.aws", ex.index, fill("AWS refused the request to {} ({})", &[ex.host(), &ex.status.map(|s| s.to_string()).unwrap_or_default()]))
                    .weight(35)
                    .evidence(cx.res_named(ex.index, "x-amzn-errortype", "AWS error type"))
                    .visitor("Check the credentials' account, region and expiry (aws sts get-caller-identity).")
                    .next("the response body (AWS puts the error code there)"),
            ),
        }
    }
}

/// `vendor.azure`: AADSTS codes, Entra issuers, `authorization_uri`.
pub(super) fn azure(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let text = said(ex);
        // By the whole number: AADSTS50011 is a prefix of AADSTS500113.
        let code = aadsts_any(&text);
        if let Some(e) = AADSTS.iter().find(|e| code.as_deref() == Some(e.0)) {
            out.push(entry_hit(cx, ex, "vendor.azure", "Microsoft Entra ID", e, 93).owner("Look the code up at https://login.microsoftonline.com/error?code=<number> and in the tenant's sign-in logs."));
            continue;
        }
        if let Some(code) = code {
            out.push(
                Hit::new(
                    "vendor.azure",
                    ex.index,
                    fill("Microsoft Entra ID error {}", &[&code]),
                )
                .subcode(&code)
                .weight(85)
                .evidence(cx.body_ev(ex.index, &code, "the error"))
                .visitor("Look the code up at https://login.microsoftonline.com/error"),
            );
            continue;
        }
        let iss = claim(ex, "iss");
        let entra =
            contains_ci(&iss, "sts.windows.net") || contains_ci(&iss, "login.microsoftonline.com");
        let uri = ex
            .challenges
            .iter()
            .find_map(|c| c.param("authorization_uri"));
        if !entra && uri.is_none() {
            continue;
        }
        let aud = claim(ex, "aud");
        let graph = aud == "00000003-0000-0000-c000-000000000000"
            || contains_ci(&aud, "graph.microsoft.com");
        let version = if contains_ci(&iss, "sts.windows.net") {
            "v1.0"
        } else {
            "v2.0"
        };
        out.push(
            Hit::new("vendor.azure", ex.index, fill("Microsoft Entra ID {} token (aud \"{}\") refused by {}", &[version, &aud, ex.host()]))
                .weight(if graph { 60 } else { 30 })
                .detail(why!("Entra issues tokens per resource: a token for Microsoft Graph (aud 00000003-…) cannot be validated by your API (it carries a nonce and Graph's keys). v1.0 tokens (iss sts.windows.net) and v2.0 tokens (iss login.microsoftonline.com/…/v2.0) need the matching issuer in the API."))
                .evidence(ex.auth.as_ref().and_then(|a| cx.req_ev(ex.index, a.index, None, &fill("iss {}", &[&iss]))))
                .visitor("Request the token with your API's scope (api://<api-client-id>/<scope> or /.default), not Graph scopes such as User.Read.")
                .owner("Set the API's Audience to its App ID URI/client id and accept the issuer version your tokens have (accessTokenAcceptedVersion in the manifest)."),
        );
    }
}

/// An `AADSTS` code not in the table.
fn aadsts_any(text: &str) -> Option<String> {
    let at = text.find("AADSTS")?;
    let digits: String = text
        .get(at + 6..)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| {
        let mut s = String::from("AADSTS");
        s.push_str(&digits);
        s
    })
}

/// `vendor.github`.
pub(super) fn github(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in
        cx.refusals().chain(cx.ex.iter().filter(|e| {
            e.res_header("x-github-sso").is_some() && e.status.is_some_and(|s| s < 300)
        }))
    {
        let host = ex.host();
        let gh = host == "api.github.com"
            || host == "github.com"
            || host.ends_with(".github.com")
            || contains_ci(ex.res_value("server"), "github")
            || ex.res_header("x-github-request-id").is_some()
            || ex.res_header("x-github-sso").is_some();
        if !gh {
            continue;
        }
        let sso = ex.res_value("x-github-sso");
        let accepted = ex.res_value("x-accepted-oauth-scopes");
        let held = ex.res_value("x-oauth-scopes");
        let i = ex.index;
        let hit = if contains_ci(sso, "required") {
            let url = sso.split("url=").nth(1).unwrap_or("").trim();
            Hit::new("vendor.github", i, "GitHub: the organization enforces SAML SSO and this token is not authorized for it".into())
                .subcode("sso-required")
                .weight(88)
                .evidence(cx.res_named(i, "x-github-sso", "SSO authorization required"))
                .visitor(if url.is_empty() { "Authorize the token for the organization: Settings → Developer settings → tokens → Configure SSO → Authorize.".to_owned() } else { fill("Open {} to authorize this token for the organization's SSO (or Settings → tokens → Configure SSO).", &[url]) })
                .owner("Nothing to change if SSO is intended; tell users to authorize their tokens for the org.")
        } else if contains_ci(sso, "partial-results") {
            let orgs = sso.split("organizations=").nth(1).unwrap_or("").trim();
            Hit::new("vendor.github", i, fill("GitHub left out results from organizations {} because the token is not SSO-authorized for them", &[orgs]))
                .subcode("sso-partial-results")
                .weight(80)
                .evidence(cx.res_named(i, "x-github-sso", "results filtered"))
                .visitor("Authorize the token for those organizations (Configure SSO next to the token), then retry.")
        } else if !accepted.is_empty()
            && !accepted
                .split(',')
                .map(str::trim)
                .any(|s| held.split(',').map(str::trim).any(|h| h == s))
            && ex.res_header("x-oauth-scopes").is_some()
        {
            Hit::new(
                "vendor.github",
                i,
                fill(
                    "GitHub: the token has scopes \"{}\" but this endpoint accepts \"{}\"",
                    &[held, accepted],
                ),
            )
            .subcode("scopes")
            .weight(80)
            .evidence(cx.res_named(i, "x-accepted-oauth-scopes", "scopes accepted"))
            .evidence(cx.res_named(i, "x-oauth-scopes", "scopes held"))
            .visitor(fill("Create a token with scope {}.", &[accepted]))
        } else if contains_ci(ex.body, "bad credentials") {
            Hit::new("vendor.github", i, "GitHub: Bad credentials — the token is wrong, expired or revoked".into())
                .subcode("bad-credentials")
                .weight(75)
                .evidence(cx.body_ev(i, "bad credentials", "GitHub says"))
                .visitor("Create a new token (check its expiry date); send it as `Authorization: Bearer <token>`.")
        } else if super::status::is_rate_limited(ex) {
            let anon = !ex.has_any_credential();
            Hit::new(
                "vendor.github",
                i,
                fill(
                    "GitHub API rate limit exceeded{}",
                    &[if anon {
                        " for unauthenticated requests (60 per hour per IP)"
                    } else {
                        ""
                    }],
                ),
            )
            .subcode("rate-limit")
            .weight(70)
            .evidence(cx.res_named(i, "x-ratelimit-limit", "the limit"))
            .visitor(if anon {
                "Send a token (authenticated requests get 5,000 per hour)."
            } else {
                "Wait for X-RateLimit-Reset."
            })
        } else if contains_ci(ex.body, "Resource not accessible by integration") {
            Hit::new("vendor.github", i, "GitHub: the app/Actions token lacks a permission for this resource".into())
                .subcode("integration-permission")
                .weight(75)
                .evidence(cx.body_ev(i, "Resource not accessible", "GitHub says"))
                .visitor("Grant the permission in the workflow's `permissions:` block or the GitHub App's settings.")
        } else {
            continue;
        };
        out.push(hit);
    }
}

/// `vendor.google`.
pub(super) fn google(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let g = ex.host().ends_with("googleapis.com")
            || ex.host().ends_with("google.com")
            || ex.challenges.iter().any(|c| {
                c.param("realm")
                    .is_some_and(|r| contains_ci(r, "accounts.google.com"))
            });
        if !g {
            continue;
        }
        let text = said(ex);
        match lookup(GOOGLE, &text) {
            Some(e) => out.push(entry_hit(cx, ex, "vendor.google", "Google", e, 80)),
            None => out.push(
                Hit::new("vendor.google", ex.index, fill("Google API {} refused the credentials", &[ex.host()]))
                    .weight(40)
                    .visitor("Use a fresh OAuth access token (gcloud auth print-access-token) with the API's scope.")
                    .next("the JSON error body (error.details[].reason)"),
            ),
        }
    }
}

/// `vendor.docker-registry`: the registry token flow.
pub(super) fn docker(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let c = bearer_challenge(ex);
        let flow = c.is_some_and(|c| c.param("realm").is_some() && c.param("service").is_some());
        let registry = flow
            || ex.res_header("docker-distribution-api-version").is_some()
            || ex.path().starts_with("/v2/");
        if !registry {
            continue;
        }
        let scope = c.and_then(|c| c.param("scope")).unwrap_or("");
        let realm = c.and_then(|c| c.param("realm")).unwrap_or("");
        let service = c.and_then(|c| c.param("service")).unwrap_or("");
        let entry = lookup(DOCKER, ex.body);
        let library = scope.starts_with("repository:")
            && !scope.contains('/')
            && ex.host().contains("docker");
        let mut hit = Hit::new("vendor.docker-registry", ex.index, fill("Registry token flow: get a token from {} for service {} and scope {}", &[realm, service, if scope.is_empty() { "(none named)" } else { scope }]))
            .weight(if entry.is_some() { 60 } else { 50 })
            .detail(why!("Registries answer 401 with the token endpoint (realm), service and scope; the client fetches a token there (with credentials for private repositories) and retries with it. A token whose `access` list lacks the scope is refused."))
            .evidence(c.and_then(|c| cx.res_ev(ex.index, c.index, None, "token endpoint and scope")))
            .visitor(fill("curl \"{}?service={}&scope={}\" (with -u user:token for private images), then send the token as Bearer.", &[realm, service, scope]));
        if library {
            hit = hit.visitor("Official Docker Hub images live under library/: use repository:library/<name>:pull.");
        }
        if let Some(e) = entry {
            hit = hit.subcode(e.0).evidence(cx.body_ev(ex.index, e.0, e.1));
        }
        out.push(hit);
    }
}

/// `vendor.kubernetes`.
pub(super) fn kubernetes(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let anonymous = contains_ci(ex.body, "system:anonymous");
        let status_kind = contains_ci(ex.body, "\"kind\":\"Status\"")
            || contains_ci(ex.body, "\"kind\": \"Status\"");
        let p = ex.path();
        let port = ex.url.as_ref().and_then(|u| u.port);
        // `/api` alone is every other web API: only the API server's own
        // paths (`/api/v1/…`, `/apis/<group>/<version>`) count.
        let group_version = p.strip_prefix("/apis/").is_some_and(|rest| {
            let mut parts = rest.split('/');
            let group = parts.next().unwrap_or("");
            let version = parts.next().unwrap_or("");
            !group.is_empty()
                && version
                    .strip_prefix('v')
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        });
        // Core resources only: `/api/v1/admin/users` is any other API.
        let core = p.strip_prefix("/api/v1/").is_some_and(|rest| {
            let resource = rest.split('/').next().unwrap_or("");
            [
                "namespaces",
                "pods",
                "nodes",
                "services",
                "secrets",
                "configmaps",
                "serviceaccounts",
                "persistentvolumes",
                "persistentvolumeclaims",
                "endpoints",
                "events",
            ]
            .contains(&resource)
        });
        let shape = core
            || group_version
            || p.starts_with("/containerLogs/")
            || matches!(port, Some(6443 | 10250 | 10255))
            || contains_ci(ex.host(), "k8s")
            || contains_ci(ex.host(), "kube");
        if !anonymous && !status_kind && !shape {
            continue;
        }
        let kubelet = matches!(port, Some(10250 | 10255)) || p.starts_with("/containerLogs/");
        let (title, weight) = if anonymous {
            ("Kubernetes treated the request as system:anonymous: no credential it accepts reached the API server", 85)
        } else if kubelet {
            ("The kubelet refused the request: the API server's client certificate or token is not accepted by the kubelet", 60)
        } else {
            (
                "The Kubernetes API server refused the credentials (Unauthorized)",
                50,
            )
        };
        out.push(
            Hit::new("vendor.kubernetes", ex.index, title.into())
                .weight(weight)
                .detail(why!("The API server tries client certificates, bearer tokens (service account, OIDC) and authenticating proxies in turn; if none succeeds the user is system:anonymous (403 by RBAC) or the answer is 401."))
                .evidence(cx.body_ev(ex.index, "system:anonymous", "the API server says"))
                .evidence(cx.request_line_ev(ex.index, "Kubernetes API"))
                .visitor("Check the kubeconfig context (kubectl config view --minify): token present and not expired, client certificate valid, right cluster CA.")
                .owner(if kubelet { "Check the kubelet's --client-ca-file and authentication webhook, and the API server's --kubelet-client-certificate." } else { "Check the API server log for 'Unable to authenticate the request' and the OIDC flags (--oidc-issuer-url, --oidc-client-id) against the token's iss and aud." })
                .next("the API server log line 'Unable to authenticate the request'"),
        );
    }
}

/// `vendor.cloudflare`: Access login redirects and edge error codes.
pub(super) fn cloudflare(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.refusals() {
        let location = ex.res_value("location");
        let access = contains_ci(location, "cloudflareaccess.com")
            || contains_ci(location, "/cdn-cgi/access/login");
        let edge = contains_ci(ex.res_value("server"), "cloudflare");
        let i = ex.index;
        if access {
            let service_token = ex.req_header("cf-access-client-id").is_some();
            out.push(
                Hit::new("vendor.cloudflare", i, if service_token { "Cloudflare Access sent the service token to the login page: no Service Auth policy accepts it for this application".to_owned() } else { "Cloudflare Access redirected to its login page: this application needs an Access identity".to_owned() })
                    .subcode("access-login")
                    .weight(85)
                    .evidence(cx.res_named(i, "location", "Access login redirect"))
                    .evidence(cx.req_named(i, "cf-access-client-id", "service token sent"))
                    .visitor(if service_token { "Check the CF-Access-Client-Id/Secret pair is current for this application." } else { "Log in through the Access page, or use a service token / cloudflared access for scripts." })
                    .owner(if service_token { "Add a policy with action Service Auth (not Allow) that includes this service token, on the application covering this host and path." } else { "Add a Service Auth policy for non-browser clients." }),
            );
            continue;
        }
        if !edge {
            continue;
        }
        let Some(e) = lookup(CLOUDFLARE, ex.body) else {
            if ex.res_header("cf-mitigated").is_some() {
                out.push(Hit::new("vendor.cloudflare", i, "Cloudflare challenged the request (cf-mitigated): a bot check, not the site's login".into()).subcode("challenge").weight(80).evidence(cx.res_named(i, "cf-mitigated", "challenge")).visitor("Open the site in a browser to pass the check; scripts need the owner to allow them."));
            }
            continue;
        };
        out.push(entry_hit(cx, ex, "vendor.cloudflare", "Cloudflare", e, 85).owner("Check Security → Events for the Ray ID and add a skip rule for legitimate clients."));
    }
}

/// `vendor.wordpress`.
pub(super) fn wordpress(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let wp = ex.path().starts_with("/wp-json")
            || ex.path().contains("/wp-admin")
            || ex.path().ends_with("xmlrpc.php")
            || contains_ci(ex.body, "\"code\":\"rest_")
            || contains_ci(ex.body, "\"code\": \"rest_");
        if !wp {
            continue;
        }
        let basic = ex.auth.as_ref().is_some_and(|a| a.is("basic"));
        match lookup(WORDPRESS, ex.body) {
            Some(e) => {
                let mut hit = entry_hit(cx, ex, "vendor.wordpress", "WordPress", e, 82);
                if basic && (e.0 == "rest_not_logged_in" || e.0 == "rest_cannot_create") {
                    hit = hit.owner("Basic credentials were sent but WordPress saw none: on Apache+PHP-FPM/CGI add `CGIPassAuth On` (or `RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]`) to .htaccess; check security plugins that disable Application Passwords.");
                }
                out.push(hit);
            }
            None => out.push(
                Hit::new("vendor.wordpress", ex.index, "WordPress REST API refused the request".into())
                    .weight(50)
                    .visitor("Use an Application Password (Users → Profile → Application Passwords) with Basic auth over HTTPS.")
                    .owner("Check security plugins and that Authorization reaches PHP (CGIPassAuth On).")
                    .next("the JSON body of the response (its \"code\")"),
            ),
        }
    }
}

/// `vendor.okta` and `vendor.keycloak`: issuer-based hints and error codes.
pub(super) fn idp(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let iss = claim(ex, "iss");
        let text = said(ex);
        if contains_ci(&iss, "okta.com")
            || contains_ci(&iss, "oktapreview.com")
            || first_of(&text, &["E00000"]).is_some()
        {
            let weight = if lookup(OKTA, &text).is_some() {
                75
            } else {
                30
            };
            let mut hit = Hit::new("vendor.okta", ex.index, fill("Okta token (iss {}) refused", &[&iss]))
                .weight(weight)
                .visitor("Use an access token from the custom authorization server your API trusts (…/oauth2/default or …/oauth2/<id>).")
                .owner("Org authorization server tokens (iss without /oauth2/) are only for Okta's APIs; validate tokens from a custom authorization server.");
            if let Some(e) = lookup(OKTA, &text) {
                hit = hit.subcode(e.0).evidence(cx.body_ev(ex.index, e.0, e.1));
            }
            out.push(hit);
        }
        if contains_ci(&iss, "/realms/") || contains_ci(&iss, "/auth/realms/") {
            let e = lookup(KEYCLOAK, &text);
            let mut hit = Hit::new("vendor.keycloak", ex.index, fill("Keycloak token from realm {} refused", &[iss.rsplit("/realms/").next().unwrap_or("")]))
                .weight(if e.is_some() { 70 } else { 25 })
                .visitor("Get the token from the same Keycloak URL the API uses as its issuer.")
                .owner("Keycloak puts the URL the client used into iss: set KC_HOSTNAME (or frontendUrl) so tokens issued via localhost, a container name or a public name carry one issuer.");
            if let Some(e) = e {
                hit = hit.subcode(e.0).evidence(cx.body_ev(ex.index, e.0, e.1));
            }
            out.push(hit);
        }
    }
}

/// `vendor.iis`, `vendor.apache`, `vendor.nginx`: the web server that
/// answered, the module that refused, and its own error texts. A text
/// from the server's log or a specific page is the cause; otherwise the
/// finding names who answered and where its reason is written.
pub(super) fn web_server(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let Some((name, text, _)) = answered_by(ex) else {
            continue;
        };
        // The server's own page, even when the Server header named it.
        let page = default_page(ex).filter(|p| p.0 == name).map(|p| p.1);
        let in_body = page.is_some();
        let text = page.unwrap_or(text);
        let (code, table): (&'static str, &'static [Entry]) = match name {
            "IIS" | "Windows HTTP.sys" => ("vendor.iis", IIS),
            "Apache httpd" => ("vendor.apache", APACHE),
            "nginx" | "OpenResty (nginx)" => ("vendor.nginx", NGINX),
            _ => continue,
        };
        // IIS sub-statuses are status.iis-substatus's to explain.
        if code == "vendor.iis" && iis_substatus(ex.body).is_some() {
            continue;
        }
        let i = ex.index;
        let at = if in_body {
            cx.body_ev(i, text, "default error page")
        } else {
            cx.res_named(i, "server", "names who answered")
        };
        if let Some(e) = lookup(table, ex.body) {
            // IIS's generic 401 page is shown for every sub-status.
            let generic = e.0.starts_with("Access is denied due to invalid");
            let weight = match (generic, code) {
                (true, _) => 0,
                (_, "vendor.iis") => 60,
                _ => 85,
            };
            out.push(
                Hit::new(code, i, fill("{}: {} — {}", &[name, e.0, e.1]))
                    .subcode(e.0)
                    .weight(weight)
                    .evidence(cx.body_ev(i, e.0, "the server's own words"))
                    .evidence(at.filter(|_| !contains_ci(e.0, text) && !contains_ci(text, e.0)))
                    .visitor(match e.0 {
                        "AH01630" | "AH01797" => "The server refuses your address or client, not your password: ask the site's owner.",
                        "auth request unexpected status" => "The site's login service failed: retry later, or tell the site's owner.",
                        _ if generic => "Check the user name (DOMAIN\\user) and password; if they are right, the site's owner must read the reason in the server's log.",
                        _ => "Check the user name and password for this protected area; if they are right, ask the site's owner to check the server's password file.",
                    })
                    .owner(e.2)
                    .next(if code == "vendor.iis" { "the IIS log line for this request (sc-status, sc-substatus, sc-win32-status)" } else { "the web server's error log line for this request" }),
            );
            continue;
        }
        if ex.status != Some(401) {
            continue;
        }
        let c = ex.offered().first();
        let scheme = c.map_or("", |c| c.challenge.scheme);
        let realm = c.and_then(|c| c.param("realm")).unwrap_or("");
        let by_server = in_body
            || matches!(
                scheme.to_ascii_lowercase().as_str(),
                "basic" | "digest" | "negotiate" | "ntlm"
            );
        let (title, owner, weight): (String, &str, u8) = match code {
            "vendor.apache" if by_server => (
                fill("Apache httpd answered the 401 itself ({} realm \"{}\")", &[module(scheme, "apache"), realm]),
                "Find the request in the error log: AH01617 password mismatch, AH01618 user not in AuthUserFile, AH01620 password file unreadable (LogLevel auth_basic:debug shows more).",
                0,
            ),
            "vendor.nginx" if by_server && c.is_none() => (
                "nginx answered 401 without a challenge: an auth_request check (oauth2-proxy, ingress auth-url) or a `return 401` refused, not the application".into(),
                "Check the auth_request / auth-url service's log for this request (it decided), and that it receives the cookie or Authorization it needs.",
                50,
            ),
            "vendor.nginx" if by_server => (
                fill("nginx answered the 401 itself ({} realm \"{}\")", &[module(scheme, "nginx"), realm]),
                "Find the request in error.log: `user \"NAME\": password mismatch` or `was not found in \"FILE\"` name the reason.",
                0,
            ),
            "vendor.iis" => (
                fill("{} answered the 401 ({}): its log names the reason, the page does not", &[name, if scheme.is_empty() { "no challenge" } else { scheme }]),
                "Read sc-substatus and sc-win32-status in the IIS log (401.1 credentials, 401.2 method not enabled, 401.3 ACL); Failed Request Tracing shows the module.",
                0,
            ),
            _ => (
                fill("The 401 passed through {}: the application behind it (or a rewrite rule) answered, not the server's auth module", &[name]),
                "The web server passed on the application's answer: look in the application's log, not the server's.",
                0,
            ),
        };
        out.push(
            Hit::new(code, i, title)
                .weight(weight)
                .detail(why!("The web server's own modules (password files, Windows authentication, auth_request) answer before the application; their reason is written in the server's log, not in the page."))
                .evidence(at)
                .evidence(c.and_then(|c| cx.res_ev(i, c.index, None, "the server's challenge")))
                .visitor("Check the URL and the credentials for this protected area; if they are right, send the site's owner the time of the request.")
                .owner(owner)
                .next(if code == "vendor.iis" { "the IIS log line for this request (sc-status, sc-substatus, sc-win32-status)" } else { "the web server's error log line for this request" }),
        );
    }
}

/// The server module behind a challenge scheme.
fn module(scheme: &str, server: &str) -> &'static str {
    match (scheme.to_ascii_lowercase().as_str(), server) {
        ("basic", "apache") => "mod_auth_basic,",
        ("digest", "apache") => "mod_auth_digest,",
        ("negotiate", "apache") => "mod_auth_gssapi,",
        ("basic", _) => "auth_basic,",
        _ => "",
    }
}

/// The string value of the JSON member `"name"` in `text`.
fn json_str<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let mut key = String::from("\"");
    key.push_str(name);
    key.push('"');
    let rest = text.get(text.find(&key)? + key.len()..)?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start().strip_prefix('"')?;
    rest.get(..rest.find('"')?)
}

/// `vendor.oauth`: an OAuth 2 token endpoint's error (RFC 6749 §5.2).
pub(super) fn oauth(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx
        .failures()
        .filter(|e| matches!(e.status, Some(400 | 401)))
    {
        let Some(error) = json_str(ex.body, "error") else {
            continue;
        };
        let Some(e) = OAUTH.iter().find(|e| e.0 == error) else {
            continue;
        };
        let sent = ex
            .req
            .and_then(|r| r.body.as_ref())
            .map_or("", |b| b.text.as_str());
        let grant = sent
            .split('&')
            .find_map(|p| p.strip_prefix("grant_type="))
            .unwrap_or("");
        let p = ex.path();
        let endpoint = p.ends_with("/token") || p.ends_with("/token/") || !grant.is_empty();
        // invalid_request and access_denied are common words elsewhere;
        // the others are the token endpoint's own vocabulary.
        let own = matches!(
            error,
            "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type"
        );
        if !endpoint && !own {
            continue;
        }
        let description = json_str(ex.body, "error_description").unwrap_or("");
        let mut hit = Hit::new("vendor.oauth", ex.index, fill("Token endpoint refused{}{}: {} — {}", &[if grant.is_empty() { "" } else { " the grant " }, grant, error, if description.is_empty() { e.1 } else { description }]))
            .subcode(error)
            .weight(80)
            .detail(why!("The token endpoint answers errors as JSON with `error` (RFC 6749 §5.2), 400 for a bad grant or request and 401 for failed client authentication; the resource server never saw a token."))
            .evidence(cx.body_ev(ex.index, error, e.1))
            .evidence(cx.request_line_ev(ex.index, "token endpoint"))
            .visitor(e.2)
            .owner("The provider's log for this client_id names the reason; check the client's allowed grant types, redirect URIs and secret expiry.");
        if error == "invalid_client" && ex.auth.as_ref().is_some_and(|a| a.is("basic")) {
            hit =
                hit.evidence(ex.auth.as_ref().and_then(|a| {
                    cx.req_ev(ex.index, a.index, None, "client credentials in Basic")
                }));
        }
        out.push(hit);
    }
}

/// `vendor.auth0`: Auth0 tokens and errors.
pub(super) fn auth0(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for ex in cx.failures() {
        let jwt = ex
            .bearer
            .as_ref()
            .and_then(|b| b.jwt.as_ref())
            .and_then(|j| j.as_ref().ok());
        let header_iss = jwt
            .and_then(|j| j.header.get("iss"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let iss = claim(ex, "iss");
        let iss = if iss.is_empty() {
            header_iss.to_owned()
        } else {
            iss
        };
        if !contains_ci(&iss, ".auth0.com") && !ex.host().ends_with(".auth0.com") {
            continue;
        }
        let i = ex.index;
        if let Some(e) = lookup(AUTH0, ex.body) {
            out.push(entry_hit(cx, ex, "vendor.auth0", "Auth0", e, 80).owner(e.2));
            continue;
        }
        let token_ev = ex
            .auth
            .as_ref()
            .and_then(|a| cx.req_ev(i, a.index, None, &fill("iss {}", &[&iss])));
        let aud = jwt
            .and_then(|j| j.claims.as_ref())
            .and_then(|c| c.get("aud"));
        let userinfo_only = match aud {
            Some(serde_json::Value::String(a)) => a.ends_with("/userinfo"),
            Some(serde_json::Value::Array(a)) => {
                !a.is_empty()
                    && a.iter()
                        .all(|v| v.as_str().is_some_and(|s| s.ends_with("/userinfo")))
            }
            _ => false,
        };
        let encrypted = jwt.is_some_and(|j| j.segments == 5);
        let (title, weight) = if encrypted {
            ("Auth0 issued an encrypted (opaque) access token: the login asked for no audience, so no API can validate it", 75)
        } else if userinfo_only {
            (
                "Auth0 token is only for /userinfo: the login asked for no API audience",
                75,
            )
        } else {
            ("Auth0 token refused", 25)
        };
        out.push(
            Hit::new("vendor.auth0", i, title.into())
                .weight(weight)
                .detail(why!("Auth0 issues a JWT access token for an API only when the login names its Identifier as `audience`; without it the token is opaque (encrypted) and good only for /userinfo."))
                .evidence(token_ev)
                .visitor("Log in again with audience=<API Identifier> (authorizationParams.audience in the SDK).")
                .owner("Create the API in Auth0 (Applications → APIs) and make the API accept its Identifier as aud and https://<tenant>.auth0.com/ as iss."),
        );
    }
}
