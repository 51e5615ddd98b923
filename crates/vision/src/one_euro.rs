//! The One Euro filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cutoff rises with speed, so a
//! still hand does not jitter and a moving one does not lag. Scale-aware: speeds are measured in units of the
//! tracked object's size, so one set of parameters suits a hand near the camera and one far away.

/// Parameters, in object sizes per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneEuroParams {
    /// Cutoff at rest, Hz: lower is smoother.
    pub min_cutoff_hz: f32,
    /// How fast the cutoff rises with speed (per object size per second): higher lags less.
    pub beta: f32,
    /// Cutoff of the speed estimate, Hz.
    pub derivative_cutoff_hz: f32,
}

impl Default for OneEuroParams {
    fn default() -> Self {
        Self {
            min_cutoff_hz: 1.0,
            beta: 10.0,
            derivative_cutoff_hz: 1.0,
        }
    }
}

fn smoothing_factor(cutoff_hz: f32, dt_secs: f32) -> f32 {
    let tau = 1.0 / (2.0 * std::f32::consts::PI * cutoff_hz);
    1.0 / (1.0 + tau / dt_secs)
}

/// One filtered value.
#[derive(Debug, Clone, Copy, Default)]
pub struct OneEuroFilter {
    previous: Option<(f32, f32)>,
}

impl OneEuroFilter {
    /// Filters `value` observed `dt_secs` after the previous one; `scale` is the object's size in the value's unit.
    pub fn filter(&mut self, value: f32, dt_secs: f32, scale: f32, params: &OneEuroParams) -> f32 {
        let Some((previous, previous_speed)) = self.previous else {
            self.previous = Some((value, 0.0));
            return value;
        };
        if dt_secs <= 0.0 || scale <= 0.0 {
            return previous;
        }
        let speed = (value - previous) / dt_secs / scale;
        let speed = previous_speed
            + smoothing_factor(params.derivative_cutoff_hz, dt_secs) * (speed - previous_speed);
        let cutoff = params.min_cutoff_hz + params.beta * speed.abs();
        let filtered = previous + smoothing_factor(cutoff, dt_secs) * (value - previous);
        self.previous = Some((filtered, speed));
        filtered
    }

    pub fn reset(&mut self) {
        self.previous = None;
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
