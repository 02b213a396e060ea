//! Every fuzz body run over its seed corpus on stable, in the ordinary test
//! command: the invariants the fuzzer checks hold on the real samples, and a
//! crash the fuzzer once found stays fixed (its input is kept below).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use authlens::fuzz_bodies::{seeds, TARGETS};

/// Seeds bigger than this are left to the HAR corpus tests: the bodies run
/// several readers per input, and the seed run must stay a few seconds in
/// a debug build.
const MAX_SEED: usize = 64 * 1024;

#[test]
fn every_target_passes_its_seeds() {
    let mut total = 0;
    for (name, body) in TARGETS {
        let seeds = seeds(name, MAX_SEED).unwrap();
        assert!(!seeds.is_empty(), "target {name} has no seeds");
        for (seed, bytes) in &seeds {
            let outcome = std::panic::catch_unwind(|| body(bytes));
            assert!(outcome.is_ok(), "target {name} failed on seed {seed}");
        }
        total += seeds.len();
    }
    assert!(total > 500, "only {total} seeds");
}

/// Inputs that once crashed a body; each is kept with the target it broke.
const REGRESSIONS: &[(&str, &[u8])] = &[
    // A request line in a log line made the paste read as a server log, so
    // `Authorization: Basic …` on the next line was no header to the reader
    // and free-text scrubbing did not know header lines: the password leaked.
    (
        "sanitize_leak",
        b"\x01abcdefghijklmnopqrstuvwx127.0.0.1 - - [23/Nov/2026:18:08:51 +0000] \"GET /basic/ HTTP/1.1\" 401 179 \"-\" \"curl/7.88.1\"\nsecond line\n",
    ),
    // An NTLM CHALLENGE whose empty TargetInfo field claims offset 0x300002:
    // the error inside it pointed 3 MB past a 160-byte message.
    (
        "authorization",
        b"NTLM TlRMTVNTUAACAAAAAgACADAAAAAGgoEAc51AYVDgyNcATVNTUAACAAAAAgACADAAAAAGgoEAc51AYVDgyNcAAAAAAAAAAG4AbgAyAAAAQ0MCAAQAQwB\x01\x00\x00\x0aDAAEAEgBFAEwAZABlAHYALgBuAHUAAwAsAGUAbABpAHMAYQBiAGUAdABoAC4AYwBjAC4AaQBjAGUAZABlAHYALgBuAHUAAAAAAA==",
    ),
    // A HAR entry with neither a request nor a response object became an
    // exchange with no side at all.
    (
        "har",
        br#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a.test/"}},{"pageref":"p","request":"x"}]}}"#,
    ),
    // `Bearer \t Bearer `: skipping the doubled scheme left the token's start
    // past its end, and `end - start` overflowed.
    ("jwt", b"\t Bearer "),
    ("authorization", b"Bearer Bearer "),
    // The fuzzer copied the secret into a noise header line before the
    // `Authorization` it came from: replaced in its header, the same
    // base64 still stood in the trace line the reader kept as a note.
    (
        "sanitize_leak",
        b"11:12:07.265875 http.c:827    *\n11:12:07.266921 http.c:827              => Send header: Ac\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00cept-Encoding: deflate, gzip, br, zstd\n11:12:07.268909 http.c:827              => SeBasic YWxpY2U6UVpLc3g2eHk2dzN1eTIxNDMxZ3EyMnl1bDY0eQ==hhhhhhhhhhhhhhroto this.\n11:12:07.560270 http.c:815              <= Recv hehhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhha: no-cache\n11:12:07.269909 http.c:827              => Send header: Git-Proto this.\n11:12:07.560270 http.c:815              <= Recv header, 0000000071Response Hea d",
    ),
];

#[test]
fn fuzz_regressions_stay_fixed() {
    for (name, input) in REGRESSIONS {
        let (_, body) = TARGETS.iter().find(|(n, _)| n == name).unwrap();
        body(input);
    }
}

#[test]
fn bodies_catch_what_they_promise_to_catch() {
    // Cheap inputs of every shape, through every body: empty, one byte,
    // chunk headers alone, a truncated HAR.
    let odd: &[&[u8]] = &[
        b"",
        b"\0",
        b"\x07\x01\x02\x03",
        b"{\"log\":{\"entries\":[{\"request\":",
        b"\xff\xfe\0\0",
        b"HTTP/1.1 401\r\nWWW-Authenticate: Basic realm=\"\xc3",
    ];
    for (_, body) in TARGETS {
        for input in odd {
            body(input);
        }
    }
}
