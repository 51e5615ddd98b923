//! ONNX Runtime in the browser: onnxruntime-web through `ort-web`, served by the page itself (ort-env). Models are
//! fetched from the page's origin and opened on the execution provider asked for (`WebGPU` where the browser really
//! has it, else the CPU's `wasm`), checked like the native ones, and run with `run_async` (the only way ort-web
//! runs). The provider that actually opened each model is kept, for the page's debug overlay.

use std::ffi::CStr;
use std::path::{Path, PathBuf};

use ort::session::{RunOptions, Session};
use ort::value::Tensor;

use crate::model::inference::{InferenceError, InferenceModel};
use crate::model::signature::ModelSignature;

/// Which execution provider to ask onnxruntime-web for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebProvider {
    /// The CPU, in WebAssembly (the default: it runs everywhere, and on SwiftShader it is the fast one).
    Wasm,
    /// The browser's WebGPU; falls back to the CPU with a message if the browser refuses it.
    WebGpu,
}

impl WebProvider {
    fn name(self) -> &'static CStr {
        match self {
            WebProvider::Wasm => c"WASM",
            WebProvider::WebGpu => c"WebGPU",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WebProvider::Wasm => "wasm (CPU)",
            WebProvider::WebGpu => "WebGPU",
        }
    }
}

/// A model session in the browser, with its input and the outputs its pipeline reads.
pub struct WebModel {
    name: String,
    session: Session,
    input_name: String,
    input_shape: Vec<usize>,
    output_indices: Vec<usize>,
    run_options: RunOptions,
    /// The provider the session was opened on (after any fallback).
    pub provider: WebProvider,
}

impl WebModel {
    /// Fetches `url` (relative to the page) and opens it on `provider`, checking its input shape and outputs like
    /// [`crate::model::runtime::Model::open`]. A provider the browser refuses falls back to the CPU.
    pub async fn open(
        url: &str,
        provider: WebProvider,
        expected_input: &[i64],
        output_names: &[&str],
    ) -> Result<Self, InferenceError> {
        let path = PathBuf::from(url);
        let environment = ort_env::environment(provider == WebProvider::WebGpu).await?;
        let load = |reason: String| InferenceError::ModelLoad {
            path: path.clone(),
            reason,
        };
        let bytes = fetch_bytes(url).await.map_err(|reason| {
            if reason.contains("404") {
                InferenceError::ModelMissing { path: path.clone() }
            } else {
                load(reason)
            }
        })?;
        let mut opened = None;
        let mut refusal = None;
        for candidate in [provider, WebProvider::Wasm] {
            let mut builder = Session::builder(environment).map_err(|e| load(e.to_string()))?;
            if let Err(reason) = ort_env::append_web_provider(&mut builder, candidate.name()) {
                refusal = Some(reason);
                continue;
            }
            match builder.commit_from_memory(&bytes).await {
                Ok(session) => {
                    opened = Some((session, candidate));
                    break;
                }
                Err(e) if candidate != WebProvider::Wasm => refusal = Some(e.to_string()),
                Err(e) => return Err(load(e.to_string())),
            }
            if candidate == WebProvider::Wasm {
                break;
            }
        }
        let Some((session, provider_used)) = opened else {
            return Err(load(
                refusal.unwrap_or_else(|| "no execution provider".into()),
            ));
        };
        if let Some(reason) = refusal.filter(|_| provider_used != provider) {
            log(&format!(
                "{url}: {} refused ({reason}); running on {}",
                provider.label(),
                provider_used.label()
            ));
        }
        let signature = ModelSignature::of(&session, Path::new(url), expected_input, output_names)?;
        Ok(Self {
            name: signature.name,
            session,
            input_name: signature.input_name,
            input_shape: signature.input_shape,
            output_indices: signature.output_indices,
            run_options: RunOptions::new().map_err(|e| load(e.to_string()))?,
            provider: provider_used,
        })
    }
}

impl InferenceModel for WebModel {
    fn name(&self) -> &str {
        &self.name
    }

    async fn run(&mut self, input: &[f32], outputs: &mut [Vec<f32>]) -> Result<(), InferenceError> {
        let fail = |reason: String| InferenceError::Inference {
            model: self.name.clone(),
            reason,
        };
        // ort-web takes owned inputs only (the run is asynchronous); the copy is freed when the run ends.
        let tensor = Tensor::from_array((self.input_shape.clone(), input.to_vec()))
            .map_err(|e| fail(e.to_string()))?;
        let mut results = self
            .session
            .run_async(
                ort::inputs![self.input_name.as_str() => tensor],
                &self.run_options,
            )
            .await
            .map_err(|e| fail(e.to_string()))?;
        ort_web::sync_outputs(&mut results)
            .await
            .map_err(|e| fail(e.to_string()))?;
        crate::model::signature::copy_outputs(&results, &self.output_indices, outputs).map_err(fail)
    }
}

/// A warning in the browser's console.
fn log(message: &str) {
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).ok();
    if let Some(console) = console
        && let Ok(function) = js_sys::Reflect::get(&console, &"warn".into())
        && let Some(function) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&function)
    {
        let _ = function.call1(&console, &message.into());
    }
}

/// The bytes at `url` (the page's own origin), through `fetch`.
async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    use wasm_bindgen::JsCast;
    let describe = |e: wasm_bindgen::JsValue| format!("{url}: {e:?}");
    let global = js_sys::global();
    let fetch = js_sys::Reflect::get(&global, &"fetch".into()).map_err(describe)?;
    let fetch = fetch
        .dyn_into::<js_sys::Function>()
        .map_err(|_| format!("{url}: this page has no fetch"))?;
    let promise = fetch
        .call1(&global, &url.into())
        .map_err(describe)?
        .dyn_into::<js_sys::Promise>()
        .map_err(describe)?;
    let response = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(describe)?;
    let ok = js_sys::Reflect::get(&response, &"ok".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if !ok {
        let status = js_sys::Reflect::get(&response, &"status".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        return Err(format!("{url}: HTTP {status}"));
    }
    let array_buffer = js_sys::Reflect::get(&response, &"arrayBuffer".into())
        .map_err(describe)?
        .dyn_into::<js_sys::Function>()
        .map_err(describe)?
        .call0(&response)
        .map_err(describe)?
        .dyn_into::<js_sys::Promise>()
        .map_err(describe)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(array_buffer)
        .await
        .map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
