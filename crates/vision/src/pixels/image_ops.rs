//! Image-to-tensor conversion as MediaPipe's `ImageToTensorCalculator` does it on CPU: the region of interest (the
//! whole image padded to a square for the detectors, a rotated square for the landmark models) is warped as OpenCV's
//! `warpPerspective` does it with `INTER_LINEAR` (each position rounded to 1/32 pixel, results rounded to 8 bits) into a
//! preallocated NHWC float buffer, then mapped to the model's value range.

use glam::{Affine2, Vec2};

/// An owned 8-bit RGB image, row-major, tightly packed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RgbImage {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl RgbImage {
    pub fn new(width: usize, height: usize) -> Self {
        Self {
            width,
            height,
            data: vec![0; width * height * 3],
        }
    }

    /// Mirrors the image left-right in place (a selfie view, or a right hand made left).
    pub fn mirror(&mut self) {
        let w = self.width;
        for row in self.data.chunks_exact_mut(w * 3) {
            for x in 0..w / 2 {
                for c in 0..3 {
                    row.swap(x * 3 + c, (w - 1 - x) * 3 + c);
                }
            }
        }
    }

    pub fn view(&self) -> RgbView<'_> {
        RgbView {
            width: self.width,
            height: self.height,
            data: &self.data,
        }
    }
}

/// A borrowed 8-bit RGB image, row-major, tightly packed.
#[derive(Debug, Clone, Copy)]
pub struct RgbView<'a> {
    pub width: usize,
    pub height: usize,
    pub data: &'a [u8],
}

/// What a warp reads outside the image (OpenCV's border modes as MediaPipe uses them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Border {
    /// Black: the detectors' letterbox (`BORDER_ZERO`).
    Zero,
    /// The nearest edge pixel: the landmark crops (MediaPipe's default).
    Replicate,
}

/// The model's input value range: 0..255 maps linearly to `low..high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueRange {
    pub low: f32,
    pub high: f32,
}

impl ValueRange {
    pub const UNIT: ValueRange = ValueRange {
        low: 0.0,
        high: 1.0,
    };
    pub const SIGNED: ValueRange = ValueRange {
        low: -1.0,
        high: 1.0,
    };

    fn map(self, v: u8) -> f32 {
        v as f32 / 255.0 * (self.high - self.low) + self.low
    }
}

/// Sub-pixel steps of OpenCV's remap tables (`INTER_TAB_SIZE`): positions are quantised to 1/32 pixel and the
/// bilinear weights are products of those steps (exactly OpenCV's fixed-point coefficients, scaled by 1024).
const SUBPIXEL_BITS: i32 = 5;
const SUBPIXEL_MASK: i32 = (1 << SUBPIXEL_BITS) - 1;

impl RgbView<'_> {
    /// Bilinear sample at (`qx`, `qy`) in 1/32 pixel.
    #[inline]
    fn sample_quantised(&self, qx: i32, qy: i32, border: Border) -> [u8; 3] {
        let (x0, y0) = (qx >> SUBPIXEL_BITS, qy >> SUBPIXEL_BITS);
        let (fx, fy) = (qx & SUBPIXEL_MASK, qy & SUBPIXEL_MASK);
        let n = 1 << SUBPIXEL_BITS;
        let weights = [(n - fx) * (n - fy), fx * (n - fy), (n - fx) * fy, fx * fy];
        let (w, h) = (self.width as i32, self.height as i32);
        let mut acc = [512i32; 3]; // rounding: + 0.5 in units of 1/1024
        if x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h {
            // Fast path: all four taps inside.
            let stride = self.width * 3;
            let i = y0 as usize * stride + x0 as usize * 3;
            let (top, bottom) = (&self.data[i..i + 6], &self.data[i + stride..i + stride + 6]);
            for c in 0..3 {
                acc[c] += top[c] as i32 * weights[0]
                    + top[c + 3] as i32 * weights[1]
                    + bottom[c] as i32 * weights[2]
                    + bottom[c + 3] as i32 * weights[3];
            }
        } else {
            for (k, weight) in weights.into_iter().enumerate() {
                if weight == 0 {
                    continue;
                }
                let (mut sx, mut sy) = (x0 + (k as i32 & 1), y0 + (k as i32 >> 1));
                match border {
                    Border::Zero => {
                        if sx < 0 || sy < 0 || sx >= w || sy >= h {
                            continue;
                        }
                    }
                    Border::Replicate => {
                        sx = sx.clamp(0, w - 1);
                        sy = sy.clamp(0, h - 1);
                    }
                }
                let i = (sy as usize * self.width + sx as usize) * 3;
                for (c, a) in acc.iter_mut().enumerate() {
                    *a += self.data[i + c] as i32 * weight;
                }
            }
        }
        acc.map(|v| (v >> (2 * SUBPIXEL_BITS)).clamp(0, 255) as u8)
    }
}

/// Fills `out` (`size * size * 3`, NHWC) by sampling `src` at `image_from_tensor` of each tensor pixel.
pub fn warp_into(
    src: RgbView,
    image_from_tensor: Affine2,
    size: usize,
    range: ValueRange,
    border: Border,
    out: &mut [f32],
) {
    let lookup: [f32; 256] = std::array::from_fn(|v| range.map(v as u8));
    if src.width == 0 || src.height == 0 {
        out.fill(lookup[0]);
        return;
    }
    // As OpenCV's `warpPerspective` (what MediaPipe's CPU `ImageToTensorCalculator` calls): each tensor pixel's
    // source position is computed on its own in double precision and rounded (half to even) to 1/32 pixel, never
    // accumulated along the row (an accumulated, once-rounded step drifts by several 1/32 px across a crop).
    let m = image_from_tensor.matrix2;
    let t = image_from_tensor.translation;
    let [a, b, c] = [m.x_axis.x as f64, m.y_axis.x as f64, t.x as f64];
    let [d, e, f] = [m.x_axis.y as f64, m.y_axis.y as f64, t.y as f64];
    let subpixels = (1 << SUBPIXEL_BITS) as f64;
    // Far outside any image, yet safe from overflow in the sampler.
    let quantise = |v: f64| (v * subpixels).round_ties_even().clamp(-1e9, 1e9) as i32;
    for (y, row_out) in out.chunks_exact_mut(size * 3).take(size).enumerate() {
        let (row_x, row_y) = (b * y as f64 + c, e * y as f64 + f);
        for (x, o) in row_out.chunks_exact_mut(3).enumerate() {
            let qx = quantise(a * x as f64 + row_x);
            let qy = quantise(d * x as f64 + row_y);
            let c = src.sample_quantised(qx, qy, border);
            o[0] = lookup[c[0] as usize];
            o[1] = lookup[c[1] as usize];
            o[2] = lookup[c[2] as usize];
        }
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

/// The whole image padded to a centred square of its long side, as MediaPipe's `keep_aspect_ratio` does it:
/// `image_from_tensor` for a `size`×`size` tensor and the padding to remove from results.
pub fn letterbox_transform(width: usize, height: usize, size: usize) -> (Affine2, Letterbox) {
    let (w, h) = (width as f32, height as f32);
    let long = w.max(h).max(1.0);
    let scale = long / size as f32;
    let origin = Vec2::new((w - long) / 2.0, (h - long) / 2.0);
    let pad_x = (long - w) / 2.0 / long;
    let pad_y = (long - h) / 2.0 / long;
    (
        Affine2::from_scale_angle_translation(Vec2::splat(scale), 0.0, origin),
        Letterbox {
            pad: [pad_x, pad_y, pad_x, pad_y],
        },
    )
}

/// Letterboxes `src` into a `size`×`size` tensor (black padding) and returns the padding.
pub fn letterbox_into(src: RgbView, size: usize, range: ValueRange, out: &mut [f32]) -> Letterbox {
    let (image_from_tensor, letterbox) = letterbox_transform(src.width, src.height, size);
    warp_into(src, image_from_tensor, size, range, Border::Zero, out);
    letterbox
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: usize, height: usize) -> RgbImage {
        RgbImage {
            width,
            height,
            data: (0..height)
                .flat_map(|y| (0..width).flat_map(move |x| [(x * 10) as u8, (y * 10) as u8, 128]))
                .collect(),
        }
    }

    const BYTES: ValueRange = ValueRange {
        low: 0.0,
        high: 255.0,
    };

    #[test]
    fn letterbox_pads_the_short_side_and_maps_back() {
        let img = gradient(20, 10);
        let mut out = vec![0.0; 8 * 8 * 3];
        let lb = letterbox_into(img.view(), 8, ValueRange::SIGNED, &mut out);
        assert_eq!(lb.pad, [0.0, 0.25, 0.0, 0.25]);
        // Padding rows are black in [-1, 1].
        assert_eq!(&out[0..3], &[-1.0, -1.0, -1.0]);
        // Blue channel (128 everywhere) inside the image.
        let inside = (3 * 8 + 3) * 3;
        assert!((out[inside + 2] - ValueRange::SIGNED.map(128)).abs() < 1e-6);
        assert!((lb.remove(Vec2::new(0.5, 0.5)) - Vec2::new(0.5, 0.5)).length() < 1e-6);
        assert!((lb.remove(Vec2::new(0.0, 0.25)) - Vec2::ZERO).length() < 1e-6);
    }

    #[test]
    fn every_position_is_rounded_on_its_own_never_accumulated() {
        // 512 px into 224: tensor column 217 lies exactly on source column 496. A step rounded once and added
        // 217 times drifted to 496.09 and mixed in its dark neighbour.
        let mut img = RgbImage::new(512, 512);
        for y in 0..512 {
            let o = (y * 512 + 496) * 3;
            img.data[o..o + 3].fill(255);
        }
        let mut out = vec![0.0; 224 * 224 * 3];
        letterbox_into(img.view(), 224, ValueRange::UNIT, &mut out);
        for y in [0, 100, 223] {
            assert_eq!(out[(y * 224 + 217) * 3], 1.0, "row {y}");
        }
    }

    #[test]
    fn letterbox_maps_tensor_edges_to_the_padded_square() {
        let (m, _) = letterbox_transform(1280, 720, 192);
        assert!((m.transform_point2(Vec2::ZERO) - Vec2::new(0.0, -280.0)).length() < 1e-3);
        assert!(
            (m.transform_point2(Vec2::splat(192.0)) - Vec2::new(1280.0, 1000.0)).length() < 1e-3
        );
    }

    #[test]
    fn identity_warp_copies_pixels_and_borders_differ() {
        let img = gradient(6, 6);
        let mut out = vec![0.0; 8 * 8 * 3];
        warp_into(
            img.view(),
            Affine2::IDENTITY,
            8,
            BYTES,
            Border::Zero,
            &mut out,
        );
        assert_eq!(
            &out[(2 * 8 + 3) * 3..(2 * 8 + 3) * 3 + 3],
            &[30.0, 20.0, 128.0]
        );
        assert_eq!(&out[(7 * 8 + 7) * 3..(7 * 8 + 7) * 3 + 3], &[0.0, 0.0, 0.0]);
        warp_into(
            img.view(),
            Affine2::IDENTITY,
            8,
            BYTES,
            Border::Replicate,
            &mut out,
        );
        // Replicate repeats the last column and row (x = 5, y = 5).
        assert_eq!(
            &out[(7 * 8 + 7) * 3..(7 * 8 + 7) * 3 + 3],
            &[50.0, 50.0, 128.0]
        );
    }

    #[test]
    fn sub_pixel_positions_interpolate_and_round_like_opencv() {
        let img = gradient(4, 4);
        let mut out = vec![0.0; 2 * 2 * 3];
        let half = Affine2::from_translation(Vec2::new(0.5, 0.0));
        warp_into(img.view(), half, 2, BYTES, Border::Zero, &mut out);
        assert_eq!(out[0], 5.0);
        // 0.51 quantises to 16/32 = 0.5, as OpenCV's remap tables do.
        let almost = Affine2::from_translation(Vec2::new(0.51, 0.0));
        warp_into(img.view(), almost, 2, BYTES, Border::Zero, &mut out);
        assert_eq!(out[0], 5.0);
        // Half-way between 0 and 10 at a quarter: 2.5 rounds to an 8-bit value.
        let quarter = Affine2::from_translation(Vec2::new(0.25, 0.0));
        warp_into(img.view(), quarter, 2, BYTES, Border::Zero, &mut out);
        assert_eq!(out[0], 3.0);
    }
}
