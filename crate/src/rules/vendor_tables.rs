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
];

/// Docker / OCI registry error codes.
pub(super) const DOCKER: &[Entry] = &[
    ("UNAUTHORIZED", "the registry wants a token for this scope (anonymous, or the token lacks it)", "Fetch a token from the realm with service= and scope=repository:<name>:pull (official images live under library/<name>), then retry with it."),
    ("DENIED", "the token is valid but access to the repository is denied", "Check the repository name and that the account may pull/push it."),
    ("TOOMANYREQUESTS", "pull rate limit reached", "Log in (authenticated pulls have a higher limit) or wait."),
];
