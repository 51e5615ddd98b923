//! Faces as MediaPipe's `FaceLandmarkFrontCpu` graph finds them (one face): short-range face detection → ROI
//! rotated eye to eye → 468-point mesh, then tracking from the mesh.

use glam::{Vec2, Vec3};
use web_time::Instant;

use crate::maths::crop::{CropModel, bounds, project_landmark, sigmoid};
use crate::maths::detection::Detection;
use crate::maths::roi::{RotatedRect, follow_or_detect};
use crate::model::inference::{InferenceError, InferenceModel};
use crate::output::timing::{StageTimings, elapsed_ms};
use crate::pipelines::detector::{FACE, SsdDetector};
use crate::pixels::image_ops::{RgbView, ValueRange};

pub const LANDMARK_COUNT: usize = 468;
pub const LANDMARK_INPUT_PX: usize = 192;
/// face_landmark outputs: the mesh and the face-presence logit.
pub const LANDMARK_OUTPUTS: [&str; 2] = ["conv2d_21", "conv2d_31"];
/// The outer eye corners the tracking ROI is levelled on.
pub const RIGHT_EYE_OUTER: usize = 33;
pub const LEFT_EYE_OUTER: usize = 263;

/// One face in one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceLandmarks {
    /// x, y in image pixels; z depth in the x scale.
    pub landmarks_px: Vec<Vec3>,
    pub score: f32,
    pub roi: RotatedRect,
    pub detected: bool,
}

impl FaceLandmarks {
    /// Diagonal of the landmarks' bounding box, pixels.
    pub fn box_diagonal_px(&self) -> f32 {
        let (min, max) = bounds(self.landmarks_px.iter().map(|p| p.truncate()));
        min.distance(max)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceOptions {
    pub min_detection_score: f32,
    pub min_presence: f32,
    pub static_images: bool,
}

impl Default for FaceOptions {
    fn default() -> Self {
        Self {
            min_detection_score: 0.5,
            min_presence: 0.5,
            static_images: false,
        }
    }
}

/// MediaPipe's `FaceDetectionFrontDetectionToRoi`: the box levelled eye to eye, squared and scaled 1.5×.
pub fn roi_from_detection(detection: &Detection) -> RotatedRect {
    RotatedRect::from_box(
        detection.box_min,
        detection.box_max,
        detection.keypoints[0],
        detection.keypoints[1],
        0.0,
    )
    .transformed(Vec2::ZERO, 1.5)
}

/// MediaPipe's `FaceLandmarkLandmarksToRoi`: the mesh's box levelled on the outer eye corners, squared, 1.5×.
pub fn roi_from_landmarks(landmarks_px: &[Vec3]) -> RotatedRect {
    let (min, max) = bounds(landmarks_px.iter().map(|p| p.truncate()));
    RotatedRect::from_box(
        min,
        max,
        landmarks_px[RIGHT_EYE_OUTER].truncate(),
        landmarks_px[LEFT_EYE_OUTER].truncate(),
        0.0,
    )
    .transformed(Vec2::ZERO, 1.5)
}

pub struct FaceTracker<M> {
    detector: SsdDetector<M>,
    landmarks: CropModel<M>,
    tracked: Option<RotatedRect>,
    pub options: FaceOptions,
}

impl<M: InferenceModel> FaceTracker<M> {
    pub fn new(detector_model: M, landmark_model: M, options: FaceOptions) -> Self {
        Self {
            detector: SsdDetector::new(detector_model, FACE),
            landmarks: CropModel::new(
                landmark_model,
                LANDMARK_INPUT_PX,
                ValueRange::UNIT,
                &[LANDMARK_COUNT * 3, 1],
            ),
            tracked: None,
            options,
        }
    }

    pub fn reset(&mut self) {
        self.tracked = None;
    }

    pub async fn detect(
        &mut self,
        image: RgbView<'_>,
        timings: &mut StageTimings,
    ) -> Result<Vec<Detection>, InferenceError> {
        self.detector
            .detect(image, self.options.min_detection_score, timings)
            .await
    }

    /// The face in `image` (MediaPipe's choice: its best detection, then tracked).
    pub async fn process(
        &mut self,
        image: RgbView<'_>,
        timings: &mut StageTimings,
    ) -> Result<Option<FaceLandmarks>, InferenceError> {
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
        let score = sigmoid(out[1][0]);
        if score < self.options.min_presence {
            timings.decode_ms += elapsed_ms(start);
            return Ok(None);
        }
        let size = LANDMARK_INPUT_PX as f32;
        let landmarks_px: Vec<Vec3> = out[0]
            .chunks_exact(3)
            .map(|c| {
                project_landmark(
                    image_from_crop,
                    &roi,
                    size,
                    Vec3::new(c[0], c[1], c[2]),
                    1.0,
                )
            })
            .collect();
        if !self.options.static_images {
            self.tracked = Some(roi_from_landmarks(&landmarks_px));
        }
        timings.decode_ms += elapsed_ms(start);
        Ok(Some(FaceLandmarks {
            landmarks_px,
            score,
            roi,
            detected,
        }))
    }
}
