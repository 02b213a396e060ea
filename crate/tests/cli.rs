//! The `authlens` command line as contracts.md "CLI" describes it: formats,
//! standard input, exit statuses 0 (report), 2 (unreadable, located on
//! stderr) and 1 (usage).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const PASTE: &str = "GET /api HTTP/1.1\r\nHost: a.test\r\nAuthorization: Bearer s3cr3t-token-value\r\n\r\nHTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\r\n\r\n";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A usage error exits before reading standard input: the pipe may be
    // closed by then, which is not what these tests look at.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn json_report_from_stdin() {
    for args in [
        &["diagnose", "--format", "json"][..],
        &["diagnose", "--format=json", "-"],
    ] {
        let out = run(args, PASTE);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(report["schema_version"], 1);
        assert_eq!(report["input"]["kind"], "http");
        assert_eq!(report["input"]["exchanges"], 1);
        let exchange = &report["exchanges"][0];
        assert_eq!(exchange["entry_index"], 0);
        assert_eq!(exchange["request"]["method"], "GET");
        assert_eq!(exchange["response"]["status"], 401);
        let challenge = &exchange["response"]["headers"][0];
        assert_eq!(challenge["name"], "WWW-Authenticate");
        assert!(challenge["parsed"]["challenges"].is_array(), "{challenge}");
    }
}

#[test]
fn reads_a_file_argument() {
    let dir = std::env::temp_dir().join(format!("authlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("paste.txt");
    std::fs::write(&path, PASTE).unwrap();
    let out = run(
        &["diagnose", "--format", "json", path.to_str().unwrap()],
        "",
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"status\": 401"));
}

#[test]
fn text_and_markdown_never_show_the_secret() {
    for format in ["text", "markdown"] {
        let out = run(&["diagnose", "--format", format], PASTE);
        assert_eq!(out.status.code(), Some(0));
        let shown = stdout(&out);
        assert!(
            shown.contains("Authorization: Bearer <redacted: 18 bytes>"),
            "{shown}"
        );
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(
            !shown.contains('\u{1b}'),
            "colour without a terminal: {shown}"
        );
    }
    let md = stdout(&run(&["diagnose", "--format", "markdown"], PASTE));
    assert!(md.starts_with("# AuthLens report"), "{md}");
}

#[test]
fn unreadable_input_exits_2_with_line_and_column() {
    let out = run(&["diagnose"], "\n\n   just some words\nand more\n");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("line 3, column 4"), "{err}");
    let out = run(&["diagnose", "--format", "json"], "");
    assert_eq!(out.status.code(), Some(2), "empty input is unreadable");
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["input"]["error"]["line"], 1);
    let missing = run(&["diagnose", "/nonexistent/authlens/paste.txt"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn usage_errors_exit_1() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["diagnose", "--format", "yaml"],
        &["diagnose", "--format"],
        &["diagnose", "--bogus"],
        &["diagnose", "--now", "yesterday"],
        &["diagnose", "a.txt", "b.txt"],
    ];
    for args in cases {
        let out = run(args, PASTE);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("usage: authlens diagnose"),
            "{args:?}"
        );
    }
    let ok = run(&["diagnose", "--now", "2026-11-23T18:08:13Z"], PASTE);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
}

#[test]
fn compare_lines_up_a_working_and_a_failing_capture() {
    let dir = std::env::temp_dir().join(format!("authlens-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let working = dir.join("working.txt");
    let failing = dir.join("failing.txt");
    std::fs::write(&working, "GET /api HTTP/1.1\r\nHost: a.test\r\nAuthorization: Bearer good-token-value\r\n\r\nHTTP/1.1 200 OK\r\n\r\n").unwrap();
    std::fs::write(&failing, "GET /api HTTP/1.1\r\nHost: a.test\r\n\r\nHTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\"\r\n\r\n").unwrap();
    let (w, f) = (working.to_str().unwrap(), failing.to_str().unwrap());

    let out = run(&["compare", w, f], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("GET /api: working #0 200 / failing #0 401\n  credentials"),
        "{text}"
    );
    assert!(!text.contains("good-token-value"), "{text}");

    let out = run(&["compare", "--json", w, f], "");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["pairs"][0]["differences"][0]["aspect"], "credentials");
    assert_eq!(json["pairs"][0]["differences"][0]["working"], "Bearer");
    assert_eq!(json["pairs"][0]["differences"][0]["failing"], "none");

    assert_eq!(run(&["compare", w], "").status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}
