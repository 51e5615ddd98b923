//! ONNX Runtime end to end, and bad models: the library loads, a model runs, and a missing model, a wrong input
//! shape or a model without the expected outputs is refused with a message that names it.

#![cfg(not(target_arch = "wasm32"))] // ONNX Runtime, threads and files: native only
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::model_dir;
use vision::model::inference::InferenceError;
use vision::model::runtime::Model;
use vision::pipelines::detector::PALM;
use vision::pipelines::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

#[test]
fn palm_detector_runs_and_finds_nothing_in_black() {
    let mut model = Model::open(
        &model_dir().join("palm_detection_lite.onnx"),
        &PALM.input_shape(),
        &PALM.outputs,
    )
    .expect("opens");
    let mut outputs = vec![Vec::new(), Vec::new()];
    model
        .run_blocking(&vec![0.0; 192 * 192 * 3], &mut outputs)
        .expect("runs");
    assert_eq!(outputs[0].len(), 2016 * 18);
    assert_eq!(outputs[1].len(), 2016);
    let best = outputs[1].iter().copied().fold(f32::MIN, f32::max);
    assert!(
        vision::maths::detection::sigmoid_clipped(best) < 0.5,
        "best score {best}"
    );
}

#[test]
fn wrong_input_shape_is_named() {
    let err = Model::open(
        &model_dir().join("hand_landmark_full.onnx"),
        &PALM.input_shape(),
        &PALM.outputs,
    )
    .err()
    .expect("refused");
    assert!(matches!(err, InferenceError::InputShape { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("hand_landmark_full.onnx"), "{text}");
    assert!(
        text.contains("[1, 224, 224, 3]") && text.contains("[1, 192, 192, 3]"),
        "{text}"
    );
}

#[test]
fn missing_output_is_named() {
    let err = Model::open(
        &model_dir().join("face_detection_short_range.onnx"),
        &[1, 128, 128, 3],
        &PALM.outputs,
    )
    .err()
    .expect("refused");
    let text = err.to_string();
    assert!(text.contains("no output named \"Identity\""), "{text}");
    assert!(text.contains("regressors"), "{text}");
}

#[test]
fn missing_model_is_named() {
    let dir = std::env::temp_dir().join("vitrine-no-models");
    let err = Tracker::open(&dir, TrackerOptions::new(Tasks::FACE, ModelVariant::Full))
        .err()
        .expect("refused");
    let text = err.to_string();
    assert!(
        text.contains("face_detection_short_range.onnx does not exist"),
        "{text}"
    );
    assert!(text.contains("cargo xtask models"), "{text}");
}
