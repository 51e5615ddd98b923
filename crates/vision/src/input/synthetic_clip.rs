//! Synthetic tracking clips with ground truth, made the way ../shared/testdata/clip was: a real photo of a hand moved
//! by a known similarity transform per frame (translation, rotation, scale), with an exit and a re-entry, partial
//! frames, camera-like noise and JPEG and Y4M (4:2:0) compression. The ground truth is MediaPipe's static landmarks
//! on the photo (`tests/data/hands/refs.json`) mapped through each frame's transform.
//!
//! Deterministic: a [`ClipSpec`] (its seed included) gives the same bytes on every run, so tests generate their
//! clips instead of storing them. [`TUNING`] clips may choose parameters; [`REPORT`] clips are only ever reported
//! on: they use other photos of other hands (see the README's "Tuning and report clips").

use glam::{Affine2, Mat2, Vec2};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::input::source::{SourceError, load_image};
use crate::pixels::image_ops::RgbImage;
use crate::pixels::yuv::YuvToRgb;

/// Every generated clip's frame size, rate and length.
pub const FRAME_WIDTH_PX: usize = 640;
pub const FRAME_HEIGHT_PX: usize = 480;
pub const FPS: f32 = 30.0;
pub const FRAME_COUNT: usize = 120;

/// One clip: which photo, which hand size and speed, how noisy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClipSpec {
    pub name: &'static str,
    /// A photo of `tests/data/hands` (without `.png`).
    pub photo: &'static str,
    /// Mirror the photo left-right: its right hand becomes a left hand.
    pub mirrored: bool,
    pub seed: u64,
    /// The hand's mean size in the frame: wrist → middle-finger knuckle, pixels.
    pub hand_px: f32,
    /// 1.0: the hand crosses the frame's middle third in about a second (peaks near 10 px per frame).
    pub speed: f32,
    /// Standard deviation of the sensor noise added to every pixel, 8-bit levels.
    pub noise_sigma: f32,
    /// JPEG quality of a compression pass before the Y4M encoding (as a webcam's MJPEG), or none.
    pub jpeg_quality: Option<u8>,
}

/// Clips whose scores may choose a parameter: three photos of two people (a light-skinned hand on a table, in two
/// poses, and a hand holding a chessboard in greyscale).
pub const TUNING: &[ClipSpec] = &[
    ClipSpec {
        name: "tune_table_small",
        photo: "palm_table",
        mirrored: false,
        seed: 11,
        hand_px: 40.0,
        speed: 1.0,
        noise_sigma: 3.0,
        jpeg_quality: Some(80),
    },
    ClipSpec {
        name: "tune_table2_left",
        photo: "palm_table_2",
        mirrored: true,
        seed: 12,
        hand_px: 90.0,
        speed: 1.5,
        noise_sigma: 2.0,
        jpeg_quality: None,
    },
    ClipSpec {
        name: "tune_chessboard",
        photo: "chessboard_grey",
        mirrored: false,
        seed: 13,
        hand_px: 120.0,
        speed: 0.5,
        noise_sigma: 4.0,
        jpeg_quality: Some(70),
    },
    ClipSpec {
        name: "tune_table_left_mid",
        photo: "palm_table",
        mirrored: true,
        seed: 14,
        hand_px: 60.0,
        speed: 1.0,
        noise_sigma: 1.0,
        jpeg_quality: Some(90),
    },
];

/// Clips that are only reported on: other people's hands (brown and dark skin, a dark room, a man holding a clock,
/// a palm inside a screenshot), left and right, 35 to 130 px.
pub const REPORT: &[ClipSpec] = &[
    ClipSpec {
        name: "report_spread_small",
        photo: "palm_spread",
        mirrored: false,
        seed: 101,
        hand_px: 35.0,
        speed: 1.0,
        noise_sigma: 3.0,
        jpeg_quality: Some(80),
    },
    ClipSpec {
        name: "report_open_left",
        photo: "palm_open",
        mirrored: true,
        seed: 102,
        hand_px: 50.0,
        speed: 1.5,
        noise_sigma: 2.0,
        jpeg_quality: None,
    },
    ClipSpec {
        name: "report_dark_room",
        photo: "palm_dark_light",
        mirrored: false,
        seed: 103,
        hand_px: 70.0,
        speed: 0.5,
        noise_sigma: 4.0,
        jpeg_quality: Some(70),
    },
    ClipSpec {
        name: "report_window_left",
        photo: "palm_window",
        mirrored: true,
        seed: 104,
        hand_px: 90.0,
        speed: 1.0,
        noise_sigma: 2.0,
        jpeg_quality: Some(85),
    },
    ClipSpec {
        name: "report_dark_skin",
        photo: "palm_up_dark_skin",
        mirrored: false,
        seed: 105,
        hand_px: 110.0,
        speed: 1.0,
        noise_sigma: 3.0,
        jpeg_quality: None,
    },
    ClipSpec {
        name: "report_clock_left",
        photo: "holding_clock",
        mirrored: true,
        seed: 106,
        hand_px: 130.0,
        speed: 1.5,
        noise_sigma: 2.0,
        jpeg_quality: Some(80),
    },
];

#[derive(Debug, Error)]
pub enum ClipError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("cannot read {path}: {reason}")]
    Refs { path: String, reason: String },
    #[error("{0} has no MediaPipe reference in refs.json")]
    NoReference(String),
    #[error("JPEG pass: {0}")]
    Jpeg(String),
    #[error("writing {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Generates `spec`'s whole clip from the photos in `photos_dir`, calling `each` on every frame; returns the ground
/// truth and the [`ClipHash`] of the clip's Y4M file (header, `FRAME` markers and planes).
pub fn generate(
    photos_dir: &std::path::Path,
    spec: ClipSpec,
    mut each: impl FnMut(&GeneratedFrame<'_>) -> Result<(), ClipError>,
) -> Result<(Vec<FrameTruth>, ClipHash), ClipError> {
    let mut generator = ClipGenerator::open(photos_dir, spec)?;
    let mut hash = ClipHash::default();
    hash.update(ClipGenerator::y4m_header().as_bytes());
    let mut truth = Vec::with_capacity(FRAME_COUNT);
    while let Some(frame) = generator.next_frame()? {
        hash.update(b"FRAME\n");
        hash.update(frame.planes);
        each(&frame)?;
        truth.push(frame.truth);
    }
    Ok((truth, hash))
}

/// Writes `spec`'s clip as `dir/NAME.y4m` and its ground truth as `dir/NAME.truth.json`; returns the clip's hash.
pub fn write_clip(
    photos_dir: &std::path::Path,
    spec: ClipSpec,
    dir: &std::path::Path,
) -> Result<ClipHash, ClipError> {
    use std::io::Write;
    let y4m_path = dir.join(format!("{}.y4m", spec.name));
    let write_error = |path: &std::path::Path| {
        let path = path.display().to_string();
        move |source| ClipError::Write { path, source }
    };
    let mut out =
        std::io::BufWriter::new(std::fs::File::create(&y4m_path).map_err(write_error(&y4m_path))?);
    out.write_all(ClipGenerator::y4m_header().as_bytes())
        .map_err(write_error(&y4m_path))?;
    let (truth, hash) = generate(photos_dir, spec, |frame| {
        out.write_all(b"FRAME\n")
            .and_then(|()| out.write_all(frame.planes))
            .map_err(write_error(&y4m_path))
    })?;
    out.flush().map_err(write_error(&y4m_path))?;
    let truth_path = dir.join(format!("{}.truth.json", spec.name));
    let json = serde_json::json!({
        "clip": spec.name,
        "clip_hash": hash.hex(),
        "spec": spec,
        "frames": truth,
    });
    std::fs::write(&truth_path, json.to_string()).map_err(write_error(&truth_path))?;
    Ok(hash)
}

/// A hand photo and MediaPipe's static landmarks on it (already mirrored when the spec asks for it).
#[derive(Debug, Clone)]
pub struct SourcePhoto {
    pub image: RgbImage,
    pub landmarks_px: Vec<Vec2>,
    pub handedness: String,
}

#[derive(Deserialize)]
struct Refs {
    photos: Vec<PhotoRef>,
}

#[derive(Deserialize)]
struct PhotoRef {
    photo: String,
    mirrored: bool,
    handedness: String,
    landmarks_px: Vec<[f32; 3]>,
}

impl SourcePhoto {
    /// Loads `photo` from `dir` (`tests/data/hands`): the PNG and its reference in `refs.json`.
    pub fn load(dir: &std::path::Path, photo: &str, mirrored: bool) -> Result<Self, ClipError> {
        let refs_path = dir.join("refs.json");
        let refs_error = |reason: String| ClipError::Refs {
            path: refs_path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(&refs_path).map_err(|e| refs_error(e.to_string()))?;
        let refs: Refs = serde_json::from_str(&text).map_err(|e| refs_error(e.to_string()))?;
        let reference = refs
            .photos
            .into_iter()
            .find(|r| r.photo == photo && r.mirrored == mirrored)
            .ok_or_else(|| ClipError::NoReference(format!("{photo} (mirrored: {mirrored})")))?;
        let mut image = load_image(&dir.join(format!("{photo}.png")))?;
        if mirrored {
            image.mirror();
        }
        Ok(Self {
            image,
            landmarks_px: reference
                .landmarks_px
                .iter()
                .map(|p| Vec2::new(p[0], p[1]))
                .collect(),
            handedness: reference.handedness,
        })
    }

    /// Wrist → middle-finger knuckle, pixels of the photo.
    fn palm_px(&self) -> f32 {
        self.landmarks_px[0].distance(self.landmarks_px[9])
    }

    fn centroid_px(&self) -> Vec2 {
        self.landmarks_px.iter().copied().sum::<Vec2>() / self.landmarks_px.len() as f32
    }
}

/// Where the hand is in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HandState {
    /// Every landmark at least a tenth of a palm inside the frame: it must be found.
    Full,
    /// Cut by the frame's edge: not scored.
    Partial,
    /// No part of the hand in view (its landmarks' box grown by 0.6 palm lengths misses the frame): nothing may
    /// be found.
    Out,
}

/// One frame's ground truth.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FrameTruth {
    pub frame: usize,
    /// The frame's pixel (x, y) from the photo's: a row-major 2×3 matrix.
    pub frame_from_photo: [[f32; 3]; 2],
    pub hand_state: HandState,
    /// MediaPipe's static landmarks on the photo mapped into the frame, pixels; none while the hand is out.
    pub landmarks_px: Option<Vec<[f32; 2]>>,
}

/// The frame's motion parameters, drawn once from the seed.
struct Motion {
    phases: [f32; 4],
    exit_direction: Vec2,
    exit_start_secs: f32,
    exit_secs: f32,
}

/// SplitMix64: a tiny, well-known generator, here so the clip's bytes depend on nothing but the seed.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

impl Motion {
    fn new(spec: &ClipSpec) -> Self {
        let mut rng = SplitMix(spec.seed);
        let tau = std::f32::consts::TAU;
        let phases = [0; 4].map(|_| rng.unit() * tau);
        let angle = rng.unit() * tau;
        let duration_secs = FRAME_COUNT as f32 / FPS;
        // One trip out and back: 1.3 s at speed 1, at most 40% of the clip, starting after 15% of it and over before
        // 90%, so the clip begins and ends with the hand in view.
        let exit_secs = (1.3 / spec.speed.max(0.25)).min(0.4 * duration_secs);
        let latest_start = 0.9 * duration_secs - exit_secs;
        let earliest_start = 0.15 * duration_secs;
        Self {
            phases,
            exit_direction: Vec2::new(angle.cos(), angle.sin()),
            exit_start_secs: earliest_start + (latest_start - earliest_start).max(0.0) * rng.unit(),
            exit_secs,
        }
    }

    /// The frame's pixels from the photo's at `t_secs`.
    fn frame_from_photo(&self, spec: &ClipSpec, photo: &SourcePhoto, t_secs: f32) -> Affine2 {
        let tau = std::f32::consts::TAU;
        let [p0, p1, p2, p3] = self.phases;
        let s = spec.speed;
        let size = Vec2::new(FRAME_WIDTH_PX as f32, FRAME_HEIGHT_PX as f32);
        // A Lissajous wander over the frame's middle...
        let mut centre = size / 2.0
            + Vec2::new(
                0.28 * size.x * (tau * 0.23 * s * t_secs + p0).sin(),
                0.22 * size.y * (tau * 0.31 * s * t_secs + p1).sin(),
            );
        // ...and one trip out of the frame and back (a raised cosine).
        let u = (t_secs - self.exit_start_secs) / self.exit_secs;
        if (0.0..=1.0).contains(&u) {
            let reach = 0.5 * size.length() + 3.0 * spec.hand_px;
            centre += self.exit_direction * reach * 0.5 * (1.0 - (tau * u).cos());
        }
        let rotation = 0.35 * (tau * 0.27 * s * t_secs + p2).sin();
        let scale =
            spec.hand_px / photo.palm_px() * (1.0 + 0.15 * (tau * 0.19 * s * t_secs + p3).sin());
        Affine2::from_translation(centre)
            * Affine2::from_mat2(
                Mat2::from_angle(rotation) * Mat2::from_diagonal(Vec2::splat(scale)),
            )
            * Affine2::from_translation(-photo.centroid_px())
    }
}

fn hand_state(landmarks_px: &[Vec2], palm_px: f32) -> HandState {
    let size = Vec2::new(FRAME_WIDTH_PX as f32, FRAME_HEIGHT_PX as f32);
    let margin = 0.1 * palm_px;
    if landmarks_px
        .iter()
        .all(|p| p.x >= margin && p.y >= margin && p.x <= size.x - margin && p.y <= size.y - margin)
    {
        return HandState::Full;
    }
    let grow = 0.6 * palm_px;
    let lo = landmarks_px.iter().copied().fold(Vec2::MAX, Vec2::min) - grow;
    let hi = landmarks_px.iter().copied().fold(Vec2::MIN, Vec2::max) + grow;
    if hi.x < 0.0 || hi.y < 0.0 || lo.x > size.x || lo.y > size.y {
        HandState::Out
    } else {
        HandState::Partial
    }
}

/// A box-filtered pyramid of the photo, so shrinking it does not alias.
struct Pyramid {
    levels: Vec<(usize, usize, Vec<f32>)>,
}

impl Pyramid {
    fn new(image: &RgbImage) -> Self {
        let mut levels = vec![(
            image.width,
            image.height,
            image.data.iter().map(|&v| v as f32).collect::<Vec<f32>>(),
        )];
        while let Some((w, h, data)) = levels.last()
            && *w >= 8
            && *h >= 8
        {
            let (nw, nh) = (w / 2, h / 2);
            let mut next = vec![0.0; nw * nh * 3];
            for y in 0..nh {
                for x in 0..nw {
                    for c in 0..3 {
                        let at = |xx: usize, yy: usize| data[(yy * w + xx) * 3 + c];
                        next[(y * nw + x) * 3 + c] = 0.25
                            * (at(2 * x, 2 * y)
                                + at(2 * x + 1, 2 * y)
                                + at(2 * x, 2 * y + 1)
                                + at(2 * x + 1, 2 * y + 1));
                    }
                }
            }
            levels.push((nw, nh, next));
        }
        Self { levels }
    }

    /// Bilinear sample at a photo position (pixel centres at +0.5) on the level that suits `photo_px_per_frame_px`;
    /// positions outside repeat the nearest edge pixel.
    fn sample(&self, photo: Vec2, photo_px_per_frame_px: f32, out: &mut [f32; 3]) {
        let level =
            (photo_px_per_frame_px.max(1.0).log2().floor() as usize).min(self.levels.len() - 1);
        let (w, h, data) = &self.levels[level];
        let factor = (1usize << level) as f32;
        let p = photo / factor - 0.5;
        let x0 = p.x.floor();
        let y0 = p.y.floor();
        let (fx, fy) = (p.x - x0, p.y - y0);
        let clamp = |v: f32, n: usize| (v.max(0.0) as usize).min(n - 1);
        let (xa, xb) = (clamp(x0, *w), clamp(x0 + 1.0, *w));
        let (ya, yb) = (clamp(y0, *h), clamp(y0 + 1.0, *h));
        for (c, o) in out.iter_mut().enumerate() {
            let at = |x: usize, y: usize| data[(y * w + x) * 3 + c];
            let top = at(xa, ya) + fx * (at(xb, ya) - at(xa, ya));
            let bottom = at(xa, yb) + fx * (at(xb, yb) - at(xa, yb));
            *o = top + fy * (bottom - top);
        }
    }
}

/// A clip being generated, frame by frame.
pub struct ClipGenerator {
    spec: ClipSpec,
    photo: SourcePhoto,
    pyramid: Pyramid,
    motion: Motion,
    noise: SplitMix,
    frame: usize,
    y4m_frame: Vec<u8>,
}

/// One generated frame: the Y4M frame's bytes (4:2:0 planes, without the `FRAME` marker), the RGB that a Y4M
/// reader decodes from them, and its ground truth.
pub struct GeneratedFrame<'a> {
    pub planes: &'a [u8],
    pub rgb: RgbImage,
    pub truth: FrameTruth,
}

impl ClipGenerator {
    pub fn new(spec: ClipSpec, photo: SourcePhoto) -> Self {
        Self {
            pyramid: Pyramid::new(&photo.image),
            motion: Motion::new(&spec),
            noise: SplitMix(spec.seed ^ 0x5EED_0FC0_FFEE),
            spec,
            photo,
            frame: 0,
            y4m_frame: Vec::new(),
        }
    }

    /// Opens `spec`'s photo from `dir` (`tests/data/hands`).
    pub fn open(dir: &std::path::Path, spec: ClipSpec) -> Result<Self, ClipError> {
        Ok(Self::new(
            spec,
            SourcePhoto::load(dir, spec.photo, spec.mirrored)?,
        ))
    }

    pub fn spec(&self) -> &ClipSpec {
        &self.spec
    }

    /// The Y4M stream header for this clip (C420jpeg: full-range BT.601, as the crate's reader and Chromium's fake
    /// camera read it).
    pub fn y4m_header() -> String {
        format!("YUV4MPEG2 W{FRAME_WIDTH_PX} H{FRAME_HEIGHT_PX} F30:1 Ip A1:1 C420jpeg\n")
    }

    /// The next frame, or `None` after [`FRAME_COUNT`] frames.
    pub fn next_frame(&mut self) -> Result<Option<GeneratedFrame<'_>>, ClipError> {
        if self.frame >= FRAME_COUNT {
            return Ok(None);
        }
        let t_secs = self.frame as f32 / FPS;
        let frame_from_photo = self
            .motion
            .frame_from_photo(&self.spec, &self.photo, t_secs);
        let photo_from_frame = frame_from_photo.inverse();
        let photo_px_per_frame_px = photo_from_frame.matrix2.x_axis.length();
        let (w, h) = (FRAME_WIDTH_PX, FRAME_HEIGHT_PX);
        let mut rgb = RgbImage::new(w, h);
        let mut sample = [0.0f32; 3];
        let sigma = self.spec.noise_sigma;
        for y in 0..h {
            for x in 0..w {
                let p =
                    photo_from_frame.transform_point2(Vec2::new(x as f32 + 0.5, y as f32 + 0.5));
                self.pyramid.sample(p, photo_px_per_frame_px, &mut sample);
                // Sensor noise, mostly in luma: the sum of four uniforms has a near-Gaussian shape.
                let bits = self.noise.next_u64();
                let uniform_sum: f32 = (0..4)
                    .map(|i| ((bits >> (16 * i)) & 0xFFFF) as f32 / 65535.0)
                    .sum();
                let noise = sigma * (uniform_sum - 2.0) * 3.0f32.sqrt();
                let at = (y * w + x) * 3;
                for (out, value) in rgb.data[at..at + 3].iter_mut().zip(sample) {
                    *out = (value + noise).round().clamp(0.0, 255.0) as u8;
                }
            }
        }
        if let Some(quality) = self.spec.jpeg_quality {
            rgb = jpeg_round_trip(&rgb, quality)?;
        }
        encode_420(&rgb, &mut self.y4m_frame);
        let (luma, chroma) = self.y4m_frame.split_at(w * h);
        let (u, v) = chroma.split_at(chroma.len() / 2);
        YuvToRgb::full_range().planar_420([luma, u, v], w, h, &mut rgb.data);
        let landmarks: Vec<Vec2> = self
            .photo
            .landmarks_px
            .iter()
            .map(|&p| frame_from_photo.transform_point2(p))
            .collect();
        let palm_px = landmarks[0].distance(landmarks[9]);
        let hand_state = hand_state(&landmarks, palm_px);
        let m = frame_from_photo.matrix2;
        let t = frame_from_photo.translation;
        let truth = FrameTruth {
            frame: self.frame,
            frame_from_photo: [[m.x_axis.x, m.y_axis.x, t.x], [m.x_axis.y, m.y_axis.y, t.y]],
            hand_state,
            landmarks_px: (hand_state != HandState::Out)
                .then(|| landmarks.iter().map(|p| [p.x, p.y]).collect()),
        };
        self.frame += 1;
        Ok(Some(GeneratedFrame {
            planes: &self.y4m_frame,
            rgb,
            truth,
        }))
    }
}

fn jpeg_round_trip(rgb: &RgbImage, quality: u8) -> Result<RgbImage, ClipError> {
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, quality)
        .encode(
            &rgb.data,
            rgb.width as u16,
            rgb.height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|e| ClipError::Jpeg(e.to_string()))?;
    crate::input::source::decode_jpeg(&bytes).map_err(ClipError::Jpeg)
}

/// RGB to full-range BT.601 Y, then U and V averaged over each 2×2 block (JPEG's 4:2:0), written as three planes.
fn encode_420(rgb: &RgbImage, planes: &mut Vec<u8>) {
    let (w, h) = (rgb.width, rgb.height);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    planes.clear();
    planes.resize(w * h + 2 * cw * ch, 0);
    let (luma, chroma) = planes.split_at_mut(w * h);
    let (u_plane, v_plane) = chroma.split_at_mut(cw * ch);
    let px = |x: usize, y: usize| {
        let at = (y.min(h - 1) * w + x.min(w - 1)) * 3;
        let [r, g, b] = [0, 1, 2].map(|c| rgb.data[at + c] as f32);
        (r, g, b)
    };
    for y in 0..h {
        for x in 0..w {
            let (r, g, b) = px(x, y);
            luma[y * w + x] = (0.299 * r + 0.587 * g + 0.114 * b)
                .round()
                .clamp(0.0, 255.0) as u8;
        }
    }
    for cy in 0..ch {
        for cx in 0..cw {
            let (mut u, mut v) = (0.0, 0.0);
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let (r, g, b) = px(2 * cx + dx, 2 * cy + dy);
                u += -0.168_736 * r - 0.331_264 * g + 0.5 * b;
                v += 0.5 * r - 0.418_688 * g - 0.081_312 * b;
            }
            u_plane[cy * cw + cx] = (u / 4.0 + 128.0).round().clamp(0.0, 255.0) as u8;
            v_plane[cy * cw + cx] = (v / 4.0 + 128.0).round().clamp(0.0, 255.0) as u8;
        }
    }
}

/// CRC-32 (zlib's) of a clip's Y4M file: the peer's recorded run names the clip it was made on, so a changed
/// generator cannot be compared with an old run by mistake.
#[derive(Debug, Clone, Default)]
pub struct ClipHash(crc32fast::Hasher);

impl ClipHash {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn hex(&self) -> String {
        format!("{:08x}", self.0.clone().finalize())
    }
}

/// How one tracker did on one clip, by the method of ../shared/testdata/README.md.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClipScore {
    pub full_frames: usize,
    pub detected_full: usize,
    /// Hands reported while the hand is out of view.
    pub detected_out: usize,
    /// Frames with more than one hand reported (only one is in the clip).
    pub extra_hands: usize,
    /// Mean over detected full frames of the mean landmark distance to the ground truth, pixels.
    pub mean_error_px: f32,
    /// Mean frame-to-frame change of the error vector over consecutive detected full frames, pixels.
    pub jitter_px: f32,
    /// The mean error over the hand's size (wrist → middle-finger knuckle), percent.
    pub mean_error_pct_of_palm: f32,
}

/// Scores a run: `found[i]` holds the 21 landmarks (pixels) of every hand reported in frame `i`.
pub fn score(truth: &[FrameTruth], found: &[Vec<Vec<[f32; 2]>>]) -> ClipScore {
    let (mut full_frames, mut detected_full, mut detected_out, mut extra_hands) = (0, 0, 0, 0);
    let (mut errors, mut relative, mut jitters) = (Vec::new(), Vec::new(), Vec::new());
    let mut previous_error: Option<Vec<[f32; 2]>> = None;
    for (t, hands) in truth.iter().zip(found) {
        if hands.len() > 1 {
            extra_hands += 1;
        }
        let mut this_error = None;
        match (t.hand_state, &t.landmarks_px) {
            (HandState::Out, _) => detected_out += hands.len(),
            (HandState::Full, Some(gt)) => {
                full_frames += 1;
                if let Some(hand) = hands.first() {
                    detected_full += 1;
                    let e: Vec<[f32; 2]> = hand
                        .iter()
                        .zip(gt)
                        .map(|(m, g)| [m[0] - g[0], m[1] - g[1]])
                        .collect();
                    let mean =
                        e.iter().map(|v| v[0].hypot(v[1])).sum::<f32>() / e.len().max(1) as f32;
                    let palm = (gt[0][0] - gt[9][0]).hypot(gt[0][1] - gt[9][1]).max(1.0);
                    errors.push(mean);
                    relative.push(100.0 * mean / palm);
                    if let Some(prev) = &previous_error {
                        let change = e
                            .iter()
                            .zip(prev)
                            .map(|(a, b)| (a[0] - b[0]).hypot(a[1] - b[1]))
                            .sum::<f32>()
                            / e.len().max(1) as f32;
                        jitters.push(change);
                    }
                    this_error = Some(e);
                }
            }
            _ => {}
        }
        previous_error = this_error;
    }
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len().max(1) as f32;
    ClipScore {
        full_frames,
        detected_full,
        detected_out,
        extra_hands,
        mean_error_px: mean(&errors),
        jitter_px: mean(&jitters),
        mean_error_pct_of_palm: mean(&relative),
    }
}

/// A recorded run of another tracker (MediaPipe) on a generated clip: `tests/data/hands/peer/NAME.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PeerRun {
    pub clip: String,
    /// [`ClipHash`] of the Y4M file it ran on.
    pub clip_hash: String,
    pub generator: String,
    /// Per frame, the landmarks of every hand reported (pixels).
    pub frames: Vec<Vec<Vec<[f32; 2]>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo() -> SourcePhoto {
        let mut image = RgbImage::new(64, 64);
        for (i, v) in image.data.iter_mut().enumerate() {
            *v = (i % 251) as u8;
        }
        let landmarks_px = (0..21)
            .map(|i| Vec2::new(20.0 + i as f32, 40.0 - i as f32))
            .collect();
        SourcePhoto {
            image,
            landmarks_px,
            handedness: "Right".into(),
        }
    }

    fn spec() -> ClipSpec {
        ClipSpec {
            name: "unit",
            seed: 7,
            hand_px: 60.0,
            ..TUNING[0]
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
        let hash = |spec: ClipSpec| {
            let mut g = ClipGenerator::new(spec, photo());
            let mut h = ClipHash::default();
            for _ in 0..3 {
                let f = g.next_frame().unwrap().unwrap();
                h.update(f.planes);
            }
            h.hex()
        };
        assert_eq!(hash(spec()), hash(spec()));
        assert_ne!(hash(spec()), hash(ClipSpec { seed: 8, ..spec() }));
    }

    #[test]
    fn the_truth_is_the_photo_landmarks_through_the_frame_transform() {
        let mut g = ClipGenerator::new(spec(), photo());
        let source = photo().landmarks_px;
        let f = g.next_frame().unwrap().unwrap();
        let [[a, b, tx], [c, d, ty]] = f.truth.frame_from_photo;
        let gt = f.truth.landmarks_px.unwrap();
        for (p, q) in source.iter().zip(&gt) {
            assert!((a * p.x + b * p.y + tx - q[0]).abs() < 1e-3);
            assert!((c * p.x + d * p.y + ty - q[1]).abs() < 1e-3);
        }
        // A similarity: equal scale on both axes, no shear; the hand has the asked size at the start (±15%).
        assert!((a - d).abs() < 1e-4 && (b + c).abs() < 1e-4);
        let palm = Vec2::from(gt[0]).distance(Vec2::from(gt[9]));
        assert!((palm / 60.0 - 1.0).abs() <= 0.16, "{palm}");
    }

    #[test]
    fn every_clip_starts_and_ends_in_view_and_leaves_the_frame_once() {
        for spec in TUNING.iter().chain(REPORT) {
            let motion = Motion::new(spec);
            let mut p = photo();
            // The generated clips' own palm sizes: scale the synthetic photo's landmarks to a 100 px palm.
            let k = 100.0 / p.palm_px();
            p.landmarks_px.iter_mut().for_each(|l| *l *= k);
            let states: Vec<HandState> = (0..FRAME_COUNT)
                .map(|i| {
                    let m = motion.frame_from_photo(spec, &p, i as f32 / FPS);
                    let l: Vec<Vec2> = p
                        .landmarks_px
                        .iter()
                        .map(|&q| m.transform_point2(q))
                        .collect();
                    hand_state(&l, l[0].distance(l[9]))
                })
                .collect();
            assert_ne!(states[0], HandState::Out, "{}", spec.name);
            assert_ne!(states[FRAME_COUNT - 1], HandState::Out, "{}", spec.name);
            let outs = states.iter().filter(|s| **s == HandState::Out).count();
            assert!(outs >= 3, "{}: {outs} frames out", spec.name);
            let runs = states
                .windows(2)
                .filter(|w| w[0] != HandState::Out && w[1] == HandState::Out)
                .count();
            assert_eq!(runs, 1, "{}", spec.name);
        }
    }

    #[test]
    fn the_420_encoding_round_trips_a_flat_colour() {
        let mut rgb = RgbImage::new(6, 4);
        for px in rgb.data.chunks_exact_mut(3) {
            px.copy_from_slice(&[200, 120, 40]);
        }
        let mut planes = Vec::new();
        encode_420(&rgb, &mut planes);
        let (luma, chroma) = planes.split_at(24);
        let (u, v) = chroma.split_at(chroma.len() / 2);
        let mut back = vec![0; 72];
        YuvToRgb::full_range().planar_420([luma, u, v], 6, 4, &mut back);
        for (a, b) in back.iter().zip(&rgb.data) {
            assert!((*a as i32 - *b as i32).abs() <= 2, "{a} vs {b}");
        }
    }

    #[test]
    fn scoring_counts_frames_and_measures_error_and_jitter() {
        let gt: Vec<[f32; 2]> = (0..21).map(|i| [i as f32 * 10.0, 100.0]).collect();
        let frame = |state| FrameTruth {
            frame: 0,
            frame_from_photo: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            hand_state: state,
            landmarks_px: (state != HandState::Out).then(|| gt.clone()),
        };
        let truth = vec![
            frame(HandState::Full),
            frame(HandState::Full),
            frame(HandState::Out),
        ];
        let shifted = |dx: f32| gt.iter().map(|p| [p[0] + dx, p[1]]).collect::<Vec<_>>();
        let found = vec![
            vec![shifted(1.0)],
            vec![shifted(3.0), shifted(0.0)],
            vec![shifted(0.0)],
        ];
        let s = score(&truth, &found);
        assert_eq!(
            (
                s.full_frames,
                s.detected_full,
                s.detected_out,
                s.extra_hands
            ),
            (2, 2, 1, 1)
        );
        assert!((s.mean_error_px - 2.0).abs() < 1e-5);
        assert!((s.jitter_px - 2.0).abs() < 1e-5);
    }
}
