//! ONNX Runtime through `ort` (loaded dynamically: no binary download at build time). Finds the shared library,
//! opens models on one intra-op thread, checks their input shape and runs them on preallocated input buffers.

use std::path::{Path, PathBuf};

use ort::session::Session;
use ort::value::{Tensor, ValueType};
use thiserror::Error;

/// The ONNX Runtime version Vitrine is built and tested against (the `onnxruntime` PyPI wheel).
pub const ORT_VERSION: &str = "1.31.1";

#[derive(Debug, Error)]
pub enum RuntimeError {
    #[error(
        "the ONNX Runtime {ORT_VERSION} library was not found (looked in: {}); run `cargo xtask setup`, which \
         fetches it from the onnxruntime=={ORT_VERSION} PyPI wheel, or set ORT_DYLIB_PATH to libonnxruntime.so",
        searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    LibraryMissing { searched: Vec<PathBuf> },
    #[error("cannot load ONNX Runtime from {path}: {reason}")]
    LibraryLoad { path: PathBuf, reason: String },
    #[error("model file {path} does not exist (expected the ONNX models under assets/ml/)")]
    ModelMissing { path: PathBuf },
    #[error("cannot open model {path}: {reason}")]
    ModelLoad { path: PathBuf, reason: String },
    #[error("model {path} takes input {found:?}, expected {expected:?} (is it the right model?)")]
    InputShape {
        path: PathBuf,
        found: Vec<i64>,
        expected: Vec<i64>,
    },
    #[error("running {model}: {reason}")]
    Inference { model: String, reason: String },
}

/// Where the library may be: `ORT_DYLIB_PATH`, then the project-local folder `cargo xtask setup` fills.
pub fn library_candidates() -> Vec<PathBuf> {
    let file = format!("libonnxruntime.so.{ORT_VERSION}");
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH") {
        candidates.push(PathBuf::from(path));
    }
    candidates.push(PathBuf::from(".vitrine/onnxruntime").join(&file));
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../.vitrine/onnxruntime")
            .join(&file),
    );
    candidates
}

/// Loads ONNX Runtime once per process (telemetry off) and returns its environment.
pub fn environment() -> Result<&'static ort::environment::Environment, RuntimeError> {
    static ENVIRONMENT: std::sync::OnceLock<
        Result<ort::environment::Environment, (PathBuf, String)>,
    > = std::sync::OnceLock::new();
    let candidates = library_candidates();
    let Some(path) = candidates.iter().find(|p| p.is_file()).cloned() else {
        return Err(RuntimeError::LibraryMissing {
            searched: candidates,
        });
    };
    let result = ENVIRONMENT.get_or_init(|| {
        let fail = |e: String| (path.clone(), e);
        ort::init_from(&path)
            .map_err(|e| fail(e.to_string()))?
            .with_name("vitrine")
            .with_telemetry(false)
            .build()
            .map_err(|e| fail(e.to_string()))
    });
    result
        .as_ref()
        .map_err(|(path, reason)| RuntimeError::LibraryLoad {
            path: path.clone(),
            reason: reason.clone(),
        })
}

/// A model session with its input name and shape, run on one intra-op thread without spinning.
pub struct Model {
    pub path: PathBuf,
    session: Session,
    input_name: String,
    input_shape: Vec<i64>,
}

/// One output tensor: shape and values.
#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub shape: Vec<i64>,
    pub values: Vec<f32>,
}

impl Model {
    /// Opens `path` and checks that its first input has `expected_input` shape (NHWC float).
    pub fn open(path: &Path, expected_input: &[i64]) -> Result<Self, RuntimeError> {
        if !path.is_file() {
            return Err(RuntimeError::ModelMissing {
                path: path.to_path_buf(),
            });
        }
        let environment = environment()?;
        let load = |reason: String| RuntimeError::ModelLoad {
            path: path.to_path_buf(),
            reason,
        };
        let session = Session::builder(environment)
            .map_err(|e| load(e.to_string()))?
            .with_intra_threads(1)
            .map_err(|e| load(e.to_string()))?
            .with_intra_op_spinning(false)
            .map_err(|e| load(e.to_string()))?
            .commit_from_file(path)
            .map_err(|e| load(e.to_string()))?;
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
            return Err(RuntimeError::InputShape {
                path: path.to_path_buf(),
                found: input_shape,
                expected: expected_input.to_vec(),
            });
        }
        let input_name = input.name().to_string();
        Ok(Self {
            path: path.to_path_buf(),
            session,
            input_name,
            input_shape: expected_input.to_vec(),
        })
    }

    pub fn input_shape(&self) -> &[i64] {
        &self.input_shape
    }

    /// Runs the model on `input` (NHWC, the model's input size) and returns every output.
    pub fn run(&mut self, input: &[f32]) -> Result<Vec<Output>, RuntimeError> {
        let model = self.path.display().to_string();
        let fail = |reason: String| RuntimeError::Inference {
            model: model.clone(),
            reason,
        };
        let shape: Vec<usize> = self
            .input_shape
            .iter()
            .map(|d| (*d).max(1) as usize)
            .collect();
        let tensor =
            Tensor::from_array((shape, input.to_vec())).map_err(|e| fail(e.to_string()))?;
        let outputs = self
            .session
            .run(ort::inputs![self.input_name.as_str() => tensor])
            .map_err(|e| fail(e.to_string()))?;
        let mut result = Vec::new();
        for (name, value) in outputs.iter() {
            let (shape, values) = value
                .try_extract_tensor::<f32>()
                .map_err(|e| fail(e.to_string()))?;
            result.push(Output {
                name: name.to_string(),
                shape: shape.iter().copied().collect(),
                values: values.to_vec(),
            });
        }
        Ok(result)
    }
}
