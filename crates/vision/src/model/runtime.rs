//! ONNX Runtime through `ort` (loaded dynamically: no binary download at build time). Finds the shared library,
//! opens models on one intra-op thread without spinning, checks their input shape and output names, and runs them
//! on the caller's preallocated buffers.

use std::path::{Path, PathBuf};

use ort::session::Session;
use ort::value::TensorRef;

use crate::model::inference::{InferenceError, InferenceModel};
use crate::model::signature::ModelSignature;

pub use ort_env::library_candidates;

/// The process's ONNX Runtime environment (loaded once, telemetry off; shared with the concierge).
pub fn environment() -> Result<&'static ort::environment::Environment, InferenceError> {
    Ok(ort_env::environment()?)
}

/// A model session with its input name and shape, run on one intra-op thread without spinning.
pub struct Model {
    pub path: PathBuf,
    name: String,
    session: Session,
    input_name: String,
    input_shape: Vec<usize>,
    /// For each output the pipeline asked for, its index among the session's outputs.
    output_indices: Vec<usize>,
}

impl Model {
    /// Opens `path`, checks that its first input has `expected_input` shape (NHWC float) and that it has every
    /// output in `output_names`; `run` then fills outputs in that order.
    pub fn open(
        path: &Path,
        expected_input: &[i64],
        output_names: &[&str],
    ) -> Result<Self, InferenceError> {
        if !path.is_file() {
            return Err(InferenceError::ModelMissing {
                path: path.to_path_buf(),
            });
        }
        let environment = environment()?;
        let load = |reason: String| InferenceError::ModelLoad {
            path: path.to_path_buf(),
            reason,
        };
        let session = ort_env::session_from_file(environment, path).map_err(load)?;
        let signature = ModelSignature::of(&session, path, expected_input, output_names)?;
        Ok(Self {
            path: path.to_path_buf(),
            name: signature.name,
            session,
            input_name: signature.input_name,
            input_shape: signature.input_shape,
            output_indices: signature.output_indices,
        })
    }

    pub fn input_shape(&self) -> &[usize] {
        &self.input_shape
    }

    /// Runs synchronously (what the async `run` does on native targets).
    pub fn run_blocking(
        &mut self,
        input: &[f32],
        outputs: &mut [Vec<f32>],
    ) -> Result<(), InferenceError> {
        let fail = |reason: String| InferenceError::Inference {
            model: self.name.clone(),
            reason,
        };
        let tensor = TensorRef::from_array_view((self.input_shape.clone(), input))
            .map_err(|e| fail(e.to_string()))?;
        let results = self
            .session
            .run(ort::inputs![self.input_name.as_str() => tensor])
            .map_err(|e| fail(e.to_string()))?;
        crate::model::signature::copy_outputs(&results, &self.output_indices, outputs).map_err(fail)
    }
}

impl InferenceModel for Model {
    fn name(&self) -> &str {
        &self.name
    }

    async fn run(&mut self, input: &[f32], outputs: &mut [Vec<f32>]) -> Result<(), InferenceError> {
        self.run_blocking(input, outputs)
    }
}
