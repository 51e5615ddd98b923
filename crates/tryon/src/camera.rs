//! The camera the shopper is filmed with: a pinhole from a horizontal field of view, principal point at the image
//! centre. Camera space is OpenCV's: x right, y down, z forward (into the scene), metres; the app converts to
//! Bevy's (x right, y up, looking down −z) where it places the 3D camera.

use glam::{Vec2, Vec3};
use serde::{Deserialize, Serialize};

/// The default horizontal field of view of a laptop or phone front camera.
pub const DEFAULT_HFOV_DEG: f32 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Intrinsics {
    pub width_px: f32,
    pub height_px: f32,
    /// Focal length in pixels (square pixels).
    pub focal_px: f32,
    pub centre_px: Vec2,
}

impl Intrinsics {
    /// A pinhole for an image `width_px` × `height_px` seen through `hfov_deg` horizontally (clamped to 10–150°).
    pub fn from_hfov(width_px: f32, height_px: f32, hfov_deg: f32) -> Self {
        let hfov = hfov_deg.clamp(10.0, 150.0).to_radians();
        Self {
            width_px,
            height_px,
            focal_px: 0.5 * width_px / (0.5 * hfov).tan(),
            centre_px: Vec2::new(0.5 * width_px, 0.5 * height_px),
        }
    }

    /// The vertical field of view, radians (what a 3D camera needs to match this one).
    pub fn vfov_radians(&self) -> f32 {
        2.0 * (0.5 * self.height_px / self.focal_px).atan()
    }

    /// Where a point in camera space lands in the image; `None` behind the camera.
    pub fn project(&self, point_in_camera_m: Vec3) -> Option<Vec2> {
        (point_in_camera_m.z > 1e-6).then(|| {
            self.centre_px + self.focal_px * point_in_camera_m.truncate() / point_in_camera_m.z
        })
    }

    /// The unit ray through an image point.
    pub fn ray(&self, point_in_image_px: Vec2) -> Vec3 {
        ((point_in_image_px - self.centre_px) / self.focal_px)
            .extend(1.0)
            .normalize()
    }

    /// Metres per pixel at `depth_m` in front of the camera.
    pub fn metres_per_px(&self, depth_m: f32) -> f32 {
        depth_m / self.focal_px
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_degrees_on_640_px_is_a_554_px_focal_length() {
        let k = Intrinsics::from_hfov(640.0, 480.0, 60.0);
        assert!((k.focal_px - 554.256).abs() < 0.01);
        let edge = k
            .project(Vec3::new((30f32).to_radians().tan(), 0.0, 1.0))
            .unwrap_or_default();
        assert!((edge.x - 640.0).abs() < 1e-3);
        assert!(k.project(Vec3::new(0.0, 0.0, -1.0)).is_none());
        let p = Vec2::new(100.0, 400.0);
        let back = k.project(k.ray(p) * 0.7).unwrap_or_default();
        assert!(back.distance(p) < 1e-3);
    }
}
