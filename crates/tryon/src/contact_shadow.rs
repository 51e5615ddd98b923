//! The soft contact shadow a watch or bracelet lays on the skin around it, baked once per piece from the piece's
//! own triangles (no per-model tuning): on the wrist section the models are made around
//! ([`WRIST_HALF_SECTION_M`], `assets/models/README.md`), every part of the piece darkens the skin beneath it by how
//! close it lies to the skin (a strap resting on it fully, a case 6 mm above its side barely), and the footprint is
//! blurred as ambient light is under a resting object. The app draws the result on a band around the wrist,
//! under the piece and in its frame: the piece itself covers the footprint, and what shows is the soft shade at
//! its edges.
//!
//! The map's coordinates: columns along the wrist (the model's x), rows around it by the ellipse's parameter
//! angle `t` (a point of the section is `(a·cos t, b·sin t)` in the model's y and z), from −π.

use glam::{Vec2, Vec3};

use crate::occluders::WRIST_HALF_SECTION_M;

/// A texel along the wrist, metres.
pub const TEXEL_M: f32 = 0.0005;
/// Rows around the wrist (the full turn).
pub const ROWS: usize = 256;
/// How fast a part's shade weakens with its height above the skin: e^(−height / this).
pub const FADE_HEIGHT_M: f32 = 0.003;
/// The blur of the footprint (a Gaussian's sigma), metres on the skin.
pub const BLUR_SIGMA_M: f32 = 0.002;
/// The blurred footprint is scaled by this and capped at 1, so the shade just outside a resting part's edge is
/// most of the shade under it (a plain blur would halve it there), fading to nothing over three sigmas.
pub const EDGE_GAIN: f32 = 1.3;
/// The darkest the shade gets: the share of light it takes from the skin under a part resting on it.
pub const SHADOW_STRENGTH: f32 = 0.55;
/// Parts further than this above the skin (or this deep inside the section) shade nothing.
const MAX_HEIGHT_M: f32 = 6.0 * FADE_HEIGHT_M;
const MIN_HEIGHT_M: f32 = -0.004;
/// The longest piece along the wrist a shade is baked for, metres (a model longer than a forearm is an error, and
/// its map would allocate by its length).
pub const MAX_LENGTH_M: f32 = 0.2;
/// A triangle is sampled at most this many times along an edge (a giant triangle is a modelling error).
const MAX_SAMPLES_PER_EDGE: usize = 64;

/// A baked shade map: `alpha[row * columns + column]` is the share of light taken from the skin (255: all).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactShadow {
    /// The model-space x of the first column's left edge and of the last column's right edge, metres (exactly
    /// `columns` texels apart).
    pub x_range_m: [f32; 2],
    pub columns: usize,
    pub rows: usize,
    pub alpha: Vec<u8>,
}

/// The section's point at parameter angle `t` and its outward normal (model space, x = 0).
pub fn section_point_and_normal(t: f32) -> (Vec3, Vec3) {
    let (a, b) = WRIST_HALF_SECTION_M;
    let (sin, cos) = t.sin_cos();
    let point = Vec3::new(0.0, a * cos, b * sin);
    let normal = Vec3::new(0.0, b * cos, a * sin).normalize_or(Vec3::Z);
    (point, normal)
}

/// Where a model-space point lies over the section: its parameter angle and its height above the skin (negative
/// inside), metres, measured along the line from the section's centre.
fn over_section(point_m: Vec3) -> (f32, f32) {
    let (a, b) = WRIST_HALF_SECTION_M;
    let scaled = Vec2::new(point_m.y / a, point_m.z / b);
    let rho = scaled.length();
    let t = scaled.y.atan2(scaled.x);
    let (surface, _) = section_point_and_normal(t);
    (t, (rho - 1.0) * surface.length())
}

impl ContactShadow {
    /// Bakes the shade of the piece made of `triangles` (model space, metres). `None` when no part comes near the
    /// skin (nothing to shade) or the triangles are empty or not finite.
    pub fn bake(triangles: impl IntoIterator<Item = [Vec3; 3]>) -> Option<Self> {
        let triangles: Vec<[Vec3; 3]> = triangles
            .into_iter()
            .filter(|t| t.iter().all(|p| p.is_finite()))
            .collect();
        let (mut x_min, mut x_max) = (f32::INFINITY, f32::NEG_INFINITY);
        for p in triangles.iter().flatten() {
            let (_, h) = over_section(*p);
            if (MIN_HEIGHT_M..=MAX_HEIGHT_M).contains(&h) {
                x_min = x_min.min(p.x);
                x_max = x_max.max(p.x);
            }
        }
        if x_min > x_max || x_max - x_min > MAX_LENGTH_M {
            return None;
        }
        let margin = 3.0 * BLUR_SIGMA_M + TEXEL_M;
        let columns = (((x_max - x_min + 2.0 * margin) / TEXEL_M).ceil() as usize).max(1);
        let x_range_m = [x_min - margin, x_min - margin + columns as f32 * TEXEL_M];
        let rows = ROWS;
        let mut occupancy = vec![0.0f32; columns * rows];
        let row_of = |t: f32| {
            let r =
                ((t + std::f32::consts::PI) / std::f32::consts::TAU * rows as f32).floor() as isize;
            r.rem_euclid(rows as isize) as usize
        };
        let mut mark = |p: Vec3| {
            let (t, h) = over_section(p);
            if !(MIN_HEIGHT_M..=MAX_HEIGHT_M).contains(&h) {
                return;
            }
            let column = ((p.x - x_range_m[0]) / TEXEL_M).floor();
            if !(0.0..columns as f32).contains(&column) {
                return;
            }
            let weight = (-h.max(0.0) / FADE_HEIGHT_M).exp();
            let cell = &mut occupancy[row_of(t) * columns + column as usize];
            *cell = cell.max(weight);
        };
        // The texel around the wrist is about a row's arc; sample each triangle finer than both.
        let arc_per_row_m = mean_perimeter_m() / rows as f32;
        let step_m = 0.5 * TEXEL_M.min(arc_per_row_m);
        for [a, b, c] in &triangles {
            let longest = a.distance(*b).max(b.distance(*c)).max(c.distance(*a));
            let n = ((longest / step_m).ceil() as usize).clamp(1, MAX_SAMPLES_PER_EDGE);
            for i in 0..=n {
                for j in 0..=(n - i) {
                    let (u, v) = (i as f32 / n as f32, j as f32 / n as f32);
                    mark(*a + (*b - *a) * u + (*c - *a) * v);
                }
            }
            mark((*a + *b + *c) / 3.0);
        }
        if occupancy.iter().all(|&o| o == 0.0) {
            return None;
        }
        let blurred = blur(
            &occupancy,
            columns,
            rows,
            BLUR_SIGMA_M / TEXEL_M,
            BLUR_SIGMA_M / arc_per_row_m,
        );
        let alpha = blurred
            .iter()
            .map(|o| ((o * EDGE_GAIN).clamp(0.0, 1.0) * SHADOW_STRENGTH * 255.0).round() as u8)
            .collect();
        Some(Self {
            x_range_m,
            columns,
            rows,
            alpha,
        })
    }

    /// The shade at model-space `x` and parameter angle `t` (0 to 1), nearest texel.
    pub fn at(&self, x_m: f32, t: f32) -> f32 {
        let column = ((x_m - self.x_range_m[0]) / TEXEL_M).floor();
        if !(0.0..self.columns as f32).contains(&column) {
            return 0.0;
        }
        let r = ((t + std::f32::consts::PI) / std::f32::consts::TAU * self.rows as f32).floor()
            as isize;
        let row = r.rem_euclid(self.rows as isize) as usize;
        f32::from(self.alpha[row * self.columns + column as usize]) / 255.0
    }
}

/// The section's perimeter (Ramanujan's approximation), metres.
fn mean_perimeter_m() -> f32 {
    let (a, b) = WRIST_HALF_SECTION_M;
    std::f32::consts::PI * (3.0 * (a + b) - ((3.0 * a + b) * (a + 3.0 * b)).sqrt())
}

/// A separable Gaussian blur: clamped at the ends of the columns, wrapping around the rows (the wrist is a loop).
fn blur(
    values: &[f32],
    columns: usize,
    rows: usize,
    sigma_columns: f32,
    sigma_rows: f32,
) -> Vec<f32> {
    let kernel = |sigma: f32| -> Vec<f32> {
        let radius = (3.0 * sigma).ceil().max(1.0) as isize;
        let weights: Vec<f32> = (-radius..=radius)
            .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
            .collect();
        let sum: f32 = weights.iter().sum();
        weights.into_iter().map(|w| w / sum).collect()
    };
    let (kc, kr) = (kernel(sigma_columns), kernel(sigma_rows));
    let (rc, rr) = ((kc.len() / 2) as isize, (kr.len() / 2) as isize);
    let mut along = vec![0.0f32; values.len()];
    for row in 0..rows {
        for column in 0..columns {
            let mut sum = 0.0;
            for (k, w) in kc.iter().enumerate() {
                let c = column as isize + k as isize - rc;
                if (0..columns as isize).contains(&c) {
                    sum += w * values[row * columns + c as usize];
                }
            }
            along[row * columns + column] = sum;
        }
    }
    let mut out = vec![0.0f32; values.len()];
    for row in 0..rows {
        for column in 0..columns {
            let mut sum = 0.0;
            for (k, w) in kr.iter().enumerate() {
                let r = (row as isize + k as isize - rr).rem_euclid(rows as isize) as usize;
                sum += w * along[r * columns + column];
            }
            out[row * columns + column] = sum;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A band `half_width_m` either side of x = 0 around the angles `t0..t1`, `lift_m` above the section.
    fn band(half_width_m: f32, t0: f32, t1: f32, lift_m: f32) -> Vec<[Vec3; 3]> {
        let steps = 64;
        let mut out = Vec::new();
        let at = |x: f32, t: f32| {
            let (p, n) = section_point_and_normal(t);
            p + n * lift_m + Vec3::X * x
        };
        for i in 0..steps {
            let (ta, tb) = (
                t0 + (t1 - t0) * i as f32 / steps as f32,
                t0 + (t1 - t0) * (i + 1) as f32 / steps as f32,
            );
            let (a, b, c, d) = (
                at(-half_width_m, ta),
                at(half_width_m, ta),
                at(half_width_m, tb),
                at(-half_width_m, tb),
            );
            out.push([a, b, c]);
            out.push([a, c, d]);
        }
        out
    }

    #[test]
    fn a_strap_on_the_skin_shades_its_edges_softly_and_evenly_around_the_wrist() {
        let half = 0.01;
        let shadow =
            ContactShadow::bake(band(half, -std::f32::consts::PI, std::f32::consts::PI, 0.0))
                .expect("a strap on the skin shades it");
        for t in [-2.5f32, -1.0, 0.3, 1.6, 3.0] {
            // Under the strap: the full shade; at its edge about half; 3 sigma beyond, nothing.
            let under = shadow.at(0.0, t);
            assert!(
                (under - SHADOW_STRENGTH).abs() < 0.02,
                "under at {t}: {under}"
            );
            for side in [-1.0, 1.0] {
                let edge = shadow.at(side * half, t);
                assert!(
                    (0.5..0.85).contains(&(edge / SHADOW_STRENGTH)),
                    "edge at {t}: {edge}"
                );
                let near = shadow.at(side * (half + BLUR_SIGMA_M), t);
                let far = shadow.at(side * (half + 3.0 * BLUR_SIGMA_M), t);
                assert!(near > far && near < edge, "falls off: {edge} {near} {far}");
                assert!(far < 0.05 * SHADOW_STRENGTH + 0.01, "far at {t}: {far}");
            }
        }
    }

    #[test]
    fn a_part_held_above_the_skin_shades_less_and_a_high_one_not_at_all() {
        let (t0, t1) = (1.0, 2.2); // a plate over the back of the wrist
        let resting = ContactShadow::bake(band(0.012, t0, t1, 0.0)).expect("resting");
        let lifted = ContactShadow::bake(band(0.012, t0, t1, FADE_HEIGHT_M)).expect("lifted");
        let (r, l) = (resting.at(0.0, 1.6), lifted.at(0.0, 1.6));
        // Resting: capped at the full shade; lifted by the fade height: e^-1 of the weight, times the edge gain.
        assert!((r - SHADOW_STRENGTH).abs() < 0.01, "resting {r}");
        assert!(
            (l / r - EDGE_GAIN * (-1.0f32).exp()).abs() < 0.05,
            "e^-1 weaker: {r} vs {l}"
        );
        assert!(ContactShadow::bake(band(0.012, t0, t1, 0.03)).is_none());
        // Around the wrist from the plate: nothing on the far side.
        assert_eq!(resting.at(0.0, -1.6), 0.0);
    }

    #[test]
    fn no_triangles_broken_ones_or_an_absurd_length_bake_nothing() {
        assert!(ContactShadow::bake(Vec::new()).is_none());
        let nan = Vec3::new(f32::NAN, 0.0, 0.02);
        assert!(ContactShadow::bake(vec![[nan, nan, nan]]).is_none());
        // A "piece" a metre long on the skin: refused, not a map of its length.
        assert!(ContactShadow::bake(band(0.5, 0.5, 2.5, 0.0)).is_none());
    }

    #[test]
    fn the_map_covers_the_piece_and_its_blur() {
        let shadow = ContactShadow::bake(band(0.01, 0.5, 2.5, 0.0)).expect("shade");
        assert!(shadow.x_range_m[0] <= -0.01 - 3.0 * BLUR_SIGMA_M);
        assert!(shadow.x_range_m[1] >= 0.01 + 3.0 * BLUR_SIGMA_M);
        assert_eq!(shadow.alpha.len(), shadow.columns * shadow.rows);
        assert_eq!(shadow.rows, ROWS);
    }
}
