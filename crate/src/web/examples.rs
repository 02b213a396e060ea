//! The examples gallery: one real failure per family, small texts compiled
//! into the wasm from `tests/fixtures/examples/` (where
//! `expected.tsv` says what each must produce; the native and browser tests
//! hold the page to it).

/// One example of the gallery.
pub struct Example {
    /// Stable id (the fixture's file name without `.txt`), `data-example` on its button.
    pub id: &'static str,
    /// The button's text.
    pub label: &'static str,
    /// What is pasted.
    pub text: &'static str,
}

macro_rules! example {
    ($id:literal, $label:literal) => {
        Example {
            id: $id,
            label: $label,
            text: include_str!(concat!("../../../tests/fixtures/examples/", $id, ".txt")),
        }
    };
}

/// The gallery, in the order shown.
pub const EXAMPLES: &[Example] = &[
    example!("basic-htaccess", "Basic / .htaccess"),
    example!("basic-newline", "Basic with echo newline"),
    example!("jwt-expired", "Expired JWT"),
    example!("insufficient-scope", "Insufficient scope"),
    example!("digest-stale", "Digest stale nonce"),
    example!("ntlm-fallback", "NTLM fallback"),
    example!("samesite-cookie", "SameSite cookie"),
    example!("cors-preflight", "CORS preflight"),
    example!("redirect-drop", "Redirect drops Authorization"),
    example!("iis-401-2", "IIS 401.2"),
    example!("proxy-407", "407 proxy"),
];
