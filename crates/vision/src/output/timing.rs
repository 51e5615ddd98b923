//! Per-stage timings carried by every tracking result.

use serde::Serialize;
use web_time::Instant;

/// Milliseconds spent per stage for one frame (summed over every model the frame went through).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct StageTimings {
    /// Reading or grabbing and converting the frame.
    pub capture_ms: f32,
    /// Letterboxing and cropping into model tensors.
    pub preprocess_ms: f32,
    /// Model execution.
    pub inference_ms: f32,
    /// Anchors, NMS, landmark projection, ROI maths.
    pub decode_ms: f32,
}

impl StageTimings {
    pub fn total_ms(&self) -> f32 {
        self.capture_ms + self.preprocess_ms + self.inference_ms + self.decode_ms
    }
}

/// Milliseconds since `start`.
pub fn elapsed_ms(start: Instant) -> f32 {
    start.elapsed().as_secs_f32() * 1000.0
}
