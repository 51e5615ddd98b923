//! The process's one ONNX Runtime environment, shared by every crate that runs a model (tracking, the concierge).
//!
//! `ort` is built with `load-dynamic`: nothing is downloaded at build time, and the shared library is found at run
//! time (`ORT_DYLIB_PATH`, then the project-local folder that `cargo xtask setup` fills from the `onnxruntime` PyPI
//! wheel). ONNX Runtime allows one environment per process, so it is created here, once, with telemetry off.

use std::path::PathBuf;

/// The ONNX Runtime release whose shared library the crates load (and `cargo xtask setup` fetches).
pub const ORT_VERSION: &str = "1.31.1";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuntimeError {
    #[error(
        "the ONNX Runtime {ORT_VERSION} library was not found (looked in: {}); run `cargo xtask setup`, which \
         fetches it from the onnxruntime=={ORT_VERSION} PyPI wheel, or set ORT_DYLIB_PATH to libonnxruntime.so",
        searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    LibraryMissing { searched: Vec<PathBuf> },
    #[error("cannot load ONNX Runtime from {path}: {reason}")]
    LibraryLoad { path: PathBuf, reason: String },
}

#[cfg(not(target_arch = "wasm32"))]
/// Where the library may be: `ORT_DYLIB_PATH`, then the project-local folder `cargo xtask setup` fills.
pub fn library_candidates() -> Vec<PathBuf> {
    use std::path::Path;
    let file = format!("libonnxruntime.so.{ORT_VERSION}");
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH") {
        candidates.push(PathBuf::from(path));
    }
    candidates.push(PathBuf::from(".vitrine/onnxruntime").join(&file));
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        candidates.push(
            Path::new(&dir)
                .join("../../.vitrine/onnxruntime")
                .join(&file),
        );
    }
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../.vitrine/onnxruntime")
            .join(&file),
    );
    candidates
}

/// The environment variable that keeps ONNX Runtime from writing anything of its own. Its builds since 1.2x carry
/// Microsoft's 1DS telemetry layer, which — even with telemetry disabled through the API — writes a device id and
/// an event database under `~/.cache/Microsoft/DeveloperTools/.onnxruntime/` and a session file in `$TMPDIR` as
/// soon as the library starts (found by `tests/tryon.rs`, which runs a try-on with an empty `HOME` and `TMPDIR`).
/// With this variable set to 1 before the library loads it writes nothing.
pub const DISABLE_TELEMETRY_VARIABLE: &str = "ORT_DISABLE_TELEMETRY";

#[cfg(not(target_arch = "wasm32"))]
/// Sets [`DISABLE_TELEMETRY_VARIABLE`] for this process. Call it first thing in `main`, while the process has one
/// thread (every Vitrine binary does); [`environment`] also sets it, as a fallback, if ONNX Runtime is loaded by a
/// program that did not.
pub fn keep_onnxruntime_quiet() {
    if std::env::var_os(DISABLE_TELEMETRY_VARIABLE).is_none_or(|v| v != "1") {
        // SAFETY: called at the start of `main`, before any thread exists, or (from `environment`) inside the
        // one-time initialisation that loads ONNX Runtime, when none of its code runs yet and Rust's own
        // environment accesses are serialised by std's lock.
        unsafe { std::env::set_var(DISABLE_TELEMETRY_VARIABLE, "1") };
    }
}

#[cfg(not(target_arch = "wasm32"))]
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
        keep_onnxruntime_quiet();
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

#[cfg(not(target_arch = "wasm32"))]
/// Opens a model on one intra-op and one inter-op thread without spinning (the app's rendering and the other
/// models keep their cores); the error is ONNX Runtime's message.
pub fn session_from_file(
    environment: &ort::environment::Environment,
    path: &std::path::Path,
) -> Result<ort::session::Session, String> {
    ort::session::Session::builder(environment)
        .map_err(|e| e.to_string())?
        .with_intra_threads(1)
        .map_err(|e| e.to_string())?
        .with_inter_threads(1)
        .map_err(|e| e.to_string())?
        .with_intra_op_spinning(false)
        .map_err(|e| e.to_string())?
        .commit_from_file(path)
        .map_err(|e| e.to_string())
}

#[cfg(target_arch = "wasm32")]
/// Where the page serves onnxruntime-web's files (npm `onnxruntime-web`, copied by `cargo xtask web`), relative to
/// the page.
pub const WEB_RUNTIME_DIR: &str = "ort/";
#[cfg(target_arch = "wasm32")]
/// The npm package's version (`cargo xtask web` copies `onnxruntime-web@` this; ort-web 0.5 is built for it).
pub const WEB_RUNTIME_VERSION: &str = "1.30.0";
#[cfg(target_arch = "wasm32")]
/// The CPU-only script and the binary it imports (14 MB, about half the WebGPU one): the try-on's default.
pub const WEB_RUNTIME_CPU: (&str, &str) = ("ort.wasm.min.js", "ort-wasm-simd-threaded.wasm");
#[cfg(target_arch = "wasm32")]
/// The WebGPU script, which also carries the CPU provider, and its binary.
pub const WEB_RUNTIME_WEBGPU: (&str, &str) =
    ("ort.webgpu.min.js", "ort-wasm-simd-threaded.asyncify.wasm");

#[cfg(target_arch = "wasm32")]
/// Loads onnxruntime-web once from the page's own origin (never a CDN) and returns the environment, telemetry
/// off: the WebGPU build when `with_webgpu`, else the CPU-only one. The first load decides for the page's life
/// (the script defines one global `ort`); later calls return the same environment, and a failed load is retried
/// by the next call.
pub async fn environment(
    with_webgpu: bool,
) -> Result<&'static ort::environment::Environment, RuntimeError> {
    static ENVIRONMENT: std::sync::OnceLock<ort::environment::Environment> =
        std::sync::OnceLock::new();
    if let Some(environment) = ENVIRONMENT.get() {
        return Ok(environment);
    }
    let (script, binary) = if with_webgpu {
        WEB_RUNTIME_WEBGPU
    } else {
        WEB_RUNTIME_CPU
    };
    let fail = |reason: String| RuntimeError::LibraryLoad {
        path: PathBuf::from(WEB_RUNTIME_DIR).join(script),
        reason,
    };
    // ort-web resolves its files against this base with `new URL`, which wants an absolute address.
    let base = absolute_url(WEB_RUNTIME_DIR).map_err(fail)?;
    let dist = ort_web::Dist::new(base)
        .with_script_name(script)
        .with_binary_name(binary);
    let api = ort_web::api(dist).await.map_err(|e| fail(e.to_string()))?;
    // `false` only when an API was set before (a second load racing this one): that one is used.
    let _ = ort::set_api(api);
    let environment = ort::init()
        .with_name("vitrine")
        .with_telemetry(false)
        .build()
        .map_err(|e| fail(e.to_string()))?;
    Ok(ENVIRONMENT.get_or_init(|| environment))
}

#[cfg(target_arch = "wasm32")]
/// The execution provider the browser is asked for, by the name ort-web matches (`WASM`, `WebGPU`, `WebGL`,
/// `WebNN`), through the raw API: ort rc.15's typed providers send other names, which ort-web refuses, and a
/// typed provider's refusal falls back to the CPU silently; here each answer is kept.
pub fn append_web_provider(
    builder: &mut ort::session::builder::SessionBuilder,
    name: &std::ffi::CStr,
) -> Result<(), String> {
    use ort::AsPointer;
    // SAFETY: the builder's pointer is valid for its lifetime; the name is NUL-terminated; no options (null, 0).
    unsafe {
        ort::Error::result_from_status((ort::api().SessionOptionsAppendExecutionProvider)(
            builder.ptr_mut(),
            name.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            0,
        ))
    }
    .map_err(|e| e.to_string())
}

#[cfg(target_arch = "wasm32")]
/// `relative` resolved against the page's address (`new URL(relative, location.href)`).
fn absolute_url(relative: &str) -> Result<String, String> {
    let global = js_sys::global();
    let describe = |e: wasm_bindgen::JsValue| format!("cannot resolve {relative}: {e:?}");
    let href = js_sys::Reflect::get(&global, &"location".into())
        .and_then(|l| js_sys::Reflect::get(&l, &"href".into()))
        .map_err(describe)?;
    let url = js_sys::Reflect::get(&global, &"URL".into()).map_err(describe)?;
    let url = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(url)
        .map_err(|_| format!("cannot resolve {relative}: this page has no URL"))?;
    let args = js_sys::Array::of2(&relative.into(), &href);
    let resolved = js_sys::Reflect::construct(&url, &args).map_err(describe)?;
    js_sys::Reflect::get(&resolved, &"href".into())
        .map_err(describe)?
        .as_string()
        .ok_or_else(|| format!("cannot resolve {relative}"))
}
