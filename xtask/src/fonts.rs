//! `cargo xtask fonts [--check]`: the core subsets of the two typefaces, which the web showroom loads before its first
//! frame (the full GB 2312 faces, ten times their size, follow once the boutique is on screen).
//!
//! A core subset holds the Latin ranges of the full face and every other character the catalog, the interface and
//! the concierge's reasons use (their files scanned). `--check` (part of `cargo xtask test`) fails when a character
//! the full face has is used but missing from a core subset — a new product name in Chinese, say — and says to run
//! `cargo xtask fonts`, which makes the subsets again with fonttools (`pyftsubset`, PyPI) in a throw-away venv.

use crate::run_step;
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (full face, its core subset), under `assets/fonts/`.
pub const FACES: [(&str, &str); 2] = [
    ("NotoSerifSC-Vitrine.otf", "NotoSerifSC-Core.otf"),
    ("NotoSansSC-Vitrine.otf", "NotoSansSC-Core.otf"),
];

/// The Latin, punctuation and symbol ranges every core subset keeps whole (as the full faces do).
const KEPT_RANGES: &str = "U+0020-007E,U+00A0-017F,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+25B2-25BC,\
                           U+3000-303F,U+FF01-FF5E";

/// The layout features a core subset keeps: those a horizontal line of Latin or simplified Chinese is shaped with.
/// Not `locl` (its Japanese, Korean and traditional alternates of every Hanzi nearly doubled the subsets: 1,957
/// glyphs for 1,100 characters) nor the vertical forms; the full faces, which replace the core ones after the first
/// frame, keep every feature.
const CORE_LAYOUT_FEATURES: &str = "ccmp,kern,liga,calt,clig,rlig,mark,mkmk";

/// Where the text shown to shoppers lives: (folder, file extensions).
const TEXT_SOURCES: [(&str, &[&str]); 4] = [
    ("assets/catalog", &["ron"]),
    ("src", &["rs"]),
    ("crates/concierge/src", &["rs"]),
    ("web", &["html", "js"]),
];

/// Every character beyond ASCII in the files the shopper's text comes from.
pub fn characters_used(root: &Path) -> Result<BTreeSet<char>> {
    let mut used = BTreeSet::new();
    for (folder, extensions) in TEXT_SOURCES {
        let dir = root.join(folder);
        for file in crate::web::files_under(&dir)? {
            if file.components().any(|c| c.as_os_str() == "dist") {
                continue;
            }
            let wanted = file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e));
            if !wanted {
                continue;
            }
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            used.extend(text.chars().filter(|c| *c as u32 > 0x7e));
        }
    }
    Ok(used)
}

/// The characters of `used` that `full` can draw and `core` cannot.
pub fn missing(full: &[u8], core: &[u8], used: &BTreeSet<char>) -> Result<Vec<char>> {
    let full = ttf_parser::Face::parse(full, 0).context("the full face cannot be read")?;
    let core = ttf_parser::Face::parse(core, 0).context("the core subset cannot be read")?;
    Ok(used
        .iter()
        .copied()
        .filter(|c| full.glyph_index(*c).is_some() && core.glyph_index(*c).is_none())
        .collect())
}

/// Fails, naming the characters, when a core subset lacks one that is used.
pub fn check(root: &Path) -> Result<()> {
    let used = characters_used(root)?;
    let fonts = root.join("assets/fonts");
    for (full, core) in FACES {
        let read = |name: &str| {
            std::fs::read(fonts.join(name)).with_context(|| format!("reading assets/fonts/{name}"))
        };
        let lacking = missing(&read(full)?, &read(core)?, &used)?;
        if !lacking.is_empty() {
            bail!(
                "assets/fonts/{core} lacks {} character(s) the catalog or the interface uses ({}); run \
                 `cargo xtask fonts` to make the core subsets again",
                lacking.len(),
                lacking.iter().take(40).collect::<String>()
            );
        }
    }
    println!(
        "fonts: the core subsets hold all {} characters beyond ASCII that are used",
        used.len()
    );
    Ok(())
}

/// Makes the core subsets again from the full faces with fonttools' `pyftsubset`.
pub fn regenerate(root: &Path, tools: &Path) -> Result<()> {
    let venv = tools.join("fonttools-venv");
    crate::models::venv_with(&venv, "fonttools", &["fonttools==4.60.1"])?;
    let used = characters_used(root)?;
    let text_file = tools.join("core-characters.txt");
    std::fs::write(&text_file, used.iter().collect::<String>())?;
    let fonts = root.join("assets/fonts");
    for (full, core) in FACES {
        run_step(
            &format!("pyftsubset {core}"),
            Command::new(venv.join("bin/pyftsubset"))
                .arg(fonts.join(full))
                .arg(format!("--text-file={}", text_file.display()))
                .arg(format!("--unicodes={KEPT_RANGES}"))
                .arg(format!("--layout-features={CORE_LAYOUT_FEATURES}"))
                .arg(format!("--output-file={}", fonts.join(core).display())),
        )?;
    }
    check(root)
}

/// The full faces: the web build loads them after its first frame.
pub fn full_faces() -> impl Iterator<Item = PathBuf> {
    FACES.iter().map(|(full, _)| PathBuf::from(full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_fonts_hold_every_character_shown() {
        let root = crate::project_root();
        check(&root).unwrap();
    }

    #[test]
    fn a_missing_character_is_found() {
        let root = crate::project_root();
        let fonts = root.join("assets/fonts");
        let full = std::fs::read(fonts.join(FACES[0].0)).unwrap();
        let core = std::fs::read(fonts.join(FACES[0].1)).unwrap();
        // 鑫 is in GB 2312 and in no product or interface string.
        let used: BTreeSet<char> = ['é', '钻', '鑫'].into_iter().collect();
        let lacking = missing(&full, &core, &used).unwrap();
        assert_eq!(lacking, vec!['鑫']);
    }
}
