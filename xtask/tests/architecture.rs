//! docs/ARCHITECTURE.md stays true: every source file of the app and of the crates has a row, and every file a row
//! names exists.
//!
//! A row's first cell names files as backticked tokens, read left to right:
//! - a path (`src/web/mod.rs`, `crates/vision/src/bin/vitrine_track.rs`), which also sets the folder for what follows;
//! - a file name (`address.rs`): a file in that folder;
//! - a module (`vision::maths::roi`: `crates/vision/src/maths/roi.rs` or `…/roi/mod.rs`), which also sets the parent
//!   module for what follows;
//! - a bare name (`detection`) after a module: a sibling of that module.
//!
//! Other tokens (a crate's folder, a command, `web/`) name no source file and are not checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .parent()
    .map(Path::to_path_buf)
    .unwrap_or_else(|| PathBuf::from(".."))
}

/// Every `.rs` file under `dir`, as a path relative to the repository root with `/` separators.
fn rust_files(root: &Path, dir: &Path, found: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(root, &path, found);
        } else if path.extension().is_some_and(|e| e == "rs")
            && let Ok(relative) = path.strip_prefix(root)
        {
            found.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The source files the architecture must describe: `src/**` and `crates/*/src/**`.
fn source_files(root: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    rust_files(root, &root.join("src"), &mut found);
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        for krate in crates.flatten() {
            rust_files(root, &krate.path().join("src"), &mut found);
        }
    }
    found
}

/// The backticked tokens of a markdown cell.
fn tokens(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

fn is_identifier(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A module's candidate files: `crates/<crate>/src/<a>/<b>.rs` or `…/<b>/mod.rs` (a crate alone: its `lib.rs`).
fn module_files(krate: &str, path: &[&str]) -> Vec<String> {
    let base = format!("crates/{}/src", krate.replace('_', "-"));
    if path.is_empty() {
        return vec![format!("{base}/lib.rs")];
    }
    let joined = path.join("/");
    vec![
        format!("{base}/{joined}.rs"),
        format!("{base}/{joined}/mod.rs"),
    ]
}

/// What one row's first cell names: each entry is a set of candidate files, one of which must exist.
fn named_in(cell: &str) -> Vec<(String, Vec<String>)> {
    let mut named = Vec::new();
    let mut folder: Option<String> = None;
    let mut parent: Option<(String, Vec<String>)> = None;
    for token in tokens(cell) {
        if token.ends_with(".rs") && token.contains('/') {
            folder = token.rsplit_once('/').map(|(dir, _)| dir.to_owned());
            parent = None;
            named.push((token.to_owned(), vec![token.to_owned()]));
        } else if token.ends_with(".rs") {
            if let Some(dir) = &folder {
                let path = format!("{dir}/{token}");
                named.push((token.to_owned(), vec![path]));
            }
        } else if let Some((krate, rest)) = token.split_once("::") {
            let mut path: Vec<String> = rest.split("::").map(str::to_owned).collect();
            if !is_identifier(krate) || !path.iter().all(|p| is_identifier(p)) {
                continue;
            }
            let segments: Vec<&str> = path.iter().map(String::as_str).collect();
            named.push((token.to_owned(), module_files(krate, &segments)));
            path.pop();
            folder = None;
            parent = Some((krate.to_owned(), path));
        } else if is_identifier(token)
            && let Some((krate, path)) = &parent
        {
            let mut segments: Vec<&str> = path.iter().map(String::as_str).collect();
            segments.push(token);
            named.push((token.to_owned(), module_files(krate, &segments)));
        }
    }
    named
}

#[test]
fn every_source_file_has_a_row_and_every_row_names_files_that_exist() {
    let root = root();
    let architecture = std::fs::read_to_string(root.join("docs/ARCHITECTURE.md"))
        .unwrap_or_else(|e| panic!("docs/ARCHITECTURE.md cannot be read: {e}"));
    let mut described = BTreeSet::new();
    let mut missing = Vec::new();
    let mut rows = 0;
    for line in architecture.lines().filter(|l| l.starts_with("| `")) {
        rows += 1;
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        assert!(
            cells.len() >= 3 && cells.iter().all(|c| !c.trim().is_empty()),
            "a row needs what it is, what it owns and what it may depend on: {line}"
        );
        for (token, candidates) in named_in(cells[0]) {
            match candidates.iter().find(|c| root.join(c).is_file()) {
                Some(file) => {
                    described.insert(file.clone());
                }
                None => missing.push(format!(
                    "`{token}` (looked for {})",
                    candidates.join(" or ")
                )),
            }
        }
    }
    assert!(
        rows > 40,
        "docs/ARCHITECTURE.md has only {rows} module rows"
    );
    assert!(
        missing.is_empty(),
        "docs/ARCHITECTURE.md names files that do not exist:\n  {}",
        missing.join("\n  ")
    );
    let undescribed: Vec<String> = source_files(&root)
        .into_iter()
        .filter(|f| !described.contains(f))
        .collect();
    assert!(
        undescribed.is_empty(),
        "these files have no row in docs/ARCHITECTURE.md (name them in a row's first cell):\n  {}",
        undescribed.join("\n  ")
    );
}

#[test]
fn a_row_names_paths_files_beside_them_modules_and_their_siblings() {
    let named = named_in("`src/web/mod.rs`, `address.rs` (wasm)");
    assert_eq!(named[1].1, vec!["src/web/address.rs".to_owned()]);
    let named = named_in("`vision::maths::roi`, `detection`, `crates/vision/src/bin/x.rs`, `y.rs`");
    assert_eq!(
        named[1].1,
        vec![
            "crates/vision/src/maths/detection.rs".to_owned(),
            "crates/vision/src/maths/detection/mod.rs".to_owned()
        ]
    );
    assert_eq!(named[3].1, vec!["crates/vision/src/bin/y.rs".to_owned()]);
    assert_eq!(
        module_files("ort_env", &[]),
        vec!["crates/ort-env/src/lib.rs".to_owned()]
    );
    // A crate's folder, a command or a folder of the page names no source file.
    assert!(named_in("`crates/catalog` and `vitrine render` in `web/`").is_empty());
}
