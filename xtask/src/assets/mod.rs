//! `cargo xtask assets`: builds every catalog product procedurally and writes its GLB under `assets/models/`.

pub mod glb;
pub mod mesh;
pub mod products;

use anyhow::{Context, Result};
use std::path::Path;

/// Writes every product GLB below `assets_dir`; returns (path, triangles, bytes) per file.
pub fn generate(assets_dir: &Path) -> Result<Vec<(String, usize, usize)>> {
    let mut written = Vec::new();
    for (path, build) in products::all() {
        let scene = build();
        let name = Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(path);
        let bytes = scene.to_glb(name);
        let out = assets_dir.join(path);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        written.push((path.to_string(), scene.triangle_count(), bytes.len()));
    }
    Ok(written)
}
