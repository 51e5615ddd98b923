//! Hands as MediaPipe's `HandLandmarkTrackingCpu` graph finds them: palm detection → rotated ROI → 21 landmarks,
//! then tracking from the previous landmarks, with the detector run only while fewer hands than wanted are tracked.

use std::f32::consts::FRAC_PI_2;

use glam::{Vec2, Vec3};
use web_time::Instant;

use crate::maths::crop::{CropModel, project_landmark, project_world};
use crate::maths::detection::Detection;
use crate::maths::roi::{RotatedRect, rotation_between};
use crate::model::inference::{InferenceError, InferenceModel};
use crate::output::timing::{StageTimings, elapsed_ms};
use crate::pipelines::detector::{PALM, SsdDetector};
use crate::pixels::image_ops::{RgbView, ValueRange};

pub const LANDMARK_COUNT: usize = 21;
pub const LANDMARK_INPUT_PX: usize = 224;
/// hand_landmark outputs: landmarks, presence, handedness, world landmarks.
pub const LANDMARK_OUTPUTS: [&str; 4] = ["Identity", "Identity_1", "Identity_2", "Identity_3"];
pub const WRIST: usize = 0;
pub const INDEX_MCP: usize = 5;
pub const MIDDLE_MCP: usize = 9;
pub const RING_MCP: usize = 13;
/// The points `HandLandmarksToRectCalculator` encloses: wrist, thumb base and the two lower joints of each finger.
const ROI_POINTS: [usize; 12] = [0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18];
/// Hand landmark z is scaled by this in MediaPipe's graph (`normalize_z`).
const Z_NORMALISATION: f32 = 0.4;

/// Which hand, as MediaPipe labels it (it assumes a mirrored selfie image).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Handedness {
    Left,
    Right,
}

/// One hand in one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct HandLandmarks {
    /// x, y in image pixels; z relative to the wrist in the x scale (negative: towards the camera).
    pub landmarks_px: Vec<Vec3>,
    /// Metres, origin at the hand's centre.
    pub world_m: Vec<Vec3>,
    pub presence: f32,
    pub handedness: Handedness,
    pub handedness_score: f32,
    /// The crop the landmarks came from.
    pub roi: RotatedRect,
    /// True when this frame's palm detector found the hand (false: tracked from the previous frame).
    pub detected: bool,
}

impl HandLandmarks {
    /// Wrist to middle-finger knuckle, pixels: the hand's scale for smoothing and fitting.
    pub fn palm_length_px(&self) -> f32 {
        self.landmarks_px[WRIST]
            .truncate()
            .distance(self.landmarks_px[MIDDLE_MCP].truncate())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HandOptions {
    pub max_hands: usize,
    pub min_detection_score: f32,
    pub min_presence: f32,
    /// Every frame is an unrelated photo: detect every time, never track.
    pub static_images: bool,
    /// When a tracked hand is lost, run the palm detector again in the same frame instead of the next one
    /// (MediaPipe's behaviour is the next one; this costs a detector run on every frame a hand leaves).
    pub redetect_lost_at_once: bool,
}

impl Default for HandOptions {
    fn default() -> Self {
        Self {
            max_hands: 2,
            min_detection_score: 0.5,
            min_presence: 0.5,
            static_images: false,
            redetect_lost_at_once: false,
        }
    }
}

/// MediaPipe's `PalmDetectionDetectionToRoi`: rotated so wrist → middle knuckle points up, shifted half a box
/// towards the fingers, squared and scaled 2.6×.
pub fn roi_from_palm(palm: &Detection) -> RotatedRect {
    RotatedRect::from_box(
        palm.box_min,
        palm.box_max,
        palm.keypoints[0],
        palm.keypoints[2],
        FRAC_PI_2,
    )
    .transformed(Vec2::new(0.0, -0.5), 2.6)
}

/// How much the tracking ROI grows the landmarks' extent: MediaPipe's `RectTransformationCalculator` in
/// `hand_landmark_landmarks_to_roi` (scale 2.0, shift −0.1, square long side). An earlier 1.9 had been chosen on the
/// dev clip and did not carry to other footage (docs/notes/hand-tracking-jitter.md).
pub const TRACKING_ROI_SCALE: f32 = 2.0;

/// MediaPipe's `HandLandmarkLandmarksToRoi` (with [`TRACKING_ROI_SCALE`]): the next frame's ROI from this
/// frame's landmarks.
pub fn roi_from_landmarks(landmarks_px: &[Vec3]) -> RotatedRect {
    let p = |i: usize| landmarks_px[i].truncate();
    let fingers = ((p(INDEX_MCP) + p(RING_MCP)) / 2.0 + p(MIDDLE_MCP)) / 2.0;
    let rotation = rotation_between(p(WRIST), fingers, FRAC_PI_2);
    RotatedRect::enclosing(ROI_POINTS.iter().map(|&i| p(i)), rotation)
        .transformed(Vec2::new(0.0, -0.1), TRACKING_ROI_SCALE)
}

/// Where a landmark crop came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CropSource {
    PalmDetection,
    /// Last frame's landmarks (MediaPipe's `PreviousLoopbackCalculator`: the rect is used unchanged).
    Track,
}

pub struct HandTracker<M> {
    palm: SsdDetector<M>,
    landmarks: CropModel<M>,
    /// The next frame's ROIs, from this frame's landmarks.
    tracked: Vec<RotatedRect>,
    pub options: HandOptions,
}

impl<M: InferenceModel> HandTracker<M> {
    /// `palm_model` and `landmark_model` must have been opened with `PALM.outputs` and `LANDMARK_OUTPUTS`.
    pub fn new(palm_model: M, landmark_model: M, options: HandOptions) -> Self {
        Self {
            palm: SsdDetector::new(palm_model, PALM),
            landmarks: CropModel::new(
                landmark_model,
                LANDMARK_INPUT_PX,
                ValueRange::UNIT,
                &[LANDMARK_COUNT * 3, 1, 1, LANDMARK_COUNT * 3],
            ),
            tracked: Vec::new(),
            options,
        }
    }

    /// Forgets tracked hands (a new clip, a cut, the camera came back).
    pub fn reset(&mut self) {
        self.tracked.clear();
    }

    /// The palm detector alone (detections in image pixels).
    pub async fn detect_palms(
        &mut self,
        image: RgbView<'_>,
        timings: &mut StageTimings,
    ) -> Result<Vec<Detection>, InferenceError> {
        self.palm
            .detect(image, self.options.min_detection_score, timings)
            .await
    }

    /// The hands in `image`: tracked from the previous call where possible. As MediaPipe's
    /// `hand_landmark_tracking_cpu`: the palm detector runs only while fewer than `max_hands` hands are tracked, a
    /// tracked hand's crop is last frame's landmarks' ROI as it is, and a tracked hand wins over a detection of the
    /// same hand.
    pub async fn process(
        &mut self,
        image: RgbView<'_>,
        timings: &mut StageTimings,
    ) -> Result<Vec<HandLandmarks>, InferenceError> {
        let previous = if self.options.static_images {
            Vec::new()
        } else {
            std::mem::take(&mut self.tracked)
        };
        let detected_this_frame = previous.len() < self.options.max_hands;
        let mut candidates = if detected_this_frame {
            self.palm_rois(image, timings).await?
        } else {
            Vec::new()
        };
        // MediaPipe's AssociationNormRectCalculator (threshold 0.5): the later stream, the tracked rects, wins.
        for roi in previous {
            candidates.retain(|(r, _)| r.axis_aligned_iou(&roi) <= 0.5);
            candidates.push((roi, CropSource::Track));
        }
        let mut found = self.run_candidates(image, candidates, timings).await?;
        // Optional, off by default (MediaPipe waits for the next frame): look for a lost hand again at once.
        if self.options.redetect_lost_at_once
            && !detected_this_frame
            && found.len() < self.options.max_hands
        {
            let mut fresh = self.palm_rois(image, timings).await?;
            fresh.retain(|(r, _)| {
                found
                    .iter()
                    .all(|h| roi_from_landmarks(&h.landmarks_px).axis_aligned_iou(r) <= 0.5)
            });
            found.extend(self.run_candidates(image, fresh, timings).await?);
        }
        // Two crops that converged on one hand: keep the more confident (the Tasks API's
        // HandLandmarksDeduplicationCalculator).
        found.sort_by(|a, b| b.presence.total_cmp(&a.presence));
        let start = Instant::now();
        let mut hands: Vec<HandLandmarks> = Vec::with_capacity(found.len());
        let mut next_rois: Vec<RotatedRect> = Vec::with_capacity(found.len());
        for hand in found {
            let next = roi_from_landmarks(&hand.landmarks_px);
            if next_rois.iter().all(|k| k.axis_aligned_iou(&next) <= 0.5)
                && hands.len() < self.options.max_hands
            {
                next_rois.push(next);
                hands.push(hand);
            }
        }
        if !self.options.static_images {
            self.tracked = next_rois;
        }
        timings.decode_ms += elapsed_ms(start);
        Ok(hands)
    }

    async fn palm_rois(
        &mut self,
        image: RgbView<'_>,
        timings: &mut StageTimings,
    ) -> Result<Vec<(RotatedRect, CropSource)>, InferenceError> {
        let palms = self.detect_palms(image, timings).await?;
        Ok(palms
            .iter()
            .take(self.options.max_hands)
            .map(|p| (roi_from_palm(p), CropSource::PalmDetection))
            .collect())
    }

    async fn run_candidates(
        &mut self,
        image: RgbView<'_>,
        candidates: Vec<(RotatedRect, CropSource)>,
        timings: &mut StageTimings,
    ) -> Result<Vec<HandLandmarks>, InferenceError> {
        let mut found = Vec::new();
        for (roi, source) in candidates {
            let detected = source == CropSource::PalmDetection;
            if let Some(hand) = self.landmarks_in(image, roi, detected, timings).await? {
                found.push(hand);
            }
        }
        Ok(found)
    }

    /// Runs the landmark model on one ROI; `None` when no hand is present there.
    pub async fn landmarks_in(
        &mut self,
        image: RgbView<'_>,
        roi: RotatedRect,
        detected: bool,
        timings: &mut StageTimings,
    ) -> Result<Option<HandLandmarks>, InferenceError> {
        let image_from_crop = self.landmarks.run(image, &roi, timings).await?;
        let start = Instant::now();
        let out = &self.landmarks.outputs;
        let presence = out[1][0];
        if presence < self.options.min_presence {
            timings.decode_ms += elapsed_ms(start);
            return Ok(None);
        }
        let size = self.landmarks.size as f32;
        let landmarks_px = out[0]
            .chunks_exact(3)
            .map(|c| {
                project_landmark(
                    image_from_crop,
                    &roi,
                    size,
                    Vec3::new(c[0], c[1], c[2]),
                    Z_NORMALISATION,
                )
            })
            .collect();
        let world_m = out[3]
            .chunks_exact(3)
            .map(|c| project_world(&roi, Vec3::new(c[0], c[1], c[2])))
            .collect();
        let left = out[2][0];
        let (handedness, handedness_score) = if left > 0.5 {
            (Handedness::Left, left)
        } else {
            (Handedness::Right, 1.0 - left)
        };
        timings.decode_ms += elapsed_ms(start);
        Ok(Some(HandLandmarks {
            landmarks_px,
            world_m,
            presence,
            handedness,
            handedness_score,
            roi,
            detected,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palm_roi_points_fingers_up_and_grows() {
        // An upright palm: wrist below the middle knuckle.
        let palm = Detection {
            score: 0.9,
            box_min: Vec2::new(90.0, 90.0),
            box_max: Vec2::new(110.0, 110.0),
            keypoints: vec![
                Vec2::new(100.0, 110.0),
                Vec2::ZERO,
                Vec2::new(100.0, 90.0),
                Vec2::ZERO,
                Vec2::ZERO,
                Vec2::ZERO,
                Vec2::ZERO,
            ],
        };
        let roi = roi_from_palm(&palm);
        assert!(roi.rotation.abs() < 1e-6);
        assert!((roi.size_px - Vec2::splat(52.0)).length() < 1e-4);
        // Shifted half a box (10 px) towards the fingers (up).
        assert!(
            (roi.centre_px - Vec2::new(100.0, 90.0)).length() < 1e-4,
            "{roi:?}"
        );
    }

    #[test]
    fn landmark_roi_follows_a_hand_pointing_right() {
        // A hand lying along +x: wrist at the origin, knuckles 100 px to the right.
        let mut lm = vec![Vec3::ZERO; LANDMARK_COUNT];
        for (i, p) in lm.iter_mut().enumerate() {
            let along = if i == 0 {
                0.0
            } else {
                50.0 + (i % 4) as f32 * 20.0
            };
            let across = (i / 4) as f32 * 10.0 - 25.0;
            *p = Vec3::new(along, across, 0.0);
        }
        lm[WRIST] = Vec3::ZERO;
        lm[INDEX_MCP] = Vec3::new(100.0, -15.0, 0.0);
        lm[MIDDLE_MCP] = Vec3::new(100.0, 0.0, 0.0);
        lm[RING_MCP] = Vec3::new(100.0, 15.0, 0.0);
        let roi = roi_from_landmarks(&lm);
        assert!((roi.rotation - FRAC_PI_2).abs() < 1e-5, "{roi:?}");
        assert_eq!(roi.size_px.x, roi.size_px.y);
    }
}
