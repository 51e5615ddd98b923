//! Tracking on the generated clips (`vision::input::synthetic_clip`), generated here from the licence-clean photos in
//! tests/data/hands, against their ground truth and against MediaPipe's own video-mode run on the same clips
//! (recorded once in tests/data/hands/peer by xtask/bench/mediapipe_clips.py).
//!
//! The report clips are held to issue 11's bar: every full frame MediaPipe finds is found, nothing while the hand
//! is out, never a second hand, mean error at most 5% above MediaPipe's, and the smoothed jitter at or below
//! MediaPipe's. The
//! tuning clips are printed (they are where a parameter may be chosen) and held only to detection.

#![cfg(not(target_arch = "wasm32"))] // ONNX Runtime and files: native only
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::*;
use vision::input::source::Frame;
use vision::input::synthetic_clip::{
    ClipScore, ClipSpec, PeerRun, REPORT, TUNING, generate, score,
};
use vision::maths::smoothing::ResultSmoother;
use vision::model::inference::block_on;
use vision::pipelines::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

struct Scores {
    raw: ClipScore,
    smoothed: ClipScore,
    peer: ClipScore,
}

fn hands_dir() -> std::path::PathBuf {
    repo_testdata().join("hands")
}

fn run(spec: ClipSpec) -> Scores {
    let mut options = TrackerOptions::new(Tasks::HANDS, ModelVariant::Full);
    options.hand.max_hands = 1;
    let mut tracker = Tracker::open(&model_dir(), options).unwrap();
    let mut smoother = ResultSmoother::default();
    let (mut raw, mut smoothed) = (Vec::new(), Vec::new());
    let mut sequence = 0;
    let (truth, hash) = generate(&hands_dir(), spec, |generated| {
        let frame = Frame {
            sequence,
            timestamp_secs: sequence as f64 / vision::input::synthetic_clip::FPS as f64,
            captured_at: web_time::Instant::now(),
            image: generated.rgb.clone(),
            name: None,
            capture_ms: 0.0,
        };
        sequence += 1;
        let mut result = block_on(tracker.process(&frame)).unwrap();
        let points = |r: &vision::pipelines::tracker::TrackingResult| -> Vec<Vec<[f32; 2]>> {
            r.hands
                .iter()
                .map(|h| h.landmarks_px.iter().map(|p| [p.x, p.y]).collect())
                .collect()
        };
        raw.push(points(&result));
        smoother.apply(&mut result);
        smoothed.push(points(&result));
        Ok(())
    })
    .unwrap();
    let peer_path = hands_dir().join(format!("peer/{}.json", spec.name));
    let peer: PeerRun =
        serde_json::from_str(&std::fs::read_to_string(&peer_path).unwrap()).unwrap();
    assert_eq!(
        peer.clip_hash,
        hash.hex(),
        "{}: MediaPipe's recorded run was made on another clip; the generator changed, so run \
         xtask/bench/mediapipe_clips.py again (see its docstring)",
        spec.name
    );
    Scores {
        raw: score(&truth, &raw),
        smoothed: score(&truth, &smoothed),
        peer: score(&truth, &peer.frames),
    }
}

fn print(spec: &ClipSpec, s: &Scores) {
    for (who, c) in [
        ("ours raw", s.raw),
        ("ours smoothed", s.smoothed),
        ("MediaPipe", s.peer),
    ] {
        println!(
            "| {} | {} px | {who} | {}/{} | {} | {} | {:.2} px ({:.1}%) | {:.2} px |",
            spec.name,
            spec.hand_px,
            c.detected_full,
            c.full_frames,
            c.detected_out,
            c.extra_hands,
            c.mean_error_px,
            c.mean_error_pct_of_palm,
            c.jitter_px
        );
    }
}

/// Every full frame MediaPipe finds is found (both miss the first frame or two of a small hand coming back into
/// view, where the palm detector has not fired yet), nothing while the hand is out, never a second hand.
fn check_detection(spec: &ClipSpec, c: &ClipScore, peer: &ClipScore) {
    assert!(
        c.detected_full >= peer.detected_full,
        "{}: {} of {} full frames found, MediaPipe {}",
        spec.name,
        c.detected_full,
        c.full_frames,
        peer.detected_full
    );

    assert_eq!(
        c.detected_out, 0,
        "{}: nothing while the hand is out",
        spec.name
    );
    assert_eq!(c.extra_hands, 0, "{}: one hand, never two", spec.name);
}

fn report_clip(index: usize) {
    let spec = REPORT[index];
    let s = run(spec);
    print(&spec, &s);
    check_detection(&spec, &s.raw, &s.peer);
    check_detection(&spec, &s.smoothed, &s.peer);
    assert!(
        s.raw.detected_full + 5 >= s.raw.full_frames,
        "{}: {} of {} full frames found",
        spec.name,
        s.raw.detected_full,
        s.raw.full_frames
    );
    assert!(
        s.raw.mean_error_px <= 1.05 * s.peer.mean_error_px,
        "{}: mean error {:.2} px, MediaPipe's {:.2}",
        spec.name,
        s.raw.mean_error_px,
        s.peer.mean_error_px
    );
    assert!(
        s.smoothed.mean_error_px <= 1.05 * s.peer.mean_error_px,
        "{}: smoothed mean error {:.2} px, MediaPipe's {:.2}",
        spec.name,
        s.smoothed.mean_error_px,
        s.peer.mean_error_px
    );
    assert!(
        s.smoothed.jitter_px <= s.peer.jitter_px,
        "{}: smoothed jitter {:.2} px, MediaPipe's {:.2}",
        spec.name,
        s.smoothed.jitter_px,
        s.peer.jitter_px
    );
}

#[test]
fn report_spread_small() {
    report_clip(0);
}

#[test]
fn report_open_left() {
    report_clip(1);
}

#[test]
fn report_dark_room() {
    report_clip(2);
}

#[test]
fn report_window_left() {
    report_clip(3);
}

#[test]
fn report_dark_skin() {
    report_clip(4);
}

#[test]
fn report_clock_left() {
    report_clip(5);
}

#[test]
fn tuning_clips_are_tracked() {
    for spec in TUNING {
        let s = run(*spec);
        print(spec, &s);
        check_detection(spec, &s.raw, &s.peer);
    }
}

#[test]
fn every_clip_has_a_recorded_mediapipe_run() {
    for spec in TUNING.iter().chain(REPORT) {
        let path = hands_dir().join(format!("peer/{}.json", spec.name));
        assert!(path.is_file(), "{} is missing", path.display());
    }
}
