//! Image-based light filtered on the CPU, for renderers without compute shaders (the browser's WebGL 2, where Bevy
//! cannot run its own environment-map filter and metal would reflect nothing).
//!
//! A radiance [`Cubemap`] becomes the two maps a Bevy `EnvironmentMapLight` samples, with the same meaning as the
//! maps Bevy's GPU filter writes (bevy_pbr's `environment_filter.wgsl`):
//! - the **specular** map, one mip per roughness step: mip `m` of `M` holds the environment convolved with the GGX
//!   lobe of perceptual roughness `m / (M - 1)` (the shader reads mip `perceptual_roughness × (M - 1)`), mip 0 the
//!   mirror image. Importance-sampled GGX with the view along the normal (the split-sum approximation), weighted by
//!   N·L and Smith's masking, each sample read from the source's mip chain at the level its solid angle covers
//!   (filtered importance sampling, GPU Gems 3 ch. 20), so a few dozen samples give no fireflies;
//! - the **diffuse** map: the cosine-weighted mean radiance over the hemisphere around each direction (irradiance
//!   divided by π, as Bevy's filter stores it), through a 9-coefficient spherical-harmonic projection, which is
//!   exact for irradiance to within ~1% for any environment (Ramamoorthi & Hanrahan 2001).
//!
//! Directions are in the cubemap's own frame, faces in the order +X, −X, +Y, −Y, +Z, −Z with the Vulkan/WebGPU face
//! orientation ([`texel_direction`]); the world's handedness is the caller's concern (Bevy samples with z negated).

use glam::{Vec2, Vec3};
use std::f32::consts::PI;

/// A cubemap of `face_px`-texel square faces of linear RGB radiance, faces in the order +X, −X, +Y, −Y, +Z, −Z, each
/// row by row from the top.
#[derive(Clone, Debug, PartialEq)]
pub struct Cubemap {
    face_px: usize,
    texels: Vec<Vec3>,
}

/// Why a cubemap could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CubemapError {
    /// Faces must be square, of a power-of-two edge (as Bevy's own filter requires).
    FaceNotPowerOfTwo(usize),
    /// Six faces of `face_px²` texels were expected.
    WrongTexelCount { expected: usize, got: usize },
}

impl std::fmt::Display for CubemapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FaceNotPowerOfTwo(px) => {
                write!(f, "cubemap faces must be a power of two in size, not {px}")
            }
            Self::WrongTexelCount { expected, got } => {
                write!(f, "a cubemap needs {expected} texels, got {got}")
            }
        }
    }
}

impl std::error::Error for CubemapError {}

/// The direction through the centre of texel (`x`, `y`) of `face` on faces of `face_px` texels (not normalised: the
/// point on the unit cube).
pub fn texel_direction(face: usize, x: usize, y: usize, face_px: usize) -> Vec3 {
    let n = face_px as f32;
    let u = (x as f32 + 0.5) / n * 2.0 - 1.0;
    let v = (y as f32 + 0.5) / n * 2.0 - 1.0;
    face_point(face, Vec2::new(u, v))
}

/// The point on the unit cube at face coordinates `uv` ∈ [−1, 1]² of `face`.
fn face_point(face: usize, uv: Vec2) -> Vec3 {
    let (u, v) = (uv.x, uv.y);
    match face {
        0 => Vec3::new(1.0, -v, -u),
        1 => Vec3::new(-1.0, -v, u),
        2 => Vec3::new(u, 1.0, v),
        3 => Vec3::new(u, -1.0, -v),
        4 => Vec3::new(u, -v, 1.0),
        _ => Vec3::new(-u, -v, -1.0),
    }
}

/// The face a direction points into and its face coordinates in [−1, 1]² (the inverse of [`face_point`]).
fn face_and_uv(direction: Vec3) -> (usize, Vec2) {
    let a = direction.abs();
    if a.x >= a.y && a.x >= a.z {
        let m = a.x.max(f32::MIN_POSITIVE);
        if direction.x > 0.0 {
            (0, Vec2::new(-direction.z, -direction.y) / m)
        } else {
            (1, Vec2::new(direction.z, -direction.y) / m)
        }
    } else if a.y >= a.z {
        let m = a.y.max(f32::MIN_POSITIVE);
        if direction.y > 0.0 {
            (2, Vec2::new(direction.x, direction.z) / m)
        } else {
            (3, Vec2::new(direction.x, -direction.z) / m)
        }
    } else {
        let m = a.z.max(f32::MIN_POSITIVE);
        if direction.z > 0.0 {
            (4, Vec2::new(direction.x, -direction.y) / m)
        } else {
            (5, Vec2::new(-direction.x, -direction.y) / m)
        }
    }
}

/// The solid angle of a texel at face coordinates `uv` whose edge is `edge` in face units (2 / face_px), steradians.
fn texel_solid_angle(uv: Vec2, edge: f32) -> f32 {
    edge * edge / (1.0 + uv.length_squared()).powf(1.5)
}

impl Cubemap {
    /// A cubemap from its texels (six faces of `face_px²`, in the face order above).
    pub fn new(face_px: usize, texels: Vec<Vec3>) -> Result<Self, CubemapError> {
        if !face_px.is_power_of_two() {
            return Err(CubemapError::FaceNotPowerOfTwo(face_px));
        }
        let expected = 6 * face_px * face_px;
        if texels.len() != expected {
            return Err(CubemapError::WrongTexelCount {
                expected,
                got: texels.len(),
            });
        }
        Ok(Self { face_px, texels })
    }

    /// A cubemap of the radiance seen in each direction (normalised before the call).
    pub fn from_fn(face_px: usize, radiance: impl Fn(Vec3) -> Vec3) -> Result<Self, CubemapError> {
        let mut texels = Vec::with_capacity(6 * face_px * face_px);
        for face in 0..6 {
            for y in 0..face_px {
                for x in 0..face_px {
                    texels.push(radiance(texel_direction(face, x, y, face_px).normalize()));
                }
            }
        }
        Self::new(face_px, texels)
    }

    pub fn face_px(&self) -> usize {
        self.face_px
    }

    /// All texels, face after face, row after row.
    pub fn texels(&self) -> &[Vec3] {
        &self.texels
    }

    fn texel(&self, face: usize, x: usize, y: usize) -> Vec3 {
        self.texels[(face * self.face_px + y) * self.face_px + x]
    }

    /// Half the size, each texel the mean of the four it covers (a 1-texel cubemap stays as it is).
    fn half(&self) -> Cubemap {
        if self.face_px == 1 {
            return self.clone();
        }
        let n = self.face_px / 2;
        let mut texels = Vec::with_capacity(6 * n * n);
        for face in 0..6 {
            for y in 0..n {
                for x in 0..n {
                    let sum = self.texel(face, 2 * x, 2 * y)
                        + self.texel(face, 2 * x + 1, 2 * y)
                        + self.texel(face, 2 * x, 2 * y + 1)
                        + self.texel(face, 2 * x + 1, 2 * y + 1);
                    texels.push(sum * 0.25);
                }
            }
        }
        Cubemap { face_px: n, texels }
    }

    /// Bilinear radiance in `direction`, within the face it points into (edges clamped).
    fn sample(&self, direction: Vec3) -> Vec3 {
        let (face, uv) = face_and_uv(direction);
        let n = self.face_px as f32;
        // Texel-centre coordinates, clamped so that the four taps stay on this face.
        let p = ((uv * 0.5 + 0.5) * n - 0.5).clamp(Vec2::ZERO, Vec2::splat(n - 1.0));
        let (x0, y0) = (p.x.floor() as usize, p.y.floor() as usize);
        let (x1, y1) = (
            (x0 + 1).min(self.face_px - 1),
            (y0 + 1).min(self.face_px - 1),
        );
        let (fx, fy) = (p.x - x0 as f32, p.y - y0 as f32);
        let top = self.texel(face, x0, y0).lerp(self.texel(face, x1, y0), fx);
        let bottom = self.texel(face, x0, y1).lerp(self.texel(face, x1, y1), fx);
        top.lerp(bottom, fy)
    }
}

/// A cubemap's mip chain, down to 1×1, for reading at a fractional level.
struct MipChain(Vec<Cubemap>);

impl MipChain {
    fn new(source: &Cubemap) -> Self {
        let mut levels = vec![source.clone()];
        while let Some(last) = levels.last().filter(|l| l.face_px > 1) {
            let next = last.half();
            levels.push(next);
        }
        Self(levels)
    }

    /// Trilinear radiance in `direction` at mip `level` (clamped to the chain).
    fn sample(&self, direction: Vec3, level: f32) -> Vec3 {
        let top = (self.0.len() - 1) as f32;
        let level = level.clamp(0.0, top);
        let low = level.floor() as usize;
        let high = (low + 1).min(self.0.len() - 1);
        let t = level - low as f32;
        let a = self.0[low].sample(direction);
        if t <= 0.0 || high == low {
            return a;
        }
        a.lerp(self.0[high].sample(direction), t)
    }
}

/// Bevy's floor on perceptual roughness (`perceptualRoughnessToRoughness`): smoother than this is a mirror.
const MIN_PERCEPTUAL_ROUGHNESS: f32 = 0.089;

/// The specular map's mip levels for faces of `face_px`: one per halving, down to 1×1 (as Bevy's filter writes).
pub fn specular_mip_count(face_px: usize) -> usize {
    face_px.max(1).ilog2() as usize + 1
}

/// Samples per texel for a mip of perceptual roughness `p`: Bevy's own schedule, 32 doubling with each quarter of
/// roughness (32, 64, 128, 256, and 512 at 1).
fn sample_count(perceptual_roughness: f32) -> u32 {
    32 * 2u32.pow((perceptual_roughness * 4.0) as u32)
}

/// The i-th of `n` points of the Hammersley set in [0, 1)².
fn hammersley(i: u32, n: u32) -> Vec2 {
    Vec2::new(
        i as f32 / n as f32,
        i.reverse_bits() as f32 * (1.0 / 4_294_967_296.0),
    )
}

/// A fixed pseudo-random offset per texel (Cranley–Patterson rotation), so neighbouring texels' sample patterns
/// differ and their errors do not line up into bands.
fn texel_offset(face: usize, x: usize, y: usize) -> Vec2 {
    let mut h = (x as u32).wrapping_mul(2_131_358_057)
        ^ (y as u32).wrapping_mul(3_416_869_721)
        ^ (face as u32).wrapping_mul(1_199_786_941);
    let mut next = || {
        h ^= h >> 16;
        h = h.wrapping_mul(0x7feb_352d);
        h ^= h >> 15;
        h = h.wrapping_mul(0x846c_a68b);
        h ^= h >> 16;
        h as f32 * (1.0 / 4_294_967_296.0)
    };
    Vec2::new(next(), next())
}

/// An orthonormal basis around `n` (Duff et al. 2017).
fn basis(n: Vec3) -> (Vec3, Vec3) {
    let sign = 1.0_f32.copysign(n.z);
    let a = -1.0 / (sign + n.z);
    let b = n.x * n.y * a;
    (
        Vec3::new(1.0 + sign * n.x * n.x * a, sign * b, -sign * n.x),
        Vec3::new(b, sign + n.y * n.y * a, -n.y),
    )
}

/// GGX's normal distribution at N·H for `alpha` = roughness².
fn ggx_d(n_dot_h: f32, alpha: f32) -> f32 {
    let a2 = alpha * alpha;
    let d = n_dot_h * n_dot_h * (a2 - 1.0) + 1.0;
    a2 / (PI * d * d)
}

/// Smith's masking for one direction under GGX.
fn smith_g1(n_dot_x: f32, alpha: f32) -> f32 {
    let a2 = alpha * alpha;
    2.0 * n_dot_x / (n_dot_x + (a2 + (1.0 - a2) * n_dot_x * n_dot_x).sqrt())
}

/// One mip of the specular map: the environment seen through a GGX lobe of `perceptual_roughness`, on faces of
/// `face_px` texels.
fn convolve_specular(chain: &MipChain, face_px: usize, perceptual_roughness: f32) -> Cubemap {
    let source_px = chain.0[0].face_px as f32;
    let roughness = perceptual_roughness.max(MIN_PERCEPTUAL_ROUGHNESS);
    let alpha = roughness * roughness;
    let samples = sample_count(perceptual_roughness);
    // Solid angle of one source texel (on average) for the level of detail of each sample.
    let texel_sr = 4.0 * PI / (6.0 * source_px * source_px);
    let mut texels = Vec::with_capacity(6 * face_px * face_px);
    for face in 0..6 {
        for y in 0..face_px {
            for x in 0..face_px {
                let n = texel_direction(face, x, y, face_px).normalize();
                let (t, b) = basis(n);
                let offset = texel_offset(face, x, y);
                let mut sum = Vec3::ZERO;
                let mut weight = 0.0;
                for i in 0..samples {
                    let xi = (hammersley(i, samples) + offset).fract();
                    // Half-vector from GGX's distribution; the view is along the normal.
                    let phi = 2.0 * PI * xi.x;
                    let cos_theta = ((1.0 - xi.y) / (1.0 + (alpha * alpha - 1.0) * xi.y)).sqrt();
                    let sin_theta = (1.0 - cos_theta * cos_theta).max(0.0).sqrt();
                    let h =
                        t * (sin_theta * phi.cos()) + b * (sin_theta * phi.sin()) + n * cos_theta;
                    let l = 2.0 * n.dot(h) * h - n;
                    let n_dot_l = n.dot(l);
                    if n_dot_l <= 0.0 {
                        continue;
                    }
                    // The pdf of l: D(h)·(N·H) / (4·(V·H)), and V = N.
                    let pdf = ggx_d(cos_theta, alpha) * 0.25;
                    let sample_sr = 1.0 / (samples as f32 * pdf.max(1e-6));
                    let level = 0.5 * (sample_sr / texel_sr).max(1.0).log2();
                    let w = n_dot_l * smith_g1(n_dot_l, alpha);
                    sum += chain.sample(l, level) * w;
                    weight += w;
                }
                texels.push(if weight > 0.0 {
                    sum / weight
                } else {
                    chain.0[0].sample(n)
                });
            }
        }
    }
    Cubemap { face_px, texels }
}

/// The specular map of `source`: [`specular_mip_count`] mips, mip 0 the source itself, each next one half the size
/// and rougher by one step.
pub fn specular_mips(source: &Cubemap) -> Vec<Cubemap> {
    let chain = MipChain::new(source);
    let count = specular_mip_count(source.face_px);
    (0..count)
        .map(|m| {
            let face_px = (source.face_px >> m).max(1);
            let perceptual_roughness = if count > 1 {
                m as f32 / (count - 1) as f32
            } else {
                0.0
            };
            if perceptual_roughness <= MIN_PERCEPTUAL_ROUGHNESS {
                chain.0[m.min(chain.0.len() - 1)].clone()
            } else {
                convolve_specular(&chain, face_px, perceptual_roughness)
            }
        })
        .collect()
}

/// The first nine real spherical harmonics at unit direction `d` (bands 0–2).
fn sh9(d: Vec3) -> [f32; 9] {
    [
        0.282_095,
        0.488_603 * d.y,
        0.488_603 * d.z,
        0.488_603 * d.x,
        1.092_548 * d.x * d.y,
        1.092_548 * d.y * d.z,
        0.315_392 * (3.0 * d.z * d.z - 1.0),
        1.092_548 * d.x * d.z,
        0.546_274 * (d.x * d.x - d.y * d.y),
    ]
}

/// The largest face the diffuse map's projection reads (the irradiance has no detail finer than this).
const PROJECTION_FACE_PX: usize = 32;

/// The diffuse map of `source` on faces of `face_px`: in each direction, the cosine-weighted mean radiance of the
/// hemisphere around it (irradiance / π), never negative.
pub fn diffuse(source: &Cubemap, face_px: usize) -> Cubemap {
    let mut level = source.clone();
    while level.face_px > PROJECTION_FACE_PX {
        level = level.half();
    }
    // Project the radiance onto the nine harmonics, each texel weighted by its solid angle.
    let mut coefficients = [Vec3::ZERO; 9];
    let edge = 2.0 / level.face_px as f32;
    let mut total_sr = 0.0;
    for face in 0..6 {
        for y in 0..level.face_px {
            for x in 0..level.face_px {
                let p = texel_direction(face, x, y, level.face_px);
                let (_, uv) = face_and_uv(p);
                let sr = texel_solid_angle(uv, edge);
                total_sr += sr;
                let radiance = level.texel(face, x, y);
                for (c, y_lm) in coefficients.iter_mut().zip(sh9(p.normalize())) {
                    *c += radiance * (y_lm * sr);
                }
            }
        }
    }
    // The texels' approximate solid angles sum to a little off 4π: rescale so a constant environment stays exact.
    let scale = 4.0 * PI / total_sr;
    // Convolution with the clamped cosine (π, 2π/3, π/4 per band), then / π.
    let band = [
        1.0,
        2.0 / 3.0,
        2.0 / 3.0,
        2.0 / 3.0,
        0.25,
        0.25,
        0.25,
        0.25,
        0.25,
    ];
    let mut texels = Vec::with_capacity(6 * face_px * face_px);
    for face in 0..6 {
        for y in 0..face_px {
            for x in 0..face_px {
                let d = texel_direction(face, x, y, face_px).normalize();
                let mut e = Vec3::ZERO;
                for ((c, y_lm), a) in coefficients.iter().zip(sh9(d)).zip(band) {
                    e += *c * (y_lm * a * scale);
                }
                texels.push(e.max(Vec3::ZERO));
            }
        }
    }
    Cubemap { face_px, texels }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Vec3, b: Vec3, tolerance: f32) -> bool {
        (a - b).abs().max_element() <= tolerance
    }

    #[test]
    fn every_texel_direction_finds_its_own_texel() {
        let n = 8;
        for face in 0..6 {
            for y in 0..n {
                for x in 0..n {
                    let (f, uv) = face_and_uv(texel_direction(face, x, y, n));
                    let p = (uv * 0.5 + 0.5) * n as f32 - 0.5;
                    assert_eq!(f, face);
                    assert!(
                        (p - Vec2::new(x as f32, y as f32)).length() < 1e-4,
                        "{face} {x} {y}: {p}"
                    );
                }
            }
        }
    }

    #[test]
    fn faces_follow_the_cube_convention() {
        // The centre of each face looks along its axis.
        let axes = [
            Vec3::X,
            Vec3::NEG_X,
            Vec3::Y,
            Vec3::NEG_Y,
            Vec3::Z,
            Vec3::NEG_Z,
        ];
        for (face, axis) in axes.iter().enumerate() {
            assert!(face_point(face, Vec2::ZERO).abs_diff_eq(*axis, 1e-6));
        }
        // The top row of a side face looks up (v grows downwards).
        assert!(texel_direction(4, 4, 0, 8).y > 0.0);
        assert!(texel_direction(0, 4, 0, 8).y > 0.0);
    }

    #[test]
    fn bad_sizes_are_refused() {
        assert_eq!(
            Cubemap::new(3, vec![Vec3::ZERO; 54]),
            Err(CubemapError::FaceNotPowerOfTwo(3))
        );
        assert_eq!(
            Cubemap::new(4, vec![Vec3::ZERO; 10]),
            Err(CubemapError::WrongTexelCount {
                expected: 96,
                got: 10
            })
        );
    }

    #[test]
    fn a_constant_environment_stays_constant_in_both_maps() {
        let grey = Vec3::new(0.5, 0.4, 0.3);
        let source = Cubemap::from_fn(16, |_| grey).expect("cubemap");
        let mips = specular_mips(&source);
        assert_eq!(mips.len(), 5);
        for (m, mip) in mips.iter().enumerate() {
            assert_eq!(mip.face_px(), 16 >> m);
            assert!(
                mip.texels().iter().all(|t| close(*t, grey, 1e-4)),
                "mip {m}"
            );
        }
        let diffuse = diffuse(&source, 8);
        assert!(diffuse.texels().iter().all(|t| close(*t, grey, 1e-3)));
    }

    #[test]
    fn the_diffuse_map_is_the_cosine_weighted_mean() {
        // L(d) = 1 + 0.5·d.y: the cosine-weighted mean around n is 1 + n.y / 3, exactly (a band-1 function).
        let source = Cubemap::from_fn(32, |d| Vec3::splat(1.0 + 0.5 * d.y)).expect("cubemap");
        let map = diffuse(&source, 16);
        for face in 0..6 {
            for (x, y) in [(0, 0), (7, 9), (15, 15)] {
                let n = texel_direction(face, x, y, 16).normalize();
                let want = 1.0 + n.y / 3.0;
                let got = map.texel(face, x, y).x;
                assert!(
                    (got - want).abs() < 0.01,
                    "face {face} ({x}, {y}): {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn a_bright_window_spreads_with_roughness_and_keeps_its_place() {
        // A small bright window straight ahead on +Z, dim elsewhere.
        let source = Cubemap::from_fn(64, |d| {
            if d.z > 0.97 {
                Vec3::splat(20.0)
            } else {
                Vec3::splat(0.05)
            }
        })
        .expect("cubemap");
        let mips = specular_mips(&source);
        assert_eq!(mips.len(), 7);
        let mut last_peak = f32::INFINITY;
        for (m, mip) in mips.iter().enumerate().skip(1) {
            let at = |d: Vec3| mip.sample(d).x;
            let peak = at(Vec3::Z);
            // Brightest towards the window, dimmer away from it (where a face has texels enough to tell), and dimmer
            // with every rougher mip.
            if mip.face_px() >= 4 {
                assert!(peak > at(Vec3::new(0.0, 0.6, 0.8).normalize()), "mip {m}");
            }
            assert!(peak > at(Vec3::X), "mip {m}");
            // (Compared where the face's texels lie close enough to the axis for the value there to be its own.)
            if mip.face_px() >= 8 {
                assert!(
                    peak <= last_peak + 1e-3,
                    "mip {m}: {peak} after {last_peak}"
                );
                last_peak = peak;
            }
        }
        // The roughest mips are nearly uniform, the first rough one still keeps the window sharp.
        assert!(mips[1].sample(Vec3::Z).x > 10.0);
        assert!(mips[1].sample(Vec3::X).x < 0.1);
    }

    #[test]
    fn filtering_keeps_the_light_s_total() {
        // Energy: every mip's solid-angle-weighted mean radiance equals the source's (within sampling error).
        let source = Cubemap::from_fn(32, |d| {
            Vec3::new(
                0.2 + (3.0 * d.x).sin().abs(),
                0.5 + 0.4 * d.y,
                if d.z > 0.9 { 8.0 } else { 0.1 },
            )
        })
        .expect("cubemap");
        let mean = |map: &Cubemap| {
            let edge = 2.0 / map.face_px() as f32;
            let (mut sum, mut sr) = (Vec3::ZERO, 0.0);
            for face in 0..6 {
                for y in 0..map.face_px() {
                    for x in 0..map.face_px() {
                        let (_, uv) = face_and_uv(texel_direction(face, x, y, map.face_px()));
                        let w = texel_solid_angle(uv, edge);
                        sum += map.texel(face, x, y) * w;
                        sr += w;
                    }
                }
            }
            sum / sr
        };
        let want = mean(&source);
        for (m, mip) in specular_mips(&source).iter().enumerate().take(4) {
            let got = mean(mip);
            assert!(
                ((got - want) / want).abs().max_element() < 0.05,
                "mip {m}: {got} vs {want}"
            );
        }
        let got = mean(&diffuse(&source, 16));
        assert!(
            ((got - want) / want).abs().max_element() < 0.05,
            "diffuse: {got} vs {want}"
        );
    }
}
