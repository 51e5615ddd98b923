//! Gilded relief capitals for the maison's sign, from the catalog's stroke alphabet ([`catalog::sign`]): the name
//! is laid out in letter heights, then fitted to the plate it sits on — on one line, or on two when that draws the
//! letters larger — so that no name runs off the plate. Built from the boutique's shared unit cube, the name over
//! the door needs no texture and stays crisp at any distance.

use bevy::math::Vec2;
use catalog::sign;

/// Tracking between letters, in letter heights.
const LETTER_GAP: f32 = 0.28;
/// The tallest letters, as a share of the plate's height; the margin kept clear at the plate's ends, metres.
const MAX_HEIGHT_SHARE: f32 = 0.72;
const END_MARGIN_M: f32 = 0.12;
/// On two lines: the space between them, in letter heights, and the margin above and below, metres.
const LINE_GAP: f32 = 0.35;
const EDGE_MARGIN_M: f32 = 0.05;
/// A stroke's width and the letters' relief, in letter heights.
const STROKE: f32 = 0.085;
const RELIEF: f32 = 0.085;

/// The segments (from, to) of one line of `text` in capitals, in letter heights, starting at x = 0 with the
/// baseline at y = 0, and its width. Characters the alphabet cannot draw are left out (the catalog check reports
/// them at `maison.name`).
fn line(text: &str) -> (Vec<(Vec2, Vec2)>, f32) {
    let mut segments = Vec::new();
    let mut x = 0.0f32;
    let mut trailing_gap = 0.0;
    for c in text.to_uppercase().chars() {
        if c == ' ' {
            x += sign::SPACE;
            trailing_gap = 0.0;
            continue;
        }
        let Some((width, lines)) = sign::strokes(sign::fold(c)) else {
            continue;
        };
        for polyline in lines {
            for pair in polyline.windows(2) {
                segments.push((
                    Vec2::new(x + pair[0].0, pair[0].1),
                    Vec2::new(x + pair[1].0, pair[1].1),
                ));
            }
        }
        x += width + LETTER_GAP;
        trailing_gap = LETTER_GAP;
    }
    (segments, (x - trailing_gap).max(0.0))
}

/// The name as it is drawn on the plate.
#[derive(Debug, Clone, PartialEq)]
pub struct Lettering {
    /// Segments (from, to) in metres on the plate's face, from its centre (x right, y up).
    pub segments_m: Vec<(Vec2, Vec2)>,
    pub height_m: f32,
    pub stroke_m: f32,
    /// How far the letters stand out of the plate.
    pub relief_m: f32,
    pub lines: usize,
}

/// `name` fitted to a plate of `plate_m` (width, height): as large as fits, on one line or split in two at the
/// space nearest its middle when that gives larger letters; each line centred.
pub fn fit(name: &str, plate_m: Vec2) -> Lettering {
    let usable_width_m = (plate_m.x - 2.0 * END_MARGIN_M).max(0.01);
    let tallest_m = plate_m.y * MAX_HEIGHT_SHARE;
    let name = name.trim();
    let one = line(name);
    let one_height_m = tallest_m.min(usable_width_m / one.1.max(0.01));
    let split = name
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| (2 * i).abs_diff(name.len()));
    let two = split.map(|i| [line(name[..i].trim_end()), line(name[i..].trim_start())]);
    let two_height_m = two.as_ref().map_or(0.0, |[a, b]| {
        let by_height = (plate_m.y - 2.0 * EDGE_MARGIN_M) / (2.0 + LINE_GAP);
        by_height
            .min(tallest_m)
            .min(usable_width_m / a.1.max(b.1).max(0.01))
    });
    let (lines, height_m) = match two {
        Some(two) if two_height_m > one_height_m => (two.to_vec(), two_height_m),
        _ => (vec![one], one_height_m),
    };
    // Baselines: one line centred on the plate; two lines centred as a block.
    let block = lines.len() as f32 + LINE_GAP * (lines.len() as f32 - 1.0);
    let mut segments_m = Vec::new();
    for (k, (segments, width)) in lines.iter().enumerate() {
        let baseline = block / 2.0 - 1.0 - k as f32 * (1.0 + LINE_GAP);
        let offset = Vec2::new(-width / 2.0, baseline);
        segments_m.extend(
            segments
                .iter()
                .map(|(a, b)| ((*a + offset) * height_m, (*b + offset) * height_m)),
        );
    }
    Lettering {
        segments_m,
        height_m,
        stroke_m: height_m * STROKE,
        relief_m: height_m * RELIEF,
        lines: lines.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLATE_M: Vec2 = Vec2::new(3.4, 0.42);

    /// The extent of the drawn letters, strokes included: (min, max) corners in metres from the plate's centre.
    fn extent(l: &Lettering) -> (Vec2, Vec2) {
        let half = Vec2::splat(l.stroke_m / 2.0);
        l.segments_m.iter().fold(
            (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN)),
            |(lo, hi), (a, b)| (lo.min(a.min(*b) - half), hi.max(a.max(*b) + half)),
        )
    }

    #[test]
    fn a_name_is_centred_and_accents_fold() {
        let l = fit("Maison Aurélle", PLATE_M);
        let (lo, hi) = extent(&l);
        assert!((lo.x + hi.x).abs() < 1e-3, "not centred: {lo}..{hi}");
        assert_eq!(l.lines, 1);
        assert_eq!(
            fit("Aurélle", PLATE_M).segments_m.len(),
            fit("AURELLE", PLATE_M).segments_m.len()
        );
    }

    #[test]
    fn every_name_stays_on_its_plate_and_long_ones_take_two_lines() {
        for name in [
            "A",
            "Maison Aurelle",
            "Van Cleef & Arpels",
            // 34 characters.
            "Maison de Haute Joaillerie Dupont.",
            "Bijouterie Artisanale d’Orsay-Vendôme 1837 & Fils",
            "Unseparablelongnamewithoutanyspacesatall",
        ] {
            let l = fit(name, PLATE_M);
            let (lo, hi) = extent(&l);
            assert!(
                lo.cmpge(-PLATE_M / 2.0).all() && hi.cmple(PLATE_M / 2.0).all(),
                "{name}: letters {lo}..{hi} off a plate of {PLATE_M}"
            );
            assert!(l.height_m > 0.0 && !l.segments_m.is_empty(), "{name}");
        }
        assert_eq!("Maison de Haute Joaillerie Dupont.".chars().count(), 34);
        let long = fit("Maison de Haute Joaillerie Dupont.", PLATE_M);
        assert_eq!(long.lines, 2);
        assert!(long.height_m > 0.12, "{}", long.height_m);
        // The demo's name keeps its tall capitals on one line.
        assert!(fit("Maison Aurelle", PLATE_M).height_m > 0.2);
    }

    #[test]
    fn characters_the_alphabet_cannot_draw_are_left_out_not_turned_into_spaces() {
        assert_eq!(line("AB").1, line("A金B").1);
        assert!(line("A B").1 > line("AB").1);
    }
}
