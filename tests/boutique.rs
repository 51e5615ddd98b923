//! The boutique, rendered: every named view under the machine's Vulkan driver (lavapipe on CI), checked by its
//! pixels — not black, not flat, and the colours each place must show (the sky and sunlit stone of the place and
//! the façade, the ivory and gold salon, the walnut watch wall, gold on the vitrines, the green silk of the salon
//! privé); the maison's name stays on its sign; and the benchmark runs.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use std::path::Path;

mod common;
use common::{copy_assets, scratch, vitrine_on, vitrine_quiet};

struct Stats {
    mean: f32,
    std: f32,
    /// Fractions of pixels.
    sky_in_top_third: f32,
    /// Sunlit limestone: light and warm.
    stone: f32,
    green: f32,
    walnut: f32,
    gold: f32,
    warm: f32,
}

fn stats(path: &Path) -> Stats {
    let img = image::open(path).expect("a PNG").to_rgb8();
    let (w, h) = img.dimensions();
    let n = (w * h) as f32;
    let mut lum = Vec::with_capacity((w * h) as usize);
    let (mut sky, mut stone, mut green, mut walnut, mut gold, mut warm) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (_, y, p) in img.enumerate_pixels() {
        let [r, g, b] = p.0.map(f32::from);
        lum.push(0.2126 * r + 0.7152 * g + 0.0722 * b);
        if y < h / 3 && b > r + 15.0 && b > 120.0 {
            sky += 1.0;
        }
        if r > 170.0 && g > 150.0 && r > b + 20.0 {
            stone += 1.0;
        }
        if g > r + 8.0 && g > b && g < 120.0 {
            green += 1.0;
        }
        if r > g + 15.0 && g > b && r < 140.0 {
            walnut += 1.0;
        }
        if r > 150.0 && g > 100.0 && b < 110.0 && r > b + 60.0 {
            gold += 1.0;
        }
        if r > b + 5.0 {
            warm += 1.0;
        }
    }
    let mean = lum.iter().sum::<f32>() / n;
    let std = (lum.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n).sqrt();
    Stats {
        mean,
        std,
        sky_in_top_third: sky / (n / 3.0),
        stone: stone / n,
        green: green / n,
        walnut: walnut / n,
        gold: gold / n,
        warm: warm / n,
    }
}

#[test]
fn every_named_view_renders_what_the_place_looks_like() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("boutique-views");
    let _ = std::fs::remove_dir_all(&dir);
    let output = vitrine_quiet()
        .args(["render", "--view", "all", "--size", "480x270", "--out"])
        .arg(&dir)
        .output()
        .expect("start vitrine");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "render failed:\n{log}");
    for view in [
        "place",
        "facade",
        "salon",
        "watch-wall",
        "vitrine",
        "salon-prive",
    ] {
        let s = stats(&dir.join(format!("{view}.png")));
        println!(
            "{view}: mean {:.0} std {:.0} sky {:.2} stone {:.2} green {:.2} walnut {:.3} gold {:.3} warm {:.2}",
            s.mean, s.std, s.sky_in_top_third, s.stone, s.green, s.walnut, s.gold, s.warm
        );
        assert!(
            (40.0..230.0).contains(&s.mean),
            "{view}: mean brightness {:.0}",
            s.mean
        );
        assert!(s.std > 20.0, "{view}: nearly flat (std {:.1})", s.std);
        match view {
            // The place: mostly sky above the column and the façades, sunlit stone below.
            "place" => assert!(
                s.sky_in_top_third > 0.6 && s.stone > 0.2,
                "place: sky {:.2}, stone {:.2}",
                s.sky_in_top_third,
                s.stone
            ),
            // The storefront close up: the façade's limestone fills the frame, sky over the roof.
            "facade" => assert!(
                s.sky_in_top_third > 0.15 && s.stone > 0.4,
                "façade: sky {:.2}, stone {:.2}",
                s.sky_in_top_third,
                s.stone
            ),
            "salon" => {
                assert!(s.warm > 0.6, "salon: warm {:.2}", s.warm);
                assert!(
                    s.sky_in_top_third < 0.01,
                    "salon: sky inside? {:.2}",
                    s.sky_in_top_third
                );
            }
            "watch-wall" => assert!(s.walnut > 0.03, "watch wall: walnut {:.3}", s.walnut),
            "vitrine" => assert!(s.gold > 0.01, "vitrine: gold {:.3}", s.gold),
            _ => assert!(s.green > 0.2, "salon privé: green silk {:.2}", s.green),
        }
    }
}

#[test]
fn a_view_that_does_not_exist_is_refused_with_the_list() {
    let output = vitrine_quiet()
        .args(["render", "--view", "rooftop", "--out", "x.png"])
        .output()
        .expect("start vitrine");
    assert!(!output.status.success());
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("\"rooftop\" is not a view") && text.contains("watch-wall"),
        "{text}"
    );
}

#[test]
fn the_benchmark_measures_every_view_within_the_budgets() {
    let output = vitrine_quiet()
        .args(["bench", "--size", "320x180", "--frames", "2"])
        .output()
        .expect("start vitrine");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "bench failed:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("time from start to the first complete boutique frame"),
        "{report}"
    );
    // | view | median frame ms | draw calls | triangles |
    let rows: Vec<Vec<&str>> = report
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| view"))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let views: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(
        views,
        [
            "place",
            "facade",
            "salon",
            "watch-wall",
            "vitrine",
            "salon-prive"
        ],
        "{report}"
    );
    for row in &rows {
        let number = |i: usize| -> f64 { row[i].replace(',', "").parse().expect("a number") };
        assert!(number(1) > 0.0, "{row:?}");
        assert!((1.0..=1500.0).contains(&number(2)), "draw calls {row:?}");
        assert!(
            (1000.0..=2_000_000.0).contains(&number(3)),
            "triangles {row:?}"
        );
    }
}

/// The maison's name is fitted to the plate over the door. Rendered for a 34-character name, the pixels its letters
/// change (against a name of one full stop) all lie where that near-empty render shows the plate's black lacquer:
/// no letter runs onto the stone beside the plate.
#[test]
fn a_long_maison_name_stays_on_its_sign() {
    const LONG: &str = "Maison de Haute Joaillerie Dupont.";
    assert_eq!(LONG.chars().count(), 34);
    let dir = scratch("long_maison_name");
    let assets = dir.join("assets");
    copy_assets(&assets);
    let manifest = assets.join("catalog/catalog.ron");
    let original = std::fs::read_to_string(&manifest).expect("the catalog");
    let render = |name: &str, file: &str| {
        let text = original.replacen("name: \"Maison Aurelle\"", &format!("name: \"{name}\""), 1);
        assert_ne!(text, original, "the demo maison's name moved");
        std::fs::write(&manifest, text).expect("write the catalog");
        let out = dir.join(file);
        let output = vitrine_on(&assets)
            .env("RUST_LOG", "warn,vitrine=info")
            .args(["render", "--view", "facade", "--size", "1280x720", "--out"])
            .arg(&out)
            .output()
            .expect("start vitrine");
        assert!(
            output.status.success(),
            "render failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        image::open(&out).expect("a PNG").to_rgb8()
    };
    let plate = render(".", "plate.png");
    let named = render(LONG, "long-name.png");
    let (mut changed, mut off_plate) = (0u32, 0u32);
    let (mut lo, mut hi) = ((u32::MAX, u32::MAX), (0, 0));
    for (x, y, p) in named.enumerate_pixels() {
        let q = plate.get_pixel(x, y);
        let difference =
            p.0.iter()
                .zip(q.0)
                .map(|(a, b)| a.abs_diff(b))
                .max()
                .unwrap_or(0);
        if difference < 15 {
            continue;
        }
        changed += 1;
        (lo, hi) = ((lo.0.min(x), lo.1.min(y)), (hi.0.max(x), hi.1.max(y)));
        // The glossy lacquer shows the sky at ~110-130 levels at most; the sunlit stone around the plate and the
        // gilded border are brighter than 200.
        if q.0.iter().copied().max().unwrap_or(0) > 170 {
            off_plate += 1;
        }
    }
    println!("{changed} pixels changed in {lo:?}..{hi:?}, {off_plate} of them off the lacquer");
    assert!(
        changed > 150,
        "the long name draws too little: {changed} pixels changed"
    );
    assert!(
        hi.1 - lo.1 < 40 && hi.0 - lo.0 < 300,
        "the letters spread over {lo:?}..{hi:?}: not one sign"
    );
    assert!(
        off_plate * 50 <= changed,
        "{off_plate} of the {changed} pixels the name changes are off the plate (over 2%)"
    );
}
