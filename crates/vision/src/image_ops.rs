//! Image-to-tensor conversions as MediaPipe's `ImageToTensorCalculator` does them: a letterboxed resize for the
//! detectors and a rotated-rectangle affine crop for the landmark models, written into preallocated NHWC float
//! buffers with the model's value range. Bilinear sampling matches OpenCV's `INTER_LINEAR`.

use glam::{Affine2, Vec2};

/// An 8-bit RGB image, row-major, tightly packed.
#[derive(Debug, Clone, Copy)]
pub struct RgbView<'a> {
    pub width: usize,
    pub height: usize,
    pub data: &'a [u8],
}

impl RgbView<'_> {
    fn pixel(&self, x: usize, y: usize) -> [f32; 3] {
        let i = (y * self.width + x) * 3;
        [
            self.data[i] as f32,
            self.data[i + 1] as f32,
            self.data[i + 2] as f32,
        ]
    }

    /// Bilinear sample at a continuous position (pixel centres at integers); `None` outside the image.
    fn sample(&self, p: Vec2, clamp_edges: bool) -> Option<[f32; 3]> {
        let (w, h) = (self.width as f32, self.height as f32);
        let (mut x, mut y) = (p.x, p.y);
        if clamp_edges {
            x = x.clamp(0.0, w - 1.0);
            y = y.clamp(0.0, h - 1.0);
        } else if x <= -1.0 || y <= -1.0 || x >= w || y >= h {
            return None;
        }
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let mut acc = [0.0f32; 3];
        for (dy, wy) in [(0.0, 1.0 - fy), (1.0, fy)] {
            for (dx, wx) in [(0.0, 1.0 - fx), (1.0, fx)] {
                let weight = wx * wy;
                if weight == 0.0 {
                    continue;
                }
                let (sx, sy) = (x0 + dx, y0 + dy);
                // Outside texels count as black (OpenCV's BORDER_CONSTANT with 0).
                if sx < 0.0 || sy < 0.0 || sx >= w || sy >= h {
                    continue;
                }
                let px = self.pixel(sx as usize, sy as usize);
                for c in 0..3 {
                    acc[c] += px[c] * weight;
                }
            }
        }
        Some(acc)
    }
}

/// The padding a letterbox added, as fractions of the square input (left, top, right, bottom).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Letterbox {
    pub pad: [f32; 4],
}

impl Letterbox {
    /// Maps a point from normalised letterboxed-input coordinates to normalised image coordinates.
    pub fn remove(&self, p: Vec2) -> Vec2 {
        let [l, t, r, b] = self.pad;
        Vec2::new((p.x - l) / (1.0 - l - r), (p.y - t) / (1.0 - t - b))
    }
}

/// Maps 0..255 to the model's range `[low, high]`.
fn to_range(v: f32, low: f32, high: f32) -> f32 {
    v / 255.0 * (high - low) + low
}

/// Resizes `src` to fit a `size`×`size` square keeping its aspect ratio, centred on black, into `out`
/// (`size * size * 3` floats, NHWC) with values in `[low, high]`.
pub fn letterbox_into(
    src: RgbView,
    size: usize,
    low: f32,
    high: f32,
    out: &mut [f32],
) -> Letterbox {
    let scale = size as f32 / src.width.max(src.height) as f32;
    let new_w = ((src.width as f32 * scale).round() as usize).clamp(1, size);
    let new_h = ((src.height as f32 * scale).round() as usize).clamp(1, size);
    let pad_x = (size - new_w) / 2;
    let pad_y = (size - new_h) / 2;
    let (sx, sy) = (
        src.width as f32 / new_w as f32,
        src.height as f32 / new_h as f32,
    );
    let black = to_range(0.0, low, high);
    for y in 0..size {
        for x in 0..size {
            let o = (y * size + x) * 3;
            let inside = x >= pad_x && x < pad_x + new_w && y >= pad_y && y < pad_y + new_h;
            if !inside {
                out[o..o + 3].fill(black);
                continue;
            }
            // OpenCV's resize: half-pixel centres, edges replicated.
            let p = Vec2::new(
                ((x - pad_x) as f32 + 0.5) * sx - 0.5,
                ((y - pad_y) as f32 + 0.5) * sy - 0.5,
            );
            let c = src.sample(p, true).unwrap_or([0.0; 3]);
            for k in 0..3 {
                out[o + k] = to_range(c[k], low, high);
            }
        }
    }
    Letterbox {
        pad: [
            pad_x as f32 / size as f32,
            pad_y as f32 / size as f32,
            (size - new_w - pad_x) as f32 / size as f32,
            (size - new_h - pad_y) as f32 / size as f32,
        ],
    }
}

/// Fills `out` (`size * size * 3`, NHWC) by sampling `src` at `image_from_crop` of each crop pixel, black outside.
pub fn warp_into(
    src: RgbView,
    image_from_crop: Affine2,
    size: usize,
    low: f32,
    high: f32,
    out: &mut [f32],
) {
    let black = to_range(0.0, low, high);
    for y in 0..size {
        for x in 0..size {
            let o = (y * size + x) * 3;
            match src.sample(
                image_from_crop.transform_point2(Vec2::new(x as f32, y as f32)),
                false,
            ) {
                Some(c) => {
                    for k in 0..3 {
                        out[o + k] = to_range(c[k], low, high);
                    }
                }
                None => out[o..o + 3].fill(black),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: usize, height: usize) -> Vec<u8> {
        (0..height)
            .flat_map(|y| (0..width).flat_map(move |x| [(x * 10) as u8, (y * 10) as u8, 128]))
            .collect()
    }

    #[test]
    fn letterbox_pads_the_short_side_and_maps_back() {
        let data = gradient(20, 10);
        let src = RgbView {
            width: 20,
            height: 10,
            data: &data,
        };
        let mut out = vec![0.0; 8 * 8 * 3];
        let lb = letterbox_into(src, 8, -1.0, 1.0, &mut out);
        assert_eq!(lb.pad, [0.0, 2.0 / 8.0, 0.0, 2.0 / 8.0]);
        // Padding rows are black in [-1, 1].
        assert_eq!(&out[0..3], &[-1.0, -1.0, -1.0]);
        // Blue channel (128 everywhere) inside the image.
        let inside = (3 * 8 + 3) * 3;
        assert!((out[inside + 2] - to_range(128.0, -1.0, 1.0)).abs() < 1e-6);
        let p = lb.remove(Vec2::new(0.5, 0.5));
        assert!((p - Vec2::new(0.5, 0.5)).length() < 1e-6);
        assert!((lb.remove(Vec2::new(0.0, 0.25)) - Vec2::ZERO).length() < 1e-6);
    }

    #[test]
    fn identity_warp_copies_pixels_and_blacks_the_outside() {
        let data = gradient(6, 6);
        let src = RgbView {
            width: 6,
            height: 6,
            data: &data,
        };
        let mut out = vec![0.0; 8 * 8 * 3];
        warp_into(src, Affine2::IDENTITY, 8, 0.0, 255.0, &mut out);
        assert_eq!(
            &out[(2 * 8 + 3) * 3..(2 * 8 + 3) * 3 + 3],
            &[30.0, 20.0, 128.0]
        );
        assert_eq!(&out[(7 * 8 + 7) * 3..(7 * 8 + 7) * 3 + 3], &[0.0, 0.0, 0.0]);
    }

    #[test]
    fn half_pixel_shift_interpolates() {
        let data = gradient(4, 4);
        let src = RgbView {
            width: 4,
            height: 4,
            data: &data,
        };
        let mut out = vec![0.0; 2 * 2 * 3];
        warp_into(
            src,
            Affine2::from_translation(Vec2::new(0.5, 0.0)),
            2,
            0.0,
            255.0,
            &mut out,
        );
        assert!((out[0] - 5.0).abs() < 1e-4, "{}", out[0]);
    }
}
