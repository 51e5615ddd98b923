//! All three pipelines behind one call per frame, with the result stamped with its frame's sequence number,
//! capture time and per-stage timings.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::input::source::Frame;
use crate::model::inference::{InferenceError, InferenceModel};
use crate::output::timing::StageTimings;
use crate::pipelines::face::{FaceLandmarks, FaceOptions, FaceTracker};
use crate::pipelines::hand::{HandLandmarks, HandOptions, HandTracker};
use crate::pipelines::pose::{PoseLandmarks, PoseOptions, PoseTracker};

/// Which model size: `Full` is more accurate, `Lite` faster (palm detector, hand and pose landmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ModelVariant {
    #[default]
    Full,
    Lite,
}

/// What to track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tasks {
    pub hands: bool,
    pub pose: bool,
    pub face: bool,
}

impl Tasks {
    pub const ALL: Tasks = Tasks {
        hands: true,
        pose: true,
        face: true,
    };
    pub const HANDS: Tasks = Tasks {
        hands: true,
        pose: false,
        face: false,
    };
    pub const POSE: Tasks = Tasks {
        hands: false,
        pose: true,
        face: false,
    };
    pub const FACE: Tasks = Tasks {
        hands: false,
        pose: false,
        face: true,
    };
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackerOptions {
    pub tasks: Tasks,
    pub variant: ModelVariant,
    pub hand: HandOptions,
    pub pose: PoseOptions,
    pub face: FaceOptions,
}

impl TrackerOptions {
    pub fn new(tasks: Tasks, variant: ModelVariant) -> Self {
        Self {
            tasks,
            variant,
            hand: HandOptions::default(),
            pose: PoseOptions::default(),
            face: FaceOptions::default(),
        }
    }

    /// Every frame an unrelated photo: detect every time (MediaPipe's `static_image_mode`).
    pub fn static_images(mut self, on: bool) -> Self {
        self.hand.static_images = on;
        self.pose.static_images = on;
        self.face.static_images = on;
        self
    }
}

/// The ONNX files of each task, by variant.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFiles {
    pub palm_detection: PathBuf,
    pub hand_landmark: PathBuf,
    pub pose_detection: PathBuf,
    pub pose_landmark: PathBuf,
    pub face_detection: PathBuf,
    pub face_landmark: PathBuf,
}

impl ModelFiles {
    pub fn in_dir(dir: &Path, variant: ModelVariant) -> Self {
        let v = match variant {
            ModelVariant::Full => "full",
            ModelVariant::Lite => "lite",
        };
        Self {
            palm_detection: dir.join(format!("palm_detection_{v}.onnx")),
            hand_landmark: dir.join(format!("hand_landmark_{v}.onnx")),
            pose_detection: dir.join("pose_detection.onnx"),
            pose_landmark: dir.join(format!("pose_landmark_{v}.onnx")),
            face_detection: dir.join("face_detection_short_range.onnx"),
            face_landmark: dir.join("face_landmark.onnx"),
        }
    }
}

/// Where the shipped models are: `$VITRINE_ASSETS/ml`, `./assets/ml`, or this source tree's `assets/ml`.
pub fn default_model_dir() -> PathBuf {
    if let Some(assets) = std::env::var_os("VITRINE_ASSETS") {
        return PathBuf::from(assets).join("ml");
    }
    let local = PathBuf::from("assets/ml");
    if local.is_dir() {
        return local;
    }
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    crate_dir.join("../../assets/ml")
}

/// Everything found in one frame.
#[derive(Debug, Clone, Default)]
pub struct TrackingResult {
    pub sequence: u64,
    pub timestamp_secs: f64,
    pub width: usize,
    pub height: usize,
    pub name: Option<String>,
    pub hands: Vec<HandLandmarks>,
    pub pose: Option<PoseLandmarks>,
    pub face: Option<FaceLandmarks>,
    pub timings: StageTimings,
}

pub struct Tracker<M> {
    pub hands: Option<HandTracker<M>>,
    pub pose: Option<PoseTracker<M>>,
    pub face: Option<FaceTracker<M>>,
}

impl<M: InferenceModel> Tracker<M> {
    /// Runs every enabled pipeline on `frame`.
    pub async fn process(&mut self, frame: &Frame) -> Result<TrackingResult, InferenceError> {
        let image = frame.image.view();
        let mut timings = StageTimings {
            capture_ms: frame.capture_ms,
            ..StageTimings::default()
        };
        let hands = match self.hands.as_mut() {
            Some(t) => t.process(image, &mut timings).await?,
            None => Vec::new(),
        };
        let pose = match self.pose.as_mut() {
            Some(t) => t.process(image, &mut timings).await?,
            None => None,
        };
        let face = match self.face.as_mut() {
            Some(t) => t.process(image, &mut timings).await?,
            None => None,
        };
        Ok(TrackingResult {
            sequence: frame.sequence,
            timestamp_secs: frame.timestamp_secs,
            width: frame.image.width,
            height: frame.image.height,
            name: frame.name.clone(),
            hands,
            pose,
            face,
            timings,
        })
    }

    /// Forgets everything tracked (a cut in the video, a camera that came back).
    pub fn reset(&mut self) {
        if let Some(t) = self.hands.as_mut() {
            t.reset();
        }
        if let Some(t) = self.pose.as_mut() {
            t.reset();
        }
        if let Some(t) = self.face.as_mut() {
            t.reset();
        }
    }
}

impl<M: InferenceModel> Tracker<M> {
    /// Opens the models the enabled tasks need through `open(file, input shape, output names)`: the native
    /// runtime from files, ort-web from the page's URLs.
    pub async fn open_with<F, Fut>(
        files: &ModelFiles,
        options: TrackerOptions,
        mut open: F,
    ) -> Result<Self, InferenceError>
    where
        F: FnMut(PathBuf, Vec<i64>, Vec<&'static str>) -> Fut,
        Fut: std::future::Future<Output = Result<M, InferenceError>>,
    {
        use crate::pipelines::detector::{FACE, PALM, POSE};
        let shape = |s: usize| vec![1, s as i64, s as i64, 3];
        let hands = if options.tasks.hands {
            Some(HandTracker::new(
                open(
                    files.palm_detection.clone(),
                    PALM.input_shape().to_vec(),
                    PALM.outputs.to_vec(),
                )
                .await?,
                open(
                    files.hand_landmark.clone(),
                    shape(crate::pipelines::hand::LANDMARK_INPUT_PX),
                    crate::pipelines::hand::LANDMARK_OUTPUTS.to_vec(),
                )
                .await?,
                options.hand,
            ))
        } else {
            None
        };
        let pose = if options.tasks.pose {
            Some(PoseTracker::new(
                open(
                    files.pose_detection.clone(),
                    POSE.input_shape().to_vec(),
                    POSE.outputs.to_vec(),
                )
                .await?,
                open(
                    files.pose_landmark.clone(),
                    shape(crate::pipelines::pose::LANDMARK_INPUT_PX),
                    crate::pipelines::pose::LANDMARK_OUTPUTS.to_vec(),
                )
                .await?,
                options.pose,
            ))
        } else {
            None
        };
        let face = if options.tasks.face {
            Some(FaceTracker::new(
                open(
                    files.face_detection.clone(),
                    FACE.input_shape().to_vec(),
                    FACE.outputs.to_vec(),
                )
                .await?,
                open(
                    files.face_landmark.clone(),
                    shape(crate::pipelines::face::LANDMARK_INPUT_PX),
                    crate::pipelines::face::LANDMARK_OUTPUTS.to_vec(),
                )
                .await?,
                options.face,
            ))
        } else {
            None
        };
        Ok(Self { hands, pose, face })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Tracker<crate::model::runtime::Model> {
    /// Opens the models the enabled tasks need from `dir` with ONNX Runtime.
    pub fn open(dir: &Path, options: TrackerOptions) -> Result<Self, InferenceError> {
        let files = ModelFiles::in_dir(dir, options.variant);
        crate::model::inference::block_on(Self::open_with(
            &files,
            options,
            |path, shape, outputs| {
                let opened = crate::model::runtime::Model::open(&path, &shape, &outputs);
                std::future::ready(opened)
            },
        ))
    }
}

#[cfg(target_arch = "wasm32")]
impl Tracker<crate::model::web_runtime::WebModel> {
    /// Opens the models the enabled tasks need from `base_url` (relative to the page) with onnxruntime-web;
    /// returns the tracker and the provider each model really opened on, in opening order.
    pub async fn open_web(
        base_url: &str,
        options: TrackerOptions,
        provider: crate::model::web_runtime::WebProvider,
    ) -> Result<(Self, Vec<crate::model::web_runtime::WebProvider>), InferenceError> {
        let files = ModelFiles::in_dir(Path::new(base_url), options.variant);
        let providers = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let opened = Self::open_with(&files, options, |path, shape, outputs| {
            let providers = providers.clone();
            async move {
                let url = path.to_string_lossy().into_owned();
                let model =
                    crate::model::web_runtime::WebModel::open(&url, provider, &shape, &outputs)
                        .await?;
                providers.borrow_mut().push(model.provider);
                Ok(model)
            }
        })
        .await?;
        let providers = providers.borrow().clone();
        Ok((opened, providers))
    }
}
