//! Drawing landmarks and ROIs on a frame, to look at what the tracker found (`vitrine-track --overlay`).

use glam::Vec2;

use crate::pipelines::tracker::TrackingResult;
use crate::pixels::image_ops::RgbImage;

pub const HAND_EDGES: [(usize, usize); 21] = [
    (0, 1),
    (1, 2),
    (2, 3),
    (3, 4),
    (0, 5),
    (5, 6),
    (6, 7),
    (7, 8),
    (5, 9),
    (9, 10),
    (10, 11),
    (11, 12),
    (9, 13),
    (13, 14),
    (14, 15),
    (15, 16),
    (13, 17),
    (0, 17),
    (17, 18),
    (18, 19),
    (19, 20),
];
pub const POSE_EDGES: [(usize, usize); 35] = [
    (0, 1),
    (1, 2),
    (2, 3),
    (3, 7),
    (0, 4),
    (4, 5),
    (5, 6),
    (6, 8),
    (9, 10),
    (11, 12),
    (11, 13),
    (13, 15),
    (15, 17),
    (15, 19),
    (15, 21),
    (17, 19),
    (12, 14),
    (14, 16),
    (16, 18),
    (16, 20),
    (16, 22),
    (18, 20),
    (11, 23),
    (12, 24),
    (23, 24),
    (23, 25),
    (24, 26),
    (25, 27),
    (26, 28),
    (27, 29),
    (28, 30),
    (29, 31),
    (30, 32),
    (27, 31),
    (28, 32),
];

const HAND_COLOUR: [u8; 3] = [40, 220, 120];
const POSE_COLOUR: [u8; 3] = [255, 170, 40];
const FACE_COLOUR: [u8; 3] = [90, 200, 255];
const ROI_COLOUR: [u8; 3] = [230, 60, 200];

/// A canvas over an RGB image with clipped, anti-alias-free primitives.
pub struct Canvas<'a> {
    pub image: &'a mut RgbImage,
}

impl Canvas<'_> {
    fn put(&mut self, x: i64, y: i64, colour: [u8; 3]) {
        if x < 0 || y < 0 || x >= self.image.width as i64 || y >= self.image.height as i64 {
            return;
        }
        let i = (y as usize * self.image.width + x as usize) * 3;
        self.image.data[i..i + 3].copy_from_slice(&colour);
    }

    pub fn disc(&mut self, centre: Vec2, radius: f32, colour: [u8; 3]) {
        let r = radius.ceil() as i64;
        let (cx, cy) = (centre.x.round() as i64, centre.y.round() as i64);
        for dy in -r..=r {
            for dx in -r..=r {
                if ((dx * dx + dy * dy) as f32) <= radius * radius {
                    self.put(cx + dx, cy + dy, colour);
                }
            }
        }
    }

    pub fn line(&mut self, a: Vec2, b: Vec2, width: f32, colour: [u8; 3]) {
        let steps = a.distance(b).ceil().max(1.0) as usize;
        for s in 0..=steps {
            let p = a.lerp(b, s as f32 / steps as f32);
            self.disc(p, width / 2.0, colour);
        }
    }
}

/// Draws everything in `result` onto `image`.
pub fn draw(image: &mut RgbImage, result: &TrackingResult) {
    let scale = (image.width.max(image.height) as f32 / 640.0).max(1.0);
    let mut canvas = Canvas { image };
    for hand in &result.hands {
        let corners = hand.roi.corners_px();
        for i in 0..4 {
            canvas.line(corners[i], corners[(i + 1) % 4], scale, ROI_COLOUR);
        }
        let p = |i: usize| hand.landmarks_px[i].truncate();
        for (a, b) in HAND_EDGES {
            canvas.line(p(a), p(b), 2.0 * scale, HAND_COLOUR);
        }
        for i in 0..hand.landmarks_px.len() {
            canvas.disc(p(i), 2.5 * scale, [255, 255, 255]);
        }
    }
    if let Some(pose) = &result.pose {
        let visible = |i: usize| pose.visibility[i] > 0.5;
        let p = |i: usize| pose.landmarks_px[i].truncate();
        for (a, b) in POSE_EDGES {
            if visible(a) && visible(b) {
                canvas.line(p(a), p(b), 2.0 * scale, POSE_COLOUR);
            }
        }
        for i in (0..pose.landmarks_px.len()).filter(|i| visible(*i)) {
            canvas.disc(p(i), 3.0 * scale, [255, 255, 255]);
        }
    }
    if let Some(face) = &result.face {
        for p in &face.landmarks_px {
            canvas.disc(p.truncate(), 1.2 * scale, FACE_COLOUR);
        }
    }
}

/// Saves an RGB image as PNG.
pub fn save_png(image: &RgbImage, path: &std::path::Path) -> Result<(), String> {
    let buffer =
        image::RgbImage::from_raw(image.width as u32, image.height as u32, image.data.clone())
            .ok_or("image buffer has the wrong size")?;
    buffer
        .save(path)
        .map_err(|e| format!("writing {}: {e}", path.display()))
}
