//! A pose-level filter: the worn piece is steadier than the raw landmarks. One Euro (Casiez et al.) on the
//! piece's distance from the camera — speeds in palm lengths per second, so it carries across hand sizes and
//! distances — and on its rotation, with the angular speed in radians per second driving a slerp. Its place in the
//! image is not filtered here: it stays on the tracked landmarks' own ray (already steadied, without lag, by the
//! vision crate's hand-shape filter), so a moving hand never leaves its ring behind. Reset when the hand is lost.

use glam::{Quat, Vec3};

/// One Euro parameters for the pose filter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoseFilterParams {
    /// Distance cutoff at rest, Hz.
    pub position_min_cutoff_hz: f32,
    /// Distance cutoff rise per palm length per second.
    pub position_beta: f32,
    /// Rotation cutoff at rest, Hz.
    pub rotation_min_cutoff_hz: f32,
    /// Rotation cutoff rise per radian per second.
    pub rotation_beta: f32,
    /// Cutoff of both speed estimates, Hz.
    pub derivative_cutoff_hz: f32,
}

impl Default for PoseFilterParams {
    /// Casiez et al.'s recommended starting point for a pointing task (min cutoff 1 Hz, derivative cutoff 1 Hz),
    /// with β set so a hand moving one palm length per second is followed at about 3 Hz and one turning one radian
    /// per second likewise.
    fn default() -> Self {
        Self {
            position_min_cutoff_hz: 1.0,
            position_beta: 2.0,
            rotation_min_cutoff_hz: 1.0,
            rotation_beta: 2.0,
            derivative_cutoff_hz: 1.0,
        }
    }
}

fn alpha(cutoff_hz: f32, dt_secs: f32) -> f32 {
    let tau = 1.0 / (2.0 * std::f32::consts::PI * cutoff_hz.max(1e-3));
    1.0 / (1.0 + tau / dt_secs)
}

#[derive(Debug, Clone, Copy)]
struct State {
    last_secs: f64,
    raw_range: f32,
    range: f32,
    speed: f32,
    raw_rotation: Quat,
    rotation: Quat,
    angular_speed: f32,
}

/// Filters one hand's (or one piece's) pose over time.
#[derive(Debug, Clone, Default)]
pub struct PoseFilter {
    pub params: PoseFilterParams,
    state: Option<State>,
}

impl PoseFilter {
    pub fn new(params: PoseFilterParams) -> Self {
        Self {
            params,
            state: None,
        }
    }

    /// The hand was lost: the next pose starts afresh.
    pub fn reset(&mut self) {
        self.state = None;
    }

    /// Filters a pose observed at `timestamp_secs`: the piece at `position_m` (camera space) keeps its ray and gets
    /// a filtered distance along it; `scale_m` is the hand's palm length.
    pub fn apply(
        &mut self,
        position_m: Vec3,
        rotation: Quat,
        scale_m: f32,
        timestamp_secs: f64,
    ) -> (Vec3, Quat) {
        let p = self.params;
        let range_m = position_m.length();
        let ray = position_m.normalize_or_zero();
        let Some(s) = self.state.as_mut() else {
            self.state = Some(State {
                last_secs: timestamp_secs,
                raw_range: range_m,
                range: range_m,
                speed: 0.0,
                raw_rotation: rotation,
                rotation,
                angular_speed: 0.0,
            });
            return (position_m, rotation);
        };
        let dt = (timestamp_secs - s.last_secs) as f32;
        if dt <= 0.0 {
            return (ray * s.range, s.rotation);
        }
        s.last_secs = timestamp_secs;
        let speed = (range_m - s.raw_range).abs() / scale_m.max(1e-3) / dt;
        s.speed += alpha(p.derivative_cutoff_hz, dt) * (speed - s.speed);
        let a = alpha(p.position_min_cutoff_hz + p.position_beta * s.speed, dt);
        s.range += a * (range_m - s.range);
        s.raw_range = range_m;
        // Keep the quaternions in one hemisphere so the slerp takes the short way.
        let rotation = if rotation.dot(s.raw_rotation) < 0.0 {
            -rotation
        } else {
            rotation
        };
        let angular = rotation.angle_between(s.raw_rotation) / dt;
        s.angular_speed += alpha(p.derivative_cutoff_hz, dt) * (angular - s.angular_speed);
        let a = alpha(
            p.rotation_min_cutoff_hz + p.rotation_beta * s.angular_speed,
            dt,
        );
        s.rotation = s.rotation.slerp(rotation, a).normalize();
        s.raw_rotation = rotation;
        (ray * s.range, s.rotation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_still_hand_settles_and_a_moving_one_is_followed() {
        let mut f = PoseFilter::default();
        let mut worst = 0.0f32;
        for i in 0..60 {
            let noise = if i % 2 == 0 { 0.002 } else { -0.002 };
            let (p, q) = f.apply(
                Vec3::new(0.1, 0.0, 0.5 + noise),
                Quat::from_rotation_z(noise * 5.0),
                0.09,
                i as f64 / 30.0,
            );
            if i > 30 {
                let settled = Vec3::new(0.1, 0.0, 0.5).length();
                worst = worst
                    .max((p.length() - settled).abs())
                    .max(q.angle_between(Quat::IDENTITY) / 5.0);
            }
        }
        assert!(worst < 0.001, "±2 mm noise left {worst} m");
        f.reset();
        for i in 0..30 {
            // Sideways at two palm lengths per second: the piece stays on its ray, with no lag at all.
            let at = Vec3::new(i as f32 * 0.006, 0.0, 0.5);
            let (p, _) = f.apply(at, Quat::IDENTITY, 0.09, i as f64 / 30.0);
            assert!(p.normalize().dot(at.normalize()) > 0.999_999, "off its ray");
            assert!((p.length() - at.length()).abs() < 0.01);
        }
    }
}
