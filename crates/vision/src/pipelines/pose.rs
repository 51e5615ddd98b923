//! The body as MediaPipe's `PoseLandmarkCpu` graph finds it: pose detection (the best-scoring person) → ROI from
//! the hip centre and the body-size point → 33 landmarks refined on the heatmap, visibility, world metres and the
//! segmentation mask; later frames track from the auxiliary landmarks.

use glam::{Affine2, Vec2, Vec3};
use web_time::Instant;

use crate::maths::crop::{CropModel, project_landmark, project_world, sigmoid};
use crate::maths::detection::Detection;
use crate::maths::roi::{RotatedRect, follow_or_detect};
use crate::model::inference::{InferenceError, InferenceModel};
use crate::output::timing::{StageTimings, elapsed_ms};
use crate::pipelines::detector::{POSE, SsdDetector};
use crate::pixels::image_ops::{RgbView, ValueRange};

pub const LANDMARK_COUNT: usize = 33;
/// 33 body points and 2 auxiliary points for the next ROI (39 rows in the tensor; the last 4 unused).
const TENSOR_LANDMARKS: usize = 39;
pub const LANDMARK_INPUT_PX: usize = 256;
const HEATMAP_PX: usize = 64;
const MASK_PX: usize = 256;
/// pose_landmark outputs: landmarks, presence, segmentation, heatmap, world landmarks.
pub const LANDMARK_OUTPUTS: [&str; 5] = [
    "Identity",
    "Identity_1",
    "Identity_2",
    "Identity_3",
    "Identity_4",
];
pub const LEFT_SHOULDER: usize = 11;
pub const RIGHT_SHOULDER: usize = 12;
pub const LEFT_HIP: usize = 23;
pub const RIGHT_HIP: usize = 24;
/// MediaPipe's `RefineLandmarksFromHeatmapCalculator` options for pose. The graph asks for a 7×7 window, but
/// MediaPipe's Python `solutions.pose` (what produced the references, and what shoppers' phones run as the
/// reference behaviour) never imports that calculator's options, so the option is dropped and the proto's default,
/// 9×9, applies (mediapipe PR #5865). Matching the references needs 9: with 7, landmarks on large photos (heatmap
/// cells of 30–95 px) jumped by up to 115 px (docs/notes/pose-on-large-photos.md).
const HEATMAP_KERNEL: usize = 9;
const MIN_CONFIDENCE_TO_REFINE: f32 = 0.5;

/// The person mask, in the crop's pixels, with the map back to the image.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentationMask {
    pub size_px: usize,
    /// Probability of "person", row-major.
    pub probability: Vec<f32>,
    pub image_from_mask: Affine2,
}

impl SegmentationMask {
    /// Probability of "person" at an image pixel (0 outside the crop).
    pub fn at_image_px(&self, point_in_image_px: Vec2) -> f32 {
        let p = self
            .image_from_mask
            .inverse()
            .transform_point2(point_in_image_px);
        let (x, y) = (p.x.floor(), p.y.floor());
        if x < 0.0 || y < 0.0 || x >= self.size_px as f32 || y >= self.size_px as f32 {
            return 0.0;
        }
        self.probability[y as usize * self.size_px + x as usize]
    }
}

/// One body in one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct PoseLandmarks {
    /// x, y in image pixels; z depth in the x scale, hips at 0.
    pub landmarks_px: Vec<Vec3>,
    pub visibility: Vec<f32>,
    pub presence: Vec<f32>,
    /// Metres, origin between the hips.
    pub world_m: Vec<Vec3>,
    /// The model's confidence that a body is in the crop.
    pub score: f32,
    pub mask: Option<SegmentationMask>,
    pub roi: RotatedRect,
    pub detected: bool,
}

impl PoseLandmarks {
    /// Mid-shoulder to mid-hip, pixels: the body's scale.
    pub fn torso_length_px(&self) -> f32 {
        let p = |i: usize| self.landmarks_px[i].truncate();
        ((p(LEFT_SHOULDER) + p(RIGHT_SHOULDER)) / 2.0).distance((p(LEFT_HIP) + p(RIGHT_HIP)) / 2.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoseOptions {
    pub min_detection_score: f32,
    pub min_presence: f32,
    pub static_images: bool,
    pub segmentation: bool,
}

impl Default for PoseOptions {
    fn default() -> Self {
        Self {
            min_detection_score: 0.5,
            min_presence: 0.5,
            static_images: false,
            segmentation: true,
        }
    }
}

/// MediaPipe's `PoseDetectionToRoi`: centred on the hip centre, a square of twice the distance to the size point,
/// upright along hips → size point, scaled 1.25×.
pub fn roi_from_detection(detection: &Detection) -> RotatedRect {
    RotatedRect::from_alignment_points(detection.keypoints[0], detection.keypoints[1])
        .transformed(Vec2::ZERO, 1.25)
}

/// Heatmap refinement: each landmark moves to the confidence-weighted mean of a 7×7 window of its heatmap around
/// it, when the window's peak is confident enough. Landmarks in normalised crop coordinates.
pub fn refine_from_heatmap(landmarks: &mut [Vec2], heatmap: &[f32], size: usize, channels: usize) {
    let offset = (HEATMAP_KERNEL - 1) / 2;
    for (index, landmark) in landmarks.iter_mut().enumerate().take(channels) {
        let col = (landmark.x * size as f32) as i64;
        let row = (landmark.y * size as f32) as i64;
        if col < 0 || row < 0 || col >= size as i64 || row >= size as i64 {
            continue;
        }
        let (col, row) = (col as usize, row as usize);
        let (mut sum, mut weighted, mut peak) = (0.0f32, Vec2::ZERO, 0.0f32);
        for r in row.saturating_sub(offset)..(row + offset + 1).min(size) {
            for c in col.saturating_sub(offset)..(col + offset + 1).min(size) {
                let confidence = sigmoid(heatmap[(r * size + c) * channels + index]);
                sum += confidence;
                peak = peak.max(confidence);
                weighted += Vec2::new(c as f32, r as f32) * confidence;
            }
        }
        if peak >= MIN_CONFIDENCE_TO_REFINE && sum > 0.0 {
            *landmark = weighted / size as f32 / sum;
        }
    }
}

pub struct PoseTracker<M> {
    detector: SsdDetector<M>,
    landmarks: CropModel<M>,
    tracked: Option<RotatedRect>,
    normalised: Vec<Vec2>,
    pub options: PoseOptions,
}

impl<M: InferenceModel> PoseTracker<M> {
    pub fn new(detector_model: M, landmark_model: M, options: PoseOptions) -> Self {
        Self {
            detector: SsdDetector::new(detector_model, POSE),
            landmarks: CropModel::new(
                landmark_model,
                LANDMARK_INPUT_PX,
                ValueRange::UNIT,
                &[
                    TENSOR_LANDMARKS * 5,
                    1,
                    MASK_PX * MASK_PX,
                    HEATMAP_PX * HEATMAP_PX * TENSOR_LANDMARKS,
                    TENSOR_LANDMARKS * 3,
                ],
            ),
            tracked: None,
            normalised: vec![Vec2::ZERO; TENSOR_LANDMARKS],
            options,
        }
    }

    pub fn reset(&mut self) {
        self.tracked = None;
    }

    /// The person detector alone, best first.
    pub async fn detect(
        &mut self,
        image: RgbView<'_>,
        timings: &mut StageTimings,
    ) -> Result<Vec<Detection>, InferenceError> {
        self.detector
            .detect(image, self.options.min_detection_score, timings)
            .await
    }

    /// The body in `image` (the one MediaPipe follows: its best detection, then tracked).
    pub async fn process(
        &mut self,
        image: RgbView<'_>,
        timings: &mut StageTimings,
    ) -> Result<Option<PoseLandmarks>, InferenceError> {
        let tracked = if self.options.static_images {
            None
        } else {
            self.tracked.take()
        };
        let Some((roi, detected)) =
            follow_or_detect(tracked, self.detect(image, timings), roi_from_detection).await?
        else {
            return Ok(None);
        };
        let image_from_crop = self.landmarks.run(image, &roi, timings).await?;
        let start = Instant::now();
        let out = &self.landmarks.outputs;
        let score = out[1][0];
        if score < self.options.min_presence {
            timings.decode_ms += elapsed_ms(start);
            return Ok(None);
        }
        let size = LANDMARK_INPUT_PX as f32;
        for (n, row) in self.normalised.iter_mut().zip(out[0].chunks_exact(5)) {
            *n = Vec2::new(row[0], row[1]) / size;
        }
        refine_from_heatmap(&mut self.normalised, &out[3], HEATMAP_PX, TENSOR_LANDMARKS);
        let all_px: Vec<Vec3> = self
            .normalised
            .iter()
            .zip(out[0].chunks_exact(5))
            .map(|(n, row)| {
                project_landmark(image_from_crop, &roi, size, (*n * size).extend(row[2]), 1.0)
            })
            .collect();
        let visibility = out[0]
            .chunks_exact(5)
            .take(LANDMARK_COUNT)
            .map(|r| sigmoid(r[3]))
            .collect();
        let presence = out[0]
            .chunks_exact(5)
            .take(LANDMARK_COUNT)
            .map(|r| sigmoid(r[4]))
            .collect();
        let world_m = out[4]
            .chunks_exact(3)
            .take(LANDMARK_COUNT)
            .map(|c| project_world(&roi, Vec3::new(c[0], c[1], c[2])))
            .collect();
        let mask = self.options.segmentation.then(|| SegmentationMask {
            size_px: MASK_PX,
            probability: out[2].iter().map(|v| sigmoid(*v)).collect(),
            image_from_mask: roi.image_from_crop(MASK_PX as f32),
        });
        if !self.options.static_images {
            self.tracked = Some(
                RotatedRect::from_alignment_points(all_px[33].truncate(), all_px[34].truncate())
                    .transformed(Vec2::ZERO, 1.25),
            );
        }
        timings.decode_ms += elapsed_ms(start);
        Ok(Some(PoseLandmarks {
            landmarks_px: all_px[..LANDMARK_COUNT].to_vec(),
            visibility,
            presence,
            world_m,
            score,
            mask,
            roi,
            detected,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heatmap_pulls_a_landmark_to_the_confident_peak() {
        let size = 8;
        let mut heatmap = vec![-20.0; size * size];
        heatmap[3 * size + 5] = 20.0;
        let mut lm = [Vec2::new(4.2 / 8.0, 3.9 / 8.0)];
        refine_from_heatmap(&mut lm, &heatmap, size, 1);
        assert!(
            (lm[0] - Vec2::new(5.0 / 8.0, 3.0 / 8.0)).length() < 1e-3,
            "{lm:?}"
        );
        // No confident cell: unchanged.
        let flat = vec![-20.0; size * size];
        let mut lm2 = [Vec2::new(0.5, 0.5)];
        refine_from_heatmap(&mut lm2, &flat, size, 1);
        assert_eq!(lm2[0], Vec2::new(0.5, 0.5));
    }
}
