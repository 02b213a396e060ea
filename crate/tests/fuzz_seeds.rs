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
    // An unclosed quote in a curl command ran `-H "Authorization: …` over
    // the next line, so `Set-Cookie: sid=…` there was rewritten as part of
    // the credential (partly) instead of as a header of its own.
    (
        "sanitize_leak",
        b"curl --location --request POST '\xff\x10tp://perfgpt.he--location --request POST '\xff\x10tp://perfgpt.-request POST '\xff\x10{p://perfgpt.cl\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xfd\xa2accept: application/json\" -H \"Authorization: eyJhbGciOiJIUzI1Ni    erify tha docpt: app\xfb\xfb\xfb\xfb responded with a status of 401 (Unaut\x00ontent-the\xa7ntigfpcloud/v1/hhate\x00curl --head http\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffs..curl sfgedl{.*/*^\" ^\n  -H ^\"AcceptB -io:nearer eyJ0eXA\xbd\xbd\xff\xff\xf2\xbd\xbd\xbdBasic YWxpY2U6VU0TcHQ2andN2zdHcXR2\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\"AcceptB -io:nearer eyJ0eXA\xbd\xbd\xf2\xbd\xbd\xbd\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00u requested. Either you supplied the wrong credentials (e.g., her you supplied the wrong credentials (e.g., bad pascurl -X GET \"http://localhost:3000/api/auth/me\" -H \"accept: application/json\" -H \"Authorization:l -X GET \"http://localhost:3000/api/auth/me\"curl dhh-ea -ttps://micrcurl -X GET \"http:/\x82/localhosCI6MSwiaWF0IjoxNTY4NTU5MzE4\xc0\x93iJALCeOjEt:300//api/auth/me\" -H \"accept: dapiapplication/json\" -ca=te: Signature realm=\"/\"\nContententic.cur\x00\x00\x00$ curl -k -i https://joe.example:8443/2X13/card\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09 --l\x00\x00\x00\x00ocation --reion --request PO\x00T \x00\x00\x00\xd8p://per.tgfpc curl -k -i https://joe.example:8443/2X13/card\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09 --\x00\x00\x00\x00location --reion --request POST \x00\x00\x00\xd8p://per.tgfpcloud/v1/hhate\x00curl --head http\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffs..curl sfgedl{.*/*^\" ^\n  -H ^\"AcceptB -io:nearer eyJ0eXA\xbd\xbd\xff\xff\xf2\xbd\xbd\xbdBasic YWxpY2U6VU0TcHQ2andN2zdHcXR2\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\"AcceptB -io:nearer eyJ0eXA\xbd\xbd\xf2\xbd\xbd\xbd\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00u requested. Either you supplied the wrong credentials (e.g., her you supplied the wrong credentials (e.g., bad pascurl -X GET \"http://localhost:3000/api/auth/me\" -H \"accept: application/json\" -H \"Authorization:l -X GET \"http://localhost:3000/api/auth/me\"curl dhh-ea -ttps://micrcurl -X GET \"http:/\x82/localhosCI6MSwiaWF0IjoxNTY4NTU5MzE4\xc0\x93iJALCeOjEt:300//api/auth/me\" -H \"accept: dapiapplication/json\" -H \"Authorization: eyJhbGciOiJId6s b9JpsRq0rVO.c# Burp Suite Request\xa3\x00\x00\x00\x00\x00\x00\x00\n\nGET /user-manS\x01\x00\x00[EFERVBUMDc=\nAuthorization: NegotiateI YIHKNegotiate YIIJS\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00ser-management/user/[TA29x0QqphRll2nnection\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00RGeTED_U============\xc0\xc2\xc2\xc2====AACgAKACgAAAAGAbEdgAAAAARBUk9WU0tJSEFERVBUMDc=\nAuthorization: NegotiateI YIHKNegotiate YIIJS\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xed\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xbcM TlRMTVNTUAAB\nGET http://er5P/1.1\n\x00\x00\x00\x00\x00\x00  erify tha document you requested. E +0000] \"GEdT /api/orders HTTP/0.1\" 401 73 \"Bearer eyJhbGsiOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.RkFLRV9TSUalice [23/Nov/2026:18:08:51 +0000] \"GET /basic/ HTTP/1.1\" 401 179 \"Basic YWxpY2U6d3Jvbmc=\" \"Basic realm=\\x22Restricted Aalid_token\\x06,.erro\x01\x00\x00\x00\x00\x00026:18:08:51curl -X \xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbd\xbdon\" -H \"Authorization: eyJhbGciOiJIUzI0Ni    erify tha docpt: zI1Ni  :3000/api/auth/me\" -H \"accept: application/json\" -H \"Authorization: eyJhbGc\x00\x00\x00\x00\x00\x00iOiJIUz\x00eWQiOjR9fX0.FAKEsiI1Ni    egNotrei:",
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
