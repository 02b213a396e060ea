//! Placeholders that keep the shape of what they replace, so the diagnosis
//! reads the sanitized capture as it read the original: the same length, the
//! same character classes, a vendor prefix kept, a trailing newline kept.

use std::collections::BTreeMap;

/// Deterministic fillers, one per distinct secret: the same secret gets the
/// same placeholder everywhere in a file (a cookie set and later sent still
/// matches), different secrets get different ones.
#[derive(Debug, Default)]
pub struct Pseudonyms {
    // Ordered, not hashed: the page's wasm carries no hash table.
    seen: BTreeMap<String, String>,
    /// Secret pieces already replaced somewhere, with their replacement: the
    /// same token also turns up where no rule looks for it (a log line that
    /// echoes the request, a note, a body), and must go there too.
    known: Vec<(String, String)>,
}

/// Below this a piece could be an ordinary word; secrets are longer.
const KNOWN_MIN: usize = 12;

/// The runs of token characters (base64, base64url, hex, JWT parts) in `s`.
fn pieces(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| {
        !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '+' | '/' | '-'))
    })
    .filter(|p| !p.is_empty())
}

impl Pseudonyms {
    /// The placeholder for `secret`, keeping `keep_prefix` bytes as they are
    /// (a vendor prefix such as `ghp_` says which kind of token it was and is
    /// no secret).
    pub fn filler(&mut self, secret: &str, keep_prefix: usize) -> String {
        if let Some(known) = self.seen.get(secret) {
            return known.clone();
        }
        let seed = self.seen.len() as u64 + 1;
        let mut out = String::with_capacity(secret.len());
        let mut rng = Rng::new(seed);
        let mut escape: u8 = 0;
        for (i, c) in secret.char_indices() {
            // `%3A` stays `%3A`: escapes encode separators (`s:` of a signed
            // cookie), not the secret, and must stay valid escapes.
            if c == '%'
                && secret
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                escape = 3;
            }
            if i < keep_prefix || escape > 0 {
                out.push(c);
                escape = escape.saturating_sub(1);
            } else {
                out.push(rng.like(c));
            }
        }
        self.seen.insert(secret.to_owned(), out.clone());
        out
    }

    /// The placeholder for raw secret bytes (a Basic password may be Latin-1).
    pub fn filler_bytes(&mut self, secret: &[u8]) -> Vec<u8> {
        let key = String::from_utf8_lossy(secret).into_owned();
        if let Ok(text) = std::str::from_utf8(secret) {
            return self.filler(text, 0).into_bytes();
        }
        let seed = self.seen.len() as u64 + 1;
        let mut rng = Rng::new(seed);
        // Not UTF-8: keep every byte's class (ASCII or not) so a "non-UTF-8
        // password" finding survives.
        let out: Vec<u8> = secret
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    rng.like(b as char) as u8
                } else {
                    0xE9
                }
            })
            .collect();
        self.seen
            .insert(key, String::from_utf8_lossy(&out).into_owned());
        out
    }

    /// Records that `original` was written as `replaced`: each token run that
    /// changed (and is long enough to be a secret) is replaced wherever
    /// [`Pseudonyms::rescrub`] later finds it.
    pub(crate) fn learn(&mut self, original: &str, replaced: &str) {
        if original == replaced {
            return;
        }
        let (old, new): (Vec<&str>, Vec<&str>) =
            (pieces(original).collect(), pieces(replaced).collect());
        if old.len() != new.len() {
            return;
        }
        for (o, n) in old.into_iter().zip(new) {
            if o != n && o.len() >= KNOWN_MIN && !self.known.iter().any(|(k, _)| k == o) {
                // Longest first, so a secret that contains another goes
                // whole (an insert, not a sort: no sort code in the wasm).
                let at = self.known.iter().position(|(k, _)| k.len() < o.len());
                let at = at.unwrap_or(self.known.len());
                self.known.insert(at, (o.to_owned(), n.to_owned()));
            }
        }
    }

    /// `text` with every secret piece learnt so far replaced; `None` when
    /// none occurs. Returns how many were replaced with the text.
    pub(crate) fn rescrub(&self, text: &str) -> Option<(String, usize)> {
        if self.known.is_empty() || text.len() < KNOWN_MIN {
            return None;
        }
        let mut out: Option<String> = None;
        let mut count = 0;
        for (old, new) in &self.known {
            let current = out.as_deref().unwrap_or(text);
            // memchr's searcher is already in the build (serde_json) and
            // much faster than `str::contains` on big bodies.
            if memchr::memmem::find(current.as_bytes(), old.as_bytes()).is_none() {
                continue;
            }
            count += current.matches(old.as_str()).count();
            out = Some(current.replace(old.as_str(), new));
        }
        out.map(|o| (o, count))
    }

    /// How many distinct secrets were replaced.
    #[must_use]
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether nothing was replaced.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

/// xorshift64*: enough to make fillers look varied; nothing here needs to be
/// unpredictable, only different from the secret.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick(&mut self, set: &[u8]) -> char {
        let n = set.len().max(1) as u64;
        set.get((self.next() % n) as usize)
            .map_or('x', |&b| b as char)
    }

    /// A character of the same class as `c`: letters stay letters of the
    /// same case, digits stay digits, hex stays hex, separators and line
    /// ends stay, non-ASCII keeps its UTF-8 length.
    fn like(&mut self, c: char) -> char {
        match c {
            'a'..='f' => self.pick(b"abcdef"),
            'g'..='z' => self.pick(b"ghijkmnpqrstuvwxyz"),
            'A'..='F' => self.pick(b"ABCDEF"),
            'G'..='Z' => self.pick(b"GHJKLMNPQRSTUVWXYZ"),
            '0'..='9' => self.pick(b"0123456789"),
            c if c.is_ascii() => c,
            c => match c.len_utf8() {
                2 => 'é',
                3 => '€',
                _ => '😀',
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_secret_same_filler_and_shape_kept() {
        let mut p = Pseudonyms::default();
        let a = p.filler("ghp_abcDEF0123456789xyz", 4);
        assert_eq!(a.len(), "ghp_abcDEF0123456789xyz".len());
        assert!(a.starts_with("ghp_"));
        assert_ne!(a, "ghp_abcDEF0123456789xyz");
        assert_eq!(p.filler("ghp_abcDEF0123456789xyz", 4), a);
        assert_ne!(p.filler("ghp_abcDEF0123456789xyy", 4), a);
        let pw = p.filler("hunter2\n", 0);
        assert!(pw.ends_with('\n'));
        let non_ascii = p.filler("pässwörd", 0);
        assert_eq!(non_ascii.len(), "pässwörd".len());
        assert!(!non_ascii.is_ascii());
    }

    #[test]
    fn non_utf8_bytes_keep_their_class() {
        let mut p = Pseudonyms::default();
        let out = p.filler_bytes(b"caf\xe9");
        assert_eq!(out.len(), 4);
        assert!(std::str::from_utf8(&out).is_err());
    }
}
