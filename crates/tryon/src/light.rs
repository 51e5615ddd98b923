//! How the camera frame is lit, for lighting the pieces like the shopper's room: the frame's mean colour in linear
//! light, smoothed over time so that a hand passing in front of the lens does not make the metal flicker.

use glam::Vec3;

/// The smoothing's time constant, seconds.
pub const LIGHT_TIME_CONSTANT_SECS: f64 = 0.5;
/// Every n-th pixel along each axis is read: the mean of a 640 × 480 frame from 4,800 pixels.
const SAMPLE_STEP_PX: usize = 8;
/// The mean linear luminance of a frame exposed like a mid-grey card, the pieces' reference brightness.
pub const MID_GREY_LINEAR: f32 = 0.18;

fn srgb_to_linear(v: u8) -> f32 {
    let c = v as f32 / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// The mean colour of an RGB8 (sRGB) frame in linear light.
pub fn mean_linear_colour(rgb: &[u8], width: usize, height: usize) -> Vec3 {
    let mut sum = Vec3::ZERO;
    let mut count = 0u32;
    for y in (SAMPLE_STEP_PX / 2..height).step_by(SAMPLE_STEP_PX) {
        for x in (SAMPLE_STEP_PX / 2..width).step_by(SAMPLE_STEP_PX) {
            let i = (y * width + x) * 3;
            if let Some(p) = rgb.get(i..i + 3) {
                sum += Vec3::new(
                    srgb_to_linear(p[0]),
                    srgb_to_linear(p[1]),
                    srgb_to_linear(p[2]),
                );
                count += 1;
            }
        }
    }
    if count == 0 {
        Vec3::splat(MID_GREY_LINEAR)
    } else {
        sum / count as f32
    }
}

/// The light the pieces get from this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SceneLight {
    /// The light's colour, its brightest channel 1.
    pub tint: Vec3,
    /// Brightness relative to a frame exposed like mid grey, clamped to 0.35–1.6 (a dark room dims the metal, it
    /// never turns it black; a bright one does not burn it out).
    pub intensity: f32,
}

/// The frame's light, smoothed.
#[derive(Debug, Clone, Default)]
pub struct FrameLight {
    smoothed: Option<(Vec3, f64)>,
}

impl FrameLight {
    pub fn update(
        &mut self,
        rgb: &[u8],
        width: usize,
        height: usize,
        timestamp_secs: f64,
    ) -> SceneLight {
        let mean = mean_linear_colour(rgb, width, height);
        let smoothed = match self.smoothed {
            Some((previous, t)) if timestamp_secs > t => {
                let alpha = 1.0 - (-(timestamp_secs - t) / LIGHT_TIME_CONSTANT_SECS).exp();
                previous.lerp(mean, alpha as f32)
            }
            Some((previous, _)) => previous,
            None => mean,
        };
        self.smoothed = Some((smoothed, timestamp_secs));
        scene_light(smoothed)
    }
}

/// The light for a frame of this mean linear colour.
pub fn scene_light(mean_linear: Vec3) -> SceneLight {
    let brightest = mean_linear.max_element();
    let luminance = mean_linear.dot(Vec3::new(0.2126, 0.7152, 0.0722));
    SceneLight {
        // A tint, not the room's colour: halfway to white, so a green wall does not turn gold green.
        tint: if brightest > 1e-4 {
            (mean_linear / brightest).lerp(Vec3::ONE, 0.5)
        } else {
            Vec3::ONE
        },
        intensity: (luminance / MID_GREY_LINEAR).clamp(0.35, 1.6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(rgb: [u8; 3], w: usize, h: usize) -> Vec<u8> {
        rgb.iter().copied().cycle().take(w * h * 3).collect()
    }

    #[test]
    fn a_mid_grey_frame_is_the_reference_light() {
        // sRGB 118 is linear 0.181.
        let light = scene_light(mean_linear_colour(&flat([118, 118, 118], 64, 48), 64, 48));
        assert!((light.intensity - 1.0).abs() < 0.02, "{light:?}");
        assert!(light.tint.abs_diff_eq(Vec3::ONE, 1e-3));
    }

    #[test]
    fn a_warm_room_tints_and_a_dark_one_dims_within_bounds() {
        let warm = scene_light(mean_linear_colour(&flat([200, 150, 100], 64, 48), 64, 48));
        assert!(warm.tint.x == 1.0 && warm.tint.z < warm.tint.y && warm.tint.z >= 0.5);
        let dark = scene_light(mean_linear_colour(&flat([5, 5, 5], 64, 48), 64, 48));
        assert_eq!(dark.intensity, 0.35);
        let bright = scene_light(mean_linear_colour(&flat([255, 255, 255], 64, 48), 64, 48));
        assert_eq!(bright.intensity, 1.6);
    }

    #[test]
    fn a_sudden_change_is_followed_over_half_a_second() {
        let (w, h) = (64, 48);
        let mut light = FrameLight::default();
        let grey = flat([118, 118, 118], w, h);
        let black = flat([0, 0, 0], w, h);
        let first = light.update(&grey, w, h, 0.0);
        let next = light.update(&black, w, h, 1.0 / 30.0);
        assert!(next.intensity < first.intensity && next.intensity > 0.85 * first.intensity);
        let mut last = next;
        for f in 2..60 {
            last = light.update(&black, w, h, f as f64 / 30.0);
        }
        assert_eq!(last.intensity, 0.35);
    }
}
