//! The motion clip (../shared/testdata/clip): error against the ground truth and jitter, raw and smoothed, with
//! the method of ../shared/testdata/README.md, against MediaPipe's video mode (6.6 px, 1.8 px, 127/127 frames).
//! The clip is made from zidane.jpg (an AGPL package), so it stays in ../shared; where that is absent these tests
//! are skipped and say so.

#![cfg(not(target_arch = "wasm32"))] // ONNX Runtime, threads and files: native only
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::io::Read;

use common::*;
use serde::Deserialize;
use vision::input::source::{FrameSource, Y4mClip};
use vision::input::synthetic_clip::{ClipScore, FrameTruth, HandState, score};
use vision::maths::smoothing::ResultSmoother;
use vision::model::inference::block_on;
use vision::pipelines::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

#[derive(Deserialize)]
struct GroundTruth {
    frames: Vec<GtFrame>,
}

#[derive(Deserialize)]
struct GtFrame {
    hand_state: String,
    gt: Option<GtHand>,
}

#[derive(Deserialize)]
struct GtHand {
    landmarks_px: Vec<[f32; 3]>,
}

/// Decompresses the clip once into the target directory (once per test process: tests run in parallel).
fn clip_path(shared: &std::path::Path) -> std::path::PathBuf {
    static ONCE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = ONCE.lock().unwrap_or_else(|e| e.into_inner());
    let out =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dev_clip_640x480_30fps.y4m");
    if !out.is_file() {
        let mut compressed = Vec::new();
        std::fs::File::open(shared.join("clip/dev_clip_640x480_30fps.y4m.xz"))
            .unwrap()
            .read_to_end(&mut compressed)
            .unwrap();
        let mut raw = Vec::new();
        lzma_rs::xz_decompress(&mut compressed.as_slice(), &mut raw).unwrap();
        let partial = out.with_extension("part");
        std::fs::write(&partial, raw).unwrap();
        std::fs::rename(partial, &out).unwrap();
    }
    out
}

/// Tracks the dev clip and scores it with the generated clips' scorer (the method of ../shared/testdata/README.md).
fn track(shared: &std::path::Path, variant: ModelVariant, smooth: bool) -> ClipScore {
    let truth: GroundTruth = serde_json::from_str(
        &std::fs::read_to_string(shared.join("clip/ground_truth.json")).unwrap(),
    )
    .unwrap();
    let mut options = TrackerOptions::new(Tasks::HANDS, variant);
    options.hand.max_hands = 1;
    let mut tracker = Tracker::open(&model_dir(), options).unwrap();
    let mut smoother = ResultSmoother::default();
    let mut clip = Y4mClip::open(&clip_path(shared)).unwrap();
    let (mut frames, mut found) = (Vec::new(), Vec::new());
    for (i, gt) in truth.frames.iter().enumerate() {
        let frame = clip
            .next_frame()
            .unwrap()
            .expect("the clip has a frame per ground-truth entry");
        let mut result = block_on(tracker.process(&frame)).unwrap();
        if smooth {
            smoother.apply(&mut result);
        }
        found.push(
            result
                .hands
                .iter()
                .map(|h| h.landmarks_px.iter().map(|p| [p.x, p.y]).collect())
                .collect(),
        );
        let hand_state = match gt.hand_state.as_str() {
            "full" => HandState::Full,
            "out" => HandState::Out,
            _ => HandState::Partial,
        };
        frames.push(FrameTruth {
            frame: i,
            frame_from_photo: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            hand_state,
            landmarks_px: gt
                .gt
                .as_ref()
                .map(|g| g.landmarks_px.iter().map(|p| [p[0], p[1]]).collect()),
        });
    }
    score(&frames, &found)
}

fn check(test: &str, variant: ModelVariant, smooth: bool) {
    let Some(shared) = shared_testdata(test) else {
        return;
    };
    let s = track(&shared, variant, smooth);
    println!(
        "{variant:?} smooth={smooth}: {}/{} full frames, {} detections while out, mean error {:.2} px, jitter {:.2} px",
        s.detected_full, s.full_frames, s.detected_out, s.mean_error_px, s.jitter_px
    );
    assert_eq!(s.full_frames, 127);
    // MediaPipe's reference run (127/127) decoded the clip as limited range, as its metadata says; on the pixels
    // this reader gives (full range, as the C420jpeg header says) MediaPipe itself misses frame 122, the second
    // frame of the re-entry, and so does this tracker, which now runs MediaPipe's own loop (checked with
    // xtask/bench/mediapipe_clips.py's decoder).
    assert!(
        s.detected_full >= 126,
        "{} of 127 full frames detected",
        s.detected_full
    );
    assert_eq!(
        s.detected_out, 0,
        "nothing may be detected while the hand is out"
    );
    // Raw, the tracker is MediaPipe's own loop (parity within 5%); smoothed, the error stays within 5% of
    // MediaPipe's and the jitter at or below it. Nothing was tuned on this clip any more (see the README).
    assert!(
        s.mean_error_px <= 1.05 * 6.6,
        "mean error {:.2} px, MediaPipe's is 6.6",
        s.mean_error_px
    );
    let jitter_bound = if smooth { 1.8 } else { 1.05 * 1.8 };
    assert!(
        s.jitter_px <= jitter_bound,
        "jitter {:.2} px, MediaPipe's is 1.8",
        s.jitter_px
    );
}

#[test]
fn full_models_match_mediapipe_video_mode_raw() {
    check(
        "full_models_match_mediapipe_video_mode_raw",
        ModelVariant::Full,
        false,
    );
}

#[test]
fn full_models_smoothed_jitter_below_mediapipe() {
    check(
        "full_models_smoothed_jitter_below_mediapipe",
        ModelVariant::Full,
        true,
    );
}
