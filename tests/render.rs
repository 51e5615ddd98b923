//! Rendered tests: the real `vitrine` binary renders under whatever Vulkan driver the machine has (Mesa's lavapipe
//! on CI) and the images are checked by their pixels.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use std::process::Command;

use image::{Rgb, RgbImage};

mod common;
use common::{copy_assets, crate_dir, scratch, vitrine_on, vitrine_quiet};

fn run(command: &mut Command) -> (bool, String) {
    let output = command.output().expect("start vitrine");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn luminance(p: &Rgb<u8>) -> f32 {
    (0.2126 * p[0] as f32 + 0.7152 * p[1] as f32 + 0.0722 * p[2] as f32) / 255.0
}

/// What the pixels of a product shot say.
#[derive(Debug)]
struct ShotStats {
    mean_luminance: f32,
    luminance_std: f32,
    /// Share of pixels that differ clearly from the backdrop.
    object_fraction: f32,
    /// Centroid of those pixels, as a fraction of width and height.
    object_centroid: (f32, f32),
    /// Share of the object's pixels that are near-white highlights.
    highlight_fraction: f32,
    /// Mean colour of the object's pixels.
    object_mean_rgb: [f32; 3],
}

/// `region` limits the analysis to the top part of a tile (the contact sheet's caption strip is below it).
fn stats(image: &RgbImage, x0: u32, y0: u32, w: u32, h: u32) -> ShotStats {
    // The backdrop colour: median of the top-left and top-right corners' pixels.
    let mut corner: Vec<[u8; 3]> = Vec::new();
    for (cx, cy) in [(x0 + 2, y0 + 2), (x0 + w - 3, y0 + 2)] {
        corner.push(image.get_pixel(cx, cy).0);
    }
    let bg = [
        (corner[0][0] as f32 + corner[1][0] as f32) / 2.0,
        (corner[0][1] as f32 + corner[1][1] as f32) / 2.0,
        (corner[0][2] as f32 + corner[1][2] as f32) / 2.0,
    ];
    let (mut sum, mut sum2, mut n) = (0.0f64, 0.0f64, 0.0f64);
    let (mut obj, mut cx, mut cy, mut highlights) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut rgb = [0.0f64; 3];
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            let p = image.get_pixel(x, y);
            let l = luminance(p) as f64;
            sum += l;
            sum2 += l * l;
            n += 1.0;
            let diff = (0..3)
                .map(|c| (p[c] as f32 - bg[c]).abs())
                .fold(0.0, f32::max);
            // The cyclorama darkens towards the floor; objects differ in colour or brightness far more than that.
            if diff > 38.0 {
                obj += 1.0;
                cx += (x - x0) as f64;
                cy += (y - y0) as f64;
                if l > 0.8 {
                    highlights += 1.0;
                }
                for c in 0..3 {
                    rgb[c] += p[c] as f64;
                }
            }
        }
    }
    let mean = sum / n;
    ShotStats {
        mean_luminance: mean as f32,
        luminance_std: ((sum2 / n - mean * mean).max(0.0)).sqrt() as f32,
        object_fraction: (obj / n) as f32,
        object_centroid: if obj > 0.0 {
            ((cx / obj) as f32 / w as f32, (cy / obj) as f32 / h as f32)
        } else {
            (0.0, 0.0)
        },
        highlight_fraction: if obj > 0.0 {
            (highlights / obj) as f32
        } else {
            0.0
        },
        object_mean_rgb: if obj > 0.0 {
            [
                (rgb[0] / obj) as f32,
                (rgb[1] / obj) as f32,
                (rgb[2] / obj) as f32,
            ]
        } else {
            [0.0; 3]
        },
    }
}

fn assert_looks_like_a_product(name: &str, s: &ShotStats, metal: bool) {
    assert!(s.mean_luminance > 0.04, "{name}: the image is black: {s:?}");
    assert!(s.luminance_std > 0.02, "{name}: the image is flat: {s:?}");
    assert!(
        s.object_fraction > 0.005,
        "{name}: no object in view: {s:?}"
    );
    assert!(
        s.object_fraction < 0.85,
        "{name}: the object fills the frame: {s:?}"
    );
    let (x, y) = s.object_centroid;
    assert!(
        (0.25..0.75).contains(&x) && (0.15..0.85).contains(&y),
        "{name}: the object is not centred: {s:?}"
    );
    if metal {
        assert!(
            s.highlight_fraction > 0.02,
            "{name}: no specular highlights on metal: {s:?}"
        );
    }
}

const METAL_CATEGORIES: &[&str] = &["RG", "WT", "BR", "NK", "ER"];

#[test]
fn contact_sheet_shows_every_product_lit() {
    let dir = scratch("contact_sheet");
    let out = dir.join("sheet.png");
    let tile = 256;
    let (ok, log) = run(vitrine_quiet()
        .args([
            "render",
            "--contact-sheet",
            "--size",
            "256x256",
            "--columns",
            "6",
            "--out",
        ])
        .arg(&out));
    assert!(ok, "render failed:\n{log}");
    let sheet = image::open(&out).expect("sheet written").to_rgb8();
    let catalog = catalog::load_catalog_dir(&crate_dir().join("assets")).expect("catalog");
    let gap = 6;
    for (i, entry) in catalog.products.iter().enumerate() {
        let (col, row) = (i as u32 % 6, i as u32 / 6);
        let (x0, y0) = (gap + col * (tile + gap), gap + row * (tile + gap));
        // The caption strip covers the bottom ~55 px of each tile.
        let s = stats(&sheet, x0, y0, tile, tile - 60);
        let metal = METAL_CATEGORIES
            .iter()
            .any(|c| entry.product.sku.contains(&format!("-{c}-")));
        assert_looks_like_a_product(&entry.product.sku, &s, metal);
    }
}

#[test]
fn single_product_render_and_variant_switch() {
    let dir = scratch("variants");
    let platinum = dir.join("solitaire_platinum.png");
    let rose = dir.join("solitaire_rose.png");
    for (variant, out) in [("platinum", &platinum), ("rose-gold", &rose)] {
        let (ok, log) = run(vitrine_quiet()
            .args([
                "render",
                "--product",
                "AUR-RG-SOL01",
                "--variant",
                variant,
                "--size",
                "320x320",
                "--out",
            ])
            .arg(out));
        assert!(ok, "render {variant} failed:\n{log}");
    }
    let p = image::open(&platinum).expect("platinum").to_rgb8();
    let r = image::open(&rose).expect("rose").to_rgb8();
    assert_eq!(p.dimensions(), (320, 320));
    let sp = stats(&p, 0, 0, 320, 320);
    let sr = stats(&r, 0, 0, 320, 320);
    assert_looks_like_a_product("platinum", &sp, true);
    assert_looks_like_a_product("rose gold", &sr, true);
    // Rose gold is warmer (more red than blue) than platinum.
    let warmth = |s: &ShotStats| s.object_mean_rgb[0] - s.object_mean_rgb[2];
    assert!(
        warmth(&sr) > warmth(&sp) + 4.0,
        "rose gold should look warmer: {sr:?} vs {sp:?}"
    );
}

#[test]
fn unknown_product_and_variant_fail_clearly() {
    let dir = scratch("bad_requests");
    let (ok, log) = run(vitrine_quiet()
        .args(["render", "--product", "AUR-NOPE", "--out"])
        .arg(dir.join("x.png")));
    assert!(!ok);
    assert!(
        log.contains("No product with SKU \"AUR-NOPE\"") && log.contains("AUR-RG-SOL01"),
        "{log}"
    );
    let (ok, log) = run(vitrine_quiet()
        .args([
            "render",
            "--product",
            "AUR-RG-SOL01",
            "--variant",
            "bronze",
            "--out",
        ])
        .arg(dir.join("y.png")));
    assert!(!ok);
    assert!(
        log.contains("unknown variant \"bronze\"") && log.contains("rose-gold"),
        "{log}"
    );
}

#[test]
fn broken_catalog_entries_are_reported_and_the_rest_still_renders() {
    let dir = scratch("broken_catalog");
    let assets = dir.join("assets");
    copy_assets(&assets);
    // A typo and an unknown field, a truncated GLB, a wrong GLB magic, a missing model, an unknown variant.
    let edit = |file: &str, from: &str, to: &str| {
        let path = assets.join("catalog/products").join(file);
        let text = std::fs::read_to_string(&path)
            .expect("read")
            .replacen(from, to, 1);
        std::fs::write(&path, text).expect("write");
    };
    edit("pave-eternity.ron", "category: Ring", "category: Rnig");
    edit(
        "vendome-signet.ron",
        "collection:",
        "colour: \"red\",\n    collection:",
    );
    edit(
        "trilogy.ron",
        "gltf_variant: \"ruby\"",
        "gltf_variant: \"rubyy\"",
    );
    let truncate = |model: &str| {
        let path = assets.join(model);
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("write");
    };
    truncate("models/watches/colonne_dress.glb");
    let magic = assets.join("models/watches/octogone_sport.glb");
    let mut bytes = std::fs::read(&magic).expect("read");
    bytes[..4].copy_from_slice(b"JUNK");
    std::fs::write(&magic, bytes).expect("write");
    std::fs::remove_file(assets.join("models/necklaces/perles_strand.glb")).expect("remove");

    let (ok, report) = run(Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["catalog", "check"])
        .arg(&assets));
    assert!(!ok, "catalog check must fail:\n{report}");
    for expected in [
        "catalog/products/pave-eternity.ron:3:",
        "field `category`",
        "catalog/products/vendome-signet.ron:",
        "colour",
        "unknown variant \"rubyy\"",
        "truncated",
        "not a GLB file",
        "cannot read \"models/necklaces/perles_strand.glb\"",
        "11 products valid, 6 errors",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }

    // The app still starts and renders what is valid.
    let out = dir.join("sheet.png");
    let (ok, log) = run(vitrine_on(&assets)
        .args([
            "render",
            "--contact-sheet",
            "--size",
            "64x64",
            "--columns",
            "4",
            "--out",
        ])
        .arg(&out));
    assert!(ok, "render with a damaged catalog failed:\n{log}");
    assert!(log.contains("this product is left out"), "{log}");
    let sheet = image::open(&out).expect("sheet").to_rgb8();
    // 11 valid products in 4 columns: 3 rows.
    assert_eq!(sheet.dimensions(), (4 * 64 + 5 * 6, 3 * 64 + 4 * 6));
}
