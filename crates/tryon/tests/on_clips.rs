//! Pieces worn on the generated report clips of the vision crate (`vision::input::synthetic_clip::REPORT`), tracked by
//! the vision crate as the app does (smoothed landmarks), against the clips' ground truth: where the ring's centre
//! lands relative to the true ring-finger MCP → PIP segment, where the watch lands relative to the true wrist, and
//! that nothing is shown while the hand is out of view.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use catalog::{Anchor, Finger, Fit, Phalanx, SizeReference, TryOnSpec};
use glam::Vec2;
use tryon::{
    FrameView, HandLabel, HandObservation, HandSide, Intrinsics, SessionOptions, TryOnSession,
    WornItem,
};
use vision::input::source::Frame;
use vision::input::synthetic_clip::{FPS, HandState, REPORT, generate};
use vision::maths::smoothing::ResultSmoother;
use vision::model::inference::block_on;
use vision::pipelines::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

fn vision_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("../vision")
}

fn items() -> Vec<WornItem> {
    let spec = |anchor, size_reference, size_mm| TryOnSpec {
        anchor,
        size_reference,
        size_mm,
        fit: Fit::default(),
    };
    vec![
        WornItem {
            sku: "RING".into(),
            spec: spec(
                Anchor::Finger {
                    finger: Finger::Ring,
                    phalanx: Phalanx::Proximal,
                },
                SizeReference::RingInnerDiameter,
                17.3,
            ),
            width_along_axis_m: 0.005,
            finger: None,
        },
        WornItem {
            sku: "WATCH".into(),
            spec: spec(Anchor::Wrist, SizeReference::CaseDiameter, 38.0),
            width_along_axis_m: 0.04,
            finger: None,
        },
    ]
}

/// Distance from `p` to the segment a → b, and how far along it (0..1) its nearest point is.
fn to_segment(p: Vec2, a: Vec2, b: Vec2) -> (f32, f32) {
    let ab = b - a;
    let t = (p - a).dot(ab) / ab.length_squared().max(1e-6);
    (p.distance(a + ab * t.clamp(0.0, 1.0)), t)
}

#[derive(Default, Debug)]
struct Tally {
    full: usize,
    ring_shown: usize,
    ring_within_3px: usize,
    ring_along_ok: usize,
    ring_worst_px: f32,
    ring_mean_px: f32,
    watch_worst_palms: f32,
    shown_while_out: usize,
    held: usize,
    watch_within_04: usize,
}

fn run(spec: vision::input::synthetic_clip::ClipSpec) -> Tally {
    let mut options = TrackerOptions::new(Tasks::HANDS, ModelVariant::Full);
    options.hand.max_hands = 1;
    let mut tracker = Tracker::open(&vision_dir().join("../../assets/ml"), options).unwrap();
    let mut smoother = ResultSmoother::default();
    let k = Intrinsics::from_hfov(
        vision::input::synthetic_clip::FRAME_WIDTH_PX as f32,
        vision::input::synthetic_clip::FRAME_HEIGHT_PX as f32,
        tryon::DEFAULT_HFOV_DEG,
    );
    let mut session = TryOnSession::new(
        SessionOptions {
            intrinsics: k,
            mirrored: false,
            wear_on: if spec.mirrored {
                HandSide::Left
            } else {
                HandSide::Right
            },
            filter: Default::default(),
        },
        items(),
    );
    let mut tally = Tally::default();
    let mut out_run = 0;
    let mut sequence = 0u64;
    generate(&vision_dir().join("tests/data/hands"), spec, |g| {
        let t = sequence as f64 / FPS as f64;
        let frame = Frame {
            sequence,
            timestamp_secs: t,
            captured_at: web_time::Instant::now(),
            image: g.rgb.clone(),
            name: None,
            capture_ms: 0.0,
        };
        let mut result = block_on(tracker.process(&frame)).unwrap();
        smoother.apply(&mut result);
        let hands: Vec<HandObservation> = result
            .hands
            .iter()
            .map(|h| HandObservation {
                label: match h.handedness {
                    vision::pipelines::hand::Handedness::Left => HandLabel::Left,
                    vision::pipelines::hand::Handedness::Right => HandLabel::Right,
                },
                landmarks_px: h.landmarks_px.clone(),
                world_m: h.world_m.clone(),
            })
            .collect();
        let view = FrameView {
            width: g.rgb.width,
            height: g.rgb.height,
            rgb: &g.rgb.data,
        };
        let fit = session.process(sequence, t, &hands, Some(&view));
        sequence += 1;
        let (ring, watch) = (&fit.items[0], &fit.items[1]);
        match (g.truth.hand_state, &g.truth.landmarks_px) {
            (HandState::Out, _) => {
                out_run += 1;
                // Gone within 200 ms (6 frames at 30 fps) of the hand leaving.
                if out_run > 6 && (ring.visible || watch.visible) {
                    tally.shown_while_out += 1;
                }
            }
            (HandState::Full, Some(gt)) => {
                out_run = 0;
                tally.full += 1;
                let p = |i: usize| Vec2::new(gt[i][0], gt[i][1]);
                if !fit.hand_found {
                    // The tracker lost the hand in this frame: the pieces hold their last pose (≤ 80 ms), which
                    // is not a fit to score.
                    tally.held += 1;
                } else if let Some(a) = ring.anchor_px {
                    tally.ring_shown += 1;
                    let (d, along) = to_segment(Vec2::from(a), p(13), p(14));
                    tally.ring_within_3px += (d <= 3.0) as usize;
                    tally.ring_along_ok += (0.15..=0.65).contains(&along) as usize;
                    tally.ring_worst_px = tally.ring_worst_px.max(d);
                    tally.ring_mean_px += d;
                }
                if let (true, Some(a)) = (fit.hand_found, watch.anchor_px) {
                    let palm = p(0).distance(p(9));
                    let palms = Vec2::from(a).distance(p(0)) / palm;
                    tally.watch_worst_palms = tally.watch_worst_palms.max(palms);
                    tally.watch_within_04 += (palms <= 0.4) as usize;
                }
            }
            _ => out_run = 0,
        }
        Ok(())
    })
    .unwrap();
    tally.ring_mean_px /= tally.ring_shown.max(1) as f32;
    tally
}

#[test]
fn pieces_sit_where_the_true_hand_is_on_every_report_clip() {
    check(REPORT, true);
}

/// The try-on's design (landmarks on their rays, the filter on distance only, the watch's offset in the image) was
/// changed while looking at the report clips above; the vision crate's tuning clips were never looked at for the
/// try-on, so for it they are the held-out set.
#[test]
fn pieces_sit_where_the_true_hand_is_on_the_clips_the_try_on_never_saw() {
    check(vision::input::synthetic_clip::TUNING, false);
}

/// `ring_always_shown`: the ring is shown in every frame the tracker finds the hand (on the held-out clips it is
/// not: see the README — a gripping hand's ring finger is taken as pointing at the camera and the ring hidden).
fn check(clips: &[vision::input::synthetic_clip::ClipSpec], ring_always_shown: bool) {
    for spec in clips {
        let t = run(*spec);
        println!("{} ({} px): {t:?}", spec.name, spec.hand_px);
        let tracked = t.full - t.held;
        let shown = t.ring_shown;
        assert_eq!(
            t.shown_while_out, 0,
            "{}: shown while the hand is out",
            spec.name
        );
        if ring_always_shown {
            assert_eq!(
                shown, tracked,
                "{}: ring shown in {shown} of {tracked} tracked frames",
                spec.name
            );
        }
        // Where the tracker's own landmarks are off by more than 3 px (a 35 px hand moving fast), so is the ring:
        // the bar is 90% of the frames it is shown in, and a mean well inside it.
        assert!(
            t.ring_within_3px * 10 >= shown * 9 && t.ring_mean_px <= 2.0,
            "{}: ring within 3 px of the true MCP → PIP in {} of {shown} frames, mean {:.2} px",
            spec.name,
            t.ring_within_3px,
            t.ring_mean_px
        );
        assert!(
            t.ring_along_ok * 20 >= shown * 19,
            "{}: ring 15–65% along its phalanx in {} of {shown} frames",
            spec.name,
            t.ring_along_ok
        );
        assert!(
            t.watch_within_04 * 10 >= tracked * 9,
            "{}: watch within 0.4 palm lengths of the true wrist in {} of {tracked} frames",
            spec.name,
            t.watch_within_04
        );
    }
}
