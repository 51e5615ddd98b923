//! The live try-on's frames in the browser: the page's camera (web/camera.js: the "Enable camera" button, a
//! `<video>` read through a canvas) tracked by the vision crate's pipelines on onnxruntime-web, in one loop on the
//! browser's event loop, once per animation frame. The ML runtime and the lite models load only now, when the
//! try-on opens; the camera's frames are shown while they load, and without hands if they cannot load. The
//! desktop's counterpart is `desktop/camera_feed.rs`; both hand the live stage the same [`Tracked`] frames.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use js_sys::{Function, Reflect, Uint8ClampedArray};
use vision::input::source::Frame;
use vision::maths::smoothing::ResultSmoother;
use vision::model::web_runtime::{WebModel, WebProvider};
use vision::pipelines::tracker::{Tracker, TrackingResult};
use vision::pixels::image_ops::RgbImage;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::try_on::frame_texture::BufferPool;
use crate::try_on::live::{LiveOptions, LiveStatus, Tracked, TrackingInfo, tracked};

/// How long after a camera is lost it is asked for again, seconds (it may have been unplugged for a moment).
const REOPEN_AFTER_SECS: f64 = 1.0;

/// One try-on session's camera and tracking; dropping it (the try-on closes) turns the camera off.
pub struct FeedFrames {
    shared: Arc<Mutex<Shared>>,
}

/// What the loop tells the app.
#[derive(Default)]
struct Shared {
    latest: Option<Tracked>,
    /// The page camera's state ('asking', 'open', 'denied'…) and its message.
    camera_state: String,
    camera_error: Option<String>,
    stopped: bool,
}

impl Drop for FeedFrames {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.stopped = true;
            shared.latest = None;
        }
    }
}

impl FeedFrames {
    /// Asks the page for its camera and starts loading the tracking; `?ml=webgpu` in the page's address asks for
    /// onnxruntime-web's WebGPU provider (the CPU's wasm provider otherwise, and whenever WebGPU is refused).
    pub fn start(
        options: &LiveOptions,
        pool: BufferPool,
        tracking_error: Arc<Mutex<Option<String>>>,
        info: Arc<Mutex<TrackingInfo>>,
    ) -> Self {
        let shared = Arc::new(Mutex::new(Shared {
            camera_state: "closed".into(),
            ..default()
        }));
        let provider = if super::page::address().ml_webgpu {
            WebProvider::WebGpu
        } else {
            WebProvider::Wasm
        };
        let tracker: Rc<RefCell<Option<Tracker<WebModel>>>> = Rc::default();
        let model_url = options.model_dir.to_string_lossy().into_owned();
        let tracker_options = options.tracker_options();
        let loaded = tracker.clone();
        let error = tracking_error.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match Tracker::open_web(&model_url, tracker_options, provider).await {
                Ok((opened, providers)) => {
                    let used = if providers.iter().all(|p| *p == WebProvider::WebGpu) {
                        WebProvider::WebGpu
                    } else {
                        WebProvider::Wasm
                    };
                    let runtime = format!(
                        "onnxruntime-web {} · {} · {:?} models",
                        ort_env::WEB_RUNTIME_VERSION,
                        used.label(),
                        tracker_options.variant
                    );
                    super::page::notify(
                        "tracking",
                        &serde_json::json!({
                            "runtime": runtime,
                            "provider": used.label(),
                            "asked": provider.label(),
                        })
                        .to_string(),
                    );
                    if let Ok(mut info) = info.lock() {
                        info.runtime = runtime;
                    }
                    *loaded.borrow_mut() = Some(opened);
                }
                Err(e) => {
                    warn!("Try-on: the tracking could not start: {e}");
                    if let Ok(mut slot) = error.lock() {
                        *slot = Some(e.to_string());
                    }
                }
            }
        });
        wasm_bindgen_futures::spawn_local(run(
            shared.clone(),
            tracker,
            pool,
            options.source.mirrored(),
            tracking_error,
        ));
        Self { shared }
    }

    /// The newest tracked frame since the last call.
    pub fn latest(&self) -> Option<Tracked> {
        self.shared.lock().ok()?.latest.take()
    }

    /// What the shopper is told about the camera; `None` while it delivers frames.
    pub fn source_status(&self, _frames_received: u64) -> Option<LiveStatus> {
        let shared = self.shared.lock().ok()?;
        let reason = shared.camera_error.clone().unwrap_or_default();
        Some(match shared.camera_state.as_str() {
            "open" => return None,
            "asking" => LiveStatus::EnableCamera,
            "denied" => LiveStatus::AllowCamera(reason),
            "none" | "failed" => LiveStatus::NoCamera(reason),
            "lost" => LiveStatus::CameraLost(reason),
            _ => LiveStatus::Starting,
        })
    }
}

/// The page's camera object, `window.vitrine.camera`.
fn page_camera() -> Option<JsValue> {
    let vitrine = Reflect::get(&js_sys::global(), &"vitrine".into()).ok()?;
    Reflect::get(&vitrine, &"camera".into())
        .ok()
        .filter(|c| c.is_object())
}

fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(object, &method.into())?.dyn_into()?;
    function.apply(object, &args.iter().collect())
}

fn string_field(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &name.into()).ok()?.as_string()
}

fn number_field(object: &JsValue, name: &str) -> Option<f64> {
    Reflect::get(object, &name.into()).ok()?.as_f64()
}

/// Resolves at the browser's next animation frame (the page's own pace; paused with the tab).
async fn next_animation_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        if let Ok(raf) = Reflect::get(&global, &"requestAnimationFrame".into())
            && let Ok(raf) = raf.dyn_into::<Function>()
        {
            let _ = raf.call1(&global, &resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The camera's label on its button, in the page's language.
fn button_label() -> &'static str {
    match super::page::address().language {
        Some(catalog::Language::Fr) => "Activer la caméra",
        Some(catalog::Language::It) => "Attiva la fotocamera",
        Some(catalog::Language::Zh) => "启用摄像头",
        _ => "Enable camera",
    }
}

/// The loop: each animation frame, the camera's state for the app and, when a new video frame came, that frame
/// tracked (once the models have loaded) and handed over. Ends, turning the camera off, when the feed is dropped.
async fn run(
    shared: Arc<Mutex<Shared>>,
    loading: Rc<RefCell<Option<Tracker<WebModel>>>>,
    pool: BufferPool,
    mirror: bool,
    tracking_error: Arc<Mutex<Option<String>>>,
) {
    let Some(camera) = page_camera() else {
        if let Ok(mut shared) = shared.lock() {
            shared.camera_state = "failed".into();
            shared.camera_error = Some("this page has no camera (web/camera.js)".into());
        }
        return;
    };
    let label = JsValue::from_str(button_label());
    let _ = call(&camera, "open", std::slice::from_ref(&label));
    let mut tracker: Option<Tracker<WebModel>> = None;
    let mut smoother = ResultSmoother::default();
    let mut sequence = 0u64;
    let mut rgba = Vec::new();
    let mut lost_at_secs: Option<f64> = None;
    let started = web_time::Instant::now();
    loop {
        next_animation_frame().await;
        let state = string_field(&camera, "state").unwrap_or_default();
        {
            let Ok(mut shared) = shared.lock() else {
                return;
            };
            if shared.stopped {
                let _ = call(&camera, "close", &[]);
                return;
            }
            if shared.camera_state != state {
                shared.camera_state = state.clone();
                shared.camera_error = string_field(&camera, "error");
            }
        }
        let now_secs = started.elapsed().as_secs_f64();
        if state == "lost" {
            // Asked for again after a moment: the permission stands, so no button this time.
            let since = *lost_at_secs.get_or_insert(now_secs);
            if now_secs - since >= REOPEN_AFTER_SECS {
                lost_at_secs = None;
                let _ = call(&camera, "open", std::slice::from_ref(&label));
            }
            continue;
        }
        if tracker.is_none() {
            tracker = loading.borrow_mut().take();
        }
        let Ok(grabbed) = call(&camera, "grab", &[]) else {
            continue;
        };
        if !grabbed.is_object() {
            continue;
        }
        let capture_started = web_time::Instant::now();
        let (Some(width), Some(height), Some(time_secs)) = (
            number_field(&grabbed, "width"),
            number_field(&grabbed, "height"),
            number_field(&grabbed, "timeSecs"),
        ) else {
            continue;
        };
        let Ok(data) =
            Reflect::get(&grabbed, &"data".into()).and_then(|d| d.dyn_into::<Uint8ClampedArray>())
        else {
            continue;
        };
        let (width, height) = (width as usize, height as usize);
        if data.length() as usize != width * height * 4 {
            continue;
        }
        rgba.resize(data.length() as usize, 0);
        data.copy_to(&mut rgba);
        let mut image = RgbImage::new(width, height);
        for (rgb, rgba) in image.data.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
            rgb.copy_from_slice(&rgba[..3]);
        }
        if mirror {
            image.mirror();
        }
        let frame = Frame {
            sequence,
            timestamp_secs: time_secs,
            captured_at: capture_started,
            image,
            name: None,
            capture_ms: capture_started.elapsed().as_secs_f32() * 1000.0,
        };
        sequence += 1;
        let result = match tracker.as_mut() {
            Some(tracker) => match tracker.process(&frame).await {
                Ok(mut result) => {
                    smoother.apply(&mut result);
                    result
                }
                Err(e) => {
                    if let Ok(mut slot) = tracking_error.lock() {
                        *slot = Some(e.to_string());
                    }
                    TrackingResult::default()
                }
            },
            None => TrackingResult::default(),
        };
        let Ok(mut shared) = shared.lock() else {
            return;
        };
        if shared.stopped {
            continue;
        }
        shared.latest = Some(tracked(frame, &result, &pool));
    }
}
