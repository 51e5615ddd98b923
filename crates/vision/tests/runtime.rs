//! ONNX Runtime end to end: the library loads, a MediaPipe model runs, and wrong input is refused clearly.
//! Uses the converted models in ../shared/models (the project ships its own copies with the vision issue).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use std::path::PathBuf;
use vision::runtime::{Model, RuntimeError};

fn shared_model(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/models")
        .join(name)
}

#[test]
fn palm_detector_runs_and_has_mediapipe_outputs() {
    let mut model =
        Model::open(&shared_model("palm_detection_lite.onnx"), &[1, 192, 192, 3]).expect("opens");
    let outputs = model.run(&vec![0.0; 192 * 192 * 3]).expect("runs");
    let shapes: Vec<Vec<i64>> = outputs.iter().map(|o| o.shape.clone()).collect();
    assert!(shapes.contains(&vec![1, 2016, 18]), "{shapes:?}");
    assert!(shapes.contains(&vec![1, 2016, 1]), "{shapes:?}");
    // On a black image no anchor should be confident.
    let logits = outputs
        .iter()
        .find(|o| o.shape == vec![1, 2016, 1])
        .expect("scores");
    let best = logits.values.iter().copied().fold(f32::MIN, f32::max);
    assert!(
        vision::detection::sigmoid_clipped(best) < 0.5,
        "best score {best}"
    );
}

#[test]
fn wrong_input_shape_is_named() {
    let err = Model::open(&shared_model("palm_detection_lite.onnx"), &[1, 224, 224, 3])
        .err()
        .expect("refused");
    assert!(matches!(err, RuntimeError::InputShape { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("[1, 192, 192, 3]") && text.contains("[1, 224, 224, 3]"),
        "{text}"
    );
}

#[test]
fn missing_model_is_named() {
    let err = Model::open(&shared_model("no_such_model.onnx"), &[1, 192, 192, 3])
        .err()
        .expect("refused");
    assert!(
        err.to_string()
            .contains("no_such_model.onnx does not exist"),
        "{err}"
    );
}
