//! Public suffixes, registrable domains and "same site", as cookies use them.
//!
//! **An approximation, on purpose.** The full Public Suffix List is ~9,000
//! rules. Measured (wasm32, opt-level "z", LTO, stripped, over a baseline
//! that only links serde_json), the `psl` crate 2.1 adds 920 KB of wasm,
//! 260 KB gzipped: more than the whole page's 150 KB gzipped budget. This
//! module instead embeds the multi-label suffixes that real captures meet
//! most (country second levels such as `co.uk` and `com.au`, and hosting
//! platforms where each customer gets a subdomain, such as `github.io` and
//! `herokuapp.com`), about 4 KB, and otherwise treats the last label (the
//! TLD) as the public suffix.
//!
//! What it gets wrong: a suffix missing from [`MULTI_LABEL_SUFFIXES`] makes
//! two unrelated sites under it look same-site (`a.example.pvt.k12.ma.us` and
//! `b.example.pvt.k12.ma.us`), and lets a `Domain=` on that suffix pass.
//! A finding that rests on a site comparison should say it is approximate.

/// Multi-label public suffixes known without the full list (lowercase, no
/// leading dot). Single labels (TLDs) are always public suffixes.
pub const MULTI_LABEL_SUFFIXES: &[&str] = &[
    // Country second levels.
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "ltd.uk",
    "plc.uk",
    "me.uk",
    "net.uk",
    "nhs.uk",
    "sch.uk",
    "com.au",
    "net.au",
    "org.au",
    "edu.au",
    "gov.au",
    "asn.au",
    "id.au",
    "co.nz",
    "org.nz",
    "net.nz",
    "govt.nz",
    "ac.nz",
    "co.jp",
    "ne.jp",
    "or.jp",
    "ac.jp",
    "go.jp",
    "ad.jp",
    "ed.jp",
    "gr.jp",
    "lg.jp",
    "co.kr",
    "or.kr",
    "ne.kr",
    "go.kr",
    "ac.kr",
    "com.br",
    "net.br",
    "org.br",
    "gov.br",
    "edu.br",
    "com.cn",
    "net.cn",
    "org.cn",
    "gov.cn",
    "edu.cn",
    "ac.cn",
    "com.hk",
    "org.hk",
    "net.hk",
    "edu.hk",
    "gov.hk",
    "com.tw",
    "org.tw",
    "net.tw",
    "edu.tw",
    "gov.tw",
    "com.sg",
    "org.sg",
    "net.sg",
    "edu.sg",
    "gov.sg",
    "com.my",
    "org.my",
    "net.my",
    "gov.my",
    "edu.my",
    "co.in",
    "net.in",
    "org.in",
    "gov.in",
    "ac.in",
    "edu.in",
    "firm.in",
    "gen.in",
    "ind.in",
    "co.za",
    "org.za",
    "gov.za",
    "ac.za",
    "net.za",
    "web.za",
    "com.mx",
    "org.mx",
    "gob.mx",
    "edu.mx",
    "net.mx",
    "com.ar",
    "org.ar",
    "gob.ar",
    "net.ar",
    "com.tr",
    "org.tr",
    "gov.tr",
    "edu.tr",
    "net.tr",
    "com.ua",
    "org.ua",
    "gov.ua",
    "net.ua",
    "com.pl",
    "net.pl",
    "org.pl",
    "co.il",
    "org.il",
    "ac.il",
    "gov.il",
    "co.id",
    "or.id",
    "ac.id",
    "go.id",
    "web.id",
    "com.vn",
    "net.vn",
    "org.vn",
    "gov.vn",
    "edu.vn",
    "com.ph",
    "org.ph",
    "gov.ph",
    "edu.ph",
    "com.pk",
    "org.pk",
    "gov.pk",
    "com.eg",
    "gov.eg",
    "com.sa",
    "gov.sa",
    "com.co",
    "org.co",
    "gov.co",
    "co.th",
    "or.th",
    "ac.th",
    "go.th",
    "in.th",
    "com.pe",
    "org.pe",
    "gob.pe",
    "com.ng",
    "org.ng",
    "gov.ng",
    "co.ke",
    "or.ke",
    "go.ke",
    "com.gr",
    "gov.gr",
    "co.at",
    "or.at",
    "gv.at",
    "com.es",
    "org.es",
    "gob.es",
    "com.pt",
    "gov.pt",
    "com.ru",
    "org.ru",
    "net.ru",
    "msk.ru",
    "spb.ru",
    "co.nl",
    "gc.ca",
    "qc.ca",
    "on.ca",
    "bc.ca",
    "ab.ca",
    "ny.us",
    "ca.us",
    "tx.us",
    "k12.ca.us",
    // Hosting platforms: every customer gets a sibling subdomain.
    "github.io",
    "githubusercontent.com",
    "gitlab.io",
    "herokuapp.com",
    "herokussl.com",
    "appspot.com",
    "web.app",
    "firebaseapp.com",
    "netlify.app",
    "vercel.app",
    "now.sh",
    "pages.dev",
    "workers.dev",
    "azurewebsites.net",
    "cloudapp.net",
    "azurestaticapps.net",
    "azureedge.net",
    "blob.core.windows.net",
    "trafficmanager.net",
    "cloudfront.net",
    "amazonaws.com",
    "s3.amazonaws.com",
    "elasticbeanstalk.com",
    "awsapprunner.com",
    "onrender.com",
    "fly.dev",
    "glitch.me",
    "repl.co",
    "replit.dev",
    "ngrok.io",
    "ngrok.app",
    "ngrok-free.app",
    "loca.lt",
    "trycloudflare.com",
    "blogspot.com",
    "wordpress.com",
    "wixsite.com",
    "myshopify.com",
    "squarespace.com",
    "surge.sh",
    "readthedocs.io",
    "bitbucket.io",
    "codeberg.page",
    "deno.dev",
    "railway.app",
    "up.railway.app",
    "duckdns.org",
    "dyndns.org",
    "no-ip.org",
    "ddns.net",
    "sharepoint.com",
    "cloudflareaccess.com",
    "run.app",
    "a.run.app",
    "cloudfunctions.net",
    "translate.goog",
    "localhost.run",
    "nip.io",
    "sslip.io",
];

/// Whether `domain` (lowercase, no leading dot) is a public suffix: a single
/// label, or one of [`MULTI_LABEL_SUFFIXES`].
///
/// ```
/// use authlens::site::is_public_suffix;
/// assert!(is_public_suffix("com") && is_public_suffix("co.uk") && is_public_suffix("github.io"));
/// assert!(!is_public_suffix("example.com"));
/// ```
#[must_use]
pub fn is_public_suffix(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    !domain.is_empty() && (!domain.contains('.') || MULTI_LABEL_SUFFIXES.contains(&domain))
}

/// The registrable domain ("eTLD+1") of `host`: its public suffix plus one
/// label. An IP address, a single-label host (`localhost`) or a host that is
/// itself a public suffix is its own registrable domain, which is how
/// browsers compare "sites" for such hosts.
///
/// ```
/// use authlens::site::registrable_domain;
/// assert_eq!(registrable_domain("api.shop.example.co.uk"), "example.co.uk");
/// assert_eq!(registrable_domain("www.example.com"), "example.com");
/// assert_eq!(registrable_domain("alice.github.io"), "alice.github.io");
/// assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
/// ```
#[must_use]
pub fn registrable_domain(host: &str) -> &str {
    let host = host.trim_end_matches('.');
    if crate::parse::url::is_ip_address(host) {
        return host;
    }
    // Walk label boundaries from the left; the first suffix that is public
    // is the longest one, and the label before it completes the site.
    let mut previous_start: Option<usize> = None;
    let mut start = 0;
    loop {
        let suffix = host.get(start..).unwrap_or_default();
        if is_public_suffix(suffix) {
            return previous_start.and_then(|s| host.get(s..)).unwrap_or(host);
        }
        match suffix.find('.') {
            Some(dot) => {
                previous_start = Some(start);
                start += dot + 1;
            }
            None => return host,
        }
    }
}

/// How the site of a request relates to the site that caused it, as in the
/// `Sec-Fetch-Site` request header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteRelation {
    /// Same scheme, host and port.
    SameOrigin,
    /// Same scheme and registrable domain.
    SameSite,
    /// Another site (or another scheme of the same one).
    CrossSite,
    /// The user started it (typed URL, bookmark): counts as same-site.
    None,
}

impl SiteRelation {
    /// Reads a `Sec-Fetch-Site` value (`same-origin`, `same-site`,
    /// `cross-site`, `none`), case-insensitively; `None` for anything else.
    #[must_use]
    pub fn from_sec_fetch_site(value: &str) -> Option<Self> {
        let value = value.trim();
        [
            ("same-origin", Self::SameOrigin),
            ("same-site", Self::SameSite),
            ("cross-site", Self::CrossSite),
            ("none", Self::None),
        ]
        .into_iter()
        .find(|(name, _)| value.eq_ignore_ascii_case(name))
        .map(|(_, relation)| relation)
    }

    /// Whether cookies see this as a cross-site request.
    #[must_use]
    pub fn is_cross_site(self) -> bool {
        self == Self::CrossSite
    }

    /// The relation of a request to `target` started from `initiator`
    /// (schemeful same-site: `http` and `https` of one domain are different
    /// sites, as in current browsers).
    #[must_use]
    pub fn between(initiator: &crate::parse::url::Url, target: &crate::parse::url::Url) -> Self {
        if initiator.scheme == target.scheme
            && initiator.host == target.host
            && initiator.port == target.port
        {
            Self::SameOrigin
        } else if initiator.scheme == target.scheme
            && registrable_domain(&initiator.host) == registrable_domain(&target.host)
        {
            Self::SameSite
        } else {
            Self::CrossSite
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        for (host, expected) in [
            ("example.com", "example.com"),
            ("a.b.example.com", "example.com"),
            ("com", "com"),
            ("localhost", "localhost"),
            ("x.co.uk", "x.co.uk"),
            ("co.uk", "co.uk"),
            ("a.b.k12.ca.us", "b.k12.ca.us"),
            ("::1", "::1"),
            ("home.example.org.", "example.org"),
        ] {
            assert_eq!(registrable_domain(host), expected, "{host}");
        }
    }

    #[test]
    fn sec_fetch_site_values() {
        assert_eq!(
            SiteRelation::from_sec_fetch_site("Cross-Site"),
            Some(SiteRelation::CrossSite)
        );
        assert_eq!(SiteRelation::from_sec_fetch_site("nope"), None);
    }
}
