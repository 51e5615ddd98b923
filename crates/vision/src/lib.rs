//! Vitrine's vision: capture, ONNX inference and MediaPipe-equivalent landmark pipelines, with no Bevy dependency so
//! it builds and tests in seconds. This first part holds the pure building blocks: SSD anchors, detection decoding
//! and weighted non-maximum suppression, rotated regions of interest, and One Euro smoothing.

pub mod anchors;
pub mod detection;
pub mod image_ops;
pub mod one_euro;
pub mod roi;
#[cfg(not(target_arch = "wasm32"))]
pub mod runtime;
pub mod y4m;
