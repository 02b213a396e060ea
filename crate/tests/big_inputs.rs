//! Big header values (a HAR may hold megabytes in one field) must parse in
//! linear time: a quadratic step would freeze the page on one bad header.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

fn timed(what: &str, f: impl FnOnce()) {
    let start = Instant::now();
    f();
    let took = start.elapsed();
    // Generous for debug builds on a busy machine; quadratic behaviour takes minutes.
    assert!(took < Duration::from_secs(5), "{what} took {took:?}");
}

#[test]
fn megabyte_values_parse_quickly() {
    let n = 100_000;
    let many_params = format!("Basic {}", "a=b, ".repeat(n));
    let distinct_params: String = format!(
        "Digest {}",
        (0..n).map(|i| format!("p{i}=v, ")).collect::<String>()
    );
    let no_commas = format!("Basic {}", "x y ".repeat(n));
    let open_quotes = "Basic realm=\"".repeat(n);
    let junk = "\"@\"".repeat(n);
    for value in [
        &many_params,
        &distinct_params,
        &no_commas,
        &open_quotes,
        &junk,
    ] {
        timed("challenges", || {
            let _ = authlens::parse::www_authenticate::to_json(value);
        });
        timed("credentials", || {
            let _ = authlens::parse::authorization::to_json(value);
        });
    }
    let claims: String = format!(
        "{{{}\"x\":0}}",
        (0..n).map(|i| format!("\"c{i}\":0,")).collect::<String>()
    );
    use base64::Engine as _;
    let token = format!(
        "eyJhbGciOiJub25lIn0.{}.",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims)
    );
    timed("jwt", || {
        let _ = authlens::parse::jwt::decode_jwt(&token, 0).unwrap();
    });
}
