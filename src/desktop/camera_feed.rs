//! The live try-on's frames on the desktop: a camera (nokhwa) or a Y4M clip captured and tracked on the vision
//! crate's two threads, joined by latest-frame slots, so the render loop never waits for inference. The browser's
//! counterpart is `web/camera.rs`; both hand [`crate::try_on::live`] the same [`Tracked`] frames.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use vision::input::camera::{CameraSettings, CameraSource};
use vision::input::source::{Frame, FrameSource, SourceError, open_input};
use vision::live::threads::{PipelineStatus, PipelineThreads};
use vision::maths::smoothing::ResultSmoother;
use vision::model::inference::block_on;
use vision::pipelines::tracker::Tracker;

use crate::try_on::frame_texture::BufferPool;
use crate::try_on::live::{
    Feed, LiveOptions, LiveSource, LiveStatus, Tracked, TrackingInfo, tracked,
};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Last, join_on_exit);
}

/// The capture and inference threads of one try-on session.
pub struct FeedFrames {
    threads: PipelineThreads<Tracked>,
    camera: bool,
}

impl FeedFrames {
    /// Opens the source and starts the capture and inference threads; a tracker that cannot start is reported
    /// through `tracking_error`.
    pub fn start(
        options: &LiveOptions,
        pool: BufferPool,
        tracking_error: Arc<Mutex<Option<String>>>,
        info: Arc<Mutex<TrackingInfo>>,
    ) -> Self {
        let source = options.source.clone();
        let open = move || -> Result<Box<dyn FrameSource>, SourceError> {
            match &source {
                LiveSource::Camera { index } => CameraSource::open(CameraSettings {
                    index: *index,
                    ..CameraSettings::default()
                })
                .map(|c| Box::new(c) as Box<dyn FrameSource>),
                LiveSource::Video {
                    path, looped: true, ..
                } => Looping::open(path.clone()).map(|l| Box::new(l) as Box<dyn FrameSource>),
                LiveSource::Video { path, .. } => open_input(path),
            }
        };
        let mirror = options.source.mirrored();
        let model_dir = options.model_dir.clone();
        let tracker_options = options.tracker_options();
        let make_stage = move || {
            let mut tracker = Tracker::open(&model_dir, tracker_options).map_err(|e| {
                let message = e.to_string();
                if let Ok(mut slot) = tracking_error.lock() {
                    *slot = Some(message.clone());
                }
                message
            })?;
            if let Ok(mut info) = info.lock() {
                info.runtime = format!("ONNX Runtime, CPU · {:?} models", tracker_options.variant);
            }
            let mut smoother = ResultSmoother::default();
            Ok(move |mut frame: Frame| {
                if mirror {
                    frame.image.mirror();
                }
                let mut result = block_on(tracker.process(&frame)).map_err(|e| e.to_string())?;
                smoother.apply(&mut result);
                Ok(tracked(frame, &result, &pool))
            })
        };
        Self {
            threads: PipelineThreads::spawn(open, make_stage, true),
            camera: matches!(options.source, LiveSource::Camera { .. }),
        }
    }

    /// The newest tracked frame since the last call.
    pub fn latest(&self) -> Option<Tracked> {
        self.threads.latest()
    }

    /// What the shopper is told about the source; `None` while frames flow.
    pub fn source_status(&self, frames_received: u64) -> Option<LiveStatus> {
        Some(match self.threads.status() {
            PipelineStatus::Starting => LiveStatus::Starting,
            PipelineStatus::Waiting(reason) if self.camera && frames_received > 0 => {
                LiveStatus::CameraLost(reason)
            }
            PipelineStatus::Waiting(reason) if reason.contains("ermission denied") => {
                LiveStatus::AllowCamera(reason)
            }
            PipelineStatus::Waiting(reason) => LiveStatus::NoCamera(reason),
            PipelineStatus::Failed(reason) if self.camera => LiveStatus::NoCamera(reason),
            PipelineStatus::Failed(reason) => LiveStatus::SourceFailed(reason),
            PipelineStatus::Ended => LiveStatus::VideoEnded,
            PipelineStatus::Running => return None,
        })
    }
}

/// A clip that starts again at its end, its timestamps and frame numbers running on (so the fit's filters and
/// the frame lock see one continuous stream).
struct Looping {
    path: PathBuf,
    source: Box<dyn FrameSource>,
    offset_frames: u64,
    offset_secs: f64,
    /// The last frame given out: its number and time, and the time step before it.
    last: Option<(u64, f64)>,
    step_secs: f64,
    /// Frames in this pass (an empty clip must not loop for ever).
    this_pass: u64,
}

impl Looping {
    fn open(path: PathBuf) -> Result<Self, SourceError> {
        Ok(Self {
            source: open_input(&path)?,
            path,
            offset_frames: 0,
            offset_secs: 0.0,
            last: None,
            step_secs: 1.0 / 30.0,
            this_pass: 0,
        })
    }
}

impl FrameSource for Looping {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        if let Some(mut frame) = self.source.next_frame()? {
            frame.sequence += self.offset_frames;
            frame.timestamp_secs += self.offset_secs;
            if let Some((_, previous)) = self.last {
                let step = frame.timestamp_secs - previous;
                if step > 0.0 {
                    self.step_secs = step;
                }
            }
            self.last = Some((frame.sequence, frame.timestamp_secs));
            self.this_pass += 1;
            return Ok(Some(frame));
        }
        let Some((sequence, secs)) = self.last.filter(|_| self.this_pass > 0) else {
            return Ok(None);
        };
        self.source = open_input(&self.path)?;
        self.offset_frames = sequence + 1;
        self.offset_secs = secs + self.step_secs;
        self.this_pass = 0;
        self.next_frame()
    }

    fn describe(&self) -> String {
        format!("{} (looped)", self.source.describe())
    }
}

/// When the app is leaving, the capture and inference threads are stopped and waited for (≤ one frame), so that
/// no model is still running while the process tears ONNX Runtime down (waiting one second at most).
fn join_on_exit(world: &mut World) {
    let exiting = world
        .get_resource::<Messages<AppExit>>()
        .is_some_and(|m| !m.is_empty());
    if exiting && let Some(feed) = world.remove_resource::<Feed>() {
        // Bounded: a camera stuck in a driver call must not keep the app from closing.
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            feed.frames.threads.stop_and_join();
            let _ = done.send(());
        });
        let _ = finished.recv_timeout(std::time::Duration::from_secs(1));
    }
}
