//! Rotated square regions of interest (MediaPipe's `DetectionsToRectsCalculator` + `RectTransformationCalculator`)
//! and the affine maps between image pixels and crop pixels.

use glam::{Affine2, Mat2, Vec2};

/// A rotated rectangle in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RotatedRect {
    pub centre_px: Vec2,
    pub size_px: Vec2,
    /// Clockwise in image coordinates (y down), radians, in [-π, π).
    pub rotation: f32,
}

/// Wraps an angle into [-π, π).
pub fn normalize_radians(angle: f32) -> f32 {
    use std::f32::consts::{PI, TAU};
    angle - TAU * ((angle + PI) / TAU).floor()
}

/// Rotation that turns the direction `from → to` (image pixels, y down) to `target` radians (π/2: pointing up).
pub fn rotation_between(from_px: Vec2, to_px: Vec2, target: f32) -> f32 {
    normalize_radians(target - (-(to_px.y - from_px.y)).atan2(to_px.x - from_px.x))
}

impl RotatedRect {
    /// Shifts by fractions of the rect's own size along its rotated axes, squares it to the long side and scales it.
    pub fn transformed(self, shift: Vec2, scale: f32) -> RotatedRect {
        let (sin, cos) = self.rotation.sin_cos();
        let dx = self.size_px.x * shift.x;
        let dy = self.size_px.y * shift.y;
        let centre_px = self.centre_px + Vec2::new(dx * cos - dy * sin, dx * sin + dy * cos);
        let long = self.size_px.max_element() * scale;
        RotatedRect {
            centre_px,
            size_px: Vec2::splat(long),
            rotation: self.rotation,
        }
    }

    /// Maps crop pixels (0..crop_size, y down) to image pixels: `image_from_crop`.
    pub fn image_from_crop(&self, crop_size_px: f32) -> Affine2 {
        let (sin, cos) = self.rotation.sin_cos();
        let rotation = Mat2::from_cols(Vec2::new(cos, sin), Vec2::new(-sin, cos));
        let scale = self.size_px / crop_size_px;
        let linear = rotation * Mat2::from_diagonal(scale);
        let translation = self.centre_px - linear * Vec2::splat(crop_size_px / 2.0);
        Affine2::from_mat2_translation(linear, translation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::{FRAC_PI_2, PI};

    #[test]
    fn angles_wrap_into_half_open_range() {
        assert!((normalize_radians(3.0 * PI) + PI).abs() < 1e-5);
        assert!((normalize_radians(-FRAC_PI_2) + FRAC_PI_2).abs() < 1e-6);
    }

    #[test]
    fn upright_hand_needs_no_rotation() {
        // Wrist below the middle finger (y down): already pointing up.
        let r = rotation_between(Vec2::new(100.0, 200.0), Vec2::new(100.0, 100.0), FRAC_PI_2);
        assert!(r.abs() < 1e-6);
        // Pointing right: a quarter turn.
        let r = rotation_between(Vec2::new(100.0, 100.0), Vec2::new(200.0, 100.0), FRAC_PI_2);
        assert!((r - FRAC_PI_2).abs() < 1e-6);
    }

    #[test]
    fn crop_corners_map_to_the_rotated_square() {
        let rect = RotatedRect {
            centre_px: Vec2::new(320.0, 240.0),
            size_px: Vec2::splat(100.0),
            rotation: FRAC_PI_2,
        };
        let m = rect.image_from_crop(224.0);
        assert!((m.transform_point2(Vec2::splat(112.0)) - rect.centre_px).length() < 1e-3);
        // The crop's top-left corner, rotated a quarter turn clockwise about the centre.
        let corner = m.transform_point2(Vec2::ZERO);
        assert!(
            (corner - Vec2::new(370.0, 190.0)).length() < 1e-3,
            "{corner}"
        );
        let back = m.inverse().transform_point2(corner);
        assert!(back.length() < 1e-3);
    }

    #[test]
    fn shift_follows_the_rotation_and_squares_the_long_side() {
        let rect = RotatedRect {
            centre_px: Vec2::ZERO,
            size_px: Vec2::new(40.0, 20.0),
            rotation: 0.0,
        };
        let t = rect.transformed(Vec2::new(0.0, -0.5), 2.0);
        assert_eq!(t.centre_px, Vec2::new(0.0, -10.0));
        assert_eq!(t.size_px, Vec2::splat(80.0));
    }
}
