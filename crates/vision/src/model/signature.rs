//! What a pipeline checks of a model when it opens it, natively and in the browser alike: its first input's shape
//! (NHWC float, a dynamic batch accepted) and the outputs it needs, found by name.

use std::path::Path;

use ort::session::Session;
use ort::value::ValueType;

use crate::model::inference::InferenceError;

/// A checked model's input name and shape and, for each output the pipeline asked for, its index among the
/// session's outputs.
pub(crate) struct ModelSignature {
    pub name: String,
    pub input_name: String,
    pub input_shape: Vec<usize>,
    pub output_indices: Vec<usize>,
}

impl ModelSignature {
    pub fn of(
        session: &Session,
        path: &Path,
        expected_input: &[i64],
        output_names: &[&str],
    ) -> Result<Self, InferenceError> {
        let load = |reason: String| InferenceError::ModelLoad {
            path: path.to_path_buf(),
            reason,
        };
        let Some(input) = session.inputs().first() else {
            return Err(load("the model has no input".into()));
        };
        let input_shape: Vec<i64> = match input.dtype() {
            ValueType::Tensor { shape, .. } => shape.iter().copied().collect(),
            other => {
                return Err(load(format!(
                    "its input is {other:?}, expected a float tensor"
                )));
            }
        };
        // A dynamic batch dimension (-1) accepts our batch of 1.
        let matches = input_shape.len() == expected_input.len()
            && input_shape
                .iter()
                .zip(expected_input)
                .all(|(a, b)| a == b || *a == -1);
        if !matches {
            return Err(InferenceError::InputShape {
                path: path.to_path_buf(),
                found: input_shape,
                expected: expected_input.to_vec(),
            });
        }
        let available: Vec<String> = session
            .outputs()
            .iter()
            .map(|o| o.name().to_string())
            .collect();
        let mut output_indices = Vec::with_capacity(output_names.len());
        for wanted in output_names {
            let Some(index) = available.iter().position(|n| n == wanted) else {
                return Err(InferenceError::OutputMissing {
                    path: path.to_path_buf(),
                    name: wanted.to_string(),
                    found: available,
                });
            };
            output_indices.push(index);
        }
        Ok(Self {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            input_name: input.name().to_string(),
            input_shape: expected_input
                .iter()
                .map(|d| (*d).max(1) as usize)
                .collect(),
            output_indices,
        })
    }
}

/// Copies the outputs a pipeline asked for (`indices`, from [`ModelSignature::of`]) out of a run's results into
/// its reused buffers.
pub(crate) fn copy_outputs(
    results: &ort::session::SessionOutputs<'_>,
    indices: &[usize],
    outputs: &mut [Vec<f32>],
) -> Result<(), String> {
    for (slot, index) in outputs.iter_mut().zip(indices) {
        let (_, values) = results[*index]
            .try_extract_tensor::<f32>()
            .map_err(|e| e.to_string())?;
        slot.clear();
        slot.extend_from_slice(values);
    }
    Ok(())
}
