//! Helpers shared by the integration tests (each test file includes this module with `mod common;`).

#![allow(
    dead_code,
    reason = "each test binary uses its own subset of these helpers"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// This crate's folder, read at run time (`cargo test` sets it): test binaries may have been built from another
/// checkout sharing the target folder.
pub fn crate_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The `vitrine` binary on this checkout's assets.
pub fn vitrine() -> Command {
    vitrine_on(&crate_dir().join("assets"))
}

/// The `vitrine` binary on another assets folder (a test's changed copy), logging like [`vitrine_quiet`].
pub fn vitrine_on(assets: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    command.arg("--assets").arg(assets);
    command
}

/// The same, logging only Vitrine's own information (and every crate's warnings).
pub fn vitrine_quiet() -> Command {
    let mut command = vitrine();
    command.env("RUST_LOG", "warn,vitrine=info");
    command
}

/// An empty folder for one test's output under Cargo's test scratch folder.
pub fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clear the test's previous output");
    }
    std::fs::create_dir_all(&dir).expect("create test output folder");
    dir
}

/// Copies the assets folder to `to`, so a test can change parts of it.
pub fn copy_assets(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir").flatten() {
            let path = entry.path();
            let target = to.join(entry.file_name());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).expect("copy");
            }
        }
    }
    copy(&crate_dir().join("assets"), to);
}
