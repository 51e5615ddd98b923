//! The SSD detectors (palm, pose, face): letterbox into the model's input, run it, decode against the anchors,
//! weighted NMS, and letterbox removal into image pixels. One struct owns the session and every buffer.

use glam::Vec2;
use web_time::Instant;

use crate::maths::detection::{Detection, decode_detections, weighted_nms};
use crate::maths::ssd_anchors::{self, AnchorSpec};
use crate::model::inference::{InferenceError, InferenceModel, expect_len};
use crate::output::timing::{StageTimings, elapsed_ms};
use crate::pixels::image_ops::{RgbView, ValueRange, letterbox_into};

/// What differs between MediaPipe's detectors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectorSpec {
    pub anchors: AnchorSpec,
    pub range: ValueRange,
    pub keypoints: usize,
    /// Output names: raw boxes, then logits.
    pub outputs: [&'static str; 2],
    pub min_score: f32,
    pub iou_threshold: f32,
}

impl DetectorSpec {
    pub fn input_size(&self) -> usize {
        self.anchors.input_size_px as usize
    }

    pub fn input_shape(&self) -> [i64; 4] {
        let s = self.input_size() as i64;
        [1, s, s, 3]
    }
}

/// palm_detection_{full,lite}: 192², [0, 1], 7 keypoints (0 wrist centre, 2 middle-finger MCP).
pub const PALM: DetectorSpec = DetectorSpec {
    anchors: ssd_anchors::PALM,
    range: ValueRange::UNIT,
    keypoints: 7,
    outputs: ["Identity", "Identity_1"],
    min_score: 0.5,
    iou_threshold: 0.3,
};
/// pose_detection: 224², [-1, 1], 4 keypoints (0 mid-hip, 1 size/rotation point, 2 mid-shoulder, 3 upper body).
pub const POSE: DetectorSpec = DetectorSpec {
    anchors: ssd_anchors::POSE,
    range: ValueRange::SIGNED,
    keypoints: 4,
    outputs: ["Identity", "Identity_1"],
    min_score: 0.5,
    iou_threshold: 0.3,
};
/// face_detection_short_range: 128², [-1, 1], 6 keypoints (right eye, left eye, nose, mouth, right ear, left ear).
pub const FACE: DetectorSpec = DetectorSpec {
    anchors: ssd_anchors::FACE,
    range: ValueRange::SIGNED,
    keypoints: 6,
    outputs: ["regressors", "classificators"],
    min_score: 0.5,
    iou_threshold: 0.3,
};

pub struct SsdDetector<M> {
    model: M,
    pub spec: DetectorSpec,
    anchors: Vec<Vec2>,
    input: Vec<f32>,
    outputs: Vec<Vec<f32>>,
    candidates: Vec<Detection>,
}

impl<M: InferenceModel> SsdDetector<M> {
    pub fn new(model: M, spec: DetectorSpec) -> Self {
        let size = spec.input_size();
        let anchors = ssd_anchors::ssd_anchors(&spec.anchors);
        let per_anchor = 4 + 2 * spec.keypoints;
        Self {
            model,
            spec,
            input: vec![0.0; size * size * 3],
            outputs: vec![
                Vec::with_capacity(anchors.len() * per_anchor),
                Vec::with_capacity(anchors.len()),
            ],
            candidates: Vec::with_capacity(anchors.len()),
            anchors,
        }
    }

    pub fn model_name(&self) -> &str {
        self.model.name()
    }

    /// Detections in image pixels, best first, scoring at least `min_score`.
    pub async fn detect(
        &mut self,
        image: RgbView<'_>,
        min_score: f32,
        timings: &mut StageTimings,
    ) -> Result<Vec<Detection>, InferenceError> {
        let size = self.spec.input_size();
        let start = Instant::now();
        let letterbox = letterbox_into(image, size, self.spec.range, &mut self.input);
        timings.preprocess_ms += elapsed_ms(start);

        let start = Instant::now();
        self.model.run(&self.input, &mut self.outputs).await?;
        timings.inference_ms += elapsed_ms(start);

        let start = Instant::now();
        let per_anchor = 4 + 2 * self.spec.keypoints;
        let count = self.anchors.len();
        expect_len(&self.model, &self.outputs, 0, count * per_anchor)?;
        expect_len(&self.model, &self.outputs, 1, count)?;
        decode_detections(
            &self.outputs[0],
            &self.outputs[1],
            &self.anchors,
            size as f32,
            self.spec.keypoints,
            min_score,
            &mut self.candidates,
        );
        let merged = weighted_nms(
            std::mem::take(&mut self.candidates),
            self.spec.iou_threshold,
        );
        let image_size = Vec2::new(image.width as f32, image.height as f32);
        let to_px = |p: Vec2| letterbox.remove(p) * image_size;
        let detections = merged
            .into_iter()
            .map(|d| Detection {
                score: d.score,
                box_min: to_px(d.box_min),
                box_max: to_px(d.box_max),
                keypoints: d.keypoints.into_iter().map(to_px).collect(),
            })
            .collect();
        timings.decode_ms += elapsed_ms(start);
        Ok(detections)
    }
}
