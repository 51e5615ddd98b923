//! Vitrine's vision: frame sources, ONNX inference and MediaPipe-equivalent hand, pose and face pipelines with
//! tracking and One Euro smoothing. No Bevy dependency, so it builds and tests in seconds; the app and the
//! `vitrine-track` command line sit on top.
//!
//! Layers, each depending only on those above it:
//! - [`maths`]: SSD anchor boxes, detection decoding and NMS, regions of interest, crop transforms, filters;
//! - [`pixels`]: image buffers, resampling, YUV conversion;
//! - [`model`]: ONNX Runtime sessions (native and browser), the models' input limits and signatures;
//! - [`pipelines`]: the palm/pose/face detectors and the hand, pose and face landmark pipelines, the tracker;
//! - [`input`]: frame sources (Y4M files, image folders, cameras, generated clips);
//! - [`live`]: the latest-frame slot and the capture/inference threads;
//! - [`output`]: timings, JSON reports and overlays.

pub mod maths {
    //! Geometry and filters: no pixels, no models.
    pub mod crop;
    pub mod detection;
    pub mod one_euro;
    pub mod roi;
    pub mod smoothing;
    pub mod ssd_anchors;
}

pub mod pixels {
    //! Images in memory and the conversions between them.
    pub mod image_ops;
    pub mod yuv;
}

pub mod model {
    //! Running an ONNX model: the session (ONNX Runtime natively, onnxruntime-web in the browser) and what a model
    //! must look like to be accepted.
    pub mod inference;
    pub mod limits;
    #[cfg(not(target_arch = "wasm32"))]
    pub mod runtime;
    pub(crate) mod signature;
    #[cfg(target_arch = "wasm32")]
    pub mod web_runtime;
}

pub mod pipelines {
    //! MediaPipe's graphs, stage by stage: detectors, landmark models and the tracker that chains them.
    pub mod detector;
    pub mod face;
    pub mod hand;
    pub mod pose;
    pub mod tracker;
}

pub mod input {
    //! Where frames come from.
    #[cfg(not(target_arch = "wasm32"))]
    pub mod camera;
    pub mod source;
    pub mod synthetic_clip;
    pub mod y4m;
}

pub mod live {
    //! Tracking while frames keep arriving: capture and inference on their own threads, the newest frame wins.
    pub mod slot;
    #[cfg(not(target_arch = "wasm32"))]
    pub mod threads;
}

pub mod output {
    //! What tracking gives back besides landmarks: timings, reports, overlays.
    pub mod overlay;
    pub mod report;
    pub mod timing;
}
