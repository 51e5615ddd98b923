//! The finger's width in the frame and the ring size it suggests.
//!
//! Method: across the finger at the ring's place, three parallel lines perpendicular to the bone (at the ring and
//! a tenth of the bone either side) sample the frame's luminance every half pixel. On each side of the axis the
//! strongest luminance edge between 0.5 and 1.8 times the expected half-width (an adult finger is about a fifth of
//! the palm length) is the finger's edge, refined to a sub-pixel peak; the width is the median over the lines. With
//! the hand's metric scale (metres per pixel at the finger's depth, from the solved pose) it becomes millimetres.
//! A finger's cross-section at its base is close to an ellipse about 0.85 times as deep as it is wide, whose
//! perimeter is ≈ 0.925·π·width: the inner circumference a ring needs, which is the EU (ISO 8653) size; the US size
//! follows from the inner diameter (US = (d − 11.63 mm) / 0.8128 mm).
//!
//! It is an estimate: one camera cannot know the hand's true size, and the solved scale rests on the landmark
//! model's metric world landmarks. The app labels it so.

use glam::Vec2;
use serde::{Deserialize, Serialize};

/// An adult finger's width at its base over the palm length (wrist → middle knuckle), for the edge search.
pub const FINGER_WIDTH_OVER_PALM: f32 = 0.2;
/// Perimeter of the finger's cross-section over π × its width.
const PERIMETER_OVER_PI_WIDTH: f32 = 0.925;

/// A measured finger width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FingerWidth {
    pub width_px: f32,
    /// Half the spread between the three lines, pixels (at least half a pixel).
    pub uncertainty_px: f32,
}

/// An RGB frame, row-major, 8 bits per channel.
#[derive(Debug, Clone, Copy)]
pub struct FrameView<'a> {
    pub width: usize,
    pub height: usize,
    pub rgb: &'a [u8],
}

impl FrameView<'_> {
    fn luma(&self, p: Vec2) -> Option<f32> {
        let (x, y) = (p.x - 0.5, p.y - 0.5);
        if !(x >= 0.0 && y >= 0.0 && x < (self.width - 1) as f32 && y < (self.height - 1) as f32) {
            return None;
        }
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let at = |xx: usize, yy: usize| -> f32 {
            let i = (yy * self.width + xx) * 3;
            match self.rgb.get(i..i + 3) {
                Some(px) => 0.299 * px[0] as f32 + 0.587 * px[1] as f32 + 0.114 * px[2] as f32,
                None => 0.0,
            }
        };
        let top = at(x0, y0) + fx * (at(x0 + 1, y0) - at(x0, y0));
        let bottom = at(x0, y0 + 1) + fx * (at(x0 + 1, y0 + 1) - at(x0, y0 + 1));
        Some(top + fy * (bottom - top))
    }
}

/// The strongest edge's distance from the centre along `direction`, in [lo, hi] pixels, sub-pixel.
fn edge_distance(
    frame: &FrameView,
    centre: Vec2,
    direction: Vec2,
    lo: f32,
    hi: f32,
) -> Option<f32> {
    const STEP: f32 = 0.5;
    let samples: Vec<f32> = (0..=((hi + 2.0) / STEP) as usize)
        .map(|i| frame.luma(centre + direction * (i as f32 * STEP)))
        .collect::<Option<Vec<f32>>>()?;
    let gradient: Vec<f32> = samples
        .windows(3)
        .map(|w| (w[2] - w[0]).abs() / (2.0 * STEP))
        .collect();
    // gradient[i] is at distance (i + 1) · STEP.
    let (best, value) = gradient
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let d = (*i + 1) as f32 * STEP;
            d >= lo && d <= hi
        })
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    // An edge must stand out: at least 4 levels per pixel.
    if *value < 4.0 {
        return None;
    }
    let before = if best > 0 { gradient[best - 1] } else { *value };
    let after = gradient.get(best + 1).copied().unwrap_or(*value);
    let denom = before - 2.0 * value + after;
    let offset = if denom.abs() > 1e-6 {
        0.5 * (before - after) / denom
    } else {
        0.0
    };
    Some(((best + 1) as f32 + offset.clamp(-0.5, 0.5)) * STEP)
}

/// The finger's width across the bone from `base_px` to `tip_px`, at `fraction` along it; `palm_px` is the hand's
/// palm length in the frame. `None` when no clear edges are found on both sides.
pub fn measure_finger_width(
    frame: &FrameView,
    base_px: Vec2,
    tip_px: Vec2,
    fraction: f32,
    palm_px: f32,
) -> Option<FingerWidth> {
    let bone = tip_px - base_px;
    let length = bone.length();
    if length < 2.0 || palm_px < 4.0 {
        return None;
    }
    let along = bone / length;
    let across = along.perp();
    let half = 0.5 * FINGER_WIDTH_OVER_PALM * palm_px;
    let (lo, hi) = (0.5 * half, 1.8 * half);
    let mut widths: Vec<f32> = [-0.1f32, 0.0, 0.1]
        .iter()
        .filter_map(|shift| {
            let centre = base_px + bone * (fraction + shift);
            let left = edge_distance(frame, centre, across, lo, hi)?;
            let right = edge_distance(frame, centre, -across, lo, hi)?;
            Some(left + right)
        })
        .collect();
    if widths.len() < 2 {
        return None;
    }
    widths.sort_by(f32::total_cmp);
    let median = widths[widths.len() / 2];
    let spread = widths[widths.len() - 1] - widths[0];
    Some(FingerWidth {
        width_px: median,
        uncertainty_px: (0.5 * spread).max(0.5),
    })
}

/// A ring size: EU (inner circumference, mm) and US, with the EU range the measurement allows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RingSize {
    pub eu: u32,
    /// In half sizes.
    pub us: f32,
    pub range_eu: [u32; 2],
}

fn us_from_circumference_mm(circumference_mm: f32) -> f32 {
    let diameter = circumference_mm / std::f32::consts::PI;
    (((diameter - 11.63) / 0.8128) * 2.0).round() / 2.0
}

/// The ring size a finger `width_m` wide (± `uncertainty_m`) needs.
pub fn ring_size_for_width(width_m: f32, uncertainty_m: f32) -> Option<RingSize> {
    let circumference = |w: f32| PERIMETER_OVER_PI_WIDTH * std::f32::consts::PI * w * 1000.0;
    let c = circumference(width_m);
    // Outside what jewellers make (EU 38–76) the measurement is wrong, not the finger.
    if !(38.0..=76.0).contains(&c) {
        return None;
    }
    let lo = circumference((width_m - uncertainty_m).max(0.0))
        .round()
        .max(38.0) as u32;
    let hi = circumference(width_m + uncertainty_m).round().min(76.0) as u32;
    Some(RingSize {
        eu: c.round() as u32,
        us: us_from_circumference_mm(c).max(0.0),
        range_eu: [lo, hi],
    })
}

/// Ring sizes over frames: the median of the last measurements (one photo: its own), so a steady hand gives a
/// steady size.
#[derive(Debug, Clone, Default)]
pub struct RingSizeEstimator {
    widths_m: std::collections::VecDeque<(f32, f32)>,
}

impl RingSizeEstimator {
    const WINDOW: usize = 15;

    pub fn add(&mut self, width_m: f32, uncertainty_m: f32) {
        if self.widths_m.len() == Self::WINDOW {
            self.widths_m.pop_front();
        }
        self.widths_m.push_back((width_m, uncertainty_m));
    }

    pub fn reset(&mut self) {
        self.widths_m.clear();
    }

    pub fn estimate(&self) -> Option<RingSize> {
        if self.widths_m.is_empty() {
            return None;
        }
        let mut widths: Vec<f32> = self.widths_m.iter().map(|w| w.0).collect();
        widths.sort_by(f32::total_cmp);
        let median = widths[widths.len() / 2];
        // The spread of the measurements (interquartile) and their own stated uncertainty, whichever is larger.
        let iqr = widths[3 * widths.len() / 4] - widths[widths.len() / 4];
        let stated = self.widths_m.iter().map(|w| w.1).sum::<f32>() / self.widths_m.len() as f32;
        ring_size_for_width(median, (0.5 * iqr).max(stated))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A frame with a bright finger `width_px` wide across a darker, textured background, along `angle`.
    pub fn finger_frame(
        width_px: f32,
        angle: f32,
        centre: Vec2,
        noise: u8,
    ) -> (usize, usize, Vec<u8>) {
        let (w, h) = (320, 240);
        let along = Vec2::from_angle(angle);
        let across = along.perp();
        let mut rgb = vec![0u8; w * h * 3];
        let mut seed = 7u32;
        for y in 0..h {
            for x in 0..w {
                let p = Vec2::new(x as f32 + 0.5, y as f32 + 0.5) - centre;
                let d = p.dot(across).abs();
                // A soft edge over one pixel, like a camera's.
                let inside = (0.5 * width_px - d + 0.5).clamp(0.0, 1.0);
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let n = if noise > 0 {
                    (seed >> 16) % (noise as u32 * 2 + 1)
                } else {
                    0
                } as f32
                    - noise as f32;
                let texture = 60.0 + 15.0 * ((x / 7 + y / 5) % 2) as f32;
                let v = texture + inside * (200.0 - texture) + n;
                let i = (y * w + x) * 3;
                rgb[i] = (v * 0.95).clamp(0.0, 255.0) as u8;
                rgb[i + 1] = (v * 0.8).clamp(0.0, 255.0) as u8;
                rgb[i + 2] = (v * 0.7).clamp(0.0, 255.0) as u8;
            }
        }
        (w, h, rgb)
    }

    #[test]
    fn finger_width_is_measured_on_synthetic_images_of_known_width() {
        for (width, angle) in [(18.0, 0.3), (24.0, 1.4), (31.5, -0.8), (12.0, 2.6)] {
            let centre = Vec2::new(160.0, 120.0);
            let (w, h, rgb) = finger_frame(width, angle, centre, 3);
            let frame = FrameView {
                width: w,
                height: h,
                rgb: &rgb,
            };
            let along = Vec2::from_angle(angle);
            let palm = width / FINGER_WIDTH_OVER_PALM;
            let m = measure_finger_width(
                &frame,
                centre - along * 30.0,
                centre + along * 30.0,
                0.5,
                palm,
            )
            .unwrap_or_else(|| panic!("no edges for {width} px at {angle}"));
            assert!(
                (m.width_px - width).abs() < 1.0,
                "{width} px measured {}",
                m.width_px
            );
        }
    }

    #[test]
    fn a_flat_frame_has_no_finger_to_measure() {
        let rgb = vec![128u8; 100 * 100 * 3];
        let frame = FrameView {
            width: 100,
            height: 100,
            rgb: &rgb,
        };
        assert!(
            measure_finger_width(
                &frame,
                Vec2::new(30.0, 50.0),
                Vec2::new(70.0, 50.0),
                0.4,
                90.0
            )
            .is_none()
        );
    }

    #[test]
    fn ring_sizes_follow_iso_8653_and_the_us_scale() {
        // EU 54 is 54 mm inside: 17.2 mm across, US 7.
        let width = 54.0 / (PERIMETER_OVER_PI_WIDTH * std::f32::consts::PI) / 1000.0;
        let size = ring_size_for_width(width, 0.0002).unwrap_or_else(|| panic!("no size"));
        assert_eq!(size.eu, 54);
        assert_eq!(size.us, 7.0);
        assert!(
            size.range_eu[0] <= 54
                && size.range_eu[1] >= 54
                && size.range_eu[1] - size.range_eu[0] <= 2
        );
        assert!(
            ring_size_for_width(0.004, 0.0).is_none(),
            "a 4 mm finger is a wrong measurement"
        );
    }

    #[test]
    fn a_steady_hand_gives_a_size_stable_within_one() {
        let mut estimator = RingSizeEstimator::default();
        let mut sizes = Vec::new();
        for i in 0..40 {
            // ±0.4 mm of measurement wobble around 17.5 mm.
            let wobble = [0.0004, -0.0003, 0.0001, -0.0004, 0.0002][i % 5];
            estimator.add(0.0175 + wobble, 0.0005);
            if let Some(s) = estimator.estimate() {
                sizes.push(s.eu);
            }
        }
        let (lo, hi) = (
            sizes.iter().min().copied().unwrap_or(0),
            sizes.iter().max().copied().unwrap_or(0),
        );
        assert!(hi - lo <= 1, "sizes from {lo} to {hi}");
    }
}
