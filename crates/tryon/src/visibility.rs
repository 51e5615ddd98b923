//! When a piece is drawn: it holds its last pose for a moment after the hand is lost, then fades; a ring hides
//! while its finger points at the camera (with hysteresis, so it does not flicker at the threshold).

/// After the hand is lost, the piece keeps its last pose this long at full opacity.
pub const HOLD_SECS: f64 = 0.08;
/// …then fades out, reaching nothing this long after the loss.
pub const GONE_SECS: f64 = 0.2;
/// A piece appearing fades in over this long.
pub const FADE_IN_SECS: f64 = 0.1;
/// A ring hides when its finger's axis is within this cosine of the line of sight…
pub const POINTING_HIDE_COS: f32 = 0.9;
/// …and shows again below this one.
pub const POINTING_SHOW_COS: f32 = 0.8;

#[derive(Debug, Clone, Default)]
pub struct Visibility {
    last_seen_secs: Option<f64>,
    appeared_secs: Option<f64>,
    pointing: bool,
    opacity: f32,
    /// The previous update saw the hand: frames that all see it are one appearance, however far apart they come
    /// (tracking on a slow machine delivers a few frames a second).
    seen_last_update: bool,
}

impl Visibility {
    /// Updates for a frame at `now_secs`. `seen`: the hand (and the piece's site) was found in this frame;
    /// `axis_view_cos`: for rings, |cos| between the finger's axis and the line of sight. Returns the opacity.
    pub fn update(&mut self, now_secs: f64, seen: bool, axis_view_cos: Option<f32>) -> f32 {
        if seen {
            let reappeared = self
                .last_seen_secs
                .is_none_or(|t| !self.seen_last_update && now_secs - t > GONE_SECS);
            if reappeared {
                self.appeared_secs = Some(now_secs);
            }
            self.last_seen_secs = Some(now_secs);
            if let Some(c) = axis_view_cos {
                if self.pointing && c < POINTING_SHOW_COS {
                    self.pointing = false;
                } else if !self.pointing && c > POINTING_HIDE_COS {
                    self.pointing = true;
                }
            }
        }
        self.seen_last_update = seen;
        let Some(last) = self.last_seen_secs else {
            self.opacity = 0.0;
            return 0.0;
        };
        let since_loss = now_secs - last;
        let fade_out = if since_loss <= HOLD_SECS {
            1.0
        } else {
            (1.0 - (since_loss - HOLD_SECS) / (GONE_SECS - HOLD_SECS)).max(0.0)
        };
        let fade_in = self
            .appeared_secs
            .map_or(1.0, |t| ((now_secs - t) / FADE_IN_SECS).clamp(0.0, 1.0));
        // The first frame shows a little, so a piece is never invisible while its hand is in view.
        let fade_in = fade_in.max(0.25);
        self.opacity = if self.pointing {
            0.0
        } else {
            (fade_in * fade_out) as f32
        };
        if since_loss > GONE_SECS {
            self.opacity = 0.0;
        }
        self.opacity
    }

    pub fn opacity(&self) -> f32 {
        self.opacity
    }

    /// True while the piece holds a pose from an earlier frame (the hand is not in this one).
    pub fn holding(&self, now_secs: f64) -> bool {
        self.last_seen_secs
            .is_some_and(|t| now_secs > t && now_secs - t <= GONE_SECS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_hand_holds_then_fades_within_200_ms() {
        let mut v = Visibility::default();
        for i in 0..10 {
            v.update(i as f64 / 30.0, true, None);
        }
        assert_eq!(v.opacity(), 1.0);
        let lost = 9.0 / 30.0;
        assert_eq!(v.update(lost + 0.05, false, None), 1.0, "held at 50 ms");
        assert_eq!(v.update(lost + 0.08, false, None), 1.0, "held at 80 ms");
        let fading = v.update(lost + 0.14, false, None);
        assert!(fading > 0.0 && fading < 1.0);
        assert_eq!(v.update(lost + 0.2, false, None), 0.0, "gone by 200 ms");
        assert_eq!(v.update(lost + 5.0, false, None), 0.0);
    }

    #[test]
    fn a_hand_seen_in_every_frame_stays_shown_however_slowly_frames_come() {
        // Three frames a second (a slow machine's tracking): each arrives after more than GONE_SECS.
        let mut v = Visibility::default();
        let opacities: Vec<f32> = (0..6)
            .map(|i| v.update(i as f64 / 3.0, true, None))
            .collect();
        assert_eq!(opacities[0], 0.25, "the first frame fades in");
        assert!(opacities[1..].iter().all(|&o| o == 1.0), "{opacities:?}");
        // Lost for a frame, then back: a new appearance, faded in again.
        assert_eq!(v.update(2.0, false, None), 0.0);
        assert_eq!(v.update(2.34, true, None), 0.25);
    }

    #[test]
    fn nothing_is_drawn_before_a_hand_is_seen() {
        let mut v = Visibility::default();
        assert_eq!(v.update(0.0, false, None), 0.0);
        assert_eq!(v.update(1.0, false, None), 0.0);
    }

    #[test]
    fn a_ring_hides_while_its_finger_points_at_the_camera_with_hysteresis() {
        let mut v = Visibility::default();
        let mut t = 0.0;
        let mut step = |c: f32| {
            t += 1.0 / 30.0;
            v.update(t, true, Some(c))
        };
        for _ in 0..5 {
            step(0.2);
        }
        assert_eq!(step(0.2), 1.0);
        assert_eq!(step(0.95), 0.0, "pointing at the camera");
        assert_eq!(step(0.85), 0.0, "still inside the hysteresis band");
        assert_eq!(step(0.7), 1.0, "back");
        assert_eq!(step(0.85), 1.0, "band again, stays shown");
    }
}
