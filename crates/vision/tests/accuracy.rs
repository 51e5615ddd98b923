//! Static photos against MediaPipe 0.10.21's own outputs: every hand, body and face it found is found here too,
//! within the tolerances, and nothing is found where it found nothing. The public-domain photos and their
//! references live in tests/data; zidane.jpg and bus.jpg (an AGPL package) only in ../shared/testdata, so their
//! tests are skipped, and say so, where it is absent.

#![cfg(not(target_arch = "wasm32"))] // ONNX Runtime, threads and files: native only
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::*;
use serde::Deserialize;
use vision::input::source::{Frame, load_image};
use vision::model::inference::block_on;
use vision::output::report::FrameReport;
use vision::pipelines::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

#[derive(Deserialize)]
struct Reference {
    hands: Vec<vision::output::report::HandReport>,
    pose: Option<vision::output::report::PoseReport>,
    face: Option<vision::output::report::FaceReport>,
}

fn track(path: &Path, options: TrackerOptions) -> FrameReport {
    let image = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let frame = Frame {
        sequence: 0,
        timestamp_secs: 0.0,
        captured_at: web_time::Instant::now(),
        image: load_image(path).expect("test image decodes"),
        name: Some(image),
        capture_ms: 0.0,
    };
    let mut tracker = Tracker::open(&model_dir(), options).expect("models open");
    FrameReport::from_result(&block_on(tracker.process(&frame)).expect("tracks"))
}

fn reference(json: &Path) -> Reference {
    let text = std::fs::read_to_string(json).expect("reference exists");
    serde_json::from_str(&text).expect("reference parses")
}

/// Checks one image against its reference; returns (task, error as % of the task's scale) for the report.
fn check(image_path: &Path, reference_json: &Path, min_detection: f32) -> Vec<(String, f32)> {
    let mut options = TrackerOptions::new(Tasks::ALL, ModelVariant::Full).static_images(true);
    options.hand.min_detection_score = min_detection;
    let image = image_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mine = track(image_path, options);
    let reference = reference(reference_json);
    let mut scores = Vec::new();

    assert_eq!(
        mine.hands.len(),
        reference.hands.len(),
        "{image}: MediaPipe found {} hand(s), we found {}",
        reference.hands.len(),
        mine.hands.len()
    );
    for r in &reference.hands {
        let r_xy = xy(&r.landmarks_px);
        let diagonal = bbox_diagonal(&r_xy);
        let best = mine
            .hands
            .iter()
            .map(|m| mean_distance(&xy(&m.landmarks_px), &r_xy))
            .fold(f32::MAX, f32::min);
        let percent = 100.0 * best / diagonal;
        assert!(
            percent <= 1.5,
            "{image}: hand off by {best:.2} px = {percent:.2}% of its box diagonal"
        );
        scores.push((format!("{image} hand"), percent));
    }

    match (&reference.pose, &mine.pose) {
        (None, None) => {}
        (Some(_), None) => panic!("{image}: MediaPipe found a body, we did not"),
        (None, Some(_)) => panic!("{image}: we found a body where MediaPipe found none"),
        (Some(r), Some(m)) => {
            let p = |l: &[[f32; 4]], i: usize| [l[i][0], l[i][1]];
            let mid = |a: [f32; 2], b: [f32; 2]| [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
            let shoulders = mid(p(&r.landmarks_px, 11), p(&r.landmarks_px, 12));
            let hips = mid(p(&r.landmarks_px, 23), p(&r.landmarks_px, 24));
            let torso = mean_distance(&[shoulders], &[hips]);
            let visible: Vec<usize> = (0..33).filter(|i| r.landmarks_px[*i][3] > 0.5).collect();
            assert!(!visible.is_empty());
            let pick = |l: &[[f32; 4]]| visible.iter().map(|i| p(l, *i)).collect::<Vec<_>>();
            let error = mean_distance(&pick(&m.landmarks_px), &pick(&r.landmarks_px));
            let percent = 100.0 * error / torso;
            assert!(
                percent <= 2.0,
                "{image}: body off by {error:.2} px = {percent:.2}% of the torso"
            );
            scores.push((format!("{image} pose"), percent));
        }
    }

    match (&reference.face, &mine.face) {
        (None, None) => {}
        (Some(_), None) => panic!("{image}: MediaPipe found a face, we did not"),
        (None, Some(_)) => panic!("{image}: we found a face where MediaPipe found none"),
        (Some(r), Some(m)) => {
            let r_xy = xy(&r.landmarks_px);
            let error = mean_distance(&xy(&m.landmarks_px), &r_xy);
            let percent = 100.0 * error / bbox_diagonal(&r_xy);
            assert!(
                percent <= 1.5,
                "{image}: face off by {error:.2} px = {percent:.2}% of its box diagonal"
            );
            scores.push((format!("{image} face"), percent));
        }
    }
    for (what, percent) in &scores {
        println!("{what}: {percent:.2}%");
    }
    scores
}

#[test]
fn astronaut_matches_mediapipe() {
    let data = repo_testdata();
    check(
        &data.join("astronaut.png"),
        &data.join("refs/astronaut.json"),
        0.5,
    );
}

#[test]
fn grace_hopper_matches_mediapipe() {
    let data = repo_testdata();
    check(
        &data.join("grace_hopper.jpg"),
        &data.join("refs/grace_hopper.json"),
        0.5,
    );
}

#[test]
fn bus_matches_mediapipe_including_no_hand_and_no_face() {
    let Some(shared) = shared_testdata("bus_matches_mediapipe_including_no_hand_and_no_face")
    else {
        return;
    };
    check(
        &shared.join("images/bus.jpg"),
        &shared.join("refs/bus.json"),
        0.5,
    );
}

#[test]
fn zidane_has_no_confident_hand_body_or_face_like_mediapipe() {
    let Some(shared) = shared_testdata("zidane_has_no_confident_hand_body_or_face_like_mediapipe")
    else {
        return;
    };
    check(
        &shared.join("images/zidane.jpg"),
        &shared.join("refs/zidane.json"),
        0.5,
    );
}

#[test]
fn zidane_hand_at_a_lower_detection_threshold_matches_mediapipe() {
    let Some(shared) =
        shared_testdata("zidane_hand_at_a_lower_detection_threshold_matches_mediapipe")
    else {
        return;
    };
    let scores = check(
        &shared.join("images/zidane.jpg"),
        &shared.join("refs_extra/zidane__hands_min_det_0.3.json"),
        0.3,
    );
    assert!(scores.iter().any(|(what, _)| what.ends_with("hand")));
}

#[test]
fn world_landmarks_and_handedness_match_too() {
    let Some(shared) = shared_testdata("world_landmarks_and_handedness_match_too") else {
        return;
    };
    let mut options = TrackerOptions::new(Tasks::HANDS, ModelVariant::Full).static_images(true);
    options.hand.min_detection_score = 0.3;
    let mine = track(&shared.join("images/zidane.jpg"), options);
    let reference = reference(&shared.join("refs_extra/zidane__hands_min_det_0.3.json"));
    let (m, r) = (&mine.hands[0], &reference.hands[0]);
    assert_eq!(m.handedness, r.handedness);
    assert!(
        (m.score - r.score).abs() < 0.02,
        "{} vs {}",
        m.score,
        r.score
    );
    let world_error = m
        .world_m
        .iter()
        .zip(&r.world_m)
        .map(|(a, b)| (0..3).map(|k| (a[k] - b[k]).powi(2)).sum::<f32>().sqrt())
        .sum::<f32>()
        / 21.0;
    assert!(
        world_error < 0.005,
        "world landmarks off by {world_error} m"
    );
}
