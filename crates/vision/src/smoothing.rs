//! One Euro smoothing of landmarks, per coordinate, scale-aware: speeds are measured in units of the tracked
//! object's size (palm length, torso length, face box), so one tuning suits near and far subjects.

use glam::Vec3;

use crate::one_euro::{OneEuroFilter, OneEuroParams};
use crate::tracker::TrackingResult;

/// Parameters per task. Tuned on ../shared/testdata/clip (see the README's table): the hand's error against the
/// ground truth and its frame-to-frame jitter both fall below MediaPipe's video mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmoothingParams {
    pub hand: OneEuroParams,
    pub pose: OneEuroParams,
    pub face: OneEuroParams,
}

impl Default for SmoothingParams {
    fn default() -> Self {
        Self {
            hand: OneEuroParams {
                min_cutoff_hz: 4.0,
                beta: 10.0,
                derivative_cutoff_hz: 1.0,
            },
            pose: OneEuroParams {
                min_cutoff_hz: 1.5,
                beta: 4.0,
                derivative_cutoff_hz: 1.0,
            },
            face: OneEuroParams {
                min_cutoff_hz: 2.0,
                beta: 4.0,
                derivative_cutoff_hz: 1.0,
            },
        }
    }
}

/// Filters for one tracked object's points.
#[derive(Debug, Clone, Default)]
pub struct PointsSmoother {
    filters: Vec<[OneEuroFilter; 3]>,
    last_secs: Option<f64>,
}

impl PointsSmoother {
    /// Smooths `points` in place, observed at `timestamp_secs`, for an object `scale` units across.
    pub fn apply(
        &mut self,
        points: &mut [Vec3],
        timestamp_secs: f64,
        scale: f32,
        params: &OneEuroParams,
    ) {
        if self.filters.len() != points.len() {
            self.filters = vec![[OneEuroFilter::default(); 3]; points.len()];
            self.last_secs = None;
        }
        let dt_secs = match self.last_secs {
            Some(last) => (timestamp_secs - last) as f32,
            None => 0.0,
        };
        self.last_secs = Some(timestamp_secs);
        for (p, f) in points.iter_mut().zip(self.filters.iter_mut()) {
            if dt_secs <= 0.0 {
                // First observation (or a repeated timestamp): start the filters here.
                for filter in f.iter_mut() {
                    filter.reset();
                }
            }
            p.x = f[0].filter(p.x, dt_secs, scale, params);
            p.y = f[1].filter(p.y, dt_secs, scale, params);
            p.z = f[2].filter(p.z, dt_secs, scale, params);
        }
    }

    pub fn reset(&mut self) {
        self.filters.clear();
        self.last_secs = None;
    }
}

/// Smooths whole tracking results frame after frame; an object that disappears restarts its filters.
#[derive(Debug, Clone, Default)]
pub struct ResultSmoother {
    pub params: SmoothingParams,
    hands: Vec<(Vec3, PointsSmoother)>,
    pose: PointsSmoother,
    face: PointsSmoother,
}

impl ResultSmoother {
    pub fn new(params: SmoothingParams) -> Self {
        Self {
            params,
            ..Self::default()
        }
    }

    pub fn apply(&mut self, result: &mut TrackingResult) {
        let t = result.timestamp_secs;
        // Each hand keeps the filters of the previous hand whose wrist was nearest (within a palm length).
        let mut previous = std::mem::take(&mut self.hands);
        for hand in &mut result.hands {
            let scale = hand.palm_length_px().max(1.0);
            let wrist = hand.landmarks_px[0];
            let nearest = previous
                .iter()
                .enumerate()
                .map(|(i, (w, _))| (i, w.truncate().distance(wrist.truncate())))
                .filter(|(_, d)| *d < scale)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(i, _)| i);
            let mut smoother = match nearest {
                Some(i) => previous.swap_remove(i).1,
                None => PointsSmoother::default(),
            };
            smoother.apply(&mut hand.landmarks_px, t, scale, &self.params.hand);
            self.hands.push((hand.landmarks_px[0], smoother));
        }
        match result.pose.as_mut() {
            Some(pose) => {
                let scale = pose.torso_length_px().max(1.0);
                self.pose
                    .apply(&mut pose.landmarks_px, t, scale, &self.params.pose);
            }
            None => self.pose.reset(),
        }
        match result.face.as_mut() {
            Some(face) => {
                let scale = face.box_diagonal_px().max(1.0);
                self.face
                    .apply(&mut face.landmarks_px, t, scale, &self.params.face);
            }
            None => self.face.reset(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn still_points_settle_and_noise_shrinks() {
        let mut s = PointsSmoother::default();
        let params = SmoothingParams::default().hand;
        let mut worst_late = 0.0f32;
        for i in 0..60 {
            let noise = if i % 2 == 0 { 1.0 } else { -1.0 };
            let mut p = [Vec3::new(100.0 + noise, 50.0, 0.0)];
            s.apply(&mut p, i as f64 / 30.0, 100.0, &params);
            if i > 30 {
                worst_late = worst_late.max((p[0].x - 100.0).abs());
            }
        }
        assert!(worst_late < 0.5, "±1 px noise left {worst_late} px");
    }

    #[test]
    fn a_fast_move_is_followed_within_a_few_frames() {
        let mut s = PointsSmoother::default();
        let params = SmoothingParams::default().hand;
        let mut last = 0.0;
        for i in 0..20 {
            // Moves at 300 px/s (3 palm lengths per second).
            let x = i as f32 * 10.0;
            let mut p = [Vec3::new(x, 0.0, 0.0)];
            s.apply(&mut p, i as f64 / 30.0, 100.0, &params);
            last = x - p[0].x;
        }
        assert!(last < 10.0, "lags {last} px behind a 10 px/frame move");
    }
}
