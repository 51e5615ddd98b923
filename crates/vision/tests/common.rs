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

/// ../shared/testdata (next to the repository). Tests that compare with MediaPipe need it.
pub fn testdata() -> PathBuf {
    let dir = crate_dir().join("../../../shared/testdata");
    assert!(
        dir.is_dir(),
        "{} is missing: the accuracy tests compare with MediaPipe's references kept there",
        dir.display()
    );
    dir
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
