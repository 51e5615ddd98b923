//! YUV → RGB with BT.601 coefficients, for camera frames and Y4M clips: integer arithmetic in 16.16 fixed point
//! from five 256-entry tables, with no float rounding call and no bounds check per pixel. Within one level of the
//! exact conversion everywhere, and equal to it except where the exact value is a tie (a test checks all 2²⁴
//! inputs).

use std::sync::LazyLock;

const ONE: f64 = 65_536.0;
const HALF: i32 = 1 << 15;

/// Per-component tables of one YUV → RGB conversion: every output channel is a sum of table entries, rounded.
pub struct YuvToRgb {
    luma: [i32; 256],
    r_from_v: [i32; 256],
    g_from_u: [i32; 256],
    g_from_v: [i32; 256],
    b_from_u: [i32; 256],
}

static FULL_RANGE: LazyLock<YuvToRgb> =
    LazyLock::new(|| YuvToRgb::new(1.0, 0.0, [1.402, 0.344_136, 0.714_136, 1.772]));
static LIMITED_RANGE: LazyLock<YuvToRgb> =
    LazyLock::new(|| YuvToRgb::new(1.164, 16.0, [1.596, 0.392, 0.813, 2.017]));

impl YuvToRgb {
    /// `rgb = luma_gain·(Y − luma_offset) + (kr·V', −kgu·U' − kgv·V', kb·U')` with U' = U − 128, V' = V − 128.
    fn new(luma_gain: f64, luma_offset: f64, [kr, kgu, kgv, kb]: [f64; 4]) -> Self {
        let table =
            |f: &dyn Fn(f64) -> f64| std::array::from_fn(|i| (f(i as f64) * ONE).round() as i32);
        Self {
            luma: table(&|y| luma_gain * (y - luma_offset)),
            r_from_v: table(&|v| kr * (v - 128.0)),
            g_from_u: table(&|u| -kgu * (u - 128.0)),
            g_from_v: table(&|v| -kgv * (v - 128.0)),
            b_from_u: table(&|u| kb * (u - 128.0)),
        }
    }

    /// Full range (JPEG's, and Y4M's `C420jpeg`): Y and the colour differences over 0–255.
    pub fn full_range() -> &'static Self {
        &FULL_RANGE
    }

    /// Limited ("video") range, as webcams deliver it: Y over 16–235.
    pub fn limited_range() -> &'static Self {
        &LIMITED_RANGE
    }

    /// One pixel.
    #[inline]
    pub fn pixel(&self, y: u8, u: u8, v: u8) -> [u8; 3] {
        let luma = self.luma[y as usize];
        let to_u8 = |value: i32| ((value + HALF) >> 16).clamp(0, 255) as u8;
        [
            to_u8(luma + self.r_from_v[v as usize]),
            to_u8(luma + self.g_from_u[u as usize] + self.g_from_v[v as usize]),
            to_u8(luma + self.b_from_u[u as usize]),
        ]
    }

    /// One row of pixels that share chroma two by two (4:2:0 and 4:2:2): `luma` holds the row's Y, `chroma` the
    /// (U, V) of each pair (and of the last, unpaired pixel of an odd row); `rgb` receives 3 bytes per pixel.
    #[inline]
    pub fn row_pairs(&self, luma: &[u8], chroma: impl Iterator<Item = (u8, u8)>, rgb: &mut [u8]) {
        let mut chroma = chroma;
        let mut pixels = rgb.chunks_exact_mut(6);
        let mut lumas = luma.chunks_exact(2);
        for ((out, y), (u, v)) in (&mut pixels).zip(&mut lumas).zip(&mut chroma) {
            out[..3].copy_from_slice(&self.pixel(y[0], u, v));
            out[3..].copy_from_slice(&self.pixel(y[1], u, v));
        }
        if let ([y], Some((u, v))) = (lumas.remainder(), chroma.next()) {
            let out = pixels.into_remainder();
            if out.len() >= 3 {
                out[..3].copy_from_slice(&self.pixel(*y, u, v));
            }
        }
    }

    /// A planar 4:2:0 image (Y, then U and V at half resolution, rounded up) into `rgb` (width × height × 3).
    pub fn planar_420(
        &self,
        [y_plane, u_plane, v_plane]: [&[u8]; 3],
        width: usize,
        height: usize,
        rgb: &mut [u8],
    ) {
        let chroma_width = width.div_ceil(2);
        for (row, out) in rgb.chunks_exact_mut(width * 3).take(height).enumerate() {
            let Some(luma) = y_plane.get(row * width..(row + 1) * width) else {
                return;
            };
            let c = (row / 2) * chroma_width;
            let (Some(u), Some(v)) = (
                u_plane.get(c..c + chroma_width),
                v_plane.get(c..c + chroma_width),
            ) else {
                return;
            };
            self.row_pairs(luma, u.iter().copied().zip(v.iter().copied()), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conversion in exact arithmetic, before rounding.
    fn exact(gain: f64, offset: f64, k: [f64; 4], y: u8, u: u8, v: u8) -> [f64; 3] {
        let luma = gain * (y as f64 - offset);
        let (u, v) = (u as f64 - 128.0, v as f64 - 128.0);
        [luma + k[0] * v, luma - k[1] * u - k[2] * v, luma + k[3] * u]
    }

    #[test]
    fn every_input_rounds_as_the_exact_conversion_but_at_ties() {
        for (table, gain, offset, k) in [
            (
                YuvToRgb::full_range(),
                1.0,
                0.0,
                [1.402, 0.344_136, 0.714_136, 1.772],
            ),
            (
                YuvToRgb::limited_range(),
                1.164,
                16.0,
                [1.596, 0.392, 0.813, 2.017],
            ),
        ] {
            for y in 0..=255u8 {
                for u in 0..=255u8 {
                    for v in 0..=255u8 {
                        let got = table.pixel(y, u, v);
                        let want = exact(gain, offset, k, y, u, v);
                        for c in 0..3 {
                            let rounded = want[c].round().clamp(0.0, 255.0) as u8;
                            let d = got[c].abs_diff(rounded);
                            // The coefficients have three to six decimals, so exact ties (x.5) are common; the
                            // tables' 2⁻¹⁶ steps may round those either way, and nothing else.
                            let tie = (want[c] - want[c].floor() - 0.5).abs() < 1e-4;
                            assert!(
                                d == 0 || (d == 1 && tie),
                                "YUV ({y}, {u}, {v}) channel {c}: {} against {}",
                                got[c],
                                want[c]
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn grey_stays_grey_and_the_extremes_clamp() {
        let full = YuvToRgb::full_range();
        assert_eq!(full.pixel(0, 128, 128), [0, 0, 0]);
        assert_eq!(full.pixel(255, 128, 128), [255, 255, 255]);
        assert_eq!(full.pixel(77, 128, 128), [77, 77, 77]);
        assert_eq!(full.pixel(255, 255, 255), [255, 121, 255]);
        let limited = YuvToRgb::limited_range();
        assert_eq!(limited.pixel(16, 128, 128), [0, 0, 0]);
        assert_eq!(limited.pixel(235, 128, 128), [255, 255, 255]);
    }

    #[test]
    fn odd_sizes_convert_their_last_column_and_row() {
        // 3 × 3: chroma 2 × 2; the last column and row use the last chroma sample.
        let y_plane = [10u8, 20, 30, 40, 50, 60, 70, 80, 90];
        let (u_plane, v_plane) = ([128u8; 4], [128u8; 4]);
        let mut rgb = vec![0u8; 27];
        YuvToRgb::full_range().planar_420([&y_plane, &u_plane, &v_plane], 3, 3, &mut rgb);
        let greys: Vec<u8> = rgb.chunks_exact(3).map(|p| p[0]).collect();
        assert_eq!(greys, y_plane);
        assert!(rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]));
    }
}
