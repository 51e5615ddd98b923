//! Per-stage timings carried by every tracking result.

use serde::Serialize;
use web_time::Instant;

/// Milliseconds spent per stage for one frame (summed over every model the frame went through).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct StageTimings {
    /// Reading or grabbing and converting the frame.
    pub capture: f32,
    /// Letterboxing and cropping into model tensors.
    pub preprocess: f32,
    /// Model execution.
    pub inference: f32,
    /// Anchors, NMS, landmark projection, ROI maths.
    pub decode: f32,
}

impl StageTimings {
    pub fn total(&self) -> f32 {
        self.capture + self.preprocess + self.inference + self.decode
    }
}

/// Milliseconds since `start`.
pub fn elapsed_ms(start: Instant) -> f32 {
    start.elapsed().as_secs_f32() * 1000.0
}
