//! Gilded relief capitals for the maison's sign: a small stroke alphabet (Roman capitals drawn as polylines in a
//! unit cell), built from the boutique's shared unit cube, so the name over the door needs no texture and stays
//! crisp at any distance.

use bevy::math::Vec2;

/// Polylines of a capital letter in a cell 1 unit high (x from 0 to `width`), y up. `None` for characters the
/// alphabet does not draw (they become a space).
pub fn strokes(letter: char) -> Option<(f32, &'static [&'static [(f32, f32)]])> {
    const O: &[(f32, f32)] = &[
        (0.15, 0.0),
        (0.0, 0.2),
        (0.0, 0.8),
        (0.15, 1.0),
        (0.43, 1.0),
        (0.58, 0.8),
        (0.58, 0.2),
        (0.43, 0.0),
        (0.15, 0.0),
    ];
    const C: &[(f32, f32)] = &[
        (0.58, 0.85),
        (0.45, 1.0),
        (0.15, 1.0),
        (0.0, 0.8),
        (0.0, 0.2),
        (0.15, 0.0),
        (0.45, 0.0),
        (0.58, 0.15),
    ];
    const P: &[(f32, f32)] = &[
        (0.0, 0.0),
        (0.0, 1.0),
        (0.42, 1.0),
        (0.58, 0.85),
        (0.58, 0.62),
        (0.42, 0.48),
        (0.0, 0.48),
    ];
    let cell: (f32, &'static [&'static [(f32, f32)]]) = match letter {
        'A' => (
            0.6,
            &[
                &[(0.0, 0.0), (0.3, 1.0), (0.6, 0.0)],
                &[(0.12, 0.4), (0.48, 0.4)],
            ],
        ),
        'B' => (
            0.58,
            &[
                &[
                    (0.0, 0.0),
                    (0.0, 1.0),
                    (0.42, 1.0),
                    (0.54, 0.88),
                    (0.54, 0.64),
                    (0.42, 0.52),
                    (0.0, 0.52),
                ],
                &[
                    (0.42, 0.52),
                    (0.58, 0.4),
                    (0.58, 0.12),
                    (0.46, 0.0),
                    (0.0, 0.0),
                ],
            ],
        ),
        'C' => (0.58, &[C]),
        'D' => (
            0.58,
            &[&[
                (0.0, 0.0),
                (0.0, 1.0),
                (0.35, 1.0),
                (0.58, 0.75),
                (0.58, 0.25),
                (0.35, 0.0),
                (0.0, 0.0),
            ]],
        ),
        'E' => (
            0.55,
            &[
                &[(0.55, 1.0), (0.0, 1.0), (0.0, 0.0), (0.55, 0.0)],
                &[(0.0, 0.52), (0.42, 0.52)],
            ],
        ),
        'F' => (
            0.55,
            &[
                &[(0.55, 1.0), (0.0, 1.0), (0.0, 0.0)],
                &[(0.0, 0.52), (0.42, 0.52)],
            ],
        ),
        'G' => (
            0.58,
            &[&[
                (0.58, 0.85),
                (0.45, 1.0),
                (0.15, 1.0),
                (0.0, 0.8),
                (0.0, 0.2),
                (0.15, 0.0),
                (0.45, 0.0),
                (0.58, 0.15),
                (0.58, 0.45),
                (0.32, 0.45),
            ]],
        ),
        'H' => (
            0.58,
            &[
                &[(0.0, 0.0), (0.0, 1.0)],
                &[(0.58, 0.0), (0.58, 1.0)],
                &[(0.0, 0.52), (0.58, 0.52)],
            ],
        ),
        'I' => (
            0.3,
            &[
                &[(0.15, 0.0), (0.15, 1.0)],
                &[(0.0, 1.0), (0.3, 1.0)],
                &[(0.0, 0.0), (0.3, 0.0)],
            ],
        ),
        'J' => (
            0.58,
            &[&[
                (0.58, 1.0),
                (0.58, 0.2),
                (0.42, 0.0),
                (0.15, 0.0),
                (0.0, 0.2),
            ]],
        ),
        'K' => (
            0.58,
            &[
                &[(0.0, 0.0), (0.0, 1.0)],
                &[(0.58, 1.0), (0.0, 0.45)],
                &[(0.2, 0.62), (0.58, 0.0)],
            ],
        ),
        'L' => (0.55, &[&[(0.0, 1.0), (0.0, 0.0), (0.55, 0.0)]]),
        'M' => (
            0.7,
            &[&[(0.0, 0.0), (0.0, 1.0), (0.35, 0.35), (0.7, 1.0), (0.7, 0.0)]],
        ),
        'N' => (0.58, &[&[(0.0, 0.0), (0.0, 1.0), (0.58, 0.0), (0.58, 1.0)]]),
        'O' => (0.58, &[O]),
        'P' => (0.58, &[P]),
        'Q' => (0.62, &[O, &[(0.38, 0.22), (0.62, -0.05)]]),
        'R' => (0.58, &[P, &[(0.3, 0.48), (0.58, 0.0)]]),
        'S' => (
            0.58,
            &[&[
                (0.56, 0.86),
                (0.42, 1.0),
                (0.14, 1.0),
                (0.0, 0.86),
                (0.0, 0.64),
                (0.14, 0.52),
                (0.44, 0.48),
                (0.58, 0.36),
                (0.58, 0.14),
                (0.44, 0.0),
                (0.14, 0.0),
                (0.0, 0.14),
            ]],
        ),
        'T' => (0.6, &[&[(0.0, 1.0), (0.6, 1.0)], &[(0.3, 1.0), (0.3, 0.0)]]),
        'U' => (
            0.58,
            &[&[
                (0.0, 1.0),
                (0.0, 0.2),
                (0.15, 0.0),
                (0.43, 0.0),
                (0.58, 0.2),
                (0.58, 1.0),
            ]],
        ),
        'V' => (0.6, &[&[(0.0, 1.0), (0.3, 0.0), (0.6, 1.0)]]),
        'W' => (
            0.72,
            &[&[
                (0.0, 1.0),
                (0.18, 0.0),
                (0.36, 0.7),
                (0.54, 0.0),
                (0.72, 1.0),
            ]],
        ),
        'X' => (
            0.58,
            &[&[(0.0, 0.0), (0.58, 1.0)], &[(0.0, 1.0), (0.58, 0.0)]],
        ),
        'Y' => (
            0.6,
            &[
                &[(0.0, 1.0), (0.3, 0.5), (0.6, 1.0)],
                &[(0.3, 0.5), (0.3, 0.0)],
            ],
        ),
        'Z' => (0.58, &[&[(0.0, 1.0), (0.58, 1.0), (0.0, 0.0), (0.58, 0.0)]]),
        _ => return None,
    };
    Some(cell)
}

/// Folds accented capitals to the letters the alphabet draws (É → E, À → A …).
fn base_letter(c: char) -> char {
    match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'Ç' => 'C',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        other => other,
    }
}

/// Tracking between letters and the width of a space, in letter heights.
const LETTER_GAP: f32 = 0.28;
const SPACE: f32 = 0.5;

/// The segments (from, to) of `text` in capitals, in letter heights, centred on x = 0 with the baseline at y = 0,
/// and the total width.
pub fn layout(text: &str) -> (Vec<(Vec2, Vec2)>, f32) {
    let mut segments = Vec::new();
    let mut x = 0.0f32;
    for c in text.to_uppercase().chars().map(base_letter) {
        match strokes(c) {
            Some((width, lines)) => {
                for line in lines {
                    for pair in line.windows(2) {
                        segments.push((
                            Vec2::new(x + pair[0].0, pair[0].1),
                            Vec2::new(x + pair[1].0, pair[1].1),
                        ));
                    }
                }
                x += width + LETTER_GAP;
            }
            None => x += SPACE,
        }
    }
    let width = (x - LETTER_GAP).max(0.0);
    for (a, b) in &mut segments {
        a.x -= width / 2.0;
        b.x -= width / 2.0;
    }
    (segments, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capital_is_drawn_inside_its_cell() {
        for c in 'A'..='Z' {
            let (width, lines) = strokes(c).unwrap_or_else(|| panic!("{c} has no strokes"));
            for line in lines {
                assert!(line.len() >= 2, "{c}");
                for (x, y) in line.iter() {
                    assert!(
                        (-0.01..=width + 0.05).contains(x) && (-0.1..=1.0).contains(y),
                        "{c}: ({x}, {y})"
                    );
                }
            }
        }
    }

    #[test]
    fn a_name_is_centred_and_accents_fold() {
        let (segments, width) = layout("Maison Aurélle");
        let (min, max) = segments
            .iter()
            .fold((f32::MAX, f32::MIN), |(lo, hi), (a, b)| {
                (lo.min(a.x).min(b.x), hi.max(a.x).max(b.x))
            });
        assert!((min + max).abs() < 1e-4, "not centred: {min}..{max}");
        assert!((max - min - width).abs() < 0.05, "{min}..{max} vs {width}");
        assert_eq!(layout("Aurélle").0.len(), layout("AURELLE").0.len());
    }
}
