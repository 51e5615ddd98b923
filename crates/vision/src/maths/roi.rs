//! Rotated square regions of interest (MediaPipe's `DetectionsToRectsCalculator` + `RectTransformationCalculator`)
//! and the affine maps between image pixels and crop pixels.

use glam::{Affine2, Mat2, Vec2};

use crate::maths::detection::Detection;
use crate::model::inference::InferenceError;

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

impl RotatedRect {
    /// MediaPipe's `DetectionsToRectsCalculator`: the box's centre and size, rotated so that `from → to` points at
    /// `target` radians.
    pub fn from_box(
        box_min_px: Vec2,
        box_max_px: Vec2,
        from_px: Vec2,
        to_px: Vec2,
        target: f32,
    ) -> Self {
        RotatedRect {
            centre_px: (box_min_px + box_max_px) / 2.0,
            size_px: box_max_px - box_min_px,
            rotation: rotation_between(from_px, to_px, target),
        }
    }

    /// MediaPipe's `AlignmentPointsRectsCalculator`: centred on `centre_px`, a square of twice the distance to
    /// `edge_px`, rotated so that centre → edge points up.
    pub fn from_alignment_points(centre_px: Vec2, edge_px: Vec2) -> Self {
        let side = 2.0 * centre_px.distance(edge_px);
        RotatedRect {
            centre_px,
            size_px: Vec2::splat(side),
            rotation: rotation_between(centre_px, edge_px, std::f32::consts::FRAC_PI_2),
        }
    }

    /// The tightest rectangle with the given rotation around `points_px` (MediaPipe's
    /// `HandLandmarksToRectCalculator` geometry): its axes are the rotated ones, its centre the middle of the
    /// rotated extent.
    pub fn enclosing(points_px: impl Iterator<Item = Vec2> + Clone, rotation: f32) -> Self {
        let (mut min, mut max) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
        for p in points_px.clone() {
            min = min.min(p);
            max = max.max(p);
        }
        let centre = (min + max) / 2.0;
        let (sin, cos) = (-rotation).sin_cos();
        let (mut rmin, mut rmax) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
        for p in points_px {
            let d = p - centre;
            let r = Vec2::new(d.x * cos - d.y * sin, d.x * sin + d.y * cos);
            rmin = rmin.min(r);
            rmax = rmax.max(r);
        }
        let mid = (rmin + rmax) / 2.0;
        let (sin, cos) = rotation.sin_cos();
        RotatedRect {
            centre_px: centre + Vec2::new(mid.x * cos - mid.y * sin, mid.x * sin + mid.y * cos),
            size_px: rmax - rmin,
            rotation,
        }
    }

    /// Intersection over union of the axis-aligned boxes (rotation ignored), as MediaPipe's association of
    /// tracked and detected regions computes it.
    pub fn axis_aligned_iou(&self, other: &RotatedRect) -> f32 {
        let (a_min, a_max) = (
            self.centre_px - self.size_px / 2.0,
            self.centre_px + self.size_px / 2.0,
        );
        let (b_min, b_max) = (
            other.centre_px - other.size_px / 2.0,
            other.centre_px + other.size_px / 2.0,
        );
        let overlap = (a_max.min(b_max) - a_min.max(b_min)).max(Vec2::ZERO);
        let intersection = overlap.x * overlap.y;
        let union =
            self.size_px.x * self.size_px.y + other.size_px.x * other.size_px.y - intersection;
        if union > 0.0 {
            intersection / union
        } else {
            0.0
        }
    }

    /// The four corners in image pixels (crop top-left, top-right, bottom-right, bottom-left).
    pub fn corners_px(&self) -> [Vec2; 4] {
        let m = self.image_from_crop(1.0);
        [Vec2::ZERO, Vec2::X, Vec2::ONE, Vec2::Y].map(|c| m.transform_point2(c))
    }
}

/// Where to run a single-subject landmark model this frame (face, pose): last frame's ROI from its landmarks while
/// tracking, else the best of this frame's detections — `detections` is only awaited (the detector only runs) when
/// nothing is tracked. Returns the ROI and whether it came from a detection, or `None` when there is nothing to
/// follow.
pub async fn follow_or_detect(
    tracked: Option<RotatedRect>,
    detections: impl std::future::Future<Output = Result<Vec<Detection>, InferenceError>>,
    roi_from_detection: impl Fn(&Detection) -> RotatedRect,
) -> Result<Option<(RotatedRect, bool)>, InferenceError> {
    if let Some(roi) = tracked {
        return Ok(Some((roi, false)));
    }
    Ok(detections
        .await?
        .first()
        .map(|best| (roi_from_detection(best), true)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn follows_the_tracked_roi_without_running_the_detector() {
        use crate::model::inference::block_on;
        let roi = |x: f32| RotatedRect {
            centre_px: Vec2::new(x, 0.0),
            size_px: Vec2::splat(10.0),
            rotation: 0.0,
        };
        let detection = |x: f32| Detection {
            score: 0.9,
            box_min: Vec2::new(x, 0.0),
            box_max: Vec2::new(x + 1.0, 1.0),
            keypoints: Vec::new(),
        };
        let from = |d: &Detection| roi(d.box_min.x);
        let never = async { panic!("the detector ran while tracking") };
        let tracked = block_on(follow_or_detect(Some(roi(5.0)), never, from));
        assert!(matches!(tracked, Ok(Some((r, false))) if r.centre_px.x == 5.0));
        let best = block_on(follow_or_detect(
            None,
            async { Ok(vec![detection(7.0), detection(9.0)]) },
            from,
        ));
        assert!(matches!(best, Ok(Some((r, true))) if r.centre_px.x == 7.0));
        let nothing = block_on(follow_or_detect(None, async { Ok(Vec::new()) }, from));
        assert!(matches!(nothing, Ok(None)));
    }

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
    fn enclosing_rect_of_a_rotated_square_is_that_square() {
        let square = RotatedRect {
            centre_px: Vec2::new(50.0, 60.0),
            size_px: Vec2::splat(20.0),
            rotation: 0.3,
        };
        let r = RotatedRect::enclosing(square.corners_px().into_iter(), 0.3);
        assert!((r.centre_px - square.centre_px).length() < 1e-3, "{r:?}");
        assert!((r.size_px - square.size_px).length() < 1e-3, "{r:?}");
    }

    #[test]
    fn alignment_points_make_an_upright_square() {
        let r =
            RotatedRect::from_alignment_points(Vec2::new(100.0, 200.0), Vec2::new(100.0, 150.0));
        assert_eq!(r.size_px, Vec2::splat(100.0));
        assert!(r.rotation.abs() < 1e-6);
        let iou = r.axis_aligned_iou(&RotatedRect {
            centre_px: Vec2::new(150.0, 200.0),
            ..r
        });
        assert!((iou - 1.0 / 3.0).abs() < 1e-6, "{iou}");
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
