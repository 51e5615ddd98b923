//! Helpers shared by the concierge's integration tests: the bundled catalog and the model under assets/.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use concierge::{Concierge, OrtEncoder};

/// This crate's folder, read at run time: the test binary may come from another checkout sharing the target folder.
fn crate_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub fn assets() -> PathBuf {
    crate_dir().join("../../assets")
}

pub fn data() -> PathBuf {
    crate_dir().join("tests/data")
}

pub fn catalog() -> catalog::Catalog {
    catalog::load_catalog_dir(&assets()).expect("the bundled catalog loads")
}

/// The concierge with the sentence encoder (the ONNX Runtime library comes from `cargo xtask setup`).
pub fn semantic() -> &'static Concierge {
    static CONCIERGE: OnceLock<Concierge> = OnceLock::new();
    CONCIERGE.get_or_init(|| {
        let encoder = OrtEncoder::open(&assets()).unwrap_or_else(|e| {
            panic!("the concierge's encoder opens (run the tests through `cargo xtask test`): {e}")
        });
        let concierge = Concierge::new(&catalog(), Some(Box::new(encoder)));
        assert!(matches!(concierge.mode(), concierge::Mode::Semantic { .. }));
        concierge
    })
}

/// The concierge without a model (the fallback).
pub fn lexical() -> &'static Concierge {
    static CONCIERGE: OnceLock<Concierge> = OnceLock::new();
    CONCIERGE.get_or_init(|| Concierge::new(&catalog(), None))
}

pub fn crate_dir_path() -> PathBuf {
    crate_dir()
}
