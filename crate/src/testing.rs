//! Support for tests (native only, hidden from the docs): where the shared
//! corpus lives. Unit tests, integration tests and benchmarks all call this one
//! helper, so `$AUTHLENS_SHARED` works everywhere.

use std::path::PathBuf;

/// The `shared/` folder: `$AUTHLENS_SHARED` when set, else `../shared` beside
/// the project root (`crate/../../shared`).
#[must_use]
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("AUTHLENS_SHARED") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

/// A file under `shared/corpus/`.
#[must_use]
pub fn corpus_path(relative: &str) -> PathBuf {
    shared_dir().join("corpus").join(relative)
}
