//! Writes each fuzz target's seed inputs, taken from the shared corpus, to
//! `OUT/<target>/`: `./dev fuzz` runs this before fuzzing, so the corpus is
//! read in place and never copied into the repository.
//!
//! Usage: `cargo run -p authlens --example fuzz_seeds -- OUT [MAX_BYTES]`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: fuzz_seeds OUT [MAX_BYTES]");
        return ExitCode::from(1);
    };
    let max = args.next().and_then(|m| m.parse().ok()).unwrap_or(1 << 20);
    for (target, _) in authlens::fuzz_bodies::TARGETS {
        let dir = out.join(target);
        let written = authlens::fuzz_bodies::seeds(target, max).and_then(|seeds| {
            std::fs::create_dir_all(&dir)?;
            for (i, (_, bytes)) in seeds.iter().enumerate() {
                std::fs::write(dir.join(format!("seed-{i:04}")), bytes)?;
            }
            Ok(seeds.len())
        });
        match written {
            Ok(n) => println!("{target}: {n} seeds"),
            Err(e) => {
                eprintln!("{target}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
