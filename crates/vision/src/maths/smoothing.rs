//! One Euro smoothing of landmarks, per coordinate, scale-aware: speeds are measured in units of the tracked
//! object's size (palm length, torso length, face box), so one tuning suits near and far subjects.

use glam::Vec3;

use crate::maths::one_euro::{OneEuroFilter, OneEuroParams};
use crate::pipelines::tracker::TrackingResult;

/// Parameters per task. Pose and face use MediaPipe's landmark filter (`OneEuroParams::MEDIAPIPE_LANDMARKS`, what
/// its pose and face graphs run in video mode), with speeds in units of the object's own size (the landmarks' box,
/// as `landmarks_smoothing_calculator.cc` measures it). MediaPipe does not smooth hands; ours smooths the hand's
/// *shape* only ([`HandShapeSmoother`]), with speeds in palm lengths per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmoothingParams {
    pub hand_shape: OneEuroParams,
    pub pose: OneEuroParams,
    pub face: OneEuroParams,
}

impl SmoothingParams {
    /// The hand-shape filter, chosen on the tuning clips only (`vision::input::synthetic_clip::TUNING`, by
    /// `examples/tune_hand_smoothing.rs`): the lowest mean jitter whose mean error on no tuning clip exceeds the
    /// raw tracker's (jitter ×0.80, worst error ×0.99 there). The optimum is flat: every min cutoff from 0.25 to
    /// 4 Hz with β 16 is within 5% of it.
    pub const HAND_SHAPE: OneEuroParams = OneEuroParams {
        min_cutoff_hz: 0.25,
        beta: 16.0,
        derivative_cutoff_hz: 1.0,
    };
}

impl Default for SmoothingParams {
    fn default() -> Self {
        Self {
            hand_shape: Self::HAND_SHAPE,
            pose: OneEuroParams::MEDIAPIPE_LANDMARKS,
            face: OneEuroParams::MEDIAPIPE_LANDMARKS,
        }
    }
}

/// Smooths a hand in its own frame. Each frame's landmarks are fitted by a similarity (least squares: scale,
/// rotation, translation in the image) to the track's first frame; the landmarks in that frame — the hand's
/// shape, free of its motion — pass through a One Euro filter, and the result goes back through the same
/// similarity. Moving or turning the hand therefore never lags (the similarity is this frame's own); only the
/// frame-to-frame wobble of the shape is filtered, and a finger that really moves raises the filter's cutoff.
#[derive(Debug, Clone, Default)]
pub struct HandShapeSmoother {
    state: Option<ShapeState>,
}

#[derive(Debug, Clone)]
struct ShapeState {
    /// The track's first landmarks (image pixels): the frame the shape is expressed in.
    reference: Vec<glam::Vec2>,
    reference_centre: glam::Vec2,
    palm_px: f32,
    /// Per landmark: the filtered shape, the last raw shape, the filtered speed (palm lengths per second).
    filtered: Vec<Vec3>,
    last_raw: Vec<Vec3>,
    speed: Vec<Vec3>,
    last_secs: f64,
}

/// The least-squares similarity taking `from` to `to`: `to ≈ m · (from − from_centre) + to_centre`, with `m` a
/// scaled rotation [[a, −b], [b, a]]; returns (a, b, from_centre).
fn fit_similarity(
    from: &[glam::Vec2],
    to: &[glam::Vec2],
    to_centre: glam::Vec2,
) -> (f32, f32, glam::Vec2) {
    let n = from.len().max(1) as f32;
    let from_centre = from.iter().copied().sum::<glam::Vec2>() / n;
    let (mut dot, mut cross, mut norm) = (0.0, 0.0, 0.0);
    for (p, q) in from.iter().zip(to) {
        let (u, v) = (*p - from_centre, *q - to_centre);
        dot += u.dot(v);
        cross += u.perp_dot(v);
        norm += u.length_squared();
    }
    if norm <= f32::EPSILON {
        return (1.0, 0.0, from_centre);
    }
    (dot / norm, cross / norm, from_centre)
}

impl HandShapeSmoother {
    /// Smooths `points` (21 hand landmarks, pixels; z in pixels) in place, observed at `timestamp_secs`.
    pub fn apply(&mut self, points: &mut [Vec3], timestamp_secs: f64, params: &OneEuroParams) {
        use glam::Vec2;
        let image: Vec<Vec2> = points.iter().map(|p| p.truncate()).collect();
        let restart = match &self.state {
            Some(s) => s.reference.len() != points.len() || timestamp_secs <= s.last_secs,
            None => true,
        };
        if restart {
            let reference_centre = image.iter().copied().sum::<Vec2>() / image.len().max(1) as f32;
            let palm_px = image
                .get(9)
                .zip(image.first())
                .map_or(1.0, |(a, b)| a.distance(*b).max(1.0));
            self.state = Some(ShapeState {
                reference: image,
                reference_centre,
                palm_px,
                filtered: points.to_vec(),
                last_raw: points.to_vec(),
                speed: vec![Vec3::ZERO; points.len()],
                last_secs: timestamp_secs,
            });
            return;
        }
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let dt_secs = (timestamp_secs - state.last_secs) as f32;
        state.last_secs = timestamp_secs;
        // This frame in the reference's frame: shape = m · (image − centre) + reference centre, z scaled alike.
        let reference_centre = state.reference_centre;
        let (a, b, centre) = fit_similarity(&image, &state.reference, reference_centre);
        let scale = (a * a + b * b).sqrt().max(f32::EPSILON);
        let to_shape = |p: Vec3| {
            let d = p.truncate() - centre;
            Vec3::new(
                a * d.x - b * d.y + reference_centre.x,
                b * d.x + a * d.y + reference_centre.y,
                p.z * scale,
            )
        };
        let alpha = |cutoff_hz: f32| {
            let tau = 1.0 / (2.0 * std::f32::consts::PI * cutoff_hz);
            1.0 / (1.0 + tau / dt_secs)
        };
        let derivative_alpha = alpha(params.derivative_cutoff_hz);
        for (i, p) in points.iter_mut().enumerate() {
            let raw = to_shape(*p);
            let raw_speed = (raw - state.last_raw[i]) / state.palm_px / dt_secs;
            let speed = state.speed[i] + derivative_alpha * (raw_speed - state.speed[i]);
            let cutoff = params.min_cutoff_hz + params.beta * speed.length();
            let f = state.filtered[i] + alpha(cutoff) * (raw - state.filtered[i]);
            state.speed[i] = speed;
            state.filtered[i] = f;
            state.last_raw[i] = raw;
            // Back through the inverse similarity: m⁻¹ = [[a, b], [−b, a]] / scale².
            let d = f.truncate() - reference_centre;
            let s2 = scale * scale;
            *p = Vec3::new(
                (a * d.x + b * d.y) / s2 + centre.x,
                (-b * d.x + a * d.y) / s2 + centre.y,
                f.z / scale,
            );
        }
    }
}

/// MediaPipe's object scale (`GetObjectScale`): the mean of the landmarks' box width and height, pixels.
pub fn object_scale_px(points: &[Vec3]) -> f32 {
    let (lo, hi) = points
        .iter()
        .fold((glam::Vec2::MAX, glam::Vec2::MIN), |(lo, hi), p| {
            (lo.min(p.truncate()), hi.max(p.truncate()))
        });
    if points.is_empty() {
        return 0.0;
    }
    ((hi.x - lo.x) + (hi.y - lo.y)) / 2.0
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
    hands: Vec<(Vec3, HandShapeSmoother)>,
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
            let palm_px = hand.palm_length_px().max(1.0);
            let wrist = hand.landmarks_px[0];
            let nearest = previous
                .iter()
                .enumerate()
                .map(|(i, (w, _))| (i, w.truncate().distance(wrist.truncate())))
                .filter(|(_, d)| *d < palm_px)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(i, _)| i);
            let mut smoother = match nearest {
                Some(i) => previous.swap_remove(i).1,
                None => HandShapeSmoother::default(),
            };
            smoother.apply(&mut hand.landmarks_px, t, &self.params.hand_shape);
            self.hands.push((hand.landmarks_px[0], smoother));
        }
        match result.pose.as_mut() {
            Some(pose) => {
                // MediaPipe scales pose speeds by its tracking ROI; the landmarks' box is the nearest we keep.
                let scale = object_scale_px(&pose.landmarks_px);
                self.pose
                    .apply(&mut pose.landmarks_px, t, scale, &self.params.pose);
            }
            None => self.pose.reset(),
        }
        match result.face.as_mut() {
            Some(face) => {
                let scale = object_scale_px(&face.landmarks_px);
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
    use glam::Vec2;

    #[test]
    fn mediapipe_filter_settles_still_points_and_follows_a_fast_move() {
        let params = SmoothingParams::default().pose;
        let mut still = PointsSmoother::default();
        let (mut jitter_in, mut jitter_out, mut last_out) = (0.0, 0.0, None::<f32>);
        for i in 0..60 {
            let noise = if i % 2 == 0 { 1.0 } else { -1.0 };
            let mut p = [Vec3::new(100.0 + noise, 50.0, 0.0)];
            still.apply(&mut p, i as f64 / 30.0, 100.0, &params);
            if i > 30 {
                jitter_in += 2.0;
                jitter_out += last_out.map_or(0.0, |l| (p[0].x - l).abs());
            }
            last_out = Some(p[0].x);
        }
        assert!(jitter_out < 0.5 * jitter_in, "{jitter_out} vs {jitter_in}");
        let mut moving = PointsSmoother::default();
        let mut lag = 0.0;
        for i in 0..20 {
            // 300 px/s: three object sizes per second.
            let x = i as f32 * 10.0;
            let mut p = [Vec3::new(x, 0.0, 0.0)];
            moving.apply(&mut p, i as f64 / 30.0, 100.0, &params);
            lag = x - p[0].x;
        }
        assert!(lag < 5.0, "lags {lag} px behind a 10 px/frame move");
    }

    /// A hand-like set of 21 points, 100 px wrist → middle knuckle.
    fn shape() -> Vec<Vec2> {
        (0..21)
            .map(|i| {
                let finger = (i.max(1) - 1) / 4;
                let joint = (i.max(1) - 1) % 4 + 1;
                if i == 0 {
                    Vec2::ZERO
                } else {
                    Vec2::new((finger as f32 - 2.0) * 25.0, -25.0 * joint as f32 - 20.0)
                }
            })
            .collect()
    }

    fn moved(points: &[Vec2], t: f32) -> Vec<Vec3> {
        let (angle, scale) = (0.8 * t, 1.0 + 0.2 * (2.0 * t).sin());
        let offset = Vec2::new(300.0 + 120.0 * t, 200.0 + 60.0 * (3.0 * t).sin());
        points
            .iter()
            .map(|p| (offset + glam::Mat2::from_angle(angle) * (*p * scale)).extend(0.0))
            .collect()
    }

    #[test]
    fn hand_shape_smoother_follows_a_moving_turning_hand_without_lag() {
        let mut s = HandShapeSmoother::default();
        for i in 0..90 {
            let t = i as f32 / 30.0;
            let truth = moved(&shape(), t);
            let mut p = truth.clone();
            s.apply(&mut p, t as f64, &SmoothingParams::HAND_SHAPE);
            let worst = p
                .iter()
                .zip(&truth)
                .map(|(a, b)| a.distance(*b))
                .fold(0.0, f32::max);
            assert!(
                worst < 0.05,
                "frame {i}: {worst} px off a noiseless rigid motion"
            );
        }
    }

    #[test]
    fn hand_shape_smoother_removes_shape_noise() {
        let mut s = HandShapeSmoother::default();
        let mut seed = 1u32;
        let mut noise = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 * 4.0 - 2.0
        };
        let (mut error_in, mut error_out) = (0.0, 0.0);
        for i in 0..90 {
            let t = i as f32 / 30.0;
            let truth = moved(&shape(), t);
            let mut p: Vec<Vec3> = truth
                .iter()
                .map(|q| *q + Vec3::new(noise(), noise(), 0.0))
                .collect();
            let noisy = p.clone();
            s.apply(&mut p, t as f64, &SmoothingParams::HAND_SHAPE);
            if i >= 30 {
                error_in += noisy
                    .iter()
                    .zip(&truth)
                    .map(|(a, b)| a.distance(*b))
                    .sum::<f32>();
                error_out += p
                    .iter()
                    .zip(&truth)
                    .map(|(a, b)| a.distance(*b))
                    .sum::<f32>();
            }
        }
        assert!(error_out < 0.75 * error_in, "{error_out} vs {error_in}");
    }

    #[test]
    fn hand_shape_smoother_follows_a_finger_that_really_moves() {
        let mut s = HandShapeSmoother::default();
        let mut tip_gap = 0.0;
        for i in 0..30 {
            let t = i as f32 / 30.0;
            let mut pts = shape();
            // The index fingertip swings down across the palm at two palm lengths per second for half a second.
            let bend = (t.min(0.5)) * 200.0;
            pts[8].y += bend;
            let truth = moved(&pts, t);
            let mut p = truth.clone();
            s.apply(&mut p, t as f64, &SmoothingParams::HAND_SHAPE);
            if i == 20 {
                tip_gap = p[8].distance(truth[8]);
            }
        }
        assert!(tip_gap < 10.0, "the moved fingertip trails by {tip_gap} px");
    }
}
