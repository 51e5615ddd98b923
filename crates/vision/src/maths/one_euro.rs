//! The One Euro filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cutoff rises with speed, so a
//! still hand does not jitter and a moving one does not lag. Scale-aware: speeds are measured in units of the
//! tracked object's size, so one set of parameters suits a hand near the camera and one far away.

/// Parameters. Speeds are in object sizes per second (MediaPipe's `value_scale` = 1 / object scale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneEuroParams {
    /// Cutoff at rest, Hz: lower is smoother.
    pub min_cutoff_hz: f32,
    /// How fast the cutoff rises with speed (per object size per second): higher lags less.
    pub beta: f32,
    /// Cutoff of the speed estimate, Hz.
    pub derivative_cutoff_hz: f32,
}

impl OneEuroParams {
    /// MediaPipe's landmark filter for pose and face in video mode (`pose_landmark_filtering.pbtxt`, the Tasks face
    /// landmarker): min cutoff 0.05 Hz, β 80, derivative cutoff 1 Hz.
    pub const MEDIAPIPE_LANDMARKS: Self = Self {
        min_cutoff_hz: 0.05,
        beta: 80.0,
        derivative_cutoff_hz: 1.0,
    };
}

impl Default for OneEuroParams {
    fn default() -> Self {
        Self::MEDIAPIPE_LANDMARKS
    }
}

fn smoothing_factor(cutoff_hz: f32, dt_secs: f32) -> f32 {
    let tau = 1.0 / (2.0 * std::f32::consts::PI * cutoff_hz);
    1.0 / (1.0 + tau / dt_secs)
}

/// Below this object scale MediaPipe passes values through unfiltered (`min_allowed_object_scale`).
const MIN_OBJECT_SCALE: f32 = 1e-6;

/// One filtered value, as MediaPipe's `OneEuroFilter` (`util/filtering/one_euro_filter.cc`): the speed comes from
/// the previous **raw** value, low-passed at the derivative cutoff; the value is low-passed at a cutoff that rises
/// with that speed.
#[derive(Debug, Clone, Copy, Default)]
pub struct OneEuroFilter {
    /// (last raw value, last filtered value, filtered speed).
    state: Option<(f32, f32, f32)>,
}

impl OneEuroFilter {
    /// Filters `value` observed `dt_secs` after the previous one; `scale` is the object's size in the value's unit.
    pub fn filter(&mut self, value: f32, dt_secs: f32, scale: f32, params: &OneEuroParams) -> f32 {
        if scale < MIN_OBJECT_SCALE {
            return value;
        }
        let Some((last_raw, filtered, speed)) = self.state else {
            self.state = Some((value, value, 0.0));
            return value;
        };
        if dt_secs <= 0.0 {
            // MediaPipe returns a sample whose time does not advance unfiltered and keeps its state.
            return value;
        }
        let raw_speed = (value - last_raw) / scale / dt_secs;
        let speed =
            speed + smoothing_factor(params.derivative_cutoff_hz, dt_secs) * (raw_speed - speed);
        let cutoff = params.min_cutoff_hz + params.beta * speed.abs();
        let filtered = filtered + smoothing_factor(cutoff, dt_secs) * (value - filtered);
        self.state = Some((value, filtered, speed));
        filtered
    }

    pub fn reset(&mut self) {
        self.state = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_value_passes_through() {
        let mut f = OneEuroFilter::default();
        assert_eq!(
            f.filter(5.0, 1.0 / 30.0, 1.0, &OneEuroParams::default()),
            5.0
        );
    }

    #[test]
    fn noise_at_rest_is_reduced() {
        let params = OneEuroParams::default();
        let mut f = OneEuroFilter::default();
        let noisy: Vec<f32> = (0..200)
            .map(|i| 100.0 + if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let out: Vec<f32> = noisy
            .iter()
            .map(|v| f.filter(*v, 1.0 / 30.0, 100.0, &params))
            .collect();
        let jitter_in: f32 = noisy.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f32>() / 199.0;
        let jitter_out: f32 = out[100..]
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .sum::<f32>()
            / 99.0;
        assert!(jitter_out < jitter_in * 0.5, "{jitter_out} vs {jitter_in}");
    }

    #[test]
    fn fast_motion_is_followed_closely() {
        let params = OneEuroParams::default();
        let mut f = OneEuroFilter::default();
        let mut last = 0.0;
        for i in 0..60 {
            // 3 object sizes per second.
            last = f.filter(i as f32 * 10.0, 1.0 / 30.0, 100.0, &params);
        }
        let truth = 590.0;
        assert!((truth - last).abs() < 15.0, "lag {}", truth - last);
    }
}
