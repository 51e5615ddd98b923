//! Tracking results as JSON, in the schema of ../shared/testdata/refs (MediaPipe's own outputs), so the two can be
//! compared field by field.

use serde::{Deserialize, Serialize};

use crate::output::timing::StageTimings;
use crate::pipelines::hand::Handedness;
use crate::pipelines::tracker::TrackingResult;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandReport {
    pub handedness: String,
    pub score: f32,
    pub landmarks_px: Vec<[f32; 3]>,
    pub world_m: Vec<[f32; 3]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoseReport {
    /// x, y, z, visibility.
    pub landmarks_px: Vec<[f32; 4]>,
    pub world_m: Vec<[f32; 4]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaceReport {
    pub landmarks_px: Vec<[f32; 3]>,
}

/// Milliseconds per stage; the report names the unit once, in its `timing_ms` key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimingReport {
    #[serde(rename = "capture")]
    pub capture_ms: f32,
    #[serde(rename = "preprocess")]
    pub preprocess_ms: f32,
    #[serde(rename = "inference")]
    pub inference_ms: f32,
    #[serde(rename = "decode")]
    pub decode_ms: f32,
    #[serde(rename = "total")]
    pub total_ms: f32,
}

impl From<StageTimings> for TimingReport {
    fn from(t: StageTimings) -> Self {
        Self {
            capture_ms: t.capture_ms,
            preprocess_ms: t.preprocess_ms,
            inference_ms: t.inference_ms,
            decode_ms: t.decode_ms,
            total_ms: t.total_ms(),
        }
    }
}

/// One image's or one frame's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameReport {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub frame: Option<u64>,
    pub width: usize,
    pub height: usize,
    pub hands: Vec<HandReport>,
    pub pose: Option<PoseReport>,
    pub face: Option<FaceReport>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub timing_ms: Option<TimingReport>,
}

impl FrameReport {
    pub fn from_result(result: &TrackingResult) -> Self {
        let hands = result
            .hands
            .iter()
            .map(|h| HandReport {
                handedness: match h.handedness {
                    Handedness::Left => "Left",
                    Handedness::Right => "Right",
                }
                .into(),
                score: h.handedness_score,
                landmarks_px: h.landmarks_px.iter().map(|p| p.to_array()).collect(),
                world_m: h.world_m.iter().map(|p| p.to_array()).collect(),
            })
            .collect();
        let pose = result.pose.as_ref().map(|p| PoseReport {
            landmarks_px: p
                .landmarks_px
                .iter()
                .zip(&p.visibility)
                .map(|(l, v)| [l.x, l.y, l.z, *v])
                .collect(),
            world_m: p
                .world_m
                .iter()
                .zip(&p.visibility)
                .map(|(l, v)| [l.x, l.y, l.z, *v])
                .collect(),
        });
        let face = result.face.as_ref().map(|f| FaceReport {
            landmarks_px: f.landmarks_px.iter().map(|p| p.to_array()).collect(),
        });
        Self {
            image: result.name.clone(),
            frame: None,
            width: result.width,
            height: result.height,
            hands,
            pose,
            face,
            timing_ms: None,
        }
    }

    /// A clip frame: index and timings, no file name.
    pub fn for_clip(result: &TrackingResult) -> Self {
        Self {
            image: None,
            frame: Some(result.sequence),
            timing_ms: Some(result.timings.into()),
            ..Self::from_result(result)
        }
    }
}
