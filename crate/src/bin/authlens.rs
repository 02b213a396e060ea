//! `authlens`: the command-line face of the core, for support engineers and
//! tests. Argument handling is written out by hand: the surface is four
//! subcommands, and a parser crate would cost more than it saves.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use authlens::report::{
    render_details_markdown, render_details_text, render_markdown, render_text,
};
use authlens::sanitize::HarSanitizer;
use authlens::{Options, Reader};

const USAGE: &str = "\
usage: authlens diagnose [--format text|json|markdown] [--now RFC3339] [--redact] [FILE|-]
       authlens sanitize [FILE|-]
       authlens compare [--json] WORKING FAILING
       authlens explain CODE
       authlens rules [--json]

Reads pasted headers, curl/wget output, raw HTTP, a header value, a JWT or a
HAR file (FILE, or standard input when FILE is - or absent) and explains why
the request was refused. `sanitize` writes the input (a HAR or a paste) to
standard output with every secret replaced, and what it redacted to stderr.
`compare` lines up the requests of a working and a failing capture and shows
what differs in everything auth-relevant, most explanatory first.

exit status: 0 a report was produced, 2 the input could not be read, 1 usage";

#[derive(Clone, Copy)]
enum Format {
    Text,
    Json,
    Markdown,
}

struct Args {
    format: Format,
    now: Option<i64>,
    redact: bool,
    file: Option<String>,
}

fn parse_diagnose(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        format: Format::Text,
        now: None,
        redact: false,
        file: None,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--format" => {
                parsed.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    other => {
                        return Err(format!("unknown format `{other}` (text, json or markdown)"))
                    }
                }
            }
            "--now" => {
                let text = value("--now")?;
                parsed.now = Some(
                    authlens::time::parse_rfc3339(&text)
                        .ok_or(format!("--now `{text}` is not an RFC 3339 date-time"))?,
                );
            }
            // For a JSON report that is to be shared: text and Markdown
            // always hide secrets, JSON shows values as read unless asked.
            "--redact" => parsed.redact = true,
            "-h" | "--help" => return Err(String::new()),
            "-" => parsed.file = None,
            other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
            _ if parsed.file.is_some() => return Err("only one FILE may be given".into()),
            _ => parsed.file = Some(arg),
        }
    }
    Ok(parsed)
}

fn open_input(file: Option<&str>) -> Result<Box<dyn Read>, String> {
    match file {
        Some(path) => std::fs::File::open(path)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| format!("cannot read {path}: {e}")),
        None => Ok(Box::new(std::io::stdin().lock())),
    }
}

/// Reads the input in chunks, so a HAR of any size goes through in memory
/// that does not grow with it.
fn for_each_chunk(file: Option<&str>, mut f: impl FnMut(&[u8])) -> Result<(), String> {
    let mut input = open_input(file)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => f(buf.get(..n).unwrap_or(&[])),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(format!(
                    "cannot read {}: {e}",
                    file.unwrap_or("standard input")
                ))
            }
        }
    }
}

fn run_diagnose(args: Args) -> ExitCode {
    let mut options = Options::default();
    options.now = args.now;
    let mut reader = Reader::new(options);
    if let Err(message) = for_each_chunk(args.file.as_deref(), |chunk| reader.push(chunk)) {
        eprintln!("authlens: {message}");
        return ExitCode::from(2);
    }
    let mut report = reader.finish();
    if args.redact {
        report.redact_secrets();
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    let rendered = match args.format {
        Format::Json => report.to_json() + "\n",
        Format::Text => render_text(&report, color) + &render_details_text(&report),
        Format::Markdown => render_markdown(&report) + &render_details_markdown(&report),
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = std::io::stdout().write_all(rendered.as_bytes());
    if let Some(error) = &report.input.error {
        eprintln!(
            "authlens: {}: {error}",
            args.file.as_deref().unwrap_or("<stdin>")
        );
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn run_sanitize(mut args: impl Iterator<Item = String>) -> Result<ExitCode, String> {
    let file = match (args.next(), args.next()) {
        (None, _) => None,
        (Some(f), None) if f == "-" => None,
        (Some(f), None) if !f.starts_with('-') => Some(f),
        (Some(f), None) => return Err(format!("unknown option `{f}`")),
        (Some(_), Some(_)) => return Err("only one FILE may be given".into()),
    };
    let name = file.as_deref().unwrap_or("<stdin>");
    // A HAR streams through the sanitizer; a paste is read whole (it is
    // small, and its messages are rewritten in place).
    let mut har: Option<HarSanitizer<std::io::BufWriter<std::io::Stdout>>> = None;
    let mut text: Option<Vec<u8>> = None;
    let read = for_each_chunk(file.as_deref(), |chunk| {
        if har.is_none() && text.is_none() {
            let body = chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk);
            if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
                har = Some(HarSanitizer::new(
                    std::io::BufWriter::new(std::io::stdout()),
                ));
            } else {
                text = Some(Vec::new());
            }
        }
        if let Some(h) = har.as_mut() {
            h.push(chunk);
        } else if let Some(t) = text.as_mut() {
            t.extend_from_slice(chunk);
        }
    });
    if let Err(message) = read {
        eprintln!("authlens: {message}");
        return Ok(ExitCode::from(2));
    }
    if let Some(h) = har {
        return Ok(match h.finish() {
            Ok(summary) => {
                for w in &summary.warnings {
                    eprintln!("authlens: {name}: {w}");
                }
                eprint!("{}", summary.redactions);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("authlens: {name}: {error}; nothing written");
                ExitCode::from(2)
            }
        });
    }
    let sanitized = authlens::sanitize::sanitize_text(&text.unwrap_or_default());
    let _ = std::io::stdout().write_all(sanitized.text.as_bytes());
    eprint!("{}", sanitized.redactions);
    Ok(ExitCode::SUCCESS)
}

/// `authlens compare [--json] WORKING FAILING`.
fn run_compare(args: impl Iterator<Item = String>) -> Result<ExitCode, String> {
    let mut json = false;
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
            _ => files.push(arg),
        }
    }
    let [working, failing] = &files[..] else {
        return Err("compare takes two files: WORKING FAILING".into());
    };
    let options = Options::default();
    let mut reports = Vec::new();
    for file in [working, failing] {
        let mut reader = Reader::new(options.clone());
        for_each_chunk(Some(file), |chunk| reader.push(chunk))?;
        let report = reader.finish();
        if let Some(error) = &report.input.error {
            eprintln!("authlens: {file}: {error}");
            return Ok(ExitCode::from(2));
        }
        reports.push(report);
    }
    let (Some(w), Some(f)) = (reports.first(), reports.get(1)) else {
        return Err("compare takes two files: WORKING FAILING".into());
    };
    let comparison = authlens::compare::compare(w, f);
    let out = if json {
        serde_json::to_string_pretty(&comparison).unwrap_or_default() + "\n"
    } else {
        authlens::compare::render_text(&comparison)
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `authlens explain CODE`: the code's documentation and references.
fn run_explain(code: &str) -> ExitCode {
    let (Some(rule), Some(doc)) = (authlens::rules::rule(code), authlens::rules::explain(code))
    else {
        eprintln!("authlens: unknown code `{code}` (authlens rules lists them)");
        return ExitCode::from(1);
    };
    let mut out = format!(
        "# {}\n\n{}\n\n{doc}\n## References\n",
        rule.code, rule.summary
    );
    for r in rule.references {
        out.push_str("- ");
        out.push_str(r);
        out.push('\n');
    }
    if !rule.detects() {
        out.push_str("\n(registered; detection not built yet)\n");
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

/// One code as `authlens rules --json` lists it.
#[derive(serde::Serialize)]
struct RuleOut<'a> {
    code: &'a str,
    summary: &'a str,
    detects: bool,
    references: &'a [&'a str],
    doc: &'a str,
}

/// `authlens rules [--json]`: every registered code.
fn run_rules(json: bool) -> ExitCode {
    let rules = authlens::rules::RULES;
    let out = if json {
        let list: Vec<RuleOut<'_>> = rules
            .iter()
            .map(|r| RuleOut {
                code: r.code,
                summary: r.summary,
                detects: r.detects(),
                references: r.references,
                doc: authlens::rules::explain(r.code).unwrap_or(""),
            })
            .collect();
        serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
    } else {
        rules
            .iter()
            .map(|r| {
                format!(
                    "{:<36} {}{}\n",
                    r.code,
                    if r.detects() { "" } else { "(pending) " },
                    r.summary
                )
            })
            .collect()
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("diagnose") => parse_diagnose(args).map(run_diagnose),
        Some("sanitize") => run_sanitize(args),
        Some("compare") => run_compare(args),
        Some("explain") => match (args.next(), args.next()) {
            (Some(code), None) => Ok(run_explain(&code)),
            _ => Err("explain takes one CODE".into()),
        },
        Some("rules") => match args.next().as_deref() {
            None => Ok(run_rules(false)),
            Some("--json") => Ok(run_rules(true)),
            Some(other) => Err(format!("unknown option `{other}`")),
        },
        Some("-h" | "--help") | None => Err(String::new()),
        Some(other) => Err(format!("unknown command `{other}`")),
    };
    result.unwrap_or_else(|message| {
        if !message.is_empty() {
            eprintln!("authlens: {message}");
        }
        eprintln!("{USAGE}");
        ExitCode::from(1)
    })
}
