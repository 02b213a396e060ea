//! Vendor dictionaries: error codes and what they mean, as data. Each entry
//! is (code as the vendor writes it, meaning, fix). Kept terse: they ship
//! in the wasm.

/// A dictionary entry: (code, meaning, fix).
pub(super) type Entry = (&'static str, &'static str, &'static str);

/// The entry whose code occurs in `text` (ASCII case-insensitive).
pub(super) fn lookup(table: &'static [Entry], text: &str) -> Option<&'static Entry> {
    table
        .iter()
        .find(|(code, _, _)| super::text::contains_ci(text, code))
}

/// AWS error codes (SigV4, STS, API Gateway, IAM).
pub(super) const AWS: &[Entry] = &[
    ("SignatureDoesNotMatch", "the signature computed by AWS differs from the one sent: wrong secret key, or the request changed after signing (headers, path encoding, body)", "Check the secret access key and that nothing (proxy, client) alters signed headers or the path after signing; let the SDK sign."),
    ("InvalidSignatureException", "the signature computed by AWS differs from the one sent", "Check the secret key, region and service in the credential scope, and sign the exact request sent."),
    ("IncompleteSignatureException", "the Authorization header is missing a part or malformed (Credential=, SignedHeaders=, Signature=)", "Build the header on one line with all three parts, no space after `=`; or call an API Gateway route that expects no SigV4."),
    ("ExpiredTokenException", "the temporary credentials (session token) have expired", "Refresh the temporary credentials (aws sso login, assume the role again, renew the instance/task credentials)."),
    ("ExpiredToken", "the temporary credentials (session token) have expired", "Refresh the temporary credentials (aws sso login, assume the role again)."),
    ("RequestExpired", "the request's X-Amz-Date is more than 5 minutes from AWS's clock", "Sync the client's clock (NTP) and sign right before sending."),
    ("RequestTimeTooSkewed", "the client's clock is more than 15 minutes from AWS's clock", "Sync the client's clock (NTP)."),
    ("InvalidClientTokenId", "the access key id does not exist (deleted, wrong account or partition)", "Use an existing access key; check AWS_PROFILE and environment variables overriding it."),
    ("UnrecognizedClientException", "the access key or security token is not valid (wrong pair, a stale or empty session token)", "Send the access key, secret and session token of the same credentials; drop X-Amz-Security-Token for long-term keys."),
    ("MissingAuthenticationToken", "no credentials at all, or API Gateway has no route for this method and path", "Check the URL, stage and method; for IAM-protected routes sign the request."),
    ("InvalidAccessKeyId", "the access key id does not exist", "Use an existing access key id (S3 answers this for a wrong or deleted key)."),
    ("AccessDeniedException", "the credentials are valid but not allowed, or the token is expired (Selling Partner API)", "Check the IAM policy / role permissions, or refresh the access token."),
    ("AccessDenied", "the credentials are valid but a policy denies the action", "Check IAM, bucket and SCP policies for this action and resource."),
    ("InvalidToken", "the session token is malformed or invalid", "Send the session token that belongs to the access key."),
    ("TokenRefreshRequired", "the SSO token must be refreshed", "Run aws sso login again."),
    ("UnauthorizedException", "API Gateway's authorizer (Cognito, JWT or Lambda) refused the token, or it was not in the header the authorizer reads", "Send the token in the identity source header (usually Authorization); check the authorizer's issuer and audience."),
    ("AuthorizerConfigurationException", "API Gateway could not run the Lambda authorizer (permissions, error, bad response)", "Check the authorizer's logs and its invoke permission."),
    ("NotAuthorizedException", "Cognito refused: wrong user name or password, or the token was revoked", "Check the credentials; sign in again for a new token."),
];

/// Microsoft Entra ID (Azure AD) AADSTS codes met most often.
pub(super) const AADSTS: &[Entry] = &[
    (
        "AADSTS50011",
        "the redirect URI sent does not match the app registration's reply URLs",
        "Add the exact redirect URI (scheme, host, port, path) to the app registration.",
    ),
    (
        "AADSTS50020",
        "the user's account is not in the tenant (guest not invited, or wrong tenant endpoint)",
        "Invite the user or sign in through the right tenant/common endpoint.",
    ),
    (
        "AADSTS50034",
        "the user account does not exist in the directory",
        "Check the user name and tenant.",
    ),
    (
        "AADSTS50053",
        "the account is locked after too many failed sign-ins",
        "Wait or have an admin unlock the account.",
    ),
    (
        "AADSTS50055",
        "the password has expired",
        "Change the password.",
    ),
    (
        "AADSTS50076",
        "multi-factor authentication is required (Conditional Access)",
        "Sign in interactively to complete MFA; service flows need an exclusion or another grant.",
    ),
    (
        "AADSTS50079",
        "MFA registration is required",
        "Register MFA for the account.",
    ),
    (
        "AADSTS50105",
        "the user is not assigned to the application",
        "Assign the user or group to the enterprise application.",
    ),
    (
        "AADSTS50126",
        "invalid user name or password",
        "Check the credentials (ROPC does not work for federated or MFA accounts).",
    ),
    (
        "AADSTS50173",
        "the grant was revoked (password changed) and the refresh token is no longer valid",
        "Sign in again.",
    ),
    (
        "AADSTS53003",
        "access blocked by Conditional Access",
        "Ask the admin which policy blocked it (sign-in logs).",
    ),
    (
        "AADSTS65001",
        "the user or admin has not consented to the application's permissions",
        "Grant consent (admin consent for application permissions).",
    ),
    (
        "AADSTS70000",
        "the grant is invalid or malformed",
        "Request a new authorization code or refresh token.",
    ),
    (
        "AADSTS70008",
        "the authorization code or refresh token has expired",
        "Sign in again to get a new code or refresh token.",
    ),
    (
        "AADSTS700016",
        "the application (client id) was not found in the tenant",
        "Use the right client id and tenant (multi-tenant apps need consent in the tenant).",
    ),
    (
        "AADSTS700024",
        "the client assertion is outside its validity (clock skew or expired)",
        "Sync the clock and sign a fresh assertion.",
    ),
    (
        "AADSTS7000215",
        "an invalid client secret was provided (value vs secret id, expired secret)",
        "Use the secret's value (not its id) and check it has not expired.",
    ),
    (
        "AADSTS7000218",
        "the request needs a client_assertion or client_secret",
        "Send the client secret/certificate, or enable public client flows.",
    ),
    (
        "AADSTS90002",
        "the tenant was not found",
        "Check the tenant id or domain in the authority URL.",
    ),
    (
        "AADSTS90009",
        "the application is requesting a token for itself with a GUID; use the App ID URI",
        "Request the scope as api://<app-id>/.default.",
    ),
    (
        "AADSTS500011",
        "the resource principal was not found in the tenant (wrong scope or resource)",
        "Request the scope of an API that exists in this tenant (check the App ID URI).",
    ),
    (
        "AADSTS500133",
        "the assertion is not within its valid time range",
        "Use a fresh token; sync clocks.",
    ),
    (
        "AADSTS700082",
        "the refresh token expired due to inactivity",
        "Sign in again.",
    ),
    ("AADSTS50001", "the resource (API) asked for does not exist or is disabled in the tenant", "Check the resource/scope URI and that the API's service principal exists."),
    ("AADSTS50013", "the assertion failed signature validation or has another audience", "Sign the assertion with the registered certificate, for the token endpoint's audience."),
    ("AADSTS50057", "the user account is disabled", "Ask an admin to enable the account."),
    ("AADSTS50058", "silent sign-in failed: no signed-in user (third-party cookies blocked, or another account)", "Sign in interactively (loginRedirect/acquireTokenPopup)."),
    ("AADSTS50132", "the session was revoked (password changed, admin revoked sessions)", "Sign in again."),
    ("AADSTS50148", "the PKCE code_verifier does not match the code_challenge", "Send the code_verifier of the same login attempt."),
    ("AADSTS50194", "the app is single-tenant, but the /common or /organizations endpoint was used", "Use https://login.microsoftonline.com/<tenant-id>/, or make the app multi-tenant."),
    ("AADSTS54005", "the authorization code was already redeemed", "Redeem each code once; do not retry the token request with the same code."),
    ("AADSTS65004", "the user declined consent", "Sign in again and accept the permissions."),
    ("AADSTS70011", "a requested scope is invalid (v1 resource mixed with v2 scopes, or unknown)", "Request scopes as <resource>/<permission> or <resource>/.default."),
    ("AADSTS90094", "the permissions need an administrator's consent", "Ask an admin to grant tenant-wide consent."),
    ("AADSTS500113", "no reply address is registered for the application", "Add a redirect URI to the app registration."),
    ("AADSTS650056", "misconfigured application: it lists no permissions for the resource, or consent is missing", "Add the API permission to the app registration and grant consent."),
    ("AADSTS700027", "the client assertion's signature did not validate (wrong certificate)", "Upload the certificate used to sign, and put its thumbprint in x5t."),
    ("AADSTS700054", "response_type id_token is not enabled for the application", "Enable ID tokens (implicit grant) or use the code flow."),
    ("AADSTS7000222", "the client secret has expired", "Create a new client secret and deploy its value."),
    ("AADSTS9002326", "cross-origin token redemption is allowed only for Single-Page Application redirect URIs", "Register the redirect URI under the SPA platform, not Web."),
    (
        "AADSTS900144",
        "the request body must contain a required parameter (grant_type, client_id, scope)",
        "Send the missing parameter form-encoded.",
    ),
];

/// WordPress REST API error codes.
pub(super) const WORDPRESS: &[Entry] = &[
    ("rest_not_logged_in", "WordPress saw no logged-in user: the credentials did not reach it or were not accepted", "Use an Application Password (Users → Profile) with Basic auth over HTTPS; cookie auth also needs the X-WP-Nonce header."),
    ("rest_cannot_create", "the request was treated as a user without permission (often anonymous because Authorization never reached PHP)", "Check the user's role; if it has the right, make Apache/PHP pass Authorization (CGIPassAuth On or the RewriteRule HTTP_AUTHORIZATION line)."),
    ("rest_cannot_edit", "the user may not edit this item", "Use an account with the editor/administrator role."),
    ("rest_forbidden", "the current user may not do this", "Check the user's role and capabilities."),
    ("rest_cookie_invalid_nonce", "cookie authentication without a valid X-WP-Nonce", "Send the wp_rest nonce in X-WP-Nonce, or use Application Passwords."),
    ("incorrect_password", "the application password is wrong", "Create a new Application Password and send it with the user name (spaces may stay)."),
    ("invalid_username", "the user does not exist", "Use the login name (not the display name or e-mail, unless allowed)."),
    ("application_passwords_disabled", "Application Passwords are disabled (no HTTPS, or a plugin disabled them)", "Serve the site over HTTPS, or check security plugins that disable them."),
    ("invalid username or password", "WordPress or a security plugin refused the credentials", "Use an Application Password rather than the login password; check security plugins blocking REST logins."),
    ("jwt_auth_bad_auth_header", "JWT plugin: Authorization did not reach PHP or is not `Bearer <token>`", "Add `SetEnvIf Authorization \"(.*)\" HTTP_AUTHORIZATION=$1` to .htaccess; send Bearer."),
    ("jwt_auth_invalid_token", "JWT plugin: the token is expired or signed with another secret", "Get a new token; check JWT_AUTH_SECRET_KEY is the same on every server."),
];

/// Cloudflare edge error codes.
pub(super) const CLOUDFLARE: &[Entry] = &[
    ("error code: 1010", "the site's security settings banned the client's browser signature (Browser Integrity Check: scripts, curl, python-requests)", "Send a normal User-Agent, or ask the owner to allow this client (WAF skip rule / service token)."),
    ("error code: 1020", "a Cloudflare firewall (WAF) rule blocked the request", "Ask the owner to check the firewall events for the Ray ID."),
    ("error code: 1012", "access denied by the site owner's rules", "Ask the owner to allow your address or client."),
    ("error code: 1015", "rate limited by Cloudflare", "Slow down and retry later."),
    ("error code: 1009", "your country or region is blocked", "Ask the owner to allow your region."),
    ("error code: 1006", "your IP address is banned", "Ask the owner to unblock your address."),
];

/// Google API error reasons.
pub(super) const GOOGLE: &[Entry] = &[
    ("API keys are not supported", "this API does not accept API keys: it needs an OAuth 2 access token (user or service account)", "Send `Authorization: Bearer $(gcloud auth print-access-token)` or use a service account; drop ?key=."),
    ("CREDENTIALS_MISSING", "no OAuth credentials were sent (an API key alone is not enough)", "Send an OAuth 2 access token in Authorization: Bearer."),
    ("ACCESS_TOKEN_SCOPE_INSUFFICIENT", "the access token lacks a required OAuth scope", "Request the token with the scope the API needs and consent again."),
    ("ACCESS_TOKEN_EXPIRED", "the access token expired (they last one hour)", "Refresh the access token with the refresh token."),
    ("authError", "the access token is invalid or expired", "Refresh the access token (they expire after one hour) or sign in again."),
    ("API_KEY_INVALID", "the API key is not valid", "Create or copy a valid API key."),
    ("API_KEY_SERVICE_BLOCKED", "the API key is restricted from this service", "Allow this API in the key's restrictions."),
    ("SERVICE_DISABLED", "the API is not enabled in the project", "Enable the API in the Cloud console for the project."),
    ("invalid_grant", "the refresh token or code is invalid or revoked (testing-mode apps expire them after 7 days)", "Sign in again; publish the OAuth app to stop 7-day expiry."),
    ("Request had invalid authentication credentials", "the access token is missing, expired or not an OAuth 2 access token (an ID token or API key)", "Send a fresh OAuth access token in Authorization: Bearer."),
    ("ACCESS_TOKEN_TYPE_UNSUPPORTED", "the token is not an access token (an ID token?)", "Send the access_token, not the id_token."),
    ("invalid_rapt", "Google wants the user to re-authenticate (reauth policy)", "Sign in again (gcloud auth login / application-default login)."),
];

/// Okta error codes.
pub(super) const OKTA: &[Entry] = &[
    (
        "E0000011",
        "invalid token provided",
        "Send a valid API token (SSWS) or access token.",
    ),
    (
        "E0000004",
        "authentication failed",
        "Check the user name and password.",
    ),
    (
        "E0000006",
        "you do not have permission",
        "Use an admin token with the needed role.",
    ),
    (
        "E0000015",
        "the feature needs another license or the API key lacks rights",
        "Check the org's features and token permissions.",
    ),
    (
        "invalid_client",
        "client authentication failed",
        "Check the client id/secret and the token endpoint auth method.",
    ),
    ("E0000005", "invalid session", "Sign in again."),
    (
        "E0000047",
        "API rate limit exceeded",
        "Wait for X-Rate-Limit-Reset.",
    ),
    (
        "E0000022",
        "API access is denied (feature not enabled for the org)",
        "Ask Okta support or the admin to enable the feature.",
    ),
];

/// Keycloak error strings.
pub(super) const KEYCLOAK: &[Entry] = &[
    (
        "Token is not active",
        "the token is expired or was issued for another realm/host",
        "Get a new token; make the issuer URL the same for clients and the API (KC_HOSTNAME).",
    ),
    (
        "Invalid token issuer",
        "the token's iss differs from the URL the adapter expects",
        "Use the same Keycloak URL for login and for the API's issuer-uri (KC_HOSTNAME).",
    ),
    (
        "Account is not fully set up",
        "required actions are pending for the user",
        "Log in interactively to finish them, or clear them in the admin console.",
    ),
    (
        "invalid_grant",
        "the code, refresh token or password is invalid",
        "Sign in again; check the user's credentials and session.",
    ),
    (
        "Invalid user credentials",
        "the user name or password is wrong",
        "Check the user's credentials in this realm.",
    ),
    (
        "Invalid client credentials",
        "the client secret or client authentication is wrong",
        "Copy the secret from the client's Credentials tab; check Client authentication is On.",
    ),
    (
        "Session not active",
        "the user's SSO session ended (logout, timeout)",
        "Sign in again.",
    ),
    (
        "Code not valid",
        "the authorization code was already used or expired",
        "Redeem each code once and quickly.",
    ),
];

/// Docker / OCI registry error codes.
pub(super) const DOCKER: &[Entry] = &[
    ("UNAUTHORIZED", "the registry wants a token for this scope (anonymous, or the token lacks it)", "Fetch a token from the realm with service= and scope=repository:<name>:pull (official images live under library/<name>), then retry with it."),
    ("DENIED", "the token is valid but access to the repository is denied", "Check the repository name and that the account may pull/push it."),
    ("TOOMANYREQUESTS", "pull rate limit reached", "Log in (authenticated pulls have a higher limit) or wait."),
];

/// Who answered, from the `Server` (then `X-Powered-By`) header: (text in
/// it, name). First match wins.
pub(super) const SERVERS: &[(&str, &str)] = &[
    ("cloudflare", "Cloudflare"),
    ("awselb", "AWS load balancer"),
    ("microsoft-iis", "IIS"),
    ("microsoft-httpapi", "Windows HTTP.sys"),
    ("kestrel", "ASP.NET Core Kestrel"),
    ("openresty", "OpenResty (nginx)"),
    ("nginx", "nginx"),
    ("tomcat", "Tomcat"),
    ("apache-coyote", "Tomcat"),
    ("apache", "Apache httpd"),
    ("squid", "Squid proxy"),
    ("istio-envoy", "Istio (Envoy)"),
    ("envoy", "Envoy"),
    ("github", "GitHub"),
    ("gws", "Google"),
    ("esf", "Google"),
    ("caddy", "Caddy"),
    ("jetty", "Jetty"),
    ("express", "Express"),
    (
        "microsoft-azure-application-gateway",
        "Azure Application Gateway",
    ),
];

/// Default error pages, from the body: (text, name). First match wins:
/// the footers that name a product come before the nginx-style heading
/// several products share (nginx, OpenResty, AWS ALB, ingress).
pub(super) const PAGES: &[(&str, &str)] = &[
    ("<center>nginx", "nginx"),
    ("<center>openresty", "OpenResty (nginx)"),
    ("<center>cloudflare", "Cloudflare"),
    ("Cloudflare Ray ID", "Cloudflare"),
    ("This server could not verify that you", "Apache httpd"),
    ("Access is denied due to", "IIS"),
    (
        "You do not have permission to view this directory or page",
        "IIS",
    ),
    ("requires user authentication.</p>", "Windows HTTP.sys"),
    ("HTTP Status 401", "Tomcat"),
    ("conf/tomcat-users.xml", "Tomcat"),
    ("<pre>UnauthorizedError", "Express"),
    ("\"title\":\"Unauthorized\",\"status\":401", "ASP.NET Core"),
    ("The server could not verify that you", "Flask (Werkzeug)"),
    ("HTTP ERROR 401", "Jetty"),
    ("{\"message\":\"Unauthorized\"}", "AWS API Gateway"),
    ("Missing Authentication Token", "AWS API Gateway"),
    ("RBAC: access denied", "Envoy"),
    ("Jwt is missing", "Envoy"),
    ("Jwt verification fails", "Envoy"),
    (
        "401 Authorization Required</h1></center>",
        "an nginx-style proxy (AWS ALB, ingress)",
    ),
];

/// Apache httpd error-log codes (pasted with the response).
pub(super) const APACHE: &[Entry] = &[
    ("AH01617", "mod_auth_basic: the password does not match the user's hash in the AuthUserFile", "Reset it: `htpasswd -B FILE USER`; check `htpasswd -v FILE USER`."),
    ("AH01618", "mod_auth_basic: the user is not in the AuthUserFile", "Add the user to the file AuthUserFile names (`htpasswd -B FILE USER`)."),
    ("AH01620", "Apache cannot open the AuthUserFile (relative path is resolved under ServerRoot, or not readable)", "Give AuthUserFile an absolute path readable by the Apache user."),
    ("AH01788", "mod_auth_digest: the realm sent differs from AuthName", "Create the htdigest entry with the exact AuthName as realm."),
    ("AH01790", "mod_auth_digest: the user is not in the AuthDigestFile for this realm", "Add the user with `htdigest FILE REALM USER`."),
    ("AH01794", "mod_auth_digest: the password does not match", "Reset it with `htdigest FILE REALM USER`."),
    ("AH01630", "a Require rule (ip, host, all denied) refused the client, not its password", "Check Require/Order/Deny lines for this path."),
    ("AH01797", "mod_access_compat (Order/Deny/Allow) refused the client", "Replace Order/Deny/Allow with Require rules, or allow this client."),
];

/// nginx error-log texts.
pub(super) const NGINX: &[Entry] = &[
    ("password mismatch", "auth_basic: the password does not match the user's hash", "Reset it: `htpasswd -B FILE USER` (nginx reads bcrypt on most builds; check the hash is not plain text)."),
    ("was not found in", "auth_basic: the user is not in the auth_basic_user_file", "Add the user to the file auth_basic_user_file names."),
    ("auth request unexpected status", "auth_request: the auth endpoint answered neither 2xx nor 401/403", "Fix the auth service (oauth2-proxy, ingress auth-url) so it answers 2xx, 401 or 403."),
    ("failed (13: Permission denied)", "nginx cannot read the auth_basic_user_file", "Make the file readable by the nginx worker user."),
    ("failed (2: No such file or directory)", "the auth_basic_user_file does not exist", "Point auth_basic_user_file at the existing file (relative paths start in the config directory)."),
];

/// IIS and HTTP.sys page texts.
pub(super) const IIS: &[Entry] = &[
    ("Access is denied due to invalid credentials", "IIS's generic 401 page: every 401 sub-status shows it to remote clients, so it does not prove the password is wrong", "Read the sub-status in the IIS log (sc-substatus, sc-win32-status) or the detailed error page on the server."),
    ("Access is denied due to server configuration", "IIS 401.2: no enabled authentication method matches what the client offered", "Enable the method clients use (Windows, Basic) for this site."),
    ("You do not have permission to view this directory or page", "IIS / Azure App Service refused before the application ran (authorization rules, App Service Authentication, Functions key)", "Check the site's authorization rules; on App Service check Authentication settings and function keys."),
    ("requires user authentication", "HTTP.sys answered: the URL reservation's Windows authentication failed before IIS or the service saw the request", "Check the service's authentication setting (netsh http show urlacl) and that the client offers Negotiate/NTLM."),
];

/// Envoy / Istio and oauth2-proxy texts.
pub(super) const PROXIES: &[Entry] = &[
    (
        "RBAC: access denied",
        "Envoy/Istio RBAC (AuthorizationPolicy) denied the request",
        "Check the AuthorizationPolicy for this workload (principals, paths, methods).",
    ),
    (
        "Jwt is missing",
        "Envoy/Istio RequestAuthentication required a JWT and none was sent",
        "Send the token in Authorization: Bearer (or the header the policy names).",
    ),
    (
        "Jwt is expired",
        "Envoy/Istio: the JWT is expired",
        "Get a fresh token.",
    ),
    (
        "Jwt verification fails",
        "Envoy/Istio: the signature did not verify against the issuer's JWKS",
        "Check the jwksUri and issuer in RequestAuthentication match the token's iss and kid.",
    ),
    (
        "Jwt issuer is not configured",
        "Envoy/Istio: no provider accepts this token's iss",
        "Add the issuer to RequestAuthentication or use a token from a configured one.",
    ),
    (
        "Audiences in Jwt are not allowed",
        "Envoy/Istio: the token's aud is not in the provider's audiences",
        "Request the token for an allowed audience or add it to audiences.",
    ),
    (
        "Jwks remote fetch is failed",
        "Envoy/Istio could not fetch the JWKS",
        "Make the jwksUri reachable from the proxy.",
    ),
];

/// OAuth 2 token endpoint errors (RFC 6749 §5.2, RFC 8628 §3.5).
pub(super) const OAUTH: &[Entry] = &[
    ("invalid_client", "client authentication failed: unknown client_id, wrong or expired secret, or another auth method than the client is registered for", "Check client_id and secret (URL-encode them inside Basic), and client_secret_basic vs client_secret_post."),
    ("invalid_grant", "the code, refresh token or password is invalid, expired, revoked, already used, or redirect_uri / PKCE code_verifier differ from the authorization request", "Start a new login: codes are single-use and short-lived; send the same redirect_uri and the matching code_verifier."),
    ("unauthorized_client", "this client may not use this grant type", "Enable the grant type (client credentials, refresh token, device code) for the client at the provider."),
    ("unsupported_grant_type", "the grant_type is unknown to the server, or the body was not form-encoded", "Send grant_type form-encoded (application/x-www-form-urlencoded), not JSON."),
    ("invalid_scope", "a requested scope is unknown or not allowed for this client", "Request only scopes the client is granted."),
    ("invalid_request", "a required parameter is missing, repeated or malformed", "Send every required parameter once, form-encoded."),
    ("invalid_target", "the resource/audience requested is unknown (RFC 8707)", "Request a resource the server knows."),
    ("authorization_pending", "device flow: the user has not finished yet", "Keep polling at the given interval."),
    ("slow_down", "device flow: polling too fast", "Add 5 seconds to the polling interval."),
    ("expired_token", "device flow: the device code expired", "Start the device flow again."),
    ("access_denied", "the user or policy refused the grant", "Sign in again and approve; check the client's grants at the provider."),
];

/// Auth0 error texts.
pub(super) const AUTH0: &[Entry] = &[
    (
        "Service not found",
        "the audience asked for is not the Identifier of any API in the tenant",
        "Use the API's Identifier (Applications → APIs) exactly as audience.",
    ),
    (
        "client-grant",
        "the application is not authorized for this API (no client grant)",
        "Authorize the application for the API (APIs → Machine to Machine Applications).",
    ),
    (
        "Bad audience",
        "the token is for another API than the one called",
        "Request the token with this API's audience.",
    ),
    (
        "Insufficient scope",
        "the token lacks a scope the endpoint needs",
        "Grant and request the scope.",
    ),
    (
        "Wrong email or password",
        "password grant: wrong credentials, or the connection is not the default directory",
        "Check the user, and set Default Directory in the tenant settings.",
    ),
    (
        "jwt malformed",
        "the API got an opaque or encrypted token: the login asked for no audience",
        "Pass audience=<API Identifier> to the login.",
    ),
];
