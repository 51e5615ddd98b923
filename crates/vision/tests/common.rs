//! Helpers shared by the vision integration tests: paths to the project's models and to ../shared test data.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;

/// This crate's folder, read at run time (`cargo test` sets it): test binaries may have been built from another
/// checkout sharing the target folder.
fn crate_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub fn model_dir() -> PathBuf {
    crate_dir().join("../../assets/ml")
}

/// This crate's own test data (tests/data): licence-clean photos and MediaPipe's references for them.
pub fn repo_testdata() -> PathBuf {
    crate_dir().join("tests/data")
}

/// Where ../shared/testdata is: next to the repository, or `VITRINE_SHARED_TESTDATA` when set.
fn shared_testdata_dir() -> PathBuf {
    std::env::var_os("VITRINE_SHARED_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir().join("../../../shared/testdata"))
}

/// ../shared/testdata, for the tests whose photos may not be copied into the repository (zidane.jpg and bus.jpg come
/// from an AGPL package; the dev clip is made from zidane.jpg). `None` when it is absent: the test then says it was
/// skipped and why, on stderr and in the file `VITRINE_SKIPPED_TESTS` names (`cargo xtask test` counts that file's
/// lines in its summary), and returns without asserting anything.
pub fn shared_testdata(test: &str) -> Option<PathBuf> {
    let dir = shared_testdata_dir();
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!(
        "{test}: skipped: {} is absent (it holds photos under licences that keep them out of the repository)",
        dir.display()
    );
    eprintln!("{why}");
    if let Some(log) = std::env::var_os("VITRINE_SKIPPED_TESTS") {
        use std::io::Write;
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .and_then(|mut file| writeln!(file, "{why}"));
        assert!(appended.is_ok(), "cannot record the skip in {log:?}");
    }
    None
}

/// Mean 2D distance between matching points.
pub fn mean_distance(a: &[[f32; 2]], b: &[[f32; 2]]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(p, q)| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt())
        .sum::<f32>()
        / a.len() as f32
}

pub fn xy<const N: usize>(points: &[[f32; N]]) -> Vec<[f32; 2]> {
    points.iter().map(|p| [p[0], p[1]]).collect()
}

pub fn bbox_diagonal(points: &[[f32; 2]]) -> f32 {
    let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
    for p in points {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    ((hi[0] - lo[0]).powi(2) + (hi[1] - lo[1]).powi(2)).sqrt()
}
