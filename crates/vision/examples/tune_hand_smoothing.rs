//! Chooses the hand-shape filter's parameters (`SmoothingParams::HAND_SHAPE`) on the tuning clips only
//! (`synthetic_clip::TUNING`); the report clips never enter here. The tracker runs once per clip; every candidate
//! filter is then applied to its raw landmarks. The rule: the lowest mean jitter (relative to the raw tracker's)
//! among candidates whose mean error on no tuning clip exceeds the raw tracker's.
//!
//! `cargo run --release -p vision --example tune_hand_smoothing`

#![allow(clippy::expect_used, clippy::unwrap_used)]

use glam::Vec3;
use vision::input::source::Frame;
use vision::input::synthetic_clip::{FPS, FrameTruth, TUNING, generate, score};
use vision::maths::one_euro::OneEuroParams;
use vision::maths::smoothing::HandShapeSmoother;
use vision::model::inference::block_on;
use vision::pipelines::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions, default_model_dir};

fn main() {
    let photos = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("tests/data/hands");
    let mut clips: Vec<(Vec<FrameTruth>, Vec<Option<Vec<Vec3>>>)> = Vec::new();
    for spec in TUNING {
        let mut options = TrackerOptions::new(Tasks::HANDS, ModelVariant::Full);
        options.hand.max_hands = 1;
        let mut tracker = Tracker::open(&default_model_dir(), options).unwrap();
        let mut raw = Vec::new();
        let mut sequence = 0u64;
        let (truth, _) = generate(&photos, *spec, |g| {
            let frame = Frame {
                sequence,
                timestamp_secs: sequence as f64 / FPS as f64,
                captured_at: web_time::Instant::now(),
                image: g.rgb.clone(),
                name: None,
                capture_ms: 0.0,
            };
            sequence += 1;
            let result = block_on(tracker.process(&frame)).unwrap();
            raw.push(result.hands.first().map(|h| h.landmarks_px.clone()));
            Ok(())
        })
        .unwrap();
        clips.push((truth, raw));
    }
    let points = |v: &Option<Vec<Vec3>>| -> Vec<Vec<[f32; 2]>> {
        v.iter()
            .map(|h| h.iter().map(|p| [p.x, p.y]).collect())
            .collect()
    };
    let mut best: Option<(f32, OneEuroParams)> = None;
    for min_cutoff_hz in [0.25, 0.5, 1.0, 2.0, 4.0] {
        for beta in [0.0, 1.0, 4.0, 16.0, 32.0, 64.0] {
            let params = OneEuroParams {
                min_cutoff_hz,
                beta,
                derivative_cutoff_hz: 1.0,
            };
            let (mut jitter_ratio, mut worst_error_ratio) = (0.0, 0.0f32);
            for (truth, raw) in &clips {
                let mut smoother = HandShapeSmoother::default();
                let smoothed: Vec<Vec<Vec<[f32; 2]>>> = raw
                    .iter()
                    .enumerate()
                    .map(|(i, hand)| {
                        let mut hand = hand.clone();
                        match hand.as_mut() {
                            Some(h) => smoother.apply(h, i as f64 / FPS as f64, &params),
                            None => smoother = HandShapeSmoother::default(),
                        }
                        points(&hand)
                    })
                    .collect();
                let before = score(truth, &raw.iter().map(points).collect::<Vec<_>>());
                let after = score(truth, &smoothed);
                jitter_ratio += after.jitter_px / before.jitter_px / clips.len() as f32;
                worst_error_ratio =
                    worst_error_ratio.max(after.mean_error_px / before.mean_error_px);
            }
            println!(
                "min cutoff {min_cutoff_hz} Hz, beta {beta}: jitter x{jitter_ratio:.3}, worst error x{worst_error_ratio:.3}"
            );
            if worst_error_ratio <= 1.0 && best.is_none_or(|(j, _)| jitter_ratio < j) {
                best = Some((jitter_ratio, params));
            }
        }
    }
    println!("chosen: {best:?}");
}
