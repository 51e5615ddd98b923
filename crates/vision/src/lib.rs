//! Vitrine's vision: frame sources, ONNX inference and MediaPipe-equivalent hand, pose and face pipelines with
//! tracking and One Euro smoothing. No Bevy dependency, so it builds and tests in seconds; the app and the
//! `vitrine-track` command line sit on top.

pub mod anchors;
#[cfg(not(target_arch = "wasm32"))]
pub mod camera;
pub mod crop;
pub mod detection;
pub mod detector;
pub mod face;
pub mod hand;
pub mod image_ops;
pub mod inference;
pub mod limits;
pub mod one_euro;
pub mod overlay;
pub mod pose;
pub mod report;
pub mod roi;
#[cfg(not(target_arch = "wasm32"))]
pub mod runtime;
mod signature;
pub mod slot;
pub mod smoothing;
pub mod source;
pub mod synthetic_clip;
#[cfg(not(target_arch = "wasm32"))]
pub mod threads;
pub mod timing;
pub mod tracker;
#[cfg(target_arch = "wasm32")]
pub mod web_runtime;
pub mod y4m;
pub mod yuv;
