//! The native pipeline: a `capture` thread and an `inference` thread joined by latest-frame slots. The camera is
//! never blocked by inference; inference always works on the newest frame; the app reads the newest result. A
//! camera that disappears is retried until it returns. Stopping sets a flag and closes the slots; `Drop` does not
//! wait for the threads.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use web_time::Instant;

use crate::input::source::{Frame, FrameSource, SourceError};
use crate::live::slot::LatestSlot;

/// What the pipeline is doing, for the app to show.
#[derive(Debug, Clone, PartialEq)]
pub enum PipelineStatus {
    Starting,
    Running,
    /// The source failed in a way that may pass (camera unplugged or busy); retrying.
    Waiting(String),
    /// A file source ran out of frames.
    Ended,
    /// Cannot go on (a corrupt file, a model that does not load).
    Failed(String),
}

/// How long to wait between attempts to reopen a camera.
const RETRY_DELAY: Duration = Duration::from_millis(500);

pub struct PipelineThreads<R> {
    stop: Arc<AtomicBool>,
    frames: Arc<LatestSlot<Frame>>,
    results: Arc<LatestSlot<R>>,
    status: Arc<Mutex<PipelineStatus>>,
    handles: Vec<JoinHandle<()>>,
}

/// Sets the status, except that a failure stays: the first cause is the one to report.
fn set(status: &Mutex<PipelineStatus>, value: PipelineStatus) {
    let mut current = status.lock().unwrap_or_else(|e| e.into_inner());
    if !matches!(*current, PipelineStatus::Failed(_)) {
        *current = value;
    }
}

impl<R: Send + 'static> PipelineThreads<R> {
    /// Starts the threads. `open_source` runs on the capture thread (camera handles stay there) and is retried while
    /// it fails transiently; `make_stage` runs on the inference thread and returns the per-frame function (model
    /// sessions live there). With `realtime`, file frames are released at their timestamps, like a camera.
    pub fn spawn<S, P>(
        mut open_source: S,
        make_stage: impl FnOnce() -> Result<P, String> + Send + 'static,
        realtime: bool,
    ) -> Self
    where
        S: FnMut() -> Result<Box<dyn FrameSource>, SourceError> + Send + 'static,
        P: FnMut(Frame) -> Result<R, String>,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let frames = Arc::new(LatestSlot::default());
        let results = Arc::new(LatestSlot::default());
        let status = Arc::new(Mutex::new(PipelineStatus::Starting));
        let mut handles = Vec::new();

        let capture = {
            let (stop, frames, status) = (stop.clone(), frames.clone(), status.clone());
            std::thread::Builder::new()
                .name("capture".into())
                .spawn(move || {
                    let stopped = || stop.load(Ordering::Relaxed);
                    let mut source = loop {
                        match open_source() {
                            Ok(source) => break source,
                            Err(e) if e.is_transient() && !stopped() => {
                                set(&status, PipelineStatus::Waiting(e.to_string()));
                                std::thread::sleep(RETRY_DELAY);
                            }
                            Err(e) => {
                                set(&status, PipelineStatus::Failed(e.to_string()));
                                frames.close();
                                return;
                            }
                        }
                    };
                    let started = Instant::now();
                    while !stopped() {
                        match source.next_frame() {
                            Ok(Some(mut frame)) => {
                                if realtime {
                                    let due =
                                        Duration::from_secs_f64(frame.timestamp_secs.max(0.0));
                                    if let Some(wait) = due.checked_sub(started.elapsed()) {
                                        std::thread::sleep(wait);
                                    }
                                    // Delivered now, as a camera would deliver it: latency counts from here.
                                    frame.captured_at = Instant::now();
                                }
                                frames.publish(frame);
                            }
                            Ok(None) => {
                                set(&status, PipelineStatus::Ended);
                                break;
                            }
                            Err(e) if e.is_transient() => {
                                set(&status, PipelineStatus::Waiting(e.to_string()));
                                while !stopped() {
                                    std::thread::sleep(RETRY_DELAY);
                                    match source.reconnect() {
                                        Ok(()) => break,
                                        Err(e) => {
                                            set(&status, PipelineStatus::Waiting(e.to_string()))
                                        }
                                    }
                                }
                            }
                            Err(e) => {
                                set(&status, PipelineStatus::Failed(e.to_string()));
                                break;
                            }
                        }
                    }
                    frames.close();
                })
        };
        let inference = {
            let (stop, frames, results, status) = (
                stop.clone(),
                frames.clone(),
                results.clone(),
                status.clone(),
            );
            std::thread::Builder::new()
                .name("inference".into())
                .spawn(move || {
                    let mut stage = match make_stage() {
                        Ok(stage) => stage,
                        Err(e) => {
                            set(&status, PipelineStatus::Failed(e));
                            stop.store(true, Ordering::Relaxed);
                            frames.close();
                            results.close();
                            return;
                        }
                    };
                    while let Some(frame) = frames.wait_take() {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        match stage(frame) {
                            Ok(result) => {
                                {
                                    let mut s = status.lock().unwrap_or_else(|e| e.into_inner());
                                    if matches!(
                                        *s,
                                        PipelineStatus::Starting | PipelineStatus::Waiting(_)
                                    ) {
                                        *s = PipelineStatus::Running;
                                    }
                                }
                                results.publish(result);
                            }
                            Err(e) => {
                                set(&status, PipelineStatus::Failed(e));
                                stop.store(true, Ordering::Relaxed);
                                break;
                            }
                        }
                    }
                    results.close();
                })
        };
        for handle in [capture, inference] {
            match handle {
                Ok(h) => handles.push(h),
                Err(e) => set(
                    &status,
                    PipelineStatus::Failed(format!("cannot start a thread: {e}")),
                ),
            }
        }
        Self {
            stop,
            frames,
            results,
            status,
            handles,
        }
    }

    /// The newest result nobody has taken yet.
    pub fn latest(&self) -> Option<R> {
        self.results.take()
    }

    /// Waits for the next result; `None` when the pipeline has finished.
    pub fn wait_result(&self) -> Option<R> {
        self.results.wait_take()
    }

    pub fn status(&self) -> PipelineStatus {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Frames the inference thread skipped because newer ones had arrived.
    pub fn dropped_frames(&self) -> u64 {
        self.frames.dropped()
    }

    /// Stops and waits for both threads (tests, orderly shutdown).
    pub fn stop_and_join(mut self) {
        self.signal_stop();
        for handle in self.handles.drain(..) {
            let _ = handle.join();
        }
    }

    fn signal_stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.frames.close();
    }
}

impl<R> Drop for PipelineThreads<R> {
    fn drop(&mut self) {
        // Never blocks: the threads notice the flag and the closed slot and end on their own.
        self.stop.store(true, Ordering::Relaxed);
        self.frames.close();
    }
}

/// The tracker on the inference thread: opens the models there and runs every frame through them.
pub fn spawn_tracker<S>(
    open_source: S,
    model_dir: std::path::PathBuf,
    options: crate::pipelines::tracker::TrackerOptions,
    smoothing: Option<crate::maths::smoothing::SmoothingParams>,
    realtime: bool,
) -> PipelineThreads<crate::pipelines::tracker::TrackingResult>
where
    S: FnMut() -> Result<Box<dyn FrameSource>, SourceError> + Send + 'static,
{
    PipelineThreads::spawn(
        open_source,
        move || {
            let mut tracker = crate::pipelines::tracker::Tracker::open(&model_dir, options)
                .map_err(|e| e.to_string())?;
            let mut smoother = smoothing.map(crate::maths::smoothing::ResultSmoother::new);
            Ok(move |frame: Frame| {
                let mut result = crate::model::inference::block_on(tracker.process(&frame))
                    .map_err(|e| e.to_string())?;
                if let Some(s) = smoother.as_mut() {
                    s.apply(&mut result);
                }
                Ok(result)
            })
        },
        realtime,
    )
}
